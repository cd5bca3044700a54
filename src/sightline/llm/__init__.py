"""Large language models behind one narrow interface."""

from __future__ import annotations

from sightline.config import Settings, reveal
from sightline.llm.base import (
    ChatMessage,
    ChatModel,
    ChatModelError,
    ChatResult,
    ImagePart,
    ToolCall,
    ToolSchema,
)


def chat_model_from_settings(settings: Settings) -> ChatModel | None:
    """Build the configured cloud chat model, or None when no endpoint is configured."""
    if not settings.llm_base_url:
        return None
    from sightline.llm.openai_compat import OpenAICompatibleChat

    key = reveal(settings.llm_api_key)
    return OpenAICompatibleChat(
        base_url=settings.llm_base_url,
        api_key=key,
        model=settings.llm_model,
        vision=settings.llm_vision,
        timeout_s=settings.llm_timeout_s,
    )


__all__ = [
    "ChatMessage",
    "ChatModel",
    "ChatModelError",
    "ChatResult",
    "ImagePart",
    "ToolCall",
    "ToolSchema",
    "chat_model_from_settings",
]

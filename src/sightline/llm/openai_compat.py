"""A ChatModel for any OpenAI-compatible endpoint: DashScope (Qwen), vLLM, Ollama, llama.cpp."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

from sightline.llm.base import (
    ChatMessage,
    ChatModel,
    ChatModelError,
    ChatResult,
    ToolCall,
    ToolSchema,
)


class OpenAICompatibleChat(ChatModel):
    """Chat completions with tool calling over the OpenAI wire format.

    Args:
        base_url: The endpoint, ending in `/v1` (or DashScope's `/compatible-mode/v1`).
        api_key: The key; local servers accept any non-empty string.
        model: The model name.
        vision: Whether to send images to this model.
        timeout_s: Default time-out per call.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        model: str,
        vision: bool = False,
        timeout_s: float = 4.0,
    ) -> None:
        from openai import AsyncOpenAI

        self.name = model
        self.vision = vision
        self._timeout_s = timeout_s
        self._client = AsyncOpenAI(
            base_url=base_url, api_key=api_key or "none", max_retries=0, timeout=timeout_s
        )

    def _message(self, message: ChatMessage) -> dict[str, Any]:
        if not (message.images and self.vision):
            return {"role": message.role, "content": message.text}
        parts: list[dict[str, Any]] = [{"type": "text", "text": message.text}]
        for image in message.images:
            url = f"data:{image.media_type};base64,{base64.b64encode(image.data).decode()}"
            parts.append({"type": "image_url", "image_url": {"url": url}})
        return {"role": message.role, "content": parts}

    async def complete(
        self,
        messages: list[ChatMessage],
        tools: list[ToolSchema] | None = None,
        timeout_s: float | None = None,
    ) -> ChatResult:
        """Ask the model for the next message (see `ChatModel.complete`)."""
        import openai

        request: dict[str, Any] = {
            "model": self.name,
            "messages": [self._message(m) for m in messages],
        }
        if tools:
            request["tools"] = [
                {
                    "type": "function",
                    "function": {
                        "name": t.name,
                        "description": t.description,
                        "parameters": t.parameters,
                    },
                }
                for t in tools
            ]
        limit = timeout_s or self._timeout_s
        try:
            response = await asyncio.wait_for(
                self._client.chat.completions.create(**request, timeout=limit), limit
            )
        except (TimeoutError, openai.APITimeoutError) as exc:
            raise ChatModelError(
                "llm_timeout", f"no answer from {self.name} in {limit:g} s"
            ) from exc
        except openai.APIError as exc:
            raise ChatModelError("llm_unavailable", f"{self.name}: {exc}") from exc
        if not response.choices:
            raise ChatModelError("llm_bad_response", f"{self.name} returned no choices")
        message = response.choices[0].message
        calls = []
        for call in message.tool_calls or []:
            function = getattr(call, "function", None)
            if function is None:
                continue
            try:
                arguments = json.loads(function.arguments or "{}")
            except json.JSONDecodeError as exc:
                raise ChatModelError(
                    "llm_bad_response", f"tool call {function.name} has invalid JSON arguments"
                ) from exc
            if not isinstance(arguments, dict):
                raise ChatModelError("llm_bad_response", "tool call arguments are not an object")
            calls.append(ToolCall(name=function.name, arguments=arguments))
        return ChatResult(text=message.content or "", tool_calls=tuple(calls))

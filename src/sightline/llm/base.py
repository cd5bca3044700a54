"""The chat model interface: one narrow API for any large language model back-end."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from sightline.errors import SightlineError


class ChatModelError(SightlineError):
    """The cloud model failed, timed out or answered something unusable."""


@dataclass(frozen=True)
class ImagePart:
    """An image attached to a user message."""

    data: bytes
    media_type: str = "image/jpeg"


@dataclass(frozen=True)
class ChatMessage:
    """One message of a conversation.

    Attributes:
        role: "system", "user" or "assistant".
        text: The message text.
        images: Images attached to a user message (only sent to models with vision).
    """

    role: str
    text: str
    images: tuple[ImagePart, ...] = ()


@dataclass(frozen=True)
class ToolCall:
    """A tool call the model asked for."""

    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class ChatResult:
    """The model's answer: text, tool calls, or both."""

    text: str = ""
    tool_calls: tuple[ToolCall, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ToolSchema:
    """A function the model may call, in JSON-schema form."""

    name: str
    description: str
    parameters: dict[str, Any]


class ChatModel(ABC):
    """A chat model with optional tool calling and vision.

    Attributes:
        name: The model's name at its endpoint.
        vision: Whether the model accepts images.
    """

    name: str
    vision: bool = False

    @abstractmethod
    async def complete(
        self,
        messages: list[ChatMessage],
        tools: list[ToolSchema] | None = None,
        timeout_s: float | None = None,
    ) -> ChatResult:
        """Ask the model for the next message.

        Args:
            messages: The conversation so far.
            tools: Functions the model may call instead of answering.
            timeout_s: Give up after this many seconds.

        Returns:
            The answer.

        Raises:
            ChatModelError: With code `llm_timeout`, `llm_unavailable` or `llm_bad_response`.
        """

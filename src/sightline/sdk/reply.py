"""What a tool gives back: a card for the HUD, the words to speak, and follow-up state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sightline.cards.model import Card
from sightline.sdk.confirm import ConfirmRequest


class FollowUp(BaseModel):
    """State a reply leaves open for the wearer's next input.

    Attributes:
        kind: What is awaited, for example "awaiting_confirmation".
        agent: The agent that owns the follow-up.
        data: Agent-specific details (never secrets such as nonces when shown to clients).
        expires_at: When the follow-up lapses; None if it does not.
    """

    model_config = ConfigDict(frozen=True)

    kind: str
    agent: str
    data: dict[str, Any] = Field(default_factory=dict)
    expires_at: datetime | None = None


class Reply(BaseModel):
    """A tool's answer.

    Attributes:
        card: What the HUD shows.
        speech: A short sentence for text-to-speech.
        follow_up: Optional open state, such as a payment awaiting confirmation.
        data: Structured details for scripts (`sightline ask --json` prints them).
        confirm: What the wearer must confirm on the device before anything is paid, ordered
            or booked; the turn runner hands it to the confirmation gate.
    """

    model_config = ConfigDict(frozen=True)

    card: Card
    speech: str
    follow_up: FollowUp | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    confirm: ConfirmRequest | None = None

    @classmethod
    def simple(cls, title: str, *lines: str, speech: str | None = None, **card: Any) -> Reply:
        """Build a reply from a title and lines; the speech defaults to the title and lines."""
        text = speech if speech is not None else " ".join((title, *lines))
        return cls(card=Card(title=title, lines=tuple(lines), **card), speech=text)

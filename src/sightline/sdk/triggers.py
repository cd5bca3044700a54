"""Proactive triggers: what an agent adds so cards appear without a request.

A trigger reads moments (what the wearer saw, from memory), location fixes and the time, and
proposes `ProactiveCard`s, each due at a time and with the reason it was proposed. The
proactive engine (`sightline.proactive`) decides what is actually shown: once per key, within
the hourly budget, not while muted. Agents return their triggers from `Agent.triggers()`.
"""

from __future__ import annotations

from abc import ABC
from dataclasses import dataclass
from datetime import datetime

from sightline.cards.model import Card
from sightline.scene import Location
from sightline.sdk.moment import Moment


@dataclass(frozen=True)
class ProactiveCard:
    """A card a trigger proposes.

    Attributes:
        key: Identifies what the card is about; a key is shown at most once.
        card: What the display shows.
        speech: What is said with it.
        due: When to show it (not before).
        expires: When it is no longer worth showing (a boarding call after boarding).
        reason: Why it was proposed, in words (answers "why did you show this?").
        trigger: The trigger's name.
    """

    key: str
    card: Card
    speech: str
    due: datetime
    expires: datetime
    reason: str
    trigger: str


class Trigger(ABC):  # noqa: B024 - both hooks are optional; a trigger overrides what it needs
    """Turns moments, places and time into proposed cards.

    Attributes:
        name: Names the trigger in traces and in "why" answers.
    """

    name: str = "trigger"

    def on_moment(self, moment: Moment) -> list[ProactiveCard]:
        """Cards proposed because of something remembered (none by default)."""
        del moment
        return []

    def on_location(self, location: Location, now: datetime) -> list[ProactiveCard]:
        """Cards proposed because the wearer is somewhere (none by default)."""
        del location, now
        return []

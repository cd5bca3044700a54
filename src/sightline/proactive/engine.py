"""The proactive engine: proposed cards in, cards to show out, within a budget and a mute.

Independent of the hub: its inputs are moments, location fixes and the time (passed in, so a
virtual clock drives it in tests), its output the cards due now. Each card is shown at most
once (by key); at most `per_hour` are shown in any hour (one over budget waits, and is dropped
once it lapses); none while muted; the last shown cards keep their trigger's reason, which
answers "why did you show this?".
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sightline.scene import Location
from sightline.sdk.moment import Moment
from sightline.sdk.triggers import ProactiveCard, Trigger

log = logging.getLogger(__name__)

HOUR = timedelta(hours=1)
KEPT = 20


@dataclass(frozen=True)
class Shown:
    """A proactive card that was shown: when, and what triggered it."""

    card: ProactiveCard
    at: datetime


class ProactiveEngine:
    """Decides which proposed cards are shown, and when.

    Args:
        triggers: The rules (built-in ones and those agents add through the SDK).
        per_hour: At most this many cards in any hour.
    """

    def __init__(self, triggers: Sequence[Trigger], per_hour: int = 4) -> None:
        self.triggers = list(triggers)
        self.per_hour = per_hour
        self.muted_until: datetime | None = None
        self._pending: dict[str, ProactiveCard] = {}
        self._done: set[str] = set()
        self._shown: deque[Shown] = deque(maxlen=KEPT)
        self._lock = threading.Lock()

    def observe(self, moment: Moment) -> None:
        """Let every trigger look at a new moment (thread-safe: the recorder calls it)."""
        self._propose(lambda t: t.on_moment(moment))

    def locate(self, location: Location, now: datetime) -> None:
        """Let every trigger look at a location fix."""
        self._propose(lambda t: t.on_location(location, now))

    def due(self, now: datetime, limit: int | None = None) -> list[ProactiveCard]:
        """The cards to show now (each only once), within the budget, none while muted.

        Args:
            now: The current time.
            limit: At most this many (the rest stay pending).
        """
        with self._lock:
            for key, card in list(self._pending.items()):
                if card.expires <= now:
                    del self._pending[key]
                    self._done.add(key)
            if self.muted_until is not None and now < self.muted_until:
                return []
            ready = sorted((c for c in self._pending.values() if c.due <= now), key=lambda c: c.due)
            out: list[ProactiveCard] = []
            for card in ready:
                if self._used(now) >= self.per_hour or (limit is not None and len(out) >= limit):
                    break
                del self._pending[card.key]
                self._done.add(card.key)
                self._shown.append(Shown(card, now))
                out.append(card)
            return out

    def mute(self, now: datetime, duration: timedelta = HOUR) -> datetime:
        """Show no proactive card until `now + duration`; return that time."""
        self.muted_until = now + duration
        return self.muted_until

    def unmute(self) -> None:
        """Show proactive cards again."""
        self.muted_until = None

    def last_shown(self) -> Shown | None:
        """The most recent card shown, with its trigger and reason."""
        return self._shown[-1] if self._shown else None

    def _used(self, now: datetime) -> int:
        return sum(1 for shown in self._shown if now - shown.at < HOUR)

    def _propose(self, ask: Callable[[Trigger], list[ProactiveCard]]) -> None:
        proposed: list[ProactiveCard] = []
        for trigger in self.triggers:
            try:
                proposed.extend(ask(trigger))
            except Exception:
                log.exception("proactive trigger %s failed", trigger.name)
        with self._lock:
            for card in proposed:
                if card.key not in self._done:
                    self._pending[card.key] = card

"""The memory store's narrow interface, and the one place its back-ends are chosen."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from sightline.sdk.moment import Found, Moment, MomentQuery


class MemoryStore(ABC):
    """Where moments are kept: added, searched, forgotten for real.

    The switch (memory on or off) lives in the store too, so the CLI and a running hub
    share it.
    """

    @abstractmethod
    def add(self, moment: Moment) -> int:
        """Store a moment; return its id."""

    @abstractmethod
    def search(self, query: MomentQuery) -> list[Found]:
        """The moments matching the query's filters, best first."""

    @abstractmethod
    def seen_since(self, kind: str, text: str, since: datetime) -> bool:
        """True when a moment of this kind and text was stored at or after `since`."""

    @abstractmethod
    def forget(self, since: datetime | None = None) -> int:
        """Delete moments at or after `since` (all when None) with their thumbnails and
        embeddings, leaving no readable trace in the storage; return how many."""

    @abstractmethod
    def prune(self, before: datetime) -> int:
        """Delete moments older than `before` (the retention limit); return how many."""

    @abstractmethod
    def count(self) -> int:
        """How many moments are stored."""

    @abstractmethod
    def is_on(self) -> bool:
        """True when the wearer turned memory on."""

    @abstractmethod
    def set_on(self, on: bool) -> None:
        """Turn memory on or off (off keeps what is stored; `forget` deletes it)."""

    @abstractmethod
    def close(self) -> None:
        """Release connections."""

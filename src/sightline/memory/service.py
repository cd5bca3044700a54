"""The memory service agents and the hub share: the store (opened on first use) and recorder."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sightline.memory.recorder import MomentListener, MomentRecorder, utc_now
from sightline.memory.sql_store import open_memory_store
from sightline.memory.store import MemoryStore
from sightline.router.encoder import SentenceEncoder
from sightline.sdk.moment import Found, MomentQuery


class MemoryService:
    """Memory of moments for one hub (or one CLI run).

    Args:
        open_store: Opens the store; called once, on first use.
        encoder: The router's sentence encoder (shared, not a second copy).
        clock: The current time (UTC).
        retention: How long moments are kept.
    """

    def __init__(
        self,
        open_store: Callable[[], MemoryStore],
        encoder: SentenceEncoder,
        clock: Callable[[], datetime] = utc_now,
        retention: timedelta = timedelta(days=30),
    ) -> None:
        self._open = open_store
        self._store: MemoryStore | None = None
        self._lock = threading.Lock()
        self.encoder = encoder
        self.clock = clock
        self.retention = retention
        self._recorder: MomentRecorder | None = None
        self.listeners: list[MomentListener] = []
        """Called with every new moment (the proactive engine listens)."""

    @classmethod
    def from_settings(
        cls,
        url: str | None,
        cache_dir: object,
        encoder: SentenceEncoder,
        retention_days: float,
        clock: Callable[[], datetime] = utc_now,
    ) -> MemoryService:
        """The service on the configured store (SQLite in the cache folder by default)."""
        from pathlib import Path

        folder = Path(str(cache_dir))
        return cls(
            lambda: open_memory_store(url, folder), encoder, clock, timedelta(days=retention_days)
        )

    @property
    def store(self) -> MemoryStore:
        """The store, opened on first use."""
        with self._lock:
            if self._store is None:
                self._store = self._open()
            return self._store

    @property
    def recorder(self) -> MomentRecorder:
        """The recorder writing into the store."""
        if self._recorder is None:
            self._recorder = MomentRecorder(self.store, self.encoder, self.clock, self.retention)
            self._recorder.listeners = self.listeners
        return self._recorder

    def search(
        self,
        text: str | None,
        kinds: tuple[str, ...] = (),
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 5,
    ) -> list[Found]:
        """Moments like `text` (newest first when `text` is None) within the filters."""
        vector = self.encoder.encode([text])[0] if text else None
        query = MomentQuery(vector, kinds, since, until, limit)
        return self.store.search(query)

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()

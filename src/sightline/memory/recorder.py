"""Turning what the hub sees and says into stored moments, when the wearer wants it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sightline.memory.extract import Draft, scene_drafts
from sightline.memory.store import MemoryStore
from sightline.privacy import thumbnail
from sightline.router.encoder import SentenceEncoder
from sightline.scene import Location, Scene
from sightline.sdk.moment import Moment

log = logging.getLogger(__name__)

REPEAT = timedelta(minutes=10)
"""The same thing seen again within this time is not stored again."""
PRUNE_EVERY = timedelta(hours=1)
NOT_RECORDED = frozenset({"memory", "payment"})
"""Agents whose answers are never remembered: memory itself, and payments (amounts)."""

MomentListener = Callable[[Moment], None]


def utc_now() -> datetime:
    """The current time, UTC."""
    return datetime.now(UTC)


class MomentRecorder:
    """Records moments into a store while memory is on; does nothing while it is off.

    Calls are synchronous and CPU-bound (embeddings, thumbnails): run them off the event loop.

    Args:
        store: Where moments go; it also holds the on/off switch.
        encoder: The sentence encoder (the router's MiniLM, shared).
        clock: The current time (UTC).
        retention: Moments older than this are deleted.
        thumbnails: Keep a small face-blurred thumbnail of each frame.
    """

    def __init__(
        self,
        store: MemoryStore,
        encoder: SentenceEncoder,
        clock: Callable[[], datetime] = utc_now,
        retention: timedelta = timedelta(days=30),
        thumbnails: bool = True,
    ) -> None:
        self.store = store
        self.encoder = encoder
        self.clock = clock
        self.retention = retention
        self.thumbnails = thumbnails
        self.listeners: list[MomentListener] = []
        self._pruned: datetime | None = None

    def record_scene(self, scene: Scene, location: Location | None = None) -> list[Moment]:
        """Store the codes and text of a scene (what was seen); return the new moments."""
        if not self.store.is_on():
            return []
        drafts = scene_drafts(scene)
        if not drafts:
            return []
        image = None
        if self.thumbnails and scene.image:
            try:
                image = thumbnail(scene.image)
            except Exception:
                log.warning("no thumbnail for a moment", exc_info=True)
        return self._store(drafts, location, image)

    def record_answer(
        self, agent: str, utterance: str, answer: str, location: Location | None = None
    ) -> list[Moment]:
        """Store an answer given (not the memory or payment agents')."""
        if agent in NOT_RECORDED or not answer.strip() or not self.store.is_on():
            return []
        draft = Draft("answer", f"{utterance.strip()} — {answer.strip()}", {"agent": agent})
        return self._store([draft], location, None)

    def record_place(self, location: Location, name: str) -> list[Moment]:
        """Store a place passed."""
        if not self.store.is_on():
            return []
        return self._store([Draft("place", name)], location, None)

    def _store(
        self, drafts: list[Draft], location: Location | None, image: bytes | None
    ) -> list[Moment]:
        now = self.clock()
        self._prune(now)
        fresh = [d for d in drafts if not self.store.seen_since(d.kind, d.text, now - REPEAT)]
        if not fresh:
            return []
        vectors = self.encoder.encode([d.text for d in fresh])
        stored = []
        for draft, vector in zip(fresh, vectors, strict=True):
            moment = Moment(
                at=now,
                kind=draft.kind,
                text=draft.text,
                lat=location.lat if location else None,
                lon=location.lon if location else None,
                data=draft.data,
                thumbnail=image,
                embedding=vector,
            )
            moment_id = self.store.add(moment)
            stored.append(Moment(**{**moment.__dict__, "moment_id": moment_id}))
        for moment in stored:
            for listener in self.listeners:
                try:
                    listener(moment)
                except Exception:
                    log.exception("a moment listener failed")
        return stored

    def _prune(self, now: datetime) -> None:
        if self._pruned is None or now - self._pruned >= PRUNE_EVERY:
            self._pruned = now
            self.store.prune(now - self.retention)

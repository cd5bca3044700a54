"""The conversation store named by configuration (`SIGHTLINE_SESSION_STORE`)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from sightline.config import IN_PROCESS_STORE
from sightline.errors import SightlineError
from sightline.hub.conversation_store import ConversationStore, MemoryConversationStore
from sightline.hub.redis_store import RedisConversationStore

StoreFactory = Callable[[str, float], ConversationStore]
"""Builds a store from (the setting, the session grace period in seconds)."""

STORES: dict[str, StoreFactory] = {
    IN_PROCESS_STORE: lambda _setting, _grace_s: MemoryConversationStore(),
    "redis": RedisConversationStore.from_url,
    "rediss": RedisConversationStore.from_url,
}
"""The setting's scheme (`memory`, `redis://…`, `rediss://…`) → its back-end."""


def open_store(setting: str, grace_s: float) -> ConversationStore:
    """The store `setting` names: `memory`, or `redis://host:port/db` (`rediss://` for TLS).

    Raises:
        SightlineError: `bad_session_store`, a setting of no known back-end.
    """
    setting = setting.strip()
    scheme = IN_PROCESS_STORE if setting == IN_PROCESS_STORE else urlsplit(setting).scheme
    factory = STORES.get(scheme)
    if factory is None:
        raise SightlineError(
            "bad_session_store",
            f"SIGHTLINE_SESSION_STORE must be memory or redis://host:port/db, not {setting!r}",
        )
    return factory(setting, grace_s)

"""Memory of moments: what the wearer saw and was told, kept only while they want it."""

from sightline.memory.recorder import MomentRecorder
from sightline.memory.service import MemoryService
from sightline.memory.sql_store import memory_url, open_memory_store
from sightline.memory.store import MemoryStore
from sightline.sdk.moment import KINDS, Found, Moment, MomentQuery

__all__ = [
    "KINDS",
    "Found",
    "MemoryService",
    "MemoryStore",
    "Moment",
    "MomentQuery",
    "MomentRecorder",
    "memory_url",
    "open_memory_store",
]

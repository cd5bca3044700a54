"""A moment: one thing the wearer saw or was told, kept so they can ask about it later."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

KINDS = ("text", "code", "product", "boarding_pass", "payment_code", "focus", "place", "answer")
"""What a moment can be: text read (signs, labels, menus), a code (one of its kinds), the item
in focus, a place passed, an answer given."""


@dataclass(frozen=True)
class Moment:
    """One remembered moment.

    Attributes:
        at: When (timezone-aware, UTC).
        kind: One of `KINDS`.
        text: What was seen or said, as text (a payment code's payee only).
        place: A place name, when known.
        lat: Latitude in WGS84 degrees, when known.
        lon: Longitude, when known.
        data: Small structured details (a boarding pass's flight, gate and boarding time).
        thumbnail: A small JPEG of the frame with faces blurred, when there was one.
        embedding: The text's MiniLM embedding (L2-normalised float32), when computed.
        moment_id: The store's id, once stored.
    """

    at: datetime
    kind: str
    text: str
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    data: dict[str, Any] = field(default_factory=dict)
    thumbnail: bytes | None = None
    embedding: NDArray[np.float32] | None = field(default=None, compare=False, repr=False)
    moment_id: int | None = None


@dataclass(frozen=True)
class MomentQuery:
    """What to look for.

    Attributes:
        embedding: Rank by similarity to this (normalised) vector; newest first without it.
        kinds: Only these kinds (all when empty).
        since: Only moments at or after this time.
        until: Only moments before this time.
        limit: At most this many moments.
    """

    embedding: NDArray[np.float32] | None = None
    kinds: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 5


@dataclass(frozen=True)
class Found:
    """A moment found by a search, with its similarity to the query (1 without an embedding)."""

    moment: Moment
    score: float

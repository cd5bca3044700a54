"""Reading a question about the past: which kinds of moment, which span, newest or most alike."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sightline.memory.spoken_time import spoken_span

_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\b(?:gate|flight|boarding|board|seat)\b", ("boarding_pass",)),
    (r"\b(?:product|item|thing i (?:looked at|scanned)|barcode)\b", ("product", "code")),
    (r"\b(?:pay(?:ment)?|paid|payee|qr)\b", ("payment_code",)),
    (r"\b(?:sign|say|said|read|text|menu|label|poster|notice|written|write)\b", ("text",)),
    (r"\b(?:tell|told|answer(?:ed)?|asked)\b", ("answer",)),
)
_LATEST = re.compile(r"\b(?:last|latest|that|again|just|recent(?:ly)?|most recent)\b")
_SEE_ALL = re.compile(r"\bwhat (?:did|have) i (?:see|seen)\b")
_FILLER = re.compile(
    r"\b(?:what|where|when|did|do|does|was|were|is|i|my|me|you|the|a|an|that|this|again|"
    r"see|saw|seen|look(?:ed)? at|remember|recall|last|earlier|today|yesterday|morning|"
    r"afternoon|evening|say|said)\b"
)


@dataclass(frozen=True)
class Recall:
    """What a question asks of memory.

    Attributes:
        kinds: Kinds of moment (all when empty).
        since: Lower time bound.
        until: Upper time bound.
        latest: The newest match is wanted ("that sign", "the last product").
        topic: The words to match by meaning, when any are left ("pharmacy").
        where: The wearer asks where.
    """

    kinds: tuple[str, ...]
    since: datetime | None
    until: datetime | None
    latest: bool
    topic: str | None
    where: bool


def read_question(question: str, now: datetime) -> Recall:
    """Work out kinds, span and ranking from a question (`now` in local time)."""
    text = " ".join(question.lower().split()).rstrip("?.! ")
    kinds: tuple[str, ...] = ()
    for pattern, found in _KIND_WORDS:
        if re.search(pattern, text):
            kinds = found
            break
    since, until = spoken_span(text, now)
    left = " ".join(_FILLER.sub(" ", text).split())
    everything = bool(_SEE_ALL.search(text)) and not kinds
    topic = None if everything or len(left) < 3 else left
    latest = bool(_LATEST.search(text)) and (topic is None or bool(kinds))
    return Recall(kinds, since, until, latest, topic, text.startswith("where"))

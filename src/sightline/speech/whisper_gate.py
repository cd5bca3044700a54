"""No invented words: when a Whisper reading counts as heard, unsure or no speech at all.

Whisper writes fluent text for anything, noise included ("cancel" in a street became "Okay,
and so…"). Three rules, on what Whisper itself measures:

1. **No speech**: `no_speech_prob > no_speech` and `avg_logprob < -1` (Whisper's own rule),
   or no words: the transcript is empty (the turn shows nothing).
2. **Unsure**: `avg_logprob < min_logprob`: the transcript is marked `unsure` (the hub answers
   "Sorry, say that again?", never an action).
3. **Confirmation words** ("confirm", "yes", "cancel", …) alone authorise or cancel something,
   so they need `avg_logprob >= min_confirm_logprob`, stricter than any other turn; so does
   a transcript that repeats a sentence of the decoding prompt word for word (primed words:
   white noise came out as the prompt's "play me some music" at -0.88).

The text is then made routable: sentence punctuation and case dropped, digits kept as Whisper
writes them (the agents read amounts and times from digits, as from typed requests).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sightline.speech.stt import Transcript
from sightline.speech.whisper_decode import WhisperReading

CONFIRMATION_WORDS = frozenset(
    {"confirm", "confirmed", "yes", "ok", "okay", "cancel", "no", "stop", "pay", "go ahead"}
)
"""Short replies that settle a pending confirmation."""

_PUNCTUATION = re.compile(r"(?<!\d)[.,!?;:]|[.,!?;:](?!\d)|[\"“”…]")
_SPACES = re.compile(r"\s+")


def routable_text(text: str) -> str:
    """Whisper's text as a typed request: lower case, no sentence punctuation (a point or comma
    inside a number stays: "23.50", "1,200"), single spaces."""
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text.lower())).strip()


def drop_repeats(text: str) -> str:
    """One copy of a sentence Whisper wrote again and again (a decoder loop, not speech)."""
    sentences = [part.strip() for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]
    kept = [s for i, s in enumerate(sentences) if i == 0 or s.lower() != sentences[i - 1].lower()]
    if len(kept) > 1 and kept[0].lower().startswith(kept[-1].lower()):
        kept.pop()  # a copy cut off by the length limit
    return " ".join(kept)


def vocabulary_prompt(examples: Mapping[str, Sequence[str]], per_agent: int = 2) -> str:
    """The decoding prompt: the first `per_agent` examples of each agent, as sentences.

    Whisper continues its prompt's style and words, so the agents' phrasing ("navigate to",
    "add to basket", amounts as digits) comes out more often. Short on purpose: every prompt
    token costs decoding time.
    """
    picked = [text.strip() for texts in examples.values() for text in list(texts)[:per_agent]]
    return " ".join(s if s.endswith((".", "?", "!")) else s + "." for s in picked if s)


@dataclass(frozen=True)
class WhisperGate:
    """Thresholds on a Whisper reading (see the module docstring).

    Attributes:
        no_speech: Whisper's no-speech probability above which a low-scoring reading is silence.
        min_logprob: Mean token log-probability below which a reading is unsure.
        min_confirm_logprob: The same for a reply made only of confirmation words, or one
            of the `primed` sentences.
        primed: The decoding prompt's sentences, as `routable_text`.
    """

    def priming(self, prompt: str) -> WhisperGate:
        """This gate, with the sentences of `prompt` as primed."""
        sentences = {routable_text(part) for part in re.split(r"(?<=[.!?])\s+", prompt)}
        return replace(self, primed=frozenset(sentences - {""}))

    no_speech: float = 0.6
    min_logprob: float = -0.7
    min_confirm_logprob: float = -0.4
    primed: frozenset[str] = frozenset()

    def transcript(self, reading: WhisperReading, model: str) -> Transcript:
        """The transcript for a reading: routable text, its confidence, and `unsure`."""
        text = routable_text(drop_repeats(reading.text))
        silent = reading.no_speech_prob > self.no_speech and reading.avg_logprob < -1.0
        if silent or not text:
            return Transcript("", reading.confidence, "en", model=model)
        floor = self.min_logprob
        if text in CONFIRMATION_WORDS or text in self.primed:
            floor = max(floor, self.min_confirm_logprob)
        unsure = reading.avg_logprob < floor
        return Transcript(text, reading.confidence, "en", model=model, unsure=unsure)

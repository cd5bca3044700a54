"""The pocketsphinx decoders of one utterance: domain and general, fed the same audio."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from typing import Any

import pocketsphinx  # type: ignore[import-untyped, unused-ignore]

from sightline.errors import SightlineError
from sightline.speech.domain import DomainModel
from sightline.speech.open_speech import OpenSpeechRule

DOMAIN_LW = 9.5
"""Language weight of the domain pass (tuned on a development set; pocketsphinx's default
is 6.5): a small, sharp model earns more trust against noisy acoustics."""


@dataclass(frozen=True)
class SphinxResult:
    """The chosen hypothesis of one utterance.

    Attributes:
        text: Its words.
        confidence: Mean word posterior probability (pocketsphinx lattice), None if no words.
        source: "domain" or "general": the pass it came from.
    """

    text: str
    confidence: float | None
    source: str


def make_decoder(
    model: DomainModel | None, language_weight: float = DOMAIN_LW, lattice: bool = True
) -> Any:
    """A pocketsphinx decoder on the bundled US English acoustic model.

    With `model`, it uses the domain LM and dictionary; without, the general LM. Single-pass
    (`fwdflat` off): the second flat pass would run after the end of speech and cost 50–200 ms.
    `lattice` keeps the best-path rescoring of the word lattice (word posteriors, a little
    more accurate); on the general model in noise it can take hundreds of milliseconds.
    """
    options: dict[str, Any] = {"loglevel": "FATAL", "fwdflat": False, "bestpath": lattice}
    if model is not None:
        options |= {"lm": str(model.lm_path), "dict": str(model.dict_path)}
        options["lw"] = language_weight
    try:
        return pocketsphinx.Decoder(**options)
    except (RuntimeError, ValueError) as error:
        raise SightlineError("stt_failed", f"pocketsphinx did not load: {error}") from error


class DecoderSet:
    """The decoders one utterance runs through; every method is blocking (worker thread).

    A lock makes each call atomic, so an abandoned call still running in its thread cannot
    interleave with the next one.
    """

    def __init__(self, domain: Any | None, general: Any | None, rule: OpenSpeechRule) -> None:
        self._decoders = [d for d in (domain, general) if d is not None]
        self._domain, self._general = domain, general
        self._rule = rule
        self._lock = threading.Lock()
        self._started = False

    def start(self) -> None:
        """Begin an utterance."""
        with self._lock:
            self._abort()
            for decoder in self._decoders:
                decoder.start_utt()
            self._started = True

    def process(self, pcm: bytes) -> None:
        """Decode a chunk of 16 kHz 16-bit mono PCM in every pass."""
        with self._lock:
            for decoder in self._decoders:
                decoder.process_raw(pcm, False, False)

    def partial(self) -> str:
        """The first pass's hypothesis so far."""
        with self._lock:
            hyp = self._decoders[0].hyp() if self._started else None
            return str(hyp.hypstr) if hyp else ""

    def end(self) -> SphinxResult:
        """End the utterance and pick the transcript (see `OpenSpeechRule`)."""
        with self._lock:
            for decoder in self._decoders:
                decoder.end_utt()
            self._started = False
            domain = _words(self._domain)
            general = _words(self._general)
            if self._domain is None:
                return _result(self._general, general, "general")
            if self._general is None or not self._rule.prefers_general(
                domain,
                general,
                self._domain.get_lm(),
                self._general.get_lm(),
                self._general.get_logmath(),
            ):
                return _result(self._domain, domain, "domain")
            return _result(self._general, general, "general")

    def abort(self) -> None:
        """Drop an utterance in progress, if any."""
        with self._lock:
            self._abort()

    def _abort(self) -> None:
        if self._started:
            for decoder in self._decoders:
                with contextlib.suppress(RuntimeError):
                    decoder.end_utt()
            self._started = False


def _words(decoder: Any | None) -> list[str]:
    hyp = decoder.hyp() if decoder is not None else None
    return str(hyp.hypstr).split() if hyp else []


def _result(decoder: Any, words: list[str], source: str) -> SphinxResult:
    confidence = None
    if decoder.get_config()["bestpath"]:  # word posteriors come from the lattice
        probs = [float(s.prob) for s in decoder.seg() if s.word[0] not in "<["]
        confidence = min(1.0, sum(probs) / len(probs)) if probs and words else None
    return SphinxResult(" ".join(words), confidence, source)

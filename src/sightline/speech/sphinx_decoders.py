"""The pocketsphinx decoders of one utterance: domain and general, fed the same audio."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pocketsphinx  # type: ignore[import-untyped, unused-ignore]

from sightline.errors import SightlineError
from sightline.sdk.context import SpokenAlternative
from sightline.speech.agent_models import alternatives
from sightline.speech.domain import DomainModel
from sightline.speech.open_speech import OpenSpeechRule

DOMAIN_LW = 9.5
"""Language weight of the domain pass (tuned on a development set; pocketsphinx's default
is 6.5): a small, sharp model earns more trust against noisy acoustics."""

GENERAL_MAX_HMMS = 3000
"""Active HMMs per frame on the general model (pocketsphinx's default is 30,000). In street
noise the uncapped search took a third of real time; capped, an eighth, with the same
transcripts on the development set's commands. The general pass runs after the end of the
utterance (see `DecoderSet`), so its cost is waiting time."""


@dataclass(frozen=True)
class SphinxResult:
    """The chosen hypothesis of one utterance.

    Attributes:
        text: Its words.
        confidence: Mean word posterior probability (pocketsphinx lattice), None if no words.
        source: "domain" or "general": the pass it came from.
        alternatives: Each agent's reading of the audio (with per-agent models).
    """

    text: str
    confidence: float | None
    source: str
    alternatives: tuple[SpokenAlternative, ...] = ()


def make_decoder(
    model: DomainModel | None, language_weight: float = DOMAIN_LW, lattice: bool = True
) -> Any:
    """A pocketsphinx decoder on the bundled US English acoustic model.

    With `model`, it uses the domain LM and dictionary; without, the general LM. Single-pass
    (`fwdflat` off): the second flat pass would run after the end of speech and cost 50–200 ms.
    `lattice` keeps the best-path rescoring of the word lattice (word posteriors, a little
    more accurate); on the general model in noise it can take hundreds of milliseconds.
    The general model's search is capped at `GENERAL_MAX_HMMS` active models per frame.
    """
    options: dict[str, Any] = {"loglevel": "FATAL", "fwdflat": False, "bestpath": lattice}
    if model is not None:
        options |= {"lm": str(model.lm_path), "dict": str(model.dict_path)}
        options["lw"] = language_weight
    else:
        options["maxhmmpf"] = GENERAL_MAX_HMMS
    try:
        return pocketsphinx.Decoder(**options)
    except (RuntimeError, ValueError) as error:
        raise SightlineError("stt_failed", f"pocketsphinx did not load: {error}") from error


class DecoderSet:
    """The decoders one utterance runs through; every method is blocking (it runs in the
    decoding process, see `sightline.speech.sphinx_worker`).

    The domain pass and the per-agent passes decode while the wearer talks. With a domain
    pass, the general pass is lazy: the utterance's audio is kept, and the general model
    decodes it only when the domain transcript does not fit the domain model (open speech,
    see `OpenSpeechRule`); commands never pay for it. A lock makes each call atomic, so an
    abandoned call still running in its thread cannot interleave with the next one.

    Args:
        domain: The domain pass (all agents' examples), if any.
        general: The general pass, if any.
        rule: Chooses between the two.
        agents: One decoder per agent (its own examples' model), for routing evidence.
        lazy_general: Decode the general pass only at the end, when needed (else live).
    """

    def __init__(
        self,
        domain: Any | None,
        general: Any | None,
        rule: OpenSpeechRule,
        agents: Mapping[str, Any] | None = None,
        lazy_general: bool = True,
    ) -> None:
        self._agents = dict(agents or {})
        self._domain, self._general = domain, general
        lazy = general is not None and domain is not None and lazy_general
        self._live = [d for d in (domain, None if lazy else general) if d is not None]
        self._live += list(self._agents.values())
        self._lazy = general if lazy else None
        self._audio = bytearray()
        self._rule = rule
        self._lock = threading.Lock()
        self._started = False

    def start(self) -> None:
        """Begin an utterance."""
        with self._lock:
            self._abort()
            for decoder in self._live:
                decoder.start_utt()
            self._audio.clear()
            self._started = True

    def process(self, pcm: bytes) -> None:
        """Decode a chunk of 16 kHz 16-bit mono PCM in every live pass."""
        with self._lock:
            for decoder in self._live:
                decoder.process_raw(pcm, False, False)
            if self._lazy is not None:
                self._audio += pcm

    def partial(self) -> SphinxResult:
        """The first pass's hypothesis so far, with each agent's reading so far."""
        with self._lock:
            if not self._started:
                return SphinxResult("", None, "")
            hyp = self._live[0].hyp()
            text = str(hyp.hypstr) if hyp else ""
            return SphinxResult(text, None, "partial", alternatives(self._agents))

    def end(self) -> SphinxResult:
        """End the utterance, pick the transcript (see `OpenSpeechRule`) and add each agent's
        reading."""
        with self._lock:
            for decoder in self._live:
                decoder.end_utt()
            self._started = False
            readings = alternatives(self._agents)
            result = self._choose(readings)
            self._audio.clear()
            return replace(result, alternatives=readings)

    def _choose(self, readings: tuple[SpokenAlternative, ...]) -> SphinxResult:
        if self._domain is None:
            return _result(self._general, _words(self._general), "general")
        domain = _words(self._domain)
        logmath = self._domain.get_logmath()
        if (
            self._general is None
            or self._rule.is_command(readings)
            or self._rule.fits_domain(domain, self._domain.get_lm(), logmath)
        ):
            return _result(self._domain, domain, "domain")
        if self._lazy is not None:
            self._lazy.start_utt()
            self._lazy.process_raw(bytes(self._audio), False, True)
            self._lazy.end_utt()
        general = _words(self._general)
        if self._rule.prefers_general(
            domain, general, self._domain.get_lm(), self._general.get_lm(), logmath
        ):
            return _result(self._general, general, "general")
        return _result(self._domain, domain, "domain")

    def abort(self) -> None:
        """Drop an utterance in progress, if any."""
        with self._lock:
            self._abort()

    def _abort(self) -> None:
        if self._started:
            for decoder in self._live:
                with contextlib.suppress(RuntimeError):
                    decoder.end_utt()
            self._started = False
        self._audio.clear()


def _words(decoder: Any | None) -> list[str]:
    hyp = decoder.hyp() if decoder is not None else None
    return str(hyp.hypstr).split() if hyp else []


def _result(decoder: Any, words: list[str], source: str) -> SphinxResult:
    confidence = None
    if decoder.get_config()["bestpath"]:  # word posteriors come from the lattice
        probs = [float(s.prob) for s in decoder.seg() if s.word[0] not in "<["]
        confidence = min(1.0, sum(probs) / len(probs)) if probs and words else None
    return SphinxResult(" ".join(words), confidence, source)

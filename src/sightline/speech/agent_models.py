"""One language model per agent, from its own examples: the audio is decoded once per agent,
and how well each agent's phrasing explains it becomes routing evidence.

In noise the single domain transcript loses words, but the whole utterance still sounds far
more like "play some jazz" than like anything the travel agent says. Each agent's decoder
finds the best path through its own phrasing; the differences between their path scores
are likelihood ratios the router adds to the text classifier's log probabilities (see
`sightline.router.spoken`). Measured on flite commands at 5 dB SNR (docs/speech.md) this
takes routing from about 70 % to about 80 %.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from sightline.sdk.context import SpokenAlternative
from sightline.speech.domain import DomainModel, build_domain_model

EVIDENCE_SCALE = 150.0
"""Converts differences of ln(`Hypothesis.best_score`) between two decoders into the natural-log
likelihood ratio the router uses. pocketsphinx's Python binding reports path scores in a
compressed scale (a whole utterance's score is of the order of ln 0.1), so one unit there is
worth far more than one nat. Chosen on a development set of spoken commands at 5 dB SNR
(other sentences than the latency benchmark's); 100 to 200 route about equally well."""


def builtin_agent_examples() -> dict[str, list[str]]:
    """The built-in agents' example utterances by agent (`agents/examples/<agent>.txt`)."""
    folder = files("sightline.agents") / "examples"
    examples = {}
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if item.name.endswith(".txt"):
            lines = item.read_text("utf-8").splitlines()
            examples[item.name.removesuffix(".txt")] = [s.strip() for s in lines if s.strip()]
    return examples


def build_agent_models(
    examples: Mapping[str, Sequence[str]], cache_dir: Path
) -> dict[str, DomainModel]:
    """A language model per agent that has examples (cached like the domain model).

    Blocking (a second per agent the first time): run it in a worker thread.
    """
    return {
        agent: build_domain_model(sentences, cache_dir)
        for agent, sentences in sorted(examples.items())
        if any(s.strip() for s in sentences)
    }


def alternatives(decoders: Mapping[str, Any]) -> tuple[SpokenAlternative, ...]:
    """Each agent's words and evidence for the utterance its decoder heard so far or ended.

    Agents whose decoder found no path are left out (the router gives them the weakest
    evidence of the others). Evidence is the difference of ln(`Hypothesis.best_score`) from
    the best agent's, times `EVIDENCE_SCALE`.
    """
    scored = {}
    for agent, decoder in decoders.items():
        hyp = decoder.hyp()
        if hyp is not None and hyp.best_score > 0:
            scored[agent] = (str(hyp.hypstr), math.log(hyp.best_score))
    if not scored:
        return ()
    best = max(score for _, score in scored.values())
    return tuple(
        SpokenAlternative(agent, text, EVIDENCE_SCALE * (score - best))
        for agent, (text, score) in scored.items()
    )

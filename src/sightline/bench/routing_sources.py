"""Leave-one-source-out evaluation of the edge router: fit on some sources, score on another.

A figure measured on rows written by the same hands as the training rows measures recall of our
own phrasing. Here every source is held out in turn: the head is fitted on all the other
sources, and the held-out source is routed with the full edge decision (threshold, out-of-scope
rule, declines). A source without rows for some agent still counts that agent's false claims.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sightline.bench.routing import score
from sightline.router.edge import (
    FALLBACK_AGENT,
    EdgeClassifier,
    EdgeRouter,
    TrainingSet,
    embed_training_set,
    fit_head,
)
from sightline.router.store import EmbeddingStore, text_key
from sightline.sdk.agent import Agent
from sightline.sdk.context import TurnInput

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class Source:
    """Labelled sentences from one origin.

    Attributes:
        name: What the source is (for example "hwu64").
        rows: (text, agent) pairs.
        public: True for published data written by others, False for our own writing.
    """

    name: str
    rows: tuple[tuple[str, str], ...]
    public: bool


def read_source(name: str, path: Path, agents: Sequence[str], public: bool) -> Source:
    """A JSON-lines file of `text` and `agent` as a source (rows of unknown agents skipped)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            if obj["agent"] in agents:
                rows.append((str(obj["text"]), str(obj["agent"])))
    return Source(name, tuple(rows), public)


def own_sources(agents: Mapping[str, Agent], general: Sequence[str]) -> list[Source]:
    """Our own writing as two sources: the agents' examples, and the general corpus with the
    counter-examples (all labelled as the fallback agent)."""
    examples = tuple((e, name) for name, a in sorted(agents.items()) for e in a.examples)
    counters = tuple(c for a in agents.values() for c in a.counter_examples)
    corpus = tuple((t, FALLBACK_AGENT) for t in (*general, *counters))
    return [Source("agent_examples", examples, False), Source("general_corpus", corpus, False)]


def calibration(confidences: list[float], correct: list[bool], bins: int = 10) -> dict[str, Any]:
    """Expected calibration error and, per confidence bin, the mean confidence and accuracy."""
    conf = np.array(confidences)
    hit = np.array(correct, dtype=float)
    table = []
    ece = 0.0
    for low in np.linspace(0, 1, bins, endpoint=False):
        mask = (conf >= low) & (conf < low + 1 / bins + (1e-9 if low >= 0.9 else 0))
        if mask.any():
            gap = abs(conf[mask].mean() - hit[mask].mean())
            ece += gap * mask.mean()
            table.append(
                {
                    "bin": round(float(low), 1),
                    "n": int(mask.sum()),
                    "confidence": round(float(conf[mask].mean()), 3),
                    "accuracy": round(float(hit[mask].mean()), 3),
                }
            )
    return {"ece": round(float(ece), 4), "bins": table}


def evaluate_held_out(
    held_out: Source,
    training: Sequence[Source],
    agents: Mapping[str, Agent],
    store: EmbeddingStore,
    thresholds: Sequence[float] = THRESHOLDS,
) -> dict[str, Any]:
    """Fit on `training`, route `held_out` at each threshold, and score it.

    Returns:
        `train_sources`, `n`, `by_threshold` ({threshold: score with `false_claims`}) and
        `calibration` (of the classifier's top probability, before any rule).
    """
    pairs = {(text_key(t), a): t for s in training for t, a in s.rows if a in agents}
    data = TrainingSet(
        tuple(k for k, _ in pairs),
        tuple(a for _, a in pairs),
        {k: t for (k, _), t in pairs.items()},
    )
    x = embed_training_set(data, store)
    head = fit_head(data, x)
    labels = np.array(data.labels)
    classifier = EdgeClassifier(store, head, {n: x[labels == n] for n in agents})
    vectors = store.embed([t for t, _ in held_out.rows])
    probs = head.probabilities(vectors, [t for t, _ in held_out.rows])
    truth = [a for _, a in held_out.rows]
    top = probs.argmax(axis=1)
    report: dict[str, Any] = {
        "train_sources": [s.name for s in training],
        "n": len(truth),
        "calibration": calibration(
            [float(p) for p in probs.max(axis=1)],
            [head.labels[i] == t for i, t in zip(top, truth, strict=True)],
        ),
        "by_threshold": {},
    }
    for threshold in thresholds:
        router = EdgeRouter(classifier, dict(agents), min_confidence=threshold)
        predicted = [
            _decide(router, text, dict(zip(head.labels, map(float, p), strict=True)), vector)
            for (text, _), p, vector in zip(held_out.rows, probs, vectors, strict=True)
        ]
        result = score(truth, predicted)
        result["false_claims"] = {
            name: sum(p == name != t for t, p in zip(truth, predicted, strict=True))
            for name in agents
            if name != FALLBACK_AGENT and not result["per_agent"].get(name, {}).get("support")
        }
        report["by_threshold"][str(threshold)] = result
    return report


def _decide(router: EdgeRouter, text: str, probabilities: dict[str, float], vector: Any) -> str:
    ranked = router.rank({a: p for a, p in probabilities.items() if a in router.agents}, vector)
    turn = TurnInput(text)
    for agent, _ in ranked:
        if agent == FALLBACK_AGENT or router.agents[agent].accepts(turn):
            return agent
    return FALLBACK_AGENT


def leave_one_source_out(
    sources: Sequence[Source],
    agents: Mapping[str, Agent],
    store: EmbeddingStore,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Hold out each source in turn; fit on the others; score it (see `evaluate_held_out`)."""
    out: dict[str, Any] = {}
    for held in sources:
        if progress is not None:
            progress(held.name)
        others = [s for s in sources if s.name != held.name]
        out[held.name] = {"public": held.public} | evaluate_held_out(held, others, agents, store)
    return out

"""The routing benchmark: accuracy, macro-F1, per-agent scores and routing time."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sightline.bench.stats import percentile
from sightline.errors import SightlineError
from sightline.router.route import Route


@dataclass(frozen=True)
class LabelledUtterance:
    """One benchmark line: the text and the agent it should reach."""

    text: str
    agent: str


def read_labelled(path: Path) -> list[LabelledUtterance]:
    """Read JSON lines with `text` and `agent` (other keys ignored; blank lines skipped).

    Raises:
        SightlineError: `bad_data` naming the line, for a line that is not such an object.
    """
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SightlineError("bad_data", f"cannot read {path}: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            text, agent = obj["text"], obj["agent"]
            if not isinstance(text, str) or not isinstance(agent, str):
                raise TypeError("text and agent must be strings")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise SightlineError("bad_data", f"{path}:{number}: {exc}") from exc
        rows.append(LabelledUtterance(text, agent))
    if not rows:
        raise SightlineError("bad_data", f"{path} has no utterances")
    return rows


def score(truth: list[str], predicted: list[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the labels present in `truth`, per-label precision/recall/F1,
    and the confusions.

    A prediction of a label absent from `truth` counts against the true label's recall, and
    that label is listed in `per_agent` too (support 0, precision 0: every claim was wrong),
    though not in the macro-F1. `confusions` maps each true label to the counts predicted.
    """
    labels = sorted(set(truth))
    per_agent: dict[str, dict[str, float | int]] = {}
    for label in sorted(set(truth) | set(predicted)):
        tp = sum(t == p == label for t, p in zip(truth, predicted, strict=True))
        fp = sum(p == label != t for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == label != p for t, p in zip(truth, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_agent[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
        }
    correct = sum(t == p for t, p in zip(truth, predicted, strict=True))
    return {
        "n": len(truth),
        "accuracy": round(correct / len(truth), 4) if truth else 0.0,
        "macro_f1": round(sum(float(per_agent[v]["f1"]) for v in labels) / len(labels), 4)
        if labels
        else 0.0,
        "per_agent": per_agent,
        "confusions": confusions(truth, predicted),
    }


def confusions(truth: list[str], predicted: list[str]) -> dict[str, dict[str, int]]:
    """For each true label, how often each label was predicted."""
    table: dict[str, dict[str, int]] = {}
    for t, p in zip(truth, predicted, strict=True):
        row = table.setdefault(t, {})
        row[p] = row.get(p, 0) + 1
    return {t: dict(sorted(row.items())) for t, row in sorted(table.items())}


async def run_routing_benchmark(
    rows: Iterable[LabelledUtterance],
    route: Callable[[str], Awaitable[Route]],
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Route every utterance, timing each, and score the result.

    Args:
        rows: The labelled utterances.
        route: Routes one utterance.
        progress: Called with the count done after each utterance.

    Returns:
        `n`, `accuracy`, `macro_f1`, `per_agent`, `p50_ms`, `p95_ms`, and `tiers` (routes per tier).
    """
    truth: list[str] = []
    predicted: list[str] = []
    times_ms: list[float] = []
    tiers: dict[str, int] = {}
    for done, row in enumerate(rows, 1):
        start = time.perf_counter()
        decided = await route(row.text)
        times_ms.append((time.perf_counter() - start) * 1000)
        truth.append(row.agent)
        predicted.append(decided.agent)
        tiers[decided.tier] = tiers.get(decided.tier, 0) + 1
        if progress is not None:
            progress(done)
    report = score(truth, predicted)
    report["p50_ms"] = round(percentile(times_ms, 50), 2)
    report["p95_ms"] = round(percentile(times_ms, 95), 2)
    report["tiers"] = tiers
    return report

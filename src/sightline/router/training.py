"""Building the edge router's shipped data: embeddings of the examples and corpus, and the head."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

import numpy as np

from sightline.router.corpus import general_requests
from sightline.router.edge import (
    HEAD_VERSION,
    LabelledCorpus,
    embed_training_set,
    fit_head,
    training_set,
)
from sightline.router.encoder import MiniLMEncoder
from sightline.router.store import EmbeddingStore, text_key
from sightline.sdk.agent import Agent
from sightline.sdk.registry import ENTRY_POINT_GROUP, validate_agent_class

BATCH = 64


def builtin_agent_classes() -> list[type[Agent]]:
    """Sightline's own agents, as registered by its entry points."""
    return [
        validate_agent_class(point.load())
        for point in entry_points(group=ENTRY_POINT_GROUP)
        if point.dist is not None and point.dist.name == "sightline"
    ]


def build_shipped_router(
    data: Path,
    folds: set[int],
    out: Path,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """Embed the built-in examples, counter-examples, the general-request corpus and the chosen
    folds of a labelled corpus; fit the head.

    Writes `edge_corpus.npz` (keys, float16 vectors, labels; labels empty for the agents' own
    sentences and the general corpus, whose labels come from the agents and the corpus at run
    time) and `edge_head.npz` to `out`.

    Args:
        data: JSON lines with `text`, `agent` and `fold`.
        folds: Which folds to learn from.
        out: The folder to write to.
        progress: Called with (done, total) while embedding.

    Returns:
        A one-line summary.
    """
    agents = builtin_agent_classes()
    names = {a.name for a in agents}
    rows: list[tuple[str, str]] = []
    for line in data.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            if int(obj.get("fold", 0)) in folds and obj["agent"] in names:
                rows.append((obj["text"], obj["agent"]))
    own = [e for a in agents for e in (*a.examples, *a.counter_examples)]
    entries = [(e, "") for e in (*own, *general_requests())] + rows
    texts = list({text_key(t): t for t, _ in entries}.values())
    # Sentences embedded for the previous shipped corpus are reused, not embedded again.
    previous = out / "edge_corpus.npz"
    reuse = EmbeddingStore(MiniLMEncoder(), shipped=previous if previous.exists() else None)
    vectors: dict[str, np.ndarray] = {}
    for start in range(0, len(texts), BATCH):
        batch = texts[start : start + BATCH]
        for text, vector in zip(batch, reuse.embed(batch), strict=True):
            vectors[text_key(text)] = vector
        if progress is not None:
            progress(min(start + BATCH, len(texts)), len(texts))
    keys = [text_key(t) for t, _ in entries]
    out.mkdir(parents=True, exist_ok=True)
    corpus_path = out / "edge_corpus.npz"
    np.savez(
        corpus_path,
        keys=np.array(keys, dtype="S40"),
        vectors=np.stack([vectors[k] for k in keys]).astype(np.float16),
        labels=np.array([label for _, label in entries], dtype="S16"),
        texts=np.array("\n".join(text if label else "" for text, label in entries)),
    )
    store = EmbeddingStore(reuse.encoder, shipped=corpus_path)
    train = training_set(agents, LabelledCorpus.load(corpus_path))
    head = fit_head(train, embed_training_set(train, store))
    head.save(out / "edge_head.npz", train.fingerprint())
    return (
        f"{len(texts)} sentences embedded ({len(rows)} corpus rows from folds "
        f"{sorted(folds)}); head {HEAD_VERSION} over {len(head.labels)} agents written to {out}"
    )

"""The classifier head over sentence embeddings: a small two-layer network fitted with NumPy."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float32]


@dataclass(frozen=True)
class MlpHead:
    """`softmax(relu(x @ w1 + b1) @ w2 + b2)`: one hidden layer, one output per agent.

    Attributes:
        labels: Class names, in output order.
        w1: (dimension, hidden) weights.
        b1: (hidden,) bias.
        w2: (hidden, classes) weights.
        b2: (classes,) bias.
    """

    labels: tuple[str, ...]
    w1: Matrix
    b1: Matrix
    w2: Matrix
    b2: Matrix

    def probabilities(self, x: Matrix) -> Matrix:
        """Class probabilities for each row of `x`."""
        hidden = np.maximum(x @ self.w1 + self.b1, 0)
        logits = hidden @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        probs: Matrix = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return probs

    def save(self, path: Path, fingerprint: str) -> None:
        """Write the head and the fingerprint of the data it was fitted on."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(
            tmp,
            labels=np.array(self.labels),
            w1=self.w1,
            b1=self.b1,
            w2=self.w2,
            b2=self.b2,
            fingerprint=np.array(fingerprint),
        )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> MlpHead | None:
        """Read a head saved by `save`; None if missing, unreadable or fitted on other data."""
        try:
            with np.load(path) as data:
                if str(data["fingerprint"]) != fingerprint:
                    return None
                return cls(
                    labels=tuple(str(s) for s in data["labels"]),
                    **{k: data[k].astype(np.float32) for k in ("w1", "b1", "w2", "b2")},
                )
        except (OSError, KeyError, ValueError):
            return None


def fit_mlp_head(
    x: Matrix,
    y: list[str],
    weights: NDArray[np.float64] | None = None,
    hidden: int = 256,
    epochs: int = 40,
    batch: int = 200,
    learning_rate: float = 1e-3,
    seed: int = 0,
) -> MlpHead:
    """Fit the head by mini-batch Adam on weighted cross-entropy; deterministic for a seed.

    Args:
        x: One embedding per row.
        y: The label of each row.
        weights: A weight per row (see `class_weights`); all ones by default.
        hidden: Hidden units.
        epochs: Passes over the data (few: stopping early is the regulariser).
        batch: Rows per step.
        learning_rate: Adam's step size.
        seed: Seeds initialisation and shuffling.

    Returns:
        The fitted head.
    """
    labels = tuple(sorted(set(y)))
    index = {label: i for i, label in enumerate(labels)}
    target = np.array([index[v] for v in y])
    n, d = x.shape
    rng = np.random.default_rng(seed)
    params = [
        (rng.standard_normal((d, hidden)) * np.sqrt(2 / (d + hidden))).astype(np.float32),
        np.zeros(hidden, dtype=np.float32),
        (rng.standard_normal((hidden, len(labels))) * np.sqrt(2 / hidden)).astype(np.float32),
        np.zeros(len(labels), dtype=np.float32),
    ]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    row_w = np.ones(n, np.float32) if weights is None else (weights / weights.mean())
    row_w = row_w.astype(np.float32)
    step = 0
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch):
            rows = order[start : start + batch]
            w1, b1, w2, b2 = params
            pre = x[rows] @ w1 + b1
            act = np.maximum(pre, 0)
            logits = act @ w2 + b2
            logits -= logits.max(axis=1, keepdims=True)
            delta = np.exp(logits)
            delta /= delta.sum(axis=1, keepdims=True)
            delta[np.arange(len(rows)), target[rows]] -= 1
            delta *= row_w[rows, None] / len(rows)
            back = delta @ w2.T
            back[pre <= 0] = 0
            grads = [x[rows].T @ back, back.sum(axis=0), act.T @ delta, delta.sum(axis=0)]
            step += 1
            for p, g, m, v in zip(params, grads, first, second, strict=True):
                m *= 0.9
                m += 0.1 * g
                v *= 0.999
                v += 0.001 * g * g
                p -= learning_rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return MlpHead(labels, *params)


def class_weights(y: list[str], balance: float = 0.3) -> NDArray[np.float64]:
    """Row weights `1 / count(label) ** balance`: 0 leaves the data as it is, 1 fully balances."""
    counts = Counter(y)
    return np.array([1.0 / counts[label] ** balance for label in y])

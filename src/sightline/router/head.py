"""The classifier head: scikit-learn's logistic regression over the sentence embedding and the
request's words.

Two views of an utterance go into one multinomial logistic regression: the MiniLM embedding
(what it means) and TF-IDF weights of its words and word pairs (what it says: "stock", "radio",
"audiobook" separate requests that embed close to a specialised agent's). Logistic regression
fits by minimising log-loss, so its probabilities are calibrated on data like its training
data; `sightline.bench.routing_sources` measures how far that holds on sources it was not fitted on.
The head is saved as plain arrays (no pickle) and rebuilt into scikit-learn estimators on load.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

Matrix = NDArray[np.float32]

REGULARISATION_C = 4.0
LEXICAL_WEIGHT = 1.0
"""The scale of the TF-IDF block next to the (unit-length) embedding."""
NGRAMS = (1, 2)


def _vectorizer(vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        ngram_range=NGRAMS,
        sublinear_tf=True,
        min_df=1 if vocabulary is not None else 2,
        vocabulary=vocabulary,
        token_pattern=r"(?u)\b\w+\b",
    )


@dataclass(frozen=True)
class LinearHead:
    """A fitted logistic regression over [embedding, TF-IDF], one probability per agent.

    Attributes:
        labels: Class names, in output order.
        model: The scikit-learn classifier.
        words: The fitted TF-IDF vectorizer.
    """

    labels: tuple[str, ...]
    model: LogisticRegression
    words: TfidfVectorizer

    @property
    def coefficients(self) -> Matrix:
        """The (classes, features) weights, for comparing heads."""
        coef: Matrix = self.model.coef_.astype(np.float32)
        return coef

    def features(self, x: Matrix, texts: Sequence[str]) -> sp.csr_matrix:
        """The classifier's input rows: each embedding next to its text's word weights."""
        lexical = self.words.transform(list(texts)) * LEXICAL_WEIGHT
        return sp.hstack([sp.csr_matrix(x), lexical], format="csr")

    def probabilities(self, x: Matrix, texts: Sequence[str]) -> Matrix:
        """Class probabilities for each (embedding, text) row, columns in `labels` order."""
        probs: Matrix = self.model.predict_proba(self.features(x, texts)).astype(np.float32)
        return probs

    def save(self, path: Path, fingerprint: str) -> None:
        """Write the head's arrays and the fingerprint of the data it was fitted on."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        terms = self.words.get_feature_names_out()
        np.savez(
            tmp,
            labels=np.array(self.labels),
            coef=self.model.coef_.astype(np.float32),
            intercept=self.model.intercept_.astype(np.float32),
            terms=np.array("\n".join(terms)),
            idf=self.words.idf_.astype(np.float32),
            fingerprint=np.array(fingerprint),
        )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> LinearHead | None:
        """Read a head saved by `save`; None if missing, unreadable or fitted on other data."""
        try:
            with np.load(path) as data:
                if str(data["fingerprint"]) != fingerprint:
                    return None
                labels = tuple(str(s) for s in data["labels"])
                coef = data["coef"].astype(np.float64)
                intercept = data["intercept"].astype(np.float64)
                terms = str(data["terms"]).split("\n")
                idf = data["idf"].astype(np.float64)
        except (OSError, KeyError, ValueError):
            return None
        words = _vectorizer({term: i for i, term in enumerate(terms)})
        words.idf_ = idf
        model = LogisticRegression(C=REGULARISATION_C)
        model.classes_ = np.array(labels)
        model.coef_ = coef
        model.intercept_ = intercept
        model.n_features_in_ = coef.shape[1]
        return cls(labels, model, words)


def fit_linear_head(
    x: Matrix,
    texts: Sequence[str],
    y: Sequence[str],
    weights: NDArray[np.float64] | None = None,
) -> LinearHead:
    """Fit the head (TF-IDF vocabulary, then L-BFGS on weighted log-loss); deterministic.

    Args:
        x: One embedding per row.
        texts: The sentence of each row.
        y: The label of each row.
        weights: A weight per row (see `class_weights`); all ones by default.

    Returns:
        The fitted head.
    """
    words = _vectorizer().fit(list(texts))
    model = LogisticRegression(C=REGULARISATION_C, max_iter=500, tol=1e-3)
    head = LinearHead((), model, words)
    model.fit(head.features(x, texts), np.array(y), sample_weight=weights)
    return LinearHead(tuple(str(c) for c in model.classes_), model, words)


def class_weights(y: Sequence[str], balance: float = 0.5) -> NDArray[np.float64]:
    """Row weights `1 / count(label) ** balance`, scaled to mean 1: 0 leaves the data as it
    is, 1 fully balances the classes."""
    counts = Counter(y)
    weights: NDArray[np.float64] = np.array([1.0 / counts[label] ** balance for label in y])
    scaled: NDArray[np.float64] = weights / weights.mean()
    return scaled

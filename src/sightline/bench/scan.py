"""The scan benchmark: how many codes in real photos are decoded exactly, and how fast, by our
pipeline and by plain zxing-cpp on the same frames (a folder where ours is lower is a
regression), with false positives on code-free frames."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zxingcpp
from PIL import Image

from sightline.bench.scan_negatives import scan_negatives
from sightline.bench.stats import percentile
from sightline.errors import SightlineError
from sightline.perception.codes import MAX_SIDE, detect_codes
from sightline.perception.images import decode_image

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
"""Frame files the benchmark reads."""

BUDGETS = {"min_rate": 0.95, "max_p95_ms": 30.0}
"""Targets: overall decode rate, and 95th-percentile decoding time per frame (one core)."""


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


@dataclass
class _Tally:
    """Counts for one folder (or overall), ours and plain zxing-cpp's side by side."""

    n: int = 0
    decoded: int = 0
    plain_decoded: int = 0
    negatives: int = 0
    false_positives: int = 0
    plain_false_positives: int = 0

    def row(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(vars(self))
        out["rate"] = _rate(self.decoded, self.n)
        out["plain_rate"] = _rate(self.plain_decoded, self.n)
        out["regression"] = self.decoded < self.plain_decoded
        return out


def _opened(path: Path) -> Image.Image | None:
    """The image as Pillow opens it, its pixels loaded (so that timing reads only decoding)."""
    try:
        image = Image.open(path)
        image.load()
    except (OSError, ValueError):
        return None
    return image


def plain_zxing_texts(path: Path) -> list[str]:
    """What plain zxing-cpp reads in an image file: `zxingcpp.read_barcodes` with its default
    options on the image as Pillow opens it (the baseline our pipeline must never fall below).
    """
    try:
        with Image.open(path) as image:
            return [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    except (OSError, ValueError):  # a file Pillow (or zxing) cannot read: nothing decoded
        return []


def _texts(image: Image.Image) -> list[str]:
    return [item.text for item in detect_codes(image)]


def _plain_texts(image: Image.Image) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def _timed(
    read: Callable[[Any], list[str]], source: Any, wall: list[float], cpu: list[float]
) -> list[str]:
    """`read(source)`, appending its wall-clock and processor (this thread) milliseconds."""
    started, started_cpu = time.perf_counter(), time.thread_time()
    texts = read(source)
    cpu.append((time.thread_time() - started_cpu) * 1000)
    wall.append((time.perf_counter() - started) * 1000)
    return texts


def run_scan_benchmark(
    data_dir: Path,
    progress: Callable[[int, int], None] | None = None,
    *,
    package_negatives: bool = True,
) -> dict[str, Any]:
    """Decode every frame of a scan data set with our pipeline and with plain zxing-cpp.

    A frame counts as decoded when any code found in it has exactly the expected text. The
    time per frame is that of `detect_codes` on the decoded image, wall clock (`p50_ms`,
    `p95_ms`) and processor time of this thread (`p50_cpu_ms`, `p95_cpu_ms`: one core's
    work, steady on a busy machine); `p50_total_ms` and `p95_total_ms` add decoding the
    file's bytes, as `Perception` does; `plain_*` are plain zxing-cpp's on the same frames.

    Args:
        data_dir: A folder in the layout of `../shared/data/scan` (see `load_scan_cases`).
        progress: Called with (done, total) after each frame.
        package_negatives: Also count false positives on the code-free frames of
            `scan_negatives` (real photos shipped in installed packages), as folder
            "negatives".

    Returns:
        `n`, `decoded`, `rate`, `plain_decoded`, `plain_rate`, `negatives`,
        `false_positives`, `plain_false_positives`, `errors` (unreadable frames, counted as
        not decoded), `p50_ms`, `p95_ms`, `p50_cpu_ms`, `p95_cpu_ms`, `p50_total_ms`,
        `p95_total_ms`, `plain_p50_ms`, `plain_p95_ms`, `plain_p50_cpu_ms`,
        `plain_p95_cpu_ms`, `per_folder` (folder -> the same counts and `regression`: ours below
        plain zxing-cpp), `regressions` (those folders) and `within_budget` (no regression,
        no false positive, overall rate at least `BUDGETS["min_rate"]` and `p95_ms` within
        `BUDGETS["max_p95_ms"]` for `p95_cpu_ms`).

    Raises:
        SightlineError: `bad_data` when the folder holds no frames.
    """
    cases = load_scan_cases(data_dir)
    negatives = scan_negatives() if package_negatives else []
    tallies: dict[str, _Tally] = {}
    ours_ms: list[float] = []
    ours_cpu: list[float] = []
    total_ms: list[float] = []
    plain_ms: list[float] = []
    plain_cpu: list[float] = []
    errors = 0
    total = len(cases) + len(negatives)
    for done, case in enumerate(cases, 1):
        texts: list[str] = []
        data = case.image.read_bytes()
        started = time.perf_counter()
        try:
            frame = decode_image(data, min_side=MAX_SIDE)
        except SightlineError:
            errors += 1
        else:
            texts = _timed(_texts, frame.image, ours_ms, ours_cpu)
            total_ms.append((time.perf_counter() - started) * 1000)
        plain_frame = _opened(case.image)
        plain = (
            [] if plain_frame is None else _timed(_plain_texts, plain_frame, plain_ms, plain_cpu)
        )
        _count(tallies.setdefault(case.folder, _Tally()), case.expected, texts, plain)
        if progress is not None:
            progress(done, total)
    for done, (_, image) in enumerate(negatives, len(cases) + 1):
        texts = _timed(_texts, image, ours_ms, ours_cpu)
        plain = _timed(_plain_texts, image, plain_ms, plain_cpu)
        _count(tallies.setdefault("negatives", _Tally()), None, texts, plain)
        if progress is not None:
            progress(done, total)
    overall = _Tally()
    for tally in tallies.values():
        for key, value in vars(tally).items():
            setattr(overall, key, getattr(overall, key) + value)
    report: dict[str, Any] = overall.row()
    del report["regression"]
    report.update(
        errors=errors,
        p50_ms=round(percentile(ours_ms, 50), 2),
        p95_ms=round(percentile(ours_ms, 95), 2),
        p50_cpu_ms=round(percentile(ours_cpu, 50), 2),
        p95_cpu_ms=round(percentile(ours_cpu, 95), 2),
        p50_total_ms=round(percentile(total_ms, 50), 2),
        p95_total_ms=round(percentile(total_ms, 95), 2),
        plain_p50_ms=round(percentile(plain_ms, 50), 2),
        plain_p95_ms=round(percentile(plain_ms, 95), 2),
        plain_p50_cpu_ms=round(percentile(plain_cpu, 50), 2),
        plain_p95_cpu_ms=round(percentile(plain_cpu, 95), 2),
        per_folder={name: tally.row() for name, tally in tallies.items()},
    )
    report["regressions"] = [
        name for name, row in report["per_folder"].items() if row["regression"]
    ]
    report["within_budget"] = (
        not report["regressions"]
        and report["false_positives"] == 0
        and report["rate"] >= BUDGETS["min_rate"]
        and report["p95_cpu_ms"] <= BUDGETS["max_p95_ms"]
    )
    return report


def _count(tally: _Tally, expected: str | None, ours: list[str], plain: list[str]) -> None:
    if expected is None:
        tally.negatives += 1
        tally.false_positives += bool(ours)
        tally.plain_false_positives += bool(plain)
    else:
        tally.n += 1
        tally.decoded += expected in ours
        tally.plain_decoded += expected in plain


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

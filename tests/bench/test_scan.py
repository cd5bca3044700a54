"""The scan benchmark on a small generated data set, and on the dev photos when present."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from sightline.bench import scan as benchmark
from sightline.bench.scan import load_scan_cases, run_scan_benchmark
from sightline.errors import SightlineError

SCAN_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "scan"


def _code(fmt: zxingcpp.BarcodeFormat, content: str) -> Image.Image:
    barcode = zxingcpp.create_barcode(content, fmt)
    return Image.fromarray(np.asarray(zxingcpp.write_barcode_to_image(barcode, scale=4)))


@pytest.fixture
def data_set(tmp_path: Path) -> Path:
    qr = tmp_path / "qrcode-x"
    qr.mkdir()
    _code(zxingcpp.BarcodeFormat.QRCode, "line one\nline two").save(qr / "1.png")
    (qr / "1.txt").write_bytes(b"line one\nline two\n")  # the trailing newline is not content
    _code(zxingcpp.BarcodeFormat.QRCode, "wanted").convert("RGB").save(qr / "2.jpg", quality=95)
    (qr / "2.txt").write_text("something else", encoding="utf-8")  # decodes, but not this
    (qr / "2.metadata.txt").write_text("ERRORS_CORRECTED=0", encoding="utf-8")
    ean = tmp_path / "ean13-x"
    ean.mkdir()
    _code(zxingcpp.BarcodeFormat.EAN13, "4006381333931").save(ean / "10.png")
    (ean / "10.txt").write_text("4006381333931", encoding="utf-8")
    Image.new("RGB", (320, 240), (30, 120, 60)).save(ean / "9.png")  # a negative, no .txt
    (tmp_path / "empty").mkdir()
    return tmp_path


def test_benchmark_on_a_small_layout(data_set: Path) -> None:
    calls: list[tuple[int, int]] = []
    report = run_scan_benchmark(
        data_set,
        progress=lambda done, total: calls.append((done, total)),
        package_negatives=False,
    )
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert (report["n"], report["decoded"], report["rate"]) == (3, 2, 0.6667)
    assert (report["negatives"], report["false_positives"], report["errors"]) == (1, 0, 0)
    assert report["per_folder"]["qrcode-x"] == {
        "n": 2,
        "decoded": 1,
        "rate": 0.5,
        "plain_decoded": 1,
        "plain_rate": 0.5,
        "regression": False,
        "negatives": 0,
        "false_positives": 0,
        "plain_false_positives": 0,
    }
    assert (report["plain_decoded"], report["regressions"]) == (2, [])
    assert report["per_folder"]["ean13-x"]["rate"] == 1.0
    assert "empty" not in report["per_folder"]
    assert 0 < report["p50_ms"] <= report["p95_ms"] <= report["p95_total_ms"]
    assert report["within_budget"] is False  # 67 % overall


def test_a_folder_below_plain_zxing_is_a_regression(
    data_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(benchmark, "detect_codes", lambda image: [])
    report = run_scan_benchmark(data_set, package_negatives=False)
    assert report["per_folder"]["ean13-x"]["regression"] is True
    assert set(report["regressions"]) == {"ean13-x", "qrcode-x"}


def test_code_free_photos_from_packages_give_no_false_positive(tmp_path: Path) -> None:
    _code(zxingcpp.BarcodeFormat.QRCode, "one").save(tmp_path / "1.png")
    (tmp_path / "1.txt").write_text("one", encoding="utf-8")
    report = run_scan_benchmark(tmp_path)
    row = report["per_folder"]["negatives"]
    assert row["negatives"] >= 20 and row["false_positives"] == 0


def test_a_decoded_negative_is_a_false_positive(tmp_path: Path) -> None:
    _code(zxingcpp.BarcodeFormat.QRCode, "surprise").save(tmp_path / "1.png")
    report = run_scan_benchmark(tmp_path, package_negatives=False)
    assert report["per_folder"][tmp_path.name]["false_positives"] == 1
    assert (report["n"], report["rate"], report["false_positives"]) == (0, 0.0, 1)


def test_unreadable_frame_counts_as_not_decoded(tmp_path: Path) -> None:
    (tmp_path / "1.png").write_bytes(b"not a png")
    (tmp_path / "1.txt").write_text("x", encoding="utf-8")
    report = run_scan_benchmark(tmp_path, package_negatives=False)
    assert (report["n"], report["decoded"], report["errors"]) == (1, 0, 1)


def test_cases_sorted_naturally_and_missing_data_refused(data_set: Path, tmp_path: Path) -> None:
    cases = load_scan_cases(data_set)
    assert [c.image.name for c in cases] == ["9.png", "10.png", "1.png", "2.jpg"]
    assert cases[0].expected is None and cases[2].expected == "line one\nline two"
    with pytest.raises(SightlineError) as raised:
        run_scan_benchmark(data_set / "empty")
    assert raised.value.code == "bad_data"


def test_dev_photos_meet_the_decode_budget() -> None:
    if not SCAN_DATA.is_dir():
        pytest.skip("../shared/data/scan is not beside this checkout")
    report = run_scan_benchmark(SCAN_DATA.resolve())
    folders = {"ean13-1", "qrcode-1", "qrcode-2", "pdf417-1"}
    assert set(report["per_folder"]) == folders | {"negatives"}
    assert report["regressions"] == [] and report["rate"] >= 0.95
    assert report["false_positives"] == 0

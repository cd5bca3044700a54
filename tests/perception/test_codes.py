"""Code decoding: real photos from the dev set, generated codes of every family, edge cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from sightline.perception import detect_codes
from sightline.perception.codes import binary_text

SCAN_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "scan"


def _code(fmt: zxingcpp.BarcodeFormat, content: str | bytes, scale: int = 4) -> Image.Image:
    barcode = zxingcpp.create_barcode(content, fmt)
    return Image.fromarray(np.asarray(zxingcpp.write_barcode_to_image(barcode, scale=scale)))


def _expected(image: Path) -> str:
    return image.with_suffix(".txt").read_bytes().decode("utf-8").removesuffix("\n")


@pytest.fixture(scope="module")
def scan_data() -> Path:
    if not SCAN_DATA.is_dir():
        pytest.skip("../shared/data/scan is not beside this checkout")
    return SCAN_DATA.resolve()


@pytest.mark.parametrize("folder", ["ean13-1", "qrcode-1", "qrcode-2", "pdf417-1"])
def test_real_photos_decode_at_least_90_percent(scan_data: Path, folder: str) -> None:
    images = sorted((scan_data / folder).glob("*.png"))
    assert images
    decoded = sum(
        _expected(image) in [item.text for item in detect_codes(Image.open(image))]
        for image in images
    )
    assert decoded / len(images) >= 0.9


def test_real_photo_keeps_line_breaks_and_box(scan_data: Path) -> None:
    image = scan_data / "qrcode-1" / "16.png"
    items = detect_codes(Image.open(image))
    assert [item.text for item in items] == [_expected(image)]
    assert "\r\n" in items[0].text
    left, top, right, bottom = items[0].box
    assert 0 <= left < right <= 640 and 0 <= top < bottom <= 480
    assert items[0].kind == "code" and items[0].format == "QRCode"


def test_real_ean13_photo(scan_data: Path) -> None:
    items = detect_codes(Image.open(scan_data / "ean13-1" / "1.png"))
    assert [(item.format, item.text) for item in items] == [("EAN13", "8413000065504")]


@pytest.mark.parametrize(
    ("fmt", "content", "name", "text"),
    [
        (zxingcpp.BarcodeFormat.QRCode, "https://example.org/a?b=1", "QRCode", None),
        (zxingcpp.BarcodeFormat.EAN13, "4006381333931", "EAN13", None),
        (zxingcpp.BarcodeFormat.EAN8, "96385074", "EAN8", None),
        (zxingcpp.BarcodeFormat.UPCA, "725272730706", "UPCA", None),
        (zxingcpp.BarcodeFormat.EAN13, "0725272730706", "UPCA", "725272730706"),
        (zxingcpp.BarcodeFormat.UPCE, "01234565", "UPCE", None),
        (zxingcpp.BarcodeFormat.PDF417, "BOARDING PASS M1DOE/JOHN", "PDF417", None),
        (zxingcpp.BarcodeFormat.Aztec, "Aztec ticket 123", "Aztec", None),
        (zxingcpp.BarcodeFormat.DataMatrix, "DM-0042", "DataMatrix", None),
        (zxingcpp.BarcodeFormat.Code128, "Sightline-42", "Code128", None),
        (zxingcpp.BarcodeFormat.Code39, "HELLO 39", "Code39", None),
        (zxingcpp.BarcodeFormat.Code93, "CODE93", "Code93", None),
        (zxingcpp.BarcodeFormat.ITF, "12345678", "ITF", None),
        (zxingcpp.BarcodeFormat.Codabar, "A123456B", "Codabar", None),
    ],
)
def test_generated_codes(
    fmt: zxingcpp.BarcodeFormat, content: str, name: str, text: str | None
) -> None:
    items = detect_codes(_code(fmt, content))
    assert [(item.format, item.text) for item in items] == [(name, text or content)]


def test_box_is_where_the_code_is_in_a_large_frame() -> None:
    qr = _code(zxingcpp.BarcodeFormat.QRCode, "where am I", scale=10)
    frame = Image.new("RGB", (3000, 2000), (90, 110, 130))
    frame.paste(qr.convert("RGB"), (2000, 300))
    (item,) = detect_codes(frame)
    left, top, right, bottom = item.box
    inner = qr.width - 2 * 40  # four quiet-zone modules of ten pixels on each side
    assert abs(left - 2040) < 12 and abs(top - 340) < 12
    assert abs((right - left) - inner) < 15 and abs((bottom - top) - inner) < 15


def test_two_codes_in_one_frame_and_numpy_input() -> None:
    frame = Image.new("L", (700, 300), 255)
    frame.paste(_code(zxingcpp.BarcodeFormat.QRCode, "left one"), (20, 40))
    frame.paste(_code(zxingcpp.BarcodeFormat.DataMatrix, "right one", scale=6), (450, 60))
    items = detect_codes(np.asarray(frame))
    assert sorted(item.text for item in items) == ["left one", "right one"]
    assert all(item.kind == "code" for item in items)


def test_transparent_background_is_read_as_white() -> None:
    qr = _code(zxingcpp.BarcodeFormat.QRCode, "on glass", scale=6)
    dark = np.asarray(qr) < 128
    rgba = np.zeros((*dark.shape, 4), np.uint8)
    rgba[..., 3] = np.where(dark, 255, 0)  # black modules on a fully transparent (black) field
    items = detect_codes(Image.fromarray(rgba, "RGBA"))
    assert [item.text for item in items] == ["on glass"]


def test_inverted_code_is_read() -> None:
    qr = _code(zxingcpp.BarcodeFormat.QRCode, "dark mode")
    inverted = Image.fromarray(255 - np.asarray(qr))
    assert [item.text for item in detect_codes(inverted)] == ["dark mode"]


def test_nothing_in_blank_noise_or_tiny_images() -> None:
    rng = np.random.default_rng(3)
    assert detect_codes(Image.new("RGB", (640, 480), "white")) == []
    assert detect_codes(Image.fromarray(rng.integers(0, 256, (480, 640), np.uint8))) == []
    assert detect_codes(Image.new("L", (1, 1))) == []


def test_binary_content_is_escaped() -> None:
    payload = bytes([0, 1, 2, 0x5C, 0xFF, 0x41, 0x7F])
    items = detect_codes(_code(zxingcpp.BarcodeFormat.QRCode, payload))
    assert [item.text for item in items] == ["\\x00\\x01\\x02\\x5c\\xffA\\x7f"]


def test_binary_text_prefers_utf8_then_the_guess() -> None:
    assert binary_text("héllo".encode(), "hÃ©llo") == "héllo"
    assert binary_text("wörld".encode("latin-1"), "wörld") == "wörld"
    assert binary_text(b"\x00\x9f", "\x00\x9f") == "\\x00\\x9f"

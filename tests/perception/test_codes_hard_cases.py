"""Hard glance cases: the untouched frame first, tilted linear codes, inverted and small
codes, glare and blur, UPC-A as 12 digits, GS1 data in its readable form, boxes of turned
codes, and a pipeline that never reads less than plain zxing-cpp."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp
from PIL import Image, ImageFilter, ImageOps

from sightline.perception import codes, detect_codes


def _code(fmt: zxingcpp.BarcodeFormat, content: str, scale: int = 3, **kw: object) -> Image.Image:
    barcode = zxingcpp.create_barcode(content, fmt, **kw)
    image = Image.fromarray(np.asarray(zxingcpp.write_barcode_to_image(barcode, scale=scale)))
    return image.convert("L")


def _on_canvas(code: Image.Image, size: tuple[int, int] = (640, 480)) -> Image.Image:
    canvas = Image.new("L", size, 255)
    canvas.paste(code, ((size[0] - code.width) // 2, (size[1] - code.height) // 2))
    return canvas


@pytest.mark.parametrize("angle", [30, 35, 40, 45, -30, -45, 135])
def test_tilted_ean_and_upc(angle: int) -> None:
    for fmt, content, shown in (
        (zxingcpp.BarcodeFormat.EAN13, "4006381333931", "4006381333931"),
        (zxingcpp.BarcodeFormat.UPCA, "036000291452", "036000291452"),
    ):
        frame = _on_canvas(_code(fmt, content)).rotate(
            angle, Image.Resampling.BILINEAR, fillcolor=255
        )
        items = detect_codes(frame)
        assert [item.text for item in items] == [shown], angle
        left, top, right, bottom = items[0].box  # the box is on the code, in the frame
        assert 150 < (left + right) / 2 < 490 and 100 < (top + bottom) / 2 < 380


def test_upc_a_is_reported_with_12_digits() -> None:
    items = detect_codes(_on_canvas(_code(zxingcpp.BarcodeFormat.UPCA, "036000291452")))
    assert [(item.format, item.text) for item in items] == [("UPCA", "036000291452")]


@pytest.mark.parametrize("fmt", [zxingcpp.BarcodeFormat.DataMatrix, zxingcpp.BarcodeFormat.Code128])
def test_gs1_data_in_its_readable_form(fmt: zxingcpp.BarcodeFormat) -> None:
    data = "(01)09501101530008(17)260704(10)AB-123"
    items = detect_codes(_on_canvas(_code(fmt, data, scale=2, gs1=True)))
    assert [item.text for item in items] == [data]


def test_inverted_qr_small_in_a_large_frame_glare_and_blur() -> None:
    qr = _code(zxingcpp.BarcodeFormat.QRCode, "https://example.org/menu", scale=3)
    inverted = ImageOps.invert(_on_canvas(qr))
    assert [i.text for i in detect_codes(inverted)] == ["https://example.org/menu"]
    large = _on_canvas(qr, (2400, 1800))
    assert [i.text for i in detect_codes(large)] == ["https://example.org/menu"]
    glare = np.asarray(_on_canvas(qr), dtype=np.float32)
    ys, xs = np.mgrid[0:480, 0:640]
    glare += 120 * np.exp(-((xs - 300) ** 2 + (ys - 220) ** 2) / (2 * 60**2))
    glared = Image.fromarray(np.clip(glare, 0, 255).astype(np.uint8))
    assert [i.text for i in detect_codes(glared)] == ["https://example.org/menu"]
    blurred = _on_canvas(_code(zxingcpp.BarcodeFormat.QRCode, "blur", scale=6))
    blurred = blurred.filter(ImageFilter.GaussianBlur(2))
    assert [i.text for i in detect_codes(blurred)] == ["blur"]


def test_the_untouched_frame_is_read_first(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, int]] = []
    real = codes._plain

    def spy(image: Image.Image) -> list[zxingcpp.Barcode]:
        seen.append(image.size)
        return real(image)

    monkeypatch.setattr(codes, "_plain", spy)
    monkeypatch.setitem(codes.COST, spy, 1.0)
    frame = Image.new("RGB", (3000, 2000), (255, 255, 255))
    frame.paste(_code(zxingcpp.BarcodeFormat.QRCode, "far away", scale=2), (2500, 1600))
    assert [i.text for i in detect_codes(frame)] == ["far away"]
    assert seen[0] == (3000, 2000)  # full resolution, not a reduced copy


def test_exif_rotated_frame_is_tried() -> None:
    code = _on_canvas(_code(zxingcpp.BarcodeFormat.EAN13, "4006381333931")).rotate(
        45, Image.Resampling.BILINEAR, fillcolor=255
    )
    exif = Image.Exif()
    exif[0x0112] = 6
    stored = code.copy()
    stored.info["exif"] = exif.tobytes()
    stored.getexif()[0x0112] = 6
    assert [i.text for i in detect_codes(stored)] == ["4006381333931"]


@pytest.mark.parametrize("seed", range(6))
def test_never_below_plain_zxing_on_altered_frames(seed: int) -> None:
    rng = np.random.default_rng(seed)
    content = f"code {seed}"
    qr = _code(zxingcpp.BarcodeFormat.QRCode, content, scale=int(rng.integers(2, 5)))
    frame = _on_canvas(qr).rotate(float(rng.uniform(-40, 40)), fillcolor=255)
    noisy = np.asarray(frame, dtype=np.int16) + rng.integers(-40, 40, (480, 640))
    image = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
    plain = {barcode.text for barcode in zxingcpp.read_barcodes(image)}
    ours = {item.text for item in detect_codes(image)}
    assert plain <= ours

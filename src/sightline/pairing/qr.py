"""A QR code for the terminal: two module rows per text line, drawn with half blocks."""

from __future__ import annotations

import numpy as np
import zxingcpp

_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code of `text` with its quiet zone, as rows of modules (True = dark)."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    pixels = np.asarray(barcode.to_image(scale=1, add_quiet_zones=True))
    return [[bool(v < 128) for v in row] for row in pixels]


def qr_lines(text: str) -> list[str]:
    """The QR code of `text` as text lines; print them dark on light (see `sightline pair`)."""
    rows = qr_matrix(text)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return [
        "".join(_BLOCKS[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
    ]

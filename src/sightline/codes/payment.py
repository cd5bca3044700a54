"""One front door for payment codes: EMVCo merchant QR or UPI link."""

from __future__ import annotations

from typing import Final, TypeAlias

from sightline.codes.emv_qr import MerchantQr, parse_emv_qr
from sightline.codes.errors import NOT_PAYMENT_CODE, PaymentCodeError
from sightline.codes.upi import UpiPayment, parse_upi

__all__ = ["PaymentCode", "PaymentCodeError", "looks_like_emv", "parse_payment_code"]

PaymentCode: TypeAlias = MerchantQr | UpiPayment
_DIGITS: Final = frozenset("0123456789")


def looks_like_emv(text: str) -> bool:
    """Return True if `text` is meant as an EMV QR payload (valid or not).

    That is: it opens with tag 00, or with four digits (an ID and length) and carries a
    CRC object ("6304") among its last 8 characters.
    """
    if text.startswith("00"):
        return True
    return len(text) >= 8 and all(c in _DIGITS for c in text[:4]) and "6304" in text[-8:]


def parse_payment_code(text: str) -> PaymentCode:
    """Parse a scanned payment code, whichever kind it is.

    Surrounding whitespace (a scanner's trailing newline) is ignored. Text starting with
    "upi:" (any case) is a UPI link; text that `looks_like_emv` is an EMVCo merchant QR.

    Args:
        text: The decoded QR text or link.

    Returns:
        A `MerchantQr` or an `UpiPayment`.

    Raises:
        PaymentCodeError: `not_payment_code` if the text is neither kind; otherwise the
            parser's error (`emv_invalid`, `emv_bad_crc`, `upi_invalid`).
    """
    if not isinstance(text, str):
        raise PaymentCodeError(NOT_PAYMENT_CODE, f"expected text, got {type(text).__name__}")
    stripped = text.strip()
    if stripped[:4].lower() == "upi:":
        return parse_upi(stripped)
    if looks_like_emv(stripped):
        return parse_emv_qr(stripped)
    shown = stripped if len(stripped) <= 24 else stripped[:24] + "…"
    raise PaymentCodeError(
        NOT_PAYMENT_CODE,
        f"{shown!r} is neither an EMV merchant QR payload nor a upi:// payment link"
        if stripped
        else "the text is empty",
    )

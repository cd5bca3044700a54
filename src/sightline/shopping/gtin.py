"""GTIN product codes: check digits, validation and the canonical GTIN-14 form.

GS1 identifies trade items with GTIN-8 (EAN-8), GTIN-12 (UPC-A), GTIN-13 (EAN-13) and GTIN-14.
All of them end in a mod-10 check digit, and all of them become the same canonical value when
left-padded with zeros to 14 digits: the UPC-A `036000291452` and the EAN-13 `0036000291452`
are one product, `00036000291452`. UPC-E (8 digits, zero-suppressed) expands to UPC-A first.
"""

from __future__ import annotations

import re
from typing import Final

from sightline.shopping.errors import InvalidGtin

GTIN_LENGTHS: Final = (8, 12, 13, 14)
# Barcode formats (as decoders name them) that carry a GTIN directly.
PRODUCT_FORMATS: Final = frozenset(
    {"EAN13", "EAN_13", "EAN-13", "EAN8", "EAN_8", "EAN-8", "UPCA", "UPC_A", "UPC-A", "ITF14"}
)
UPCE_FORMATS: Final = frozenset({"UPCE", "UPC_E", "UPC-E"})
_SEPARATORS = re.compile(r"[\s\-.]")
_DIGITAL_LINK = re.compile(r"/01/(\d{14})(?:[/?#]|$)")


def check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for a code without its check digit.

    Args:
        body: The digits before the check digit (any length).

    Returns:
        The check digit, 0–9.

    Raises:
        InvalidGtin: `body` is empty or not all ASCII digits.
    """
    if not body or not (body.isascii() and body.isdigit()):
        raise InvalidGtin(f"not digits: {body!r}")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    """Tell whether `code` is a GTIN-8/12/13/14 with a correct check digit.

    Spaces and hyphens are ignored; anything else that is not a digit makes it invalid.
    """
    digits = _SEPARATORS.sub("", code)
    if len(digits) not in GTIN_LENGTHS or not (digits.isascii() and digits.isdigit()):
        return False
    return check_digit(digits[:-1]) == int(digits[-1])


def normalize_gtin(code: str) -> str:
    """Return the canonical GTIN-14 of a GTIN-8, UPC-A, EAN-13 or GTIN-14.

    Args:
        code: The code's digits (spaces and hyphens allowed).

    Returns:
        The 14-digit form, zero-padded on the left.

    Raises:
        InvalidGtin: Wrong length, a non-digit, or a wrong check digit.
    """
    digits = _SEPARATORS.sub("", code)
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidGtin(f"a GTIN has only digits: {code!r}")
    if len(digits) not in GTIN_LENGTHS:
        raise InvalidGtin(f"a GTIN has 8, 12, 13 or 14 digits, not {len(digits)}: {code!r}")
    if check_digit(digits[:-1]) != int(digits[-1]):
        raise InvalidGtin(f"wrong check digit in {code!r}")
    return digits.zfill(14)


def short_gtin(gtin14: str) -> str:
    """The form printed under a barcode: EAN-8, UPC-A, EAN-13 or GTIN-14.

    Args:
        gtin14: A canonical GTIN-14.

    Returns:
        8 digits when the code is a padded GTIN-8, 12 for UPC-A, 13 for EAN-13, else all 14.
    """
    if gtin14.startswith("000000"):
        return gtin14[6:]
    if gtin14.startswith("00"):
        return gtin14[2:]
    if gtin14.startswith("0"):
        return gtin14[1:]
    return gtin14


def upc_a_to_ean13(upc: str) -> str:
    """The EAN-13 of a UPC-A code (a leading zero); raises InvalidGtin when it is not one."""
    gtin = normalize_gtin(upc)
    if len(_SEPARATORS.sub("", upc)) != 12:
        raise InvalidGtin(f"a UPC-A has 12 digits: {upc!r}")
    return gtin[1:]


def ean13_to_upc_a(ean: str) -> str | None:
    """The UPC-A of an EAN-13 that starts with 0, else None; raises InvalidGtin when invalid."""
    gtin = normalize_gtin(ean)
    if len(_SEPARATORS.sub("", ean)) != 13:
        raise InvalidGtin(f"an EAN-13 has 13 digits: {ean!r}")
    return gtin[2:] if gtin[1] == "0" else None


def expand_upce(code: str) -> str:
    """Expand a zero-suppressed UPC-E code (8 digits, number system 0 or 1) to UPC-A.

    Args:
        code: Number system digit, six data digits, check digit.

    Returns:
        The 12-digit UPC-A.

    Raises:
        InvalidGtin: Not 8 digits, a number system other than 0/1, or a wrong check digit.
    """
    digits = _SEPARATORS.sub("", code)
    if len(digits) != 8 or not (digits.isascii() and digits.isdigit()) or digits[0] not in "01":
        raise InvalidGtin(f"not a UPC-E code: {code!r}")
    ns, d, check = digits[0], digits[1:7], digits[7]
    last = d[5]
    if last in "012":
        body = f"{d[0:2]}{last}0000{d[2:5]}"
    elif last == "3":
        body = f"{d[0:3]}00000{d[3:5]}"
    elif last == "4":
        body = f"{d[0:4]}00000{d[4]}"
    else:
        body = f"{d[0:5]}0000{last}"
    upc = f"{ns}{body}{check}"
    if check_digit(upc[:-1]) != int(check):
        raise InvalidGtin(f"wrong check digit in UPC-E {code!r}")
    return upc


def gtin_from_code(text: str, code_format: str = "") -> str | None:
    """Read a canonical GTIN-14 from what a barcode decoder returned, if it carries one.

    Handles EAN-8/13, UPC-A, UPC-E, ITF-14, bare digits, GS1 element strings starting with AI
    `(01)`/`01`, and GS1 Digital Link URLs (`https://id.gs1.org/01/<gtin>`).

    Args:
        text: The decoded text.
        code_format: The decoder's format name ("EAN13", "UPCE", "QRCode", …), if known.

    Returns:
        The GTIN-14, or None when the code is not a valid product code.
    """
    fmt = code_format.upper().replace(" ", "")
    raw = text.strip()
    candidates: list[str] = []
    if fmt in UPCE_FORMATS:
        try:
            candidates.append(expand_upce(raw))
        except InvalidGtin:
            return None
    else:
        digits = _SEPARATORS.sub("", raw)
        if digits.isdigit():
            candidates.append(digits)
        link = _DIGITAL_LINK.search(raw)
        element = re.match(r"\(01\)(\d{14})", raw)
        if link:
            candidates.append(link.group(1))
        elif element:
            candidates.append(element.group(1))
        elif digits.isdigit() and len(digits) > 14 and digits.startswith("01"):
            candidates.append(digits[2:16])
    for candidate in candidates:
        if is_valid_gtin(candidate):
            return normalize_gtin(candidate)
    return None

"""EMV QR tag-length-value coding (2-digit ID, 2-digit length) and the CRC of tag 63.

Lengths count characters (Unicode code points), as in the EMVCo sample whose language
template holds "0104最佳运输"; the CRC is computed over the UTF-8 bytes of the payload.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from sightline.codes.errors import EMV_AMBIGUOUS, EMV_INVALID, EMV_TRUNCATED, PaymentCodeError

_DIGITS: Final = frozenset("0123456789")
MAX_VALUE_LENGTH: Final = 99


@dataclass(frozen=True, slots=True)
class DataObject:
    """One TLV data object.

    Attributes:
        tag: The two-digit ID, e.g. "59".
        value: The value, exactly as encoded.
        position: Offset of the ID in the whole payload (for error messages).
    """

    tag: str
    value: str
    position: int


def is_digits(text: str, width: int | None = None) -> bool:
    """Return True if `text` is non-empty ASCII digits (exactly `width` of them if given)."""
    return bool(text) and all(c in _DIGITS for c in text) and width in (None, len(text))


def parse_tlv(text: str, *, where: str = "payload", offset: int = 0) -> tuple[DataObject, ...]:
    """Split `text` into data objects.

    Args:
        text: A payload or a template's value.
        where: What `text` is, for error messages (e.g. "additional data (tag 62)").
        offset: Position of `text` in the whole payload, for error messages.

    Returns:
        The data objects in order.

    Raises:
        PaymentCodeError: `emv_invalid` on a non-numeric ID or length; `emv_truncated` on a
            value running past the end or a truncated ID/length pair; `emv_ambiguous` on an
            ID that appears twice.
    """
    objects: list[DataObject] = []
    seen: set[str] = set()
    pos = 0
    while pos < len(text):
        at = offset + pos
        if len(text) - pos < 4:
            raise PaymentCodeError(
                EMV_TRUNCATED,
                f"truncated data object at position {at} in {where}: {text[pos:]!r} is shorter "
                "than an ID and length (4 digits)",
            )
        tag, length = text[pos : pos + 2], text[pos + 2 : pos + 4]
        if not is_digits(tag, 2):
            raise PaymentCodeError(
                EMV_INVALID, f"data object ID {tag!r} at position {at} in {where} is not 2 digits"
            )
        if not is_digits(length, 2):
            raise PaymentCodeError(
                EMV_INVALID,
                f"invalid value length {length!r} for tag {tag} at position {at + 2} in {where}: "
                "must be 2 digits",
            )
        size = int(length)
        if pos + 4 + size > len(text):
            raise PaymentCodeError(
                EMV_TRUNCATED,
                f"tag {tag} at position {at} in {where} declares {size} characters but only "
                f"{len(text) - pos - 4} remain",
            )
        if tag in seen:
            raise PaymentCodeError(EMV_AMBIGUOUS, f"tag {tag} appears more than once in {where}")
        seen.add(tag)
        objects.append(DataObject(tag, text[pos + 4 : pos + 4 + size], at))
        pos += 4 + size
    return tuple(objects)


def encode_tlv(tag: str, value: str) -> str:
    """Encode one data object.

    Args:
        tag: Two-digit ID.
        value: The value, at most 99 characters.

    Returns:
        ID + 2-digit length + value.

    Raises:
        PaymentCodeError: (`emv_invalid`) if the ID is not 2 digits or the value is too long.
    """
    if not is_digits(tag, 2):
        raise PaymentCodeError(EMV_INVALID, f"data object ID {tag!r} is not 2 digits")
    if len(value) > MAX_VALUE_LENGTH:
        raise PaymentCodeError(
            EMV_INVALID, f"value of tag {tag} is {len(value)} characters, at most 99 fit"
        )
    return f"{tag}{len(value):02d}{value}"


def encode_template(objects: Mapping[str, str]) -> str:
    """Encode a template's data objects (ID → value), in the mapping's order."""
    return "".join(encode_tlv(tag, value) for tag, value in objects.items())


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
        table.append(crc & 0xFFFF)
    return tuple(table)


_CRC_TABLE: Final = _crc_table()


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR.

    Args:
        data: The bytes to check.

    Returns:
        The 16-bit CRC (0x29B1 for b"123456789").
    """
    crc = 0xFFFF
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _CRC_TABLE[(crc >> 8) ^ byte]
    return crc


def emv_crc(payload_through_6304: str) -> str:
    """Return the 4 uppercase hex digits of tag 63 for a payload ending in "6304"."""
    return f"{crc16_ccitt_false(payload_through_6304.encode('utf-8', 'surrogatepass')):04X}"

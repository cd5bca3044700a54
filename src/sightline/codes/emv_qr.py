"""EMVCo merchant-presented mode QR payloads (EMV QRCPS MPM): parse, validate and build.

Checked, in this order: the payload starts with the payload format indicator "000201"; it
splits into data objects (2-digit ID, 2-digit length); the CRC (tag 63, 4 hex digits, either
case) is the last object and matches CRC-16/CCITT-FALSE over the payload through "6304";
then the required tags and their formats. Apart from 00 first and 63 last, objects may come
in any order. Tags 65–79 (reserved for EMVCo) are kept raw and otherwise ignored.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from typing import Any, Final

from sightline.codes.currency import currency_by_alpha
from sightline.codes.emv_model import DYNAMIC, STATIC, MerchantQr
from sightline.codes.errors import EMV_BAD_CRC, EMV_INVALID, PaymentCodeError
from sightline.codes.tlv import (
    DataObject,
    emv_crc,
    encode_template,
    encode_tlv,
    is_digits,
    parse_tlv,
)

__all__ = ["MerchantQr", "PaymentCodeError", "build_emv_qr", "parse_emv_qr"]

_AMOUNT: Final = re.compile(r"[0-9]+(?:\.[0-9]*)?")
_HEX: Final = frozenset("0123456789ABCDEFabcdef")
_ALPHA: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# Thai PromptPay (A000000677...) and Vietnamese NAPAS VietQR (A000000727) transfer codes are
# EMV QR profiles that leave out the MCC, merchant name and merchant city; they are accepted.
_NATIONAL_P2P_GUIDS: Final = ("A000000677", "A000000727")
_SIMPLE: Final = {
    "52": "mcc",
    "53": "currency",
    "54": "amount",
    "55": "tip_or_convenience_indicator",
    "56": "convenience_fee_fixed",
    "57": "convenience_fee_percentage",
    "58": "country",
    "59": "merchant_name",
    "60": "merchant_city",
    "61": "postal_code",
}


def _invalid(message: str) -> PaymentCodeError:
    return PaymentCodeError(EMV_INVALID, message)


def _template(obj: DataObject, name: str) -> dict[str, str]:
    where = f"{name} (tag {obj.tag})"
    return {
        sub.tag: sub.value for sub in parse_tlv(obj.value, where=where, offset=obj.position + 4)
    }


def _check_amount(value: str, name: str, max_length: int = 13) -> None:
    if len(value) > max_length or not _AMOUNT.fullmatch(value):
        raise _invalid(
            f"{name} {value!r} is not an amount: digits with an optional '.' decimal mark, "
            f"at most {max_length} characters"
        )


def _check_crc(payload: str, objects: tuple[DataObject, ...]) -> str:
    last = objects[-1]
    if last.tag != "63":
        raise _invalid(f"the CRC (tag 63) must be the last data object, found tag {last.tag} last")
    if len(last.value) != 4 or not all(c in _HEX for c in last.value):
        raise _invalid(f"the CRC (tag 63) must be 4 hex digits, got {last.value!r}")
    expected = emv_crc(payload[:-4])
    if last.value.upper() != expected:
        raise PaymentCodeError(
            EMV_BAD_CRC,
            f"CRC mismatch: the payload says {last.value}, its content gives {expected}",
        )
    return last.value


def _national_p2p(values: dict[str, Any]) -> bool:
    """True if a merchant account is a national transfer scheme that omits tags 52, 59, 60."""
    guids = (t.get("00", "").upper() for t in values["merchant_accounts"].values())
    return any(guid.startswith(_NATIONAL_P2P_GUIDS) for guid in guids)


def _check_fields(values: dict[str, Any]) -> None:
    relaxed = _national_p2p(values)
    for tag, name in (("53", "currency"), ("58", "country"), ("52", "mcc")):
        if values.get(name) is None and not (relaxed and tag == "52"):
            raise _invalid(f"required tag {tag} ({name}) is missing")
    for tag, name in (("59", "merchant_name"), ("60", "merchant_city")):
        if relaxed and values.get(name) is None:
            continue
        if not (values.get(name) or "").strip():
            raise _invalid(f"required tag {tag} ({name.replace('_', ' ')}) is missing or blank")
    if values.get("mcc") is not None and not is_digits(values["mcc"], 4):
        raise _invalid(f"merchant category code (tag 52) must be 4 digits, got {values['mcc']!r}")
    if not is_digits(values["currency"], 3):
        raise _invalid(
            f"currency (tag 53) must be an ISO 4217 numeric code of 3 digits, got "
            f"{values['currency']!r}"
        )
    country = values["country"]
    if len(country) != 2 or not all(c in _ALPHA for c in country):
        raise _invalid(f"country code (tag 58) must be 2 letters, got {country!r}")
    poi = values.get("point_of_initiation")
    if poi is not None and poi not in (STATIC, DYNAMIC):
        raise _invalid(f"point of initiation (tag 01) must be '11' or '12', got {poi!r}")
    if values.get("amount") is not None:
        _check_amount(values["amount"], "transaction amount (tag 54)")
    tip = values.get("tip_or_convenience_indicator")
    if tip is not None and tip not in ("01", "02", "03"):
        raise _invalid(f"tip or convenience indicator (tag 55) must be 01–03, got {tip!r}")
    for indicator, tag, name, width in (
        ("02", "56", "convenience_fee_fixed", 13),
        ("03", "57", "convenience_fee_percentage", 5),
    ):
        if values.get(name) is not None:
            _check_amount(values[name], f"{name.replace('_', ' ')} (tag {tag})", width)
        elif tip == indicator:
            raise _invalid(f"tag 55 is {indicator} but tag {tag} ({name}) is missing")
    if not values["card_network_accounts"] and not values["merchant_accounts"]:
        raise _invalid("no merchant account information (tags 02–51)")
    language = values["merchant_information_language"]
    if language and ("00" not in language or "01" not in language):
        raise _invalid(
            "merchant information language template (tag 64) needs a language preference (00) "
            "and an alternate merchant name (01)"
        )


def parse_emv_qr(payload: str) -> MerchantQr:
    """Parse and validate an EMVCo merchant-presented mode QR payload.

    Tags 52, 59 and 60 are required except in Thai PromptPay and Vietnamese VietQR transfer
    codes (merchant account GUID A000000677... / A000000727), which leave them out.

    Args:
        payload: The decoded QR text, exactly as scanned.

    Returns:
        The merchant QR with templates decomposed.

    Raises:
        PaymentCodeError: `emv_bad_crc` if the CRC does not match; `emv_invalid` for any
            other defect (empty, not starting with "000201", bad data object structure,
            CRC not last, a required tag missing or malformed).
    """
    if not isinstance(payload, str):
        raise _invalid(f"expected text, got {type(payload).__name__}")
    if not payload.strip():
        raise _invalid("too short: the payload is empty")
    if not payload.startswith("00"):
        raise _invalid("the payload must start with the payload format indicator (tag 00)")
    try:
        payload.encode("utf-8")
    except UnicodeEncodeError as error:
        raise _invalid(f"the payload is not valid text at position {error.start}") from None
    objects = parse_tlv(payload)
    if objects[0].value != "01":
        raise _invalid(f"payload format indicator (tag 00) must be '01', got {objects[0].value!r}")
    crc = _check_crc(payload, objects)
    values: dict[str, Any] = {
        "payload": payload,
        "payload_format": "01",
        "crc": crc,
        "objects": tuple((obj.tag, obj.value) for obj in objects),
        "card_network_accounts": {},
        "merchant_accounts": {},
        "additional_data": {},
        "merchant_information_language": {},
        "rfu": {},
        "unreserved": {},
        "unreserved_templates": {},
    }
    for obj in objects[1:-1]:
        number = int(obj.tag)
        if obj.tag == "01":
            values["point_of_initiation"] = obj.value
        elif 2 <= number <= 25:
            values["card_network_accounts"][obj.tag] = obj.value
        elif 26 <= number <= 51:
            values["merchant_accounts"][obj.tag] = _template(obj, "merchant account information")
        elif obj.tag in _SIMPLE:
            values[_SIMPLE[obj.tag]] = obj.value
        elif obj.tag == "62":
            values["additional_data"] = _template(obj, "additional data field template")
        elif obj.tag == "64":
            values["merchant_information_language"] = _template(
                obj, "merchant information language template"
            )
        elif 65 <= number <= 79:
            values["rfu"][obj.tag] = obj.value
        elif number >= 80:
            values["unreserved"][obj.tag] = obj.value
            with contextlib.suppress(PaymentCodeError):  # else proprietary: kept raw only
                values["unreserved_templates"][obj.tag] = _template(obj, "unreserved template")
    _check_fields(values)
    return MerchantQr.model_validate(values)


def build_emv_qr(
    *,
    merchant_name: str,
    merchant_city: str,
    mcc: str,
    currency: str,
    country: str,
    merchant_accounts: Mapping[str, Mapping[str, str]] | None = None,
    card_network_accounts: Mapping[str, str] | None = None,
    amount: str | None = None,
    point_of_initiation: str | None = STATIC,
    tip_or_convenience_indicator: str | None = None,
    convenience_fee_fixed: str | None = None,
    convenience_fee_percentage: str | None = None,
    postal_code: str | None = None,
    additional_data: Mapping[str, str] | None = None,
    merchant_information_language: Mapping[str, str] | None = None,
    unreserved: Mapping[str, str | Mapping[str, str]] | None = None,
) -> str:
    """Build a merchant-presented mode payload, with its CRC, that `parse_emv_qr` accepts.

    Args:
        merchant_name: Tag 59.
        merchant_city: Tag 60.
        mcc: Tag 52, 4 digits.
        currency: Tag 53: ISO 4217 numeric ("978") or, if in the table, alphabetic ("EUR").
        country: Tag 58, 2 letters.
        merchant_accounts: Templates 26–51, tag → {sub-tag → value}.
        card_network_accounts: Primitive tags 02–25, tag → value.
        amount: Tag 54, e.g. "23.72"; omitted when None.
        point_of_initiation: Tag 01, "11" static (default) or "12" dynamic; None omits it.
        tip_or_convenience_indicator: Tag 55.
        convenience_fee_fixed: Tag 56.
        convenience_fee_percentage: Tag 57.
        postal_code: Tag 61.
        additional_data: Template 62, sub-tag → value.
        merchant_information_language: Template 64, sub-tag → value.
        unreserved: Tags 80–99: a raw value or a template (sub-tag → value).

    Returns:
        The payload, ending in "6304" and the uppercase CRC.

    Raises:
        PaymentCodeError: (`emv_invalid`) if a tag is out of its range, a value is longer
            than 99 characters, or the result would not pass `parse_emv_qr`.
    """
    alpha = currency_by_alpha(currency) if not is_digits(currency) else None
    parts = [encode_tlv("00", "01")]
    if point_of_initiation is not None:
        parts.append(encode_tlv("01", point_of_initiation))
    for tag, value in sorted((card_network_accounts or {}).items()):
        if not is_digits(tag, 2) or not 2 <= int(tag) <= 25:
            raise _invalid(f"card network account tag {tag!r} is not in 02–25")
        parts.append(encode_tlv(tag, value))
    for tag, template in sorted((merchant_accounts or {}).items()):
        if not is_digits(tag, 2) or not 26 <= int(tag) <= 51:
            raise _invalid(f"merchant account information tag {tag!r} is not in 26–51")
        parts.append(encode_tlv(tag, encode_template(template)))
    simple = {
        "52": mcc,
        "53": alpha.numeric if alpha is not None else currency,
        "54": amount,
        "55": tip_or_convenience_indicator,
        "56": convenience_fee_fixed,
        "57": convenience_fee_percentage,
        "58": country,
        "59": merchant_name,
        "60": merchant_city,
        "61": postal_code,
    }
    parts.extend(encode_tlv(tag, value) for tag, value in simple.items() if value is not None)
    for tag, mapping in (("62", additional_data), ("64", merchant_information_language)):
        if mapping:
            parts.append(encode_tlv(tag, encode_template(mapping)))
    for tag, raw in sorted((unreserved or {}).items()):
        if not is_digits(tag, 2) or int(tag) < 80:
            raise _invalid(f"unreserved template tag {tag!r} is not in 80–99")
        parts.append(encode_tlv(tag, raw if isinstance(raw, str) else encode_template(raw)))
    body = "".join(parts) + "6304"
    payload = body + emv_crc(body)
    parse_emv_qr(payload)
    return payload

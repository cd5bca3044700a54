"""EMVCo merchant-presented mode QR payloads (EMV QRCPS MPM): parse, validate and build.

Accepted as real wallets accept them; refused only where a payment would be ambiguous or
unsafe. Checked, in this order: the payload starts with tag 00; it ends in a CRC object
("6304" and 4 hex digits, either case) that matches CRC-16/CCITT-FALSE over the payload
through "6304" (`emv_bad_crc`); it splits into data objects of 2-digit ID and length, lengths
counted in characters or, failing that, in UTF-8 bytes as some generators count them
(`emv_truncated` for a field that runs past the end, `emv_ambiguous` for a tag given twice);
the amount (`emv_bad_amount`) and currency (`emv_bad_currency`) are readable; and the code
names a payee account or a payee name (`emv_no_payee`).

Tolerated: a missing point of initiation, an amount in a code marked static, an amount of
zero (a static code), a missing or blank merchant name, city or MCC, a missing country, a
missing currency where the scheme or country has one (Pix 986, VietQR 704, ...), an
alphabetic currency, templates 26–51 (or 62, 64) that are not made of data objects (kept
raw), unknown tip indicators, tags 65–99.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from sightline.codes.currency import currency_by_alpha
from sightline.codes.emv_model import STATIC, MerchantQr
from sightline.codes.errors import (
    EMV_BAD_AMOUNT,
    EMV_BAD_CRC,
    EMV_BAD_CURRENCY,
    EMV_INVALID,
    EMV_NO_PAYEE,
    EMV_TRUNCATED,
    PaymentCodeError,
)
from sightline.codes.schemes import COUNTRY_CURRENCY, national_scheme, payee_account
from sightline.codes.tlv import (
    DataObject,
    emv_crc,
    encode_template,
    encode_tlv,
    is_digits,
    parse_tlv,
)

__all__ = ["MerchantQr", "PaymentCodeError", "build_emv_qr", "parse_emv_qr"]

_AMOUNT: Final = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_HEX: Final = frozenset("0123456789ABCDEFabcdef")
_ALPHA: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
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


def _split(text: str, in_bytes: bool, where: str, offset: int = 0) -> tuple[DataObject, ...]:
    """Data objects of `text`, lengths in characters or (`in_bytes`) in UTF-8 bytes."""
    if not in_bytes:
        return parse_tlv(text, where=where, offset=offset)
    raw = text.encode("utf-8").decode("latin-1")
    objects = []
    for obj in parse_tlv(raw, where=where, offset=offset):
        try:
            value = obj.value.encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:
            raise PaymentCodeError(
                EMV_TRUNCATED, f"tag {obj.tag} in {where} ends inside a character"
            ) from None
        objects.append(DataObject(obj.tag, value, obj.position))
    return tuple(objects)


def _template(obj: DataObject, name: str, in_bytes: bool) -> dict[str, str] | None:
    """A template's data objects, None when its value is not made of data objects."""
    where = f"{name} (tag {obj.tag})"
    try:
        objects = _split(obj.value, in_bytes, where, obj.position + 4)
    except PaymentCodeError:
        return None
    return {sub.tag: sub.value for sub in objects}


def _check_amount(value: str, name: str, max_length: int = 13) -> None:
    if len(value) > max_length or not _AMOUNT.fullmatch(value):
        raise PaymentCodeError(
            EMV_BAD_AMOUNT,
            f"{name} {value!r} is not an amount: digits with an optional '.' decimal mark, "
            f"at most {max_length} characters",
        )


def _check_crc(payload: str) -> str:
    tail = payload[-8:]
    if len(payload) < 12 or tail[:4] != "6304":
        raise PaymentCodeError(
            EMV_TRUNCATED, "the code is cut short: it does not end in its checksum (tag 63)"
        )
    crc = tail[4:]
    if not all(c in _HEX for c in crc):
        raise PaymentCodeError(EMV_BAD_CRC, f"the CRC (tag 63) must be 4 hex digits, got {crc!r}")
    expected = emv_crc(payload[:-4])
    if crc.upper() != expected:
        raise PaymentCodeError(
            EMV_BAD_CRC, f"CRC mismatch: the payload says {crc}, its content gives {expected}"
        )
    return crc


def _top_level(payload: str, in_bytes: bool) -> tuple[DataObject, ...]:
    objects = _split(payload, in_bytes, "payload")
    if objects[-1].tag != "63":
        raise PaymentCodeError(
            EMV_TRUNCATED,
            f"tag {objects[-1].tag} at position {objects[-1].position} runs over the checksum "
            "(tag 63): its length is wrong",
        )
    return objects


def _objects(payload: str) -> tuple[tuple[DataObject, ...], bool]:
    """The top-level data objects, and whether lengths count UTF-8 bytes (tried only when
    counting characters fails on a payload with non-ASCII text)."""
    try:
        return _top_level(payload, False), False
    except PaymentCodeError as by_characters:
        if payload.isascii():
            raise
        try:
            return _top_level(payload, True), True
        except PaymentCodeError:
            raise by_characters from None


def _currency(values: dict[str, Any]) -> None:
    raw = values.get("currency")
    scheme = national_scheme(values["merchant_accounts"])
    if raw is None or not raw.strip():
        country = (values.get("country") or (scheme.country if scheme else "")).upper()
        fallback = scheme.currency if scheme is not None else COUNTRY_CURRENCY.get(country)
        if fallback is None:
            raise PaymentCodeError(
                EMV_BAD_CURRENCY, "the code names no currency (tag 53) and no scheme that has one"
            )
        values["currency"], values["currency_from_scheme"] = fallback, True
    elif not is_digits(raw, 3):
        alpha = currency_by_alpha(raw.strip()) if len(raw.strip()) == 3 else None
        if alpha is None:
            raise PaymentCodeError(
                EMV_BAD_CURRENCY,
                f"currency (tag 53) must be an ISO 4217 code of 3 digits, got {raw!r}",
            )
        values["currency"] = alpha.numeric
    if values.get("country") is None and scheme is not None:
        values["country"] = scheme.country


def _fees(values: dict[str, Any]) -> None:
    tip = values.get("tip_or_convenience_indicator")
    for indicator, tag, name, width in (
        ("02", "56", "convenience_fee_fixed", 13),
        ("03", "57", "convenience_fee_percentage", 5),
    ):
        if values.get(name) is not None and tip == indicator:
            _check_amount(values[name], f"{name.replace('_', ' ')} (tag {tag})", width)
        elif tip == indicator:
            raise PaymentCodeError(
                EMV_BAD_AMOUNT, f"tag 55 is {indicator} but tag {tag} ({name}) is missing"
            )


def _check_fields(values: dict[str, Any]) -> None:
    amount = values.get("amount")
    if amount is not None:
        if not amount.strip():
            values["amount"] = None
        else:
            _check_amount(amount, "transaction amount (tag 54)")
            if Decimal(amount) == 0:
                values["amount"] = None  # zero: the payer enters the amount, as in a static code
    _fees(values)
    _currency(values)
    country = values.get("country")
    if country is not None and not (len(country) == 2 and all(c in _ALPHA for c in country)):
        values["country"] = None  # unreadable: shown without a country
    elif country is not None:
        values["country"] = country.upper()
    account = payee_account(
        values["merchant_accounts"], values["card_network_accounts"], values["proprietary_accounts"]
    )
    scheme = national_scheme(values["merchant_accounts"])
    values["scheme"] = scheme.name if scheme is not None else None
    if account is not None:
        values["payee_account"], values["payee_label"] = account.account, account.label
    named = (values.get("merchant_name") or "").strip() or (
        values["merchant_information_language"].get("01", "").strip()
    )
    if account is None and not named:
        raise PaymentCodeError(
            EMV_NO_PAYEE, "the code names neither a payee account (tags 02–51) nor a payee name"
        )


def parse_emv_qr(payload: str) -> MerchantQr:
    """Parse and validate an EMVCo merchant-presented mode QR payload.

    Args:
        payload: The decoded QR text, exactly as scanned.

    Returns:
        The merchant QR with templates decomposed.

    Raises:
        PaymentCodeError: `emv_bad_crc` (the CRC does not match or is not hex),
            `emv_truncated` (cut short, or a field runs past the end), `emv_ambiguous` (a tag
            given twice), `emv_bad_amount`, `emv_bad_currency`, `emv_no_payee` (neither a
            payee account nor a name), `emv_invalid` (anything else: not starting with tag
            00, an ID or length that is not digits, the CRC not last).
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
    crc = _check_crc(payload)
    objects, in_bytes = _objects(payload)
    if objects[0].value != "01":
        raise _invalid(f"payload format indicator (tag 00) must be '01', got {objects[0].value!r}")
    values: dict[str, Any] = {
        "payload": payload,
        "payload_format": "01",
        "crc": crc,
        "objects": tuple((obj.tag, obj.value) for obj in objects),
        "card_network_accounts": {},
        "merchant_accounts": {},
        "proprietary_accounts": {},
        "additional_data": {},
        "merchant_information_language": {},
        "raw_templates": {},
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
            template = _template(obj, "merchant account information", in_bytes)
            if template is None:
                values["proprietary_accounts"][obj.tag] = obj.value
            else:
                values["merchant_accounts"][obj.tag] = template
        elif obj.tag in _SIMPLE:
            values[_SIMPLE[obj.tag]] = obj.value
        elif obj.tag in ("62", "64"):
            name = "additional_data" if obj.tag == "62" else "merchant_information_language"
            template = _template(obj, name.replace("_", " "), in_bytes)
            if template is None:
                values["raw_templates"][obj.tag] = obj.value
            else:
                values[name] = template
        elif 65 <= number <= 79:
            values["rfu"][obj.tag] = obj.value
        elif number >= 80:
            values["unreserved"][obj.tag] = obj.value
            template = _template(obj, "unreserved template", in_bytes)
            if template is not None:
                values["unreserved_templates"][obj.tag] = template
    _check_fields(values)
    return MerchantQr.model_validate(values)


def build_emv_qr(
    *,
    merchant_name: str | None,
    merchant_city: str | None,
    mcc: str | None,
    currency: str | None,
    country: str | None,
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
        merchant_name: Tag 59; None omits it (as national transfer codes do).
        merchant_city: Tag 60; None omits it.
        mcc: Tag 52, 4 digits; None omits it.
        currency: Tag 53: ISO 4217 numeric ("978") or, if in the table, alphabetic ("EUR");
            None omits it.
        country: Tag 58, 2 letters; None omits it.
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
    alpha = currency_by_alpha(currency) if currency and not is_digits(currency) else None
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

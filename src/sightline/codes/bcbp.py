"""IATA BCBP (Resolution 792) boarding pass barcode parser, format "M".

Layout: 23 mandatory unique characters (format code, number of legs, passenger name,
electronic ticket indicator), then per leg 35 mandatory characters and a 2-hex-digit size of
the leg's variable part. In the first leg that variable part starts with ">", the version
number and a unique conditional section (2-hex size + fields); in every leg it then holds a
repeated conditional section (2-hex size + fields) and whatever remains is the airline's
private data. Optional security data follows the last leg: "^", type, 2-hex length, data.
Conditional sections may stop after any whole field (older versions have fewer) and may be
longer than the fields known here (newer versions); the extra is kept in `raw_fields`.
"""

from __future__ import annotations

from typing import Any, Final

from sightline.codes.bcbp_model import BoardingPass, Leg, issue_to_date, julian_to_date
from sightline.codes.errors import BcbpError

__all__ = ["BcbpError", "BoardingPass", "Leg", "issue_to_date", "julian_to_date", "parse_bcbp"]

_DIGITS: Final = frozenset("0123456789")
_HEX: Final = frozenset("0123456789ABCDEFabcdef")
MAX_LEGS: Final = 4

_LEG_FIELDS: Final = (
    ("pnr", 7),
    ("from", 3),
    ("to", 3),
    ("carrier", 3),
    ("flight", 5),
    ("julian_date", 3),
    ("compartment", 1),
    ("seat", 4),
    ("sequence", 5),
    ("passenger_status", 1),
)
_UNIQUE_FIELDS: Final = (
    ("passenger_description", 1),
    ("source_of_check_in", 1),
    ("source_of_boarding_pass_issuance", 1),
    ("date_of_issue", 4),
    ("document_type", 1),
    ("boarding_pass_issuer", 3),
    ("baggage_tag_numbers", 13),
    ("first_non_consecutive_baggage_tags", 13),
    ("second_non_consecutive_baggage_tags", 13),
)
_REPEATED_FIELDS: Final = (
    ("airline_numeric_code", 3),
    ("document_serial_number", 10),
    ("selectee_indicator", 1),
    ("international_document_verification", 1),
    ("marketing_carrier", 3),
    ("frequent_flyer_airline", 3),
    ("frequent_flyer_number", 16),
    ("id_ad_indicator", 1),
    ("free_baggage_allowance", 3),
    ("fast_track", 1),
)
_FAST_TRACK: Final = {"Y": True, "N": False}


class _Cursor:
    """Reads fixed-width fields from `text[start:end]`, naming the section in its errors."""

    def __init__(self, text: str, start: int, end: int, name: str) -> None:
        self.text, self.pos, self.end, self.name = text, start, end, name

    @property
    def left(self) -> int:
        return self.end - self.pos

    def take(self, width: int, field: str) -> str:
        if self.left < width:
            where = "input" if self.name == "pass" else self.name
            raise BcbpError(
                f"too short: {where} ends inside {field} at position {self.pos} "
                f"({field} needs {width}, {self.left} left)"
            )
        value = self.text[self.pos : self.pos + width]
        self.pos += width
        return value

    def number(self, width: int, field: str, digits: frozenset[str], base: int) -> int:
        at = self.pos
        value = self.take(width, field)
        if not all(c in digits for c in value):
            kind = "hexadecimal" if base == 16 else "numeric"
            raise BcbpError(
                f"non-numeric field: {field} at position {at} must be {kind}, got {value!r}"
            )
        return int(value, base)

    def section(self, size: int, name: str) -> _Cursor:
        if size > self.left:
            where = "input" if self.name == "pass" else self.name
            raise BcbpError(
                f"{name} size overruns: {size} characters declared at position {self.pos}, "
                f"only {self.left} left in the {where}"
            )
        sub = _Cursor(self.text, self.pos, self.pos + size, name)
        self.pos += size
        return sub

    def rest(self) -> str:
        value = self.text[self.pos : self.end]
        self.pos = self.end
        return value


def _clean(raw: str | None) -> str | None:
    """Trim padding; blank or absent is None."""
    value = raw.strip() if raw is not None else ""
    return value or None


def _read_fields(cursor: _Cursor, fields: tuple[tuple[str, int], ...], raw: dict[str, str]) -> None:
    """Read `fields` in order until the section ends (only between fields), into `raw`."""
    for name, width in fields:
        if cursor.left == 0:
            return
        raw[name] = cursor.take(width, name)


def _check_digits(raw: dict[str, str], field: str, width: int) -> None:
    """Require `field`, when present and not blank, to be all digits."""
    value = raw.get(field)
    if value is not None and value.strip() and not all(c in _DIGITS for c in value):
        raise BcbpError(f"non-numeric field: {field} must be {width} digits, got {value!r}")


def _parse_leg(cursor: _Cursor, index: int, header: dict[str, str]) -> Leg:
    """Parse leg `index` (0-based); the first leg also fills the pass-level `header`."""
    raw: dict[str, str] = {}
    for name, width in _LEG_FIELDS:
        if name == "julian_date":
            at = cursor.pos
            julian = cursor.number(width, f"date of flight (leg {index + 1})", _DIGITS, 10)
            if not 1 <= julian <= 366:
                raise BcbpError(f"date of flight {julian:03d} at position {at} is not 001–366")
            raw[name] = f"{julian:03d}"
        else:
            raw[name] = cursor.take(width, f"{name} (leg {index + 1})")
    size = cursor.number(2, f"variable field size (leg {index + 1})", _HEX, 16)
    var = cursor.section(size, f"variable-size field of leg {index + 1}")
    raw["variable_size_field"] = var.text[var.pos : var.end]
    if index == 0 and var.left:
        at = var.pos
        mark = var.take(1, "beginning of version number")
        if mark != ">":
            raise BcbpError(
                f"bad conditional section: leg 1 variable-size field must start with '>' "
                f"(beginning of version number), found {mark!r} at position {at}"
            )
        if var.left:
            at = var.pos
            header["version_number"] = var.take(1, "version number")
            if header["version_number"] not in _DIGITS:
                raise BcbpError(
                    f"non-numeric field: version number at position {at} is "
                    f"{header['version_number']!r}"
                )
        if var.left:
            unique_size = var.number(2, "unique conditional size", _HEX, 16)
            unique = var.section(unique_size, "unique conditional section")
            header["unique_conditional"] = unique.text[unique.pos : unique.end]
            _read_fields(unique, _UNIQUE_FIELDS, header)
            _check_digits(header, "date_of_issue", 4)
    if var.left:
        repeated_size = var.number(2, f"repeated conditional size (leg {index + 1})", _HEX, 16)
        repeated = var.section(repeated_size, f"repeated conditional section of leg {index + 1}")
        raw["repeated_conditional"] = repeated.text[repeated.pos : repeated.end]
        _read_fields(repeated, _REPEATED_FIELDS, raw)
        _check_digits(raw, "airline_numeric_code", 3)
    if var.left:
        raw["airline_individual_use"] = var.rest()
    values: dict[str, Any] = {name: _clean(raw.get(name)) for name, _ in _LEG_FIELDS}
    values.update({name: _clean(raw.get(name)) for name, _ in _REPEATED_FIELDS})
    for name in ("pnr", "from", "to", "carrier", "flight"):
        values[name] = values[name] or ""
    values["julian_date"] = int(raw["julian_date"])
    values["fast_track"] = _FAST_TRACK.get(raw.get("fast_track", " "))
    values["airline_individual_use"] = raw.get("airline_individual_use", "").rstrip() or None
    values["raw_fields"] = raw
    return Leg.model_validate(values)


def parse_bcbp(text: str) -> BoardingPass:
    """Parse an IATA BCBP boarding pass barcode (format "M", Resolution 792 versions 1–8).

    Args:
        text: The decoded barcode text (printable ASCII), not stripped of trailing spaces.

    Returns:
        The boarding pass, values trimmed of padding, raw slices in `raw_fields`.

    Raises:
        BcbpError: (`bcbp_invalid`) if the text is not a well-formed format "M" pass: too
            short, wrong format code, bad leg count, non-numeric or non-hex field, a
            conditional section whose size overruns its container, a missing "^" before
            security data, or characters after the security data.
    """
    if not isinstance(text, str):
        raise BcbpError(f"expected text, got {type(text).__name__}")
    if not text:
        raise BcbpError("too short: empty input")
    for at, char in enumerate(text):
        if not " " <= char <= "~":
            raise BcbpError(f"invalid character {char!r} at position {at}: BCBP is printable ASCII")
    if text[0] != "M":
        raise BcbpError(f"bad format code {text[0]!r}: only format 'M' (IATA BCBP) is supported")
    cursor = _Cursor(text, 1, len(text), "pass")
    header: dict[str, str] = {"format_code": "M"}
    legs_raw = cursor.take(1, "number of legs")
    header["number_of_legs"] = legs_raw
    if legs_raw not in _DIGITS or not 1 <= int(legs_raw) <= MAX_LEGS:
        raise BcbpError(f"bad leg count {legs_raw!r}: must be a digit 1–{MAX_LEGS}")
    header["passenger_name"] = cursor.take(20, "passenger name")
    header["electronic_ticket_indicator"] = cursor.take(1, "electronic ticket indicator")
    legs = tuple(_parse_leg(cursor, index, header) for index in range(int(legs_raw)))
    if cursor.left:
        at = cursor.pos
        mark = cursor.take(1, "beginning of security data")
        if mark != "^":
            raise BcbpError(
                f"unexpected {mark!r} at position {at} after the last leg: expected "
                "'^' (beginning of security data) or the end"
            )
        header["security_data_type"] = cursor.take(1, "type of security data")
        length = cursor.number(2, "length of security data", _HEX, 16)
        header["security_data"] = cursor.take(length, "security data")
        if cursor.left:
            raise BcbpError(
                f"trailing characters after the security data at position "
                f"{cursor.pos}: {cursor.rest()[:20]!r}"
            )
    values: dict[str, Any] = {name: _clean(header.get(name)) for name, _ in _UNIQUE_FIELDS}
    return BoardingPass(
        data=text,
        format_code="M",
        number_of_legs=len(legs),
        passenger_name=header["passenger_name"].strip(),
        electronic_ticket_indicator=header["electronic_ticket_indicator"],
        electronic_ticket=header["electronic_ticket_indicator"] == "E",
        legs=legs,
        version_number=header.get("version_number"),
        security_data_type=_clean(header.get("security_data_type")),
        security_data=header.get("security_data") or None,
        raw_fields=header,
        **values,
    )

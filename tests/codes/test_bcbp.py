"""IATA BCBP parser: dev vectors, one test per rule, and property tests with a small builder."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.codes.bcbp import BcbpError, parse_bcbp
from sightline.codes.bcbp_model import issue_to_date, julian_to_date

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
VECTORS = DATA / "travel" / "bcbp_dev.jsonl"
_META = {"data", "valid", "source", "test", "direction", "note", "legs", "error", "error_message"}


def _vectors() -> list[Any]:
    if not VECTORS.exists():
        if os.environ.get("SIGHTLINE_REQUIRE_SHARED_DATA"):
            return [pytest.param(None, id="missing")]
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{VECTORS} is absent"))]
    lines = VECTORS.read_text(encoding="utf-8").splitlines()
    return [pytest.param(json.loads(line), id=f"line{n}") for n, line in enumerate(lines, 1)]


@pytest.mark.parametrize("vector", _vectors())
def test_dev_vector(vector: dict[str, Any] | None) -> None:
    if vector is None:
        pytest.fail(f"{VECTORS} is missing")
    if not vector["valid"]:
        with pytest.raises(BcbpError) as caught:
            parse_bcbp(vector["data"])
        assert caught.value.code == "bcbp_invalid"
        assert caught.value.message
        return
    result = parse_bcbp(vector["data"]).model_dump(by_alias=True)
    for key, expected in vector.items():
        if key not in _META:
            assert result[key] == expected, key
    assert len(result["legs"]) == len(vector["legs"])
    for leg, expected_leg in zip(result["legs"], vector["legs"], strict=True):
        for key, expected in expected_leg.items():
            assert leg[key] == expected, key


# --- A small builder of valid strings ------------------------------------------------------

LEG_WIDTHS = (
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
UNIQUE_WIDTHS = (
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
REPEATED_WIDTHS = (
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


def _pad(fields: dict[str, str], widths: tuple[tuple[str, int], ...]) -> str:
    return "".join(fields[name].ljust(width) for name, width in widths if name in fields)


def build_bcbp(
    name: str,
    legs: list[dict[str, Any]],
    unique: dict[str, str] | None = None,
    version: str = "6",
    security: tuple[str, str] | None = None,
) -> str:
    """Encode a pass; each leg has its mandatory fields, optional `repeated`, `airline`."""
    out = ["M", str(len(legs)), name.ljust(20), "E"]
    for index, leg in enumerate(legs):
        out.append(_pad({k: str(v) for k, v in leg.items()}, LEG_WIDTHS))
        repeated = _pad(leg.get("repeated", {}), REPEATED_WIDTHS)
        tail = f"{len(repeated):02X}{repeated}{leg.get('airline', '')}"
        if tail == "00":
            tail = ""
        if index == 0 and (unique is not None or tail):
            body = _pad(unique or {}, UNIQUE_WIDTHS)
            tail = f">{version}{len(body):02X}{body}{tail}"
        out.append(f"{len(tail):02X}{tail}")
    if security is not None:
        out.append(f"^{security[0]}{len(security[1]):02X}{security[1]}")
    return "".join(out)


def _leg(**overrides: Any) -> dict[str, Any]:
    leg: dict[str, Any] = {
        "pnr": "ABC123",
        "from": "YUL",
        "to": "FRA",
        "carrier": "AC",
        "flight": "0834",
        "julian_date": "326",
        "compartment": "J",
        "seat": "001A",
        "sequence": "0025",
        "passenger_status": "1",
    }
    leg.update(overrides)
    return leg


MINIMAL = build_bcbp("DESMARAIS/LUC", [_leg()])


def _error(text: str) -> str:
    with pytest.raises(BcbpError) as caught:
        parse_bcbp(text)
    assert caught.value.code == "bcbp_invalid"
    return caught.value.message


# --- One test per rule ---------------------------------------------------------------------


def test_minimal_mandatory_pass() -> None:
    bp = parse_bcbp(MINIMAL)
    assert (bp.format_code, bp.number_of_legs, bp.passenger_name) == ("M", 1, "DESMARAIS/LUC")
    assert bp.electronic_ticket and bp.version_number is None and bp.security_data is None
    leg = bp.legs[0]
    assert (leg.pnr, leg.from_, leg.to, leg.carrier, leg.flight) == (
        "ABC123",
        "YUL",
        "FRA",
        "AC",
        "0834",
    )
    assert (leg.julian_date, leg.seat, leg.sequence, leg.airline_individual_use) == (
        326,
        "001A",
        "0025",
        None,
    )


def test_raw_slices_keep_padding() -> None:
    bp = parse_bcbp(MINIMAL)
    assert bp.raw_fields["passenger_name"] == "DESMARAIS/LUC       "
    assert bp.legs[0].raw_fields["pnr"] == "ABC123 "
    assert bp.legs[0].raw_fields["flight"] == "0834 "


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "too short"),
        ("M1DESMARAIS", "too short"),
        (MINIMAL[:-1], "too short"),
        ("S" + MINIMAL[1:], "format code"),
        ("m" + MINIMAL[1:], "format code"),
        ("M0" + MINIMAL[2:], "leg count"),
        ("M5" + MINIMAL[2:], "leg count"),
        ("MX" + MINIMAL[2:], "leg count"),
        ("M2" + MINIMAL[2:], "too short"),
        (MINIMAL[:44] + "3A6" + MINIMAL[47:], "non-numeric"),
        (MINIMAL[:44] + "000" + MINIMAL[47:], "001–366"),
        (MINIMAL[:44] + "367" + MINIMAL[47:], "001–366"),
        (MINIMAL[:-2] + "G0", "hexadecimal"),
        (MINIMAL[:-2] + "05>6", "overruns"),
        (MINIMAL + "X", "expected '^'"),
        (MINIMAL + "^1", "too short"),
        (MINIMAL + "^1ZZ", "hexadecimal"),
        (MINIMAL + "^104AB", "too short"),
        (MINIMAL + "^102AB+", "trailing"),
        (MINIMAL.replace("LUC", "LUÇ"), "invalid character"),
        (MINIMAL.replace("LUC", "LU\n"), "invalid character"),
        (MINIMAL[:-2] + "02+6", "'>'"),
        (MINIMAL[:-2] + "02>X", "version number"),
        (MINIMAL[:-2] + "05>610W", "overruns"),
        (MINIMAL[:-2] + "09>605WWX62", "ends inside date_of_issue"),
        (MINIMAL[:-2] + "0B>607WWX6A25", "non-numeric"),
        (MINIMAL[:-2] + "03>60", "too short"),
        (MINIMAL[:-2] + "06>6000A", "overruns"),
    ],
)
def test_invalid_strings_say_what_is_wrong(text: str, words: str) -> None:
    assert words in _error(text)


def test_error_is_a_sightline_error_with_stable_code() -> None:
    with pytest.raises(BcbpError) as caught:
        parse_bcbp("X")
    assert caught.value.as_dict()["code"] == "bcbp_invalid"


def test_repeated_airline_numeric_code_is_numeric() -> None:
    bad = build_bcbp("A/B", [_leg(repeated={"airline_numeric_code": "01X"})])
    assert "airline_numeric_code" in _error(bad)


def test_sections_may_stop_early_or_run_long() -> None:
    unique = {"passenger_description": "1", "source_of_check_in": "W"}
    bp = parse_bcbp(build_bcbp("A/B", [_leg()], unique=unique, version="2"))
    assert (bp.version_number, bp.passenger_description, bp.source_of_check_in) == ("2", "1", "W")
    assert bp.date_of_issue is None
    body = "1WW6225BAC 0014123456003" + " " * 26 + "NEWFIELD"
    var = f">6{len(body):02X}{body}"
    bp = parse_bcbp(MINIMAL[:-2] + f"{len(var):02X}{var}")
    assert bp.baggage_tag_numbers == "0014123456003"
    assert bp.raw_fields["unique_conditional"].endswith("NEWFIELD")


def test_leg_without_repeated_section_has_airline_data() -> None:
    bp = parse_bcbp(build_bcbp("A/B", [_leg(), _leg(airline="PRIVATE  ")]))
    assert bp.legs[1].airline_individual_use == "PRIVATE"
    assert bp.legs[1].raw_fields["airline_individual_use"] == "PRIVATE  "
    assert bp.legs[1].airline_numeric_code is None


def test_lowercase_hex_sizes_are_accepted() -> None:
    text = build_bcbp("A/B", [_leg(airline="X" * 20)])
    assert "1A>6" in text
    assert parse_bcbp(text.replace("1A>6", "1a>6")).legs[0].airline_individual_use == "X" * 20


@pytest.mark.parametrize(("raw", "value"), [("Y", True), ("N", False), (" ", None)])
def test_fast_track(raw: str, value: bool | None) -> None:
    repeated = {name: "" for name, _ in REPEATED_WIDTHS} | {"fast_track": raw}
    assert parse_bcbp(build_bcbp("A/B", [_leg(repeated=repeated)])).legs[0].fast_track is value


def test_blank_seat_and_sequence_are_none() -> None:
    leg = parse_bcbp(build_bcbp("A/B", [_leg(compartment="", seat="", sequence="")])).legs[0]
    assert (leg.compartment, leg.seat, leg.sequence) == (None, None, None)


@pytest.mark.parametrize(
    ("day", "reference", "expected"),
    [
        (326, date(2024, 11, 1), date(2024, 11, 21)),
        (3, date(2024, 12, 30), date(2025, 1, 3)),
        (360, date(2025, 1, 2), date(2024, 12, 25)),
        (366, date(2024, 6, 1), date(2024, 12, 31)),
        (366, date(2023, 6, 1), date(2024, 12, 31)),
        (60, date(2024, 2, 1), date(2024, 2, 29)),
        (1, date(1, 1, 1), date(1, 1, 1)),
    ],
)
def test_julian_to_date(day: int, reference: date, expected: date) -> None:
    assert julian_to_date(day, reference) == expected


def test_julian_helpers_reject_bad_days() -> None:
    for bad in (0, 367):
        with pytest.raises(BcbpError):
            julian_to_date(bad, date(2024, 1, 1))
    for text in ("62A5", "600", "6000", "6367"):
        with pytest.raises(BcbpError):
            issue_to_date(text, date(2024, 1, 1))


def test_issue_and_flight_dates_from_the_pass() -> None:
    unique = {"passenger_description": "1", "source_of_check_in": "W"}
    unique |= {"source_of_boarding_pass_issuance": "W", "date_of_issue": "6225"}
    bp = parse_bcbp(build_bcbp("A/B", [_leg(julian_date="226")], unique=unique))
    assert bp.issue_date(date(2026, 8, 20)) == date(2026, 8, 13)
    assert bp.legs[0].flight_date(date(2026, 8, 20)) == date(2026, 8, 14)
    assert parse_bcbp(MINIMAL).issue_date(date(2026, 1, 1)) is None
    assert issue_to_date("9001", date(2020, 3, 1)) == date(2019, 1, 1)


# --- Properties ----------------------------------------------------------------------------

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _word(width: int, min_size: int = 0) -> st.SearchStrategy[str]:
    return st.text(ALNUM, min_size=min_size, max_size=width)


@st.composite
def _legs(draw: st.DrawFn) -> dict[str, Any]:
    leg: dict[str, Any] = {name: draw(_word(width, 1)) for name, width in LEG_WIDTHS}
    leg["julian_date"] = f"{draw(st.integers(1, 366)):03d}"
    for name in ("compartment", "seat", "sequence"):
        leg[name] = draw(st.sampled_from(["", leg[name]]))
    count = draw(st.integers(0, len(REPEATED_WIDTHS)))
    if count:
        leg["repeated"] = {
            name: draw(st.sampled_from("YN ")) if name == "fast_track" else draw(_word(width))
            for name, width in REPEATED_WIDTHS[:count]
        }
        leg["repeated"]["airline_numeric_code"] = draw(st.sampled_from(["", "014", "220"]))
    if draw(st.booleans()):
        leg["airline"] = draw(st.text(ALNUM + "* ", max_size=30)).rstrip()
    return leg


@st.composite
def _passes(draw: st.DrawFn) -> dict[str, Any]:
    legs = [draw(_legs()) for _ in range(draw(st.integers(1, 4)))]
    unique = None
    if draw(st.booleans()):
        count = draw(st.integers(0, len(UNIQUE_WIDTHS)))
        unique = {name: draw(_word(width)) for name, width in UNIQUE_WIDTHS[:count]}
        if "date_of_issue" in unique:
            unique["date_of_issue"] = draw(st.sampled_from(["", "6225", "0001"]))
    security = None
    if draw(st.booleans()):
        security = (draw(st.sampled_from("12")), draw(st.text(ALNUM + "+/=", max_size=120)))
    name = draw(st.text(ALNUM + "/", min_size=1, max_size=20))
    return {"name": name, "legs": legs, "unique": unique, "security": security}


@settings(max_examples=150, deadline=None)
@given(_passes())
def test_generated_passes_parse_back_field_by_field(spec: dict[str, Any]) -> None:
    text = build_bcbp(spec["name"], spec["legs"], spec["unique"], security=spec["security"])
    bp = parse_bcbp(text)
    assert bp.data == text and bp.passenger_name == spec["name"]
    assert bp.number_of_legs == len(spec["legs"])
    dump = bp.model_dump(by_alias=True)
    for name, _ in UNIQUE_WIDTHS:
        assert dump[name] == ((spec["unique"] or {}).get(name) or None), name
    if spec["security"] is None:
        assert bp.security_data_type is None and bp.security_data is None
    else:
        assert (bp.security_data_type, bp.security_data or "") == spec["security"]
    for leg, want in zip(dump["legs"], spec["legs"], strict=True):
        assert leg["julian_date"] == int(want["julian_date"])
        for name, _ in LEG_WIDTHS[:5]:
            assert leg[name] == want[name], name
        for name, _ in LEG_WIDTHS[6:]:
            assert leg[name] == (want[name] or None), name
        repeated = want.get("repeated", {})
        for name, _ in REPEATED_WIDTHS:
            value = repeated.get(name, " ").strip() or None
            if name == "fast_track":
                assert leg[name] == {"Y": True, "N": False}.get(value or ""), name
            else:
                assert leg[name] == value, name
        assert leg["airline_individual_use"] == (want.get("airline") or None)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_arbitrary_text_raises_only_bcbp_error(text: str) -> None:
    try:
        parse_bcbp(text)
    except BcbpError as error:
        assert error.code == "bcbp_invalid" and error.message


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_corrupted_passes_raise_only_bcbp_error(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from([MINIMAL, build_bcbp("A/B", [_leg(), _leg(airline="Z")])]))
    at = data.draw(st.integers(0, len(text)))
    junk = data.draw(st.text("M1>^ 0123456789ABCDEFZ", max_size=4))
    cut = data.draw(st.integers(0, 4))
    try:
        parse_bcbp(text[:at] + junk + text[at + cut :])
    except BcbpError as error:
        assert error.code == "bcbp_invalid"

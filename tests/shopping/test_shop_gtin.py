"""GTIN check digits, validation and normalisation (unit and property tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sightline.shopping import (
    InvalidGtin,
    check_digit,
    ean13_to_upc_a,
    expand_upce,
    gtin_from_code,
    is_valid_gtin,
    normalize_gtin,
    short_gtin,
    upc_a_to_ean13,
)

digits = st.text(alphabet="0123456789", min_size=1, max_size=20)
lengths = st.sampled_from([8, 12, 13, 14])


def with_check(body: str) -> str:
    return body + str(check_digit(body))


@st.composite
def gtins(draw: st.DrawFn) -> str:
    length = draw(lengths)
    body = draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    return with_check(body)


@pytest.mark.parametrize(
    "code",
    [
        "4000539017100",  # EAN-13
        "036000291452",  # UPC-A
        "96385074",  # EAN-8
        "10614141000415",  # GTIN-14 (GS1 example)
        "9780140013993",  # ISBN as EAN-13
        "5 449000 039231",  # as printed, with spaces
    ],
)
def test_known_codes_are_valid(code: str) -> None:
    assert is_valid_gtin(code)
    assert len(normalize_gtin(code)) == 14


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("4000539017101", "check digit"),
        ("036000291453", "check digit"),  # UPC-A
        ("40005390171", "11 digits"),
        ("10614141000416", "check digit"),  # GTIN-14
        ("4OOO539017100", "letters"),
        ("", "empty"),
        ("٤٠٠٠٥٣٩٠١٧١٠٠", "non-ASCII digits"),
    ],
)
def test_invalid_codes(code: str, why: str) -> None:
    assert not is_valid_gtin(code), why
    with pytest.raises(InvalidGtin) as raised:
        normalize_gtin(code)
    assert raised.value.code == "gtin_invalid"


def test_upc_a_and_ean13_are_one_product() -> None:
    assert normalize_gtin("036000291452") == normalize_gtin("0036000291452") == "00036000291452"
    assert upc_a_to_ean13("036000291452") == "0036000291452"
    assert ean13_to_upc_a("0036000291452") == "036000291452"
    assert ean13_to_upc_a("4000539017100") is None
    assert short_gtin("00036000291452") == "036000291452"
    assert short_gtin("04000539017100") == "4000539017100"
    assert short_gtin("00000096385074") == "96385074"
    assert short_gtin("10614141000415") == "10614141000415"


def test_upce_expands_to_upc_a() -> None:
    assert expand_upce("04252614") == "042100005264"
    assert expand_upce("01234505") == "012000003455"
    assert gtin_from_code("04252614", "UPCE") == "00042100005264"
    with pytest.raises(InvalidGtin):
        expand_upce("04252615")


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("4000539017100", "EAN13", "04000539017100"),
        ("036000291452", "UPCA", "00036000291452"),
        ("https://id.gs1.org/01/09506000134352/10/ABC", "QRCode", "09506000134352"),
        ("(01)09506000134352(17)251231", "DataMatrix", "09506000134352"),
        ("0109506000134352172512311012", "DataMatrix", "09506000134352"),
        ("https://example.com/menu", "QRCode", None),
        ("4000539017101", "EAN13", None),
        ("hello", "", None),
    ],
)
def test_gtin_from_code(text: str, fmt: str, expected: str | None) -> None:
    assert gtin_from_code(text, fmt) == expected


@given(body=digits)
def test_appending_the_check_digit_makes_a_valid_code(body: str) -> None:
    code = with_check(body)
    assert is_valid_gtin(code) == (len(code) in (8, 12, 13, 14))


@given(code=gtins(), position=st.integers(min_value=0, max_value=13), shift=st.integers(1, 9))
def test_any_single_digit_error_is_caught(code: str, position: int, shift: int) -> None:
    i = position % len(code)
    wrong = code[:i] + str((int(code[i]) + shift) % 10) + code[i + 1 :]
    assert is_valid_gtin(code)
    assert not is_valid_gtin(wrong)


@given(code=gtins())
def test_normalisation_is_canonical_and_reversible(code: str) -> None:
    gtin = normalize_gtin(code)
    assert len(gtin) == 14 and gtin.endswith(code) and is_valid_gtin(gtin)
    assert normalize_gtin(gtin) == gtin
    assert normalize_gtin(short_gtin(gtin)) == gtin


@given(text=st.text(max_size=40), fmt=st.sampled_from(["", "EAN13", "UPCE", "QRCode"]))
def test_reading_codes_never_crashes(text: str, fmt: str) -> None:
    found = gtin_from_code(text, fmt)
    assert found is None or (len(found) == 14 and is_valid_gtin(found))


def test_every_scanned_ean13_photo_is_valid(shared_data: Path) -> None:
    expected = sorted((shared_data / "scan" / "ean13-1").glob("*[0-9].txt"))
    assert expected
    for path in expected:
        code = path.read_text().strip()
        assert gtin_from_code(code, "EAN13") == normalize_gtin(code), path.name

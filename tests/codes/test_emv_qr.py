"""EMVCo merchant-presented QR: dev vectors, one test per rule, build → parse round trips."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.codes import (
    MerchantQr,
    PaymentCodeError,
    build_emv_qr,
    currency_by_alpha,
    currency_by_numeric,
    parse_emv_qr,
    parse_payment_code,
)
from sightline.codes.tlv import crc16_ccitt_false, emv_crc

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
VECTORS = DATA / "payments" / "emv_dev.jsonl"
SAMPLE = (
    "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN"
    "5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412"
    "340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A"
)
EMV_CODES = {
    "emv_invalid",
    "emv_bad_crc",
    "emv_truncated",
    "emv_ambiguous",
    "emv_no_payee",
    "emv_bad_amount",
    "emv_bad_currency",
}


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
        with pytest.raises(PaymentCodeError) as caught:
            parse_emv_qr(vector["payload"])
        assert caught.value.code in EMV_CODES and caught.value.message
        if "checksum" in vector["test"]:
            assert caught.value.code == "emv_bad_crc"
        with pytest.raises(PaymentCodeError) as front:
            parse_payment_code(vector["payload"])
        assert front.value.code in EMV_CODES | {"not_payment_code"}
        return
    for parse in (parse_emv_qr, parse_payment_code):
        result = parse(vector["payload"])
        assert isinstance(result, MerchantQr)
        dump = result.model_dump()
        for key, expected in vector["fields"].items():
            assert dump[key] == expected, key


def _seal(body: str) -> str:
    """Append a correct CRC to a payload body (without "6304")."""
    return body + "6304" + emv_crc(body + "6304")


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


BASE = {
    "26": _tlv("00", "A000000001") + _tlv("01", "merchant-1"),
    "52": "5812",
    "53": "978",
    "58": "FR",
    "59": "CAFE DU COIN",
    "60": "PARIS",
}


def _payload(**overrides: str | None) -> str:
    """A valid static payload with some top-level tags replaced (None drops the tag)."""
    objects = {"01": "11"} | BASE | {k.lstrip("t"): v for k, v in overrides.items()}
    return _seal("000201" + "".join(_tlv(t, v) for t, v in objects.items() if v is not None))


def _error(payload: str) -> PaymentCodeError:
    with pytest.raises(PaymentCodeError) as caught:
        parse_emv_qr(payload)
    return caught.value


def test_crc16_ccitt_false_check_value() -> None:
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert emv_crc(SAMPLE[:-4]) == "A13A"


def test_official_sample() -> None:
    qr = parse_emv_qr(SAMPLE)
    assert qr.is_dynamic and not qr.is_static
    assert (qr.currency_alpha, qr.currency_info and qr.currency_info.minor_units) == ("CNY", 2)
    assert str(qr.amount_value) == "23.72"
    assert qr.merchant_information_language["01"] == "最佳运输"
    assert qr.unreserved_templates["91"] == {"00": "A011223344998877", "07": "12345678"}
    assert qr.objects[0] == ("00", "01") and qr.objects[-1] == ("63", "A13A")


def test_lowercase_crc_is_accepted() -> None:
    assert parse_emv_qr(SAMPLE[:-4] + "a13a").crc == "a13a"


def test_bad_crc() -> None:
    error = _error(SAMPLE[:-4] + "A13B")
    assert error.code == "emv_bad_crc" and "A13A" in error.message


def test_templates_in_any_order_and_unknown_tags_ignored() -> None:
    body = (
        "000201" + _tlv("62", _tlv("05", "REF1")) + _tlv("60", "PARIS") + _tlv("53", "978")
        + _tlv("70", "future") + _tlv("59", "CAFE") + _tlv("26", BASE["26"])
        + _tlv("85", "not a template!") + _tlv("58", "FR") + _tlv("52", "5812")
        + _tlv("01", "12")
    )  # fmt: skip
    qr = parse_emv_qr(_seal(body))
    assert qr.is_dynamic and qr.additional_data == {"05": "REF1"}
    assert qr.rfu == {"70": "future"} and qr.unreserved == {"85": "not a template!"}
    assert "85" not in qr.unreserved_templates


def test_point_of_initiation_is_optional() -> None:
    qr = parse_emv_qr(_payload(t01=None))
    assert qr.point_of_initiation is None and qr.is_static


def test_card_network_accounts_count_as_merchant_accounts() -> None:
    qr = parse_emv_qr(_payload(t26=None, t04="5412345678901234"))
    assert qr.card_network_accounts == {"04": "5412345678901234"} and not qr.merchant_accounts


@pytest.mark.parametrize(
    ("overrides", "code", "words"),
    [
        ({"t26": None, "t59": None}, "emv_no_payee", "neither"),
        ({"t26": None, "t59": "  "}, "emv_no_payee", "neither"),
        ({"t26": _tlv("00", "A000000001"), "t59": None}, "emv_no_payee", "neither"),
        ({"t53": None}, "emv_bad_currency", "no currency"),
        ({"t53": None, "t58": None}, "emv_bad_currency", "no currency"),
        ({"t53": "EU"}, "emv_bad_currency", "tag 53"),
        ({"t53": "XYZ"}, "emv_bad_currency", "tag 53"),
        ({"t54": "1,00"}, "emv_bad_amount", "amount"),
        ({"t54": "-1"}, "emv_bad_amount", "amount"),
        ({"t54": "1.2.3"}, "emv_bad_amount", "amount"),
        ({"t54": "12345678901234"}, "emv_bad_amount", "amount"),
        ({"t54": "12 EUR"}, "emv_bad_amount", "amount"),
        ({"t55": "02"}, "emv_bad_amount", "tag 56"),
        ({"t55": "03"}, "emv_bad_amount", "tag 57"),
        ({"t55": "03", "t57": "abc"}, "emv_bad_amount", "tag 57"),
    ],
)
def test_refused_only_when_ambiguous(
    overrides: dict[str, str | None], code: str, words: str
) -> None:
    error = _error(_payload(**overrides))
    assert error.code == code and words in error.message


@pytest.mark.parametrize(
    "overrides",
    [
        {"t01": None},
        {"t01": "13"},
        {"t52": None},
        {"t52": "581"},
        {"t58": None},
        {"t58": "F1"},
        {"t59": None},
        {"t59": "  "},
        {"t60": None},
        {"t60": ""},
        {"t53": "EUR"},
        {"t55": "04"},
        {"t26": "0010A0000000"},
        {"t27": "PROPRIETARY-ACCOUNT-123"},
        {"t62": "05"},
        {"t64": _tlv("00", "ZH")},
        {"t54": "0"},
        {"t54": "0.00"},
        {"t54": ""},
        {"t54": ".50"},
        {"t01": "11", "t54": "9.99"},
    ],
)
def test_harmless_deviations_are_accepted(overrides: dict[str, str | None]) -> None:
    qr = parse_emv_qr(_payload(**overrides))
    assert qr.payee_name and qr.currency_alpha == "EUR"


def test_zero_or_empty_amount_is_static() -> None:
    for amount in ("0", "0.00", ""):
        qr = parse_emv_qr(_payload(t01="12", t54=amount))
        assert qr.amount is None and qr.amount_value is None


def test_unparsable_templates_are_kept_raw() -> None:
    qr = parse_emv_qr(_payload(t26=None, t27="PROPRIETARY-ACCOUNT-123", t62="05"))
    assert qr.proprietary_accounts == {"27": "PROPRIETARY-ACCOUNT-123"}
    assert qr.raw_templates == {"62": "05"} and qr.payee_account == "PROPRIETARY-ACCOUNT-123"


@pytest.mark.parametrize(
    ("payload", "code", "words"),
    [
        ("", "emv_invalid", "empty"),
        ("   ", "emv_invalid", "empty"),
        ("123", "emv_invalid", "tag 00"),
        ("01" + SAMPLE, "emv_invalid", "tag 00"),
        ("000201", "emv_truncated", "cut short"),
        ("000201010211", "emv_truncated", "cut short"),
        (SAMPLE[:-9], "emv_truncated", "cut short"),
        (SAMPLE[:120] + SAMPLE[-8:], "emv_bad_crc", "CRC mismatch"),
        (_seal("000202"), "emv_invalid", "'01'"),
        (_seal("00A201"), "emv_invalid", "length 'A2'"),
        (_seal("000201A100"), "emv_invalid", "ID 'A1'"),
        (_seal("000201010"), "emv_truncated", "truncated"),
        (_seal("00020101091"), "emv_truncated", "runs over"),
        (_seal("0002010102115903ABCDEF"), "emv_invalid", "not 2 digits"),
        (_seal("0002010102115999ABCDEF"), "emv_truncated", "declares 99"),
        (_seal("00020101021101021226030000"), "emv_ambiguous", "more than once"),
        ("0002016304GHIJ", "emv_bad_crc", "4 hex"),
        ("000201\ud800", "emv_invalid", "not valid text"),
    ],
)
def test_structure_rules(payload: str, code: str, words: str) -> None:
    error = _error(payload)
    assert error.code == code and words in error.message


def test_lengths_counted_in_bytes_are_accepted() -> None:
    name = "CAFÉ SÃO JOÃO"
    body = "000201010211" + _tlv("26", BASE["26"]) + "5303986" + "5802BR"
    body += f"59{len(name.encode()):02d}{name}" + "6008BRASILIA"
    qr = parse_emv_qr(_seal(body))
    assert qr.merchant_name == name and qr.merchant_city == "BRASILIA"


def test_amount_formats() -> None:
    for amount in ("1", "1.5", "10.", "98.73", "0.001"):
        assert parse_emv_qr(_payload(t54=amount)).amount == amount


def test_convenience_fee() -> None:
    qr = parse_emv_qr(_payload(t55="02", t56="1.00"))
    assert (qr.tip_or_convenience_indicator, qr.convenience_fee_fixed) == ("02", "1.00")
    assert parse_emv_qr(_payload(t55="03", t57="2.5")).convenience_fee_percentage == "2.5"


def test_national_transfer_profiles_without_merchant_name() -> None:
    promptpay = _seal(
        "00020101021229370016A000000677010111011300668123456785802TH53037645406100.50"
    )
    qr = parse_emv_qr(promptpay)
    assert (qr.mcc, qr.merchant_name, qr.currency_alpha, qr.amount) == (None, None, "THB", "100.50")
    assert qr.payee_name == "PromptPay 0066812345678"
    vietqr = _seal(
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA53037045802VN"
    )
    assert parse_emv_qr(vietqr).payee_name == "VietinBank 0011001932418"


def test_currency_table() -> None:
    required = "EUR USD GBP CNY JPY INR SGD MYR THB IDR PHP VND HKD AUD CAD CHF KRW BRL MXN"
    for alpha in required.split():
        info = currency_by_alpha(alpha)
        assert info is not None and currency_by_numeric(info.numeric) == info
    jpy = currency_by_numeric("392")
    assert jpy is not None and (jpy.alpha, jpy.minor_units) == ("JPY", 0)
    assert currency_by_alpha("usd") == currency_by_numeric("840")
    assert currency_by_numeric("036") is not None and currency_by_numeric("999") is None


def test_build_accepts_alphabetic_currency_and_validates() -> None:
    payload = build_emv_qr(
        merchant_name="SHOP",
        merchant_city="SINGAPORE",
        mcc="5411",
        currency="SGD",
        country="SG",
        merchant_accounts={"26": {"00": "SG.PAYNOW", "01": "2", "02": "201403121W"}},
        amount="12.50",
        point_of_initiation="12",
    )
    qr = parse_emv_qr(payload)
    assert (qr.currency, qr.amount, qr.is_dynamic) == ("702", "12.50", True)
    with pytest.raises(PaymentCodeError, match="99"):
        build_emv_qr(merchant_name="X" * 100, merchant_city="C", mcc="0000", currency="978",
                     country="FR", card_network_accounts={"02": "4111"})  # fmt: skip
    with pytest.raises(PaymentCodeError, match="26–51"):
        build_emv_qr(merchant_name="X", merchant_city="C", mcc="0000", currency="978",
                     country="FR", merchant_accounts={"52": {"00": "x"}})  # fmt: skip
    with pytest.raises(PaymentCodeError, match="neither"):
        build_emv_qr(merchant_name=None, merchant_city="C", mcc="0000", currency="978",
                     country="FR", card_network_accounts={})  # fmt: skip


def test_front_door_strips_whitespace_and_rejects_other_text() -> None:
    assert isinstance(parse_payment_code(f"  {SAMPLE}\r\n"), MerchantQr)
    for text in ("", "hello world", "https://example.com", "M1DESMARAIS/LUC", "33-86b6"):
        with pytest.raises(PaymentCodeError) as caught:
            parse_payment_code(text)
        assert caught.value.code == "not_payment_code"
    with pytest.raises(PaymentCodeError) as caught:
        parse_payment_code("0002019999")
    assert caught.value.code == "emv_truncated"


# --- Properties ----------------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=25)
DIGITS = "0123456789"
SUB_TAG = st.integers(0, 99).map(lambda n: f"{n:02d}")


def _template(min_size: int = 0) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(SUB_TAG, st.text(max_size=12), min_size=min_size, max_size=4)


@st.composite
def _specs(draw: st.DrawFn) -> dict[str, Any]:
    accounts = draw(st.dictionaries(st.integers(26, 51).map(str), _template(1), max_size=3))
    networks = draw(st.dictionaries(st.integers(2, 25).map(lambda n: f"{n:02d}"), TEXT, max_size=2))
    if not accounts and not networks:
        accounts = {"26": {"00": "A000000001"}}
    tip = draw(st.sampled_from([None, "01", "02", "03"]))
    return {
        "merchant_name": draw(TEXT.filter(str.strip)),
        "merchant_city": draw(TEXT.filter(str.strip)),
        "mcc": draw(st.text(DIGITS, min_size=4, max_size=4)),
        "currency": draw(st.sampled_from(["978", "840", "356", "999", "JPY"])),
        "country": draw(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)),
        "merchant_accounts": accounts,
        "card_network_accounts": networks,
        "amount": draw(
            st.none() | st.from_regex(r"[1-9][0-9]{0,7}(\.[0-9]{0,2})?", fullmatch=True)
        ),
        "point_of_initiation": draw(st.sampled_from([None, "11", "12"])),
        "tip_or_convenience_indicator": tip,
        "convenience_fee_fixed": "0.50" if tip == "02" else None,
        "convenience_fee_percentage": "3" if tip == "03" else None,
        "postal_code": draw(st.none() | st.text(DIGITS, min_size=1, max_size=10)),
        "additional_data": draw(_template()),
        "merchant_information_language": draw(
            st.none() | st.fixed_dictionaries({"00": st.just("ZH"), "01": TEXT})
        ),
        "unreserved": draw(st.dictionaries(st.integers(80, 99).map(str), _template(1), max_size=2)),
    }


@settings(max_examples=150, deadline=None)
@given(_specs())
def test_build_then_parse_round_trips(spec: dict[str, Any]) -> None:
    payload = build_emv_qr(**spec)
    qr = parse_emv_qr(payload)
    assert qr.payload == payload and parse_payment_code(payload) == qr
    expected_currency = "392" if spec["currency"] == "JPY" else spec["currency"]
    assert qr.currency == expected_currency
    for key in ("merchant_name", "merchant_city", "mcc", "country", "merchant_accounts",
                "card_network_accounts", "amount", "point_of_initiation", "postal_code",
                "tip_or_convenience_indicator", "convenience_fee_fixed",
                "convenience_fee_percentage", "additional_data"):  # fmt: skip
        assert getattr(qr, key) == spec[key], key
    assert qr.merchant_information_language == (spec["merchant_information_language"] or {})
    assert qr.unreserved_templates == spec["unreserved"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_raises_only_payment_code_error(text: str) -> None:
    for parse in (parse_emv_qr, parse_payment_code):
        try:
            parse(text)
        except PaymentCodeError as error:
            assert error.code in EMV_CODES | {"not_payment_code", "upi_invalid"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 99), st.text(max_size=8)), max_size=8))
def test_arbitrary_sealed_objects_raise_only_payment_code_error(
    objects: list[tuple[int, str]],
) -> None:
    body = "000201" + "".join(_tlv(f"{tag:02d}", value) for tag, value in objects)
    try:
        parse_emv_qr(_seal(body))
    except PaymentCodeError as error:
        assert error.code in EMV_CODES


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(SAMPLE) - 1), st.characters(min_codepoint=0x20, max_codepoint=0x7E))
def test_corrupted_sample_is_rejected(at: int, char: str) -> None:
    # CRC-16 catches every change of up to 16 bits: any printable ASCII character for another.
    # A character of another UTF-8 length shifts the bytes after it and can (1 in 65 536)
    # give the same CRC; that the EMV CRC cannot rule out.
    if not SAMPLE[at].isascii():
        return
    corrupted = SAMPLE[:at] + char + SAMPLE[at + 1 :]
    if corrupted.upper() == SAMPLE.upper():
        return
    with pytest.raises(PaymentCodeError) as caught:
        parse_emv_qr(corrupted)
    assert caught.value.code in EMV_CODES

"""Limits before parsing: any text either parses within the limits or gets a stable code."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sightline.protocol import ProtocolError, parse_upstream
from sightline.protocol.json_limits import MAX_DEPTH, MAX_TEXT_BYTES, load_json

CODES = {"bad_json", "bad_number", "message_too_deep", "message_too_large"}


@given(st.text(max_size=300) | st.binary(max_size=300))
def test_any_text_parses_or_gets_a_stable_code(raw: str | bytes) -> None:
    try:
        load_json(raw)
    except ProtocolError as error:
        assert error.code in CODES


@given(st.integers(1, 3 * MAX_DEPTH), st.sampled_from(["[]", "{}"]))
def test_depth_is_limited_exactly(depth: int, brackets: str) -> None:
    if brackets == "[]":
        raw = "[" * depth + "]" * depth
    else:
        raw = '{"a":' * (depth - 1) + "{}" + "}" * (depth - 1)
    if depth <= MAX_DEPTH:
        load_json(raw)
    else:
        with pytest.raises(ProtocolError) as refused:
            load_json(raw)
        assert refused.value.code == "message_too_deep"


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400", "-1e999", "9" * 400])
def test_numbers_json_cannot_carry_are_refused(number: str) -> None:
    with pytest.raises(ProtocolError) as refused:
        parse_upstream(f'{{"type": "gaze", "x": {number}, "y": 1}}')
    assert refused.value.code == "bad_number"


def test_size_counts_bytes_not_characters() -> None:
    text = "é" * (MAX_TEXT_BYTES // 2 + 10)  # fewer characters than the limit, more bytes
    with pytest.raises(ProtocolError) as refused:
        load_json(json.dumps({"type": "text", "text": text}, ensure_ascii=False))
    assert refused.value.code == "message_too_large"


def test_a_gaze_built_in_python_refuses_nan() -> None:
    from pydantic import ValidationError

    from sightline.protocol.messages import Gaze

    with pytest.raises(ValidationError):
        Gaze(x=float("nan"), y=1.0)

"""Wire protocol v1: messages and binary frames parse, round-trip, and refuse bad input cleanly."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sightline.cards.model import Card, Glyph
from sightline.protocol import (
    BinaryFrame,
    FrameKind,
    ProtocolError,
    decode_frame,
    encode_frame,
    encode_message,
    parse_downstream,
    parse_upstream,
)
from sightline.protocol.frames import HEADER_SIZE
from sightline.protocol.messages import CardMessage, Gaze, Hello


def test_hello_parses_with_defaults() -> None:
    hello = parse_upstream('{"type": "hello", "device_id": "g1", "protocol": 1, "extra": 5}')
    assert isinstance(hello, Hello)
    assert hello.display_profile == "green-640x480" and hello.capabilities == []


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json", "bad_json"),
        ("[1, 2]", "invalid_message"),
        ('{"no_type": 1}', "invalid_message"),
        ('{"type": "teleport"}', "unknown_type"),
        ('{"type": "gaze", "x": "left"}', "invalid_message"),
        ('{"type": "location", "lat": 123, "lon": 0}', "invalid_message"),
        ('{"type": "hello", "device_id": "", "protocol": 1}', "invalid_message"),
        ('{"type": "text", "text": "' + "a" * 70000 + '"}', "message_too_large"),
    ],
)
def test_bad_messages_have_stable_codes(raw: str, code: str) -> None:
    with pytest.raises(ProtocolError) as err:
        parse_upstream(raw)
    assert err.value.code == code


def test_downstream_card_round_trip() -> None:
    card = Card(title="Turn left", lines=("Rue Grimaldi", "120 m"), glyph=Glyph.ARROW_LEFT)
    text = encode_message(CardMessage(card_id="c1", card=card))
    parsed = parse_downstream(text)
    assert isinstance(parsed, CardMessage) and parsed.card == card
    assert json.loads(text)["type"] == "card"


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.integers(0, 10**6))
def test_gaze_round_trip(x: float, y: float, dwell: int) -> None:
    gaze = Gaze(x=x, y=y, dwell_ms=dwell)
    assert parse_upstream(encode_message(gaze)) == gaze


@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(raw: str) -> None:
    with contextlib.suppress(ProtocolError):
        parse_upstream(raw)


@given(
    st.sampled_from(list(FrameKind)),
    st.integers(0, 2**32 - 1),
    st.integers(0, 2**63),
    st.binary(max_size=2048),
)
def test_frames_round_trip(kind: FrameKind, seq: int, captured: int, payload: bytes) -> None:
    if kind in (FrameKind.AUDIO_PCM16, FrameKind.SPEECH_PCM16) and len(payload) % 2:
        payload = payload[:-1]
    frame = BinaryFrame(kind, seq, captured, payload)
    assert decode_frame(encode_frame(frame)) == frame


@given(st.binary(max_size=64))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        decode_frame(data)
    except ProtocolError as err:
        assert err.code in {"bad_frame", "unsupported_version", "frame_too_large"}


def test_bad_frames_have_stable_codes() -> None:
    good = encode_frame(BinaryFrame(FrameKind.AUDIO_PCM16, 1, 2, b"\x00\x01" * 160))
    cases = {
        b"SL": "bad_frame",
        b"XX" + good[2:]: "bad_frame",
        good[:2] + b"\x09" + good[3:]: "unsupported_version",
        good[:3] + b"\x63" + good[4:]: "bad_frame",
        good + b"\x00": "bad_frame",
        good[:HEADER_SIZE] + b"\x00" * (64 * 1024 + 2): "frame_too_large",
    }
    for data, code in cases.items():
        with pytest.raises(ProtocolError) as err:
            decode_frame(data)
        assert err.value.code == code

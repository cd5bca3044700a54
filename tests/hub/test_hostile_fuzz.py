"""A fuzzer over the wire protocol against the real hub (paired, as `sightline serve` builds it):
JSON messages (of known types with hostile fields, arbitrary JSON, broken text) and binary
frames (valid and broken headers, any payload), before and after hello. Whatever is sent, the
hub answers with errors of stable codes (never `internal_error`, never a dropped connection)
and still answers a ping afterwards."""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator
from typing import Any

import pytest
from hub_client import ws_url
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from sightline.pairing import DeviceRegistry

pytestmark = pytest.mark.slow

CODE = re.compile(r"^[a-z][a-z_]*$")
PRE_HELLO_CLOSES = {1008, 4401, 4406}
TYPES = ["hello", "gaze", "head_pose", "tap", "location", "card_ack", "audio_start",
         "audio_end", "ping", "teleport", ""]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    ["x", "y", "dwell_ms", "target", "card_id", "kind", "shown", "lat", "lon", "accuracy_m",
     "yaw", "pitch", "roll", "sample_rate", "channels", "device_id", "protocol", "token"]
)  # fmt: skip
typed_messages = st.builds(
    lambda kind, fields: json.dumps({"type": kind, **fields}),
    st.sampled_from(TYPES),
    st.dictionaries(field_names, values, max_size=5),
)
raw_texts = st.one_of(
    st.text(max_size=200),
    st.builds(lambda depth: "[" * depth + "]" * depth, st.integers(1, 5000)),
    st.builds(lambda n: '{"type":"gaze","x":1' + "0" * n + ',"y":1}', st.integers(0, 6000)),
    st.sampled_from(['{"type":"gaze","x":NaN,"y":1}', '{"type":"gaze","x":-Infinity,"y":1}',
                     '{"type":"gaze","x":1e999,"y":1}', "null", "[]", '"hello"', "{", "\\u0000"]),
)  # fmt: skip
json_texts = st.one_of(typed_messages, st.builds(json.dumps, values), raw_texts)
frames = st.builds(
    lambda magic, version, kind, seq, payload: (
        struct.pack(">2sBBIQ", magic, version, kind, seq, 0) + payload
    ),
    st.sampled_from([b"SL", b"SL", b"LS"]),
    st.sampled_from([1, 1, 2]),
    st.integers(0, 6),
    st.integers(0, 2**32 - 1),
    st.binary(max_size=300),
) | st.binary(max_size=40)
wire_messages = st.one_of(json_texts, frames)


@pytest.fixture(scope="module")
def session(base: str, registry: DeviceRegistry) -> Iterator[ClientConnection]:
    token = registry.pair(registry.new_pairing_code().code, "fuzzed")
    with connect(ws_url(base), max_size=None) as ws:
        ws.send(json.dumps({"type": "hello", "protocol": 1, "device_id": "fuzzed", "token": token}))
        assert json.loads(ws.recv(timeout=10))["type"] == "welcome"
        yield ws


def until_pong(ws: ClientConnection) -> list[dict[str, Any]]:
    """Send a ping; return the errors that arrived before its pong."""
    ws.send('{"type": "ping"}')
    errors: list[dict[str, Any]] = []
    while True:
        raw = ws.recv(timeout=20)
        if isinstance(raw, bytes):
            continue
        message = json.loads(raw)
        if message["type"] == "pong":
            return errors
        if message["type"] == "error":
            errors.append(message)


def assert_stable(errors: list[dict[str, Any]]) -> None:
    for error in errors:
        assert CODE.match(error["code"]), error
        assert error["code"] != "internal_error", error
        assert "Traceback" not in error["message"], error


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(batch=st.lists(wire_messages, min_size=1, max_size=4))
def test_fuzzed_messages_after_hello_get_stable_errors_and_the_hub_answers(
    session: ClientConnection, batch: list[str | bytes]
) -> None:
    for message in batch:
        session.send(message)
    assert_stable(until_pong(session))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(first=wire_messages)
def test_fuzzed_first_messages_are_refused_with_a_stable_code(
    base: str, first: str | bytes
) -> None:
    with connect(ws_url(base), max_size=None) as ws:
        ws.send(first)
        answer = json.loads(ws.recv(timeout=10))
        assert answer["type"] == "error", answer
        assert_stable([answer])
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None, "no close frame (1006)"
    assert closed.value.rcvd.code in PRE_HELLO_CLOSES
    assert closed.value.rcvd.reason.startswith(answer["code"])

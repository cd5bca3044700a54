"""Reading a JSON text frame within limits, before any model sees it.

A device's text frame is refused, with a stable code, when it is larger than `MAX_TEXT_BYTES`,
nested deeper than `MAX_DEPTH`, or holds a number that is not finite (NaN, Infinity, a number
past a double's range such as `1e999` or a 5,000-digit integer; integers beyond 64 bits are read
as floats). orjson parses (no recursion on the Python stack; it refuses NaN, Infinity and
overflowing numbers itself); the depth and the floats are then checked without recursion.
"""

from __future__ import annotations

import math
from typing import Any

import orjson

from sightline.protocol.errors import ProtocolError

MAX_TEXT_BYTES = 64 * 1024
"""Largest text frame, in bytes of UTF-8."""

MAX_DEPTH = 16
"""Deepest nesting of arrays and objects in a text frame (a message itself is depth 1)."""


def load_json(raw: str | bytes) -> Any:
    """Parse one text frame as JSON, within the protocol's limits.

    Raises:
        ProtocolError: `message_too_large` (over `MAX_TEXT_BYTES`), `message_too_deep` (over
            `MAX_DEPTH`), `bad_number` (NaN, Infinity, a number past a double's range) or
            `bad_json` (anything else that is not JSON).
    """
    if len(raw) > MAX_TEXT_BYTES:  # characters never outnumber bytes: a cheap first look
        raise ProtocolError("message_too_large", f"text message over {MAX_TEXT_BYTES} bytes")
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if len(data) > MAX_TEXT_BYTES:
        raise ProtocolError("message_too_large", f"text message over {MAX_TEXT_BYTES} bytes")
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise _decode_error(exc, data) from None
    _check_shape(obj)
    return obj


_NON_NUMBERS = (b"NaN", b"Infinity", b"-Infinity")


def _decode_error(exc: orjson.JSONDecodeError, data: bytes) -> ProtocolError:
    reason = exc.msg.lower()
    if "depth" in reason or "recursion" in reason:
        return ProtocolError("message_too_deep", f"nesting deeper than {MAX_DEPTH} levels")
    if "number" in reason or data[exc.pos : exc.pos + 9].startswith(_NON_NUMBERS):
        return ProtocolError("bad_number", f"a number JSON cannot carry (at byte {exc.pos})")
    return ProtocolError("bad_json", f"not JSON: {exc}")


def _check_shape(obj: Any) -> None:
    """Depth and finite floats, walked with an explicit stack."""
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ProtocolError("bad_number", "numbers must be finite (no NaN or Infinity)")
            continue
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_DEPTH:
            raise ProtocolError("message_too_deep", f"nesting deeper than {MAX_DEPTH} levels")
        stack.extend((child, depth + 1) for child in children)

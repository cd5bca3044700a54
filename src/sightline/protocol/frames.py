"""Binary frames: a 16-byte header, then audio samples or an encoded image."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import IntEnum

from sightline.protocol.errors import ProtocolError

MAGIC = b"SL"
FRAME_VERSION = 1
HEADER = struct.Struct(">2sBBIQ")  # magic, version, kind, sequence, capture time (ms since epoch)
HEADER_SIZE = HEADER.size


class FrameKind(IntEnum):
    """What a binary frame carries."""

    AUDIO_PCM16 = 1
    """Upstream microphone audio: 16 kHz, 16-bit little-endian, mono (unless `audio_start` said
    otherwise)."""
    IMAGE_JPEG = 2
    IMAGE_PNG = 3
    SPEECH_PCM16 = 4
    """Downstream speech audio for the speaker, at the rate announced by `speech_start`."""


MAX_PAYLOAD = {
    FrameKind.AUDIO_PCM16: 64 * 1024,
    FrameKind.IMAGE_JPEG: 8 * 1024 * 1024,
    FrameKind.IMAGE_PNG: 8 * 1024 * 1024,
    FrameKind.SPEECH_PCM16: 256 * 1024,
}


@dataclass(frozen=True)
class BinaryFrame:
    """One decoded binary frame.

    Attributes:
        kind: What the payload is.
        sequence: Per-kind counter set by the sender (gaps mean lost frames).
        captured_ms: When the payload was captured, milliseconds since the Unix epoch.
        payload: The samples or the encoded image.
    """

    kind: FrameKind
    sequence: int
    captured_ms: int
    payload: bytes


def encode_frame(frame: BinaryFrame) -> bytes:
    """Serialise a frame: header then payload."""
    if len(frame.payload) > MAX_PAYLOAD[frame.kind]:
        raise ProtocolError("frame_too_large", f"{frame.kind.name} payload over the limit")
    header = HEADER.pack(MAGIC, FRAME_VERSION, frame.kind, frame.sequence, frame.captured_ms)
    return header + frame.payload


def decode_frame(data: bytes) -> BinaryFrame:
    """Parse a binary WebSocket message.

    Raises:
        ProtocolError: `bad_frame` (short, wrong magic, unknown kind, odd-length audio),
            `unsupported_version`, or `frame_too_large`.
    """
    if len(data) < HEADER_SIZE:
        raise ProtocolError(
            "bad_frame", f"binary frame of {len(data)} bytes is shorter than the header"
        )
    magic, version, kind, sequence, captured = HEADER.unpack_from(data)
    if magic != MAGIC:
        raise ProtocolError("bad_frame", "binary frame does not start with 'SL'")
    if version != FRAME_VERSION:
        raise ProtocolError("unsupported_version", f"binary frame version {version}, expected 1")
    try:
        frame_kind = FrameKind(kind)
    except ValueError:
        raise ProtocolError("bad_frame", f"unknown binary frame kind {kind}") from None
    payload = bytes(data[HEADER_SIZE:])
    if len(payload) > MAX_PAYLOAD[frame_kind]:
        raise ProtocolError(
            "frame_too_large",
            f"{frame_kind.name} payload of {len(payload)} bytes, limit {MAX_PAYLOAD[frame_kind]}",
        )
    if frame_kind in (FrameKind.AUDIO_PCM16, FrameKind.SPEECH_PCM16) and len(payload) % 2:
        raise ProtocolError("bad_frame", "16-bit audio payload has an odd number of bytes")
    return BinaryFrame(frame_kind, sequence, captured, payload)

"""Wire protocol v1 between glasses (or a phone app, or the simulator) and the hub.

See `docs/protocol.md`. JSON control messages travel as WebSocket text frames; audio and images as
binary frames with a 16-byte header.
"""

from sightline.protocol.errors import ProtocolError
from sightline.protocol.frames import BinaryFrame, FrameKind, decode_frame, encode_frame
from sightline.protocol.messages import (
    PROTOCOL_VERSION,
    DownstreamMessage,
    UpstreamMessage,
    encode_message,
    parse_downstream,
    parse_upstream,
)

__all__ = [
    "PROTOCOL_VERSION",
    "BinaryFrame",
    "DownstreamMessage",
    "FrameKind",
    "ProtocolError",
    "UpstreamMessage",
    "decode_frame",
    "encode_frame",
    "encode_message",
    "parse_downstream",
    "parse_upstream",
]

"""The protocol's error type."""

from __future__ import annotations

from sightline.errors import SightlineError


class ProtocolError(SightlineError):
    """A message or frame that breaks the protocol; the connection stays open.

    Codes: `bad_json`, `unknown_type`, `invalid_message`, `bad_frame`, `frame_too_large`,
    `unsupported_version`, `message_too_large`.
    """

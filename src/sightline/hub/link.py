"""A device's link: the one live connection a session is attached to, if any.

A device has at most one live connection: a new one takes over, and the link closes the earlier
one with code 4409 (`replaced`), so it never lingers as a zombie that gets no output.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from pydantic import BaseModel

from sightline.protocol import BinaryFrame, encode_frame, encode_message

log = logging.getLogger(__name__)

CLOSE_REPLACED = 4409
"""The close code of a connection another connection of the same device took over from."""
REPLACED_REASON = "replaced: another connection of this device took over"
CLOSE_SESSION_BUSY = 4423
"""The close code of a connection whose wearer another hub serves (`session_busy`)."""


class Socket(Protocol):
    """The two send calls the hub needs from a WebSocket."""

    async def send_text(self, data: str) -> None:
        """Send a text frame."""

    async def send_bytes(self, data: bytes) -> None:
        """Send a binary frame."""

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection."""


class DeviceLink:
    """Sends to the device's current connection; drops output while it is away.

    A session outlives its connection (a reconnect within the grace period resumes it), so
    output goes through the link, which the connection attaches and detaches.
    """

    def __init__(self) -> None:
        self._socket: Socket | None = None
        self._lock = asyncio.Lock()
        self.dropped = 0

    @property
    def attached(self) -> bool:
        """Whether a connection is attached."""
        return self._socket is not None

    def is_live(self, socket: Socket) -> bool:
        """Whether `socket` is the live connection (a replaced one is not)."""
        return socket is self._socket

    async def attach(self, socket: Socket) -> Socket | None:
        """Make `socket` the live connection; an earlier one is closed with 4409 `replaced`.

        Returns:
            The connection it replaced, if any.
        """
        old, self._socket = self._socket, socket
        if old is not None and old is not socket:
            try:
                await old.close(CLOSE_REPLACED, REPLACED_REASON)
            except Exception as exc:  # already gone
                log.debug("closing the replaced connection: %s", exc)
            return old
        return None

    async def close(self, code: int, reason: str) -> None:
        """Close the live connection (if any) and stop sending."""
        socket, self._socket = self._socket, None
        if socket is not None:
            try:
                await socket.close(code, reason)
            except Exception as exc:  # already gone
                log.debug("closing the connection: %s", exc)

    def detach(self, socket: Socket | None = None) -> None:
        """Stop sending (to `socket` only, when given: a newer connection may have taken over)."""
        if socket is None or socket is self._socket:
            self._socket = None

    async def send(self, message: BaseModel) -> bool:
        """Send a JSON message; False when no connection took it."""
        return await self._deliver(encode_message(message))

    async def send_frame(self, frame: BinaryFrame) -> bool:
        """Send a binary frame; False when no connection took it."""
        return await self._deliver(encode_frame(frame))

    async def _deliver(self, data: str | bytes) -> bool:
        socket = self._socket
        if socket is None:
            self.dropped += 1
            return False
        try:
            async with self._lock:
                if isinstance(data, str):
                    await socket.send_text(data)
                else:
                    await socket.send_bytes(data)
        except Exception as exc:  # the peer went away between receive and send
            log.debug("send failed: %s", exc)
            self.detach(socket)
            self.dropped += 1
            return False
        return True

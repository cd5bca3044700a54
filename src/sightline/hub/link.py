"""A device's link: the connection a session is currently attached to, if any."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from pydantic import BaseModel

from sightline.protocol import BinaryFrame, encode_frame, encode_message

log = logging.getLogger(__name__)


class Socket(Protocol):
    """The two send calls the hub needs from a WebSocket."""

    async def send_text(self, data: str) -> None:
        """Send a text frame."""

    async def send_bytes(self, data: bytes) -> None:
        """Send a binary frame."""


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

    def attach(self, socket: Socket) -> None:
        """Send to this connection from now on (replacing any earlier one)."""
        self._socket = socket

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

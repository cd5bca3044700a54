"""Device authentication on the glasses WebSocket: a paired token in `hello`, checked again
while the connection lasts so a revoked device is cut off within seconds."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from sightline.errors import SightlineError
from sightline.hub.connection import ConnectionRefused
from sightline.pairing import DeviceRegistry, digest
from sightline.protocol.messages import Hello

log = logging.getLogger(__name__)

CLOSE_UNAUTHORIZED = 4401
"""The close code of a connection refused or cut for its token."""

RECHECK_S = 2.0
TOUCH_S = 60.0
REASON_MAX = 120

PAIR_HINT = "pair this device first (sightline pair)"


class Closable(Protocol):
    """The one call the watch needs from a WebSocket."""

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection with a code and a reason."""


def close_reason(code: str, message: str) -> str:
    """A close reason: the stable code first, cut to what a close frame can carry."""
    return f"{code}: {message}"[:REASON_MAX]


class DeviceAuth:
    """Checks devices' tokens against the registry.

    `authenticate` is the hub's `authenticate` callable (run once per connection, on the
    event loop: one indexed read of a WAL-mode SQLite file, microseconds, never waiting for
    a writer). `watch` runs beside a connection and closes it once its token is revoked.

    Args:
        registry: The paired devices.
        recheck_s: How often an open connection's token is checked again.
    """

    def __init__(self, registry: DeviceRegistry, recheck_s: float = RECHECK_S) -> None:
        self.registry = registry
        self.recheck_s = recheck_s
        # The watches' reads and writes get their own threads, so a burst of them (many
        # devices connecting together) never queues in front of other work.
        self._db = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sightline-auth")

    def authenticate(self, hello: Hello) -> None:
        """Accept a hello with a valid token for its device id.

        Raises:
            ConnectionRefused: With close code 4401 and the code `token_missing`,
                `token_invalid`, `token_revoked` or `device_mismatch`.
        """
        if not hello.token:
            raise ConnectionRefused("token_missing", PAIR_HINT, CLOSE_UNAUTHORIZED)
        try:
            self.registry.check(hello.token, hello.device_id)
        except SightlineError as error:
            raise ConnectionRefused(error.code, error.message, CLOSE_UNAUTHORIZED) from None

    async def watch(self, ws: Closable, hello: Hello) -> None:
        """Until cancelled: note the device as seen, and close `ws` once its token is revoked.

        Run it as a task beside the connection's receive loop and cancel it when the
        connection ends. Database work runs in the watches' own worker threads.
        """
        if not hello.token:
            return
        token_hash = digest(hello.token)
        touched = -TOUCH_S
        # The token was checked a moment ago; spread the first re-checks of devices that
        # connected together so they do not queue in front of the next devices' hellos.
        await asyncio.sleep(random.uniform(0.5, 1.0) * self.recheck_s)
        while True:
            try:
                loop = asyncio.get_running_loop()
                active = await loop.run_in_executor(
                    self._db, self.registry.is_active, token_hash, hello.device_id
                )
                if active and time.monotonic() - touched >= TOUCH_S:
                    await loop.run_in_executor(self._db, self.registry.touch, token_hash)
                    touched = time.monotonic()
            except Exception:  # a busy or unreadable file must not cut a valid device
                log.exception("checking the token of %s failed", hello.device_id)
                active = True
            if not active:
                log.info("device %s: token revoked, closing its connection", hello.device_id)
                reason = close_reason("token_revoked", "this device's token was revoked")
                with contextlib.suppress(Exception):
                    await ws.close(CLOSE_UNAUTHORIZED, reason)
                return
            await asyncio.sleep(self.recheck_s)

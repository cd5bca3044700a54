"""Sessions by device: one per connected device, kept for a grace period after it leaves.

A session with a live connection is never closed, whatever its `detached_at` says. With a
shared conversation store (docs/hub.md, "Sessions across hubs") a session holds the device's
lease while a connection is live and lets it go when the connection closes; one that another
hub took over is stale and closed at the next reaping.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from sightline.hub.camera import camera_pixels
from sightline.hub.device_session import DeviceSession

log = logging.getLogger(__name__)

GRACE_S = 120.0

SessionFactory = Callable[[str, str], Awaitable[DeviceSession]]
"""Builds and starts a session for (device id, display profile)."""


class SessionStore:
    """The hub's sessions.

    Args:
        factory: Builds a new session.
        grace_s: How long a session outlives its device's connection.
    """

    def __init__(self, factory: SessionFactory, grace_s: float = GRACE_S) -> None:
        self._factory = factory
        self._grace_s = grace_s
        self._sessions: dict[str, DeviceSession] = {}
        self._lock = asyncio.Lock()
        self._reaper: asyncio.Task[None] | None = None

    def __len__(self) -> int:
        return len(self._sessions)

    def get(self, device_id: str) -> DeviceSession | None:
        """The device's session, if it has one."""
        return self._sessions.get(device_id)

    async def open(self, device_id: str, display_profile: str) -> tuple[DeviceSession, bool]:
        """The device's session: its kept one (resumed) or a new one.

        Returns:
            The session and whether it was resumed (kept here, or restored from the store).

        Raises:
            SessionBusy: Another hub holds the device's lease.
        """
        async with self._lock:
            kept = self._sessions.get(device_id)
            if kept is not None and (kept.keeper is None or await kept.keeper.hold()):
                kept.detached_at = None
                kept.display_profile = display_profile
                kept.camera.max_pixels = camera_pixels(display_profile)
                return kept, True
            if kept is not None:  # another hub served the device since: this copy is stale
                del self._sessions[device_id]
                await kept.close()
            session = await self._factory(device_id, display_profile)
            self._sessions[device_id] = session
            if self._reaper is None:
                self._reaper = asyncio.create_task(self._reap_forever(), name="session-reaper")
            return session, session.restored

    async def release(self, session: DeviceSession) -> None:
        """The device's connection closed: start the grace period and let the lease go."""
        if not session.link.attached:
            session.detached_at = time.monotonic()
            await session.let_go()

    async def reap(self, now: float | None = None) -> list[str]:
        """Close sessions whose grace period is over; returns their device ids."""
        current = time.monotonic() if now is None else now
        for s in self._sessions.values():
            if s.link.attached:
                s.detached_at = None  # connected: never reaped
        gone = [
            device
            for device, s in self._sessions.items()
            if s.detached_at is not None and (s.lost or current - s.detached_at >= self._grace_s)
        ]
        for device in gone:
            session = self._sessions.pop(device)
            await session.close()
            await session.forget()
            log.info("session of %s closed after the grace period", device)
        return gone

    async def close(self) -> None:
        """Close every session (server shutdown)."""
        if self._reaper is not None:
            self._reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reaper
            self._reaper = None
        sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            await session.close()
            await session.let_go()  # the kept state stays: another hub (or this one) resumes

    async def _reap_forever(self) -> None:
        while True:
            await asyncio.sleep(min(5.0, self._grace_s / 4))
            try:
                await self.reap()
            except Exception:
                log.exception("closing sessions failed")

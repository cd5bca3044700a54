"""One WebSocket connection from a device: hello, then messages until it closes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import TYPE_CHECKING

from starlette.websockets import WebSocket, WebSocketDisconnect

from sightline.errors import SightlineError
from sightline.hub.conversation_store import SessionBusy
from sightline.hub.inputs import handle_frame, handle_message, report
from sightline.hub.link import CLOSE_SESSION_BUSY
from sightline.hub.origins import CLOSE_ORIGIN_FORBIDDEN, origin_allowed
from sightline.protocol import PROTOCOL_VERSION, ProtocolError, decode_frame, parse_upstream
from sightline.protocol.messages import ErrorMessage, Hello, Welcome, encode_message

if TYPE_CHECKING:
    from sightline.hub.device_session import DeviceSession
    from sightline.hub.hub import Hub

log = logging.getLogger(__name__)

HELLO_TIMEOUT_S = 10.0
CLOSE_POLICY = 1008
CLOSE_UNSUPPORTED = 4406
CLOSE_INTERNAL = 1011


class ConnectionRefused(SightlineError):
    """The connection is closed before a session opens (no hello, wrong version, bad token).

    Args:
        code: The stable error code, also the close reason's first word.
        message: What the device did wrong.
        close_code: The WebSocket close code.
    """

    def __init__(self, code: str, message: str, close_code: int = CLOSE_POLICY) -> None:
        super().__init__(code, message)
        self.close_code = close_code


async def serve_connection(ws: WebSocket, hub: Hub) -> None:
    """Run one device connection to its end; errors never take the hub down."""
    if not origin_allowed(ws.headers, hub.allowed_origins):
        log.info("refused a WebSocket from origin %r", ws.headers.get("origin"))
        await ws.close(CLOSE_ORIGIN_FORBIDDEN)  # before accepting: an HTTP 403
        return
    await ws.accept()
    try:
        hello = await _receive_hello(ws)
        heard = time.perf_counter()
        hub.authenticate(hello)  # an indexed read; a thread hop costs more under load
    except ConnectionRefused as refused:
        await _refuse(ws, refused)
        return
    except WebSocketDisconnect:
        return
    except Exception:
        log.exception("reading a hello failed")
        await _refuse(ws, ConnectionRefused("internal_error", "the hub failed", CLOSE_INTERNAL))
        return
    try:
        dev, resumed = await hub.sessions.open(hello.device_id, hello.display_profile)
    except SessionBusy as busy:
        await _refuse(ws, ConnectionRefused(busy.code, busy.message, CLOSE_SESSION_BUSY))
        return
    except SightlineError as error:  # the store did not answer
        log.error("device %s: no session: %s", hello.device_id, error.message)
        await _refuse(ws, ConnectionRefused(error.code, error.message, CLOSE_INTERNAL))
        return
    await dev.attach(ws, await asyncio.to_thread(hub.device_key, hello))
    watcher: asyncio.Future[None] | None = (
        asyncio.ensure_future(hub.watch_token(ws, hello)) if hub.watch_token else None
    )
    try:
        welcome = Welcome(
            session_id=dev.session_id,
            resumed=resumed,
            last_turn_id=dev.last_turn_id,
            running_turn_id=dev.running_turn_id,
        )
        await dev.link.send(welcome)
        hub.welcome_seconds.observe(time.perf_counter() - heard)
        if resumed:
            await dev.resend_card()
            await dev.tell_lost_turns()
        await _receive_loop(ws, dev)
    finally:
        if watcher is not None:
            watcher.cancel()
        dev.link.detach(ws)
        await hub.sessions.release(dev)


async def _refuse(ws: WebSocket, refused: ConnectionRefused) -> None:
    """Say why in an `error` message, then close with the refusal's code."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
        await ws.send_text(encode_message(ErrorMessage(code=refused.code, message=refused.message)))
        await ws.close(refused.close_code, f"{refused.code}: {refused.message}"[:120])


async def _receive_hello(ws: WebSocket) -> Hello:
    try:
        raw = await asyncio.wait_for(ws.receive(), HELLO_TIMEOUT_S)
    except TimeoutError:
        raise ConnectionRefused("hello_expected", "no hello within 10 s") from None
    if raw.get("type") == "websocket.disconnect":
        raise WebSocketDisconnect(raw.get("code", 1000))
    text = raw.get("text")
    if text is None:
        raise ConnectionRefused("hello_expected", "the first message must be a JSON hello")
    try:
        message = parse_upstream(text)
    except ProtocolError as exc:
        raise ConnectionRefused(exc.code, exc.message) from None
    if not isinstance(message, Hello):
        raise ConnectionRefused("hello_expected", f"the first message was {message.type!r}")
    if message.protocol != PROTOCOL_VERSION:
        raise ConnectionRefused(
            "unsupported_version",
            f"protocol {message.protocol} is not served; this hub speaks {PROTOCOL_VERSION}",
            CLOSE_UNSUPPORTED,
        )
    return message


async def _receive_loop(ws: WebSocket, dev: DeviceSession) -> None:
    while True:
        raw = await ws.receive()
        if not dev.link.is_live(ws):
            return  # replaced by a newer connection of the device (closed with 4409)
        if raw.get("type") == "websocket.disconnect":
            await dev.device_left()
            return
        try:
            if raw.get("bytes") is not None:
                await handle_frame(dev, decode_frame(raw["bytes"]))
            elif raw.get("text") is not None:
                await handle_message(dev, parse_upstream(raw["text"]))
        except SightlineError as error:
            await report(dev, error)
        except Exception as exc:
            log.exception("device %s: message failed", dev.device_id)
            await report(dev, SightlineError("internal_error", f"the hub failed: {exc}"))

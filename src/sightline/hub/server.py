"""The hub: sessions, speech back-ends and the HTTP/WebSocket application around them."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, WebSocket
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest

from sightline.hub.camera import Camera
from sightline.hub.connection import serve_connection
from sightline.hub.device_session import DeviceSession
from sightline.hub.link import DeviceLink
from sightline.hub.sessions import GRACE_S, SessionStore
from sightline.pairing import DeviceRegistry
from sightline.perception import Perception
from sightline.protocol.messages import Hello
from sightline.runtime import Runtime
from sightline.voice.endpointing import CommandCompleteness
from sightline.voice.pipeline import VoiceOptions, VoicePipeline
from sightline.voice.speak import SpeechSynthesizer
from sightline.voice.transcribe import UtteranceTranscriber

GLASSES_PATH = "/v1/glasses"


@dataclass
class SpeechBackends:
    """The speech services sessions use.

    Attributes:
        new_transcriber: A streaming recogniser for one session.
        tts: Speech synthesis shared by sessions; None for display-only replies.
        load: Loads the recogniser's models before the first device connects.
        close: Frees the recogniser (its decoding process) when the server stops.
    """

    new_transcriber: Callable[[], UtteranceTranscriber]
    tts: SpeechSynthesizer | None = None
    load: Callable[[], Awaitable[None]] | None = None
    close: Callable[[], Awaitable[None]] | None = None


@dataclass
class HubOptions:
    """Server-side settings of sessions.

    Attributes:
        grace_s: How long a session outlives its device's connection.
        voice: Turn taking.
    """

    grace_s: float = GRACE_S
    voice: VoiceOptions = field(default_factory=VoiceOptions)


class Hub:
    """Everything the server needs, built once.

    Args:
        runtime: The assistant (agents, router, turn runner, metrics).
        speech: Speech to text and text to speech.
        options: Session settings.
        perception: The perception stage; one is made by default.
        authenticate: Checks a device's hello; raises `ConnectionRefused` to refuse it.
        watch_token: Runs beside an open connection and closes it once the device's token is
            revoked.
    """

    def __init__(
        self,
        runtime: Runtime,
        speech: SpeechBackends,
        options: HubOptions | None = None,
        perception: Perception | None = None,
        authenticate: Callable[[Hello], None] | None = None,
        watch_token: Callable[[WebSocket, Hello], Awaitable[None]] | None = None,
    ) -> None:
        self.runtime = runtime
        self.speech = speech
        self.options = options or HubOptions()
        self.perception = perception or Perception()
        self._authenticate = authenticate
        self.watch_token = watch_token
        self.sessions = SessionStore(self._new_session, self.options.grace_s)
        self.metrics_registry = CollectorRegistry()  # the hub's own; the runtime's is shared
        self.active = Gauge(
            "sightline_sessions", "Device sessions open", registry=self.metrics_registry
        )
        self.active.set_function(lambda: len(self.sessions))

    def authenticate(self, hello: Hello) -> None:
        """Accept or refuse a device (raises `ConnectionRefused`)."""
        if self._authenticate is not None:
            self._authenticate(hello)

    async def _new_session(self, device_id: str, display_profile: str) -> DeviceSession:
        dev = DeviceSession(
            device_id,
            self.runtime.runner,
            Camera(self.perception),
            DeviceLink(),
            metrics=self.runtime.runner.metrics,
            display_profile=display_profile,
        )
        runner = self.runtime.runner
        dev.camera.on_text = lambda scene: runner.seen(dev.session, scene, dev.location)
        transcriber = self.speech.new_transcriber()
        dev.pipeline = VoicePipeline(
            transcriber=transcriber,
            responder=dev.respond,
            tts=self.speech.tts,
            sink=dev,
            options=self.options.voice,
            end_check=CommandCompleteness(transcriber.partial, self.runtime.router.edge),
        )
        await dev.pipeline.start()
        dev.start_ticking()
        return dev

    async def close(self) -> None:
        """Close every session and the perception stage."""
        await self.sessions.close()
        self.perception.close()


def create_app(hub: Hub, registry: DeviceRegistry | None = None) -> FastAPI:
    """The FastAPI application: the glasses' WebSocket, health, metrics and the agents; with a
    device registry also pairing, the simulator page and the device endpoints."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if hub.speech.load is not None:
            await hub.speech.load()
        yield
        await hub.close()
        if hub.speech.close is not None:
            await hub.speech.close()

    app = FastAPI(title="Sightline hub", lifespan=lifespan)
    app.state.hub = hub

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "sessions": len(hub.sessions)}

    @app.get("/metrics")
    async def metrics() -> Response:
        body = generate_latest(hub.runtime.metrics_registry) + generate_latest(hub.metrics_registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    @app.get("/agents")
    async def agents() -> JSONResponse:
        registry = hub.runtime.registry
        listing = [
            {
                "name": agent.name,
                "description": agent.description,
                "permissions": sorted(str(p) for p in agent.permissions),
                "tools": sorted(agent.tool_specs()),
            }
            for agent in (registry.get(name) for name in registry.names())
        ]
        return JSONResponse(listing)

    @app.websocket(GLASSES_PATH)
    async def glasses(ws: WebSocket) -> None:
        await serve_connection(ws, hub)

    if registry is not None:
        from sightline.hub.web import add_web_routes

        add_web_routes(app, hub, registry)
    return app

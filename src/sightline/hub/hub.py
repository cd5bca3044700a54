"""The hub itself: sessions, speech back-ends and what a device session is built from.

`sightline.hub.server` wraps it in the HTTP/WebSocket application.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from fastapi import WebSocket
from prometheus_client import CollectorRegistry, Gauge, Histogram

from sightline.config import Settings
from sightline.confirm import DevicePublicKey
from sightline.conversation import Conversation
from sightline.errors import SightlineError
from sightline.hub.camera import Camera, camera_pixels
from sightline.hub.conversation_store import (
    ConversationStore,
    KeptConversation,
    Lease,
    MemoryConversationStore,
    SessionBusy,
)
from sightline.hub.device_session import DeviceSession
from sightline.hub.keeper import Keeper
from sightline.hub.link import DeviceLink
from sightline.hub.sessions import GRACE_S, SessionStore
from sightline.perception import Perception
from sightline.protocol.messages import Hello
from sightline.runtime import Runtime
from sightline.voice.endpointing import CommandCompleteness
from sightline.voice.pipeline import VoiceOptions, VoicePipeline
from sightline.voice.speak import SpeechSynthesizer
from sightline.voice.transcribe import UtteranceTranscriber

log = logging.getLogger(__name__)

WELCOME_BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0)


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
        admin_token: Opens `/metrics`, `/docs`, `/openapi.json` (None: they are not served).
        trusted_proxies: Addresses or networks whose `X-Forwarded-For` is believed.
        allowed_origins: Browser origins allowed on the WebSocket besides the hub's own.
    """

    grace_s: float = GRACE_S
    voice: VoiceOptions = field(default_factory=VoiceOptions)
    admin_token: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()


def hub_perception(settings: Settings) -> Perception:
    """The hub's perception stage: in capped worker processes unless configured to threads."""
    if settings.perception_workers == 0:
        return Perception(max_pixels=settings.camera_max_pixels)
    return Perception.isolated(
        settings.perception_workers,
        settings.perception_memory_mb,
        max_pixels=settings.camera_max_pixels,
    )


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
        device_key: The confirmation key the device of an accepted hello registered when it
            paired (None: that device can confirm nothing); runs in a worker thread.
        store: Where wearers' conversations are kept and who runs their turns
            (`hub.stores.open_store`); in this process only by default.
    """

    def __init__(
        self,
        runtime: Runtime,
        speech: SpeechBackends,
        options: HubOptions | None = None,
        perception: Perception | None = None,
        authenticate: Callable[[Hello], None] | None = None,
        watch_token: Callable[[WebSocket, Hello], Awaitable[None]] | None = None,
        device_key: Callable[[Hello], DevicePublicKey | None] | None = None,
        store: ConversationStore | None = None,
    ) -> None:
        self.runtime = runtime
        self.store = store or MemoryConversationStore()
        self.speech = speech
        self.options = options or HubOptions()
        self.perception = perception or hub_perception(runtime.settings)
        self._authenticate = authenticate
        self.watch_token = watch_token
        self._device_key = device_key
        self.allowed_origins = self.options.allowed_origins
        self.sessions = SessionStore(self._new_session, self.options.grace_s)
        self._warming: asyncio.Future[None] | None = None
        self.metrics_registry = CollectorRegistry()  # the hub's own; the runtime's is shared
        self.active = Gauge(
            "sightline_sessions", "Device sessions open", registry=self.metrics_registry
        )
        self.active.set_function(lambda: len(self.sessions))
        self.welcome_seconds = Histogram(
            "sightline_welcome_seconds",
            "From a device's hello to its welcome",
            buckets=WELCOME_BUCKETS_S,
            registry=self.metrics_registry,
        )

    def authenticate(self, hello: Hello) -> None:
        """Accept or refuse a device (raises `ConnectionRefused`)."""
        if self._authenticate is not None:
            self._authenticate(hello)

    def device_key(self, hello: Hello) -> DevicePublicKey | None:
        """The paired confirmation key of the device that said `hello`, if it has one."""
        return None if self._device_key is None else self._device_key(hello)

    async def _kept(self, device_id: str) -> tuple[Lease, KeptConversation | None]:
        """The device's lease and its kept conversation (None: a new one).

        Raises:
            SessionBusy: Another hub holds the lease.
            SightlineError: `session_store_unavailable`, the store did not answer.
        """
        try:
            lease = await self.store.acquire(device_id)
        except SessionBusy:
            raise
        except Exception as exc:
            raise SightlineError(
                "session_store_unavailable", f"the session store did not answer: {exc}"
            ) from exc
        try:
            return lease, await self.store.load(device_id)
        except Exception:
            log.exception("device %s: the kept conversation could not be read", device_id)
            return lease, None

    async def _new_session(self, device_id: str, display_profile: str) -> DeviceSession:
        runner = self.runtime.runner
        lease, kept = await self._kept(device_id)
        dev = DeviceSession(
            device_id,
            runner,
            Camera(self.perception, max_pixels=camera_pixels(display_profile)),
            DeviceLink(),
            metrics=runner.metrics,
            display_profile=display_profile,
            conversation=None if kept is None else Conversation.restore(runner, kept.conversation),
            keeper=Keeper(self.store, lease, kept) if self.store.keeps else None,
        )
        if kept is not None and kept.card is not None:
            dev.last_card, dev.current_card = kept.card, kept.card.card_id
        if kept is not None:
            dev.lost_turns = kept.running_turns
        dev.camera.on_text = dev.text_in_view
        transcriber = self.speech.new_transcriber()
        dev.pipeline = VoicePipeline(
            transcriber=transcriber,
            utterances=dev.heard,
            tts=self.speech.tts,
            audio=dev,
            options=self.options.voice,
            end_check=CommandCompleteness(transcriber.partial, self.runtime.router.edge),
        )
        await dev.pipeline.start()
        dev.start_ticking()
        return dev

    async def start(self) -> None:
        """Get ready before devices come: the frame workers load their models (a few seconds,
        in the background)."""
        self._warming = asyncio.ensure_future(self.perception.warm())

    async def close(self) -> None:
        """Close every session (letting their leases go), the store and the perception stage."""
        await self.sessions.close()
        await self.store.close()
        self.perception.close()

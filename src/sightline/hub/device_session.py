"""One connected device's session: its state, its voice pipeline and its output."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from typing import TYPE_CHECKING, Any

from sightline.errors import SightlineError
from sightline.hub.audio_in import AudioInput
from sightline.hub.device_events import DeviceMessage, to_device_event
from sightline.protocol import BinaryFrame, FrameKind
from sightline.protocol.messages import (
    CardMessage,
    ConfirmationOffer,
    Control,
    ErrorMessage,
    SpeechEnd,
    SpeechStart,
    TurnTraceMessage,
)
from sightline.scene import Location, Scene
from sightline.sdk.confirm import InputSource
from sightline.sdk.context import TurnInput
from sightline.session import Session
from sightline.voice.frames import ReplyFrame, RequestFrame
from sightline.voice.speak import SpeechOutFrame

if TYPE_CHECKING:
    from sightline.confirm import DevicePublicKey
    from sightline.hub.camera import Camera
    from sightline.hub.link import DeviceLink, Socket
    from sightline.trace import TraceMetrics
    from sightline.turns import TurnResult, TurnRunner
    from sightline.voice.pipeline import VoicePipeline

log = logging.getLogger(__name__)

SPEECH_RATE = 16_000
SPEECH_FRAME_BYTES = 16_000  # half a second of speech a frame
TRACES_KEPT = 50
TICK_S = 0.5


class DeviceSession:
    """What the hub keeps for one device, across reconnects within the grace period.

    Args:
        device_id: The device's identifier from `hello`.
        runner: The assistant's turn runner.
        camera: The device's view.
        link: The device's current connection.
        metrics: Where finished turn traces are recorded.
        display_profile: The device's HUD profile.
    """

    def __init__(
        self,
        device_id: str,
        runner: TurnRunner,
        camera: Camera,
        link: DeviceLink,
        metrics: TraceMetrics | None = None,
        display_profile: str = "green-640x480",
    ) -> None:
        self.device_id = device_id
        self.session = Session()
        self.runner = runner
        self.camera = camera
        self.link = link
        self.metrics = metrics
        self.display_profile = display_profile
        self.gaze: tuple[float, float] | None = None
        self.location: Location | None = None
        self.traces: deque[dict[str, Any]] = deque(maxlen=TRACES_KEPT)
        self.current_card: str | None = None
        self.last_card: CardMessage | None = None
        self.detached_at: float | None = None
        self.audio = AudioInput()
        self.pipeline: VoicePipeline | None = None
        self.head_pose: tuple[float, float, float] | None = None
        self._speech_seq = 0
        self._perceiving: asyncio.Task[None] | None = None
        self._ticker: asyncio.Task[None] | None = None

    def take_image(self, image: bytes) -> None:
        """Perceive a new camera frame in the background (a newer frame replaces it)."""
        if self._perceiving is not None and not self._perceiving.done():
            self._perceiving.cancel()
        self._perceiving = asyncio.create_task(self._perceive(image))

    async def _perceive(self, image: bytes) -> None:
        try:
            await self.camera.frame(image, self.gaze)
        except SightlineError as error:
            await self.link.send(ErrorMessage(code=error.code, message=error.message))

    async def device_left(self) -> None:
        """The connection dropped: end an utterance cut off mid-way, so it is not lost."""
        if self.pipeline is not None:
            await self.pipeline.end_utterance("disconnected")

    def start_ticking(self, every_s: float = TICK_S) -> None:
        """Check the confirmation time-outs every `every_s` seconds until the session closes."""

        async def loop() -> None:
            while True:
                await asyncio.sleep(every_s)
                try:
                    await self.tick()
                except Exception:
                    log.exception("confirmation time-out check failed")

        self._ticker = asyncio.create_task(loop(), name=f"tick-{self.device_id}")

    async def close(self) -> None:
        """Stop the pipeline and background work; the session is gone."""
        if self._ticker is not None:
            self._ticker.cancel()
        self.camera.close()
        if self.pipeline is not None:
            await self.pipeline.stop()
            self.pipeline = None

    async def attach(self, socket: Socket, device_key: DevicePublicKey | None) -> None:
        """Make `socket` the device's live connection (closing an earlier one with 4409).

        The confirmation gate then trusts only this connection's evidence: `device_key` is the
        key the device registered when it paired (None: it can confirm nothing), and a pending
        confirmation gets a fresh challenge, so nothing signed or acknowledged on an earlier
        connection counts.
        """
        await self.link.attach(socket)
        state = self.session.confirm
        async with state.lock:
            state.new_connection(device_key)

    async def resend_card(self) -> None:
        """Show the current card again (after a reconnect, it may have been missed); a pending
        confirmation's card with its current challenge."""
        card = self.last_card
        if card is None:
            return
        pending = self.session.confirm.pending
        if pending is not None and pending.card_id == card.card_id:
            card = card.model_copy(update={"confirmation": _offer(pending.public())})
            self.last_card = card
        await self.link.send(card)

    @property
    def session_id(self) -> str:
        """The session's identifier (sent in `welcome`)."""
        return self.session.session_id

    # Turns

    async def respond(self, request: RequestFrame) -> ReplyFrame | None:
        """Run one turn for a request in words (the pipeline's responder)."""
        text = request.text.strip()
        if not text:
            return None
        scene = await self.scene()
        source: InputSource = "voice" if request.source == "voice" else "typed"
        turn = TurnInput(
            utterance=text,
            scene=scene,
            location=self.location,
            source=source,
            alternatives=request.alternatives,
        )
        result = await self.runner.run(self.session, turn, trace=request.trace)
        return ReplyFrame(result=result, transcript=text)

    async def device_input(self, message: DeviceMessage) -> None:
        """Pass a gaze, tap, card acknowledgement or signature to the confirmation gate."""
        event = to_device_event(message, self.runner.gate.clock())
        result = await self.runner.device_input(self.session, event)
        if result is not None:
            await self.show(result)

    async def follow_location(self, at: float) -> None:
        """Feed the new location to live guidance, showing what it says."""
        if self.location is None:
            return
        result = await self.runner.moved(self.session, self.location, at)
        if result is not None:
            await self.show(result)

    async def tick(self) -> None:
        """Time-outs: a confirmation left too long, or looked away from, is cancelled."""
        result = await self.runner.expire(self.session, self.runner.gate.clock())
        if result is not None:
            await self.show(result)

    async def show(self, result: TurnResult) -> None:
        """Send a result decided outside a spoken or typed turn through the pipeline."""
        if self.pipeline is not None:
            await self.pipeline.push(ReplyFrame(result=result))

    async def scene(self) -> Scene | None:
        """What the wearer sees now, focused on the gaze (None without a fresh frame)."""
        try:
            return await self.camera.scene(self.gaze)
        except Exception:
            log.exception("perception failed")
            return None

    # DeviceSink: what the pipeline sends out

    async def send_card(self, result: TurnResult) -> None:
        """Show the turn's card, superseding the one on display."""
        card_id = result.card_id
        offer = _offer(result.pending) if result.pending is not None else None
        message = CardMessage(
            card_id=card_id,
            card=result.reply.card,
            supersedes=self.current_card,
            confirmation=offer,
        )
        self.current_card = card_id
        self.last_card = message
        await self.link.send(message)

    async def send_speech(self, frame: SpeechOutFrame) -> None:
        """Play a chunk of the reply's speech."""
        if frame.first:
            await self.link.send(
                SpeechStart(turn_id=frame.turn_id, sample_rate=SPEECH_RATE, text=frame.text)
            )
        for start in range(0, len(frame.audio), SPEECH_FRAME_BYTES):
            self._speech_seq += 1
            chunk = frame.audio[start : start + SPEECH_FRAME_BYTES]
            now_ms = int(time.time() * 1000)
            await self.link.send_frame(
                BinaryFrame(FrameKind.SPEECH_PCM16, self._speech_seq, now_ms, chunk)
            )
        if frame.last:
            await self.link.send(SpeechEnd(turn_id=frame.turn_id))

    async def send_stop_speaking(self) -> None:
        """Barge-in: the device stops playing now."""
        await self.link.send(Control(action="stop_speaking"))

    async def send_trace(self, result: TurnResult, transcript: str | None) -> None:
        """Report and keep the turn's timings."""
        trace = result.trace
        if self.metrics is not None:
            self.metrics.observe(trace)
        record = {**trace.to_json(), "transcript": transcript, "agent": result.route.agent}
        self.traces.append(record)
        await self.link.send(
            TurnTraceMessage(
                turn_id=trace.turn_id,
                timings_ms=trace.timings_ms(),
                transcript=transcript,
                agent=result.route.agent,
            )
        )


def _offer(pending: dict[str, Any]) -> ConfirmationOffer:
    """The wire form of a pending confirmation (`PendingConfirmation.public()`)."""
    return ConfirmationOffer(
        kind=pending["kind"],
        payee=pending["payee"],
        amount=pending["amount"],
        currency=pending["currency"],
        challenge=pending["challenge"],
        modalities=list(pending["modalities"]),
        expires_at=pending["expires_at"],
    )

"""One connected device's session: the protocol adapter around the wearer's conversation.

Wire messages become the conversation's input events (`sightline.conversation.events`); its
output events become wire messages: `ShowCard` a `card`, `Speak` the voice pipeline's speech
(its output stage), `TraceOut` a `trace` once the first audio is out, `ErrorOut` an `error`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sightline.conversation import Conversation
from sightline.conversation.events import (
    CodesInView,
    ErrorOut,
    Haptic,
    InputEvent,
    LocationFix,
    OutputEvent,
    ShowCard,
    Speak,
    Tick,
    TraceOut,
    TurnLost,
    TypedText,
    Utterance,
)
from sightline.errors import SightlineError
from sightline.hub.audio_in import AudioInput
from sightline.hub.conversation_store import SESSION_BUSY, LeaseLost
from sightline.hub.device_events import DeviceMessage, to_device_event
from sightline.hub.link import CLOSE_SESSION_BUSY
from sightline.protocol import BinaryFrame, FrameKind
from sightline.protocol.messages import (
    CardMessage,
    ConfirmationOffer,
    Control,
    ErrorMessage,
    HapticMessage,
    SpeechEnd,
    SpeechStart,
    TurnTraceMessage,
)
from sightline.scene import Location, Scene
from sightline.trace import TurnTrace
from sightline.voice.speak import SpeechOutFrame

if TYPE_CHECKING:
    from sightline.confirm import DevicePublicKey
    from sightline.hub.camera import Camera
    from sightline.hub.keeper import Keeper
    from sightline.hub.link import DeviceLink, Socket
    from sightline.session import Session
    from sightline.trace import TraceMetrics
    from sightline.turn_result import TurnResult
    from sightline.turns import TurnRunner
    from sightline.voice.pipeline import VoicePipeline

log = logging.getLogger(__name__)

SPEECH_RATE = 16_000
SPEECH_FRAME_BYTES = 16_000  # half a second of speech a frame
TRACES_KEPT = 50
TICK_S = 0.5
TAKEN_OVER = "another hub took over this wearer's session"


class DeviceSession:
    """What the hub keeps for one device, across reconnects within the grace period.

    Args:
        device_id: The device's identifier from `hello`.
        runner: The assistant's turn runner.
        camera: The device's view.
        link: The device's current connection.
        metrics: Where finished turn traces are recorded.
        display_profile: The device's HUD profile.
        conversation: The wearer's conversation (restored from the store); a new one by
            default.
        keeper: Keeps the conversation in a shared store under this hub's lease (None: it
            lives in this process only).
    """

    def __init__(
        self,
        device_id: str,
        runner: TurnRunner,
        camera: Camera,
        link: DeviceLink,
        metrics: TraceMetrics | None = None,
        display_profile: str = "green-640x480",
        conversation: Conversation | None = None,
        keeper: Keeper | None = None,
    ) -> None:
        self.device_id = device_id
        self.conversation = conversation or Conversation(runner)
        self.keeper = keeper
        self.restored = conversation is not None
        self.runner = runner
        self.camera = camera
        self.link = link
        self.metrics = metrics
        self.display_profile = display_profile
        self.gaze: tuple[float, float] | None = None
        self.traces: deque[dict[str, Any]] = deque(maxlen=TRACES_KEPT)
        self.current_card: str | None = None
        self.last_card: CardMessage | None = None
        self.detached_at: float | None = None
        self.audio = AudioInput()
        self.pipeline: VoicePipeline | None = None
        self.head_pose: tuple[float, float, float] | None = None
        self._speech_seq = 0
        self._background: set[asyncio.Task[None]] = set()
        self._unheard: dict[str, TraceOut | None] = {}  # turn id → its trace, awaiting audio
        self._perceiving: asyncio.Task[None] | None = None
        self._ticker: asyncio.Task[None] | None = None
        self.running_turns: dict[str, None] = {}
        """Turns begun here and not yet answered, in order (kept with the conversation)."""
        self.lost_turns: tuple[str, ...] = ()
        """Turns a stopped hub began and never answered (from the store): told as lost."""

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
                await self.hold_lease()

        self._ticker = asyncio.create_task(loop(), name=f"tick-{self.device_id}")

    @property
    def lost(self) -> bool:
        """Another hub took this wearer over: this session is stale and runs nothing more."""
        return self.keeper is not None and self.keeper.lost

    async def hold_lease(self) -> None:
        """Renew the lease while a connection is live (a detached session lets it go)."""
        if self.keeper is not None and self.link.attached and not await self.keeper.hold():
            await self.taken_over()

    async def keep(self) -> None:
        """Keep the conversation in the shared store, if it changed."""
        if self.keeper is None:
            return
        try:
            await self.keeper.save(self.conversation, self.last_card, tuple(self.running_turns))
        except LeaseLost:
            await self.taken_over()

    async def taken_over(self) -> None:
        """Another hub holds the wearer now: say so and close the connection (4423)."""
        log.warning("device %s: %s", self.device_id, TAKEN_OVER)
        await self.link.send(ErrorMessage(code=SESSION_BUSY, message=TAKEN_OVER))
        await self.link.close(CLOSE_SESSION_BUSY, f"{SESSION_BUSY}: {TAKEN_OVER}"[:120])

    async def let_go(self) -> None:
        """The connection closed or the hub stops: give up the lease (the state stays kept)."""
        if self.keeper is not None and not self.keeper.lost:
            await self.keeper.release()

    async def forget(self) -> None:
        """The grace period is over: the kept state goes too."""
        if self.keeper is not None and not self.keeper.lost:
            await self.keeper.drop()
            await self.keeper.release()

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
        state = self.conversation.session.confirm
        async with state.lock:
            state.new_connection(device_key)
        # Kept in the background: the write waits for a turn still running to finish, and the
        # device's welcome must not.
        self.in_background(self.keep())

    @property
    def last_turn_id(self) -> str | None:
        """The turn whose card is on display (`welcome.last_turn_id`)."""
        return None if self.last_card is None else self.last_card.turn_id

    @property
    def running_turn_id(self) -> str | None:
        """The first turn still running here (`welcome.running_turn_id`: its card follows)."""
        return next(iter(self.running_turns), None)

    async def tell_lost_turns(self) -> None:
        """Tell the device of each turn a stopped hub began and never answered: a
        `turn_lost` error and a card asking to say it again, bearing the turn's id."""
        lost, self.lost_turns = self.lost_turns, ()
        for turn_id in lost:
            log.info("device %s: turn %s was lost with its hub", self.device_id, turn_id)
            await self.handle(TurnLost(turn_id))

    async def resend_card(self) -> None:
        """Show the current card again (after a reconnect, it may have been missed); a pending
        confirmation's card with its current challenge."""
        card = self.last_card
        if card is None:
            return
        pending = self.conversation.session.confirm.pending
        if pending is not None and pending.card_id == card.card_id:
            card = card.model_copy(update={"confirmation": _offer(pending.public())})
            self.last_card = card
        await self.link.send(card)

    @property
    def session(self) -> Session:
        """The wearer's state (the conversation's)."""
        return self.conversation.session

    @property
    def session_id(self) -> str:
        """The session's identifier (sent in `welcome`)."""
        return self.conversation.session.session_id

    # Input events into the conversation, output events out

    async def handle(self, event: InputEvent) -> None:
        """Pass one input event to the conversation, send out what it answers and keep the
        changed state."""
        if self.lost:
            return
        turn_id = event.trace.turn_id if isinstance(event, Utterance | TypedText) else None
        if turn_id is None:
            out = await self.conversation.handle(event)
            await self.emit(out)
            if out or not isinstance(event, Tick):  # a quiet tick changed nothing worth a write
                await self.keep()
            return
        self.running_turns[turn_id] = None
        await self.keep()  # a hub that resumes the wearer after this one stops can tell it
        try:
            await self.emit(await self.conversation.handle(event))
        finally:
            self.running_turns.pop(turn_id, None)
            await self.keep()

    async def heard(self, utterance: Utterance) -> None:
        """An utterance from the voice pipeline, with what is in view now."""
        await self.handle(replace(utterance, scene=await self.scene()))

    async def typed(self, text: str) -> None:
        """A typed request (it never confirms anything)."""
        trace = TurnTrace()
        await self.handle(TypedText(text, await self.scene(), trace))

    def text_in_view(self, scene: Scene) -> None:
        """The camera read a frame's text: the conversation may remember it (in the
        background, after the event in hand)."""
        self.in_background(self.handle(CodesInView(scene)))

    def in_background(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` beside the event in hand (kept referenced until it ends)."""
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def device_input(self, message: DeviceMessage) -> None:
        """Pass a gaze, tap, card acknowledgement or signature to the conversation."""
        await self.handle(to_device_event(message, self.runner.gate.clock()))

    async def moved(self, location: Location, at: float) -> None:
        """The device's new location (`at`: wall-clock seconds), to the conversation."""
        await self.handle(LocationFix(location, at))

    async def tick(self) -> None:
        """Time-outs and proactive cards."""
        await self.handle(Tick(self.runner.gate.clock()))

    async def emit(self, events: list[OutputEvent]) -> None:
        """Send the conversation's output events to the device, each by its type."""
        for event in events:
            await OUTPUTS[type(event)](self, event)

    async def _show_card(self, event: ShowCard) -> None:
        await self.send_card(event.result)
        event.result.trace.mark("card_sent")

    async def _speak(self, event: Speak) -> None:
        if self.pipeline is None or not self.pipeline.speaks:
            return
        self._unheard[event.turn_id] = None
        await self.pipeline.speak(event.text, event.turn_id)

    async def _trace(self, event: TraceOut) -> None:
        turn_id = event.result.trace.turn_id
        if turn_id in self._unheard:
            self._unheard[turn_id] = event  # sent with the first audio
        else:
            await self.send_trace(event.result, event.transcript)

    async def _error(self, event: ErrorOut) -> None:
        await self.link.send(
            ErrorMessage(code=event.code, message=event.message, turn_id=event.turn_id)
        )

    async def _haptic(self, event: Haptic) -> None:
        await self.link.send(HapticMessage(pattern=event.pattern))

    async def scene(self) -> Scene | None:
        """What the wearer sees now, focused on the gaze (None without a fresh frame)."""
        try:
            return await self.camera.scene(self.gaze)
        except Exception:
            log.exception("perception failed")
            return None

    # What goes to the device

    async def send_card(self, result: TurnResult) -> None:
        """Show the turn's card, superseding the one on display."""
        card_id = result.card_id
        offer = _offer(result.pending) if result.pending is not None else None
        message = CardMessage(
            card_id=card_id,
            card=result.reply.card,
            supersedes=self.current_card,
            confirmation=offer,
            turn_id=result.trace.turn_id,
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
        if frame.first or frame.last:
            await self._heard_audio(frame.turn_id, first=frame.first)

    async def _heard_audio(self, turn_id: str, *, first: bool) -> None:
        """The turn's speech started (or ended without audio): its trace goes out now."""
        if turn_id not in self._unheard:
            return
        waiting = self._unheard.pop(turn_id)
        if waiting is not None:
            if first:
                waiting.result.trace.mark("first_audio_sent")
            await self.send_trace(waiting.result, waiting.transcript)

    async def send_stop_speaking(self) -> None:
        """Barge-in: the device stops playing now; traces still waiting for audio go out."""
        await self.link.send(Control(action="stop_speaking"))
        waiting, self._unheard = self._unheard, {}
        for event in waiting.values():
            if event is not None:
                await self.send_trace(event.result, event.transcript)

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


Output = Callable[[DeviceSession, Any], Awaitable[None]]
OUTPUTS: dict[type, Output] = {
    ShowCard: DeviceSession._show_card,
    Speak: DeviceSession._speak,
    TraceOut: DeviceSession._trace,
    ErrorOut: DeviceSession._error,
    Haptic: DeviceSession._haptic,
}
"""The conversation's output event type → how it goes to the device."""

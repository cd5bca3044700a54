"""Simulated glasses for the command line: show each card, look, tap, speak, let time pass.

`sightline ask ... --then gaze:confirm:900 --then say:confirm` and the prompt's slash commands
(`/gaze confirm 900`, `/tap`, `/wait 31`, `/say confirm`) drive the same `DeviceSimulator`. Time
is the real time plus what `wait` (and each gaze's dwell) added, so a 31-second time-out takes
no time.

It is a real device, not a way around the confirmation gate: it has its own signing key (made
for the process, its public key given to the session as a paired device's would be), it signs a
confirmation card only once its gaze has dwelt on Confirm, and `say:TEXT` is spoken with the
configured voice (flite by default) and recognised from that audio by the configured recogniser,
as the hub does; only what the recogniser heard is the turn.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from sightline.confirm import CONFIRM_TARGET, CardShown, GazeInput, SignedConfirmation, TapInput
from sightline.confirm.device_key import LocalDeviceKey, terms_of
from sightline.errors import SightlineError
from sightline.scene import Scene
from sightline.sdk.context import TurnInput
from sightline.session import Session
from sightline.turns import TurnResult, TurnRunner

STEP_HELP: Final = (
    "gaze:TARGET:MS (TARGET confirm, cancel, card or away), say:TEXT, tap, wait:SECONDS"
)
AWAY: Final = "away"


class VirtualClock:
    """The real time plus an offset that `advance` moves forward."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass."""
        self.offset += timedelta(seconds=seconds)


@dataclass(frozen=True)
class Step:
    """One simulated device action.

    Attributes:
        spec: As written ("gaze:confirm:900").
        kind: gaze, say, tap or wait.
        target: The gaze target (None: looking away).
        amount: The dwell in milliseconds, or the seconds to wait.
        text: What is said.
    """

    spec: str
    kind: str
    target: str | None = None
    amount: float = 0.0
    text: str = ""


def _bad(spec: str) -> SightlineError:
    return SightlineError("bad_step", f"{spec!r} is not a device step: {STEP_HELP}")


def parse_step(spec: str) -> Step:
    """Read "gaze:confirm:900", "gaze:away:3500", "say:confirm", "tap" or "wait:31".

    Raises:
        SightlineError: `bad_step`.
    """
    kind, _, rest = spec.strip().partition(":")
    kind = kind.lower()
    try:
        if kind == "gaze":
            target, _, ms = rest.partition(":")
            dwell = int(ms)
            if not target or dwell < 0:
                raise ValueError(spec)
            return Step(spec, kind, None if target.lower() == AWAY else target.lower(), dwell)
        if kind == "wait" and float(rest) >= 0:
            return Step(spec, kind, amount=float(rest))
        if kind == "say" and rest.strip():
            return Step(spec, kind, text=rest.strip())
        if kind == "tap" and not rest:
            return Step(spec, kind)
    except ValueError:
        raise _bad(spec) from None
    raise _bad(spec)


def parse_command(line: str) -> Step:
    """Read a prompt slash command: "/gaze confirm 900", "/tap", "/wait 31", "/say confirm".

    Raises:
        SightlineError: `bad_step`.
    """
    name, _, rest = line.strip().lstrip("/").partition(" ")
    if name.lower() == "say":
        return parse_step(f"say:{rest}")
    return parse_step(":".join([name, *rest.split()]))


Hear = Callable[[str], Awaitable[str]]
"""Speaks words and returns what the recogniser heard in that audio."""


async def hear_with_settings(text: str) -> str:
    """`text` spoken by the configured voice and recognised by the configured recogniser."""
    return await _ears().hear(text)


class _Ears:
    """The configured speech back-ends, loaded on first use."""

    def __init__(self) -> None:
        self._speech: Any = None

    async def load(self) -> None:
        """Load the voice and the recogniser (seconds: do it before a card's window opens)."""
        from sightline.config import Settings
        from sightline.hub.speech import build_speech

        if self._speech is None:
            speech = build_speech(Settings())
            if speech.tts is None:
                raise SightlineError("no_voice", "say: needs a text-to-speech back-end")
            if speech.load is not None:
                await speech.load()
            self._speech = speech

    async def hear(self, text: str) -> str:
        await self.load()
        pcm = b"".join([chunk async for chunk in self._speech.tts.stream(text)])
        transcriber = self._speech.new_transcriber()
        await transcriber.begin()
        await transcriber.feed(bytes(16_000) + pcm + bytes(16_000))  # silence around it
        transcript = await transcriber.end()
        return str(transcript.text)


@functools.cache
def _ears() -> _Ears:
    return _Ears()


async def load_ears() -> None:
    """Load the configured voice and recogniser that `hear_with_settings` uses."""
    await _ears().load()


class DeviceSimulator:
    """Glasses on the command line: every card is shown (acknowledged) as soon as it comes.

    Args:
        runner: The turn runner (its gate should use `clock`).
        session: The wearer's session (it gets this device's public key).
        clock: The simulated time.
        scene: What the camera sees for spoken steps.
        tier: The routing tier for spoken steps.
        hear: Speech in and out for `say:` (the configured voice and recogniser by default).
    """

    def __init__(
        self,
        runner: TurnRunner,
        session: Session,
        clock: VirtualClock,
        scene: Scene | None = None,
        tier: Any = None,
        hear: Hear = hear_with_settings,
    ) -> None:
        self.runner, self.session, self.clock = runner, session, clock
        self.scene, self.tier = scene, tier
        self.hear = hear
        self.key = LocalDeviceKey()
        session.confirm.device_key = self.key.public_key()
        self.offer: dict[str, Any] | None = None
        self.shown: str | None = None
        self.last: TurnResult | None = None
        self.heard: str | None = None
        self._steps: dict[str, Callable[[Step], Awaitable[TurnResult | None]]] = {
            "gaze": self._gaze,
            "say": self._say,
            "tap": self._tap,
            "wait": self._wait,
        }

    async def show(self, result: TurnResult) -> TurnResult:
        """Display a result's card (the device's `card_ack`)."""
        self.shown, self.last, self.offer = result.card_id, result, result.pending
        await self.runner.device_input(self.session, CardShown(result.card_id, self.clock()))
        return result

    async def step(self, step: Step) -> TurnResult | None:
        """Do one step; the result it produced (shown at once), or None if it only recorded."""
        result = await self._steps[step.kind](step)
        return None if result is None else await self.show(result)

    async def _sign(self, modality: str) -> TurnResult | None:
        """Sign the confirmation card on display (as glasses do, in their secure element)."""
        offer = self.offer
        assert offer is not None
        signature = self.key.sign(terms_of(offer), modality)
        event = SignedConfirmation(offer["card_id"], modality, signature, self.clock())
        return await self.runner.device_input(self.session, event)

    async def _gaze(self, step: Step) -> TurnResult | None:
        self.clock.advance(step.amount / 1000)
        card = self.shown if step.target is not None else None
        dwelt = step.target == CONFIRM_TARGET and step.amount >= self.runner.gate.rules.dwell_ms
        if dwelt and self.offer is not None:
            signed = await self._sign("gaze_voice")
            if signed is not None:
                return signed
        event = GazeInput(step.target, int(step.amount), card, self.clock())
        return await self.runner.device_input(self.session, event)

    async def _say(self, step: Step) -> TurnResult | None:
        self.heard = await self.hear(step.text)
        if not self.heard:
            return None
        turn = TurnInput(self.heard, self.scene, source="voice")
        return await self.runner.run(self.session, turn, self.tier)

    async def _tap(self, step: Step) -> TurnResult | None:
        if self.offer is not None and "tap" in self.offer.get("modalities", ()):
            return await self._sign("tap")
        return await self.runner.device_input(self.session, TapInput(self.shown, self.clock()))

    async def _wait(self, step: Step) -> TurnResult | None:
        self.clock.advance(step.amount)
        return await self.runner.expire(self.session)

    def state(self) -> dict[str, Any]:
        """The final state: what is pending, the card on display, how the last one ended."""
        pending = self.session.confirm.pending
        last = self.last.to_json() if self.last is not None else {}
        return {
            "step": "final",
            "pending": pending.public() if pending is not None else None,
            "card_id": self.shown,
            "card": last.get("card"),
            "confirmation": last.get("confirmation"),
            "error": last.get("error"),
            "heard": self.heard,
        }

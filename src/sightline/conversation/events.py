"""What goes into a conversation and what comes out of it.

Input events come from the wearer's devices: words heard (`Utterance`, from the voice
pipeline) or typed (`TypedText`), the confirmation gate's device input (`Gaze`, `Tap`, `Ack`,
`Signature`: the `sightline.confirm` events), a new position (`LocationFix`), text read in view
(`CodesInView`), a turn lost with the hub that began it (`TurnLost`) and the clock (`Tick`).
Output events go back out: a card to show
(`ShowCard`), words to say (`Speak`), a turn's timings (`TraceOut`), refusals (`ErrorOut`) and a
pulse when a confirmation completes or is refused (`Haptic`).
The hub's device session translates between these and the wire protocol; only `Speak` goes
through the voice pipeline (its output stage).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sightline.confirm import CardShown, GazeInput, SignedConfirmation, TapInput
from sightline.scene import Location, Scene
from sightline.sdk.context import SpokenAlternative
from sightline.trace import TurnTrace
from sightline.turn_result import TurnResult

Gaze = GazeInput
"""Where the wearer looks and how long the gaze has held there."""
Tap = TapInput
"""A temple tap."""
Ack = CardShown
"""The device displays a card."""
Signature = SignedConfirmation
"""The device's signature over a confirmation card's terms."""


@dataclass(frozen=True)
class Utterance:
    """Words the device's microphone heard, as the recogniser read them.

    Attributes:
        text: The final transcript (may be empty: nothing understood).
        scene: What is in view, focused on the gaze (None without a fresh frame).
        alternatives: Each agent's reading of the audio, when the recogniser gives them.
        unsure: The recogniser heard speech but is not sure of the words: the conversation
            asks again and runs no agent.
        trace: The turn's trace, started at the end of speech.
    """

    text: str
    scene: Scene | None = None
    alternatives: tuple[SpokenAlternative, ...] = ()
    unsure: bool = False
    trace: TurnTrace = field(default_factory=TurnTrace)


@dataclass(frozen=True)
class TypedText:
    """A request the wearer typed (on the device or in a client). It never confirms."""

    text: str
    scene: Scene | None = None
    trace: TurnTrace = field(default_factory=TurnTrace)


@dataclass(frozen=True)
class LocationFix:
    """The device's new position; `at` in monotonic seconds."""

    location: Location
    at: float


@dataclass(frozen=True)
class CodesInView:
    """Codes and text the camera stage read from a new frame."""

    scene: Scene


@dataclass(frozen=True)
class TurnLost:
    """A turn began on a hub that stopped before answering it (the session resumed here).

    Attributes:
        turn_id: The lost turn's id (the device may have seen it in nothing yet).
    """

    turn_id: str


@dataclass(frozen=True)
class Tick:
    """The clock: time-outs of a pending confirmation, proactive cards now due."""

    now: datetime | None = None


InputEvent = (
    Utterance
    | TypedText
    | GazeInput
    | TapInput
    | CardShown
    | SignedConfirmation
    | LocationFix
    | CodesInView
    | TurnLost
    | Tick
)
"""Everything a conversation takes."""


@dataclass(frozen=True)
class ShowCard:
    """Show the result's card (bound to its `card_id`, with its pending confirmation)."""

    result: TurnResult


@dataclass(frozen=True)
class Speak:
    """Say the words of a turn (the voice pipeline's output stage synthesises them)."""

    text: str
    turn_id: str


@dataclass(frozen=True)
class TraceOut:
    """A finished turn's timings (sent once its first audio is out, when it speaks)."""

    result: TurnResult
    transcript: str | None = None


@dataclass(frozen=True)
class ErrorOut:
    """A refusal the device should know by its stable code (besides the card saying it)."""

    code: str
    message: str
    turn_id: str | None = None


@dataclass(frozen=True)
class Haptic:
    """A pulse the wearer feels: "confirmed" (a confirmation completed) or "refused"."""

    pattern: Literal["confirmed", "refused"]


OutputEvent = ShowCard | Speak | TraceOut | ErrorOut | Haptic
"""Everything a conversation emits."""

"""Device input events: the only things that can authorise a pending confirmation.

The hub translates the wire protocol's `gaze`, `tap`, `card_ack` and `confirm_signature`
messages into these and passes them to `TurnRunner.device_input`; a spoken "confirm" or
"cancel" arrives as a turn (`TurnRunner.run`) and becomes a `SpokenReply` inside the runner.
Times are aware datetimes on the hub's clock. Only a `SignedConfirmation` carries proof of the
device; the rest is what the device asserts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from sightline.sdk.confirm import InputSource

CONFIRM_TARGET: Final = "confirm"
"""The gaze target of a card's "Confirm" action."""
CANCEL_TARGET: Final = "cancel"
"""The gaze target of a card's "Cancel" action."""


def _check_time(at: datetime) -> None:
    if at.tzinfo is None:
        raise ValueError("device events need an aware datetime")


@dataclass(frozen=True, slots=True)
class GazeInput:
    """Where the wearer looks, and how long the gaze has held still there.

    Attributes:
        target: The card target under the gaze ("confirm", "cancel", or another part of the
            card such as "card"), or None when the gaze is off the card.
        dwell_ms: How long the gaze has stayed on `target`, in milliseconds, as of `at`.
        card_id: The card the target belongs to (the `card_id` the hub sent with it); None
            when the gaze is on no card.
        at: When the device reported it.
    """

    target: str | None
    dwell_ms: int
    card_id: str | None
    at: datetime

    def __post_init__(self) -> None:
        if self.dwell_ms < 0:
            raise ValueError("dwell_ms must not be negative")
        _check_time(self.at)


@dataclass(frozen=True, slots=True)
class TapInput:
    """A temple tap.

    Attributes:
        card_id: The card shown when the wearer tapped, if the device says; a tap naming a card
            other than the pending confirmation's is refused.
        at: When the device reported it.
        kind: "single", "double" or "long".
    """

    card_id: str | None
    at: datetime
    kind: str = "single"

    def __post_init__(self) -> None:
        _check_time(self.at)


@dataclass(frozen=True, slots=True)
class CardShown:
    """The device displayed a card (or could not): the protocol's `card_ack`.

    Attributes:
        card_id: The card acknowledged.
        at: When the device reported it.
        shown: False when the device did not display it.
    """

    card_id: str
    at: datetime
    shown: bool = True

    def __post_init__(self) -> None:
        _check_time(self.at)


@dataclass(frozen=True, slots=True)
class SpokenReply:
    """The words "confirm" or "cancel" in a turn (made by the turn runner, not the hub).

    Attributes:
        word: Which one.
        source: Where the words came from: "voice" (the hub's recogniser on the device's
            audio: the only source that can confirm), "typed" (can cancel, never confirm) or
            "unknown".
        at: When the turn arrived.
    """

    word: Literal["confirm", "cancel"]
    source: InputSource
    at: datetime


@dataclass(frozen=True, slots=True)
class SignedConfirmation:
    """The device's signature on the pending card: the protocol's `confirm_signature`.

    Attributes:
        card_id: The card signed for.
        modality: "gaze_voice" (signed when the gaze has dwelt on Confirm; the hub adds the
            spoken "confirm") or "tap" (signed on a tap with the gaze on Confirm).
        signature: Base64url signature over `signing.signed_bytes`.
        at: When the device reported it.
    """

    card_id: str
    modality: str
    signature: str
    at: datetime

    def __post_init__(self) -> None:
        _check_time(self.at)


DeviceEvent = GazeInput | TapInput | CardShown | SignedConfirmation
"""What `TurnRunner.device_input` accepts."""

"""JSON control messages, one object per WebSocket text frame, told apart by `type`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from sightline.cards.model import Card
from sightline.protocol.errors import ProtocolError
from sightline.protocol.json_limits import load_json

PROTOCOL_VERSION = 1


class _Message(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, allow_inf_nan=False)


# Upstream: glasses -> hub


class Hello(_Message):
    """First message of a connection: who the device is and what it can do."""

    type: Literal["hello"] = "hello"
    device_id: str = Field(min_length=1, max_length=128)
    protocol: int = Field(ge=1)
    display_profile: str = "green-640x480"
    capabilities: list[str] = Field(default_factory=list, max_length=32)
    token: str | None = Field(None, max_length=512)


class Gaze(_Message):
    """Where the wearer looks, in camera-image pixels, and how long it has held still."""

    type: Literal["gaze"] = "gaze"
    x: float
    y: float
    dwell_ms: int = Field(0, ge=0)
    target: str | None = Field(None, max_length=64)
    card_id: str | None = Field(None, max_length=64)


class HeadPose(_Message):
    """Head orientation in degrees."""

    type: Literal["head_pose"] = "head_pose"
    yaw: float
    pitch: float
    roll: float = 0.0


class Tap(_Message):
    """A touch on the temple."""

    type: Literal["tap"] = "tap"
    kind: Literal["single", "double", "long"] = "single"
    card_id: str | None = Field(None, max_length=64)


class LocationUpdate(_Message):
    """A position fix."""

    type: Literal["location"] = "location"
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    accuracy_m: float | None = Field(None, ge=0)


class CardAck(_Message):
    """The device showed (or could not show) a card."""

    type: Literal["card_ack"] = "card_ack"
    card_id: str = Field(max_length=64)
    shown: bool = True


class AudioStart(_Message):
    """The format of the audio frames that follow (default 16 kHz mono PCM16)."""

    type: Literal["audio_start"] = "audio_start"
    sample_rate: int = Field(16000, ge=8000, le=48000)
    channels: Literal[1] = 1


class AudioEnd(_Message):
    """The microphone stopped (push-to-talk released)."""

    type: Literal["audio_end"] = "audio_end"


class TextRequest(_Message):
    """A typed request instead of speech."""

    type: Literal["text"] = "text"
    text: str = Field(min_length=1, max_length=2000)


class Ping(_Message):
    """Keep-alive; answered with `pong`."""

    type: Literal["ping"] = "ping"


class ConfirmSignature(_Message):
    """The device's signature on a confirmation card (docs/protocol.md, "Signed confirmations").

    `gaze_voice`: signed once the wearer's gaze has dwelt on Confirm; the hub completes when it
    hears "confirm" in the device's audio. `tap`: signed on a temple tap with the gaze on Confirm
    (only when the card's offer lists it).
    """

    type: Literal["confirm_signature"] = "confirm_signature"
    card_id: str = Field(max_length=64)
    modality: Literal["gaze_voice", "tap"]
    signature: str = Field(min_length=1, max_length=200)


UpstreamMessage = Annotated[
    Hello | Gaze | HeadPose | Tap | LocationUpdate | CardAck | AudioStart | AudioEnd
    | TextRequest | Ping | ConfirmSignature,
    Field(discriminator="type"),
]  # fmt: skip

# Downstream: hub -> glasses


class Welcome(_Message):
    """The session is open.

    Attributes:
        resumed: The session carries on (kept on this hub, or restored from the shared store).
        last_turn_id: The turn whose card the session shows now (None: none yet).
        running_turn_id: A turn this hub is still running for the device: its card follows.
    """

    type: Literal["welcome"] = "welcome"
    session_id: str
    protocol: int = PROTOCOL_VERSION
    resumed: bool = False
    last_turn_id: str | None = None
    running_turn_id: str | None = None


class ConfirmationOffer(_Message):
    """What a confirmation card asks, as the device signs it (strings exactly as sent).

    Attributes:
        kind: "payment", "order" or "booking".
        payee: Who is paid.
        amount: A decimal string ("23.50").
        currency: ISO 4217 code.
        challenge: The card's one-time challenge (base64url, 43 characters).
        modalities: How it may be confirmed: "gaze_voice", and "tap" when the hub enables it.
        expires_at: When the card lapses (ISO 8601).
    """

    kind: str
    payee: str
    amount: str
    currency: str
    challenge: str
    modalities: list[str]
    expires_at: str


class CardMessage(_Message):
    """Show a card (already fitted to the device's display profile, page by page).

    A confirmation card carries `confirmation`: the terms and challenge the device signs.
    """

    type: Literal["card"] = "card"
    card_id: str
    card: Card
    supersedes: str | None = None
    confirmation: ConfirmationOffer | None = None
    turn_id: str | None = None


class SpeechStart(_Message):
    """Speech audio frames for this turn follow."""

    type: Literal["speech_start"] = "speech_start"
    turn_id: str
    sample_rate: int = 16000
    text: str = ""


class SpeechEnd(_Message):
    """No more speech audio for this turn."""

    type: Literal["speech_end"] = "speech_end"
    turn_id: str


class Control(_Message):
    """Stop speaking at once, or clear the display."""

    type: Literal["control"] = "control"
    action: Literal["stop_speaking", "clear_card"]


class TurnTraceMessage(_Message):
    """The stage timings of a finished turn (milliseconds from speech end)."""

    type: Literal["trace"] = "trace"
    turn_id: str
    timings_ms: dict[str, float]
    transcript: str | None = None
    agent: str | None = None


class ErrorMessage(_Message):
    """Something the device sent was refused; the connection stays open."""

    type: Literal["error"] = "error"
    code: str
    message: str
    turn_id: str | None = None


class HapticMessage(_Message):
    """A pulse the wearer feels: a confirmation completed, or refused."""

    type: Literal["haptic"] = "haptic"
    pattern: Literal["confirmed", "refused"]


class Pong(_Message):
    """Answer to `ping`."""

    type: Literal["pong"] = "pong"


DownstreamMessage = Annotated[
    Welcome | CardMessage | SpeechStart | SpeechEnd | Control | TurnTraceMessage | ErrorMessage
    | HapticMessage | Pong,
    Field(discriminator="type"),
]  # fmt: skip

_UPSTREAM: TypeAdapter[UpstreamMessage] = TypeAdapter(UpstreamMessage)
_DOWNSTREAM: TypeAdapter[DownstreamMessage] = TypeAdapter(DownstreamMessage)


def _parse(raw: str | bytes, adapter: TypeAdapter[Any]) -> Any:
    obj = load_json(raw)
    if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
        raise ProtocolError("invalid_message", "a message is a JSON object with a string 'type'")
    try:
        return adapter.validate_python(obj)
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "union_tag_invalid":
            raise ProtocolError("unknown_type", f"unknown message type {obj['type']!r}") from None
        where = ".".join(str(p) for p in first["loc"][1:]) or "message"
        raise ProtocolError("invalid_message", f"{obj['type']}: {where}: {first['msg']}") from None


def parse_upstream(raw: str | bytes) -> UpstreamMessage:
    """Parse a text frame from a device.

    Raises:
        ProtocolError: `message_too_large`, `message_too_deep`, `bad_number`, `bad_json`,
            `unknown_type` or `invalid_message`.
    """
    result: UpstreamMessage = _parse(raw, _UPSTREAM)
    return result


def parse_downstream(raw: str | bytes) -> DownstreamMessage:
    """Parse a text frame from the hub (for device implementations and tests)."""
    result: DownstreamMessage = _parse(raw, _DOWNSTREAM)
    return result


def encode_message(message: BaseModel) -> str:
    """Serialise a message as one compact JSON text frame."""
    return message.model_dump_json(exclude_none=True)

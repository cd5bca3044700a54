"""What a device sends, handled: one handler per message type and per binary frame kind."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from sightline.errors import SightlineError
from sightline.protocol import BinaryFrame, FrameKind, ProtocolError
from sightline.protocol.messages import (
    AudioEnd,
    AudioStart,
    CardAck,
    ConfirmSignature,
    ErrorMessage,
    Gaze,
    HeadPose,
    Hello,
    LocationUpdate,
    Ping,
    Pong,
    Tap,
    TextRequest,
)
from sightline.scene import Location

if TYPE_CHECKING:
    from sightline.hub.device_session import DeviceSession

log = logging.getLogger(__name__)

Handler = Callable[["DeviceSession", Any], Awaitable[None]]


async def _hello(dev: DeviceSession, message: Hello) -> None:
    raise ProtocolError("invalid_message", "hello was already received on this connection")


async def _gaze(dev: DeviceSession, message: Gaze) -> None:
    dev.gaze = (message.x, message.y)
    await dev.device_input(message)


async def _head_pose(dev: DeviceSession, message: HeadPose) -> None:
    dev.head_pose = (message.yaw, message.pitch, message.roll)


async def _tap(dev: DeviceSession, message: Tap) -> None:
    await dev.device_input(message)


async def _card_ack(dev: DeviceSession, message: CardAck) -> None:
    await dev.device_input(message)


async def _confirm_signature(dev: DeviceSession, message: ConfirmSignature) -> None:
    await dev.device_input(message)


async def _location(dev: DeviceSession, message: LocationUpdate) -> None:
    here = Location(lat=message.lat, lon=message.lon, accuracy_m=message.accuracy_m)
    await dev.moved(here, time.time())  # wall clock: guidance state may move hub process


async def _audio_start(dev: DeviceSession, message: AudioStart) -> None:
    dev.audio.start(message.sample_rate)


async def _audio_end(dev: DeviceSession, message: AudioEnd) -> None:
    if dev.pipeline is not None:
        await dev.pipeline.end_utterance("push_to_talk")


async def _text(dev: DeviceSession, message: TextRequest) -> None:
    await dev.typed(message.text)


async def _ping(dev: DeviceSession, message: BaseModel) -> None:
    await dev.link.send(Pong())


MESSAGE_HANDLERS: dict[type[BaseModel], Handler] = {
    Hello: _hello,
    Gaze: _gaze,
    HeadPose: _head_pose,
    Tap: _tap,
    CardAck: _card_ack,
    ConfirmSignature: _confirm_signature,
    LocationUpdate: _location,
    AudioStart: _audio_start,
    AudioEnd: _audio_end,
    TextRequest: _text,
    Ping: _ping,
}


async def handle_message(dev: DeviceSession, message: BaseModel) -> None:
    """Act on one parsed message."""
    await MESSAGE_HANDLERS[type(message)](dev, message)


async def _audio_frame(dev: DeviceSession, frame: BinaryFrame) -> None:
    pcm = dev.audio.convert(frame.payload)
    if pcm and dev.pipeline is not None:
        await dev.pipeline.push_audio(pcm)


async def _image_frame(dev: DeviceSession, frame: BinaryFrame) -> None:
    dev.take_image(frame.payload)


async def _downstream_only(dev: DeviceSession, frame: BinaryFrame) -> None:
    raise ProtocolError("bad_frame", f"{frame.kind.name} frames only go from the hub to devices")


FRAME_HANDLERS: dict[FrameKind, Callable[[DeviceSession, BinaryFrame], Awaitable[None]]] = {
    FrameKind.AUDIO_PCM16: _audio_frame,
    FrameKind.IMAGE_JPEG: _image_frame,
    FrameKind.IMAGE_PNG: _image_frame,
    FrameKind.SPEECH_PCM16: _downstream_only,
}


async def handle_frame(dev: DeviceSession, frame: BinaryFrame) -> None:
    """Act on one decoded binary frame."""
    await FRAME_HANDLERS[frame.kind](dev, frame)


async def report(dev: DeviceSession, error: SightlineError) -> None:
    """Tell the device what was refused; the connection stays open."""
    log.info("device %s: %s: %s", dev.device_id, error.code, error.message)
    await dev.link.send(ErrorMessage(code=error.code, message=error.message))

"""Wire-protocol input messages as the confirmation gate's device events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sightline.confirm import CardShown, DeviceEvent, GazeInput, SignedConfirmation, TapInput
from sightline.protocol.messages import CardAck, ConfirmSignature, Gaze, Tap

DeviceMessage = Gaze | Tap | CardAck | ConfirmSignature
"""The wire messages that reach the confirmation gate."""


def _gaze(message: Gaze, at: datetime) -> DeviceEvent:
    return GazeInput(message.target, message.dwell_ms, message.card_id, at)


def _tap(message: Tap, at: datetime) -> DeviceEvent:
    return TapInput(message.card_id, at, message.kind)


def _card_ack(message: CardAck, at: datetime) -> DeviceEvent:
    return CardShown(message.card_id, at, message.shown)


def _signature(message: ConfirmSignature, at: datetime) -> DeviceEvent:
    return SignedConfirmation(message.card_id, message.modality, message.signature, at)


_CONVERTERS: dict[type[Any], Callable[[Any, datetime], DeviceEvent]] = {
    Gaze: _gaze,
    Tap: _tap,
    CardAck: _card_ack,
    ConfirmSignature: _signature,
}


def to_device_event(message: DeviceMessage, at: datetime) -> DeviceEvent:
    """The gate's event for a `gaze`, `tap`, `card_ack` or `confirm_signature` message."""
    return _CONVERTERS[type(message)](message, at)

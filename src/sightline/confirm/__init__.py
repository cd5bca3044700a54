"""The confirmation gate: payments, orders and bookings happen only on the wearer's device input.

A tool asks for a confirmation by returning a `Reply` with `confirm=ConfirmRequest(...)`. The
turn runner opens it in the gate, which mints the card's id, binds the card to the payee and
amount (and, for a wallet payment, to the ledger intent and its one-time nonce, kept here) and
waits. Only device input authorises: a gaze dwell of at least 800 ms on "Confirm" while the card
is shown, then the wearer's spoken "confirm" or a temple tap, within 30 s. See docs/payments.md.

Example (what the hub does):
    result = await runner.run(session, TurnInput("pay this", scene, source="voice"))
    await runner.device_input(session, CardShown(result.card_id, now))
    await runner.device_input(session, GazeInput("confirm", 900, result.card_id, now))
    paid = await runner.device_input(session, TapInput(result.card_id, now))
"""

from sightline.confirm.completion import ConfirmHooks, Outcome
from sightline.confirm.events import (
    CANCEL_TARGET,
    CONFIRM_TARGET,
    CardShown,
    DeviceEvent,
    GazeInput,
    SpokenReply,
    TapInput,
)
from sightline.confirm.gate import ConfirmationGate, Opened, utc_now
from sightline.confirm.hooks import AgentHooks
from sightline.confirm.rules import Rules
from sightline.confirm.state import ConfirmState, PendingConfirmation
from sightline.confirm.words import spoken_word

__all__ = [
    "CANCEL_TARGET",
    "CONFIRM_TARGET",
    "AgentHooks",
    "CardShown",
    "ConfirmHooks",
    "ConfirmState",
    "ConfirmationGate",
    "DeviceEvent",
    "GazeInput",
    "Opened",
    "Outcome",
    "PendingConfirmation",
    "Rules",
    "SpokenReply",
    "TapInput",
    "spoken_word",
    "utc_now",
]

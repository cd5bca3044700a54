"""The confirmation gate: payments, orders and bookings happen only on the wearer's device input.

A tool asks for a confirmation by returning a `Reply` with `confirm=ConfirmRequest(...)`. The
turn runner opens it in the gate, which mints the card's id, binds the card to the payee and
amount (and, for a wallet payment, to the ledger intent and its one-time nonce, kept here) and
waits. Only the wearer's device authorises: a gaze dwell of at least 800 ms on "Confirm" while
the card is shown, the device's signature over the card's terms and one-time challenge (with the
key it registered at pairing), and the spoken "confirm" the hub recognised in the device's
audio, within 30 s (or, with `SIGHTLINE_CONFIRM_TAP`, a signed tap). See docs/payments.md and
docs/protocol.md, "Signed confirmations".

Example (what the hub does; `key` is the device's, `session.confirm.device_key` its public key):
    result = await runner.run(session, TurnInput("pay this", scene, source="voice"))
    await runner.device_input(session, CardShown(result.card_id, now))
    signed = key.sign(terms_of(result.pending), "gaze_voice")
    signature = SignedConfirmation(result.card_id, "gaze_voice", signed, now)
    await runner.device_input(session, signature)
    await runner.device_input(session, GazeInput("confirm", 900, result.card_id, now))
    paid = await runner.run(session, TurnInput("confirm", source="voice"))
"""

from sightline.confirm.completion import ConfirmHooks, Outcome
from sightline.confirm.events import (
    CANCEL_TARGET,
    CONFIRM_TARGET,
    CardShown,
    DeviceEvent,
    GazeInput,
    SignedConfirmation,
    SpokenReply,
    TapInput,
)
from sightline.confirm.gate import ConfirmationGate, Opened, utc_now
from sightline.confirm.hooks import AgentHooks
from sightline.confirm.rules import Rules
from sightline.confirm.signing import DevicePublicKey, SignedTerms, load_public_key, signed_bytes
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
    "DevicePublicKey",
    "GazeInput",
    "Opened",
    "Outcome",
    "PendingConfirmation",
    "Rules",
    "SignedConfirmation",
    "SignedTerms",
    "SpokenReply",
    "TapInput",
    "load_public_key",
    "signed_bytes",
    "spoken_word",
    "utc_now",
]

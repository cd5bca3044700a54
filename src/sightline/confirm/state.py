"""The gate's per-wearer state, kept in `Session.confirm`: the pending confirmation and the gaze.

`PendingConfirmation.payment` holds the wallet's prepared payment, nonce included: it stays in
the hub's memory, is never in `public()`, a card, JSON or `repr`.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from sightline.sdk.confirm import ConfirmKind, ConfirmRequest

if TYPE_CHECKING:
    from sightline.confirm.signing import DevicePublicKey, SignedTerms
    from sightline.ledger.wallet import PendingPayment

CLOSED_KEPT: Final = 16
"""Closed confirmation cards remembered (to answer a replayed confirm clearly)."""
CARDS_KEPT: Final = 64
"""Card ids minted for a session remembered (to tell a late acknowledgement from a new card)."""

CONFIRMED: Final = "confirmed"
"""How a confirmation closed: completed after the wearer's authorisation."""


@dataclass
class PendingConfirmation:
    """A confirmation card on display, waiting for the wearer's device input.

    Attributes:
        card_id: The fresh, unguessable id of the confirmation card (minted by the gate).
        agent: The agent that asked.
        request: What is to be confirmed (payee, amount, currency).
        created_at: When the card was issued.
        expires_at: When it lapses (`created_at` + the window).
        payment: The wallet's prepared payment with its one-time nonce, for wallet payments.
        shown_at: When the device acknowledged displaying the card.
        challenge: The card's one-time challenge, sent with the card and signed by the device
            (a fresh one when another connection of the device takes over).
        modalities: How it may be confirmed ("gaze_voice", and "tap" when enabled).
        signed: The modalities the device has validly signed for this card and challenge.
    """

    card_id: str
    agent: str
    request: ConfirmRequest
    created_at: datetime
    expires_at: datetime
    payment: PendingPayment | None = field(default=None, repr=False)
    shown_at: datetime | None = None
    challenge: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    modalities: tuple[str, ...] = ("gaze_voice",)
    signed: set[str] = field(default_factory=set)

    def terms(self) -> SignedTerms:
        """What the device signs for this card (see `sightline.confirm.signing`)."""
        from sightline.confirm.signing import SignedTerms

        request = self.request
        return SignedTerms(
            self.card_id,
            request.kind.value,
            request.payee,
            str(request.amount),
            request.currency,
            self.challenge,
        )

    def renew_challenge(self) -> None:
        """Void every earlier signature and acknowledgement (a new connection took over)."""
        self.challenge = secrets.token_urlsafe(32)
        self.signed.clear()
        self.shown_at = None

    def public(self) -> dict[str, Any]:
        """What clients may see (`TurnResult.to_json()["pending"]`): never the nonce."""
        request = self.request
        return {
            "card_id": self.card_id,
            "kind": request.kind.value,
            "agent": self.agent,
            "payee": request.payee,
            "payee_detail": request.payee_detail,
            "amount": str(request.amount),
            "currency": request.currency,
            "expires_at": self.expires_at.isoformat(),
            "challenge": self.challenge,
            "modalities": list(self.modalities),
        }


@dataclass
class GazeTrack:
    """Where the gaze has been on the pending card.

    Attributes:
        target: The card target the gaze is on now (None: off the card or not yet seen).
        dwell_ms: How long it has stayed on `target` while the card was shown.
        away_since: Since when the gaze has been off the card, if it is.
    """

    target: str | None = None
    dwell_ms: int = 0
    away_since: datetime | None = None


@dataclass
class ConfirmState:
    """One wearer's confirmation state.

    Attributes:
        pending: The confirmation on display, if any.
        gaze: The gaze on it.
        closed: Recently closed confirmation cards: (card_id, how: `confirmed`, `failed` or
            the cancellation reason, kind), newest last.
        cards: Card ids minted for this session, newest last.
        device_key: The public key of the device on the live connection (from its pairing);
            without one nothing can be confirmed.
        lock: Serialises the gate's decisions for this wearer.
    """

    pending: PendingConfirmation | None = None
    gaze: GazeTrack = field(default_factory=GazeTrack)
    closed: deque[tuple[str, str, ConfirmKind]] = field(
        default_factory=lambda: deque(maxlen=CLOSED_KEPT)
    )
    cards: deque[str] = field(default_factory=lambda: deque(maxlen=CARDS_KEPT))
    device_key: DevicePublicKey | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)

    def take(self, how: str) -> PendingConfirmation | None:
        """Remove the pending confirmation (recording how it closed) and return it."""
        pending, self.pending = self.pending, None
        self.gaze = GazeTrack()
        if pending is not None:
            self.closed.append((pending.card_id, how, pending.request.kind))
        return pending

    def new_connection(self, device_key: DevicePublicKey | None) -> None:
        """Another connection of the device is now the live one: its key, and no evidence
        from the earlier connection (the pending card needs a fresh acknowledgement, gaze and
        signature over a new challenge)."""
        self.device_key = device_key
        self.gaze = GazeTrack()
        if self.pending is not None:
            self.pending.renew_challenge()

    def reclose(self, card_id: str, how: str) -> None:
        """Correct how a closed card closed (an authorised one that completed or failed)."""
        for index, (cid, _, kind) in enumerate(self.closed):
            if cid == card_id:
                self.closed[index] = (cid, how, kind)

    def closed_as(self, card_id: str | None) -> str | None:
        """How a closed confirmation card closed; the latest one's when `card_id` is None."""
        if card_id is None:
            return self.closed[-1][1] if self.closed else None
        return next((how for cid, how, _ in reversed(self.closed) if cid == card_id), None)

    def last_kind(self) -> ConfirmKind | None:
        """What the most recently closed confirmation was for."""
        return self.closed[-1][2] if self.closed else None

"""A wearer's conversation state as plain data: JSON out, JSON in, nothing live.

`snapshot_session(session)` turns the live `Session` (agent state, open follow-up, recent
turns and the confirmation gate's state, a pending confirmation's ledger nonce included) into a
`ConversationState`; `restore_session(state)` builds an equal `Session` from it, in this or
another hub process. `ConversationState.model_dump_json()` / `model_validate_json()` carry it
(the fleet keeps it in Redis). The nonce is why this JSON is a secret: it never goes to a device
or a log, only to the hub's own session store.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from sightline.confirm.signing import load_public_key
from sightline.confirm.state import (
    CARDS_KEPT,
    CLOSED_KEPT,
    ConfirmState,
    GazeTrack,
    PendingConfirmation,
)
from sightline.ledger.money import Money
from sightline.ledger.wallet import PendingPayment
from sightline.scene import Location
from sightline.sdk.confirm import ConfirmKind, ConfirmRequest
from sightline.sdk.reply import FollowUp
from sightline.session import HISTORY_KEPT, Session, TurnRecord

FORMAT = 1
"""The version of this JSON form; a state of another version is refused (`bad_state`)."""


class _Plain(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PaymentState(_Plain):
    """The wallet's prepared payment (`PendingPayment`), with its one-time nonce."""

    intent_id: str
    payee: str
    amount_minor: int
    currency: str
    expires_at: datetime
    nonce: str | None


class PendingState(_Plain):
    """A pending confirmation (`PendingConfirmation`)."""

    card_id: str
    agent: str
    request: ConfirmRequest
    created_at: datetime
    expires_at: datetime
    payment: PaymentState | None = None
    shown_at: datetime | None = None
    challenge: str
    modalities: tuple[str, ...]
    signed: tuple[str, ...] = ()


class GazeState(_Plain):
    """The gaze on the pending card (`GazeTrack`)."""

    target: str | None = None
    dwell_ms: int = Field(0, ge=0)
    away_since: datetime | None = None


class ClosedCard(_Plain):
    """A recently closed confirmation card and how it closed."""

    card_id: str
    how: str
    kind: ConfirmKind


class DeviceKeyState(_Plain):
    """The live connection's registered public key (re-read with `load_public_key`)."""

    algorithm: str
    spki_b64: str


class GateState(_Plain):
    """The confirmation gate's state for the wearer (`ConfirmState`, without its lock)."""

    pending: PendingState | None = None
    gaze: GazeState = GazeState()
    closed: tuple[ClosedCard, ...] = Field((), max_length=CLOSED_KEPT)
    cards: tuple[str, ...] = Field((), max_length=CARDS_KEPT)
    device_key: DeviceKeyState | None = None


class ConversationState(_Plain):
    """One wearer's conversation, as data.

    Attributes:
        format: The JSON form's version (`FORMAT`).
        session_id: The session's identifier.
        agent_state: Each agent's own state (JSON values only, see docs/agents.md).
        follow_up: The open follow-up of the last reply.
        history: The most recent turns, newest last.
        confirm: The confirmation gate's state.
        location: Where the device last said the wearer is.
    """

    format: int = FORMAT
    session_id: str
    agent_state: dict[str, dict[str, JsonValue]] = Field(default_factory=dict)
    follow_up: FollowUp | None = None
    history: tuple[TurnRecord, ...] = Field((), max_length=HISTORY_KEPT)
    confirm: GateState = GateState()
    location: Location | None = None


def snapshot_session(session: Session) -> ConversationState:
    """The session as plain data (a copy: later changes to the session do not show in it).

    Raises:
        pydantic.ValidationError: An agent left a value that is not JSON in its state.
    """
    return ConversationState(
        session_id=session.session_id,
        agent_state=session.agent_state,  # validated (and copied) as JSON values
        follow_up=session.follow_up,
        history=tuple(session.history),
        confirm=_gate_state(session.confirm),
        location=session.location,
    )


def restore_session(state: ConversationState) -> Session:
    """A live session equal to the one `state` was taken from (with a fresh gate lock)."""
    if state.format != FORMAT:
        from sightline.errors import SightlineError

        raise SightlineError("bad_state", f"conversation state format {state.format} unknown")
    session = Session(
        session_id=state.session_id,
        agent_state={name: dict(values) for name, values in state.agent_state.items()},
        follow_up=state.follow_up,
        location=state.location,
    )
    session.history.extend(state.history)
    session.confirm = _confirm_state(state.confirm)
    return session


def _gate_state(confirm: ConfirmState) -> GateState:
    pending = confirm.pending
    key = confirm.device_key
    device_key = (
        None if key is None else DeviceKeyState(algorithm=key.algorithm, spki_b64=key.spki_b64)
    )
    return GateState(
        pending=None if pending is None else _pending_state(pending),
        gaze=GazeState(
            target=confirm.gaze.target,
            dwell_ms=confirm.gaze.dwell_ms,
            away_since=confirm.gaze.away_since,
        ),
        closed=tuple(ClosedCard(card_id=c, how=h, kind=k) for c, h, k in confirm.closed),
        cards=tuple(confirm.cards),
        device_key=device_key,
    )


def _pending_state(pending: PendingConfirmation) -> PendingState:
    payment = pending.payment
    return PendingState(
        card_id=pending.card_id,
        agent=pending.agent,
        request=pending.request,
        created_at=pending.created_at,
        expires_at=pending.expires_at,
        payment=None
        if payment is None
        else PaymentState(
            intent_id=payment.intent_id,
            payee=payment.payee,
            amount_minor=payment.amount.amount_minor,
            currency=payment.amount.currency,
            expires_at=payment.expires_at,
            nonce=payment.nonce,
        ),
        shown_at=pending.shown_at,
        challenge=pending.challenge,
        modalities=pending.modalities,
        signed=tuple(sorted(pending.signed)),
    )


def _confirm_state(state: GateState) -> ConfirmState:
    confirm = ConfirmState(
        gaze=GazeTrack(state.gaze.target, state.gaze.dwell_ms, state.gaze.away_since),
        closed=deque(((c.card_id, c.how, c.kind) for c in state.closed), maxlen=CLOSED_KEPT),
        cards=deque(state.cards, maxlen=CARDS_KEPT),
        device_key=None if state.device_key is None else load_public_key(state.device_key.spki_b64),
    )
    pending = state.pending
    if pending is not None:
        payment = pending.payment
        confirm.pending = PendingConfirmation(
            card_id=pending.card_id,
            agent=pending.agent,
            request=pending.request,
            created_at=pending.created_at,
            expires_at=pending.expires_at,
            payment=None
            if payment is None
            else PendingPayment(
                payment.intent_id,
                payment.payee,
                Money(payment.amount_minor, payment.currency),
                payment.expires_at,
                payment.nonce,
            ),
            shown_at=pending.shown_at,
            challenge=pending.challenge,
            modalities=tuple(pending.modalities),
            signed=set(pending.signed),
        )
    return confirm


__all__ = ["FORMAT", "ConversationState", "restore_session", "snapshot_session"]

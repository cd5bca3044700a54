"""The gate's rules as pure functions of the state and one event: what the event decides.

Authorisation needs, for the pending card and within its window: the card acknowledged as shown,
a gaze dwell of at least `Rules.dwell_ms` on "Confirm" while it was shown (and the gaze still
there), the device's valid signature over the card's terms and challenge, and then either
"confirm" recognised by the hub from the device's audio (modality `gaze_voice`: the device signs
when the dwell is reached) or, only when `Rules.tap` is on, a signed tap (modality `tap`). Typed
text never confirms; an unsigned tap never confirms. Cancel: a spoken or typed "cancel", a tap
with the gaze on "Cancel", the gaze off the card for `Rules.look_away`, the time-out, the card
not shown or replaced. Anything else that tries to confirm is refused, which closes it too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from sightline.confirm.events import (
    CANCEL_TARGET,
    CONFIRM_TARGET,
    CardShown,
    GazeInput,
    SignedConfirmation,
    SpokenReply,
    TapInput,
)
from sightline.confirm.signing import MODALITIES, signed_bytes
from sightline.confirm.state import CONFIRMED, ConfirmState, PendingConfirmation


@dataclass(frozen=True)
class Rules:
    """The gate's thresholds.

    Attributes:
        dwell_ms: Gaze dwell on "Confirm" needed, milliseconds.
        window: How long a confirmation card waits.
        look_away: Gaze off the card this long cancels.
        tap: Whether a signed tap may confirm instead of the voice (`SIGHTLINE_CONFIRM_TAP`,
            an accessibility alternative; off by default).
    """

    dwell_ms: int = 800
    window: timedelta = timedelta(seconds=30)
    look_away: timedelta = timedelta(seconds=3)
    tap: bool = False

    def modalities(self) -> tuple[str, ...]:
        """The ways a card may be confirmed under these rules."""
        return MODALITIES if self.tap else ("gaze_voice",)


class Action(StrEnum):
    """What an event decides."""

    RECORD = "record"
    AUTHORISE = "authorise"
    CANCEL = "cancel"
    REFUSE = "refuse"


@dataclass(frozen=True)
class Verdict:
    """An event's decision; `code` is the cancellation reason or the refusal's error code."""

    action: Action
    code: str = ""


RECORD: Final = Verdict(Action.RECORD)
Judge = Callable[[ConfirmState, Any, Rules, datetime], Verdict]


def _ms(delta: timedelta) -> int:
    return int(delta.total_seconds() * 1000)


def _lapsed(pending: PendingConfirmation, state: ConfirmState, rules: Rules, now: datetime) -> str:
    """Why the pending card can no longer be confirmed at `now`, or "" while it can."""
    if now >= pending.expires_at:
        return "timed_out"
    away = state.gaze.away_since
    return "looked_away" if away is not None and now - away >= rules.look_away else ""


def _closed_code(state: ConfirmState, card_id: str | None) -> str:
    how = state.closed_as(card_id)
    if how == CONFIRMED:
        return "already_confirmed"
    if how == "timed_out":
        return "confirmation_expired"
    return "nothing_pending" if how is None else "confirmation_closed"


def _authorise_or_refuse(
    state: ConfirmState, pending: PendingConfirmation, rules: Rules, modality: str
) -> Verdict:
    if pending.shown_at is None:
        return Verdict(Action.REFUSE, "card_not_shown")
    gaze = state.gaze
    if gaze.target != CONFIRM_TARGET or gaze.dwell_ms < rules.dwell_ms:
        return Verdict(Action.REFUSE, "gaze_required")
    if modality not in pending.signed:
        return Verdict(Action.REFUSE, "signature_required")
    return Verdict(Action.AUTHORISE)


def _open_for(
    state: ConfirmState, card_id: str | None, rules: Rules, at: datetime, now: datetime
) -> tuple[PendingConfirmation | None, Verdict | None]:
    """The pending card an attempt to confirm `card_id` may act on, or the refusal."""
    pending = state.pending
    if pending is None:
        return None, Verdict(Action.REFUSE, _closed_code(state, card_id))
    if card_id is not None and card_id != pending.card_id:
        return None, Verdict(Action.REFUSE, "card_mismatch")
    lapsed = _lapsed(pending, state, rules, max(now, at))
    if lapsed:
        code = "confirmation_expired" if lapsed == "timed_out" else lapsed
        return None, Verdict(Action.REFUSE, code)
    return pending, None


def judge_gaze(state: ConfirmState, event: GazeInput, rules: Rules, now: datetime) -> Verdict:
    """Track the gaze on the pending card; off the card for `look_away` cancels.

    Only a gaze naming the pending card's id counts towards the dwell. A target on a card the
    event does not name is not on this card, but not proof of looking away either.
    """
    pending = state.pending
    if pending is None:
        return RECORD
    gaze = state.gaze
    shown = pending.shown_at
    if event.card_id is None and event.target is not None:
        gaze.target, gaze.dwell_ms = None, 0
        return RECORD
    if event.card_id == pending.card_id and event.target is not None:
        held = 0 if shown is None else min(event.dwell_ms, max(0, _ms(event.at - shown)))
        target = event.target.lower()
        gaze.dwell_ms = max(gaze.dwell_ms, held) if target == gaze.target else held
        gaze.target, gaze.away_since = target, None
        return RECORD
    start = event.at - timedelta(milliseconds=event.dwell_ms)
    start = max(start, shown or pending.created_at)
    gaze.target, gaze.dwell_ms = None, 0
    gaze.away_since = min(gaze.away_since or start, start)
    if event.at - gaze.away_since >= rules.look_away:
        return Verdict(Action.CANCEL, "looked_away")
    return RECORD


def judge_tap(state: ConfirmState, event: TapInput, rules: Rules, now: datetime) -> Verdict:
    """An unsigned tap cancels with the gaze on "Cancel" and never confirms.

    With the gaze on "Confirm" it is refused (`gaze_required` without the dwell, else
    `signature_required`): a tap confirms only as a `SignedConfirmation` with modality "tap".
    """
    if state.pending is None:
        named = event.card_id is not None and state.closed_as(event.card_id) is not None
        return Verdict(Action.REFUSE, _closed_code(state, event.card_id)) if named else RECORD
    pending, refusal = _open_for(state, event.card_id, rules, event.at, now)
    if pending is None:
        return refusal or RECORD
    if state.gaze.target == CANCEL_TARGET:
        return Verdict(Action.CANCEL, "cancelled")
    verdict = _authorise_or_refuse(state, pending, rules, "tap")
    unsigned = Verdict(Action.REFUSE, "signature_required")
    return verdict if verdict.action is Action.REFUSE else unsigned


def judge_spoken(state: ConfirmState, event: SpokenReply, rules: Rules, now: datetime) -> Verdict:
    """A "confirm" heard in the device's audio authorises with the gaze dwell on "Confirm" and
    the device's `gaze_voice` signature; typed, it is refused. "cancel" cancels."""
    if event.word == "cancel":
        return RECORD if state.pending is None else Verdict(Action.CANCEL, "cancelled")
    if event.source != "voice":
        code = "voice_required" if event.source == "typed" else "not_wearer_input"
        return Verdict(Action.REFUSE, code)
    pending, refusal = _open_for(state, None, rules, event.at, now)
    if pending is None:
        return refusal or RECORD
    return _authorise_or_refuse(state, pending, rules, "gaze_voice")


def judge_signed(
    state: ConfirmState, event: SignedConfirmation, rules: Rules, now: datetime
) -> Verdict:
    """Check the device's signature on the pending card's terms and challenge.

    A valid `gaze_voice` signature is recorded (the spoken "confirm" then authorises); a valid
    `tap` signature authorises at once when taps are enabled and the gaze dwell holds. A
    signature that does not verify, from a device with no key, or for a modality the card does
    not offer is refused.
    """
    pending, refusal = _open_for(state, event.card_id, rules, event.at, now)
    if pending is None:
        return refusal or RECORD
    if event.modality not in pending.modalities:
        code = "tap_disabled" if event.modality == "tap" else "modality_unknown"
        return Verdict(Action.REFUSE, code)
    key = state.device_key
    if key is None:
        return Verdict(Action.REFUSE, "device_key_missing")
    if not key.verify(event.signature, signed_bytes(pending.terms(), event.modality)):
        return Verdict(Action.REFUSE, "signature_invalid")
    pending.signed.add(event.modality)
    if event.modality == "tap":
        return _authorise_or_refuse(state, pending, rules, "tap")
    return RECORD


def judge_shown(state: ConfirmState, event: CardShown, rules: Rules, now: datetime) -> Verdict:
    """The card's acknowledgement starts the dwell clock; another new card replaces it."""
    pending = state.pending
    if pending is None:
        return RECORD
    if event.card_id == pending.card_id:
        if not event.shown:
            return Verdict(Action.CANCEL, "card_not_shown")
        pending.shown_at = pending.shown_at or event.at
        return RECORD
    if event.shown and event.card_id not in state.cards:
        return Verdict(Action.CANCEL, "replaced")
    return RECORD  # a late acknowledgement of an earlier card


def judge_time(state: ConfirmState, rules: Rules, now: datetime) -> Verdict:
    """The time-out and the look-away, checked on the hub's tick."""
    pending = state.pending
    if pending is None:
        return RECORD
    lapsed = _lapsed(pending, state, rules, now)
    return Verdict(Action.CANCEL, lapsed) if lapsed else RECORD


JUDGES: Final[dict[type, Judge]] = {
    GazeInput: judge_gaze,
    TapInput: judge_tap,
    SpokenReply: judge_spoken,
    CardShown: judge_shown,
    SignedConfirmation: judge_signed,
}
"""The judge of each event type (dispatch by type, no isinstance chains)."""

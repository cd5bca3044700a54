"""A conversation's state is plain data: JSON out and in without loss, mid-confirmation too,
and a conversation rebuilt from it completes the confirmation (once)."""

from __future__ import annotations

import json
from collections import deque
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from pay_fixtures import Device, balances, cafe_qr, transfers_for
from sightline.confirm.device_key import LocalDeviceKey
from sightline.confirm.state import ConfirmState, GazeTrack, PendingConfirmation
from sightline.conversation import ConversationState, restore_session, snapshot_session
from sightline.errors import SightlineError
from sightline.ledger import Ledger, verify
from sightline.ledger.money import Money
from sightline.ledger.wallet import PendingPayment
from sightline.scene import Location, Scene, SceneItem
from sightline.sdk.confirm import ConfirmKind, ConfirmRequest
from sightline.sdk.reply import FollowUp
from sightline.session import Session, TurnRecord

KEY = LocalDeviceKey().public_key()

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20)
times = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def requests(draw: st.DrawFn) -> ConfirmRequest:
    return ConfirmRequest(
        kind=draw(st.sampled_from(list(ConfirmKind))),
        ref=draw(texts),
        payee=draw(texts),
        amount=draw(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**6), places=2)),
        currency=draw(st.sampled_from(["EUR", "USD", "JPY", "INR"])),
        wallet_payee=draw(st.none() | texts),
    )


@st.composite
def pendings(draw: st.DrawFn) -> PendingConfirmation:
    created = draw(times)
    payment = draw(
        st.none()
        | st.builds(
            PendingPayment,
            texts,
            texts,
            st.builds(Money, st.integers(1, 10**9), st.just("EUR")),
            times,
            st.none() | texts,
        )
    )
    return PendingConfirmation(
        card_id=draw(texts),
        agent=draw(texts),
        request=draw(requests()),
        created_at=created,
        expires_at=created + timedelta(seconds=30),
        payment=payment,
        shown_at=draw(st.none() | times),
        challenge=draw(texts),
        modalities=tuple(draw(st.lists(st.sampled_from(["gaze_voice", "tap"]), max_size=2))),
        signed=set(draw(st.lists(st.sampled_from(["gaze_voice", "tap"]), max_size=2))),
    )


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    confirm = ConfirmState(
        pending=draw(st.none() | pendings()),
        gaze=GazeTrack(
            draw(st.none() | st.sampled_from(["confirm", "cancel", "card"])),
            draw(st.integers(0, 60_000)),
            draw(st.none() | times),
        ),
        closed=deque(
            draw(
                st.lists(
                    st.tuples(
                        texts,
                        st.sampled_from(["confirmed", "timed_out"]),
                        st.just(ConfirmKind.PAYMENT),
                    ),
                    max_size=16,
                )
            ),
            maxlen=16,
        ),
        cards=deque(draw(st.lists(texts, max_size=64)), maxlen=64),
        device_key=draw(st.none() | st.just(KEY)),
    )
    session = Session(
        session_id=draw(texts),
        agent_state=draw(
            st.dictionaries(texts, st.dictionaries(texts, json_values, max_size=3), max_size=3)
        ),
        follow_up=draw(
            st.none()
            | st.builds(
                FollowUp,
                kind=texts,
                agent=texts,
                data=st.dictionaries(texts, json_values, max_size=2),
                expires_at=st.none() | times,
            )
        ),
        confirm=confirm,
        location=draw(
            st.none()
            | st.builds(
                Location,
                st.floats(-90, 90),
                st.floats(-180, 180),
                st.none() | st.floats(0, 10_000),
            )
        ),
    )
    for record in draw(
        st.lists(
            st.builds(
                TurnRecord,
                turn_id=texts,
                agent=texts,
                tool=texts,
                tier=texts,
                card_id=texts,
                error=st.none() | texts,
                at=times,
            ),
            max_size=20,
        )
    ):
        session.history.append(record)
    return session


def comparable(session: Session) -> dict[str, Any]:
    """Everything the session holds, without its lock and with the key by its bytes."""
    confirm = session.confirm
    key = confirm.device_key
    return {
        "session_id": session.session_id,
        "agent_state": session.agent_state,
        "follow_up": session.follow_up,
        "history": list(session.history),
        "pending": confirm.pending,
        "gaze": confirm.gaze,
        "closed": list(confirm.closed),
        "cards": list(confirm.cards),
        "key": None if key is None else (key.algorithm, key.spki_b64),
        "location": session.location,
    }


@settings(max_examples=150, deadline=None)
@given(sessions())
def test_a_session_round_trips_through_json(session: Session) -> None:
    text = snapshot_session(session).model_dump_json()
    json.loads(text)  # plain JSON
    restored = restore_session(ConversationState.model_validate_json(text))
    assert comparable(restored) == comparable(session)
    assert snapshot_session(restored).model_dump_json() == text
    assert restored.confirm.lock is not session.confirm.lock


def test_the_nonce_travels_with_the_state_but_live_objects_do_not() -> None:
    session = Session()
    session.state_for("music")["player"] = object()
    with pytest.raises(ValidationError):
        snapshot_session(session)
    with pytest.raises(SightlineError) as refused:
        restore_session(ConversationState(format=99, session_id="x"))
    assert refused.value.code == "bad_state"


def static_code() -> Scene:
    return Scene(items=(SceneItem("code", cafe_qr(None), "QRCode", (0, 0, 100, 100)),), focus=0)


def rebuilt(device: Device) -> Device:
    """The device's conversation saved as JSON and rebuilt (as another hub process would)."""
    text = snapshot_session(device.session).model_dump_json()
    assert device.session.confirm.pending is not None
    nonce = device.session.confirm.pending.payment
    assert nonce is not None and nonce.nonce is not None and nonce.nonce in text
    device.session = restore_session(ConversationState.model_validate_json(text))
    return device


async def test_a_rebuilt_conversation_completes_the_confirmation_once(
    device: Device, ledger: Ledger
) -> None:
    asked = await device.say("pay 7.40 to this", static_code())
    assert asked.pending is not None
    rebuilt(device)  # after the card was shown
    await device.gaze("confirm", 900)  # the glasses sign on the dwell
    rebuilt(device)  # after the signature and the dwell
    paid = await device.say("confirm")
    assert paid.reply.card.title == "Paid €7.40", paid.reply.card
    assert len(transfers_for(ledger)) == 1 and balances(ledger)["wallet"] == 92_60
    again = restore_session(
        ConversationState.model_validate_json(snapshot_session(device.session).model_dump_json())
    )
    device.session = again
    replay = await device.say("confirm")
    assert replay.error is not None and replay.error["code"] == "already_confirmed"
    assert len(transfers_for(ledger)) == 1 and verify(ledger).ok

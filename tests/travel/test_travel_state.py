"""The travel agent keeps JSON state: the pass as its BCBP text, a pending booking as data."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from travel_fakes import FakeTravelApi

from sightline.agents.travel import TravelAgent
from sightline.scene import Scene, SceneItem
from sightline.sdk import Reply, TurnInput
from sightline.travel import (
    BookingKind,
    BookingOffer,
    BookingRequest,
    HttpBookingProvider,
    PendingBooking,
)
from sightline.travel.booking import Price
from state_checks import Step, replay

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)
PASS = "M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100"  # AC 834, 22 Nov 2025
OFFER = {
    "id": "off_1",
    "kind": "flight",
    "summary": "LH 716 FRA → HND · Fri 3 Mar",
    "details": ["Economy Light", "1 cabin bag"],
    "price": {"amount": "612.40", "currency": "EUR"},
}


@pytest.fixture
def fixed_refs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Booking references from a counter the test resets, so two runs match."""
    counter = [0]

    def next_uuid() -> uuid.UUID:
        counter[0] += 1
        return uuid.UUID(int=counter[0])

    monkeypatch.setattr("sightline.travel.desk.uuid.uuid4", next_uuid)
    yield counter


def _say(agent: TravelAgent, utterance: str, scene: Scene | None = None) -> Step:
    async def step(state: dict[str, Any]) -> Reply:
        turn = TurnInput(utterance, scene=scene)
        call = agent.parse(turn)
        return await agent.invoke(call.tool, call.arguments, agent.context(turn, state, {}))

    return step


async def test_the_pass_and_a_booking_resume_from_json_state(
    travel_api: FakeTravelApi, fixed_refs: list[int]
) -> None:
    clock = [NOW]
    agent = TravelAgent(
        booking=HttpBookingProvider(travel_api.base_url, "book-key"), clock=lambda: clock[0]
    )
    in_view = Scene(items=(SceneItem("code", PASS, "PDF417"),), focus=0)

    def steps() -> list[Step]:
        travel_api.reset()
        travel_api.offers.append(OFFER)
        fixed_refs[0], clock[0] = 0, NOW

        async def confirm(state: dict[str, Any]) -> Reply:
            clock[0] += timedelta(seconds=10)
            ref = state["pending_booking"]["ref"]
            return await agent.confirm_booking(agent.context(TurnInput(""), state, {}), ref)

        return [
            _say(agent, "show my boarding pass", in_view),
            _say(agent, "when does my flight board"),
            _say(agent, "is my flight on time"),
            _say(agent, "book a flight to Tokyo"),
            confirm,
            _say(agent, "what gate is my flight"),
        ]

    shown, boards, on_time, offered, booked, gate = await replay("travel", steps)
    assert shown["card"]["title"] == "AC 834 · YUL → FRA"
    for later in (boards, on_time, gate):
        assert later["data"]["flight"] == "AC 834", "answered from the remembered pass"
    assert offered["follow_up"]["kind"] == "awaiting_confirmation"
    assert booked["card"]["title"] == "Booked"
    assert len(travel_api.calls("/bookings")) == 1


async def test_the_pass_is_kept_as_its_text() -> None:
    agent, state = TravelAgent(clock=lambda: NOW), {}
    scene = Scene(items=(SceneItem("code", PASS + "\r\n", "PDF417"),), focus=0)
    await _say(agent, "show my boarding pass", scene)(state)
    assert state == {"boarding_pass": PASS}
    state["boarding_pass"] = "not a pass"
    reply = await _say(agent, "when does my flight board")(state)
    assert reply.card.title == "Which flight?" and "boarding_pass" not in state


amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)
times = st.datetimes(timezones=st.just(UTC))


@given(
    st.text(min_size=1, max_size=12),
    st.builds(
        BookingOffer,
        id=st.text(min_size=1, max_size=8),
        kind=st.sampled_from(list(BookingKind)),
        summary=st.text(min_size=1, max_size=20),
        details=st.lists(st.text(max_size=10), max_size=3).map(tuple),
        price=st.builds(Price, amount=amounts, currency=st.sampled_from(["EUR", "USD"])),
        expires_at=st.none() | times,
    ),
    st.builds(
        BookingRequest,
        text=st.text(max_size=30),
        kind=st.sampled_from(list(BookingKind)),
        destination=st.none() | st.text(max_size=10),
    ),
    times,
)
def test_pending_booking_json_round_trip(
    ref: str, offer: BookingOffer, request: BookingRequest, expires_at: datetime
) -> None:
    pending = PendingBooking(ref, offer, request, expires_at + timedelta(seconds=30))
    data = json.loads(json.dumps(pending.to_json()))
    assert PendingBooking.from_json(data) == pending

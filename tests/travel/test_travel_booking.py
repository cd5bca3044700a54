"""Booking: a pending offer awaiting confirmation, then the wearer's confirmation books it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from travel_fakes import FakeTravelApi

from sightline.agents.travel import TravelAgent
from sightline.errors import SightlineError
from sightline.router.route import Route
from sightline.sdk import ToolContext, TurnInput
from sightline.sdk.registry import AgentRegistry
from sightline.session import Session
from sightline.travel import BookingKind, BookingRequest, HttpBookingProvider
from sightline.turns import TurnRunner

OFFER = {
    "id": "off_1",
    "kind": "flight",
    "summary": "LH 716 FRA → HND · Fri 3 Mar",
    "details": ["Economy Light", "1 cabin bag"],
    "price": {"amount": "612.40", "currency": "EUR"},
}


class Clock:
    """A clock that stands still until moved."""

    def __init__(self) -> None:
        self.now = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def agent_for(api: FakeTravelApi, clock: Clock) -> TravelAgent:
    return TravelAgent(booking=HttpBookingProvider(api.base_url, "book-key"), clock=clock)


def context(state: dict[str, Any]) -> ToolContext:
    return ToolContext("travel", TravelAgent.permissions, TurnInput("book it"), state=state)


async def pending(agent: TravelAgent, state: dict[str, Any], request: str) -> str:
    reply = await agent.invoke("book", {"request": request}, context(state))
    assert reply.follow_up is not None
    return str(reply.follow_up.data["ref"])


def test_confirmation_is_not_a_tool() -> None:
    assert set(TravelAgent.tool_specs()) == {"boarding_pass", "flight_status", "book"}
    assert callable(TravelAgent.confirm_booking) and callable(TravelAgent.cancel_booking)


async def test_no_provider_says_so() -> None:
    reply = await TravelAgent().invoke("book", {"request": "book a flight to Tokyo"}, context({}))
    assert reply.data["error"]["code"] == "booking_not_configured"
    assert "no booking provider is configured" in reply.speech
    assert reply.follow_up is None


async def test_book_only_leaves_a_pending_offer(travel_api: FakeTravelApi) -> None:
    travel_api.offers.append(OFFER)
    clock = Clock()
    reply = await agent_for(travel_api, clock).invoke(
        "book", {"request": "book a flight to Tokyo"}, context({})
    )
    follow_up = reply.follow_up
    assert follow_up is not None
    assert (follow_up.kind, follow_up.agent) == ("awaiting_confirmation", "travel")
    assert follow_up.expires_at == clock.now + timedelta(seconds=30)
    assert follow_up.data["offer_id"] == "off_1" and follow_up.data["action"] == "book"
    assert reply.card.actions == ("Confirm", "Cancel")
    assert (
        "Total EUR 612.40" in reply.card.lines
        and "LH 716 FRA → HND · Fri 3 Mar" in reply.card.lines
    )
    sent = travel_api.calls("/offers")[0]
    assert sent.body == {
        "text": "book a flight to Tokyo",
        "kind": "flight",
        "destination": "Tokyo",
        "origin": None,
    }
    assert sent.headers["authorization"] == "Bearer book-key"
    assert travel_api.calls("/bookings") == []


async def test_confirm_books_once(travel_api: FakeTravelApi) -> None:
    travel_api.offers.append(OFFER)
    agent, state = agent_for(travel_api, Clock()), {}
    ref = await pending(agent, state, "book a flight to Tokyo")
    booked = await agent.confirm_booking(context(state), ref)
    assert booked.card.title == "Booked"
    assert "Reference BK0001" in booked.card.lines
    assert booked.data["booking"]["reference"] == "BK0001"
    sent = travel_api.calls("/bookings")
    assert len(sent) == 1 and sent[0].body == {"offer_id": "off_1", "idempotency_key": ref}
    assert sent[0].headers["idempotency-key"] == ref
    again = await agent.confirm_booking(context(state), ref)
    assert again.data["error"]["code"] == "booking_not_pending"
    assert len(travel_api.calls("/bookings")) == 1


async def test_late_or_wrong_confirmation_books_nothing(travel_api: FakeTravelApi) -> None:
    travel_api.offers.append(OFFER)
    clock = Clock()
    agent, state = agent_for(travel_api, clock), {}
    ref = await pending(agent, state, "book a flight to Tokyo")
    wrong = await agent.confirm_booking(context(state), "not-" + ref)
    assert wrong.data["error"]["code"] == "booking_not_pending"
    clock.now += timedelta(seconds=30)
    late = await agent.confirm_booking(context(state), ref)
    assert late.data["error"]["code"] == "booking_expired"
    assert travel_api.calls("/bookings") == []


async def test_offer_expiry_is_honoured(travel_api: FakeTravelApi) -> None:
    clock = Clock()
    travel_api.offers.append(OFFER | {"expires_at": (clock.now + timedelta(seconds=5)).isoformat()})
    agent, state = agent_for(travel_api, clock), {}
    ref = await pending(agent, state, "book a flight to Tokyo")
    clock.now += timedelta(seconds=10)
    late = await agent.confirm_booking(context(state), ref)
    assert late.data["error"]["code"] == "booking_expired"


async def test_cancel_drops_the_offer(travel_api: FakeTravelApi) -> None:
    travel_api.offers.append(OFFER)
    agent, state = agent_for(travel_api, Clock()), {}
    ref = await pending(agent, state, "find me a hotel in Rome")
    cancelled = await agent.cancel_booking(context(state), ref)
    assert cancelled.card.title == "Booking cancelled"
    after = await agent.confirm_booking(context(state), ref)
    assert after.data["error"]["code"] == "booking_not_pending"
    assert travel_api.calls("/bookings") == []


async def test_rejected_and_retried_confirmations(travel_api: FakeTravelApi) -> None:
    travel_api.offers.append(OFFER)
    agent, state = agent_for(travel_api, Clock()), {}
    ref = await pending(agent, state, "book a flight to Tokyo")
    travel_api.booking_code = 503
    down = await agent.confirm_booking(context(state), ref)
    assert down.data["error"]["code"] == "booking_unavailable"
    travel_api.booking_code = 201
    retried = await agent.confirm_booking(context(state), ref)  # still pending: same key
    assert retried.card.title == "Booked"
    assert {c.body["idempotency_key"] for c in travel_api.calls("/bookings")} == {ref}
    ref2 = await pending(agent, state, "book a flight to Tokyo")
    travel_api.booking_code = 409
    gone = await agent.confirm_booking(context(state), ref2)
    assert gone.data["error"]["code"] == "booking_rejected"
    assert (await agent.confirm_booking(context(state), ref2)).data["error"]["code"] == (
        "booking_not_pending"
    )


async def test_nothing_found_and_provider_down(travel_api: FakeTravelApi) -> None:
    agent = agent_for(travel_api, Clock())
    empty = await agent.invoke("book", {"request": "book a yurt on the moon"}, context({}))
    assert empty.card.title == "Nothing found" and empty.follow_up is None
    provider = HttpBookingProvider(travel_api.base_url)
    travel_api.offers.append({"id": "x", "summary": "no price"})
    with pytest.raises(SightlineError, match="booking_unavailable"):
        await provider.offer(BookingRequest(text="x", kind=BookingKind.OTHER))


async def test_offer_model(travel_api: FakeTravelApi) -> None:
    travel_api.offers.append(OFFER)
    offer = await HttpBookingProvider(travel_api.base_url).offer(BookingRequest(text="x"))
    assert offer is not None and offer.price.amount == Decimal("612.40")
    assert offer.kind is BookingKind.FLIGHT and offer.details == ("Economy Light", "1 cabin bag")


class _Router:
    """Routes every turn to travel.book (the runner only needs `route`)."""

    async def route(self, turn: TurnInput, tier: object = None) -> Route:
        return Route(
            agent="travel",
            tool="book",
            arguments={"request": turn.utterance},
            confidence=1.0,
            tier="edge",
        )


async def test_a_session_confirms_through_the_follow_up(travel_api: FakeTravelApi) -> None:
    travel_api.offers.append(OFFER)
    agent = agent_for(travel_api, Clock())
    runner = TurnRunner(AgentRegistry(agents={"travel": agent}), _Router())  # type: ignore[arg-type]
    session = Session()
    result = await runner.run(session, TurnInput("book a flight to Tokyo"))
    follow_up = session.open_follow_up(now=datetime(2025, 11, 20, 12, 0, 10, tzinfo=UTC))
    assert (
        follow_up is not None and result.to_json()["follow_up"]["kind"] == "awaiting_confirmation"
    )
    ctx = ToolContext(
        "travel", agent.permissions, TurnInput("confirm"), session.state_for("travel")
    )
    booked = await agent.confirm_booking(ctx, follow_up.data["ref"])
    assert booked.card.title == "Booked"


async def test_a_booking_goes_through_the_confirmation_gate(travel_api: FakeTravelApi) -> None:
    from pay_fixtures import Clock as DeviceClock
    from pay_fixtures import Device
    from sightline.confirm import ConfirmationGate

    travel_api.offers.extend([OFFER, OFFER])
    clock = DeviceClock()
    agent = TravelAgent(booking=HttpBookingProvider(travel_api.base_url, "k"), clock=clock)
    runner = TurnRunner(
        AgentRegistry(agents={"travel": agent}),
        _Router(),  # type: ignore[arg-type]
        gate=ConfirmationGate(clock=clock),
    )
    device = Device(runner, clock)
    asked = await device.say("book a flight to Tokyo")
    assert asked.pending is not None and asked.pending["kind"] == "booking"
    assert (asked.pending["amount"], asked.pending["currency"]) == ("612.40", "EUR")
    assert asked.reply.card.lines.count("Total EUR 612.40") == 1  # nothing added: it shows both
    cancelled = await device.say("cancel")
    assert cancelled.reply.card.title == "Booking cancelled"
    assert travel_api.calls("/bookings") == []
    await device.say("book a flight to Tokyo")
    await device.gaze("confirm", 900)
    booked = await device.say("confirm")
    assert booked.reply.card.title == "Booked" and booked.error is None
    assert len(travel_api.calls("/bookings")) == 1

"""Flight status: the pass-only default and the HTTP source against a local server."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import SecretStr
from travel_fakes import FakeTravelApi

from local_server import free_port
from sightline.agents.travel import TravelAgent
from sightline.cards.model import Priority
from sightline.config import Settings
from sightline.errors import SightlineError
from sightline.scene import Scene, SceneItem
from sightline.sdk import AgentServices, Reply, ToolContext, TurnInput
from sightline.travel import (
    FlightState,
    HttpBookingProvider,
    HttpFlightStatusSource,
    PassOnlyStatusSource,
    StatusCapability,
)

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)
PASS = "M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100"  # AC 834, 22 Nov 2025
LIVE = {
    "state": "on_time",
    "scheduled_departure": "2025-11-22T13:50:00-05:00",
    "boarding_time": "2025-11-22T13:05:00-05:00",
    "scheduled_arrival": "2025-11-23T03:05:00+01:00",
    "gate": "52",
    "terminal": "1",
    "origin": "YUL",
    "destination": "FRA",
}
DELAYED = {
    "state": "delayed",
    "scheduled_departure": "2025-11-20T13:50:00+01:00",
    "estimated_departure": "2025-11-20T14:35:00+01:00",
    "gate": "Z25",
}


def pass_scene() -> Scene:
    return Scene(items=(SceneItem("code", PASS, "PDF417"),), focus=0)


def context(
    utterance: str, scene: Scene | None = None, state: dict[str, Any] | None = None
) -> ToolContext:
    turn = TurnInput(utterance, scene=scene)
    return ToolContext(
        "travel", TravelAgent.permissions, turn, state={} if state is None else state
    )


def live_agent(api: FakeTravelApi, timeout_s: float = 4.0) -> TravelAgent:
    source = HttpFlightStatusSource(api.base_url, "status-key", timeout_s=timeout_s)
    return TravelAgent(status_source=source, clock=lambda: NOW)


async def ask(agent: TravelAgent, utterance: str, scene: Scene | None = None) -> Reply:
    call = agent.parse(TurnInput(utterance, scene=scene))
    return await agent.invoke(call.tool, call.arguments, context(utterance, scene))


async def test_pass_only_source_answers_from_the_pass() -> None:
    agent = TravelAgent(clock=lambda: NOW)
    assert isinstance(agent.status_source, PassOnlyStatusSource)
    assert not agent.status_source.live and agent.status_source.capabilities == frozenset()
    reply = await ask(agent, "when does my flight board", pass_scene())
    assert reply.card.title == "AC 834 · YUL → FRA"
    assert "Sat 22 Nov · Seat 1A" in reply.card.lines
    assert "No live flight data" in reply.card.lines
    assert reply.speech == (
        "Air Canada 834 flies Saturday 22 November; you're in seat 1A. "
        "I have no live flight data, so I can't tell when it boards."
    )
    assert reply.data["flight_status"]["live"] is False


async def test_spoken_flight_without_a_pass() -> None:
    reply = await ask(TravelAgent(clock=lambda: NOW), "is LH 400 on time")
    assert reply.card.title == "LH 400"
    assert reply.data["flight"] == "LH 400" and reply.data["flight_status"]["date"] == "2025-11-20"
    assert "Lufthansa 400 flies today" in reply.speech and "no live flight data" in reply.speech


async def test_no_flight_and_no_pass_asks_which() -> None:
    agent = TravelAgent(clock=lambda: NOW)
    reply = await agent.invoke("flight_status", {}, context("what gate"))
    assert reply.card.title == "Which flight?"
    assert reply.data["error"]["code"] == "no_flight"
    bad = await agent.invoke("flight_status", {"flight": "the late one"}, context("x"))
    assert bad.data["error"]["code"] == "flight_number_invalid"


async def test_the_pass_seen_earlier_is_remembered() -> None:
    agent, state = TravelAgent(clock=lambda: NOW), {}
    await agent.invoke("boarding_pass", {}, context("show my pass", pass_scene(), state))
    reply = await agent.invoke("flight_status", {}, context("what gate", None, state))
    assert reply.data["flight"] == "AC 834"


async def test_http_source_reads_the_contract(travel_api: FakeTravelApi) -> None:
    travel_api.flights[("AC", "834", "2025-11-22")] = LIVE
    source = HttpFlightStatusSource(travel_api.base_url + "/", "status-key")
    assert source.live and StatusCapability.GATE in source.capabilities
    status = await source.status("AC", "834", date(2025, 11, 22))
    assert status is not None and status.live
    assert status.state is FlightState.ON_TIME and status.gate == "52"
    assert status.boarding_time == datetime.fromisoformat(LIVE["boarding_time"])
    seen = travel_api.calls("/status")[0]
    assert seen.query == {"carrier": "AC", "number": "834", "date": "2025-11-22"}
    assert seen.headers["authorization"] == "Bearer status-key"
    assert await source.status("AC", "835", date(2025, 11, 22)) is None  # 404


@pytest.mark.parametrize(
    ("code", "raw", "flight"),
    [
        (500, None, LIVE),
        (200, "not json", LIVE),
        (200, None, {"scheduled_departure": "half past two"}),
    ],
)
async def test_http_source_failures(
    travel_api: FakeTravelApi, code: int, raw: str | None, flight: dict[str, Any]
) -> None:
    travel_api.status_code, travel_api.raw_status_body = code, raw
    travel_api.flights[("LH", "400", "2025-11-20")] = flight
    with pytest.raises(SightlineError) as caught:
        await HttpFlightStatusSource(travel_api.base_url).status("LH", "400", date(2025, 11, 20))
    assert caught.value.code == "flight_status_unavailable"


async def test_http_source_timeout_and_unreachable(travel_api: FakeTravelApi) -> None:
    travel_api.delay_s = 1.0
    slow = HttpFlightStatusSource(travel_api.base_url, timeout_s=0.2)
    with pytest.raises(SightlineError, match="flight_status_unavailable"):
        await slow.status("LH", "400", date(2025, 11, 20))
    gone = HttpFlightStatusSource(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(SightlineError, match="flight_status_unavailable"):
        await gone.status("LH", "400", date(2025, 11, 20))
    for bad_url in ("not a url", "ftp://127.0.0.1:1/x", "http://"):
        with pytest.raises(SightlineError, match="flight_status_unavailable"):
            await HttpFlightStatusSource(bad_url).status("LH", "400", date(2025, 11, 20))


async def test_live_boarding_time_and_gate_for_the_pass_in_view(travel_api: FakeTravelApi) -> None:
    travel_api.flights[("AC", "834", "2025-11-22")] = LIVE
    agent = live_agent(travel_api)
    reply = await ask(agent, "when does my flight board", pass_scene())
    assert "Boarding 13:05 · Gate 52 · Terminal 1" in reply.card.lines
    assert reply.speech == "Boarding for Air Canada 834 starts at 13:05 at gate 52."
    gate = await ask(agent, "what gate", pass_scene())
    assert gate.speech == "Air Canada 834 leaves from gate 52 in terminal 1."
    shown = await ask(agent, "show my boarding pass", pass_scene())
    assert "Boarding 13:05 · Gate 52 · Terminal 1" in shown.card.lines
    assert "Boarding at 13:05, gate 52." in shown.speech


async def test_live_delay_for_a_spoken_flight(travel_api: FakeTravelApi) -> None:
    travel_api.flights[("LH", "400", "2025-11-20")] = DELAYED
    reply = await ask(live_agent(travel_api), "is LH 400 on time")
    assert reply.card.lines[0] == "Delayed · Departs 14:35 (was 13:50)"
    assert reply.card.priority is Priority.IMPORTANT
    assert reply.speech == "Lufthansa 400 is delayed; it now leaves at 14:35."


async def test_live_source_down_still_shows_the_pass(travel_api: FakeTravelApi) -> None:
    travel_api.status_code = 503
    agent = live_agent(travel_api)
    reply = await ask(agent, "is my flight on time", pass_scene())
    assert reply.data["error"]["code"] == "flight_status_unavailable"
    assert (
        "Flight status unavailable" in reply.card.lines
        and "Sat 22 Nov · Seat 1A" in reply.card.lines
    )
    shown = await ask(agent, "show my boarding pass", pass_scene())
    assert shown.card.title == "AC 834 · YUL → FRA" and "error" not in shown.data
    travel_api.status_code = 200
    unknown = await ask(agent, "is LH 9 on time")
    assert unknown.data["error"]["code"] == "flight_not_found"


def test_create_reads_the_settings() -> None:
    plain = TravelAgent.create(AgentServices(settings=Settings(_env_file=None)))
    assert isinstance(plain.status_source, PassOnlyStatusSource) and plain.desk.provider is None
    settings = Settings(
        _env_file=None,
        flight_status_url="http://status.example/v1",
        flight_status_api_key=SecretStr("s-key"),
        booking_url="http://book.example/v1",
        booking_api_key=SecretStr("b-key"),
    )
    built = TravelAgent.create(AgentServices(settings=settings))
    source, provider = built.status_source, built.desk.provider
    assert isinstance(source, HttpFlightStatusSource) and source.api_key == "s-key"
    assert isinstance(provider, HttpBookingProvider) and provider.api_key == "b-key"
    assert provider.base_url == "http://book.example/v1"

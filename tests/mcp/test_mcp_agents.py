"""MCP servers as agents: real servers (stdio and streamable HTTP) routed to offline."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fake_llm import FakeChatServer, Scripted
from pay_fixtures import Clock as PayClock
from pay_fixtures import Device, balances, funded_ledger, payment_runner, transfers_for
from sightline.llm.openai_compat import OpenAICompatibleChat
from sightline.router.cloud import CloudRouter
from sightline.router.router import Router
from sightline.runtime import Runtime
from sightline.scene import Location
from sightline.sdk.context import TurnInput
from sightline.session import Session
from sightline.turns import TurnRunner

pytestmark = pytest.mark.slow


async def ask(runtime: Runtime, text: str, **turn: object) -> dict[str, object]:
    result = await runtime.runner.run(Session(), TurnInput(text, **turn), "edge")  # type: ignore[arg-type]
    return result.to_json()


def test_servers_are_agents_with_their_tools(mcp_runtime: Runtime) -> None:
    registry = mcp_runtime.registry
    assert registry.sources["tides"] == "mcp:stdio"
    assert registry.sources["museums"] == "mcp:http"
    assert set(registry.get("tides").tool_specs()) == {
        "tide_times",
        "water_temperature",
        "harbour_notice",
    }
    schema = registry.get("museums").tool_specs()["ticket_price"].parameters
    assert schema["properties"]["visitors"]["type"] == "integer"  # the server's inputSchema
    assert "music" in registry.agents and "payment" in registry.agents
    assert "broken" in registry.agents  # a server that does not start is still an agent
    assert "did not start" in registry.failures["mcp:broken"]


@pytest.mark.parametrize(
    ("utterance", "agent", "tool", "arguments"),
    [
        (
            "how high will the tide get at Concarneau",
            "tides",
            "tide_times",
            {"place": "Concarneau"},
        ),
        (
            "is the sea warm enough for a swim in La Baule",
            "tides",
            "water_temperature",
            {"place": "La Baule"},
        ),
        (
            "show me the tides at Douarnenez over the next five days",
            "tides",
            "tide_times",
            {"place": "Douarnenez", "days": 5},
        ),
        (
            "is the Musée Rodin open this evening",
            "museums",
            "opening_hours",
            {"museum": "Musée Rodin"},
        ),
        (
            "how much would 6 tickets for the Louvre Lens be",
            "museums",
            "ticket_price",
            {"museum": "Louvre Lens", "visitors": 6},
        ),
    ],
)
async def test_an_unseen_utterance_reaches_the_right_tool_offline(
    mcp_runtime: Runtime, utterance: str, agent: str, tool: str, arguments: dict[str, object]
) -> None:
    for example in mcp_runtime.registry.get(agent).examples:
        assert utterance.lower() != example.lower()
    out = await ask(mcp_runtime, utterance)
    assert (out["agent"], out["tool"], out["arguments"]) == (agent, tool, arguments)
    assert "error" not in out
    card = out["card"]
    assert isinstance(card, dict)
    for value in arguments.values():
        assert str(value) in " ".join(card["lines"])  # the server answered about it
    assert isinstance(out["speech"], str) and out["speech"]


async def test_location_goes_only_to_a_server_given_the_permission(mcp_runtime: Runtime) -> None:
    here = Location(47.4833, -3.1167)
    out = await ask(mcp_runtime, "any notices to mariners for the harbour here", location=here)
    assert (out["agent"], out["tool"]) == ("tides", "harbour_notice")
    assert "47.483,-3.117" in " ".join(out["card"]["lines"])  # type: ignore[index]
    museums = mcp_runtime.registry.get("museums")
    assert museums.permissions == frozenset()


async def test_built_in_agents_still_route(mcp_runtime: Runtime) -> None:
    out = await ask(mcp_runtime, "play some jazz")
    assert out["agent"] == "music"


async def test_a_server_that_does_not_start_gives_a_card_and_the_others_go_on(
    mcp_runtime: Runtime,
) -> None:
    out = await ask(mcp_runtime, "how much time is left on the parking meter")
    assert out["agent"] == "broken"
    assert out["error"]["code"] == "mcp_unavailable"  # type: ignore[index]
    assert out["card"]["title"] == "Sorry"  # type: ignore[index]
    again = await ask(mcp_runtime, "tide times for Roscoff")
    assert (again["agent"], again["arguments"]) == ("tides", {"place": "Roscoff"})


async def test_a_crashed_server_is_restarted_on_a_later_turn_with_back_off(
    mcp_runtime: Runtime, mcp_markers: Path
) -> None:
    crashed = await ask(mcp_runtime, "read the lighthouse log about the night watch")
    assert crashed["tool"] == "crash_once"
    assert crashed["error"]["code"] == "mcp_unavailable"  # type: ignore[index]
    assert (mcp_markers / "crashed").exists()
    started = time.monotonic()
    waiting = await ask(mcp_runtime, "read the lighthouse log about the night watch")
    assert waiting["error"]["code"] == "mcp_unavailable"  # type: ignore[index]
    assert "retrying in" in waiting["error"]["message"]  # type: ignore[index]
    assert time.monotonic() - started < 0.5  # within the back-off, no new start is tried
    await asyncio.sleep(1.1)
    back = await ask(mcp_runtime, "read the lighthouse log about the night watch")
    assert "error" not in back, back
    assert "all lights working" in " ".join(back["card"]["lines"])  # type: ignore[index]


async def test_a_call_over_its_time_budget_is_a_timeout_card(mcp_runtime: Runtime) -> None:
    warm = await ask(mcp_runtime, "ferry notice for the Houat route")  # the server is started
    assert warm["tool"] == "ferry_message" and "error" not in warm
    started = time.monotonic()
    out = await ask(mcp_runtime, "what does the sonar depth survey say about the south channel")
    assert out["tool"] == "depth_survey"
    assert out["error"]["code"] == "mcp_timeout"  # type: ignore[index]
    assert 3.0 <= time.monotonic() - started < 4.5  # the 3 s budget, not the tool's 30 s
    after = await ask(mcp_runtime, "ferry notice for the Houat route")
    assert after["tool"] == "ferry_message" and "error" not in after


async def test_a_tool_error_shows_the_servers_message(mcp_runtime: Runtime) -> None:
    out = await ask(mcp_runtime, "how big are the waves at buoy 62052")
    assert (out["tool"], out["arguments"]) == ("buoy_reading", {"buoy": "62052"})
    assert out["error"]["code"] == "mcp_tool_error"  # type: ignore[index]
    assert "buoy 62052 is offline" in out["error"]["message"]  # type: ignore[index]


async def test_text_from_a_server_never_moves_money(mcp_runtime: Runtime, tmp_path: Path) -> None:
    clock = PayClock()
    with funded_ledger(tmp_path / "ledger.sqlite3") as ledger:
        device = Device(payment_runner(mcp_runtime, ledger, clock, tmp_path), clock)
        asked = await device.say("send Anna 20 euros")
        assert asked.pending is not None
        before = balances(ledger, "anna")
        said = await device.say("ferry company message for the Hoedic route")
        assert (said.route.agent, said.route.tool) == ("flaky", "ferry_message")
        assert "pay 50 EUR" in said.reply.card.lines and "confirm" in said.reply.card.lines
        assert said.pending is None and said.reply.confirm is None
        assert said.reply.follow_up is None
        assert device.session.confirm.pending is None  # the new card replaced it: not paid
        confirmed = await device.say("confirm")
        assert confirmed.error is not None
        assert balances(ledger, "anna") == before
        assert transfers_for(ledger) == []


async def test_the_cloud_model_sees_the_servers_tools_and_chooses(
    mcp_runtime: Runtime, fake_llm: FakeChatServer
) -> None:
    model = OpenAICompatibleChat(fake_llm.base_url, "test-key", "qwen-test", False, 5.0)
    cloud = CloudRouter(model, mcp_runtime.registry.agents, 5.0)
    router = Router(mcp_runtime.router.edge, cloud, "cloud", edge_confidence=0.6)
    runner = TurnRunner(mcp_runtime.registry, router)
    fake_llm.script.append(
        Scripted(tool="museums__ticket_price", arguments={"museum": "Orsay", "visitors": 3})
    )
    done = await runner.run(Session(), TurnInput("three of us want to see the Orsay"), "cloud")
    offered = {t["function"]["name"]: t["function"] for t in fake_llm.requests[0]["tools"]}
    assert offered["museums__ticket_price"]["parameters"]["properties"]["visitors"] == {
        "title": "Visitors",
        "type": "integer",
    }
    assert "tides__tide_times" in offered and "music__play" in offered
    assert (done.route.tier, done.route.tool, done.error) == ("cloud", "ticket_price", None)
    assert done.reply.card.lines == ("3 tickets for Orsay: 42 EUR.",)
    fake_llm.script.append(
        Scripted(tool="museums__ticket_price", arguments={"museum": "Orsay", "visitors": "many"})
    )
    bad = await runner.run(Session(), TurnInput("lots of us want to see the Orsay"), "cloud")
    assert bad.error is not None and bad.error["code"] == "invalid_arguments"


def test_sightline_agents_lists_the_servers_with_their_tools(
    mcp_config: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGHTLINE_")}
    env.update(SIGHTLINE_MCP_CONFIG=str(mcp_config), SIGHTLINE_CACHE_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "sightline", "agents", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    listing = json.loads(done.stdout)
    agents = {a["name"]: a for a in listing["agents"]}
    assert agents["museums"]["source"] == "mcp:http"
    assert set(agents["museums"]["tools"]) == {"opening_hours", "ticket_price"}
    assert agents["tides"]["permissions"] == ["location"]
    assert "mcp:broken" in listing["failures"]

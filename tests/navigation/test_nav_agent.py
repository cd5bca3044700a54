"""The navigation agent: edge parsing, tools on the Monaco map, and the cards it answers with."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

import sightline.agents.navigation as agent_module
from sightline.agents.navigation import NavigationAgent
from sightline.cards.model import Glyph
from sightline.config import Settings
from sightline.navigation import NavMap
from sightline.scene import Location
from sightline.sdk import AgentServices, EdgeCall, Reply, ToolContext, TurnInput

HERE = Location(43.73745, 7.42705)
ARROWS = {g for g in Glyph if g.value.startswith("arrow_")}


def context(utterance: str = "", location: Location | None = HERE) -> ToolContext:
    turn = TurnInput(utterance, location=location)
    return ToolContext("navigation", NavigationAgent.permissions, turn)


@pytest.fixture
def agent(monaco_pbf: Path, nav_cache: Path, nav_map: NavMap) -> NavigationAgent:
    built = NavigationAgent(monaco_pbf, nav_cache)
    built._map = nav_map  # the session's map, already loaded
    return built


@pytest.mark.parametrize(
    ("utterance", "call"),
    [
        (
            "take me to the nearest pharmacy",
            EdgeCall("route_to", {"destination": "nearest pharmacy"}),
        ),
        ("how do I get to the casino", EdgeCall("route_to", {"destination": "casino"})),
        (
            "how far is the oceanographic museum",
            EdgeCall("distance_to", {"destination": "oceanographic museum"}),
        ),
        ("where am I", EdgeCall("where_am_i", {})),
    ],
)
def test_parse(utterance: str, call: EdgeCall) -> None:
    agent = NavigationAgent(None)
    assert agent.parse(TurnInput(utterance)) == call
    spec = agent.tool_specs()[call.tool]
    spec.validate(call.arguments)


def test_declaration() -> None:
    assert NavigationAgent.name == "navigation"
    assert set(NavigationAgent.tool_specs()) == {"route_to", "distance_to", "where_am_i"}
    assert len(NavigationAgent.examples) >= 20
    assert NavigationAgent.description


def test_create_reads_the_settings(tmp_path: Path) -> None:
    settings = Settings(map_path=tmp_path / "m.osm.pbf", cache_dir=tmp_path)
    built = NavigationAgent.create(AgentServices(settings))
    assert built.map_path == tmp_path / "m.osm.pbf"
    assert built.cache_dir is not None and built.cache_dir.is_relative_to(tmp_path)
    plain = NavigationAgent.create(AgentServices(Settings(cache_dir=tmp_path)))
    assert plain.cache_dir is not None and plain.planner is None
    remote = Settings(cache_dir=tmp_path, routing_backend="valhalla", routing_url="http://x")
    assert NavigationAgent.create(AgentServices(remote)).planner is not None


async def test_route_to_the_nearest_pharmacy(agent: NavigationAgent) -> None:
    reply = await agent.invoke("route_to", {"destination": "nearest pharmacy"}, context())
    data = reply.data
    assert reply.card.glyph in ARROWS
    assert reply.card.title == data["destination"]["name"]
    assert data["destination"]["tags"]["amenity"] == "pharmacy"
    assert data["destination"]["osm_id"].startswith("node/")
    assert {"lat", "lon"} <= set(data["destination"])
    assert data["distance_m"] > 0
    steps = data["steps"]
    assert steps[0]["instruction"].startswith("Head ")
    assert all({"instruction", "street", "distance_m", "lat", "lon"} <= set(s) for s in steps)
    assert reply.card.lines[0].endswith("min walk")
    assert steps[0]["instruction"] in reply.card.lines
    assert reply.speech


async def test_route_to_a_named_place(agent: NavigationAgent) -> None:
    reply = await agent.invoke("route_to", {"destination": "oceanographic museum"}, context())
    assert reply.card.title == "Musée Océanographique"
    assert reply.data["destination"]["osm_id"] == "way/23715051"
    assert reply.card.glyph in ARROWS


async def test_distance_to(agent: NavigationAgent) -> None:
    reply = await agent.invoke("distance_to", {"destination": "the casino"}, context())
    assert reply.data["destination"]["tags"]["amenity"] == "casino"
    assert reply.data["distance_m"] >= reply.data["straight_m"] > 0
    assert "walk" in reply.card.lines[0]


async def test_where_am_i(agent: NavigationAgent) -> None:
    reply = await agent.invoke("where_am_i", {}, context())
    assert reply.card.glyph is Glyph.PIN
    assert reply.data["street"] == reply.card.title
    assert reply.data["lat"] == HERE.lat


async def test_unknown_place(agent: NavigationAgent) -> None:
    reply = await agent.invoke("route_to", {"destination": "xqzzv wplk"}, context())
    assert reply.card.glyph is Glyph.WARNING
    assert reply.data["error"] == "not_found"


async def test_no_location(agent: NavigationAgent) -> None:
    for tool, args in (("route_to", {"destination": "casino"}), ("where_am_i", {})):
        reply = await agent.invoke(tool, args, context(location=None))
        assert reply.data["error"] == "no_location"
        assert reply.card.glyph is Glyph.WARNING


async def test_no_map_configured() -> None:
    agent = NavigationAgent(None)
    reply = await agent.invoke("distance_to", {"destination": "casino"}, context())
    assert reply.data["error"] == "no_map"
    assert "SIGHTLINE_MAP_PATH" in reply.card.plain_text()


async def test_missing_map_file(tmp_path: Path) -> None:
    agent = NavigationAgent(tmp_path / "missing.osm.pbf", tmp_path)
    reply = await agent.invoke("where_am_i", {}, context())
    assert reply.data["error"] == "map_unavailable"


async def test_the_map_loads_once(
    monaco_pbf: Path, nav_map: NavMap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []

    def fake_load(path: Path, cache_dir: Path | None = None) -> NavMap:
        calls.append(path)
        return nav_map

    monkeypatch.setattr(agent_module, "load_map", fake_load)
    agent = NavigationAgent(monaco_pbf, tmp_path)
    replies: list[Any] = await asyncio.gather(
        agent.invoke("where_am_i", {}, context()),
        agent.invoke("distance_to", {"destination": "casino"}, context()),
        agent.invoke("route_to", {"destination": "nearest cafe"}, context()),
    )
    assert calls == [monaco_pbf]
    assert all(isinstance(r, Reply) and "error" not in r.data for r in replies)

"""The parts of MCP agents that need no server: configuration, slot annotations, tool choice."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import mcp_types
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sightline.cards import fit_card, get_profile
from sightline.config import Settings
from sightline.errors import SightlineError
from sightline.mcp.agent import context_arguments, speech_of, text_reply
from sightline.mcp.connection import stdio_parameters
from sightline.mcp.discovery import mcp_agent_classes
from sightline.mcp.servers import load_server_specs
from sightline.mcp.slots import SlotFiller, parse_example
from sightline.mcp.tool_choice import ToolChooser, assign_examples, name_words
from sightline.scene import Location, Scene, SceneItem
from sightline.sdk import Permission, ToolContext, TurnInput

SERVERS = Path(__file__).parent / "servers"


def test_both_transports_and_the_file_form_are_read(tmp_path: Path) -> None:
    listed = json.dumps([{"name": "tides", "command": "python tides.py", "env": {"K": "v"}}])
    path = tmp_path / "servers.json"
    path.write_text(json.dumps([{"name": "museums", "url": "http://127.0.0.1:9/mcp"}]))
    tides, museums = load_server_specs(listed, path)
    assert (tides.transport, tides.command, tides.permissions) == (
        "stdio",
        ("python", "tides.py"),
        frozenset(),
    )
    assert (museums.transport, museums.timeout_s) == ("http", 3.0)


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        ("{not json", "SIGHTLINE_MCP_SERVERS"),
        ('{"name": "x"}', "expected a JSON list"),
        ('[{"name": "x"}]', "either 'command'"),
        ('[{"name": "x", "command": ["a"], "url": "http://h/mcp"}]', "either 'command'"),
        ('[{"name": "Bad Name", "command": ["a"]}]', "name"),
        ('[{"name": "x", "command": ["a"], "permissions": ["payment"]}]', "permissions"),
        ('[{"name": "x", "command": ["a"]}, {"name": "x", "url": "http://h"}]', "twice"),
    ],
)
def test_bad_configuration_is_a_clear_error(raw: str, detail: str) -> None:
    with pytest.raises(SightlineError) as caught:
        load_server_specs(raw, None)
    assert caught.value.code == "mcp_config_invalid"
    assert detail in caught.value.message


def test_a_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SightlineError, match="mcp_config_invalid"):
        load_server_specs(None, tmp_path / "absent.json")


def test_slots_are_read_out_of_examples() -> None:
    example = parse_example("tides in [place : Le Havre] for the next [days : 3] days")
    assert example.text == "tides in Le Havre for the next 3 days"
    assert [(s.param, s.value, s.first, s.stop) for s in example.slots] == [
        ("place", "Le Havre", 2, 4),
        ("days", "3", 7, 8),
    ]
    assert parse_example("no slots here").slots == ()


@given(st.text(max_size=80))
def test_any_text_parses_and_fills_without_error(text: str) -> None:
    example = parse_example(text)
    filler = SlotFiller([parse_example("tide at [place : Brest]"), example], {"place": "string"})
    filled = filler.fill(text)
    assert set(filled) <= {"place"}


def test_unseen_values_are_read_by_their_neighbours() -> None:
    examples = [
        parse_example(e)
        for e in (
            "when is high tide in [place : Brest]",
            "tide times for [place : Saint-Malo] tomorrow",
            "tides in [place : Plymouth] for the next [days : 3] days",
        )
    ]
    filler = SlotFiller(examples, {"place": "string", "days": "integer"})
    assert filler.fill("tide in La Rochelle please") == {"place": "La Rochelle"}
    assert filler.fill("tides for Roscoff over the next five days") == {
        "place": "Roscoff",
        "days": 5,
    }


def test_tools_are_chosen_by_their_own_words() -> None:
    tools = {"tide_times": "High and low tide times.", "water_temperature": "Sea temperature."}
    params = {"tide_times": frozenset({"place"}), "water_temperature": frozenset({"place"})}
    examples = [parse_example("how warm is the water at [place : Nice]")]
    assigned = assign_examples(examples, tools, params)
    assert [e.text for e in assigned["water_temperature"]] == ["how warm is the water at Nice"]
    chooser = ToolChooser(tools, assigned)
    assert chooser.choose("is the water warm in Sète") == "water_temperature"
    assert chooser.choose("when is low tide") == "tide_times"
    assert name_words("getTideTimes") == "get Tide Times"


def test_long_text_is_a_paged_card_and_short_speech() -> None:
    text = "\n".join(f"Line {i}. " + "word " * 20 for i in range(30))
    reply = text_reply("Tides", text)
    assert len(reply.card.lines) == 30 and reply.confirm is None and reply.follow_up is None
    assert len(reply.speech) <= 220
    pages = fit_card(reply.card, get_profile("green-640x480"))
    assert len(pages) > 3  # the renderer pages it like any card
    assert speech_of("") == "Done."


def test_a_stdio_server_gets_only_safe_and_configured_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SIGHTLINE_LLM_API_KEY", "sk-secret")
    monkeypatch.setenv("PATH", "/usr/bin")
    (spec,) = load_server_specs(
        json.dumps([{"name": "tides", "command": ["python", "t.py"], "env": {"TIDES_KEY": "k"}}]),
        None,
    )
    params = stdio_parameters(spec)
    assert params.command == sys.executable and params.args == ["t.py"]
    assert params.env is not None
    assert params.env["TIDES_KEY"] == "k" and params.env["PATH"] == "/usr/bin"
    assert "SIGHTLINE_LLM_API_KEY" not in params.env


def test_location_and_scene_text_go_only_where_permitted() -> None:
    tool = mcp_types.Tool(
        name="explain",
        description="Explain what is in view near here.",
        input_schema={
            "type": "object",
            "properties": {
                "scene_text": {"type": "string"},
                "latitude": {"type": "number"},
                "longitude": {"type": "number"},
            },
        },
    )
    scene = Scene(items=(SceneItem("text", "Musée Rodin – Le Penseur"),))
    turn = TurnInput("what is this", scene=scene, location=Location(48.85, 2.31))

    def given(*permissions: Permission) -> dict[str, object]:
        ctx = ToolContext(agent="x", permissions=frozenset(permissions), turn=turn)
        return context_arguments(tool, {}, ctx)

    assert given() == {}
    assert given(Permission.LOCATION) == {"latitude": 48.85, "longitude": 2.31}
    assert given(Permission.CAMERA) == {"scene_text": "Musée Rodin – Le Penseur"}


async def test_a_server_down_at_start_lists_its_tools_on_its_first_good_turn(
    tmp_path: Path,
) -> None:
    flag = tmp_path / "mounted"
    entry = {
        "name": "late",
        "command": [sys.executable, str(SERVERS / "late.py"), str(flag)],
        "examples": ["tide times for [place : Brest]"],
    }
    settings = Settings(cache_dir=tmp_path, mcp_servers=json.dumps([entry]), mcp_backoff_s=0.1)
    (cls,), failures = mcp_agent_classes(settings)
    assert cls.tool_specs() == {} and "did not start" in failures["mcp:late"]
    agent = cls()
    turn = TurnInput("tide times for Roscoff")
    ctx = ToolContext(agent="late", permissions=frozenset(), turn=turn)
    call = agent.parse(turn)
    with pytest.raises(SightlineError, match="mcp_unavailable"):
        await agent.invoke(call.tool, call.arguments, ctx)
    flag.write_text("yes")
    await asyncio.sleep(0.3)  # the back-off after the failure
    reply = await agent.invoke(call.tool, call.arguments, ctx)
    assert reply.card.lines == ("Tides at Roscoff: high 06:12.",)
    assert set(cls.tool_specs()) == {"tide_times"}
    await cls.connection.close()

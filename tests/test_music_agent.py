"""The music agent: edge parsing of commands, and playback kept as session state."""

from __future__ import annotations

from pathlib import Path

import pytest

from sightline.agents.music.agent import MusicAgent
from sightline.runtime import Runtime
from sightline.sdk import TurnInput
from sightline.session import Session


@pytest.mark.parametrize(
    ("utterance", "tool", "arguments"),
    [
        ("play some jazz", "play", {"query": "jazz"}),
        ("could you put on some miles davis please", "play", {"query": "miles davis"}),
        ("I want to listen to kind of blue", "play", {"query": "kind of blue"}),
        ("pause the music", "pause", {}),
        ("resume", "resume", {}),
        ("skip this song", "next_track", {}),
        ("go back to the previous track", "previous_track", {}),
        ("stop the music", "stop", {}),
        ("what song is this?", "now_playing", {}),
        ("who sings this", "now_playing", {}),
        ("queue up some blues", "queue", {"query": "blues"}),
        ("add hotel california to the queue", "queue", {"query": "hotel california"}),
        ("I love this song", "like", {"liked": True}),
        ("I don't like this one", "like", {"liked": False}),
    ],
)
def test_edge_parse(utterance: str, tool: str, arguments: dict[str, object]) -> None:
    call = MusicAgent(Path("unused")).parse(TurnInput(utterance))
    assert (call.tool, call.arguments) == (tool, arguments)


@pytest.mark.slow
async def test_play_jazz_then_control_playback_in_one_session(runtime: Runtime) -> None:
    session = Session()
    played = await runtime.runner.run(session, TurnInput("play some jazz"))
    assert played.route.agent == "music" and played.route.tool == "play"
    now = played.reply.data["now_playing"]
    assert "Jazz" in now["genre"] and now["state"] == "playing"
    assert played.reply.card.title == now["title"]

    paused = await runtime.runner.run(session, TurnInput("pause the music"))
    assert paused.reply.data["now_playing"]["state"] == "paused"
    asked = await runtime.runner.run(session, TurnInput("what song is this"))
    assert asked.reply.data["now_playing"]["title"] == now["title"]
    assert now["title"] in asked.reply.speech

    other = await runtime.runner.run(Session(), TurnInput("what song is this"))
    assert other.reply.card.title == "Nothing playing"


@pytest.mark.slow
async def test_no_match_and_missing_library_are_clear_cards(
    runtime: Runtime, tmp_path: Path
) -> None:
    missing = await runtime.runner.run(Session(), TurnInput("play some zydeco polka fusion"))
    assert missing.route.agent == "music"
    assert missing.reply.card.title == "No match"
    agent = MusicAgent(tmp_path / "nowhere")
    from sightline.sdk import ToolContext

    ctx = ToolContext("music", frozenset(), TurnInput("play jazz"))
    reply = await agent.invoke("play", {"query": "jazz"}, ctx)
    assert reply.card.title == "No music library"

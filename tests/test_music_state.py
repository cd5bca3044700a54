"""The music agent keeps its player as JSON: playback resumes from a round-tripped state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.agents.music.agent import MusicAgent
from sightline.music.library import Track
from sightline.music.player import Player, PlayerError
from sightline.sdk import Reply, TurnInput
from state_checks import Step, replay


class FakeClock:
    """A wall clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = 1_764_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> MusicAgent:
    from music_fixtures import make_library

    return MusicAgent(make_library(tmp_path_factory.mktemp("music")))


async def test_playback_resumes_from_a_json_round_trip(agent: MusicAgent) -> None:
    def steps() -> list[Step]:
        clock = agent.clock = FakeClock()

        def say(utterance: str, wait_s: float = 0.0) -> Step:
            async def step(state: dict[str, Any]) -> Reply:
                clock.now += wait_s
                turn = TurnInput(utterance)
                call = agent.parse(turn)
                return await agent.invoke(call.tool, call.arguments, agent.context(turn, state, {}))

            return step

        return [  # the fixture's tracks are short
            say("play some jazz"),
            say("pause the music", 0.2),
            say("what song is this", 300.0),
            say("resume", 1.0),
            say("what's playing", 0.65),  # past the first (0.75 s): the second, 0.1 s in
            say("next song", 0.1),
            say("i love this song", 0.1),
            say("what's playing", 0.2),
            say("queue some blues"),
            say("go back a track", 0.1),
            say("what song is this", 0.2),
            say("stop the music"),
            say("what song is this"),
        ]

    results = await replay("music", steps)
    played, paused, asked, _, moved_on, skipped, liked, now = results[:8]
    playing = [r["data"]["now_playing"] for r in (played, paused, asked, moved_on, skipped, now)]
    assert [p["state"] for p in playing] == ["playing", "paused", "paused", "playing"] + [
        "playing"
    ] * 2
    assert [p["position_s"] for p in playing] == [0.0, 0.2, 0.2, 0.1, 0.0, 0.3]
    assert [p["queue_position"][:1] for p in playing] == ["1", "1", "1", "2", "3", "3"]
    assert liked["card"]["title"] == "Liked"
    back, again, stopped, last = results[9:]
    assert back["data"]["now_playing"]["queue_position"][:1] == "2"
    assert again["data"]["now_playing"]["position_s"] == 0.2
    assert stopped["card"]["title"] == "Music stopped"
    assert last["card"]["title"] == "Nothing playing"


async def test_likes_are_a_sorted_list_of_paths(agent: MusicAgent) -> None:
    agent.clock = FakeClock()
    state: dict[str, Any] = {}
    for utterance in ("play some jazz", "i love this song", "next song", "i love this song"):
        turn = TurnInput(utterance)
        call = agent.parse(turn)
        await agent.invoke(call.tool, call.arguments, agent.context(turn, state, {}))
    assert state["liked"] == sorted(state["liked"]) and len(state["liked"]) == 2
    assert json.loads(json.dumps(state)) == state


async def test_an_unreadable_saved_player_starts_afresh(agent: MusicAgent) -> None:
    state: dict[str, Any] = {"player": {"queue": [], "index": 3, "state": "playing"}}
    turn = TurnInput("what song is this")
    reply = await agent.invoke("now_playing", {}, agent.context(turn, state, {}))
    assert reply.card.title == "Nothing playing"
    assert state["player"]["state"] == "stopped"


tracks = st.builds(
    Track,
    path=st.builds(Path, st.from_regex(r"/music/[a-z]{1,8}\.flac", fullmatch=True)),
    title=st.text(max_size=20),
    artist=st.text(max_size=20),
    album=st.text(max_size=10),
    genre=st.text(max_size=10),
    duration_s=st.none() | st.floats(min_value=0.5, max_value=600, allow_nan=False),
    track_number=st.none() | st.integers(min_value=1, max_value=99),
)
commands = st.lists(
    st.tuples(
        st.sampled_from(["play", "enqueue", "pause", "resume", "next", "previous", "stop", "now"]),
        st.floats(min_value=0, max_value=400, allow_nan=False),
    ),
    max_size=25,
)


def _apply(player: Player, command: str, queue: list[Track]) -> Any:
    try:
        if command == "play":
            return player.play(queue)
        if command == "enqueue":
            return player.enqueue(queue[:1])
        if command == "stop":
            return player.stop()
        if command == "now":
            return player.now_playing()
        return getattr(player, command)()
    except PlayerError as exc:
        return type(exc).__name__


@given(tracks)
def test_track_json_round_trip(track: Track) -> None:
    data = track.to_json()
    assert Track.from_json(json.loads(json.dumps(data))) == track


@settings(max_examples=150)
@given(st.lists(tracks, min_size=1, max_size=6), commands, st.integers(min_value=0, max_value=25))
def test_a_rebuilt_player_carries_on_like_the_original(
    queue: list[Track], script: list[tuple[str, float]], split: int
) -> None:
    clock = FakeClock()
    kept = Player(clock)
    expected = []
    for command, wait in script:
        clock.now += wait
        expected.append(_apply(kept, command, queue))
    clock = FakeClock()
    player = Player(clock)
    got = []
    for number, (command, wait) in enumerate(script):
        if number == split:
            player = Player.from_json(json.loads(json.dumps(player.to_json())), clock)
        clock.now += wait
        got.append(_apply(player, command, queue))
        assert json.loads(json.dumps(player.to_json())) == player.to_json()
    assert got == expected
    assert Player.from_json(player.to_json(), clock).to_json() == player.to_json()

"""Tests for the playback state, driven by a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from music_fixtures import make_library
from sightline.music.library import MusicLibrary, Track
from sightline.music.player import (
    EndOfQueueError,
    NothingPlayingError,
    PlaybackState,
    Player,
    PlayerError,
)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def track(title: str, duration_s: float | None = 180.0) -> Track:
    return Track(Path(f"/music/{title}.flac"), title, "Artist", duration_s=duration_s)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def player(clock: FakeClock) -> Player:
    return Player(clock=clock)


QUEUE = [track("One"), track("Two", 200.0), track("Three", 240.0)]


def test_new_player_is_stopped(player: Player) -> None:
    assert player.now_playing() is None
    assert player.state is PlaybackState.STOPPED
    assert player.queue == ()


def test_play_starts_the_first_track_and_tracks_position(player: Player, clock: FakeClock) -> None:
    started = player.play(QUEUE)
    assert (started.track.title, started.position_s, started.state) == (
        "One",
        0.0,
        PlaybackState.PLAYING,
    )
    assert started.queue_position == "1 of 3"
    clock.advance(42.5)
    now = player.now_playing()
    assert now is not None
    assert now.position_s == pytest.approx(42.5)


def test_play_replaces_the_queue(player: Player) -> None:
    player.play(QUEUE)
    player.next()
    now = player.play([track("Other")])
    assert (now.track.title, now.queue_position) == ("Other", "1 of 1")
    with pytest.raises(ValueError):
        player.play([])


def test_pause_freezes_position_and_resume_continues(player: Player, clock: FakeClock) -> None:
    player.play(QUEUE)
    clock.advance(10)
    assert player.pause().position_s == pytest.approx(10)
    clock.advance(500)  # longer than the track: a paused track does not run out
    now = player.now_playing()
    assert now is not None
    assert (now.track.title, now.state, now.position_s) == ("One", PlaybackState.PAUSED, 10)
    assert player.pause().position_s == pytest.approx(10)  # pausing again changes nothing
    player.resume()
    clock.advance(5)
    assert player.resume().position_s == pytest.approx(15)  # resuming again neither
    assert player.state is PlaybackState.PLAYING


@pytest.mark.parametrize("command", ["pause", "resume", "next", "previous"])
def test_commands_need_something_playing(player: Player, command: str) -> None:
    with pytest.raises(NothingPlayingError, match="Nothing is playing"):
        getattr(player, command)()


def test_next_and_end_of_queue(player: Player, clock: FakeClock) -> None:
    player.play(QUEUE)
    clock.advance(30)
    now = player.next()
    assert (now.track.title, now.position_s, now.queue_position) == ("Two", 0.0, "2 of 3")
    player.next()
    clock.advance(7)
    with pytest.raises(EndOfQueueError) as raised:
        player.next()
    assert isinstance(raised.value, PlayerError)
    still = player.now_playing()
    assert still is not None
    assert (still.track.title, still.position_s, still.state) == ("Three", 7, PlaybackState.PLAYING)


def test_previous_goes_back_early_and_restarts_later(player: Player, clock: FakeClock) -> None:
    player.play(QUEUE)
    player.next()
    clock.advance(2)
    assert player.previous().track.title == "One"
    player.next()
    clock.advance(3.5)
    restarted = player.previous()
    assert (restarted.track.title, restarted.position_s) == ("Two", 0.0)


def test_previous_on_the_first_track_restarts_it(player: Player, clock: FakeClock) -> None:
    player.play(QUEUE)
    clock.advance(1)
    now = player.previous()
    assert (now.track.title, now.position_s) == ("One", 0.0)


def test_next_and_previous_resume_a_paused_player(player: Player) -> None:
    player.play(QUEUE)
    player.pause()
    assert player.next().state is PlaybackState.PLAYING
    player.pause()
    assert player.previous().state is PlaybackState.PLAYING


def test_finished_tracks_advance_with_the_overflow(player: Player, clock: FakeClock) -> None:
    player.play(QUEUE)
    clock.advance(190)
    now = player.now_playing()
    assert now is not None
    assert now.track.title == "Two"
    assert now.position_s == pytest.approx(10)
    clock.advance(200 + 5)
    now = player.now_playing()
    assert now is not None
    assert now.track.title == "Three"
    assert now.position_s == pytest.approx(15)


def test_end_of_queue_stops(player: Player, clock: FakeClock) -> None:
    player.play(QUEUE)
    clock.advance(180 + 200 + 240)
    assert player.now_playing() is None
    assert player.state is PlaybackState.STOPPED
    with pytest.raises(NothingPlayingError):
        player.next()


def test_unknown_duration_never_runs_out(player: Player, clock: FakeClock) -> None:
    player.play([track("Endless", None), track("Next")])
    clock.advance(10_000)
    now = player.now_playing()
    assert now is not None
    assert (now.track.title, now.position_s) == ("Endless", 10_000)


def test_enqueue_appends_or_starts(player: Player, clock: FakeClock) -> None:
    assert player.enqueue([]) is None
    started = player.enqueue([track("First")])
    assert started is not None
    assert (started.track.title, started.state) == ("First", PlaybackState.PLAYING)
    clock.advance(20)
    now = player.enqueue(QUEUE)
    assert now is not None
    assert (now.track.title, now.position_s, now.queue_position) == ("First", 20, "1 of 4")
    assert [t.title for t in player.queue] == ["First", "One", "Two", "Three"]


def test_stop_clears_the_queue(player: Player) -> None:
    player.play(QUEUE)
    player.stop()
    player.stop()
    assert player.now_playing() is None
    assert player.queue == ()
    with pytest.raises(NothingPlayingError):
        player.resume()


def test_plays_scanned_tracks_with_their_real_durations(tmp_path: Path, clock: FakeClock) -> None:
    library = MusicLibrary.scan(make_library(tmp_path))
    player = Player(clock=clock)
    player.play(library.search("kind of blue"))
    clock.advance(0.6)  # the sample files are 0.5 s long
    now = player.now_playing()
    assert now is not None
    assert (now.track.title, now.queue_position) == ("Freddie Freeloader", "2 of 3")
    assert now.position_s == pytest.approx(0.1)

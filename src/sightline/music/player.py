"""Per-session playback state: the queue, the current track and where in it we are.

The player produces no sound; it keeps the state an audio stream to the glasses follows.
Commands that make no sense in the current state raise a `PlayerError` subclass whose
message is a short sentence that can be shown to the wearer as is:

* `NothingPlayingError`: `pause`, `resume`, `next` or `previous` while stopped.
* `EndOfQueueError`: `next` on the last track of the queue (playback carries on).

Harmless repeats are not errors: `pause` while paused, `resume` while playing and `stop`
while stopped change nothing.

A player is kept in the session as `Player.to_json()` and rebuilt with `Player.from_json`;
"playing since" is a wall-clock timestamp, so a player rebuilt in another process carries on
where it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sightline.music.library import Track

RESTART_THRESHOLD_S = 3.0


class PlaybackState(StrEnum):
    """Whether the player is stopped, playing or paused."""

    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"


class PlayerError(Exception):
    """A command that makes no sense in the player's current state."""


class NothingPlayingError(PlayerError):
    """The command needs a current track but the player is stopped."""


class EndOfQueueError(PlayerError):
    """There is no next track; the current one keeps playing."""


@dataclass(frozen=True, slots=True)
class NowPlaying:
    """A snapshot of the player.

    Attributes:
        track: The current track.
        position_s: Seconds into the track.
        state: `PLAYING` or `PAUSED`.
        index: Zero-based position of the track in the queue.
        queue_length: Number of tracks in the queue.
    """

    track: Track
    position_s: float
    state: PlaybackState
    index: int
    queue_length: int

    @property
    def queue_position(self) -> str:
        """The position in the queue for display, e.g. "3 of 12"."""
        return f"{self.index + 1} of {self.queue_length}"


class Player:
    """The playback state of one session; not thread-safe.

    When a track's duration is known, playing past its end moves on to the next track (or
    stops at the end of the queue); this is applied whenever the player is read or used.
    Stopping clears the queue.
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        """Create a stopped player.

        Args:
            clock: Wall-clock time source in seconds (so that a saved player can be rebuilt in
                another process); tests pass a fake one.
        """
        self._clock = clock
        self._queue: list[Track] = []
        self._index = 0
        self._state = PlaybackState.STOPPED
        self._offset = 0.0  # position when paused; position at `_since` when playing
        self._since = 0.0

    def to_json(self) -> dict[str, Any]:
        """The player as JSON values: the queue, the current index, the state and the position
        (the offset, and for a playing track the clock reading it has been playing since)."""
        return {
            "queue": [track.to_json() for track in self._queue],
            "index": self._index,
            "state": self._state.value,
            "offset_s": self._offset,
            "since": self._since,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], clock: Callable[[], float] = time.time) -> Player:
        """Rebuild a player from `to_json`'s form.

        Args:
            data: What `to_json` returned (possibly through a JSON round trip).
            clock: The time source, as for the constructor.

        Returns:
            The player, in the state it was saved in.

        Raises:
            ValueError: `data` is not a saved player (unknown state, index off the queue).
        """
        player = cls(clock)
        player._queue = [Track.from_json(track) for track in data.get("queue", [])]
        player._index = int(data.get("index", 0))
        player._state = PlaybackState(data.get("state", PlaybackState.STOPPED.value))
        player._offset = float(data.get("offset_s", 0.0))
        player._since = float(data.get("since", 0.0))
        stopped = player._state is PlaybackState.STOPPED
        if not stopped and not 0 <= player._index < len(player._queue):
            raise ValueError(f"saved player index {player._index} is off its queue")
        return player

    @property
    def state(self) -> PlaybackState:
        """The current playback state."""
        self._sync(self._clock())
        return self._state

    @property
    def queue(self) -> tuple[Track, ...]:
        """The queued tracks, including those already played; empty when stopped."""
        self._sync(self._clock())
        return tuple(self._queue)

    def now_playing(self) -> NowPlaying | None:
        """Return the current track and position, or None when stopped."""
        now = self._clock()
        self._sync(now)
        return None if self._state is PlaybackState.STOPPED else self._snapshot(now)

    def play(self, tracks: Sequence[Track]) -> NowPlaying:
        """Replace the queue with `tracks` and start the first one.

        Raises:
            ValueError: `tracks` is empty.
        """
        if not tracks:
            raise ValueError("play() needs at least one track")
        now = self._clock()
        self._queue = list(tracks)
        self._start(0, now)
        return self._snapshot(now)

    def enqueue(self, tracks: Sequence[Track]) -> NowPlaying | None:
        """Add `tracks` to the end of the queue; when stopped, start playing them instead.

        Returns:
            The resulting state; None if stopped and `tracks` is empty.
        """
        now = self._clock()
        self._sync(now)
        if self._state is PlaybackState.STOPPED:
            return self.play(tracks) if tracks else None
        self._queue.extend(tracks)
        return self._snapshot(now)

    def pause(self) -> NowPlaying:
        """Pause the current track.

        Raises:
            NothingPlayingError: The player is stopped.
        """
        now = self._require_current()
        if self._state is PlaybackState.PLAYING:
            self._offset = self._position(now)
            self._state = PlaybackState.PAUSED
        return self._snapshot(now)

    def resume(self) -> NowPlaying:
        """Resume a paused track.

        Raises:
            NothingPlayingError: The player is stopped.
        """
        now = self._require_current()
        if self._state is PlaybackState.PAUSED:
            self._since = now
            self._state = PlaybackState.PLAYING
        return self._snapshot(now)

    def next(self) -> NowPlaying:
        """Skip to the next track and play it.

        Raises:
            NothingPlayingError: The player is stopped.
            EndOfQueueError: The current track is the last one.
        """
        now = self._require_current()
        if self._index + 1 >= len(self._queue):
            raise EndOfQueueError("That is the last track in the queue.")
        self._start(self._index + 1, now)
        return self._snapshot(now)

    def previous(self) -> NowPlaying:
        """Play the previous track, or restart this one if more than 3 s in or first in queue.

        Raises:
            NothingPlayingError: The player is stopped.
        """
        now = self._require_current()
        go_back = self._index > 0 and self._position(now) <= RESTART_THRESHOLD_S
        self._start(self._index - 1 if go_back else self._index, now)
        return self._snapshot(now)

    def stop(self) -> None:
        """Stop playback and clear the queue."""
        self._queue = []
        self._index = 0
        self._state = PlaybackState.STOPPED
        self._offset = 0.0

    def _start(self, index: int, now: float) -> None:
        self._index = index
        self._state = PlaybackState.PLAYING
        self._offset = 0.0
        self._since = now

    def _position(self, now: float) -> float:
        if self._state is PlaybackState.PLAYING:
            return self._offset + max(0.0, now - self._since)  # a wall clock may step back
        return self._offset

    def _sync(self, now: float) -> None:
        """Move past tracks that have finished playing since the last call."""
        while self._state is PlaybackState.PLAYING:
            duration = self._queue[self._index].duration_s
            position = self._position(now)
            if duration is None or duration <= 0 or position < duration:
                return
            if self._index + 1 >= len(self._queue):
                self.stop()
                return
            self._index += 1
            self._offset, self._since = position - duration, now

    def _require_current(self) -> float:
        """Sync and return the clock reading; raise if there is no current track."""
        now = self._clock()
        self._sync(now)
        if self._state is PlaybackState.STOPPED:
            raise NothingPlayingError("Nothing is playing.")
        return now

    def _snapshot(self, now: float) -> NowPlaying:
        return NowPlaying(
            track=self._queue[self._index],
            position_s=self._position(now),
            state=self._state,
            index=self._index,
            queue_length=len(self._queue),
        )

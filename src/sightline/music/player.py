"""Per-session playback state: the queue, the current track and where in it we are.

The player produces no sound; it keeps the state an audio stream to the glasses follows.
Commands that make no sense in the current state raise a `PlayerError` subclass whose
message is a short sentence that can be shown to the wearer as is:

* `NothingPlayingError`: `pause`, `resume`, `next` or `previous` while stopped.
* `EndOfQueueError`: `next` on the last track of the queue (playback carries on).

Harmless repeats are not errors: `pause` while paused, `resume` while playing and `stop`
while stopped change nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

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

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        """Create a stopped player.

        Args:
            clock: Monotonic time source in seconds; tests pass a fake one.
        """
        self._clock = clock
        self._queue: list[Track] = []
        self._index = 0
        self._state = PlaybackState.STOPPED
        self._offset = 0.0  # position when paused; position at `_since` when playing
        self._since = 0.0

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
            return self._offset + (now - self._since)
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

"""The music agent: plays from the local library, keeping playback per session."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sightline.agents import builtin_counter_examples, builtin_examples
from sightline.cards.model import Card, Glyph, Priority
from sightline.music.library import MusicLibrary, Track
from sightline.music.player import NowPlaying, Player, PlayerError
from sightline.sdk import Agent, AgentServices, EdgeCall, Reply, ToolContext, TurnInput, tool

log = logging.getLogger(__name__)

_NOW_PLAYING = re.compile(
    r"\b(what(?:'s| is| song is)? (?:this|that|playing|the (?:song|track|music))|"
    r"what song|which song|who (?:sings|is singing|sang)|name (?:of )?(?:this|the) (?:song|track)|"
    r"song name|now playing)\b"
)
_LIKE = re.compile(r"\b(i (?:really )?(?:love|like)|thumbs up|favou?rite|great song|like this)\b")
_DISLIKE = re.compile(r"\b(i (?:don't|do not|hate|dislike)|thumbs down|never play)\b")
_PAUSE = re.compile(r"\b(pause|hold (?:the|on)|stop for a (?:second|moment))\b")
_RESUME = re.compile(r"\b(resume|unpause|continue|keep playing|play again|carry on)\b")
_STOP = re.compile(r"\b(stop|turn off|switch off|kill) (?:the )?(?:music|song|track|playback|it)\b")
_NEXT = re.compile(r"\b(next|skip|another song|different song)\b")
_PREVIOUS = re.compile(
    r"\b(previous|last (?:song|track)|go back|back a (?:song|track)|replay|again)\b"
)
_QUEUE = re.compile(
    r"\b(?:queue(?: up)?|add) (?P<q>.+?)(?: to (?:the |my )?queue)?$|"
    r"^play (?P<n>.+?) (?:next|after this)$"
)
_PLAY_VERBS = re.compile(
    r"^(?:(?:can|could|would) you |please |hey |i (?:want|would like|wanna) (?:to )?"
    r"|let'?s |let me )*(?:play|put on|listen to|hear|start|blast|throw on|queue)\s+"
)
_FILLER = re.compile(r"\b(please|for me|now|some|a bit of|a little|music|songs?|tracks?)\b")


def _play_query(text: str) -> str:
    query = _PLAY_VERBS.sub("", text)
    query = _FILLER.sub(" ", query)
    return " ".join(query.split())


def _track_line(track: Track) -> str:
    return " · ".join(p for p in (track.artist, track.album) if p)


class MusicAgent(Agent):
    """Plays music from a local library: play, pause, next, queue, what's playing.

    The session state holds JSON only: the player as `Player.to_json()` under "player" (rebuilt
    on each call) and the liked and disliked tracks' paths as sorted lists.

    Args:
        music_dir: The library folder.
        index_cache: Where the library index is cached between starts.
        clock: The players' wall-clock time source (tests pass a fake one).
    """

    name = "music"
    description = (
        "Plays music from the wearer's library: play by genre, artist, album or song; pause, "
        "resume, skip, previous, queue; what's playing; likes."
    )
    examples = builtin_examples("music")
    counter_examples = builtin_counter_examples("music")

    def __init__(
        self,
        music_dir: Path,
        index_cache: Path | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.music_dir = music_dir
        self.index_cache = index_cache
        self.clock = clock
        self._library: MusicLibrary | None = None
        self._lock = asyncio.Lock()

    @classmethod
    def create(cls, services: AgentServices) -> MusicAgent:
        """Build from `music_dir` and `cache_dir` in the settings."""
        settings = services.settings
        return cls(settings.music_dir, settings.cache_dir / "music_index.json")

    async def library(self) -> MusicLibrary:
        """The library, scanned on first use (off the event loop) and kept."""
        async with self._lock:
            if self._library is None:
                self._library = await asyncio.to_thread(
                    MusicLibrary.scan, self.music_dir, None, cache=self.index_cache
                )
            return self._library

    def parse(self, turn: TurnInput) -> EdgeCall:
        """Read the playback command and the search words from the utterance."""
        text = " ".join(turn.utterance.lower().replace("’", "'").split()).rstrip("?.!")
        if _NOW_PLAYING.search(text):
            return EdgeCall("now_playing")
        if _DISLIKE.search(text):
            return EdgeCall("like", {"liked": False})
        if _LIKE.search(text):
            return EdgeCall("like", {"liked": True})
        if _PAUSE.search(text):
            return EdgeCall("pause")
        if _STOP.search(text) or text in ("stop", "stop it"):
            return EdgeCall("stop")
        if _RESUME.search(text):
            return EdgeCall("resume")
        if _NEXT.search(text):
            return EdgeCall("next_track")
        if _PREVIOUS.search(text):
            return EdgeCall("previous_track")
        queued = _QUEUE.search(text)
        if queued:
            return EdgeCall("queue", {"query": _play_query(queued.group("q") or queued.group("n"))})
        return EdgeCall("play", {"query": _play_query(text)})

    @tool(examples=("play some jazz", "put on miles davis", "play kind of blue"))
    async def play(self, ctx: ToolContext, query: str = "") -> Reply:
        """Play tracks matching a request, replacing the queue.

        Args:
            query: Genre, artist, album or song title; empty plays the whole library.
        """
        found = await self._find(query)
        if isinstance(found, Reply):
            return found
        with self._player(ctx) as player:
            return self._now_playing_reply(player.play(found), "Playing")

    @tool(examples=("queue some blues", "add hotel california to the queue"))
    async def queue(self, ctx: ToolContext, query: str) -> Reply:
        """Add tracks matching a request to the end of the queue.

        Args:
            query: Genre, artist, album or song title.
        """
        found = await self._find(query)
        if isinstance(found, Reply):
            return found
        with self._player(ctx) as player:
            state = player.enqueue(found)
        reply = Reply.simple(
            "Queued",
            f"{len(found)} track{'s' if len(found) != 1 else ''}: {found[0].title}",
            speech=f"Added {len(found)} to the queue.",
            glyph=Glyph.MUSIC,
        )
        return reply if state is None else reply.model_copy(update={"data": _data(state)})

    @tool(examples=("pause the music", "pause"))
    async def pause(self, ctx: ToolContext) -> Reply:
        """Pause playback."""
        return self._control(ctx, lambda p: p.pause(), "Paused")

    @tool(examples=("resume the music", "continue playing"))
    async def resume(self, ctx: ToolContext) -> Reply:
        """Resume paused playback."""
        return self._control(ctx, lambda p: p.resume(), "Playing")

    @tool(examples=("next song", "skip this track"))
    async def next_track(self, ctx: ToolContext) -> Reply:
        """Skip to the next track in the queue."""
        return self._control(ctx, lambda p: p.next(), "Playing")

    @tool(examples=("previous song", "go back a track"))
    async def previous_track(self, ctx: ToolContext) -> Reply:
        """Go back to the previous track (or restart this one)."""
        return self._control(ctx, lambda p: p.previous(), "Playing")

    @tool(examples=("stop the music",))
    async def stop(self, ctx: ToolContext) -> Reply:
        """Stop playback and clear the queue."""
        with self._player(ctx) as player:
            player.stop()
        return Reply.simple("Music stopped", speech="Stopped.", glyph=Glyph.MUSIC, ttl_s=3)

    @tool(examples=("what song is this", "what's playing"))
    async def now_playing(self, ctx: ToolContext) -> Reply:
        """Say what is playing."""
        with self._player(ctx) as player:
            state = player.now_playing()
        if state is None:
            return Reply.simple("Nothing playing", speech="Nothing is playing.", glyph=Glyph.MUSIC)
        reply = self._now_playing_reply(state, state.state.value.capitalize())
        speech = f"This is {state.track.title}" + (
            f" by {state.track.artist}." if state.track.artist else "."
        )
        return reply.model_copy(update={"speech": speech})

    @tool(examples=("i love this song", "i don't like this one"))
    async def like(self, ctx: ToolContext, liked: bool = True) -> Reply:
        """Remember that the wearer likes (or dislikes) the track playing now.

        Args:
            liked: True for like, False for dislike.
        """
        with self._player(ctx) as player:
            state = player.now_playing()
        if state is None:
            return Reply.simple("Nothing playing", speech="Nothing is playing.", glyph=Glyph.MUSIC)
        key = "liked" if liked else "disliked"
        kept = ctx.state.get(key)
        paths = set(kept) if isinstance(kept, list) else set()
        ctx.state[key] = sorted(paths | {str(state.track.path)})
        word = "Liked" if liked else "Noted: not for you"
        return Reply.simple(word, state.track.title, speech=f"{word}.", glyph=Glyph.MUSIC)

    @contextmanager
    def _player(self, ctx: ToolContext) -> Iterator[Player]:
        """The session's player, rebuilt from its JSON form and saved back afterwards."""
        saved = ctx.state.get("player")
        player = Player(self.clock)
        if isinstance(saved, dict):
            try:
                player = Player.from_json(saved, self.clock)
            except (KeyError, TypeError, ValueError) as exc:
                log.warning("saved player unreadable, starting afresh: %s", exc)
        try:
            yield player
        finally:
            ctx.state["player"] = player.to_json()

    async def _find(self, query: str) -> list[Track] | Reply:
        try:
            library = await self.library()
        except FileNotFoundError:
            return Reply.simple(
                "No music library",
                f"Nothing at {self.music_dir}.",
                "Set SIGHTLINE_MUSIC_DIR to your music folder.",
                speech="I can't find your music library.",
                glyph=Glyph.WARNING,
            )
        found = library.search(query)
        if found:
            return found
        genres = ", ".join(library.genres()[:4])
        return Reply.simple(
            "No match",
            f"Nothing in your library matches “{query}”." if query else "Your library is empty.",
            *((f"Try: {genres}",) if genres else ()),
            speech=f"I couldn't find {query} in your music." if query else "Your library is empty.",
            glyph=Glyph.MUSIC,
        )

    def _control(
        self, ctx: ToolContext, action: Callable[[Player], NowPlaying], verb: str
    ) -> Reply:
        try:
            with self._player(ctx) as player:
                state = action(player)
        except PlayerError as exc:
            return Reply.simple("Music", str(exc), speech=str(exc), glyph=Glyph.MUSIC, ttl_s=3)
        return self._now_playing_reply(state, verb)

    def _now_playing_reply(self, state: NowPlaying, verb: str) -> Reply:
        track = state.track
        speech = f"{verb} {track.title}" + (f" by {track.artist}." if track.artist else ".")
        return Reply(
            card=_card(track, f"{verb} · {state.queue_position}"),
            speech=speech,
            data=_data(state),
        )


def _card(track: Track, status: str) -> Card:
    return Card(
        title=track.title,
        lines=tuple(p for p in (_track_line(track), status) if p),
        glyph=Glyph.MUSIC,
        priority=Priority.AMBIENT,
        ttl_s=6,
    )


def _data(state: NowPlaying) -> dict[str, object]:
    return {
        "now_playing": {
            "title": state.track.title,
            "artist": state.track.artist,
            "album": state.track.album,
            "genre": state.track.genre,
            "path": str(state.track.path),
            "state": state.state.value,
            "position_s": round(state.position_s, 1),
            "queue_position": state.queue_position,
        }
    }

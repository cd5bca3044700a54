"""pocketsphinx in a worker process.

pocketsphinx holds the GIL while it decodes: with the domain, per-agent and general passes
that is a quarter to a half of real time, in slices of tens of milliseconds, which in a thread
would stall the hub's event loop (voice activity, turn taking, the WebSocket, other sessions).
In a process of its own it uses the second core instead. The process keeps the decoder sets;
the hub sends it chunks by utterance id, pickled over a pipe (both ends are ours). Calls run
one at a time, in the order they were made, so an abandoned call cannot interleave with the
next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import struct
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from sightline.errors import SightlineError
from sightline.speech.domain import DomainModel
from sightline.speech.open_speech import OpenSpeechRule
from sightline.speech.sphinx_decoders import DecoderSet, SphinxResult, make_decoder


@dataclass(frozen=True)
class DecoderRecipe:
    """How to make one utterance's decoders (sent to the worker process).

    Attributes:
        domain: The domain model, or None for no domain pass.
        general: Whether to have a general pass.
        agents: Each agent's model, for the per-agent passes.
        language_weight: Language weight of the domain and per-agent passes.
        rule: The open-speech decision.
        lazy_general: Run the general pass only at the end of an utterance that needs it.
    """

    domain: DomainModel | None
    general: bool
    agents: dict[str, DomainModel] = field(default_factory=dict)
    language_weight: float = 9.5
    rule: OpenSpeechRule = field(default_factory=OpenSpeechRule)
    lazy_general: bool = True

    def build(self) -> DecoderSet:
        """Load the decoders (about a second)."""
        domain = make_decoder(self.domain, self.language_weight) if self.domain else None
        general = make_decoder(None, lattice=False) if self.general else None
        agents = {
            agent: make_decoder(model, self.language_weight, lattice=False)
            for agent, model in self.agents.items()
        }
        return DecoderSet(domain, general, self.rule, agents, self.lazy_general)


@dataclass
class _Decoding:
    """The worker process's state: decoder sets in use by utterance id, and idle ones."""

    recipe: DecoderRecipe | None = None
    active: dict[int, DecoderSet] = field(default_factory=dict)
    idle: list[DecoderSet] = field(default_factory=list)


_state = _Decoding()


def _setup(recipe: DecoderRecipe) -> None:
    _state.recipe = recipe


def _warm() -> None:
    if not _state.idle and _state.recipe is not None:
        _state.idle.append(_state.recipe.build())


def _start(utterance: int) -> None:
    if _state.recipe is None:
        raise RuntimeError("the decoding process was not set up")
    decoders = _state.idle.pop() if _state.idle else _state.recipe.build()
    _state.active[utterance] = decoders
    decoders.start()


def _process(utterance: int, pcm: bytes) -> None:
    _state.active[utterance].process(pcm)


def _partial(utterance: int) -> SphinxResult | None:
    decoders = _state.active.get(utterance)
    return decoders.partial() if decoders is not None else None


def _end(utterance: int) -> SphinxResult:
    decoders = _state.active.pop(utterance)
    try:
        return decoders.end()
    except RuntimeError:
        decoders.abort()
        raise
    finally:
        _state.idle.append(decoders)


def _abort(utterance: int) -> None:
    decoders = _state.active.pop(utterance, None)
    if decoders is not None:
        decoders.abort()
        _state.idle.append(decoders)


_CALLS: dict[str, Callable[..., object]] = {
    "setup": _setup,
    "warm": _warm,
    "start": _start,
    "process": _process,
    "partial": _partial,
    "end": _end,
    "abort": _abort,
}
_LENGTH = struct.Struct("<I")


def _serve(reader: BinaryIO, writer: BinaryIO) -> None:
    """The worker process's loop: one framed, pickled call in, its framed outcome out."""
    while header := reader.read(_LENGTH.size):
        (size,) = _LENGTH.unpack(header)
        name, args = pickle.loads(reader.read(size))
        try:
            outcome: tuple[str, object] = ("ok", _CALLS[name](*args))
        except Exception as error:  # the caller re-raises it
            outcome = ("error", error)
        data = pickle.dumps(outcome)
        writer.write(_LENGTH.pack(len(data)) + data)
        writer.flush()


class SphinxWorker:
    """The decoding process (`python -m sightline.speech.sphinx_worker`, talking over its
    stdin and stdout); every method is a coroutine. Started on first use, and again after it
    died (the call that found it dead fails with `stt_failed`).

    Args:
        recipe: How to make the decoders.
    """

    def __init__(self, recipe: DecoderRecipe) -> None:
        self._recipe = recipe
        self._process: asyncio.subprocess.Process | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = asyncio.Lock()

    async def _exchange(self, name: str, args: tuple[object, ...]) -> object:
        if self._loop is not asyncio.get_running_loop():  # pipes belong to one event loop
            self._kill()
            self._loop, self._lock = asyncio.get_running_loop(), asyncio.Lock()
        async with self._lock:
            if self._process is None or self._process.returncode is not None:
                self._process = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "sightline.speech.sphinx_worker",
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                )
                await self._send("setup", (self._recipe,))
            return await self._send(name, args)

    async def _send(self, name: str, args: tuple[object, ...]) -> object:
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        data = pickle.dumps((name, args))
        try:
            process.stdin.write(_LENGTH.pack(len(data)) + data)
            await process.stdin.drain()
            (size,) = _LENGTH.unpack(await process.stdout.readexactly(_LENGTH.size))
            status, value = pickle.loads(await process.stdout.readexactly(size))
        except (ConnectionError, asyncio.IncompleteReadError) as error:
            self._kill()
            raise SightlineError("stt_failed", "the pocketsphinx process stopped") from error
        if status == "error":
            raise value if isinstance(value, Exception) else RuntimeError(str(value))
        return value

    async def _call(self, name: str, *args: object) -> Any:
        # Shielded: a cancelled caller must not leave a reply unread in the pipe.
        return await asyncio.shield(self._exchange(name, args))

    @property
    def pid(self) -> int | None:
        """The decoding process's id while it runs."""
        process = self._process
        return process.pid if process is not None and process.returncode is None else None

    async def warm(self) -> None:
        """Start the process and load one set of decoders."""
        await self._call("warm")

    async def start(self, utterance: int) -> None:
        """Begin an utterance."""
        await self._call("start", utterance)

    async def process(self, utterance: int, pcm: bytes) -> None:
        """Decode a chunk of 16 kHz 16-bit mono PCM."""
        await self._call("process", utterance, pcm)

    async def partial(self, utterance: int) -> SphinxResult | None:
        """The first pass's hypothesis so far and each agent's reading so far."""
        result: SphinxResult | None = await self._call("partial", utterance)
        return result

    async def end(self, utterance: int) -> SphinxResult:
        """End the utterance and return its result."""
        result: SphinxResult = await self._call("end", utterance)
        return result

    async def abort(self, utterance: int) -> None:
        """Drop the utterance."""
        await self._call("abort", utterance)

    async def aclose(self) -> None:
        """Stop the process and wait for it."""
        process = self._kill()
        if process is not None and self._loop is asyncio.get_running_loop():
            await process.wait()

    def _kill(self) -> asyncio.subprocess.Process | None:
        process, self._process = self._process, None
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        return process


if __name__ == "__main__":
    # Replies go to the original stdout; anything a library prints goes to stderr instead.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _serve(sys.stdin.buffer, replies)

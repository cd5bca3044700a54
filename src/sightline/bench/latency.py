"""`sightline bench latency`: spoken commands into a running hub, timed from the end of speech.

The client behaves like glasses: one WebSocket, protocol v1, microphone audio in 20 ms chunks
sent as they would be captured (a chunk leaves when its 20 ms are over). The end of speech is
the capture time of the last voiced sample; the card and the first speech audio are timed when
they arrive at the client.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import websockets

from sightline.bench.spoken import RATE, SpokenCommand, to_pcm
from sightline.bench.stats import percentile_or_none
from sightline.protocol import BinaryFrame, FrameKind, decode_frame, encode_frame
from sightline.protocol.messages import AudioStart, Hello, encode_message, parse_downstream
from sightline.speech.wer import WerCounter

CHUNK_S = 0.02
WAIT_AFTER_S = 10.0
"""How long to wait for a turn's trace (long, so that a slow turn on a busy machine is not
counted against the next command)."""


@dataclass
class CommandResult:
    """What one spoken command got back (`stages_ms`: the hub's turn trace, from speech end)."""

    agent: str
    text: str
    voice: str
    card_ms: float | None = None
    audio_ms: float | None = None
    transcript: str | None = None
    routed_to: str | None = None
    stages_ms: dict[str, float] = field(default_factory=dict)


@dataclass
class _Inbox:
    card_at: float | None = None
    audio_at: float | None = None
    trace: dict[str, Any] | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)


async def _receive(ws: Any, box: list[_Inbox]) -> None:
    async for raw in ws:
        now = time.perf_counter()
        inbox = box[0]
        if isinstance(raw, bytes):
            if decode_frame(raw).kind == FrameKind.SPEECH_PCM16 and inbox.audio_at is None:
                inbox.audio_at = now
            continue
        message = parse_downstream(raw)
        if message.type == "card" and inbox.card_at is None:
            inbox.card_at = now
        elif message.type == "trace" and inbox.trace is None:
            inbox.trace = message.model_dump()
            inbox.done.set()


async def _speak(ws: Any, command: SpokenCommand) -> float:
    """Stream the command at real time; return the wall time its speech ended."""
    pcm = to_pcm(command.samples)
    step = int(CHUNK_S * RATE) * 2
    start = time.perf_counter()
    for seq, offset in enumerate(range(0, len(pcm), step)):
        due = start + (offset + step) / 2 / RATE
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        frame = BinaryFrame(
            FrameKind.AUDIO_PCM16, seq, int(time.time() * 1000), pcm[offset : offset + step]
        )
        await ws.send(encode_frame(frame))
    return start + command.speech_end_s


async def run_latency_benchmark(
    url: str,
    commands: list[SpokenCommand],
    device_id: str = "bench-latency",
    token: str | None = None,
    progress: bool = True,
) -> list[CommandResult]:
    """Play each command into the hub at `url` and time what comes back.

    Args:
        url: The hub's glasses WebSocket URL (`ws://host:port/v1/glasses`).
        commands: The prepared commands.
        device_id: The device the client says it is.
        token: The device token, when the hub requires pairing.
        progress: Print one line per command to stderr.
    """
    results = []
    async with websockets.connect(url, max_size=None) as ws:
        hello = Hello(device_id=device_id, protocol=1, token=token)
        await ws.send(encode_message(hello))
        welcome = parse_downstream(await ws.recv())
        if welcome.type != "welcome":
            raise RuntimeError(f"the hub refused the connection: {welcome.model_dump()}")
        await ws.send(encode_message(AudioStart(sample_rate=RATE)))
        box = [_Inbox()]
        receiver = asyncio.create_task(_receive(ws, box))
        try:
            for index, command in enumerate(commands):
                box[0] = inbox = _Inbox()
                speech_end = await _speak(ws, command)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(inbox.done.wait(), WAIT_AFTER_S)
                result = _result(command, inbox, speech_end)
                results.append(result)
                if progress:
                    print(_progress_line(index, len(commands), result), file=sys.stderr)
                await asyncio.sleep(0.3)
        finally:
            receiver.cancel()
    return results


def _result(command: SpokenCommand, inbox: _Inbox, speech_end: float) -> CommandResult:
    def since(t: float | None) -> float | None:
        return None if t is None else round((t - speech_end) * 1000, 1)

    trace = inbox.trace or {}
    return CommandResult(
        agent=command.agent,
        text=command.text,
        voice=command.voice,
        card_ms=since(inbox.card_at),
        audio_ms=since(inbox.audio_at),
        transcript=trace.get("transcript"),
        routed_to=trace.get("agent"),
        stages_ms=dict(trace.get("timings_ms") or {}),
    )


def _progress_line(index: int, total: int, r: CommandResult) -> str:
    mark = "ok " if r.routed_to == r.agent else "ERR"
    card = "—" if r.card_ms is None else f"{r.card_ms:.0f} ms"
    heard = f"{r.text!r} → {r.transcript!r} ({r.routed_to})"
    return f"[{index + 1}/{total}] {mark} card {card:>8}  {r.voice:5} {heard}"


def summarise(results: list[CommandResult]) -> dict[str, Any]:
    """The figures: p50/p95 to card and to first audio, share routed right, WER."""
    cards = [r.card_ms for r in results if r.card_ms is not None]
    audio = [r.audio_ms for r in results if r.audio_ms is not None]
    wer = WerCounter()
    for r in results:
        wer.add(r.text, r.transcript or "")

    return {
        "n": len(results),
        "p50_card_ms": percentile_or_none(cards, 50),
        "p95_card_ms": percentile_or_none(cards, 95),
        "p50_audio_ms": percentile_or_none(audio, 50),
        "p95_audio_ms": percentile_or_none(audio, 95),
        "routed_ok": round(sum(r.routed_to == r.agent for r in results) / len(results), 3)
        if results
        else 0.0,
        "wer": round(wer.wer, 3),
        "no_card": sum(r.card_ms is None for r in results),
    }


def results_json(results: list[CommandResult]) -> str:
    """Every command's result, as JSON lines (for a closer look)."""
    return "\n".join(json.dumps(r.__dict__) for r in results)

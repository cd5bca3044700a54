"""`sightline bench connect`: many paired devices connecting to one hub at once.

A hub is started in its own process with a fresh device registry; `devices` devices are paired,
then all open their WebSocket and say hello at the same moment. Measured: how many were welcomed
within the deadline and how long each waited (from opening its connection to `welcome`), the
hub's resident memory before, with every session open and idle, and after they all left and
their sessions ended; several rounds show whether memory stays bounded.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import websockets
from prometheus_client.parser import text_string_to_metric_families

from sightline.bench.hub_process import hub_server
from sightline.bench.stats import percentile_or_none
from sightline.pairing import REGISTRY_FILE, DeviceRegistry
from sightline.protocol import BinaryFrame, FrameKind, encode_frame

DEADLINE_S = 10.0
IDLE_S = 3.0
GRACE_S = 1.0
CLIENT_PROCESSES = 4


@dataclass
class RoundFigures:
    """One burst of connections.

    Attributes:
        welcomed: Devices welcomed within the deadline.
        welcome_ms: Each welcomed device's wait from opening its connection, sorted (ms).
        hello_ms: Each welcomed device's wait from sending hello, sorted (ms).
        hub_welcome_p95_ms: The hub's own hello-to-welcome time, 95th percentile, as the upper
            bound of its histogram bucket (the client's own delays left out).
        rss_connected_mb: The hub's RSS with every session open and idle.
        rss_after_mb: The hub's RSS once every session ended.
    """

    welcomed: int
    welcome_ms: list[float]
    hello_ms: list[float]
    hub_welcome_p95_ms: float
    rss_connected_mb: float
    rss_after_mb: float


@dataclass
class ConnectFigures:
    """The benchmark's result (see `run_connect_benchmark`)."""

    devices: int
    deadline_s: float
    rss_base_mb: float
    rounds: list[RoundFigures] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The figures as printed: per round and overall."""
        rounds = []
        for figures in self.rounds:
            waits = figures.welcome_ms
            rounds.append(
                {
                    "welcomed": figures.welcomed,
                    "welcomed_pct": round(100 * figures.welcomed / self.devices, 1),
                    "welcome_p50_ms": percentile_or_none(waits, 50),
                    "welcome_p95_ms": percentile_or_none(waits, 95),
                    "welcome_max_ms": round(max(waits), 1) if waits else None,
                    "hello_to_welcome_p50_ms": percentile_or_none(figures.hello_ms, 50),
                    "hello_to_welcome_p95_ms": percentile_or_none(figures.hello_ms, 95),
                    "hub_welcome_p95_ms_at_most": figures.hub_welcome_p95_ms,
                    "rss_connected_mb": round(figures.rss_connected_mb, 1),
                    "rss_per_session_mb": round(
                        (figures.rss_connected_mb - self.rss_base_mb) / self.devices, 2
                    ),
                    "rss_after_mb": round(figures.rss_after_mb, 1),
                }
            )
        return {
            "devices": self.devices,
            "deadline_s": self.deadline_s,
            "rss_base_mb": round(self.rss_base_mb, 1),
            "rounds": rounds,
        }


def rss_mb(pid: int) -> float:
    """A process's resident memory in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


async def _connect(
    url: str, device_id: str, token: str, deadline_s: float
) -> tuple[Any, float, float]:
    """Open, say hello, wait for welcome: (socket, ms from opening, ms from hello)."""
    start = time.perf_counter()
    try:
        async with asyncio.timeout(deadline_s):
            ws = await websockets.connect(url, open_timeout=None, max_size=None)
            hello = {"type": "hello", "protocol": 1, "device_id": device_id, "token": token}
            said = time.perf_counter()
            await ws.send(json.dumps(hello))
            while True:
                raw = await ws.recv()
                if isinstance(raw, str) and json.loads(raw).get("type") == "welcome":
                    now = time.perf_counter()
                    return ws, (now - start) * 1000, (now - said) * 1000
    except (TimeoutError, OSError, websockets.WebSocketException):
        return None, float("nan"), float("nan")


async def _welcome_buckets(base: str, admin_token: str) -> dict[float, float]:
    """The hub's own hello-to-welcome histogram: cumulative counts by upper bound (s)."""
    headers = {"Authorization": f"Bearer {admin_token}"}
    async with httpx.AsyncClient() as client:
        text = (await client.get(f"{base}/metrics", headers=headers)).text
    buckets: dict[float, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "sightline_welcome_seconds_bucket":
                buckets[float(sample.labels["le"])] = sample.value
    return buckets


def _bucket_percentile(before: dict[float, float], after: dict[float, float], pct: int) -> float:
    """The upper bound (ms) of the bucket holding the `pct` percentile of this round."""
    bounds = sorted(after)
    counts = [after[b] - before.get(b, 0.0) for b in bounds]
    total = counts[-1] if counts else 0.0
    for bound, count in zip(bounds, counts, strict=True):
        if total and count >= total * pct / 100:
            return bound * 1000
    return float("inf")


async def _sessions(base: str) -> int:
    async with httpx.AsyncClient() as client:
        count: int = (await client.get(f"{base}/healthz")).json()["sessions"]
        return count


async def _send_silence(ws: Any) -> None:
    """Half a second of silent microphone audio: the session's voice pipeline gets made."""
    await ws.send(json.dumps({"type": "audio_start", "sample_rate": 16_000}))
    for seq in range(25):
        await ws.send(encode_frame(BinaryFrame(FrameKind.AUDIO_PCM16, seq, 0, bytes(640))))


def _devices_process(
    url: str,
    tokens: dict[str, str],
    start_at: float,
    deadline_s: float,
    audio: bool,
    results: Any,
    leave: Any,
) -> None:
    """One client process: its share of the devices connect at `start_at` (wall clock), report
    their waits, hold their connections until `leave` is set, then close them."""

    async def run() -> None:
        await asyncio.sleep(max(0.0, start_at - time.time()))
        opened = await asyncio.gather(
            *(_connect(url, device, token, deadline_s) for device, token in tokens.items())
        )
        sockets = [ws for ws, _, _ in opened if ws is not None]
        if audio:
            await asyncio.gather(*(_send_silence(ws) for ws in sockets), return_exceptions=True)
        results.put([(ws is not None, wait, hello) for ws, wait, hello in opened])
        await asyncio.get_running_loop().run_in_executor(None, leave.wait)
        await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)

    asyncio.run(run())


async def _round(
    base: str, pid: int, tokens: dict[str, str], options: _Options, admin: str
) -> RoundFigures:
    url = base.replace("http://", "ws://") + "/v1/glasses"
    before = await _welcome_buckets(base, admin)
    context = multiprocessing.get_context("spawn")
    results, leave = context.Queue(), context.Event()
    items = list(tokens.items())
    start_at = time.time() + 4.0 + 1.0 * options.clients  # every client process is up by then
    workers = [
        context.Process(
            target=_devices_process,
            args=(url, dict(items[n :: options.clients]), start_at, options.deadline_s,
                  options.audio, results, leave),
        )
        for n in range(options.clients)
    ]  # fmt: skip
    for worker in workers:
        worker.start()
    loop = asyncio.get_running_loop()
    opened = []
    for _ in workers:
        opened += await loop.run_in_executor(None, results.get)
    waits = sorted(wait for ok, wait, _ in opened if ok)
    after_hello = sorted(hello for ok, _, hello in opened if ok)
    await asyncio.sleep(options.idle_s)
    connected = rss_mb(pid)
    after = await _welcome_buckets(base, admin)
    hub_p95 = _bucket_percentile(before, after, 95)
    leave.set()
    for worker in workers:
        await loop.run_in_executor(None, worker.join, 30)
    limit = time.monotonic() + 60
    while await _sessions(base) and time.monotonic() < limit:  # noqa: ASYNC110 (another process)
        await asyncio.sleep(0.5)
    await asyncio.sleep(1.0)
    return RoundFigures(len(waits), waits, after_hello, hub_p95, connected, rss_mb(pid))


@dataclass(frozen=True)
class _Options:
    deadline_s: float
    idle_s: float
    audio: bool
    clients: int


def run_connect_benchmark(
    devices: int = 200,
    rounds: int = 2,
    deadline_s: float = DEADLINE_S,
    idle_s: float = IDLE_S,
    audio: bool = False,
    clients: int = CLIENT_PROCESSES,
) -> ConnectFigures:
    """Start a hub, pair `devices` devices and connect them all at once, `rounds` times.

    The devices are shared among `clients` client processes that start together, so one
    client's own event loop does not queue every handshake and welcome behind the others.

    With `audio`, every device then sends half a second of silence, so each session's voice
    pipeline is made (an idle session has none).

    Returns:
        The figures; `summary()` gives them as printed.
    """
    with tempfile.TemporaryDirectory(prefix="sightline-bench-connect-") as folder:
        registry = DeviceRegistry(Path(folder) / REGISTRY_FILE)
        tokens = {
            f"bench-{n:04d}": registry.pair(registry.new_pairing_code().code, f"bench-{n:04d}")
            for n in range(devices)
        }
        # The hub's cache folder holds its device registry: a fresh one, shared with us.
        admin = secrets.token_urlsafe(16)
        env = {
            "SIGHTLINE_CACHE_DIR": folder,
            "SIGHTLINE_SESSION_GRACE_S": str(GRACE_S),
            "SIGHTLINE_ADMIN_TOKEN": admin,
        }
        options = _Options(deadline_s, idle_s, audio, max(1, clients))
        with hub_server(env) as hub:
            time.sleep(1.0)
            figures = ConnectFigures(devices, deadline_s, rss_mb(hub.pid))
            for _ in range(rounds):
                figures.rounds.append(
                    asyncio.run(_round(hub.base, hub.pid, tokens, options, admin))
                )
    return figures

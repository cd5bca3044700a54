"""A hub in its own process for benchmarks, so the client's timing never shares its cores'
event loop with the server."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

import httpx

START_TIMEOUT_S = 120.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class RunningHub:
    """A hub started by `hub_server`: its base URL and its process id (to read its memory)."""

    base: str
    pid: int


@contextmanager
def hub_process(env: dict[str, str] | None = None) -> Iterator[str]:
    """Start `sightline serve` on a free port; yield its base URL; stop it afterwards.

    Args:
        env: Extra environment for the hub (SIGHTLINE_* settings).

    Raises:
        RuntimeError: The hub exited or did not answer /healthz in time (its log is included).
    """
    with hub_server(env) as hub:
        yield hub.base


@contextmanager
def hub_server(env: dict[str, str] | None = None) -> Iterator[RunningHub]:
    """Like `hub_process`, yielding the base URL and the process id."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "sightline",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with tempfile.TemporaryFile(mode="w+") as log_file:
        yield from _run(command, env, log_file, port)


def _run(
    command: list[str], env: dict[str, str] | None, log_file: IO[str], port: int
) -> Iterator[RunningHub]:
    process = subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=log_file,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                log_file.seek(0)
                log = log_file.read()
                raise RuntimeError(f"the hub exited with {process.returncode}:\n{log[-3000:]}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the hub did not answer /healthz within two minutes")
            time.sleep(0.2)
        yield RunningHub(base, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()

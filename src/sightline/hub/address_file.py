"""Where the running hub listens, noted in its cache folder, so `sightline pair` prints a URL
that reaches it even when it was started with another `--host` or `--port`."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

ADDRESS_FILE = "hub-address.json"


def address_path(cache_dir: Path) -> Path:
    """The file in `cache_dir` (the device registry's folder) holding the hub's address."""
    return Path(cache_dir) / ADDRESS_FILE


@contextlib.contextmanager
def noted_address(cache_dir: Path, host: str, port: int) -> Iterator[None]:
    """Note `host:port` for this process while the block runs; remove the note afterwards."""
    path = address_path(cache_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"host": host, "port": port, "pid": os.getpid()}))
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            if json.loads(path.read_text()).get("pid") == os.getpid():
                path.unlink()


def running_address(cache_dir: Path) -> tuple[str, int] | None:
    """The noted (host, port) of a hub still running; None without one."""
    try:
        noted = json.loads(address_path(cache_dir).read_text())
        host, port, pid = str(noted["host"]), int(noted["port"]), int(noted["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, another user's
    return host, port

"""Resident memory of this process and its children (Linux `/proc`; None elsewhere)."""

from __future__ import annotations

import os
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def tree_rss_mb(pid: int | None = None) -> float | None:
    """Resident megabytes of process `pid` (default: this one) and all its descendants."""
    root = os.getpid() if pid is None else pid
    total, todo, seen = 0, [root], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            if current == root:
                return None
            continue
        todo += _children(current)
    return round(total / 2**20, 1)

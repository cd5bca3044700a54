"""The general-request corpus: everyday requests that belong to the assistant, kept as data.

Each `corpus/*.txt` file holds one request a line, grouped by topic (banking questions, time and
planning, weather, small talk, cooking, work, driving, health, knowledge, language, devices...).
They teach the edge router what "a general request" looks like, so that a specialised agent wins
only when its evidence beats that. Add lines to grow it, then run `sightline router fit`.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def general_requests() -> tuple[str, ...]:
    """Every request of the shipped corpus, files in name order, blank lines skipped."""
    folder = files("sightline.router") / "corpus"
    lines: list[str] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            lines.extend(line.strip() for line in entry.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line)

"""Sightline's built-in agents, registered through the `sightline.agents` entry points."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def builtin_examples(agent: str) -> tuple[str, ...]:
    """The example utterances shipped for a built-in agent (one per line in `examples/`)."""
    text = (files("sightline.agents") / "examples" / f"{agent}.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())

"""Sightline's built-in agents, registered through the `sightline.agents` entry points."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def builtin_examples(agent: str) -> tuple[str, ...]:
    """The example utterances shipped for a built-in agent (one per line in `examples/`)."""
    text = (files("sightline.agents") / "examples" / f"{agent}.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@cache
def builtin_counter_examples(agent: str) -> tuple[str, ...]:
    """Requests near a built-in agent's scope that are not its own (`examples/counter/`)."""
    path = files("sightline.agents") / "examples" / "counter" / f"{agent}.txt"
    if not path.is_file():
        return ()
    return tuple(
        line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    )

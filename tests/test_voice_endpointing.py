"""The semantic end of turn: are the words heard so far a whole command?"""

from __future__ import annotations

import pytest

from sightline.runtime import Runtime
from sightline.sdk import SpokenAlternative
from sightline.speech.stt import Transcript
from sightline.voice.endpointing import CommandCompleteness

pytestmark = pytest.mark.slow

AGENTS = ["assistant", "music", "navigation", "payment", "shopping", "travel"]


def _heard(text: str, best: str | None = None, reading: str = "") -> Transcript:
    alternatives = tuple(
        SpokenAlternative(a, reading if a == best else "", 0.0 if a == best else -25.0)
        for a in AGENTS
        if best is not None
    )
    return Transcript(text, None, "en", is_final=False, alternatives=alternatives)


async def _whole(runtime: Runtime, heard: Transcript) -> bool:
    async def partial() -> Transcript:
        return heard

    return await CommandCompleteness(partial, runtime.router.edge)()


async def test_a_clear_command_is_whole_and_a_dangling_one_is_not(runtime: Runtime) -> None:
    assert await _whole(runtime, _heard("play some jazz"))
    assert not await _whole(runtime, _heard("take me to"))
    assert not await _whole(runtime, _heard("jazz"))  # too short to judge


async def test_an_agent_that_clearly_heard_a_command_makes_garbled_words_whole(
    runtime: Runtime,
) -> None:
    garbled = "which of chess town"
    assert not await _whole(runtime, _heard(garbled))
    assert await _whole(runtime, _heard(garbled, "music", "play some jazz"))
    # Evidence never overrides a dangling last word: the wearer may still be talking.
    assert not await _whole(runtime, _heard("take me to", "navigation", "take me to work"))

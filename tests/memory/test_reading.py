"""Reading what is in view: reading order, the block under the gaze first, offline, paged."""

from __future__ import annotations

import pytest
from images import sign

from sightline.agents.assistant.reader import is_read_request
from sightline.perception import Perception
from sightline.perception.reading import reading_order
from sightline.runtime import Runtime
from sightline.scene import Scene, SceneItem
from sightline.sdk.context import TurnInput
from sightline.session import Session


def _text(text: str, box: tuple[float, float, float, float]) -> SceneItem:
    return SceneItem(kind="text", text=text, box=box)


def test_blocks_read_top_to_bottom_left_to_right_and_the_gazed_block_first() -> None:
    items = (
        _text("world", (160, 10, 260, 40)),  # same line as "hello", to its right
        _text("hello", (10, 10, 150, 40)),
        _text("second line", (10, 50, 200, 80)),
        _text("EXIT", (500, 400, 600, 440)),  # a block of its own, far below right
    )
    blocks = reading_order(Scene(items=items))
    assert [b.lines for b in blocks] == [("hello world", "second line"), ("EXIT",)]
    gazed = reading_order(Scene(items=items, focus=3))
    assert gazed[0].lines == ("EXIT",) and gazed[0].focused
    assert reading_order(Scene(items=(SceneItem(kind="code", text="123"),))) == []


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("read this", True),
        ("what does this sign say", True),
        ("read the menu", True),
        ("what's written here", True),
        ("read my latest email", False),
        ("translate this sign", False),
        ("what is the capital of france", False),
    ],
)
def test_read_requests(text: str, reads: bool) -> None:
    assert is_read_request(text) is reads


async def test_read_this_reads_the_sign_offline_on_the_card_and_aloud(runtime: Runtime) -> None:
    async with Perception() as perception:
        scene = await perception.perceive(sign("PHARMACY", "OPEN TODAY"), None, want_text=True)
    session = Session()
    for request in ("read this", "what does this sign say"):
        result = await runtime.runner.run(session, TurnInput(request, scene=scene), "edge")
        assert (result.route.agent, result.route.tool) == ("assistant", "read"), request
        assert result.reply.card.lines[0] == "PHARMACY"
        assert "PHARMACY" in result.reply.speech and "OPEN" in result.reply.speech
    empty = await runtime.runner.run(session, TurnInput("read this"), "edge")
    assert empty.reply.card.title == "Nothing in view"


async def test_a_long_text_is_read_a_page_at_a_time(runtime: Runtime) -> None:
    lines = tuple(f"Line {n} of the menu" for n in range(1, 10))
    items = tuple(_text(line, (10, 10 + 30 * i, 300, 35 + 30 * i)) for i, line in enumerate(lines))
    session = Session()
    first = await runtime.runner.run(
        session, TurnInput("read this", scene=Scene(items=items)), "edge"
    )
    assert first.reply.card.lines[:6] == lines[:6] and "next page" in first.reply.card.lines[-1]
    second = await runtime.runner.run(session, TurnInput("next page"), "edge")
    assert second.route.tool == "read" and second.reply.card.lines == lines[6:]

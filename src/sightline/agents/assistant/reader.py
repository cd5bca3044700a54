"""Reading the text in view aloud and on the card, offline, a page at a time."""

from __future__ import annotations

import re
from typing import Any

from sightline.cards.model import Card, Glyph
from sightline.perception.reading import reading_order
from sightline.scene import Scene
from sightline.sdk import Reply

PAGE_LINES = 6
"""Lines read per page (the display pages a long card further)."""

READ_REQUEST = re.compile(
    r"^(?:please |can you |could you )?read\b(?! (?:my|me my|the news|the email|a book|me a))"
    r"|\bwhat(?:'s| does| is) (?:this|that|it|the \w+)(?: \w+)? (?:say|says)\b"
    r"|\bwhat(?:'s| is) written\b"
)
NEXT_PAGE = re.compile(r"\b(?:next page|read on|keep reading|continue|more)\b")
TRANSFORM = re.compile(r"\b(?:translate|translation|summar(?:y|ise|ize)|in english)\b")


def is_read_request(text: str) -> bool:
    """True for "read this", "what does this sign say", "read the menu", "read on"."""
    lowered = " ".join(text.lower().split())
    return bool(READ_REQUEST.search(lowered)) and not TRANSFORM.search(lowered)


def read_in_view(scene: Scene | None, state: dict[str, Any], next_page: bool) -> Reply:
    """The text in view, the block under the gaze first, in reading order, one page.

    Args:
        scene: The scene with its text (None without a fresh frame).
        state: The agent's session state (keeps the rest of a long text for "next page").
        next_page: Continue the text read before instead of reading the view again.
    """
    if next_page and state.get("reading"):
        lines, start = state["reading"]["lines"], state["reading"]["next"]
    else:
        if scene is None:
            return _nothing("Nothing in view", "No camera frame to read.")
        blocks = reading_order(scene)
        if not blocks:
            return _nothing("No text in view", "I see no text to read.")
        lines = [line for block in blocks for line in block.lines]
        start = 0
    page = lines[start : start + PAGE_LINES]
    rest = len(lines) - start - len(page)
    state["reading"] = {"lines": lines, "next": start + len(page)} if rest > 0 else None
    if not page:
        return _nothing("End of the text", "There is nothing more to read.")
    card_lines = [*page, f"… {rest} more lines: say 'next page'"] if rest > 0 else page
    number = start // PAGE_LINES + 1
    title = "Reading" if number == 1 else f"Reading, page {number}"
    speech = ". ".join(line.rstrip(".") for line in page) + "."
    return Reply(
        card=Card(title=title, lines=tuple(card_lines), glyph=Glyph.INFO),
        speech=speech,
        data={"text": "\n".join(page), "more_lines": rest},
    )


def text_in_view(scene: Scene | None) -> str:
    """All text in view in reading order (for a cloud translation or summary)."""
    if scene is None:
        return ""
    return "\n".join(block.text for block in reading_order(scene))


def _nothing(title: str, line: str) -> Reply:
    return Reply.simple(title, line, speech=line, glyph=Glyph.INFO)

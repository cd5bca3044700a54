"""The boarding pass in view: dev vectors as cards, invalid codes, no code, dates, legs."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.agents.travel import TravelAgent
from sightline.cards import get_profile
from sightline.cards.fitting import fit_card
from sightline.codes import julian_to_date
from sightline.scene import Scene, SceneItem
from sightline.sdk import Reply, ToolContext, TurnInput
from sightline.travel import find_boarding_pass
from sightline.travel.boarding import day_label

VECTORS = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "travel" / "bcbp_dev.jsonl"
)
NOW = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)
BOX = (10.0, 10.0, 300.0, 120.0)


def _vectors(valid: bool) -> list[Any]:
    if not VECTORS.exists():
        if os.environ.get("SIGHTLINE_REQUIRE_SHARED_DATA"):
            return [pytest.param(None, id="missing")]
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{VECTORS} is absent"))]
    rows = [json.loads(line) for line in VECTORS.read_text(encoding="utf-8").splitlines()]
    return [pytest.param(r, id=r["test"][:60]) for r in rows if r["valid"] is valid]


def bcbp(julian: int = 326, seat: str = "001A", flight: str = "0834 ", carrier: str = "AC ") -> str:
    """A one-leg format M pass (mandatory items only), YUL → FRA."""
    return f"M1DESMARAIS/LUC       EABC123 YULFRA{carrier}{flight}{julian:03d}J{seat}0025 100"


def scene_with(*texts: str, fmt: str = "PDF417", focus: int | None = 0) -> Scene:
    items = tuple(SceneItem("code", text, fmt, BOX) for text in texts)
    return Scene(items=items, focus=focus)


def context(utterance: str = "show my boarding pass", scene: Scene | None = None) -> ToolContext:
    return ToolContext("travel", TravelAgent.permissions, TurnInput(utterance, scene=scene))


async def show(scene: Scene | None, now: datetime = NOW, utterance: str = "") -> Reply:
    agent = TravelAgent(clock=lambda: now)
    return await agent.invoke("boarding_pass", {}, context(utterance or "show my pass", scene))


def _strip(value: str) -> str:
    digits = value.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return str(int(digits)) + value[len(digits) :] if digits else value


@pytest.mark.parametrize("vector", _vectors(valid=True))
async def test_valid_vector_shows_a_card(vector: dict[str, Any] | None) -> None:
    if vector is None:
        pytest.fail(f"{VECTORS} is missing")
    reply = await show(scene_with(vector["data"]))
    text = reply.card.plain_text()
    assert "error" not in reply.data
    legs = reply.data["boarding_pass"]["legs"]
    assert len(legs) == len(vector["legs"])
    for leg, expected in zip(legs, vector["legs"], strict=True):
        flight = f"{expected['carrier']} {_strip(expected['flight'])}"
        assert flight in text and leg["flight"] == flight
        assert expected["from"] in text and expected["to"] in text
        day = julian_to_date(expected["julian_date"], NOW.date())
        assert day_label(day, NOW.date()) in text and leg["date"] == day.isoformat()
        if expected["seat"]:
            assert f"Seat {_strip(expected['seat'])}" in text
        else:
            assert "No seat yet" in text
        if expected["sequence"]:
            assert f"Seq {_strip(expected['sequence'])}" in text
        if expected["compartment"]:
            assert f"({expected['compartment']})" in text
    assert reply.speech
    assert 1 <= len(fit_card(reply.card, get_profile())) <= 3


@pytest.mark.parametrize("vector", _vectors(valid=False))
async def test_invalid_vector_is_an_error_card(vector: dict[str, Any] | None) -> None:
    if vector is None:
        pytest.fail(f"{VECTORS} is missing")
    reply = await show(scene_with(vector["data"]))
    assert reply.data["error"]["code"] == "bcbp_invalid"
    assert reply.data["error"]["message"]
    assert reply.card.title == "Not a boarding pass"


async def test_airport_names_and_fields_on_a_one_leg_card() -> None:
    reply = await show(scene_with(bcbp()))
    assert reply.card.title == "AC 834 · YUL → FRA"
    assert reply.card.lines[:3] == (
        "Montréal Trudeau → Frankfurt",
        "Sat 22 Nov · Seat 1A",
        "Business (J) · Seq 25",
    )
    assert reply.card.lines[-1] == "Luc Desmarais"
    assert "Air Canada 834 from Montréal to Frankfurt" in reply.speech


async def test_seat_question_leads_with_the_seat() -> None:
    reply = await show(scene_with(bcbp(seat="023C")), utterance="what seat am i in")
    assert reply.speech == "You're in seat 23C."


async def test_no_code_in_view() -> None:
    for scene in (None, Scene(), Scene(items=(SceneItem("text", "GATE 12"),), focus=0)):
        reply = await show(scene)
        assert reply.card.title == "No boarding pass in view"
        assert "look at" in reply.card.plain_text().lower()
        assert reply.data["error"]["code"] == "no_boarding_pass"


async def test_a_barcode_out_of_focus_in_another_format_is_not_read() -> None:
    reply = await show(scene_with("4006381333931", fmt="EAN13", focus=None))
    assert reply.data["error"]["code"] == "no_boarding_pass"


async def test_focused_code_first_else_any_pass_format() -> None:
    menu = SceneItem("code", "https://example.com/menu", "QRCode", BOX)
    boarding = SceneItem("code", bcbp(flight="0100 "), "Aztec", BOX)
    other = SceneItem("code", bcbp(flight="0200 "), "QR_CODE", BOX)
    unfocused = await show(Scene(items=(menu, boarding, other)))
    assert unfocused.card.title.startswith("AC 100")
    focused = await show(Scene(items=(menu, boarding, other), focus=2))
    assert focused.card.title.startswith("AC 200")
    only_menu = await show(Scene(items=(menu,), focus=0))
    assert only_menu.data["error"]["code"] == "bcbp_invalid"


@pytest.mark.parametrize(
    ("today", "julian", "expected", "label"),
    [
        (date(2025, 12, 30), 3, date(2026, 1, 3), "Sat 3 Jan 2026"),
        (date(2026, 1, 2), 364, date(2025, 12, 30), "Tue 30 Dec 2025"),
        (date(2025, 12, 31), 365, date(2025, 12, 31), "Wed 31 Dec"),
        (date(2027, 12, 31), 366, date(2028, 12, 31), "Sun 31 Dec 2028"),
        (date(2024, 1, 1), 366, date(2024, 12, 31), "Tue 31 Dec"),
    ],
)
async def test_julian_date_around_new_year(
    today: date, julian: int, expected: date, label: str
) -> None:
    now = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
    reply = await show(scene_with(bcbp(julian=julian)), now=now)
    assert reply.data["boarding_pass"]["legs"][0]["date"] == expected.isoformat()
    assert reply.card.lines[1].startswith(label)


async def test_tomorrow_is_said_as_tomorrow() -> None:
    reply = await show(scene_with(bcbp(julian=325)))  # 21 Nov 2025, the day after NOW
    assert "tomorrow" in reply.speech


async def test_multi_leg_pass_one_line_per_leg() -> None:
    two = (
        "M2DESMARAIS/LUC       EABC123 YULFRAAC 0834 326F001A0025 100"
        "DEF456 FRAGVALH 3664 327C012C0002 100"
    )
    reply = await show(scene_with(two))
    assert reply.card.title == "Boarding pass · 2 flights"
    assert reply.card.lines[0].startswith("AC 834: Montréal Trudeau (YUL) → Frankfurt (FRA)")
    assert reply.card.lines[1].startswith("LH 3664: Frankfurt (FRA) → Geneva (GVA)")
    assert "Seat 12C" in reply.card.lines[1] and "Seq 2" in reply.card.lines[1]
    assert reply.data["boarding_pass"]["current_leg"] == 0
    assert reply.speech.startswith("2 flights. Next: Air Canada 834")
    seats = await show(scene_with(two), utterance="which seat am i in")
    assert seats.speech == "You have seat 1A on AC 834, seat 12C on LH 3664."


async def test_trailing_newline_from_the_decoder_is_tolerated() -> None:
    reply = await show(scene_with(bcbp() + "\n"))
    assert reply.card.title == "AC 834 · YUL → FRA"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=80), st.sampled_from(["PDF417", "QRCode", "X"]))))
def test_finding_a_pass_never_crashes(items: list[tuple[str, str]]) -> None:
    scene = Scene(
        items=tuple(SceneItem("code", t, f) for t, f in items), focus=0 if items else None
    )
    found = find_boarding_pass(scene)
    assert found.boarding_pass is None or found.error is None

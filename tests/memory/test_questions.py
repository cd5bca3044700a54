"""Questions about the past and spoken spans of time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sightline.memory.questions import read_question
from sightline.memory.spoken_time import spoken_duration, spoken_span

NOW = datetime(2026, 3, 1, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("forget the last ten minutes", 10),
        ("forget the last twenty five minutes", 25),
        ("forget the last 15 min", 15),
        ("forget the last half an hour", 30),
        ("forget the last hour", 60),
        ("forget the last two hours", 120),
        ("forget everything", None),
    ],
)
def test_spoken_durations(text: str, minutes: int | None) -> None:
    duration = spoken_duration(text)
    assert (duration.total_seconds() / 60 if duration else None) == minutes


def test_spoken_spans() -> None:
    midnight = NOW.replace(hour=0, minute=30 - 30)
    assert spoken_span("what did i see this morning", NOW) == (
        midnight + timedelta(hours=5),
        midnight + timedelta(hours=12),
    )
    assert spoken_span("what did i see yesterday", NOW) == (midnight - timedelta(days=1), midnight)
    assert spoken_span("in the last ten minutes", NOW) == (NOW - timedelta(minutes=10), None)
    assert spoken_span("what did that sign say", NOW) == (None, None)


def test_questions_pick_kinds_and_ranking() -> None:
    sign = read_question("What did that sign say?", NOW)
    assert sign.kinds == ("text",) and sign.latest
    gate = read_question("what was my gate again", NOW)
    assert gate.kinds == ("boarding_pass",) and gate.latest
    product = read_question("what was the last product I looked at", NOW)
    assert product.kinds[0] == "product" and product.latest
    pharmacy = read_question("where did I see a pharmacy", NOW)
    assert pharmacy.where and pharmacy.topic == "pharmacy" and not pharmacy.latest
    morning = read_question("what did I see this morning", NOW)
    assert morning.topic is None and morning.since is not None and morning.kinds == ()

"""Live guidance on a synthetic route: cards, prompts, noise, off-route reroute, arrival."""

from __future__ import annotations

import math
import random
from itertools import pairwise

from sightline.cards.model import Glyph
from sightline.navigation.guidance import (
    GuidanceEvent,
    GuidancePlan,
    GuidanceSession,
    PlannedManeuver,
    spoken_distance,
)
from sightline.navigation.maneuvers import Turn

START = (43.7300, 7.4200)
M_PER_DEG_LAT = 111_195.0


def offset(point: tuple[float, float], north_m: float, east_m: float) -> tuple[float, float]:
    lat = point[0] + north_m / M_PER_DEG_LAT
    lon = point[1] + east_m / (M_PER_DEG_LAT * math.cos(math.radians(point[0])))
    return lat, lon


CORNER = offset(START, 300, 0)
END = offset(CORNER, 0, -200)
PLAN = GuidancePlan(
    destination="Pharmacie du Port",
    points=(START, CORNER, END),
    maneuvers=(
        PlannedManeuver(0, Turn.DEPART, "Head north on Rue A", "Rue A"),
        PlannedManeuver(1, Turn.LEFT, "Turn left onto Rue B", "Rue B"),
        PlannedManeuver(2, Turn.ARRIVE, "Arrive at Pharmacie du Port"),
    ),
)


def walk(path: list[tuple[float, float]], step_m: float = 1.4) -> list[tuple[float, float]]:
    fixes = []
    for a, b in pairwise(path):
        north = (b[0] - a[0]) * M_PER_DEG_LAT
        east = (b[1] - a[1]) * M_PER_DEG_LAT * math.cos(math.radians(a[0]))
        n = max(1, int(math.hypot(north, east) / step_m))
        fixes += [offset(a, north * i / n, east * i / n) for i in range(n)]
    return [*fixes, path[-1]]


def run(
    session: GuidanceSession, fixes: list[tuple[float, float]], noise_m: float = 0.0, seed: int = 1
) -> list[GuidanceEvent]:
    rng = random.Random(seed)
    events: list[GuidanceEvent] = []
    for t, fix in enumerate(fixes):
        noisy = offset(fix, rng.gauss(0, noise_m), rng.gauss(0, noise_m)) if noise_m else fix
        events += session.update(noisy, float(t))
    return events


def test_walk_along_route_gives_cards_prompts_and_arrival() -> None:
    session = GuidanceSession(PLAN)
    events = run(session, walk([START, CORNER, END]))
    cards = [e.card for e in events if e.kind == "card" and e.card]
    assert cards[0].glyph is Glyph.ARROW_LEFT and cards[0].title == "300 m"
    assert "Turn left onto Rue B" in cards[0].lines
    assert any(c.glyph is Glyph.PIN for c in cards), "after the corner the next step is arrival"
    spoken = [e.text for e in events if e.kind == "speak"]
    assert spoken[:3] == [
        "In 150 metres, turn left onto Rue B",
        "In 40 metres, turn left onto Rue B",
        "Now, turn left onto Rue B",
    ]
    assert spoken[-1] == "You have arrived at Pharmacie du Port."
    assert events[-2].kind == "arrived" and session.arrived
    assert session.reroutes == 0
    assert session.update(END, 9999.0) == []


def test_gps_noise_does_not_flap() -> None:
    session = GuidanceSession(PLAN)
    events = run(session, walk([START, CORNER, END]), noise_m=6.0)
    assert session.reroutes == 0 and session.arrived
    spoken = [e.text for e in events if e.kind == "speak"]
    assert len(spoken) == len(set(spoken)), "every prompt is spoken once"
    titles = [
        int(e.card.title.split()[0])
        for e in events
        if e.kind == "card" and e.card and e.card.glyph is Glyph.ARROW_LEFT
    ]
    assert all(b <= a + 10 for a, b in pairwise(titles)), titles


def test_leaving_the_route_reroutes_once_after_five_seconds() -> None:
    session = GuidanceSession(PLAN)
    detour_start = offset(START, 100, 0)
    away = offset(detour_start, 0, 60)
    events = run(session, walk([START, detour_start, away]) + [away] * 3)
    reroutes = [e for e in events if e.kind == "reroute"]
    assert len(reroutes) == 1 and session.reroutes == 1
    assert reroutes[0].origin is not None
    new_plan = GuidancePlan(
        "Pharmacie du Port",
        (reroutes[0].origin, END),
        (PlannedManeuver(0, Turn.DEPART, "Head west"), PlannedManeuver(1, Turn.ARRIVE, "Arrive")),
    )
    session.replace_plan(new_plan)
    run(session, walk([reroutes[0].origin, END]))
    assert session.arrived and session.reroutes == 1


def test_a_short_excursion_does_not_reroute() -> None:
    session = GuidanceSession(PLAN)
    side = offset(START, 100, 35)
    fixes = (
        walk([START, offset(START, 100, 0)]) + [side] * 3 + walk([offset(START, 100, 0), CORNER])
    )
    run(session, fixes)
    assert session.reroutes == 0


def test_spoken_distance() -> None:
    assert spoken_distance(3) == "now"
    assert spoken_distance(44) == "in 40 metres"
    assert spoken_distance(420) == "in 400 metres"
    assert spoken_distance(1234) == "in 1.2 kilometres"

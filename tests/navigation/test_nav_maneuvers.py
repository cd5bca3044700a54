"""Maneuvers from geometry: turn classes, street merging, and properties on random paths."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.navigation import LatLon, Turn, build_maneuvers, classify_turn
from sightline.navigation.geo import bearing_deg, compass, haversine_m, turn_angle
from sightline.navigation.maneuvers import describe_distance

M_PER_DEG = 111_195.0
START = LatLon(43.73, 7.42)


def walk(start: LatLon, *legs: tuple[float, float]) -> list[LatLon]:
    """Points from `start` along legs of (bearing degrees, metres)."""
    points = [start]
    for bearing, metres in legs:
        last = points[-1]
        north = metres * math.cos(math.radians(bearing)) / M_PER_DEG
        east = (
            metres
            * math.sin(math.radians(bearing))
            / (M_PER_DEG * math.cos(math.radians(last.lat)))
        )
        points.append(LatLon(last.lat + north, last.lon + east))
    return points


@pytest.mark.parametrize(
    ("angle", "turn"),
    [
        (0, Turn.STRAIGHT),
        (19, Turn.STRAIGHT),
        (-19, Turn.STRAIGHT),
        (30, Turn.SLIGHT_RIGHT),
        (-30, Turn.SLIGHT_LEFT),
        (90, Turn.RIGHT),
        (-90, Turn.LEFT),
        (140, Turn.SHARP_RIGHT),
        (-140, Turn.SHARP_LEFT),
        (175, Turn.U_TURN),
        (-178, Turn.U_TURN),
        (180, Turn.U_TURN),
    ],
)
def test_classify_turn(angle: float, turn: Turn) -> None:
    assert classify_turn(angle) is turn


@pytest.mark.parametrize(
    ("heading", "turn", "word"),
    [
        (90, Turn.RIGHT, "right"),
        (-90, Turn.LEFT, "left"),
        (30, Turn.SLIGHT_RIGHT, "slightly right"),
        (-30, Turn.SLIGHT_LEFT, "slightly left"),
        (150, Turn.SHARP_RIGHT, "sharp right"),
        (-150, Turn.SHARP_LEFT, "sharp left"),
        (179, Turn.U_TURN, "U-turn"),
    ],
)
def test_turns_on_synthetic_corners(heading: float, turn: Turn, word: str) -> None:
    points = walk(START, (0, 60), (heading % 360, 60))
    steps = build_maneuvers(points, ["Rue A", "Rue B"], destination="Pharmacie")
    assert [s.turn for s in steps] == [Turn.DEPART, turn, Turn.ARRIVE]
    assert steps[0].instruction == "Head north on Rue A"
    assert word in steps[1].instruction and steps[1].instruction.endswith("onto Rue B")
    assert steps[1].street == "Rue B"
    assert steps[0].distance_m == pytest.approx(60, abs=0.5)
    assert steps[1].distance_m == pytest.approx(60, abs=0.5)
    assert steps[-1].instruction == "Arrive at Pharmacie"


def test_segments_of_one_street_merge() -> None:
    points = walk(START, (90, 30), (95, 30), (88, 30), (92, 30))
    steps = build_maneuvers(points, ["Rue A"] * 4)
    assert [s.turn for s in steps] == [Turn.DEPART, Turn.ARRIVE]
    assert steps[0].distance_m == pytest.approx(120, abs=1)


def test_a_new_street_straight_ahead_is_announced() -> None:
    points = walk(START, (90, 50), (90, 50))
    steps = build_maneuvers(points, ["Rue A", "Rue B"])
    assert steps[1].turn is Turn.STRAIGHT
    assert steps[1].instruction == "Continue straight onto Rue B"


def test_bends_without_a_junction_are_followed_silently() -> None:
    points = walk(START, (0, 40), (90, 40), (0, 40))
    steps = build_maneuvers(points, ["", "", ""], junctions=[False] * 4)
    assert [s.turn for s in steps] == [Turn.DEPART, Turn.ARRIVE]
    steps = build_maneuvers(points, ["", "", ""], junctions=[False, True, True, False])
    assert [s.turn for s in steps] == [Turn.DEPART, Turn.RIGHT, Turn.LEFT, Turn.ARRIVE]


def test_a_short_jog_is_one_decision() -> None:
    points = walk(START, (0, 50), (90, 6), (0, 50))
    steps = build_maneuvers(points, ["Rue A", "Rue A", "Rue A"])
    assert [s.turn for s in steps] == [Turn.DEPART, Turn.ARRIVE]


def test_steps_and_crossings_are_named() -> None:
    points = walk(START, (0, 40), (90, 20), (90, 40), (0, 40))
    steps = build_maneuvers(points, ["Rue A", "", "", "Rue B"], ["", "crossing", "steps", ""])
    instructions = [s.instruction for s in steps]
    assert "Turn right and cross" in instructions
    assert "Continue straight onto the steps" in instructions


def test_degenerate_paths() -> None:
    assert build_maneuvers([], []) == []
    only = build_maneuvers([START], [])
    assert [s.turn for s in only] == [Turn.ARRIVE]
    same = build_maneuvers([START, START, START], ["", ""])
    assert [s.turn for s in same] == [Turn.DEPART, Turn.ARRIVE]
    with pytest.raises(ValueError):
        build_maneuvers([START, START], [])


def test_geometry_helpers() -> None:
    north = walk(START, (0, 100))[1]
    east = walk(START, (90, 100))[1]
    assert bearing_deg(*START, *north) == pytest.approx(0, abs=0.01)
    assert bearing_deg(*START, *east) == pytest.approx(90, abs=0.1)
    assert haversine_m(*START, *north) == pytest.approx(100, rel=0.001)
    assert turn_angle(350, 10) == pytest.approx(20)
    assert turn_angle(10, 350) == pytest.approx(-20)
    assert turn_angle(0, 180) == 180
    assert compass(44) == "northeast" and compass(359) == "north"
    assert describe_distance(42) == "40 m" and describe_distance(1234) == "1.2 km"


@given(st.floats(0, 360, allow_nan=False), st.floats(-179.9, 179.9, allow_nan=False))
def test_turn_angle_recovers_the_change(bearing: float, delta: float) -> None:
    assert turn_angle(bearing, (bearing + delta) % 360) == pytest.approx(delta, abs=1e-6)
    mirrored = classify_turn(-delta).value.replace("left", "L").replace("right", "left")
    assert mirrored.replace("L", "right") == classify_turn(delta).value


legs = st.lists(
    st.tuples(st.floats(0, 360, allow_nan=False), st.floats(0, 80, allow_nan=False)),
    min_size=0,
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(legs, st.data())
def test_any_path_gives_well_formed_steps(
    path: list[tuple[float, float]], data: st.DataObject
) -> None:
    points = walk(START, *path)
    n = len(points)
    streets = data.draw(
        st.lists(st.sampled_from(["", "Rue A", "Rue B"]), min_size=n - 1, max_size=n - 1)
    )
    kinds = data.draw(
        st.lists(st.sampled_from(["", "steps", "crossing"]), min_size=n - 1, max_size=n - 1)
    )
    junctions = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    steps = build_maneuvers(points, streets, kinds, junctions, "Home")
    assert steps[-1].turn is Turn.ARRIVE and steps[-1].distance_m == 0
    if n > 1:
        assert steps[0].turn is Turn.DEPART
    length = sum(haversine_m(*a, *b) for a, b in pairwise(points))
    assert sum(s.distance_m for s in steps) == pytest.approx(length, abs=1e-6)
    for step in steps:
        assert 0 <= step.bearing < 360
        assert -180 <= step.angle <= 180
        assert step.distance_m >= 0
        if step.turn not in (Turn.DEPART, Turn.ARRIVE):
            assert classify_turn(step.angle) is step.turn
            assert step.instruction

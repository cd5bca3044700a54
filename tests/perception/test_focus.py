"""Picking the item in focus: under the gaze, near it, else the most prominent."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from sightline.perception import pick_focus
from sightline.scene import SceneItem

SIZE = (640, 480)


def _item(left: float, top: float, right: float, bottom: float, kind: str = "code") -> SceneItem:
    return SceneItem(kind=kind, text=f"{left},{top}", box=(left, top, right, bottom))


def test_no_items_no_focus() -> None:
    assert pick_focus([], (10, 10), SIZE) is None
    assert pick_focus([], None, SIZE) is None


def test_box_under_the_gaze_wins() -> None:
    items = [_item(300, 200, 400, 300), _item(10, 10, 60, 60)]
    assert pick_focus(items, (30, 30), SIZE) == 1
    assert pick_focus(items, (350, 250), SIZE) == 0


def test_smallest_containing_box_wins() -> None:
    label = _item(100, 100, 500, 400, kind="text")
    code = _item(200, 200, 260, 260)
    assert pick_focus([label, code], (230, 230), SIZE) == 1
    assert pick_focus([label, code], (120, 120), SIZE) == 0


def test_nearest_box_within_tolerance() -> None:
    items = [_item(10, 10, 60, 60), _item(500, 300, 600, 400)]
    assert pick_focus(items, (75, 40), SIZE) == 0  # 15 px right of the first box
    assert pick_focus(items, (480, 290), SIZE) == 1


def test_far_gaze_falls_back_to_prominence() -> None:
    central = _item(280, 200, 360, 280)
    corner = _item(0, 0, 40, 40)
    # 8 % of the 800 px diagonal is 64 px; (200, 120) is 113 px and more from both boxes.
    assert pick_focus([corner, central], (200, 120), SIZE) == 1


def test_without_gaze_central_and_large_wins() -> None:
    small_centre = _item(310, 230, 330, 250)
    large_centre = _item(220, 140, 420, 340)
    large_corner = _item(0, 0, 200, 200)
    assert pick_focus([small_centre, large_centre, large_corner], None, SIZE) == 1
    assert pick_focus([large_corner, small_centre], None, SIZE) == 1


def test_ties_go_to_the_first_item() -> None:
    same = [_item(100, 100, 200, 200), _item(100, 100, 200, 200)]
    assert pick_focus(same, None, SIZE) == 0
    assert pick_focus(same, (150, 150), SIZE) == 0


def test_odd_boxes_and_sizes_still_give_an_index() -> None:
    items = [_item(math.nan, 0, 10, 10), _item(50, 50, 10, 10), _item(0, 0, 0, 0)]
    assert pick_focus(items, (30, 30), (0, 0)) == 1  # inverted box normalised, contains gaze
    assert pick_focus(items, (math.inf, 1), SIZE) in {0, 1, 2}
    assert pick_focus(items[:1], None, SIZE) == 0


coordinates = st.floats(allow_nan=True, allow_infinity=True, width=32)
boxes = st.tuples(coordinates, coordinates, coordinates, coordinates)
finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)


@given(
    boxes=st.lists(boxes, max_size=8),
    gaze=st.none() | st.tuples(coordinates, coordinates),
    size=st.tuples(st.integers(-10, 5000), st.integers(-10, 5000)),
)
def test_property_always_a_valid_index_or_none(
    boxes: list[tuple[float, float, float, float]],
    gaze: tuple[float, float] | None,
    size: tuple[int, int],
) -> None:
    items = [SceneItem(kind="code", text=str(i), box=box) for i, box in enumerate(boxes)]
    picked = pick_focus(items, gaze, size)
    if items:
        assert picked is not None and 0 <= picked < len(items)
    else:
        assert picked is None


@given(
    boxes=st.lists(st.tuples(finite, finite, finite, finite), min_size=1, max_size=8),
    gaze=st.tuples(finite, finite),
)
def test_property_a_box_under_the_gaze_is_picked(
    boxes: list[tuple[float, float, float, float]], gaze: tuple[float, float]
) -> None:
    items = [SceneItem(kind="code", text=str(i), box=box) for i, box in enumerate(boxes)]

    def contains(box: tuple[float, float, float, float]) -> bool:
        x0, x1 = sorted((box[0], box[2]))
        y0, y1 = sorted((box[1], box[3]))
        return x0 <= gaze[0] <= x1 and y0 <= gaze[1] <= y1

    picked = pick_focus(items, gaze, SIZE)
    assert picked is not None
    if any(contains(box) for box in boxes):
        assert contains(boxes[picked])

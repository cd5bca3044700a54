"""Reading the extract: walkable graph, places from nodes, ways and relations, the cache."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from sightline.navigation import LatLon, NavMap, load_map
from sightline.navigation import mapdata as mapdata_module
from sightline.navigation.graph import MAX_SEGMENT_M, build_graph
from sightline.navigation.reader import RawWay, representative_point
from sightline.navigation.tags import is_walkable, place_categories, place_names

MONACO_BOX = (43.70, 43.78, 7.38, 7.48)


def test_graph_is_walkable_and_mostly_one_network(nav_map: NavMap) -> None:
    g = nav_map.graph
    assert g.node_count > 10_000
    assert g.main.mean() > 0.9
    assert float(g.length_m.max()) <= MAX_SEGMENT_M + 0.01
    assert "Boulevard Albert 1er" in g.names
    assert not any(name == "A8" for name in g.names)  # the motorway is not walkable


def test_places_come_from_nodes_ways_and_languages(nav_map: NavMap) -> None:
    by_ref = {p.ref: p for p in nav_map.places.places}
    museum = by_ref["way/23715051"]
    assert museum.name == "Musée Océanographique"
    assert "Oceanographic Museum" in museum.names
    assert museum.category == "tourism=museum"
    south, north, west, east = MONACO_BOX
    assert south < museum.lat < north and west < museum.lon < east
    pharmacies = nav_map.places.in_categories(frozenset({"amenity=pharmacy"}))
    assert len(pharmacies) >= 20
    assert {nav_map.places.places[i].osm_type for i in pharmacies} == {"node"}
    garden = next(p for p in nav_map.places.places if p.name == "Jardin Japonais")
    assert "Japanischer Garten" in garden.names


def test_second_load_comes_from_the_cache(
    monaco_pbf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_map(monaco_pbf, tmp_path)
    assert len(list(tmp_path.glob("nav-monaco-*.pickle"))) == 1

    def no_reading(path: Path) -> None:
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(mapdata_module, "read_osm", no_reading)
    began = time.perf_counter()
    second = load_map(monaco_pbf, tmp_path)
    assert time.perf_counter() - began < 1.0
    assert second.graph.node_count == first.graph.node_count
    assert len(second.places.places) == len(first.places.places)


def test_a_changed_file_or_a_damaged_cache_is_rebuilt(monaco_pbf: Path, tmp_path: Path) -> None:
    copy = tmp_path / "monaco.osm.pbf"
    shutil.copyfile(monaco_pbf, copy)
    cache = tmp_path / "cache"
    load_map(copy, cache)
    before = mapdata_module.cache_file(copy, cache)
    before.write_bytes(b"not a pickle")
    assert load_map(copy, cache).graph.node_count > 0
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert mapdata_module.cache_file(copy, cache) != before


def test_missing_map_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_map(tmp_path / "nowhere.osm.pbf", tmp_path)


@pytest.mark.parametrize(
    ("tags", "walkable"),
    [
        ({"highway": "footway"}, True),
        ({"highway": "steps"}, True),
        ({"highway": "residential"}, True),
        ({"highway": "primary", "sidewalk": "both"}, True),
        ({"highway": "cycleway"}, True),
        ({"highway": "cycleway", "foot": "no"}, False),
        ({"highway": "motorway"}, False),
        ({"highway": "trunk"}, False),
        ({"highway": "trunk", "foot": "yes"}, True),
        ({"highway": "service", "access": "private"}, False),
        ({"highway": "service", "access": "private", "foot": "yes"}, True),
        ({"highway": "path", "access": "no", "foot": "designated"}, True),
        ({"highway": "footway", "foot": "no"}, False),
        ({"highway": "construction"}, False),
        ({"building": "yes"}, False),
    ],
)
def test_walkability(tags: dict[str, str], walkable: bool) -> None:
    assert is_walkable(tags) is walkable


def test_place_tags() -> None:
    tags = {"name": "Pharmacie", "name:en": "Pharmacy", "amenity": "pharmacy", "healthcare": "x"}
    assert place_names(tags) == ("Pharmacie", "Pharmacy")
    assert place_categories(tags) == ["amenity=pharmacy", "healthcare=x"]
    assert place_categories({"railway": "rail"}) == []
    assert place_categories({"name": "Tower", "building": "yes"}) == ["building=yes"]


def test_representative_point_of_areas_and_lines() -> None:
    square = [(0.0, 0.0), (0.0, 0.001), (0.001, 0.001), (0.001, 0.0), (0.0, 0.0)]
    lat, lon = representative_point(square)
    assert lat == pytest.approx(0.0005, abs=1e-7) and lon == pytest.approx(0.0005, abs=1e-7)
    line = [(0.0, 0.0), (0.0, 0.002)]
    assert representative_point(line) == pytest.approx((0.0, 0.001), abs=1e-7)
    # a U shape: the centroid falls in the notch, so a vertex stands for it
    u_shape = [(0, 0), (0, 3), (3, 3), (3, 2), (1, 2), (1, 1), (3, 1), (3, 0), (0, 0)]
    ring = [(a * 1e-4, b * 1e-4) for a, b in u_shape]
    assert representative_point(ring) in ring


def _way(ids: list[int], coords: list[tuple[float, float]], **kw: object) -> RawWay:
    fields: dict[str, object] = {"name": "", "kind": "", "oneway": 0, "area": False, **kw}
    return RawWay(ids, coords, **fields)  # type: ignore[arg-type]


def test_plazas_are_crossed_and_long_segments_split() -> None:
    d = 1e-4  # about 11 m
    plaza = _way(
        [1, 2, 3, 4, 1], [(0, 0), (0, 4 * d), (4 * d, 4 * d), (4 * d, 0), (0, 0)], area=True
    )
    west = _way([10, 1], [(-4 * d, -4 * d), (0, 0)])
    east = _way([3, 11], [(4 * d, 4 * d), (8 * d, 8 * d)])
    g = build_graph([plaza, west, east])
    corner_a = int(list(g.osm_node).index(1))
    corner_c = int(list(g.osm_node).index(3))
    from scipy.sparse.csgraph import dijkstra

    dist = dijkstra(g.matrix(), indices=corner_a)
    diagonal = ((4 * d * 111_195) ** 2 * 2) ** 0.5
    assert dist[corner_c] == pytest.approx(diagonal, rel=0.01)  # across, not around
    assert float(g.length_m.max()) <= MAX_SEGMENT_M + 0.01


def test_shared_segments_keep_the_shorter_edge_and_oneway_foot() -> None:
    a = _way([1, 2], [(0.0, 0.0), (0.0, 1e-4)], name="Rue A")
    b = _way([1, 2], [(0.0, 0.0), (0.0, 1e-4)], name="Rue B", oneway=1)
    g = build_graph([a, b])
    assert g.node_count == 2
    assert len(g.indices) == 2  # one edge each way, not four
    one = _way([5, 6], [(0.0, 0.0), (0.0, 1e-4)], oneway=1)
    g = build_graph([one])
    assert g.edge(0, 1) >= 0 and g.edge(1, 0) == -1


def test_snapping_reaches_the_main_network(nav_map: NavMap) -> None:
    node, offset = nav_map.snap(LatLon(43.7384, 7.4246))
    assert nav_map.graph.main[node]
    assert offset < 50

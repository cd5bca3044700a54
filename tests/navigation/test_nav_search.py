"""Place search: fuzzy, accent-insensitive, multilingual; nearest by walking distance."""

from __future__ import annotations

import pytest

from sightline.navigation import (
    LatLon,
    NavMap,
    find_destination,
    nearest_places,
    route,
    search_places,
)
from sightline.navigation.categories import categories_for
from sightline.navigation.geo import haversine_m
from sightline.navigation.text import normalize, tokens, word_similarity

PORT = LatLon(43.7346, 7.4222)
# From here the harbour is in the way: the nearest pharmacy on foot is not the nearest by air.
HARBOUR_EAST = LatLon(43.73745, 7.42705)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Musée Océanographique", "Musée Océanographique"),
        ("musee oceanographique", "Musée Océanographique"),  # accents
        ("MUSÉE OCÉANOGRAPHIQUE", "Musée Océanographique"),
        ("oceanografic musem", "Musée Océanographique"),  # typos
        ("Oceanographic Museum", "Musée Océanographique"),  # name:en
        ("Japanischer Garten", "Jardin Japonais"),  # name:de
        ("Ambasciata d'Italia a Monaco", "Ambassade d'Italie à Monaco"),  # name:it
        ("Botschaft Frankreichs", "Ambassade de France à Monaco"),  # name:de, partial
        ("stade louis", "Stade Louis II"),
        ("pharmacie ferry", "Pharmacie Ferry"),
    ],
)
def test_name_search(nav_map: NavMap, query: str, expected: str) -> None:
    found = search_places(nav_map, query, PORT)
    assert found, query
    assert found[0].place.name == expected


def test_results_rank_by_score_then_distance(nav_map: NavMap) -> None:
    found = search_places(nav_map, "pharmacie", PORT, limit=5)
    assert len(found) == 5
    assert all(m.place.category == "amenity=pharmacy" for m in found)
    distances = [m.distance_m for m in found if round(m.score, 1) == round(found[0].score, 1)]
    assert distances == sorted(distances)


def test_the_casino_is_a_casino_not_the_supermarket(nav_map: NavMap) -> None:
    top = search_places(nav_map, "the casino", PORT, limit=1)[0]
    assert top.place.category == "amenity=casino"


def test_one_street_is_one_result(nav_map: NavMap) -> None:
    found = search_places(nav_map, "Rue Grimaldi", PORT, limit=5)
    assert [m.place.name for m in found].count("Rue Grimaldi") == 1


def test_nothing_matches_gibberish(nav_map: NavMap) -> None:
    assert search_places(nav_map, "xqzzv wplk", PORT) == []
    assert search_places(nav_map, "", PORT) == []


def test_text_helpers() -> None:
    assert normalize("Musée  Océanographique!") == "musee oceanographique"
    assert normalize("Straße") == "strasse"
    assert tokens("the Casino de Monte-Carlo") == ["casino", "monte", "carlo"]
    assert word_similarity("casino", "casino") == 1.0
    assert word_similarity("pharm", "pharmacie") == 0.9
    assert 0.5 < word_similarity("oceanografic", "oceanographique") < 1.0


def test_category_phrases() -> None:
    assert "amenity=pharmacy" in categories_for("Pharmacies")
    assert "amenity=pharmacy" in categories_for("chemist")
    assert categories_for("ATMs") == {"amenity=atm"}
    assert categories_for("fast food", ["amenity=fast_food", "shop=bakery"]) == {
        "amenity=fast_food"
    }
    assert categories_for("oceanographic museum") == frozenset()


@pytest.mark.parametrize("origin", [HARBOUR_EAST, PORT, LatLon(43.7270, 7.4160)])
def test_nearest_pharmacy_is_nearest_on_foot(nav_map: NavMap, origin: LatLon) -> None:
    nearest = nearest_places(nav_map, "pharmacy", origin, limit=1)[0]
    pharmacies = [
        nav_map.places.places[i]
        for i in nav_map.places.in_categories(frozenset({"amenity=pharmacy"}))
    ]
    # brute force: one separate shortest-path search per pharmacy
    walks = {p.ref: route(nav_map, origin, LatLon(p.lat, p.lon)).distance_m for p in pharmacies}
    assert nearest.walking_m == pytest.approx(min(walks.values()), abs=0.01)
    assert walks[nearest.place.ref] == pytest.approx(nearest.walking_m, abs=0.01)


def test_walking_nearest_differs_from_straight_line_nearest(nav_map: NavMap) -> None:
    nearest = nearest_places(nav_map, "pharmacy", HARBOUR_EAST, limit=1)[0].place
    pharmacies = [p for p in nav_map.places.places if "amenity=pharmacy" in p.categories]
    by_air = min(pharmacies, key=lambda p: haversine_m(*HARBOUR_EAST, p.lat, p.lon))
    assert nearest is not by_air


def test_find_destination_by_kind_or_name(nav_map: NavMap) -> None:
    trip = find_destination(nav_map, "the nearest pharmacy", HARBOUR_EAST)
    assert trip is not None
    expected = nearest_places(nav_map, "pharmacy", HARBOUR_EAST, limit=1)[0]
    assert trip.place is expected.place
    assert trip.route.distance_m == pytest.approx(expected.walking_m, abs=0.01)
    trip = find_destination(nav_map, "the oceanographic museum", PORT)
    assert trip is not None and trip.place.name == "Musée Océanographique"
    assert trip.route.distance_m >= trip.straight_m
    assert find_destination(nav_map, "xqzzv wplk", PORT) is None

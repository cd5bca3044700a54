"""Edge parsing of navigation requests: the tool and the destination."""

from __future__ import annotations

import pytest

from sightline.navigation.phrases import clean_destination, parse_request


@pytest.mark.parametrize(
    ("utterance", "tool", "destination"),
    [
        ("take me to the nearest pharmacy", "route_to", "nearest pharmacy"),
        ("How do I get to the casino?", "route_to", "casino"),
        ("how far is the oceanographic museum", "distance_to", "oceanographic museum"),
        ("where am I", "where_am_i", None),
        ("Where am I?", "where_am_i", None),
        ("what street is this", "where_am_i", None),
        ("what's my current location", "where_am_i", None),
        ("directions to the Palais Princier please", "route_to", "palais princier"),
        ("navigate to Rue Grimaldi", "route_to", "rue grimaldi"),
        ("walk me to the closest bus stop", "route_to", "closest bus stop"),
        ("which way is the beach", "route_to", "beach"),
        ("show me how to get to the Opera House", "route_to", "opera house"),
        ("i'm lost, how do i get back to the hotel", "route_to", "hotel"),
        ("is there a pharmacy nearby", "route_to", "nearest pharmacy"),
        ("where's the nearest atm", "route_to", "nearest atm"),
        ("find me a cafe", "route_to", "cafe"),
        ("take me home", "route_to", "home"),
        ("how far away is the stadium", "distance_to", "stadium"),
        ("what's the distance to the palace", "distance_to", "palace"),
        ("how long does it take to walk to the casino", "distance_to", "casino"),
        ("how far is it to Monaco-Ville", "distance_to", "monaco-ville"),
        ("Jardin Exotique", "route_to", "jardin exotique"),
    ],
)
def test_parse_request(utterance: str, tool: str, destination: str | None) -> None:
    request = parse_request(utterance)
    assert request.tool == tool
    assert request.arguments.get("destination") == destination


def test_clean_destination() -> None:
    assert clean_destination("the nearest pharmacy please?") == "nearest pharmacy"
    assert clean_destination("a toilet near me") == "nearest toilet"
    assert clean_destination("the casino from here, thanks") == "casino"

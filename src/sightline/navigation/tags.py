"""OpenStreetMap tag rules: which ways a pedestrian may use, and what makes a place."""

from __future__ import annotations

from collections.abc import Mapping

WALKABLE_HIGHWAYS = frozenset(
    {
        "footway",
        "pedestrian",
        "path",
        "steps",
        "living_street",
        "residential",
        "service",
        "unclassified",
        "road",
        "track",
        "cycleway",
        "bridleway",
        "corridor",
        "platform",
        "elevator",
        "tertiary",
        "tertiary_link",
        "secondary",
        "secondary_link",
        "primary",
        "primary_link",
    }
)
"""Highway classes walkable unless tagged otherwise."""

FAST_ROADS = frozenset({"motorway", "motorway_link", "trunk", "trunk_link"})
"""Walkable only with an explicit foot=yes/designated/permissive."""

FOOT_YES = frozenset({"yes", "designated", "permissive", "official"})
_ACCESS_NO = frozenset({"no", "private", "military", "emergency"})
_FOOT_NO = frozenset({"no", "private", "use_sidepath", "discouraged"})

CATEGORY_KEYS = (
    "amenity",
    "shop",
    "tourism",
    "healthcare",
    "leisure",
    "historic",
    "public_transport",
    "railway",
    "aeroway",
    "office",
    "craft",
    "emergency",
    "natural",
    "man_made",
    "place",
    "club",
)
"""Keys that make an object a place, in the order its main category is chosen."""

_RAILWAY_PLACES = frozenset({"station", "halt", "tram_stop", "subway_entrance"})
_HIGHWAY_PLACES = frozenset({"bus_stop", "elevator"})
_SKIP_VALUES = frozenset({"no", "yes", "vacant", "disused", "abandoned", "stop_position"})
_NATURAL_PLACES = frozenset({"beach", "peak", "cave_entrance", "cape", "bay", "spring"})
_MAN_MADE_PLACES = frozenset({"lighthouse", "tower", "pier", "observatory", "water_tower"})
_PLACE_VALUES = frozenset(
    {"square", "suburb", "quarter", "neighbourhood", "town", "village", "hamlet", "locality"}
)
NAME_KEYS = ("name", "official_name", "alt_name", "short_name", "loc_name", "old_name")


def is_walkable(tags: Mapping[str, str]) -> bool:
    """Tell whether a way with these tags may be walked.

    Args:
        tags: The way's tags.

    Returns:
        True for walkable highway classes (and fast roads explicitly open to pedestrians),
        unless foot is forbidden, access is private/no without foot permission, or the way
        is under construction or disused.
    """
    highway = tags.get("highway")
    if highway is None:
        return False
    foot = tags.get("foot", "")
    if foot in _FOOT_NO:
        return False
    if highway in FAST_ROADS:
        return foot in FOOT_YES
    if highway not in WALKABLE_HIGHWAYS:
        return False
    if tags.get("access", "") in _ACCESS_NO and foot not in FOOT_YES:
        return False
    return tags.get("disused") != "yes" and "construction" not in tags


def is_area(tags: Mapping[str, str]) -> bool:
    """Tell whether a closed walkable way is a plaza (walkable across, not only around)."""
    return tags.get("area") == "yes" and tags.get("highway") in ("pedestrian", "footway", "path")


def foot_oneway(tags: Mapping[str, str]) -> int:
    """Direction pedestrians are limited to: 1 forward, -1 backward, 0 both ways."""
    value = tags.get("oneway:foot", "")
    return 1 if value in ("yes", "1", "true") else -1 if value == "-1" else 0


def street_name(tags: Mapping[str, str]) -> str:
    """The name to announce for a way: its name, else its reference, else empty."""
    return tags.get("name") or tags.get("name:en") or tags.get("ref") or ""


def edge_kind(tags: Mapping[str, str]) -> str:
    """What a pedestrian should know about a way: "steps", "crossing", "tunnel" or ""."""
    if tags.get("highway") == "steps":
        return "steps"
    if tags.get("footway") == "crossing" or tags.get("highway") == "crossing":
        return "crossing"
    if tags.get("tunnel") in ("yes", "building_passage"):
        return "tunnel"
    return ""


def place_names(tags: Mapping[str, str]) -> tuple[str, ...]:
    """Every name of an object: `name`, its variants, then each `name:*` language (distinct)."""
    seen: dict[str, None] = {}
    for key in NAME_KEYS:
        value = tags.get(key)
        if value:
            for part in value.split(";"):
                seen.setdefault(part.strip(), None)
    for key, value in tags.items():
        if key.startswith("name:") and value:
            seen.setdefault(value.strip(), None)
    return tuple(n for n in seen if n)


def place_categories(tags: Mapping[str, str]) -> list[str]:
    """The `key=value` categories of an object, the main one first; empty if not a place."""
    found = []
    for key in CATEGORY_KEYS:
        value = tags.get(key)
        if not value or value in _SKIP_VALUES:
            continue
        if key == "railway" and value not in _RAILWAY_PLACES:
            continue
        if key == "natural" and value not in _NATURAL_PLACES:
            continue
        if key == "man_made" and value not in _MAN_MADE_PLACES:
            continue
        if key == "place" and value not in _PLACE_VALUES:
            continue
        found.append(f"{key}={value}")
    if tags.get("highway") in _HIGHWAY_PLACES:
        found.append(f"highway={tags['highway']}")
    if not found and tags.get("building") and tags.get("name"):
        found.append(f"building={tags['building']}")
    return found

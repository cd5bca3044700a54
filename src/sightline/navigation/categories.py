"""What people call kinds of places, mapped to OpenStreetMap `key=value` categories."""

from __future__ import annotations

from collections.abc import Iterable

from sightline.navigation.text import normalize

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "pharmacy": ("amenity=pharmacy", "healthcare=pharmacy"),
    "chemist": ("amenity=pharmacy", "healthcare=pharmacy", "shop=chemist"),
    "drugstore": ("amenity=pharmacy", "healthcare=pharmacy", "shop=chemist"),
    "pharmacie": ("amenity=pharmacy", "healthcare=pharmacy"),
    "hospital": ("amenity=hospital", "healthcare=hospital"),
    "emergency room": ("amenity=hospital", "healthcare=hospital"),
    "doctor": ("amenity=doctors", "healthcare=doctor", "amenity=clinic", "healthcare=clinic"),
    "clinic": ("amenity=clinic", "healthcare=clinic", "amenity=doctors"),
    "dentist": ("amenity=dentist", "healthcare=dentist"),
    "atm": ("amenity=atm",),
    "cash machine": ("amenity=atm",),
    "cashpoint": ("amenity=atm",),
    "bank": ("amenity=bank",),
    "cafe": ("amenity=cafe",),
    "coffee": ("amenity=cafe", "shop=coffee"),
    "coffee shop": ("amenity=cafe", "shop=coffee"),
    "restaurant": ("amenity=restaurant",),
    "place to eat": ("amenity=restaurant", "amenity=fast_food", "amenity=cafe"),
    "food": ("amenity=restaurant", "amenity=fast_food"),
    "bar": ("amenity=bar", "amenity=pub"),
    "pub": ("amenity=pub", "amenity=bar"),
    "toilet": ("amenity=toilets",),
    "restroom": ("amenity=toilets",),
    "bathroom": ("amenity=toilets",),
    "wc": ("amenity=toilets",),
    "bus stop": ("highway=bus_stop", "public_transport=platform"),
    "bus station": ("amenity=bus_station",),
    "station": ("railway=station", "railway=halt", "public_transport=station"),
    "train station": ("railway=station", "railway=halt"),
    "railway station": ("railway=station", "railway=halt"),
    "metro": ("railway=subway_entrance",),
    "subway": ("railway=subway_entrance",),
    "parking": ("amenity=parking",),
    "car park": ("amenity=parking",),
    "supermarket": ("shop=supermarket", "shop=convenience"),
    "grocery": ("shop=supermarket", "shop=convenience", "shop=greengrocer"),
    "groceries": ("shop=supermarket", "shop=convenience", "shop=greengrocer"),
    "bakery": ("shop=bakery",),
    "hotel": ("tourism=hotel",),
    "museum": ("tourism=museum",),
    "park": ("leisure=park", "leisure=garden"),
    "garden": ("leisure=garden", "leisure=park"),
    "beach": ("natural=beach", "leisure=beach_resort"),
    "police": ("amenity=police",),
    "post office": ("amenity=post_office",),
    "taxi": ("amenity=taxi",),
    "petrol station": ("amenity=fuel",),
    "gas station": ("amenity=fuel",),
    "fuel": ("amenity=fuel",),
    "charging station": ("amenity=charging_station",),
    "library": ("amenity=library",),
    "church": ("amenity=place_of_worship",),
    "school": ("amenity=school",),
    "playground": ("leisure=playground",),
    "viewpoint": ("tourism=viewpoint",),
    "ice cream": ("amenity=ice_cream", "shop=ice_cream"),
    "casino": ("amenity=casino",),
    "cinema": ("amenity=cinema",),
    "theatre": ("amenity=theatre",),
    "theater": ("amenity=theatre",),
    "drinking water": ("amenity=drinking_water",),
    "water fountain": ("amenity=drinking_water",),
    "ferry": ("amenity=ferry_terminal",),
    "stadium": ("leisure=stadium",),
    "marina": ("leisure=marina",),
    "heliport": ("aeroway=heliport",),
    "tourist information": ("tourism=information",),
    "embassy": ("amenity=embassy", "office=diplomatic"),
    "lift": ("highway=elevator",),
    "elevator": ("highway=elevator",),
}


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def category_phrase(text: str) -> str:
    """The normalized, singular form of a category phrase ("Pharmacies" → "pharmacy")."""
    return " ".join(_singular(w) for w in normalize(text).split())


def categories_for(text: str, known: Iterable[str] = ()) -> frozenset[str]:
    """The `key=value` categories a phrase names, or an empty set.

    Args:
        text: A phrase such as "pharmacy", "ice creams", "bus stop".
        known: Categories present in the map; a phrase equal to one of their values
            (spaces for underscores) matches it too ("fast food" → "amenity=fast_food").

    Returns:
        The matching categories.
    """
    phrase = category_phrase(text)
    if not phrase:
        return frozenset()
    found = set(_SYNONYMS.get(phrase, ()) or _SYNONYMS.get(normalize(text), ()))
    values = {phrase.replace(" ", "_"), normalize(text).replace(" ", "_")}
    found.update(c for c in known if c.split("=", 1)[1] in values)
    return frozenset(found)


_LABELS = {"atm": "ATM", "toilets": "Toilets", "bus_stop": "Bus stop"}


def category_label(category: str) -> str:
    """A readable word for a category: "amenity=fast_food" → "Fast food"."""
    raw = category.split("=", 1)[-1]
    value = _LABELS.get(raw) or raw.replace("_", " ")
    return value[:1].upper() + value[1:]

"""Places: named or categorised map objects, and the index that finds them by name or kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sightline.navigation.categories import categories_for, category_label
from sightline.navigation.geo import LatLon, haversine_many
from sightline.navigation.text import STOP_WORDS, normalize, tokens, trigrams, word_similarity

_MIN_WORD_SIMILARITY = 0.5
CATEGORY_BONUS = 0.2
PROMINENCE_BONUS = 0.05


@dataclass(frozen=True, eq=False)
class Place:
    """A place on the map.

    Attributes:
        osm_type: "node", "way" or "relation".
        osm_id: The OSM id (unique within its type).
        name: The display name (the `name` tag, another name, or the category in words).
        names: Every name to search: `name`, its variants and each `name:*` language.
        categories: `key=value` categories, the main one first.
        tags: All the object's tags.
        lat: Latitude of its representative point.
        lon: Longitude of its representative point.
    """

    osm_type: str
    osm_id: int
    name: str
    names: tuple[str, ...]
    categories: tuple[str, ...]
    tags: dict[str, str]
    lat: float
    lon: float

    @property
    def ref(self) -> str:
        """The OSM reference, "node/123"."""
        return f"{self.osm_type}/{self.osm_id}"

    @property
    def category(self) -> str:
        """The main category."""
        return self.categories[0]

    @property
    def is_street(self) -> bool:
        """True for a named way that is only a street (not a stop or a shop on it)."""
        return self.category.startswith("highway=") and "bus_stop" not in self.category

    def to_json(self) -> dict[str, Any]:
        """Every field as JSON values (for session state; `from_json` reads it back)."""
        return {
            "osm_type": self.osm_type,
            "osm_id": self.osm_id,
            "name": self.name,
            "names": list(self.names),
            "categories": list(self.categories),
            "tags": dict(self.tags),
            "lat": self.lat,
            "lon": self.lon,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Place:
        """The place from `to_json`'s form."""
        return cls(
            osm_type=str(data["osm_type"]),
            osm_id=int(data["osm_id"]),
            name=str(data["name"]),
            names=tuple(data["names"]),
            categories=tuple(data["categories"]),
            tags=dict(data["tags"]),
            lat=float(data["lat"]),
            lon=float(data["lon"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data: name, osm_id ("node/123"), category, tags, lat, lon."""
        return {
            "name": self.name,
            "osm_id": self.ref,
            "category": self.category,
            "tags": dict(self.tags),
            "lat": self.lat,
            "lon": self.lon,
        }


def display_name(
    names: Sequence[str], categories: Sequence[str], tags: dict[str, str] | None = None
) -> str:
    """The name to show: the first name, else the category in words and the street if known."""
    if names:
        return names[0]
    label = category_label(categories[0])
    street = (tags or {}).get("addr:street")
    return f"{label}, {street}" if street else label


@dataclass(frozen=True)
class PlaceMatch:
    """A search result: the place, its text score and its straight-line distance (metres)."""

    place: Place
    score: float
    distance_m: float | None


class PlaceIndex:
    """Finds places by fuzzy, accent-insensitive name (any language) or by category.

    Args:
        places: The places to index.
    """

    def __init__(self, places: Sequence[Place]) -> None:
        self.places = list(places)
        self.lat = np.array([p.lat for p in self.places], dtype=np.float64)
        self.lon = np.array([p.lon for p in self.places], dtype=np.float64)
        self._vocab: dict[str, int] = {}
        self._words: list[str] = []
        self._entry_place: list[int] = []
        self._entry_words: list[tuple[int, ...]] = []
        self._word_entries: dict[int, list[int]] = defaultdict(list)
        self._gram_words: dict[str, list[int]] = defaultdict(list)
        self.by_category: dict[str, list[int]] = defaultdict(list)
        for i, place in enumerate(self.places):
            for category in place.categories:
                self.by_category[category].append(i)
            for name in dict.fromkeys(normalize(n) for n in place.names):
                self._add_entry(i, tokens(name))

    def _add_entry(self, place: int, words: list[str]) -> None:
        if not words:
            return
        ids = []
        for word in words:
            wid = self._vocab.get(word)
            if wid is None:
                wid = self._vocab[word] = len(self._words)
                self._words.append(word)
                for gram in trigrams(word):
                    self._gram_words[gram].append(wid)
            ids.append(wid)
        entry = len(self._entry_place)
        self._entry_place.append(place)
        self._entry_words.append(tuple(ids))
        for wid in set(ids):
            self._word_entries[wid].append(entry)

    def _similar_words(self, word: str) -> dict[int, float]:
        candidates = {wid for gram in trigrams(word) for wid in self._gram_words.get(gram, ())}
        found = {}
        for wid in candidates:
            sim = word_similarity(word, self._words[wid])
            if sim >= _MIN_WORD_SIMILARITY:
                found[wid] = sim
        return found

    def text_scores(self, query: str) -> dict[int, float]:
        """Score every place whose names match the query, by index.

        The score of one name is 0.75 × the mean best similarity of the query's words plus
        0.25 × how much of the name they cover; a place takes its best name, plus
        `CATEGORY_BONUS` when the query names its category ("casino", "museum") and
        `PROMINENCE_BONUS` when it has a Wikidata or Wikipedia tag.

        Args:
            query: What the wearer said, such as "oceanographic museum".

        Returns:
            Place index to score (above zero).
        """
        words = tokens(query)
        if not words:
            return {}
        matches = [self._similar_words(w) for w in words]
        best: dict[int, list[float]] = {}
        for qi, found in enumerate(matches):
            for wid, sim in found.items():
                for entry in self._word_entries[wid]:
                    row = best.setdefault(entry, [0.0] * len(words))
                    row[qi] = max(row[qi], sim)
        asked = categories_for(query, self.by_category) | {
            c for w in words if w not in STOP_WORDS for c in categories_for(w, self.by_category)
        }
        scores: dict[int, float] = {}
        for entry, row in best.items():
            total = sum(row)
            score = 0.75 * total / len(words) + 0.25 * min(
                1.0, total / len(self._entry_words[entry])
            )
            place = self._entry_place[entry]
            scores[place] = max(scores.get(place, 0.0), score)
        for place in scores:
            p = self.places[place]
            if asked.intersection(p.categories):
                scores[place] += CATEGORY_BONUS
            if "wikidata" in p.tags or "wikipedia" in p.tags:
                scores[place] += PROMINENCE_BONUS
        return scores

    def search(
        self, query: str, near: LatLon | None = None, limit: int = 5, min_score: float = 0.5
    ) -> list[PlaceMatch]:
        """Find places by name, ranked by text score (in steps of 0.1) then distance.

        Results with the same name and category (the two stops of one bus stop) or the same
        street name (the ways of one street) are reduced to the best ranked.

        Args:
            query: The name, in any language of the map's `name:*` tags, typos forgiven.
            near: Where distances are measured from (the wearer), if known.
            limit: At most this many results.
            min_score: Results scoring below this are dropped.

        Returns:
            The matches, best first.
        """
        scores = {i: s for i, s in self.text_scores(query).items() if s >= min_score}
        if not scores:
            return []
        ids = np.fromiter(scores, dtype=np.int64, count=len(scores))
        if near is not None:
            lat = np.full(len(ids), near.lat)
            lon = np.full(len(ids), near.lon)
            dist = haversine_many(lat, lon, self.lat[ids], self.lon[ids])
        else:
            dist = np.zeros(len(ids))
        order = sorted(range(len(ids)), key=lambda k: (-round(scores[int(ids[k])], 1), dist[k]))
        results: list[PlaceMatch] = []
        seen: set[tuple[str, str]] = set()
        for k in order:
            place = self.places[int(ids[k])]
            key = (normalize(place.name), "street" if place.is_street else place.category)
            if key in seen:
                continue
            seen.add(key)
            distance = float(dist[k]) if near is not None else None
            results.append(PlaceMatch(place, round(scores[int(ids[k])], 3), distance))
            if len(results) >= limit:
                break
        return results

    def in_categories(self, categories: frozenset[str]) -> list[int]:
        """Indexes of the places in any of these categories."""
        found: set[int] = set()
        for category in categories:
            found.update(self.by_category.get(category, ()))
        return sorted(found)

"""The local music library: indexing audio files by their tags and searching them by voice."""

from __future__ import annotations

import difflib
import functools
import json
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import mutagen

logger = logging.getLogger(__name__)

AUDIO_EXTENSIONS = frozenset({".mp3", ".flac", ".ogg", ".opus", ".m4a", ".wav", ".aiff"})
UNKNOWN_ARTIST = "Unknown artist"
_CACHE_VERSION = 1

# Tag keys per field, in the spelling of ID3 (MP3, WAV, AIFF), MP4 (M4A) and Vorbis comments.
_TAG_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("TIT2", "©nam", "title"),
    "artist": ("TPE1", "©ART", "artist", "TPE2", "aART", "albumartist"),
    "album": ("TALB", "©alb", "album"),
    "genre": ("TCON", "©gen", "genre"),
    "track": ("TRCK", "trkn", "tracknumber"),
}
_LEADING_NUMBER = re.compile(r"^(\d{1,3})\s*[-_.]\s*(?=\S)")


@dataclass(frozen=True, slots=True)
class Track:
    """One audio file and its tags.

    Attributes:
        path: Absolute path of the file.
        title: Title tag, or a title derived from the file name.
        artist: Artist (several joined as "A, B & C"), or `UNKNOWN_ARTIST`.
        album: Album, or "" when unknown.
        genre: Genre (several joined with ", "), or "" when unknown.
        duration_s: Length in seconds, None when unknown.
        track_number: Position on the album, None when unknown.
    """

    path: Path
    title: str
    artist: str
    album: str = ""
    genre: str = ""
    duration_s: float | None = None
    track_number: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The track as JSON values (the path as a string)."""
        return asdict(self) | {"path": str(self.path)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Track:
        """The track from `to_json`'s form."""
        duration, number = data.get("duration_s"), data.get("track_number")
        return cls(
            path=Path(data["path"]),
            title=data["title"],
            artist=data["artist"],
            album=data.get("album", ""),
            genre=data.get("genre", ""),
            duration_s=None if duration is None else float(duration),
            track_number=None if number is None else int(number),
        )


def _tag_texts(tags: Any, keys: Iterable[str]) -> list[str]:
    """Return the text values of the first of `keys` present in a mutagen tag container."""
    for key in keys:
        try:
            value = tags[key]
        except (KeyError, ValueError, TypeError):
            continue
        # ID3 frames carry `.genres` (TCON, resolving "(8)" to "Jazz") or `.text`.
        items = getattr(value, "genres", None) or getattr(value, "text", value)
        if not isinstance(items, list):
            items = [items]
        texts = [str(i[0] if isinstance(i, tuple) else i).strip() for i in items]
        if texts := list(dict.fromkeys(t for t in texts if t)):
            return texts
    return []


def _join_artists(names: Sequence[str]) -> str:
    """Join names as "A", "A & B" or "A, B & C"; "" when there are none."""
    return " & ".join(names) if len(names) < 3 else f"{', '.join(names[:-1])} & {names[-1]}"


def _title_from_name(path: Path) -> tuple[str, int | None]:
    """Derive (title, track number) from a file name such as "01 - So_What.wav"."""
    name = path.stem
    number = None
    if match := _LEADING_NUMBER.match(name):
        number, name = int(match.group(1)), name[match.end() :]
    return " ".join(re.sub(r"[_-]+", " ", name).split()) or path.stem, number


def _read_track(path: Path) -> Track | None:
    """Read one file's tags; None when mutagen cannot read it."""
    try:
        audio = mutagen.File(path)
    except Exception as exc:  # damaged files raise anything from MutagenError to struct.error
        logger.debug("Skipping unreadable %s: %s", path, exc)
        return None
    if audio is None:
        logger.debug("Skipping %s: not a recognised audio format", path)
        return None
    tags = audio.tags if audio.tags is not None else {}
    fallback_title, fallback_number = _title_from_name(path)
    number_text = _tag_texts(tags, _TAG_KEYS["track"])
    number_match = re.match(r"\d+", number_text[0]) if number_text else None
    length = getattr(audio.info, "length", None)
    return Track(
        path=path,
        title=", ".join(_tag_texts(tags, _TAG_KEYS["title"])) or fallback_title,
        artist=_join_artists(_tag_texts(tags, _TAG_KEYS["artist"])) or UNKNOWN_ARTIST,
        album=", ".join(_tag_texts(tags, _TAG_KEYS["album"])),
        genre=", ".join(_tag_texts(tags, _TAG_KEYS["genre"])),
        duration_s=float(length) if length else None,
        track_number=int(number_match.group()) if number_match else fallback_number,
    )


def _audio_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(
            Path(root, f) for f in sorted(files) if Path(f).suffix.lower() in AUDIO_EXTENSIONS
        )
    return found


def _load_cache(cache: Path | None) -> dict[str, Any]:
    if cache is None or not cache.exists():
        return {}
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("version") == _CACHE_VERSION and isinstance(data.get("files"), dict):
            return dict(data["files"])
    except (OSError, ValueError, AttributeError) as exc:
        logger.warning("Ignoring unreadable music index cache %s: %s", cache, exc)
    return {}


def _save_cache(cache: Path, files: dict[str, Any]) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(cache.name + ".tmp")
        tmp.write_text(json.dumps({"version": _CACHE_VERSION, "files": files}), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError as exc:
        logger.warning("Could not write music index cache %s: %s", cache, exc)


def _cached_track(path: Path, entry: Any, mtime_ns: int, size: int) -> tuple[bool, Track | None]:
    """Return (hit, track) for a cache entry; a hit with None is a known unreadable file."""
    if not isinstance(entry, dict) or [entry.get("mtime_ns"), entry.get("size")] != [
        mtime_ns,
        size,
    ]:
        return False, None
    if (fields := entry.get("track")) is None:
        return True, None
    try:
        return True, Track(path=path, **fields)
    except TypeError:
        return False, None


def _index_file(path: Path, old: dict[str, Any], new: dict[str, Any]) -> Track | None:
    """Take a file's track from cache `old` or read it, and record it in cache `new`."""
    try:
        stat = path.stat()
    except OSError:
        return None
    hit, track = _cached_track(path, old.get(str(path)), stat.st_mtime_ns, stat.st_size)
    if not hit:
        track = _read_track(path)
    fields = None if track is None else {k: v for k, v in asdict(track).items() if k != "path"}
    new[str(path)] = {"mtime_ns": stat.st_mtime_ns, "size": stat.st_size, "track": fields}
    return track


# --- Search ----------------------------------------------------------------------------

_LETTERS = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ð": "d", "đ": "d", "þ": "th", "ł": "l"})
_WORD = re.compile(r"[^\W_]+")
_APOSTROPHE = re.compile(r"['’]")
_PART_SEPARATOR = re.compile(r"[,;&/]")
_INITIALS = re.compile(r"(?<!\S)[^\W\d_](?: [^\W\d_](?!\S))+")  # "r e m" -> "rem"
_FIELD_WEIGHTS = (("title", 1.0), ("artist", 1.0), ("album", 0.95), ("genre", 0.9))


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    """Case- and accent-free words of `text`: "Don't" -> "dont", "B.B. King" -> "bb king"."""
    plain = text.casefold()
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LETTERS)
    spaced = " ".join(_WORD.findall(_APOSTROPHE.sub("", plain)))
    return tuple(_INITIALS.sub(lambda m: m.group().replace(" ", ""), spaced).split())


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """Crude singular: "beatles" -> "beatle", "melodies" -> "melody"; "davis", "bass" kept."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_FILLER = frozenset(
    _stem(w)
    for w in (
        *("a", "an", "and", "any", "by", "for", "from", "i", "me", "my", "of", "on", "the", "to"),
        *("play", "please", "put", "some", "something", "want", "like", "listen"),
        *("music", "song", "track", "tune", "album", "artist", "genre", "band"),
    )
)


def _fold(text: str) -> str:
    return " ".join(_words(text))


@dataclass(frozen=True, slots=True)
class _Field:
    weight: float
    words: frozenset[str]  # every word, plus all of them run together ("AC/DC" -> "acdc")
    phrases: tuple[tuple[str, ...], ...]  # non-filler words of the value and of each part


@functools.lru_cache(maxsize=65536)
def _index_field(value: str, weight: float) -> _Field | None:
    words = _words(value)
    if not words:
        return None
    pieces = _PART_SEPARATOR.split(value)
    parts = [words, *map(_words, pieces)] if len(pieces) > 1 else [words]
    significant = (tuple(w for w in p if _stem(w) not in _FILLER) for p in parts)
    phrases = tuple(dict.fromkeys(p for p in significant if p))
    return _Field(weight, frozenset([*words, "".join(words)]), phrases)


def _index_track(track: Track) -> tuple[_Field, ...]:
    values = ((getattr(track, name), weight) for name, weight in _FIELD_WEIGHTS)
    fields = (_index_field(v, w) for v, w in values if v != UNKNOWN_ARTIST)
    return tuple(f for f in fields if f is not None)


def _phrase_bonus(phrase: tuple[str, ...], query: list[dict[str, float]]) -> float:
    """1.5 when the query names the whole phrase, 0.5 when it names a run of words in it."""
    n = len(query)
    for start in range(len(phrase) - n + 1):
        if all(c.get(w) for c, w in zip(query, phrase[start : start + n], strict=True)):
            return 1.5 if n == len(phrase) else 0.5
    return 0.0


def _score(
    fields: tuple[_Field, ...], query: list[dict[str, float]], filler: list[str]
) -> tuple[int, float]:
    """Return (number of query words matched, ranking score) for one track."""
    matched, score = 0, 0.0
    for candidates in query:
        # Field weights only rank whole-phrase matches (below), so that the words of one
        # album name score alike whichever other field also contains them.
        best = max((candidates.get(w, 0.0) for f in fields for w in f.words), default=0.0)
        if best:
            matched += 1
            score += best
    if matched:
        score += sum(0.2 for w in filler if any(w in f.words for f in fields))
        score += max(
            (f.weight * _phrase_bonus(p, query) for f in fields for p in f.phrases), default=0.0
        )
    return matched, score


def _library_order(track: Track) -> tuple[Any, ...]:
    number = track.track_number
    return (
        _fold(track.artist),
        _fold(track.album),
        number is None,
        number or 0,
        _fold(track.title),
        str(track.path),
    )


def _distinct(values: Iterable[str]) -> list[str]:
    """Distinct non-empty values, compared and sorted ignoring case and accents."""
    seen: dict[str, str] = {}
    for value in values:
        if value:
            seen.setdefault(_fold(value) or value, value)
    return [seen[key] for key in sorted(seen)]


class MusicLibrary:
    """An in-memory index of tracks, searchable by spoken requests.

    Attributes:
        skipped: Number of audio-named files that could not be read when scanning.
    """

    def __init__(self, tracks: Iterable[Track], skipped: int = 0) -> None:
        """Build a library from tracks; they are ordered by artist, album and track number."""
        self._tracks = tuple(sorted(tracks, key=_library_order))
        self.skipped = skipped
        self._index = [_index_track(t) for t in self._tracks]
        self._vocabulary: dict[str, set[str]] = {}  # stem -> the words with that stem
        words = {w for entry in self._index for field in entry for w in field.words}
        for word in words:
            self._vocabulary.setdefault(_stem(word), set()).add(word)
        self._all_words = sorted(words)

    @classmethod
    def scan(
        cls,
        folder: Path,
        progress: Callable[[int], None] | None = None,
        *,
        cache: Path | None = None,
    ) -> MusicLibrary:
        """Index every audio file under `folder`, recursively.

        Args:
            folder: The music folder.
            progress: Called after each file with the number of files processed so far.
            cache: Optional JSON index file; files whose path, mtime and size are unchanged
                since it was written are taken from it instead of being read again. It is
                created or updated as needed; an unreadable cache is ignored and rebuilt.

        Returns:
            The library. Files mutagen cannot read are counted in `skipped`.

        Raises:
            FileNotFoundError: `folder` does not exist.
            NotADirectoryError: `folder` is not a directory.
        """
        folder = folder.expanduser().absolute()
        if not folder.exists():
            raise FileNotFoundError(f"Music folder not found: {folder}")
        if not folder.is_dir():
            raise NotADirectoryError(f"Music folder is not a directory: {folder}")
        old = _load_cache(cache)
        new: dict[str, Any] = {}
        tracks: list[Track] = []
        skipped = 0
        for done, path in enumerate(_audio_files(folder), start=1):
            track = _index_file(path, old, new)
            if track is None:
                skipped += 1
            else:
                tracks.append(track)
            if progress is not None:
                progress(done)
        if cache is not None and new != old:
            _save_cache(cache, new)
        return cls(tracks, skipped)

    @property
    def tracks(self) -> tuple[Track, ...]:
        """All tracks, in library order (artist, album, track number, title)."""
        return self._tracks

    def __len__(self) -> int:
        return len(self._tracks)

    def artists(self) -> list[str]:
        """Distinct artists, sorted, without the `UNKNOWN_ARTIST` placeholder."""
        return _distinct(t.artist for t in self._tracks if t.artist != UNKNOWN_ARTIST)

    def genres(self) -> list[str]:
        """Distinct genres, sorted; a multi-genre track contributes each of its genres."""
        return _distinct(g.strip() for t in self._tracks for g in re.split(r"[,;]", t.genre))

    def search(self, query: str, limit: int = 50) -> list[Track]:
        """Find the tracks a spoken request asks for, best match first.

        Every significant word of `query` is looked up in titles, artists, albums and
        genres, ignoring case, accents and filler words ("play some jazz please"). A word
        matches exactly when it can; otherwise by singular/plural form, and otherwise as a
        word prefix or a close misspelling. Tracks matching all words (all but one for
        queries of three or more words) are ranked by match quality, whole-name matches
        ("kind of blue" is the album's full name) first; ties keep library order.

        Args:
            query: The request, e.g. "miles davis", "some jazz", "kind of blue".
            limit: Maximum number of tracks to return.

        Returns:
            Up to `limit` tracks; every track in library order when `query` is empty or only
            filler; an empty list when nothing matches.

        Raises:
            ValueError: `limit` is negative.
        """
        if limit < 0:
            raise ValueError(f"limit must not be negative, got {limit}")
        words = _words(query)
        wanted = [w for w in words if _stem(w) not in _FILLER]
        if not wanted:
            return list(self._tracks[:limit])
        query_phrase = [self._candidates(w) for w in wanted]
        needed = len(wanted) if len(wanted) <= 2 else len(wanted) - 1
        filler = [w for w in words if _stem(w) in _FILLER]
        scored = [
            (matched, score, position)
            for position, fields in enumerate(self._index)
            for matched, score in [_score(fields, query_phrase, filler)]
            if matched >= needed
        ]
        if not scored:
            return []
        best = max(matched for matched, _, _ in scored)
        ranked = sorted((-s, p) for m, s, p in scored if m == best)
        return [self._tracks[p] for _, p in ranked[:limit]]

    def _candidates(self, word: str) -> dict[str, float]:
        """Library words `word` may stand for, with a match quality in (0, 1]."""
        stem = _stem(word)
        if word in self._vocabulary.get(stem, ()):
            return {word: 1.0}
        if same_stem := self._vocabulary.get(stem):
            return dict.fromkeys(same_stem, 0.95)
        if len(word) < 3:
            return {}
        found: dict[str, float] = {}
        matcher = difflib.SequenceMatcher(b=word)
        for known in self._all_words:
            if known.startswith(word):
                found[known] = 0.85
                continue
            matcher.set_seq1(known)
            close = matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8
            if close and (ratio := matcher.ratio()) >= 0.8:
                found[known] = 0.9 * ratio
        return found

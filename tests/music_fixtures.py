"""Real, tagged audio files for music tests; import `make_library` from any test.

WAV files are written with `wave` and tagged with ID3; FLAC files are made with the `sox`
command (apt package `sox`) and tagged with Vorbis comments.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mutagen.flac import FLAC
from mutagen.id3 import TALB, TCON, TIT2, TPE1, TRCK
from mutagen.wave import WAVE

# mutagen's classes are untyped; Any keeps the strict type checker quiet about calling them.
_WAVE: Any = WAVE
_FLAC: Any = FLAC
_ID3_FRAMES: dict[str, Any] = {
    "title": TIT2,
    "artist": TPE1,
    "album": TALB,
    "genre": TCON,
    "tracknumber": TRCK,
}


@dataclass(frozen=True)
class SampleTrack:
    """One file of the sample library and the tags written to it."""

    title: str
    artist: str | list[str]
    album: str
    genre: str | list[str]
    track_number: int
    suffix: str
    duration_s: float = 0.5

    @property
    def relative_path(self) -> str:
        """Where the file goes: "Artist/Album/NN Title.suffix"."""
        artist = self.artist if isinstance(self.artist, str) else self.artist[0]
        return f"{artist}/{self.album}/{self.track_number:02d} {self.title}{self.suffix}"


SAMPLE_TRACKS = (
    SampleTrack("So What", "Miles Davis", "Kind of Blue", "Jazz", 1, ".wav"),
    SampleTrack("Freddie Freeloader", "Miles Davis", "Kind of Blue", "Jazz", 2, ".flac"),
    SampleTrack("Blue in Green", "Miles Davis", "Kind of Blue", "Jazz", 3, ".wav"),
    SampleTrack("Blue Train", "John Coltrane", "Blue Train", "Jazz", 1, ".flac"),
    SampleTrack("Moment's Notice", "John Coltrane", "Blue Train", "Jazz", 2, ".wav"),
    SampleTrack("All I Want", "Joni Mitchell", "Blue", "Folk", 1, ".flac"),
    SampleTrack("A Case of You", "Joni Mitchell", "Blue", "Folk", 2, ".wav"),
    SampleTrack("Formation", "Beyoncé", "Lemonade", "R&B", 1, ".flac"),
    SampleTrack("Svefn-g-englar", "Sigur Rós", "Ágætis byrjun", "Post-Rock", 1, ".wav"),
    SampleTrack("One More Time", "Daft Punk", "Discovery", "Electronic", 1, ".flac"),
    SampleTrack("Every Day I Have the Blues", "B.B. King", "Live at the Regal", "Blues", 1, ".wav"),
    SampleTrack(
        "Aung San Suu Kyi",
        ["Herbie Hancock", "Wayne Shorter"],
        "1 + 1",
        ["Jazz", "Fusion"],
        1,
        ".flac",
        duration_s=0.75,
    ),
)


def write_wav(
    path: Path, seconds: float = 0.5, tags: dict[str, str | list[str]] | None = None
) -> Path:
    """Write a silent mono 8 kHz WAV file, ID3-tagged with `tags` (Vorbis-style keys)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * int(8000 * seconds))
    if tags:
        audio = _WAVE(path)
        audio.add_tags()
        for key, value in tags.items():
            audio.tags.add(_ID3_FRAMES[key](encoding=3, text=value))
        audio.save()
    return path


def write_flac(
    path: Path, seconds: float = 0.5, tags: dict[str, str | list[str]] | None = None
) -> Path:
    """Make a FLAC sine tone with `sox` and tag it with Vorbis comments."""
    sox = shutil.which("sox")
    if sox is None:
        raise RuntimeError("The music tests need the `sox` command: apt-get install -y sox")
    path.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sox,
        "-n",
        "-r",
        "8000",
        "-c",
        "1",
        "-b",
        "16",
        str(path),
        "synth",
        str(seconds),
        "sine",
        "440",
    ]
    subprocess.run(command, check=True, capture_output=True)
    if tags:
        audio = _FLAC(path)
        for key, value in tags.items():
            audio[key] = value
        audio.save()
    return path


def write_corrupt(path: Path, size: int = 4096) -> Path:
    """Write random bytes (no 0xFF, so no MPEG frame sync can appear by chance)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    noise = random.Random(7).randbytes(size).replace(b"\xff", b"\x00")
    path.write_bytes(noise)
    return path


def make_library(folder: Path) -> Path:
    """Write `SAMPLE_TRACKS` under `folder` (Artist/Album/NN Title.ext) and return `folder`.

    The library holds 12 tagged tracks: Jazz (Miles Davis, John Coltrane, and Herbie
    Hancock & Wayne Shorter tagged Jazz + Fusion), Folk, R&B, Post-Rock, Electronic and
    Blues, with accented names (Beyoncé, Sigur Rós). Nothing untagged or corrupt.
    """
    for sample in SAMPLE_TRACKS:
        tags = {
            "title": sample.title,
            "artist": sample.artist,
            "album": sample.album,
            "genre": sample.genre,
            "tracknumber": str(sample.track_number),
        }
        write = write_flac if sample.suffix == ".flac" else write_wav
        write(folder / sample.relative_path, sample.duration_s, tags)
    return folder

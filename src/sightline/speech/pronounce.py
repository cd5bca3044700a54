"""Pronunciations for a vocabulary: the bundled CMU dictionary, else espeak-ng's phonemes."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pocketsphinx  # type: ignore[import-untyped, unused-ignore]

_PHONES = (
    "AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH "
    "UH UW V W Y Z ZH"
)
CMU_PHONES = frozenset(_PHONES.split())
"""The phone set of pocketsphinx's US English acoustic model (besides silence)."""

# espeak-ng's en-us phoneme mnemonics (`espeak-ng -x`) as CMU phones.
ESPEAK_TO_CMU: dict[str, tuple[str, ...]] = {
    **{k: (k.upper(),) for k in "pbtdkgfvszmnlrw"}, "h": ("HH",),
    "j": ("Y",), "T": ("TH",), "D": ("DH",), "S": ("SH",), "Z": ("ZH",), "N": ("NG",),
    "tS": ("CH",), "dZ": ("JH",), "C": ("HH",), "x": ("K",), "r-": ("R",),
    "a": ("AE",), "aa": ("AE",), "a#": ("AH",),
    "A:": ("AA",), "A": ("AA",), "A@": ("AA", "R"),
    "@": ("AH",), "@L": ("AH", "L"), "@r": ("ER",), "3": ("ER",), "3:": ("ER",),
    "E": ("EH",), "e": ("EH",), "e@": ("EH", "R"), "eI": ("EY",),
    "I": ("IH",), "i": ("IY",), "i:": ("IY",), "i@": ("IH", "R"), "i@3": ("IH", "R"),
    "0": ("AA",), "O": ("AO",), "O:": ("AO",), "O@": ("AO", "R"), "o@": ("AO", "R"),
    "OI": ("OY",), "oU": ("OW",), "o": ("OW",), "U": ("UH",), "U@": ("UH", "R"), "u:": ("UW",),
    "u": ("UW",), "V": ("AH",), "aI": ("AY",), "aI@": ("AY", "ER"), "aI3": ("AY", "ER"),
    "aU": ("AW",), "aU@": ("AW", "ER"),
}  # fmt: skip
_MARKS = re.compile(r"[',%=;!]")
_VARIANT = re.compile(r"^(.+?)[#0-9/-]+$")
_PHONE_TOKEN = re.compile(r"[_\s]+")


def cmudict_path() -> Path:
    """The CMU pronouncing dictionary bundled with pocketsphinx."""
    return Path(pocketsphinx.get_model_path("en-us/cmudict-en-us.dict"))


def load_cmudict(vocabulary: Iterable[str], path: Path | None = None) -> dict[str, list[str]]:
    """Pronunciations of the words of `vocabulary` that the CMU dictionary lists.

    Args:
        vocabulary: Lower-case words.
        path: A dictionary in CMU format (`word phones`, variants as `word(2)`); default the
            bundled one.

    Returns:
        Word → its pronunciations (space-separated phones), in the dictionary's order.
    """
    wanted = set(vocabulary)
    found: dict[str, list[str]] = {}
    with (path or cmudict_path()).open(encoding="utf-8") as lines:
        for line in lines:
            head, _, phones = line.strip().partition(" ")
            word = head.split("(", 1)[0]
            if word in wanted and phones:
                found.setdefault(word, []).append(phones.strip())
    return found


def espeak_to_cmu(phonemes: str) -> str | None:
    """Map espeak-ng's `-x --sep=_` phoneme output to CMU phones.

    Stress and syllable marks are dropped; a variant such as `I2` or `t#` falls back to its
    base phoneme. Returns None when a phoneme has no mapping.
    """
    phones: list[str] = []
    for token in _PHONE_TOKEN.split(_MARKS.sub("", phonemes)):
        if not token or token == "-":
            continue
        mapped = ESPEAK_TO_CMU.get(token)
        if mapped is None and (variant := _VARIANT.match(token)):
            mapped = ESPEAK_TO_CMU.get(variant.group(1))
        if mapped is None:
            return None
        phones.extend(p for p in mapped if not (phones and phones[-1] == p == "R"))
    return " ".join(phones) if phones else None


def espeak_pronunciation(word: str, executable: str | None = None) -> str | None:
    """Derive CMU phones for a word from espeak-ng's US English rules (None if impossible).

    Blocking (a short subprocess): call it from a worker thread, never on the event loop.
    """
    binary = executable or shutil.which("espeak-ng")
    if binary is None:
        return None
    done = subprocess.run(
        [binary, "-q", "-x", "--sep=_", "-v", "en-us", word],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return espeak_to_cmu(done.stdout) if done.returncode == 0 else None


def pronounce(vocabulary: Iterable[str]) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """Pronunciations for every word of a vocabulary, as far as possible.

    Args:
        vocabulary: Lower-case words (`<s>`/`</s>` are ignored).

    Returns:
        (word → pronunciations, words derived with espeak-ng, words left without any).
    """
    words = sorted({w for w in vocabulary if not w.startswith("<")})
    found = load_cmudict(words)
    derived, dropped = [], []
    espeak = shutil.which("espeak-ng")
    for word in words:
        if word in found:
            continue
        phones = espeak_pronunciation(word, espeak) if espeak else None
        if phones:
            found[word] = [phones]
            derived.append(word)
        else:
            dropped.append(word)
    return found, derived, dropped

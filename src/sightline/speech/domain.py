"""The domain language model: the agents' example utterances as a trigram LM and dictionary."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib.resources import files
from pathlib import Path

import pocketsphinx  # type: ignore[import-untyped, unused-ignore]

from sightline.speech.arpa import write_arpa
from sightline.speech.ngram import estimate_lm
from sightline.speech.pronounce import cmudict_path, pronounce
from sightline.speech.text import words

FORMAT_VERSION = 1
"""Bump when the way the model is built changes: it is part of the cache key."""


@dataclass(frozen=True)
class DomainModel:
    """A generated language model and its pronunciation dictionary, on disk.

    Attributes:
        lm_path: The ARPA trigram model.
        dict_path: Pronunciations of exactly the model's words (CMU format).
        fingerprint: Hash of the sentences and build options (the cache key).
        sentences: Sentences the model was estimated from.
        words: Words in its vocabulary (background words included).
        derived: Words not in the CMU dictionary, pronounced from espeak-ng's rules.
        dropped: Words without a pronunciation; sentences holding them were left out.
    """

    lm_path: Path
    dict_path: Path
    fingerprint: str
    sentences: int
    words: int
    derived: tuple[str, ...]
    dropped: tuple[str, ...]


def builtin_sentences() -> list[str]:
    """Every example utterance shipped with the built-in agents (`agents/examples/*.txt`)."""
    folder = files("sightline.agents") / "examples"
    texts = sorted((f for f in folder.iterdir() if f.name.endswith(".txt")), key=lambda f: f.name)
    return [line.strip() for f in texts for line in f.read_text("utf-8").splitlines() if line]


def general_unigrams(top: int) -> dict[str, float]:
    """The `top` most probable words of pocketsphinx's general US English model.

    Returns:
        Word → unigram probability (not renormalised), for words of the bundled dictionary.
    """
    model = pocketsphinx.NGramModel.readfile(pocketsphinx.get_model_path("en-us/en-us.lm.bin"))
    logmath = pocketsphinx.LogMath()
    with cmudict_path().open(encoding="utf-8") as lines:
        vocab = {line.split(" ", 1)[0] for line in lines if "(" not in line.split(" ", 1)[0]}
    scored = sorted(((model.prob([w]), w) for w in vocab if w.isalpha()), reverse=True)
    return {w: float(logmath.exp(score)) for score, w in scored[:top] if score > -(10**8)}


def fingerprint(sentences: Iterable[str], **options: object) -> str:
    """A stable hash of the (normalised) sentences, in order, and the build options."""
    digest = hashlib.sha256(json.dumps([FORMAT_VERSION, options], sort_keys=True).encode())
    for sentence in sentences:
        digest.update(sentence.encode("utf-8") + b"\n")
    return digest.hexdigest()[:20]


def build_domain_model(
    sentences: Iterable[str],
    cache_dir: Path,
    background_words: int = 0,
    background_weight: float = 0.0,
) -> DomainModel:
    """Build (or find in the cache) the domain LM and dictionary for a set of sentences.

    Sentences are normalised (`normalise_text`); a trigram interpolated Kneser-Ney model is
    estimated from them; pronunciations come from the CMU dictionary, else from espeak-ng's
    rules mapped to CMU phones; sentences with a word that has neither are left out.
    Blocking (a second or two the first time): run it in a worker thread.

    Args:
        sentences: Utterances, e.g. `builtin_sentences()` plus plugin agents' `examples`.
        cache_dir: Where `speech/<fingerprint>/` is written; reused when it exists.
        background_words: Also admit this many of the general model's most frequent words.
        background_weight: Unigram share of those background words (0 to < 1).

    Returns:
        The model's files and how it was built.
    """
    tokenised = [ws for ws in (words(t) for t in sentences) if ws]
    key = fingerprint(
        (" ".join(ws) for ws in tokenised), background=background_words, weight=background_weight
    )
    folder = cache_dir / "speech" / key
    info_path = folder / "model.json"
    if info_path.exists():
        info = json.loads(info_path.read_text(encoding="utf-8"))
        return _from_info(folder, info)
    background = general_unigrams(background_words) if background_words else {}
    prons, derived, dropped = pronounce({w for ws in tokenised for w in ws} | set(background))
    missing = set(dropped)
    kept = [ws for ws in tokenised if not missing.intersection(ws)]
    lm = estimate_lm(kept, background=background, background_weight=background_weight)
    folder.mkdir(parents=True, exist_ok=True)
    lm_path, dict_path = folder / "domain.arpa", folder / "domain.dict"
    write_arpa(lm, lm_path)
    vocab = [w for w in lm.vocabulary if not w.startswith("<")]
    dict_path.write_text(_dictionary(vocab, prons), encoding="utf-8")
    model = DomainModel(
        lm_path, dict_path, key, len(kept), len(vocab), tuple(derived), tuple(dropped)
    )
    info = {k: v for k, v in asdict(model).items() if not k.endswith("_path")}
    scratch = folder / f"model.json.{os.getpid()}"
    scratch.write_text(json.dumps(info, indent=1), encoding="utf-8")
    scratch.replace(info_path)  # written last: a folder without it is rebuilt
    return model


def _dictionary(vocab: list[str], prons: dict[str, list[str]]) -> str:
    lines = []
    for word in vocab:
        for i, phones in enumerate(prons[word]):
            lines.append(f"{word if i == 0 else f'{word}({i + 1})'} {phones}")
    return "\n".join(lines) + "\n"


def _from_info(folder: Path, info: dict[str, object]) -> DomainModel:
    def _strings(key: str) -> tuple[str, ...]:
        value = info.get(key, [])
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    return DomainModel(
        lm_path=folder / "domain.arpa",
        dict_path=folder / "domain.dict",
        fingerprint=str(info["fingerprint"]),
        sentences=int(str(info["sentences"])),
        words=int(str(info["words"])),
        derived=_strings("derived"),
        dropped=_strings("dropped"),
    )

"""Pronunciations and the generated domain model (cached by fingerprint)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pocketsphinx
import pytest

from sightline.speech import domain as domain_module
from sightline.speech import pronounce as pronounce_module
from sightline.speech.arpa import parse_arpa
from sightline.speech.domain import DomainModel, build_domain_model, builtin_sentences
from sightline.speech.pronounce import CMU_PHONES, espeak_to_cmu, load_cmudict, pronounce

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (Debian `espeak-ng`)"
)


def test_cmudict_lookup_keeps_variants_and_skips_unknown_words() -> None:
    found = load_cmudict({"the", "pharmacy", "zzzqx"})
    assert found["pharmacy"] == ["F AA R M AH S IY"]
    assert len(found["the"]) >= 2
    assert "zzzqx" not in found


def test_espeak_phonemes_map_to_cmu_phones() -> None:
    assert espeak_to_cmu("S_I_b_'u:_j_@") == "SH IH B UW Y AH"
    assert espeak_to_cmu("'e@_p_0_d_z") == "EH R P AA D Z"
    assert espeak_to_cmu("f_'e@_r_V_z") == "F EH R AH Z"  # no doubled R
    assert espeak_to_cmu("d_I#_l_'I_v_3_r_,u:") == "D IH L IH V ER R UW"
    assert espeak_to_cmu("q_Q") is None
    assert espeak_to_cmu("") is None


@needs_espeak
def test_words_outside_cmudict_are_pronounced_with_espeak() -> None:
    found, derived, dropped = pronounce(["play", "airpods", "shibuya", "<s>"])
    assert derived == ["airpods", "shibuya"] and dropped == []
    assert found["play"] == ["P L EY"]
    for word in derived:
        assert set(found[word][0].split()) <= CMU_PHONES


def test_without_espeak_unknown_words_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pronounce_module.shutil, "which", lambda _name: None)
    found, derived, dropped = pronounce(["play", "airpods"])
    assert list(found) == ["play"] and derived == [] and dropped == ["airpods"]


def test_builtin_sentences_are_every_agents_examples() -> None:
    sentences = builtin_sentences()
    assert len(sentences) > 2000
    assert "play some music" in sentences and "pay this" in sentences


@needs_espeak
def test_domain_model_files_match_each_other(domain_model: DomainModel) -> None:
    lm = parse_arpa(domain_model.lm_path.read_text(encoding="utf-8"))
    dictionary = domain_model.dict_path.read_text(encoding="utf-8").splitlines()
    words = {line.split()[0].split("(")[0] for line in dictionary}
    assert words == {w for w in lm.vocabulary if not w.startswith("<")}
    assert domain_model.words == len(words) > 2000
    assert domain_model.dropped == ()
    assert "airpods" in domain_model.derived
    assert all(set(line.split()[1:]) <= CMU_PHONES for line in dictionary)
    decoder = pocketsphinx.Decoder(
        lm=str(domain_model.lm_path), dict=str(domain_model.dict_path), loglevel="FATAL"
    )
    assert decoder.lookup_word("airpods")


def test_domain_model_is_cached_by_fingerprint(
    domain_model: DomainModel, speech_cache: Path
) -> None:
    started = time.perf_counter()
    again = build_domain_model(builtin_sentences(), speech_cache)
    assert time.perf_counter() - started < 0.5
    assert again == domain_model
    other = build_domain_model(["play some jazz", "pay this"], speech_cache)
    assert other.fingerprint != domain_model.fingerprint
    assert (other.sentences, other.words) == (2, 5)


def test_sentences_with_unpronounceable_words_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pronounce_module.shutil, "which", lambda _name: None)
    model = build_domain_model(["play some jazz", "play zqxwv now", "pay this"], tmp_path)
    assert model.dropped == ("zqxwv",)
    assert model.sentences == 2
    assert "zqxwv" not in model.dict_path.read_text(encoding="utf-8")


def test_general_model_vocabulary_can_be_mixed_in(tmp_path: Path) -> None:
    top = domain_module.general_unigrams(200)
    assert len(top) == 200 and "the" in top
    model = build_domain_model(
        ["play some jazz"], tmp_path, background_words=200, background_weight=0.1
    )
    assert model.words > 200

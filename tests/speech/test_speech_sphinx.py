"""Real pocketsphinx decoding of flite-spoken commands, streamed; its errors and fallback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from speech_helpers import synthesize, tone

from sightline.errors import SightlineError
from sightline.speech.domain import DomainModel
from sightline.speech.sphinx import PocketsphinxSTT
from sightline.speech.stt import SttStream
from sightline.speech.wer import WerCounter

COMMANDS = [
    ("play some jazz", "slt"),
    ("take me to the nearest pharmacy", "rms"),
    ("is this cheaper online", "awb"),
    ("pay this", "kal16"),
    ("when does my flight board", "slt"),
    ("what time is it", "rms"),
]
OPEN_SPEECH = "the committee will publish its findings after the summer recess"


async def _feed(stream: SttStream, pcm: bytes, chunk: int = 3200) -> None:
    for i in range(0, len(pcm), chunk):
        await stream.feed(pcm[i : i + chunk])


@pytest.fixture
async def stt(speech_cache: Path, domain_model: DomainModel) -> AsyncIterator[PocketsphinxSTT]:
    recogniser = PocketsphinxSTT(speech_cache, mode="auto", max_streams=1)
    yield recogniser
    await recogniser.aclose()


async def test_commands_are_recognised_while_streamed(
    stt: PocketsphinxSTT, flite: str, tmp_path: Path
) -> None:
    counter = WerCounter()
    for text, voice in COMMANDS:
        pcm = synthesize(flite, text, voice, tmp_path)
        async with stt.stream("en-US") as stream:
            await _feed(stream, pcm)
            partial = await stream.partial()
            result = await stream.finish()
        assert partial is not None and not partial.is_final
        assert result.is_final and result.language == "en-US"
        assert result.model == "pocketsphinx/domain", result
        assert result.confidence is None or 0.0 <= result.confidence <= 1.0
        assert result.audio_ms == pytest.approx(len(pcm) / 32, abs=1)
        assert result.elapsed_ms < 1000  # measured ~10-60 ms; generous for busy machines
        counter.add(text, result.text)
    assert counter.wer <= 0.15, counter
    assert counter.exact >= len(COMMANDS) - 2


async def test_open_speech_falls_back_to_the_general_model(
    stt: PocketsphinxSTT, flite: str, tmp_path: Path
) -> None:
    result = await stt.transcribe(synthesize(flite, OPEN_SPEECH, "slt", tmp_path))
    assert result.model == "pocketsphinx/general"
    assert WerCounter().add(OPEN_SPEECH, result.text) <= 3, result.text


async def test_domain_only_mode_forces_commands(
    speech_cache: Path, domain_model: DomainModel, flite: str, tmp_path: Path
) -> None:
    domain = PocketsphinxSTT(speech_cache, mode="domain")
    try:
        result = await domain.transcribe(synthesize(flite, "play some jazz", "awb", tmp_path))
        assert (result.text, result.model) == ("play some jazz", "pocketsphinx/domain")
        assert domain.domain_model == domain_model
    finally:
        await domain.aclose()


async def test_bad_audio_and_misuse_give_stable_codes(stt: PocketsphinxSTT) -> None:
    cases = [
        (stt.transcribe(b""), "empty_audio"),
        (stt.transcribe(b"\x00\x01\x02"), "bad_audio"),
    ]
    for call, code in cases:
        with pytest.raises(SightlineError) as error:
            await call
        assert error.value.code == code
    stream = stt.stream()
    with pytest.raises(SightlineError) as odd:
        await stream.feed(b"\x00")
    assert odd.value.code == "bad_audio"
    with pytest.raises(SightlineError) as empty:
        await stream.finish()
    assert empty.value.code == "empty_audio"
    with pytest.raises(SightlineError) as closed:
        await stream.feed(b"\x00\x00")
    assert closed.value.code == "stream_closed"
    with pytest.raises(SightlineError) as language:
        stt.stream("fr")
    assert language.value.code == "unsupported_language"
    with pytest.raises(SightlineError) as mode:
        PocketsphinxSTT(Path("."), mode="fast")
    assert mode.value.code == "bad_config"


async def test_cancelled_utterances_free_their_decoders(stt: PocketsphinxSTT) -> None:
    for _ in range(3):  # max_streams=1: a leaked decoder set would block the next stream
        async with stt.stream() as stream:
            await stream.feed(tone(0.3))
    result = await asyncio.wait_for(stt.transcribe(tone(0.5)), timeout=10)
    assert result.is_final


@pytest.mark.parametrize(
    ("text", "voice", "agent"),
    [
        ("play some jazz", "slt", "music"),
        ("take me to the nearest pharmacy", "rms", "navigation"),
        ("is this cheaper online", "awb", "shopping"),
        ("pay this bill", "kal16", "payment"),
        ("when does my flight board", "slt", "travel"),
    ],
)
async def test_each_agent_reads_the_command_and_its_own_agent_fits_best(
    stt: PocketsphinxSTT, flite: str, tmp_path: Path, text: str, voice: str, agent: str
) -> None:
    result = await stt.transcribe(synthesize(flite, text, voice, tmp_path))
    readings = {alt.agent: alt for alt in result.alternatives}
    assert (
        set(readings)
        == set(stt.agent_models)
        == {"assistant", "memory", "music", "navigation", "payment", "shopping", "travel"}
    )
    best = max(readings.values(), key=lambda alt: alt.evidence)
    assert best.evidence == 0.0 and all(alt.evidence <= 0.0 for alt in readings.values())
    assert best.agent == agent, readings
    assert WerCounter().add(text, best.text) <= 1, best.text


async def test_without_agent_models_there_are_no_readings(
    speech_cache: Path, domain_model: DomainModel, flite: str, tmp_path: Path
) -> None:
    plain = PocketsphinxSTT(speech_cache, mode="domain", agent_models=False)
    try:
        result = await plain.transcribe(synthesize(flite, "play some jazz", "rms", tmp_path))
        assert result.text == "play some jazz" and result.alternatives == ()
        assert plain.agent_models == {}
    finally:
        await plain.aclose()

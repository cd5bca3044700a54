"""Cloud back-ends against a local fake server; optional back-ends name their extra."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_audio_server import FakeAudioServer, running
from speech_helpers import tone

from sightline.errors import SightlineError
from sightline.speech.factory import build_stt, build_tts
from sightline.speech.openai_stt import OpenAITranscriptionSTT
from sightline.speech.openai_tts import OpenAISpeechTTS
from sightline.speech.sphinx import PocketsphinxSTT


@pytest.fixture
def server() -> Iterator[FakeAudioServer]:
    with running(FakeAudioServer()) as fake:
        yield fake


async def test_transcription_endpoint(server: FakeAudioServer) -> None:
    stt = build_stt("openai", base_url=server.base_url, api_key="k", model="whisper-1")
    assert isinstance(stt, OpenAITranscriptionSTT) and not stt.capabilities.offline
    result = await stt.transcribe(tone(0.5), language="en-US")
    assert (result.text, result.language, result.model) == (
        "play some jazz",
        "en-US",
        "openai/whisper-1",
    )
    body = server.uploads[-1]
    assert b"RIFF" in body and b"WAVE" in body and b"whisper-1" in body
    assert b'name="language"' in body
    async with stt.stream() as stream:  # the buffered stream: transcribed on finish
        await stream.feed(tone(0.2))
        await stream.feed(tone(0.2))
        streamed = await stream.finish()
    assert streamed.text == "play some jazz" and streamed.audio_ms == pytest.approx(400)
    await stt.aclose()


async def test_transcription_errors(server: FakeAudioServer) -> None:
    stt = OpenAITranscriptionSTT(server.base_url, api_key=None)
    with pytest.raises(SightlineError) as empty:
        await stt.transcribe(b"")
    assert empty.value.code == "empty_audio" and not server.uploads
    server.status = 500
    with pytest.raises(SightlineError) as failed:
        await stt.transcribe(tone(0.2))
    assert failed.value.code == "stt_failed"
    down = OpenAITranscriptionSTT("http://127.0.0.1:9/v1", api_key="k", timeout_s=1)
    with pytest.raises(SightlineError) as refused:
        await down.transcribe(tone(0.2))
    assert refused.value.code == "stt_failed"


async def test_speech_endpoint_streams_16k_pcm(server: FakeAudioServer) -> None:
    tts = build_tts("openai", base_url=server.base_url, api_key="k", voice="nova")
    assert isinstance(tts, OpenAISpeechTTS)
    chunks = [chunk async for chunk in tts.synthesize("Hello there.")]
    assert len(chunks) > 1 and all(len(c) % 2 == 0 for c in chunks)
    assert len(b"".join(chunks)) == pytest.approx(32000, abs=64)  # 1 s at 16 kHz
    sent = server.speech_requests[-1]
    assert (sent["voice"], sent["response_format"], sent["input"]) == (
        "nova",
        "pcm",
        "Hello there.",
    )
    server.status = 503
    with pytest.raises(SightlineError) as failed:
        await tts.synthesize_all("Hello.")
    assert failed.value.code == "tts_failed"
    await tts.aclose()


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@pytest.mark.parametrize(
    ("kind", "name", "module", "extra", "options"),
    [
        ("stt", "sensevoice", "funasr", "sensevoice", {}),
        ("tts", "piper", "piper", "piper", {"model_path": Path("voice.onnx")}),
    ],
)
def test_missing_extras_name_the_pip_extra(
    kind: str, name: str, module: str, extra: str, options: dict[str, object]
) -> None:
    if _installed(module):
        pytest.skip(f"{module} is installed here")
    build = build_stt if kind == "stt" else build_tts
    with pytest.raises(SightlineError) as missing:
        build(name, **options)
    assert missing.value.code == "backend_missing"
    assert f"pip install 'sightline[{extra}]'" in missing.value.message


def test_factory_errors(tmp_path: Path) -> None:
    with pytest.raises(SightlineError) as unknown:
        build_stt("vosk")
    assert unknown.value.code == "unknown_backend" and "pocketsphinx" in unknown.value.message
    with pytest.raises(SightlineError) as unknown_tts:
        build_tts("festival")
    assert unknown_tts.value.code == "unknown_backend"
    with pytest.raises(SightlineError) as bad:
        build_stt("pocketsphinx", cache_dir=tmp_path, colour="blue")
    assert bad.value.code == "bad_config"
    assert isinstance(build_stt("pocketsphinx", cache_dir=tmp_path), PocketsphinxSTT)

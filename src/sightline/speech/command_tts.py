"""Embedded synthesisers run as programs: flite (default) and espeak-ng, sentence by sentence."""

from __future__ import annotations

import asyncio
import struct
from abc import abstractmethod
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

from sightline.errors import SightlineError
from sightline.speech.audio import PcmResampler
from sightline.speech.extras import require_binary
from sightline.speech.tts import TextToSpeech, TtsCapabilities, split_sentences

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sightline.config import Settings

FLITE_VOICES = ("slt", "rms", "awb", "kal16", "kal", "awb_time")
"""flite's built-in voices (Debian's `flite`); a path to a `.flitevox` file works too."""

_READ_SIZE = 4096


async def _wav_header(stdout: asyncio.StreamReader) -> int:
    """Read a WAV header up to its data chunk; return the sample rate (16-bit mono only)."""
    riff = await stdout.readexactly(12)
    if riff[:4] != b"RIFF" or riff[8:12] != b"WAVE":
        raise SightlineError("tts_failed", "the synthesiser did not write a WAV stream")
    rate = 0
    while True:
        chunk_id, size = struct.unpack("<4sI", await stdout.readexactly(8))
        if chunk_id == b"data":
            return rate
        body = await stdout.readexactly(size + size % 2)
        if chunk_id == b"fmt ":
            _fmt, channels, rate, _rate, _align, bits = struct.unpack("<HHIIHH", body[:16])
            if channels != 1 or bits != 16:
                raise SightlineError("tts_failed", f"unexpected WAV: {channels} ch, {bits} bit")


class CommandTTS(TextToSpeech):
    """Runs a program per sentence that writes a 16-bit mono WAV to stdout; streams its samples
    as they arrive, resampled to 16 kHz. The program is killed if the consumer stops early."""

    default_voice = ""

    @abstractmethod
    def command(self, sentence: str, voice: str) -> list[str]:
        """The program and its arguments to speak one sentence."""

    async def synthesize(self, text: str, voice: str | None = None) -> AsyncIterator[bytes]:
        """Speak sentence by sentence (see `TextToSpeech.synthesize`)."""
        chosen = voice or self.default_voice
        self.check_voice(chosen)
        for sentence in split_sentences(text):
            async for chunk in self._speak(sentence, chosen):
                yield chunk

    def check_voice(self, voice: str) -> None:
        """Raise SightlineError `unknown_voice` for a voice this back-end does not have."""

    async def _speak(self, sentence: str, voice: str) -> AsyncIterator[bytes]:
        argv = self.command(sentence, voice)
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        try:
            try:
                resampler = PcmResampler(await _wav_header(process.stdout))
            except asyncio.IncompleteReadError:
                error = (await process.stderr.read()).decode(errors="replace").strip()
                code = "unknown_voice" if "voice" in error.lower() else "tts_failed"
                raise SightlineError(code, f"{self.name}: {error or 'no audio'}") from None
            while data := await process.stdout.read(_READ_SIZE):
                if out := resampler.push(data):
                    yield out
            if tail := resampler.push(b"", last=True):
                yield tail
            await process.wait()
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


class FliteTTS(CommandTTS):
    """flite (CMU), the default embedded voice: `flite -voice <v> -t TEXT -o /dev/stdout`.

    Args:
        voice: Default voice: one of `FLITE_VOICES` or a `.flitevox` file.

    Raises:
        SightlineError: `backend_missing` when flite is not installed (Debian package `flite`).
    """

    name = "flite"
    capabilities = TtsCapabilities(
        streaming=True, languages=("en",), voices=FLITE_VOICES, offline=True
    )

    def __init__(self, voice: str = "slt") -> None:
        self._binary = require_binary("flite", "flite")
        self.check_voice(voice)
        self.default_voice = voice

    def check_voice(self, voice: str) -> None:
        """flite silently falls back to another voice, so names are checked here."""
        if voice not in FLITE_VOICES and not (voice.endswith(".flitevox") and Path(voice).exists()):
            raise SightlineError(
                "unknown_voice", f"flite has no voice {voice!r} (have {', '.join(FLITE_VOICES)})"
            )

    def command(self, sentence: str, voice: str) -> list[str]:
        """flite writes the whole sentence's WAV once synthesised."""
        return [self._binary, "-voice", voice, "-t", sentence, "-o", "/dev/stdout"]


class EspeakTTS(CommandTTS):
    """espeak-ng: many languages, robotic but tiny: `espeak-ng --stdout -v <voice> TEXT`.

    Args:
        voice: Default voice, e.g. "en-us", "en-gb", "de", "zh" (see `espeak-ng --voices`).
        rate: Words per minute.

    Raises:
        SightlineError: `backend_missing` when espeak-ng is not installed (Debian `espeak-ng`).
    """

    name = "espeak-ng"
    capabilities = TtsCapabilities(streaming=True, languages=None, voices=(), offline=True)

    def __init__(self, voice: str = "en-us", rate: int = 175) -> None:
        self._binary = require_binary("espeak-ng", "espeak-ng")
        self.default_voice = voice
        self._rate = rate

    def command(self, sentence: str, voice: str) -> list[str]:
        """A leading space keeps text starting with '-' from being read as an option."""
        return [self._binary, "--stdout", "-v", voice, "-s", str(self._rate), " " + sentence]


def options_from_settings(
    settings: Settings, examples: Mapping[str, Sequence[str]] | None
) -> dict[str, object]:
    """The voice from configuration (`SIGHTLINE_TTS_VOICE`), when one is set."""
    return {"voice": settings.tts_voice} if settings.tts_voice else {}

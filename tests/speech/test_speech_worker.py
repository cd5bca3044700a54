"""pocketsphinx decodes in a process of its own: a crash there fails one call, not the hub."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from speech_helpers import synthesize

from sightline.errors import SightlineError
from sightline.speech.domain import DomainModel
from sightline.speech.sphinx import PocketsphinxSTT


async def test_a_killed_decoding_process_fails_the_utterance_and_is_restarted(
    speech_cache: Path, domain_model: DomainModel, flite: str, tmp_path: Path
) -> None:
    stt = PocketsphinxSTT(speech_cache, mode="domain", agent_models=False)
    pcm = synthesize(flite, "play some jazz", "slt", tmp_path)
    try:
        assert (await stt.transcribe(pcm)).text == "play some jazz"
        worker = stt.worker
        assert worker is not None and worker.pid is not None and worker.pid != os.getpid()
        stream = stt.stream()
        await stream.feed(pcm[: len(pcm) // 2])
        os.kill(worker.pid, signal.SIGKILL)
        with pytest.raises(SightlineError) as failed:
            await stream.feed(pcm[len(pcm) // 2 :])
            await stream.finish()
        assert failed.value.code == "stt_failed"
        await stream.cancel()
        assert (await stt.transcribe(pcm)).text == "play some jazz"  # a new process
    finally:
        await stt.aclose()
    assert stt.worker is not None and stt.worker.pid is None

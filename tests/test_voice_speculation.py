"""The transcriber hears when speech seems to end and resume, and unsure turns ask again."""

from __future__ import annotations

from typing import cast

from pipecat.tests.utils import run_test

from sightline.conversation import Conversation
from sightline.conversation.events import ShowCard, Speak, TraceOut, Utterance
from sightline.conversation.not_heard import NOT_HEARD, SAY_AGAIN
from sightline.speech.stt import Transcript
from sightline.turns import TurnRunner
from sightline.voice.frames import (
    RequestFrame,
    UtteranceAudioFrame,
    UtteranceEndFrame,
    UtteranceStartFrame,
)
from sightline.voice.heard import UtteranceOutProcessor
from sightline.voice.transcribe import TranscribeProcessor

CHUNK = b"\x01\x00" * 320


class RecordingTranscriber:
    """A transcriber that records what the processor tells it."""

    def __init__(self, heard: Transcript) -> None:
        self.events: list[str] = []
        self._heard = heard

    async def begin(self) -> None:
        self.events.append("begin")

    async def feed(self, pcm: bytes) -> None:
        self.events.append("feed")

    async def end(self) -> Transcript:
        self.events.append("end")
        return self._heard

    async def partial(self) -> Transcript:
        return Transcript("", None, "en", is_final=False)

    def speculate(self) -> None:
        self.events.append("speculate")

    def resumed(self) -> None:
        self.events.append("resumed")


async def test_speculation_starts_when_speaking_stops_and_is_dropped_when_it_resumes() -> None:
    heard = Transcript("play some jazz", 0.3, "en", unsure=True)
    transcriber = RecordingTranscriber(heard)
    frames = [
        UtteranceStartFrame(),
        UtteranceAudioFrame(audio=CHUNK, voiced=True, speaking=True),
        UtteranceAudioFrame(audio=CHUNK, voiced=True, speaking=False),
        UtteranceAudioFrame(audio=CHUNK, voiced=True, speaking=True),
        UtteranceAudioFrame(audio=CHUNK, voiced=True, speaking=False),
        UtteranceAudioFrame(audio=CHUNK, voiced=False, speaking=False),
        UtteranceEndFrame(speech_end=0.0, turn_end=0.0),
    ]
    down, _ = await run_test(TranscribeProcessor(transcriber), frames_to_send=frames)
    assert [e for e in transcriber.events if e != "feed"] == [
        "begin",
        "speculate",
        "resumed",
        "speculate",
        "end",
    ]
    requests = [f for f in down if isinstance(f, RequestFrame)]
    assert len(requests) == 1 and requests[0].unsure


async def test_a_transcript_leaves_the_pipeline_as_an_utterance_and_nothing_comes_back() -> None:
    heard: list[Utterance] = []

    async def utterances(utterance: Utterance) -> None:
        heard.append(utterance)

    frames = [RequestFrame(text="pay this", unsure=True)]
    down, _ = await run_test(UtteranceOutProcessor(utterances), frames_to_send=frames)
    assert [u.text for u in heard] == ["pay this"] and heard[0].unsure
    assert not [f for f in down if isinstance(f, RequestFrame)]


async def test_an_unsure_utterance_gets_say_again_and_runs_no_agent() -> None:
    class NoRunner:
        async def run(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("an unsure utterance ran a turn")

    conversation = Conversation(cast(TurnRunner, NoRunner()))
    out = await conversation.handle(Utterance("pay this", unsure=True))
    shown = [e for e in out if isinstance(e, ShowCard)]
    assert len(shown) == 1
    result = shown[0].result
    assert result.reply.card.title == SAY_AGAIN and result.error is not None
    assert result.error["code"] == NOT_HEARD
    assert result.route.agent == "hub" and result.reply.confirm is None
    assert [type(e) for e in out] == [ShowCard, Speak, TraceOut]

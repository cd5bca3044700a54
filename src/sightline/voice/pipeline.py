"""A session's voice pipeline on Pipecat: one input source and one output stage.

device audio ─▶ turn taking (RNNoise, Silero VAD, Smart Turn v3) ─▶ transcribe (streaming STT)
  ─▶ heard: an `Utterance` out to the conversation (nothing comes back this way)
`speak(text, turn_id)` ─▶ speak (TTS, barge-in) ─▶ audio output to the device

It never calls the hub: the device session passes in where utterances and audio go.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from pipecat.audio.filters.rnnoise_filter import RNNoiseFilter
from pipecat.audio.turn.smart_turn.base_smart_turn import SmartTurnParams
from pipecat.audio.vad.vad_analyzer import VADParams
from pipecat.frames.frames import EndFrame, Frame, InputAudioRawFrame
from pipecat.pipeline.pipeline import Pipeline
from pipecat.pipeline.task import PipelineParams
from pipecat.pipeline.worker import PipelineWorker
from pipecat.workers.runner import WorkerRunner

from sightline.voice.device_output import AudioOutputProcessor, AudioSink
from sightline.voice.frames import EndUtteranceFrame, SpeakFrame
from sightline.voice.heard import UtteranceOutProcessor, UtteranceSink
from sightline.voice.shared_models import SharedSileroVAD, SharedSmartTurn
from sightline.voice.speak import SpeakProcessor, SpeechSynthesizer
from sightline.voice.transcribe import TranscribeProcessor, UtteranceTranscriber
from sightline.voice.turn_taking import SAMPLE_RATE, TurnTakingProcessor

START_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class VoiceOptions:
    """How a session listens.

    Attributes:
        vad_stop_secs: Silence after which the voice detector reports a pause.
        vad_confidence: Silero's speech probability threshold.
        smart_turn: Ask Smart Turn v3 whether a pause ends the turn (else every pause does).
        turn_silence_secs: Silence that ends a turn Smart Turn judged unfinished.
        noise_suppression: Clean the audio with RNNoise before detection and recognition.
        preroll_ms: Audio kept from before speech was detected.
    """

    vad_stop_secs: float = 0.2
    vad_confidence: float = 0.7
    smart_turn: bool = True
    turn_silence_secs: float = 1.0
    noise_suppression: bool = False
    preroll_ms: int = 500


class VoicePipeline:
    """One session's running pipeline.

    Args:
        transcriber: Streaming speech to text for this session.
        utterances: Where each heard utterance goes (the conversation).
        tts: Speech synthesis, or None for display only.
        audio: Where the synthesised speech goes (the device).
        options: Turn-taking settings.
        end_check: Semantic end of turn (see `TurnTakingProcessor`).
    """

    def __init__(
        self,
        *,
        transcriber: UtteranceTranscriber,
        utterances: UtteranceSink,
        tts: SpeechSynthesizer | None,
        audio: AudioSink,
        options: VoiceOptions = VoiceOptions(),
        end_check: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        self._parts = (transcriber, utterances, tts, audio, options, end_check)
        self.speaks = tts is not None
        self._worker: PipelineWorker | None = None
        self._started = asyncio.Event()
        self._run: asyncio.Task[None] | None = None
        self._building = asyncio.Lock()
        self._live = False

    @property
    def built(self) -> bool:
        """Whether the Pipecat pipeline exists (it is made on the first frame)."""
        return self._worker is not None

    def _build(self) -> PipelineWorker:
        transcriber, utterances, tts, audio, options, end_check = self._parts
        vad = SharedSileroVAD(
            sample_rate=SAMPLE_RATE,
            params=VADParams(stop_secs=options.vad_stop_secs, confidence=options.vad_confidence),
        )
        turn = (
            SharedSmartTurn(
                sample_rate=SAMPLE_RATE,
                params=SmartTurnParams(stop_secs=options.turn_silence_secs),
            )
            if options.smart_turn
            else None
        )
        turn_taking = TurnTakingProcessor(
            vad=vad,
            turn_analyzer=turn,
            noise_filter=RNNoiseFilter() if options.noise_suppression else None,
            end_check=end_check,
            preroll_ms=options.preroll_ms,
        )
        pipeline = Pipeline(
            [
                turn_taking,
                TranscribeProcessor(transcriber),
                UtteranceOutProcessor(utterances),
                SpeakProcessor(tts),
                AudioOutputProcessor(audio),
            ]
        )
        worker = PipelineWorker(
            pipeline,
            cancel_on_idle_timeout=False,
            idle_timeout_secs=None,
            enable_rtvi=False,
            params=PipelineParams(audio_in_sample_rate=SAMPLE_RATE),
        )

        async def _on_started(_worker: object, _frame: object) -> None:
            self._started.set()

        worker.add_event_handler("on_pipeline_started", _on_started)
        return worker

    async def start(self) -> None:
        """Let frames in; the pipeline itself (models, tasks) is made on the first frame, so
        a session that never speaks costs almost nothing."""
        self._live = True

    async def _running(self) -> PipelineWorker:
        """The running pipeline, made and started on first use."""
        async with self._building:
            if self._worker is None:
                worker = self._build()
                runner = WorkerRunner(handle_sigint=False, check_dangling_tasks=False)
                await runner.add_workers(worker)
                self._worker = worker
                self._run = asyncio.create_task(runner.run(), name="voice-pipeline")
                await asyncio.wait_for(self._started.wait(), START_TIMEOUT_S)
            return self._worker

    async def push_audio(self, pcm: bytes) -> None:
        """Feed 16 kHz mono 16-bit PCM from the microphone."""
        await self.push(InputAudioRawFrame(audio=pcm, sample_rate=SAMPLE_RATE, num_channels=1))

    async def push(self, frame: Frame) -> None:
        """Put any frame in at the start of the pipeline."""
        if not self._live:
            return
        worker = self._worker or await self._running()
        await worker.queue_frame(frame)

    async def speak(self, text: str, turn_id: str) -> None:
        """Say `text` for turn `turn_id` (cutting speech still playing); nothing without a voice."""
        if self.speaks and text.strip():
            await self.push(SpeakFrame(text=text, turn_id=turn_id))

    async def end_utterance(self, reason: str) -> None:
        """End the utterance in progress now (push-to-talk released)."""
        if self._worker is not None:  # nothing was said before the pipeline existed
            await self.push(EndUtteranceFrame(reason=reason))

    async def stop(self) -> None:
        """Finish and tear down the pipeline."""
        self._live = False
        async with self._building:
            worker, run = self._worker, self._run
            if worker is None or run is None:
                return
            await worker.queue_frame(EndFrame())
            try:
                await asyncio.wait_for(asyncio.shield(run), 5.0)
            except TimeoutError:
                await worker.cancel()
                run.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await run
            self._run = None
            self._worker = None

"""Turn taking: Silero VAD finds speech, Smart Turn v3 decides when the wearer has finished.

Mirrors Pipecat's own turn-analyzer strategy: when the voice detector reports a pause (its
`stop_secs` of silence), Smart Turn looks at the whole utterance; "complete" ends the turn at
once, "incomplete" keeps listening until the wearer speaks again or a longer silence passes.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable

from pipecat.audio.filters.base_audio_filter import BaseAudioFilter
from pipecat.audio.turn.base_turn_analyzer import BaseTurnAnalyzer, EndOfTurnState
from pipecat.audio.vad.vad_analyzer import VADAnalyzer, VADState
from pipecat.frames.frames import Frame, InputAudioRawFrame, StartFrame
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor

from sightline.voice.frames import (
    EndUtteranceFrame,
    UtteranceAudioFrame,
    UtteranceEndFrame,
    UtteranceStartFrame,
)

SAMPLE_RATE = 16_000
BYTES_PER_MS = SAMPLE_RATE * 2 // 1000


class TurnTakingProcessor(FrameProcessor):
    """Turns a stream of microphone audio into utterances.

    Args:
        vad: The voice activity detector (Silero in production).
        turn_analyzer: Decides end of turn on a pause; None ends turns on the detector's pause.
        noise_filter: Cleans audio before detection and recognition; None passes it through.
        end_check: Asked on a pause Smart Turn judged unfinished: True ends the turn (the words
            so far make a whole command).
        recheck_ms: While the pause lasts, Smart Turn and `end_check` are asked again this often
            (more silence makes Smart Turn surer).
        preroll_ms: Audio kept from before speech is detected.
        max_utterance_ms: An utterance this long is ended regardless.
        clock: Seconds on a monotonic clock (`time.perf_counter`), injectable for tests.
    """

    def __init__(
        self,
        *,
        vad: VADAnalyzer,
        turn_analyzer: BaseTurnAnalyzer | None = None,
        noise_filter: BaseAudioFilter | None = None,
        end_check: Callable[[], Awaitable[bool]] | None = None,
        recheck_ms: int = 200,
        preroll_ms: int = 500,
        max_utterance_ms: int = 15_000,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        super().__init__(name="turn-taking")
        self._vad = vad
        self._turn = turn_analyzer
        self._filter = noise_filter
        self._end_check = end_check
        self._recheck_s = recheck_ms / 1000
        self._next_check: float | None = None
        self._preroll: deque[bytes] = deque()
        self._preroll_bytes = preroll_ms * BYTES_PER_MS
        self._max_bytes = max_utterance_ms * BYTES_PER_MS
        self._clock = clock
        self._in_utterance = False
        self._vad_speaking = False
        self._utterance_bytes = 0
        self._last_voiced = 0.0

    @property
    def in_utterance(self) -> bool:
        """Whether the wearer is in the middle of an utterance."""
        return self._in_utterance

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        """Analyse microphone audio; pass every other frame on."""
        await super().process_frame(frame, direction)
        if isinstance(frame, StartFrame):
            await self._start()
            await self.push_frame(frame, direction)
        elif isinstance(frame, InputAudioRawFrame):
            await self._on_audio(frame.audio)
        elif isinstance(frame, EndUtteranceFrame):
            if self._in_utterance:
                await self._finish(frame.reason)
        else:
            await self.push_frame(frame, direction)

    async def _start(self) -> None:
        self._vad.set_sample_rate(SAMPLE_RATE)
        if self._turn is not None:
            self._turn.set_sample_rate(SAMPLE_RATE)
        if self._filter is not None:
            await self._filter.start(SAMPLE_RATE)

    async def _on_audio(self, audio: bytes) -> None:
        if self._filter is not None:
            audio = await self._filter.filter(audio)
        state = await self._vad.analyze_audio(audio)
        now = self._clock()
        if state == VADState.SPEAKING:
            self._last_voiced = now
        was_speaking = self._vad_speaking
        self._vad_speaking = state in (VADState.SPEAKING, VADState.STOPPING)
        if self._in_utterance:
            speaking = state == VADState.SPEAKING
            frame = UtteranceAudioFrame(audio=audio, voiced=self._vad_speaking, speaking=speaking)
            await self.push_frame(frame)
            self._utterance_bytes += len(audio)
        else:
            self._keep_preroll(audio)
        if self._vad_speaking and not self._in_utterance:
            await self._begin()
        ended = (
            self._turn is not None
            and self._in_utterance
            and (self._turn.append_audio(audio, self._vad_speaking) == EndOfTurnState.COMPLETE)
        )
        if self._vad_speaking:
            self._next_check = None
        if ended:
            await self._finish("silence")
        elif self._in_utterance and self._pause_due(was_speaking, now):
            await self._on_pause(now)
        elif self._in_utterance and self._utterance_bytes >= self._max_bytes:
            await self._finish("max_length")

    def _pause_due(self, was_speaking: bool, now: float) -> bool:
        """A pause just began, or it goes on and is due for another look."""
        if was_speaking and not self._vad_speaking:
            return True
        return self._next_check is not None and now >= self._next_check

    async def _on_pause(self, now: float) -> None:
        if self._turn is None:
            await self._finish("vad")
            return
        self._next_check = now + self._recheck_s
        state, _ = await self._turn.analyze_end_of_turn()
        if state == EndOfTurnState.COMPLETE:
            await self._finish("smart_turn")
        elif self._end_check is not None and await self._end_check():
            await self._finish("semantic")

    async def _begin(self) -> None:
        self._in_utterance = True
        preroll = b"".join(self._preroll)
        self._preroll.clear()
        self._utterance_bytes = len(preroll)
        if self._turn is not None:
            self._turn.clear()  # type: ignore[no-untyped-call]
            self._turn.append_audio(preroll, False)
        await self.push_frame(UtteranceStartFrame(preroll=preroll))

    async def _finish(self, reason: str) -> None:
        self._in_utterance = False
        self._next_check = None
        self._utterance_bytes = 0
        if self._turn is not None:
            self._turn.clear()  # type: ignore[no-untyped-call]
        speech_end = self._last_voiced or self._clock()
        await self.push_frame(
            UtteranceEndFrame(speech_end=speech_end, turn_end=self._clock(), reason=reason)
        )

    def _keep_preroll(self, audio: bytes) -> None:
        self._preroll.append(audio)
        size = sum(len(chunk) for chunk in self._preroll)
        while self._preroll and size - len(self._preroll[0]) >= self._preroll_bytes:
            size -= len(self._preroll.popleft())

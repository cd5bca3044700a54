"""One Whisper decode of a short utterance, no timestamps, with its confidence.

faster-whisper's `transcribe()` pads every input to 30 s of features, splits long audio into
windows and may detect the language; for a spoken command we call the CTranslate2 model
directly: features of the utterance padded to `context_s` (10 s by default; CTranslate2
accepts fewer than Whisper's 3,000 frames, and the encoder's cost falls with them), `encode`,
then `generate` (beam search) with the agents' vocabulary as the previous-text prompt. The
result keeps what the gate needs: the mean token log-probability and Whisper's no-speech
probability.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from sightline.speech.audio import Samples

SAMPLE_RATE = 16_000
MAX_SAMPLES = 30 * SAMPLE_RATE
"""Whisper's window; a turn ends at 15 s anyway."""
MAX_PROMPT_TOKENS = 150
"""Whisper reads at most 223 prompt tokens; fewer keeps the decoder fast."""


@dataclass(frozen=True)
class WhisperReading:
    """What Whisper heard in one utterance.

    Attributes:
        text: The words, as Whisper writes them (punctuated, digits as digits).
        avg_logprob: Mean natural-log probability of its tokens (0 is certain).
        no_speech_prob: Whisper's probability that there was no speech at all.
        tokens: How many text tokens it wrote.
    """

    text: str
    avg_logprob: float
    no_speech_prob: float
    tokens: int

    @property
    def confidence(self) -> float:
        """exp(avg_logprob), 0 to 1: the geometric mean of the token probabilities."""
        return math.exp(self.avg_logprob)


class WhisperDecoder:
    """Decodes utterances with one loaded `faster_whisper.WhisperModel` (thread-safe: each call
    is one CTranslate2 request).

    Args:
        model: The loaded model (`load_whisper_model`).
        language: Its language when multilingual ("en"); ignored by English-only models.
        context_s: Seconds of features the encoder sees at least (the utterance, then
            silence; a longer utterance gets its whole length, up to 30 s); 30 is what
            Whisper was trained on.
        beam_size: 1 is greedy search.
    """

    def __init__(
        self, model: Any, language: str = "en", context_s: float = 10.0, beam_size: int = 4
    ) -> None:
        from faster_whisper.tokenizer import Tokenizer

        self._model = model
        multilingual = bool(model.model.is_multilingual)
        self._tokenizer = Tokenizer(
            model.hf_tokenizer,
            multilingual,
            task="transcribe",
            language=language if multilingual else "en",
        )
        self._context_samples = int(context_s * SAMPLE_RATE)
        self._beam_size = beam_size
        self._prompt_cache: dict[str, list[int]] = {}

    def prompt_tokens(self, prompt: str) -> list[int]:
        """The previous-text prompt for `prompt`: its last `MAX_PROMPT_TOKENS` tokens."""
        if prompt not in self._prompt_cache:
            tokens = self._tokenizer.encode(" " + prompt.strip())[-MAX_PROMPT_TOKENS:]
            self._prompt_cache[prompt] = [self._tokenizer.sot_prev, *tokens]
        return self._prompt_cache[prompt]

    def decode(self, samples: Samples, prompt: str = "") -> WhisperReading:
        """Recognise one utterance (blocking; CTranslate2 releases the GIL)."""
        import ctranslate2

        audio = np.asarray(samples, dtype=np.float32)[:MAX_SAMPLES]
        context = max(self._context_samples, -(-len(audio) // SAMPLE_RATE) * SAMPLE_RATE)
        audio = np.pad(audio, (0, context - len(audio)))
        features = self._model.feature_extractor(audio)
        frames = features.shape[-1] - features.shape[-1] % 2
        features = np.ascontiguousarray(features[None, :, :frames], dtype=np.float32)
        encoded = self._model.model.encode(
            ctranslate2.StorageView.from_array(features), to_cpu=False
        )
        sequence = [*self._tokenizer.sot_sequence, self._tokenizer.no_timestamps]
        start = (self.prompt_tokens(prompt) if prompt else []) + sequence
        seconds = len(samples) / SAMPLE_RATE
        result = self._model.model.generate(
            encoded,
            [start],
            beam_size=self._beam_size,
            max_length=len(start) + int(8 + 6 * seconds),
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            no_repeat_ngram_size=0,
        )[0]
        tokens = [t for t in result.sequences_ids[0] if t < self._tokenizer.eot]
        text = self._tokenizer.decode(tokens).strip()
        score = float(result.scores[0]) if result.scores else -10.0
        return WhisperReading(text, score, float(result.no_speech_prob), len(tokens))

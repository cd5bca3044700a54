"""Frames of Sightline's own that travel through a session's Pipecat pipeline.

All are system frames: Pipecat hands them to each processor at once and in order, never queued
behind audio, which keeps the time from the end of speech to the card short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipecat.frames.frames import SystemFrame

if TYPE_CHECKING:
    from sightline.sdk.context import SpokenAlternative
    from sightline.trace import TurnTrace


@dataclass
class UtteranceStartFrame(SystemFrame):
    """The wearer started speaking (also the barge-in signal).

    Parameters:
        preroll: Audio from just before the voice detector fired, so the first word is whole.
    """

    preroll: bytes = b""


@dataclass
class UtteranceAudioFrame(SystemFrame):
    """16 kHz mono PCM of the utterance in progress.

    Parameters:
        audio: The chunk.
        voiced: Whether the voice detector heard speech in it (or is still in its stop delay).
        speaking: Whether the detector is in "speaking" (False from the first sign of the
            end of speech, its stop delay included).
    """

    audio: bytes = b""
    voiced: bool = True
    speaking: bool = True


@dataclass
class UtteranceEndFrame(SystemFrame):
    """The turn is over.

    Parameters:
        speech_end: `time.perf_counter()` at the last voiced audio.
        turn_end: `time.perf_counter()` when the end of the turn was decided.
        reason: "vad", "smart_turn", "silence", "push_to_talk" or "max_length".
    """

    speech_end: float = 0.0
    turn_end: float = 0.0
    reason: str = "vad"


@dataclass
class EndUtteranceFrame(SystemFrame):
    """Asks turn taking to end the utterance in progress now (push-to-talk released)."""

    reason: str = "push_to_talk"


@dataclass
class RequestFrame(SystemFrame):
    """A final transcript.

    Parameters:
        text: What the wearer said or typed (may be empty when nothing was understood).
        trace: The turn's trace, started at the end of speech (or when the text arrived).
        alternatives: Each agent's reading of the audio, when the recogniser gives them.
        unsure: The recogniser heard speech but is not sure of the words.
    """

    text: str = ""
    trace: TurnTrace | None = None
    alternatives: tuple[SpokenAlternative, ...] = ()
    unsure: bool = False


@dataclass
class SpeakFrame(SystemFrame):
    """Words to say for a turn (a conversation's `Speak`), into the speech stage.

    Parameters:
        text: The words.
        turn_id: The turn they answer.
    """

    text: str = ""
    turn_id: str = ""

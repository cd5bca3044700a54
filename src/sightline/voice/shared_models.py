"""Turn-taking models loaded once per process and shared by every session.

Pipecat's Silero VAD and Smart Turn v3 analyzers each load their own ONNX session, tens of
megabytes a session. An ONNX session is stateless (Silero's recurrent state lives in the Python
wrapper, Smart Turn looks at a whole utterance at a time) and safe to run concurrently, so here
one session per model serves every analyzer; each analyzer keeps only its own small state.
"""

from __future__ import annotations

import functools
from importlib import resources

import onnxruntime as ort  # type: ignore[import-untyped]
from pipecat.audio.turn.smart_turn.base_smart_turn import BaseSmartTurn, SmartTurnParams
from pipecat.audio.turn.smart_turn.local_smart_turn_v3 import LocalSmartTurnAnalyzerV3
from pipecat.audio.vad.silero import SileroOnnxModel, SileroVADAnalyzer
from pipecat.audio.vad.vad_analyzer import VADAnalyzer, VADParams


def _bundled(package: str, name: str) -> str:
    return str(resources.files(package).joinpath(name))


@functools.cache
def silero_session() -> ort.InferenceSession:
    """The process's Silero VAD ONNX session (loaded on first use)."""
    options = ort.SessionOptions()
    options.inter_op_num_threads = 1
    options.intra_op_num_threads = 1
    return ort.InferenceSession(
        _bundled("pipecat.audio.vad.data", "silero_vad.onnx"),
        providers=["CPUExecutionProvider"],
        sess_options=options,
    )


@functools.cache
def smart_turn_session() -> ort.InferenceSession:
    """The process's Smart Turn v3 ONNX session (loaded on first use)."""
    options = ort.SessionOptions()
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.inter_op_num_threads = 1
    options.intra_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(
        _bundled("pipecat.audio.turn.smart_turn.data", "smart-turn-v3.2-cpu.onnx"),
        sess_options=options,
    )


class SharedSileroVAD(SileroVADAnalyzer):
    """Silero VAD on the shared ONNX session, with this stream's own recurrent state."""

    def __init__(self, *, sample_rate: int | None = None, params: VADParams | None = None):
        VADAnalyzer.__init__(self, sample_rate=sample_rate, params=params)
        model = SileroOnnxModel.__new__(SileroOnnxModel)
        model.session = silero_session()
        model.sample_rates = [8000, 16000]
        model.reset_states()  # type: ignore[no-untyped-call]
        self._model = model
        self._windows_since_reset = 0
        self._low_confidence_windows = 0


class SharedSmartTurn(LocalSmartTurnAnalyzerV3):
    """Smart Turn v3 on the shared ONNX session, with this stream's own audio buffer."""

    def __init__(self, *, sample_rate: int | None = None, params: SmartTurnParams | None = None):
        BaseSmartTurn.__init__(self, sample_rate=sample_rate, params=params)
        self._log_data = False
        self._session = smart_turn_session()

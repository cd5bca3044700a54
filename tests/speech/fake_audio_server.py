"""A local OpenAI-compatible audio server for tests: transcriptions and speech, scripted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from local_server import free_port, serving


@dataclass
class FakeAudioServer:
    """Serves `/v1/audio/transcriptions` and `/v1/audio/speech` on 127.0.0.1.

    Attributes:
        transcript: The text every transcription answers.
        status: HTTP status to answer with (errors carry an OpenAI-style body).
        speech_seconds: Length of the 24 kHz PCM every speech request answers.
        uploads: Raw multipart bodies received; `speech_requests`: JSON bodies received.
    """

    transcript: str = "play some jazz"
    status: int = 200
    speech_seconds: float = 1.0
    uploads: list[bytes] = field(default_factory=list)
    speech_requests: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.app = FastAPI()
        self.app.post("/v1/audio/transcriptions")(self._transcribe)
        self.app.post("/v1/audio/speech")(self._speech)
        self.port = free_port()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def _transcribe(self, request: Request) -> Response:
        self.uploads.append(await request.body())
        if self.status != 200:
            return JSONResponse({"error": {"message": "scripted failure"}}, self.status)
        return JSONResponse({"text": f" {self.transcript} "})

    async def _speech(self, request: Request) -> Response:
        self.speech_requests.append(await request.json())
        if self.status != 200:
            return JSONResponse({"error": {"message": "scripted failure"}}, self.status)
        t = np.arange(int(self.speech_seconds * 24000)) / 24000
        pcm = (8000 * np.sin(2 * np.pi * 220 * t)).astype("<i2").tobytes()

        async def chunks() -> Any:
            for i in range(0, len(pcm), 4801):  # odd sizes: samples split across chunks
                yield pcm[i : i + 4801]

        return StreamingResponse(chunks(), media_type="audio/pcm")


@contextmanager
def running(server: FakeAudioServer) -> Iterator[FakeAudioServer]:
    """Run the server in a background thread for the duration of the block."""
    with serving(server.app, server.port, start_timeout_s=10):
        yield server

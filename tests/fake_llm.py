"""A local OpenAI-compatible chat server for tests: records requests, answers from a script."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from local_server import free_port, serving


@dataclass
class Scripted:
    """One scripted answer: a tool call, a text, an HTTP error, or a delay before answering."""

    tool: str | None = None
    arguments: dict[str, Any] | str = field(default_factory=dict)
    text: str | None = None
    status: int = 200
    delay_s: float = 0.0


class FakeChatServer:
    """Serves `/v1/chat/completions` on 127.0.0.1; answers pop from `script` in order."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.script: list[Scripted] = []
        self.app = FastAPI()
        self.app.post("/v1/chat/completions")(self._complete)
        self.port = free_port()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def _complete(self, request: Request) -> JSONResponse:
        body = await request.json()
        self.requests.append(body)
        answer = self.script.pop(0) if self.script else Scripted(text="ok")
        if answer.delay_s:
            await asyncio.sleep(answer.delay_s)
        if answer.status != 200:
            return JSONResponse({"error": {"message": "scripted failure"}}, answer.status)
        message: dict[str, Any] = {"role": "assistant", "content": answer.text}
        if answer.tool:
            args = answer.arguments
            message["tool_calls"] = [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {
                        "name": answer.tool,
                        "arguments": args if isinstance(args, str) else json.dumps(args),
                    },
                }
            ]
        return JSONResponse(
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "test"),
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            }
        )


@contextmanager
def running(server: FakeChatServer) -> Iterator[FakeChatServer]:
    """Run the server on its port in a background thread for the duration of the block."""
    with serving(server.app, server.port, start_timeout_s=10):
        yield server

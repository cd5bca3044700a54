"""One live connection to an MCP server, through the `mcp` SDK's `Client`.

The connection opens on first use inside the caller's event loop and stays open between turns.
When the server does not start, crashes or hangs up, the call fails with `mcp_unavailable` and
the connection is dropped; the next call starts it again, unless the back-off since the last
failure (doubling from `backoff_s` up to `max_backoff_s`) has not elapsed yet.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from dataclasses import dataclass
from typing import Any

import httpx2
import mcp_types
from mcp import Client, StdioServerParameters
from mcp.client.stdio import get_default_environment
from mcp.client.streamable_http import streamable_http_client

from sightline.errors import SightlineError
from sightline.mcp.servers import McpServerSpec

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class ToolResult:
    """What a tool call gave back: its text, and whether the server flagged it an error."""

    text: str
    is_error: bool


def result_text(result: mcp_types.CallToolResult) -> str:
    """The text blocks of a tool result, joined; other content is named, never decoded."""
    parts: list[str] = []
    for block in result.content:
        if isinstance(block, mcp_types.TextContent):
            parts.append(block.text)
        else:
            parts.append(f"[{block.type}]")
    if not parts and result.structured_content is not None:
        parts.append(str(result.structured_content))
    return "\n".join(parts).strip()


def stdio_parameters(spec: McpServerSpec) -> StdioServerParameters:
    """How to start a stdio server: its command, with only the SDK's safe environment variables
    (PATH, HOME, …) and the configured ones, so the hub's own secrets (cloud keys, tokens) never
    reach a third-party server."""
    assert spec.command is not None
    program = sys.executable if spec.command[0] in ("python", "python3") else spec.command[0]
    env = {**get_default_environment(), **spec.env}
    return StdioServerParameters(command=program, args=list(spec.command[1:]), env=env)


async def _open_client(spec: McpServerSpec, stack: contextlib.AsyncExitStack) -> Client:
    """A connected client; what it holds (the HTTP client too) closes with `stack`."""
    if spec.command is not None:
        client = Client(stdio_parameters(spec))  # budgets are ours: start, then each call
    else:
        assert spec.url is not None
        http = await stack.enter_async_context(
            httpx2.AsyncClient(headers=spec.headers, timeout=spec.timeout_s)
        )
        client = Client(streamable_http_client(spec.url, http_client=http))
    return await stack.enter_async_context(client)


class McpConnection:
    """A lazily opened, self-restarting connection to one server.

    Args:
        spec: The server.
        connect_timeout_s: How long starting and initialising the server may take.
        backoff_s: The wait after a first failure before trying again (then doubled).
        max_backoff_s: The longest wait between attempts.
    """

    def __init__(
        self,
        spec: McpServerSpec,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        backoff_s: float = 1.0,
        max_backoff_s: float = 60.0,
    ) -> None:
        self.spec = spec
        self.connect_timeout_s = connect_timeout_s
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.failures = 0
        self.retry_at = 0.0
        self.last_error = ""
        self._client: Client | None = None
        self._task: asyncio.Task[None] | None = None
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock: asyncio.Lock | None = None

    def _unavailable(self, detail: str) -> SightlineError:
        return SightlineError(
            "mcp_unavailable", f"the {self.spec.name} service is unavailable ({detail})"
        )

    def _failed(self, detail: str) -> SightlineError:
        self.failures += 1
        wait = min(self.max_backoff_s, self.backoff_s * 2 ** (self.failures - 1))
        self.retry_at = time.monotonic() + wait
        self.last_error = detail
        log.warning("MCP server %s: %s (next try in %.1f s)", self.spec.name, detail, wait)
        self._drop()
        return self._unavailable(detail)

    def _drop(self) -> None:
        if self._stop is not None:
            self._stop.set()
        self._client = self._task = self._stop = None

    async def _hold(self, ready: asyncio.Future[Client], stop: asyncio.Event) -> None:
        """Open the client and keep its context open in this task until told to stop."""
        client: Client | None = None
        try:
            async with contextlib.AsyncExitStack() as stack:
                client = await _open_client(self.spec, stack)
                ready.set_result(client)
                await stop.wait()
        except BaseException as exc:
            if not ready.done():
                ready.set_exception(exc)
            if isinstance(exc, asyncio.CancelledError):
                raise
            log.info("MCP server %s connection ended: %s", self.spec.name, exc)
        finally:
            if client is not None and self._client is client:
                self._client = None

    async def _connect(self) -> Client:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new event loop: the old connection cannot be used here
            self._client, self._task, self._stop, self._loop = None, None, None, loop
            self._lock = asyncio.Lock()
        assert self._lock is not None
        async with self._lock:
            if self._client is not None and self._task is not None and not self._task.done():
                return self._client
            if time.monotonic() < self.retry_at:
                wait = self.retry_at - time.monotonic()
                raise self._unavailable(f"{self.last_error}; retrying in {wait:.0f} s")
            ready: asyncio.Future[Client] = loop.create_future()
            stop = asyncio.Event()
            task = loop.create_task(self._hold(ready, stop))
            try:
                client = await asyncio.wait_for(asyncio.shield(ready), self.connect_timeout_s)
            except TimeoutError:
                stop.set()
                task.cancel()
                raise self._failed("it did not start in time") from None
            except Exception as exc:
                raise self._failed(f"it did not start: {_reason(exc)}") from None
            self._client, self._task, self._stop = client, task, stop
            return client

    async def list_tools(self) -> list[mcp_types.Tool]:
        """The server's tools (every page).

        Raises:
            SightlineError: `mcp_unavailable` or `mcp_timeout`.
        """
        client = await self._connect()
        tools: list[mcp_types.Tool] = []
        cursor: str | None = None
        try:
            async with asyncio.timeout(self.connect_timeout_s):
                while True:
                    page = await client.list_tools(cursor=cursor)
                    tools.extend(page.tools)
                    cursor = page.next_cursor
                    if not cursor:
                        break
        except TimeoutError:
            raise self._timed_out() from None
        except Exception as exc:
            raise self._failed(_reason(exc)) from None
        self.failures = 0
        return tools

    async def call(self, tool: str, arguments: dict[str, Any]) -> ToolResult:
        """Call a tool within the server's time budget.

        Raises:
            SightlineError: `mcp_unavailable` (not starting, crashed), `mcp_timeout` (over
                budget) or `mcp_tool_error` (the server reported a protocol-level error).
        """
        client = await self._connect()
        try:
            async with asyncio.timeout(self.spec.timeout_s):
                result = await client.call_tool(tool, arguments)
        except TimeoutError:
            raise self._timed_out() from None
        except Exception as exc:
            if self._task is None or self._task.done() or _is_disconnect(exc):
                raise self._failed(_reason(exc)) from None
            raise SightlineError("mcp_tool_error", _reason(exc)) from None
        self.failures = 0
        return ToolResult(result_text(result), result.is_error)

    def _timed_out(self) -> SightlineError:
        # The request may still be running on the server; a fresh connection next time.
        self._drop()
        return SightlineError(
            "mcp_timeout",
            f"the {self.spec.name} service did not answer within {self.spec.timeout_s:g} s",
        )

    async def close(self) -> None:
        """Stop the server (stdio) or end the session (HTTP)."""
        task = self._task
        self._drop()
        if task is not None and self._loop is asyncio.get_running_loop():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, 5.0)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        return _reason(exc.exceptions[0])
    text = str(exc).strip() or type(exc).__name__
    return text[:300]


def _is_disconnect(exc: BaseException) -> bool:
    text = _reason(exc).lower()
    return any(w in text for w in ("closed", "connection", "broken", "eof", "terminated"))

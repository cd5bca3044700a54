"""A small JSON-over-HTTP client shared by the HTTP flight status and booking back-ends.

Standard library only (urllib in a worker thread), so the travel agent needs no HTTP package
at run time. Each call is bounded by its time-out as a whole.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Final

from sightline.errors import SightlineError

MAX_BODY: Final = 1_000_000
"""Most bytes read from an answer."""


def bearer_headers(api_key: str | None) -> dict[str, str]:
    """Request headers: JSON, plus `Authorization: Bearer <key>` when a key is set."""
    headers = {"Accept": "application/json", "User-Agent": "sightline-travel/1"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    return headers


def join_url(base_url: str, path: str) -> str:
    """Join a base URL and a path without doubling or losing the slash."""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).hostname or url


def _send(request: urllib.request.Request, timeout_s: float, error_code: str) -> tuple[int, bytes]:
    """Send in this (worker) thread; HTTP error statuses come back as statuses."""
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            return int(response.status), response.read(MAX_BODY)
    except urllib.error.HTTPError as exc:
        with exc:
            return int(exc.code), exc.read(MAX_BODY)
    except TimeoutError as exc:
        raise SightlineError(error_code, f"no answer from {_host(request.full_url)}") from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SightlineError(
            error_code, f"cannot reach {_host(request.full_url)}: {reason}"
        ) from exc


async def request_json(
    method: str,
    url: str,
    *,
    api_key: str | None,
    timeout_s: float,
    error_code: str,
    params: dict[str, str] | None = None,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    ok_statuses: frozenset[int] = frozenset({200, 201}),
    passthrough: frozenset[int] = frozenset(),
) -> tuple[int, dict[str, Any] | None]:
    """Send one request and read a JSON object back.

    Args:
        method: "GET" or "POST".
        url: The full URL.
        api_key: Sent as a bearer token when set.
        timeout_s: Whole-request time-out, seconds.
        error_code: The SightlineError code raised on any failure.
        params: Query parameters.
        body: JSON body.
        headers: Extra headers.
        ok_statuses: Statuses whose body must be a JSON object.
        passthrough: Statuses returned as they are, with no body (for example 404).

    Returns:
        The status and the decoded JSON object (None for a passthrough status).

    Raises:
        SightlineError: (`error_code`) on a network error, a time-out, another status, or a
            body that is not a JSON object.
    """
    if params:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
    all_headers = bearer_headers(api_key) | (headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        all_headers["Content-Type"] = "application/json"
    try:
        request = urllib.request.Request(url, data=data, headers=all_headers, method=method)
    except ValueError as exc:
        raise SightlineError(error_code, f"bad URL {url!r}: {exc}") from exc
    try:
        status, raw = await asyncio.wait_for(
            asyncio.to_thread(_send, request, timeout_s, error_code), timeout_s + 0.25
        )
    except TimeoutError as exc:
        raise SightlineError(error_code, f"no answer from {_host(url)} in {timeout_s:g} s") from exc
    if status in passthrough:
        return status, None
    if status not in ok_statuses:
        raise SightlineError(error_code, f"{_host(url)} answered HTTP {status}{_detail(raw)}")
    try:
        decoded = json.loads(raw)
    except ValueError as exc:
        raise SightlineError(error_code, f"{_host(url)} did not answer JSON") from exc
    if not isinstance(decoded, dict):
        raise SightlineError(error_code, f"{_host(url)} answered JSON that is not an object")
    return status, decoded


def _detail(raw: bytes) -> str:
    try:
        data = json.loads(raw)
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    message = data.get("message") or data.get("error")
    return f": {str(message)[:120]}" if message else ""

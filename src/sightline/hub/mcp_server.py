"""Sightline as an MCP server (`sightline mcp`): other AI tools ask it, list its agents, show a
card on the wearer's glasses and read what their camera saw.

Tools:
- `ask(text, image_path?)`: one full turn in this process's assistant (routed agent, card,
  speech, error). The words count as from an unknown source, never the wearer's: "confirm"
  confirms nothing, and a payment stops at its confirmation card (`pending`), which only the
  wearer's gaze and voice on the glasses could complete.
- `list_agents()`: the agents with their descriptions and tools.
- `show_card(text, title?)`: a plain card on the glasses of the running hub
  (`POST /v1/admin/card`, with `SIGHTLINE_ADMIN_TOKEN`).
- `get_scene()`: the codes and text the hub's camera sees now (`GET /v1/admin/scene`).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from sightline.config import Settings, reveal
from sightline.errors import SightlineError
from sightline.perception import Perception
from sightline.runtime import Runtime
from sightline.sdk.context import TurnInput
from sightline.session import Session

MAX_IMAGE_BYTES = 20 * 1024 * 1024
INSTRUCTIONS = (
    "Sightline is a smart-glasses assistant with agents behind it (music, navigation, "
    "shopping, payments, travel, and more). Use `ask` for a request as the wearer would say it. "
    "Payments and orders stop at a confirmation only the wearer can give on the glasses."
)


class HubClient:
    """The running hub's admin routes.

    Args:
        base_url: The hub, `http://host:port`.
        token: The hub's admin token, or None when it is not set.
        timeout_s: Per request.
    """

    def __init__(self, base_url: str, token: str | None, timeout_s: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s

    async def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        if self.token is None:
            raise ToolError("admin_token_missing: set SIGHTLINE_ADMIN_TOKEN")
        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            async with httpx.AsyncClient(timeout=self.timeout_s) as client:
                response = await client.request(
                    method, self.base_url + path, headers=headers, **kwargs
                )
        except httpx.HTTPError as exc:
            raise ToolError(f"hub_unreachable: {self.base_url}: {exc}") from None
        body: dict[str, Any] = response.json()
        if response.status_code != 200:
            raise ToolError(f"{body.get('code', 'hub_error')}: {body.get('message', '')}")
        return body

    async def show_card(self, text: str, title: str) -> dict[str, Any]:
        """Show a card on the connected glasses."""
        return await self._request("POST", "/v1/admin/card", json={"text": text, "title": title})

    async def scene(self) -> dict[str, Any]:
        """What the glasses' camera sees now."""
        return await self._request("GET", "/v1/admin/scene")


def hub_client(settings: Settings) -> HubClient:
    """The hub client of the configuration (`hub_url`, else `http://host:port`)."""
    url = settings.hub_url or f"http://{settings.host}:{settings.port}"
    return HubClient(url, reveal(settings.admin_token))


def read_image(path: Path) -> bytes:
    """An image file's bytes, refused past 20 MB.

    Raises:
        ToolError: `bad_image` or `image_too_large`.
    """
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise ToolError("image_too_large: the image is over 20 MB")
        return path.read_bytes()
    except OSError as exc:
        raise ToolError(f"bad_image: cannot read {path}: {exc.strerror}") from None


def turn_summary(result: Any) -> dict[str, Any]:
    """A turn as `ask` returns it."""
    out = result.to_json()
    summary = {
        "agent": out["agent"],
        "tool": out["tool"],
        "arguments": out["arguments"],
        "card": {"title": out["card"]["title"], "lines": out["card"]["lines"]},
        "speech": out["speech"],
        "error": out.get("error"),
        "pending": out.get("pending"),
    }
    return summary


def build_server(runtime: Runtime, hub: HubClient) -> MCPServer:
    """The MCP server over one assistant.

    Args:
        runtime: The assistant that runs `ask` turns (one session for all of them).
        hub: The running hub, for `show_card` and `get_scene`.

    Returns:
        The server; run it with `.run()` (stdio) or `.run("streamable-http", ...)`.
    """
    server = MCPServer("sightline", instructions=INSTRUCTIONS)
    session = Session()

    @server.tool()
    async def ask(text: str, image_path: str | None = None) -> dict[str, Any]:
        """Ask the glasses' assistant as the wearer would; it routes to the right agent.

        Args:
            text: The request, for example "play some jazz" or "what's my balance".
            image_path: A camera image (JPEG/PNG) to ask about, as a file path.

        Returns:
            The agent and tool it went to, the card's title and lines, the speech, an error
            `{code, message}` or null, and a pending confirmation (payee, amount) or null.
        """
        if not text.strip():
            raise ToolError("empty_request: the request is empty")
        scene = None
        if image_path is not None:
            image = await asyncio.to_thread(read_image, Path(image_path))
            try:
                async with Perception() as perception:
                    scene = await perception.perceive(image, None, want_text=True)
            except SightlineError as exc:
                raise ToolError(f"{exc.code}: {exc.message}") from None
        turn = TurnInput(text.strip(), scene=scene, source="unknown")
        return turn_summary(await runtime.runner.run(session, turn))

    @server.tool()
    def list_agents() -> list[dict[str, Any]]:
        """The assistant's agents: name, description, permissions and tools."""
        registry = runtime.registry
        return [
            {
                "name": name,
                "description": registry.agents[name].description,
                "permissions": sorted(p.value for p in registry.agents[name].permissions),
                "tools": sorted(registry.agents[name].tool_specs()),
            }
            for name in registry.names()
        ]

    @server.tool()
    async def show_card(text: str, title: str = "Message") -> dict[str, Any]:
        """Show a short card on the wearer's glasses (the running hub's connected devices).

        Args:
            text: The card's lines (newlines separate them).
            title: Its headline.
        """
        return await hub.show_card(text, title)

    @server.tool()
    async def get_scene() -> dict[str, Any]:
        """What the glasses' camera sees now: decoded codes and printed text."""
        return await hub.scene()

    return server

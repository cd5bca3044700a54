"""A real MCP server over streamable HTTP for the tests: museum opening hours and tickets.

`python museums.py PORT [TOKEN]` serves `http://127.0.0.1:PORT/mcp`; with TOKEN, tools answer
only requests that sent `Authorization: Bearer TOKEN` (the configured headers reach it).
"""

from __future__ import annotations

import sys

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError

server = MCPServer("museums")
TOKEN = sys.argv[2] if len(sys.argv) > 2 else None


def _check(ctx: Context) -> None:
    headers = ctx.headers or {}
    sent = headers.get("authorization")
    if TOKEN is not None and sent != f"Bearer {TOKEN}":
        raise ToolError("missing or wrong API key")


@server.tool()
def opening_hours(museum: str, ctx: Context) -> str:
    """When a museum or gallery opens and closes today."""
    _check(ctx)
    return f"{museum} is open today from 09:30 to 18:00 (last entry 17:15)."


@server.tool()
def ticket_price(museum: str, visitors: int, ctx: Context) -> str:
    """What entry tickets to a museum cost for a number of visitors."""
    _check(ctx)
    return f"{visitors} tickets for {museum}: {visitors * 14} EUR."


if __name__ == "__main__":
    server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[1]))

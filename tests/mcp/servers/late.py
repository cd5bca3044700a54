"""An MCP server that does not start until its flag file exists (`python late.py FLAG`)."""

from __future__ import annotations

import sys
from pathlib import Path

from mcp.server.mcpserver import MCPServer

if not Path(sys.argv[1]).exists():
    sys.exit("the tide database is not mounted yet")

server = MCPServer("late")


@server.tool()
def tide_times(place: str) -> str:
    """High and low tide times at a coastal place."""
    return f"Tides at {place}: high 06:12."


if __name__ == "__main__":
    server.run()

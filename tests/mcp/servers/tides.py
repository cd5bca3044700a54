"""A real MCP server for the tests (the `mcp` SDK's MCPServer): tides and water temperature.

Run `python tides.py` for stdio, `python tides.py --http PORT` for streamable HTTP. It answers
from a fixed table so that tests can check exactly which tool got which argument.
"""

from __future__ import annotations

import sys

from mcp.server.mcpserver import MCPServer

server = MCPServer("tides")


@server.tool()
def tide_times(place: str, days: int = 1) -> str:
    """High and low tide times at a coastal place.

    Args:
        place: The harbour, beach or town.
        days: How many days ahead, from today.
    """
    return f"Tides at {place} for {days} day(s): high 06:12, low 12:30. High 18:40, low 00:55."


@server.tool()
def water_temperature(place: str) -> str:
    """The sea water temperature at a beach or harbour, for swimming.

    Args:
        place: The beach or harbour.
    """
    return f"The water at {place} is 17 degrees."


@server.tool()
def harbour_notice(latitude: float, longitude: float) -> str:
    """Notices to mariners for the harbour nearest the wearer's position."""
    return f"Notice near {latitude:.3f},{longitude:.3f}: dredging in the east basin."


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--http":
        server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
    else:
        server.run()

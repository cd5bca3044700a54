"""`sightline mcp`: Sightline as an MCP server, over stdio (default) or streamable HTTP."""

from __future__ import annotations

import typer

from sightline.cli.common import load_runtime
from sightline.config import Settings


def mcp(
    http: bool = typer.Option(False, "--http", help="Serve streamable HTTP instead of stdio."),
    host: str = typer.Option("127.0.0.1", "--host", help="With --http: the address."),
    port: int = typer.Option(8766, "--port", help="With --http: the port (endpoint /mcp)."),
) -> None:
    """Serve ask, list_agents, show_card and get_scene to MCP clients (AI tools, agents)."""
    from sightline.hub.mcp_server import build_server, hub_client

    settings = Settings()
    runtime = load_runtime(settings)  # progress goes to stderr: stdout is the protocol's
    server = build_server(runtime, hub_client(settings))
    if http:
        server.run("streamable-http", host=host, port=port)
    else:
        server.run()

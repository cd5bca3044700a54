"""Loading MCP servers as agents: list every server's tools at start, in parallel.

A server that cannot be reached still becomes an agent (its examples route to it, and its turns
answer `mcp_unavailable` until it comes up); the reason is kept in the registry's failures.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from typing import TYPE_CHECKING

import mcp_types

from sightline.errors import SightlineError
from sightline.mcp.agent import McpAgent, agent_class
from sightline.mcp.connection import McpConnection
from sightline.mcp.servers import McpServerSpec, load_server_specs

if TYPE_CHECKING:
    from sightline.config import Settings
    from sightline.sdk.registry import AgentRegistry

log = logging.getLogger(__name__)


async def _list_all(
    connections: list[McpConnection],
) -> list[list[mcp_types.Tool] | BaseException]:
    async def one(connection: McpConnection) -> list[mcp_types.Tool]:
        try:
            return await connection.list_tools()
        finally:
            await connection.close()

    return await asyncio.gather(*(one(c) for c in connections), return_exceptions=True)


def list_tools_now(
    connections: list[McpConnection],
) -> list[list[mcp_types.Tool] | BaseException]:
    """Each server's tools, listed on a worker thread's own event loop (callable from inside a
    running loop too); a failure is returned in its place."""
    if not connections:
        return []
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="mcp-discovery") as pool:
        return pool.submit(asyncio.run, _list_all(connections)).result()


def mcp_agent_classes(settings: Settings) -> tuple[list[type[McpAgent]], dict[str, str]]:
    """One agent class per configured server, its tools listed when the server answered.

    Args:
        settings: `mcp_servers`, `mcp_config` and the connection settings.

    Returns:
        The classes, and the reasons (by `mcp:<name>`) for servers that did not list their
        tools or a configuration that could not be read.
    """
    failures: dict[str, str] = {}
    try:
        specs: list[McpServerSpec] = load_server_specs(settings.mcp_servers, settings.mcp_config)
    except SightlineError as exc:
        return [], {"mcp": exc.message}

    def connection(spec: McpServerSpec) -> McpConnection:
        return McpConnection(
            spec,
            connect_timeout_s=settings.mcp_connect_timeout_s,
            backoff_s=settings.mcp_backoff_s,
        )

    listed = list_tools_now([connection(spec) for spec in specs])
    classes: list[type[McpAgent]] = []
    for spec, tools in zip(specs, listed, strict=True):
        cls = agent_class(spec, connection(spec))
        if isinstance(tools, BaseException):
            reason = tools.message if isinstance(tools, SightlineError) else str(tools)
            failures[f"mcp:{spec.name}"] = f"tools not listed yet ({reason}); retried on its turns"
            log.warning("MCP server %s: %s", spec.name, reason)
            cls.learn_tools([])
        else:
            cls.learn_tools(tools)
        classes.append(cls)
    return classes, failures


def add_mcp_agents(registry: AgentRegistry, settings: Settings) -> None:
    """Add the configured MCP servers to a registry, next to the installed agents.

    A name already taken by an installed agent is refused (kept in `failures`).
    """
    classes, failures = mcp_agent_classes(settings)
    registry.failures.update(failures)
    for cls in classes:
        if cls.name in registry.agents:
            registry.failures[f"mcp:{cls.name}"] = f"agent name '{cls.name}' is already taken"
            continue
        registry.agents[cls.name] = cls()
        registry.sources[cls.name] = f"mcp:{cls.spec.transport}"

"""Every agent of an assistant: entry-point agents (built-ins and plugins) and MCP servers."""

from __future__ import annotations

from sightline.mcp.discovery import add_mcp_agents
from sightline.sdk.agent import AgentServices
from sightline.sdk.registry import AgentRegistry, load_agents


def load_all_agents(services: AgentServices) -> AgentRegistry:
    """The `sightline.agents` entry points' agents, then the configured MCP servers as agents
    (`settings.mcp_servers` / `settings.mcp_config`, see `sightline.mcp`).

    A broken plugin or an unreachable server never stops the others: each is reported in
    the registry's `failures`.
    """
    registry = load_agents(services)
    add_mcp_agents(registry, services.settings)
    return registry

"""`sightline agents` and `sightline config`: what is installed and how it is set up."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.table import Table

from sightline.agents.loading import load_all_agents
from sightline.cli.common import console
from sightline.config import Settings
from sightline.sdk.agent import AgentServices


def agents(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    examples: int = typer.Option(3, "--examples", help="Example utterances to show per agent."),
) -> None:
    """List the agents with their tools, permissions and example utterances."""
    settings = Settings()
    registry = load_all_agents(AgentServices(settings=settings))
    listing: list[dict[str, Any]] = []
    for name in registry.names():
        agent = registry.agents[name]
        listing.append(
            {
                "name": name,
                "source": registry.sources.get(name, ""),
                "description": agent.description,
                "permissions": sorted(p.value for p in agent.permissions),
                "tools": {
                    spec.name: {"description": spec.description, "parameters": spec.parameters}
                    for spec in agent.tool_specs().values()
                },
                "examples": list(agent.examples[:examples]),
                "example_count": len(agent.examples),
            }
        )
    if as_json:
        typer.echo(json.dumps({"agents": listing, "failures": registry.failures}))
        return
    table = Table(title="Agents", show_lines=True)
    for column in ("agent", "tools", "permissions", "examples"):
        table.add_column(column)
    for entry in listing:
        tools = "\n".join(
            f"{tool}({', '.join(spec['parameters'].get('properties', {}))})"
            for tool, spec in entry["tools"].items()
        )
        table.add_row(
            f"[bold]{entry['name']}[/]\n[dim]{entry['source']}[/]",
            tools,
            ", ".join(entry["permissions"]) or "-",
            "\n".join(entry["examples"]) + f"\n[dim]({entry['example_count']} in all)[/]",
        )
    console.print(table)
    for name, reason in registry.failures.items():
        console.print(f"[red]not loaded[/] {name}: {reason}")


def config(as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Show the effective configuration (secrets masked) and the variable that sets each."""
    view = Settings().public_view()
    if as_json:
        typer.echo(json.dumps(view))
        return
    table = Table(title="Configuration")
    table.add_column("setting")
    table.add_column("value")
    table.add_column("environment variable")
    for name, value in view.items():
        table.add_row(name, "" if value is None else str(value), f"SIGHTLINE_{name.upper()}")
    console.print(table)

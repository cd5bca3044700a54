"""The `sightline` command line."""

from __future__ import annotations

import logging

import typer

from sightline.cli import ask as ask_cmd
from sightline.cli import bench as bench_cmd
from sightline.cli import bench_connect as bench_connect_cmd
from sightline.cli import bench_voice as bench_voice_cmd
from sightline.cli import catalog as catalog_cmd
from sightline.cli import info as info_cmd
from sightline.cli import ledger as ledger_cmd
from sightline.cli import mcp as mcp_cmd
from sightline.cli import memory as memory_cmd
from sightline.cli import new_agent as new_agent_cmd
from sightline.cli import pairing as pairing_cmd
from sightline.cli import prompt as prompt_cmd
from sightline.cli import serve as serve_cmd

app = typer.Typer(
    name="sightline",
    help="Sightline: one assistant in front, every service an agent behind it.",
    no_args_is_help=False,
    add_completion=False,
)
bench_app = typer.Typer(help="Benchmarks that print measured figures.", no_args_is_help=True)
router_app = typer.Typer(help="Build the edge router's shipped data.", no_args_is_help=True)
catalog_app = typer.Typer(help="The local shopping catalogue.", no_args_is_help=True)
ledger_app = typer.Typer(help="The payments ledger.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")
app.add_typer(router_app, name="router")
app.add_typer(catalog_app, name="catalog")
app.add_typer(ledger_app, name="ledger")
app.add_typer(pairing_cmd.devices_app, name="devices")
app.add_typer(memory_cmd.memory_app, name="memory")

app.command("ask")(ask_cmd.ask)
app.command("serve")(serve_cmd.serve)
app.command("pair")(pairing_cmd.pair)
app.command("agents")(info_cmd.agents)
app.command("config")(info_cmd.config)
app.command("mcp")(mcp_cmd.mcp)
app.command("new-agent")(new_agent_cmd.new_agent)
bench_app.command("routing")(bench_cmd.routing)
bench_app.command("nav")(bench_cmd.nav)
bench_app.command("scan")(bench_cmd.scan)
router_app.command("fit")(bench_cmd.fit_router)
router_app.command("evaluate")(bench_cmd.evaluate_router)
catalog_app.command("import")(catalog_cmd.import_file)
ledger_app.command("verify")(ledger_cmd.verify_command)
ledger_app.command("fund")(ledger_cmd.fund_command)
bench_app.command("ledger")(ledger_cmd.bench_command)
bench_app.command("latency")(bench_voice_cmd.latency)
bench_app.command("asr")(bench_voice_cmd.asr)
bench_app.command("connect")(bench_connect_cmd.connect)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress and decisions."),
) -> None:
    """Without a command: an interactive prompt (type a request, see the card and the speech)."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if ctx.invoked_subcommand is None:
        prompt_cmd.interactive()


def main() -> None:
    """Entry point of the `sightline` script."""
    app()

"""`sightline memory on|off|status|forget`: the wearer's control over what is remembered."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import typer

from sightline.cli.common import console, fail
from sightline.config import Settings
from sightline.memory import MemoryStore, open_memory_store

memory_app = typer.Typer(
    help="Memory of what the wearer saw and was told (off by default).", no_args_is_help=True
)


def _store() -> MemoryStore:
    settings = Settings()
    return open_memory_store(settings.memory_url, settings.cache_dir)


@memory_app.command("on")
def memory_on() -> None:
    """Start remembering: codes and text seen, answers given (kept 30 days by default)."""
    store = _store()
    store.set_on(True)
    store.close()
    console.print(f"Memory [bold green]on[/] (kept {Settings().memory_retention_days:g} days).")


@memory_app.command("off")
def memory_off() -> None:
    """Stop remembering (what is kept stays until forgotten)."""
    store = _store()
    store.set_on(False)
    store.close()
    console.print("Memory [bold]off[/]: nothing more is remembered.")


@memory_app.command("status")
def memory_status(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Whether memory is on, and how many moments are kept."""
    store = _store()
    on, count = store.is_on(), store.count()
    store.close()
    if as_json:
        typer.echo(json.dumps({"on": on, "moments": count}))
    else:
        console.print(f"Memory {'on' if on else 'off'}, {count} moments kept.")


@memory_app.command("forget")
def memory_forget(
    last: float | None = typer.Option(None, "--last", help="Forget the last MINUTES.", min=0),
    everything: bool = typer.Option(False, "--all", help="Forget every moment."),
) -> None:
    """Delete moments for real (rows, thumbnails, embeddings; the file is vacuumed)."""
    if (last is None) == (not everything):
        raise fail("bad_forget", "give either --last MINUTES or --all")
    store = _store()
    since = None if everything else datetime.now(UTC) - timedelta(minutes=last or 0)
    count = store.forget(since)
    store.close()
    span = "everything" if everything else f"the last {last:g} minutes"
    console.print(f"Forgot {span}: {count} moments deleted.")

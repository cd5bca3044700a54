"""`sightline catalog import`: load merchant offers into the local shopping catalogue."""

from __future__ import annotations

from pathlib import Path

import typer

from sightline.cli.common import console, err_console, fail
from sightline.config import Settings
from sightline.shopping import import_catalog
from sightline.shopping.errors import ShoppingError


def import_file(
    path: Path = typer.Argument(..., help="A CSV, JSON or JSON Lines file of products and offers."),
) -> None:
    """Import products and offers (idempotent: re-importing updates, never duplicates)."""
    target = Settings().catalog_file
    try:
        report = import_catalog(path, target)
    except ShoppingError as exc:
        raise fail(exc.code, exc.message) from None
    console.print(f"{report.summary()} → {target}")
    for error in report.errors:
        err_console.print(f"[yellow]skipped[/] {error}")
    if not report.ok:
        raise typer.Exit(1)

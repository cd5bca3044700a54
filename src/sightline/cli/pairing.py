"""`sightline pair` and `sightline devices`: pair glasses with the hub, list and revoke them."""

from __future__ import annotations

import json
import socket
import time
from datetime import datetime

import httpx
import typer
from rich.table import Table
from rich.text import Text

from sightline.cli.common import console, err_console, fail
from sightline.config import Settings
from sightline.errors import SightlineError
from sightline.hub.address_file import running_address
from sightline.pairing import CODE_TTL_S, format_code, open_registry
from sightline.pairing.qr import qr_lines
from sightline.pairing.records import iso

devices_app = typer.Typer(
    help="Paired devices: list them (no command) or revoke one.", invoke_without_command=True
)


def _reachable_host(host: str) -> str:
    """The address to put in a URL for a server listening on `host`."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent; this picks the LAN address
            address: str = probe.getsockname()[0]
            return address
        except OSError:
            return "127.0.0.1"


def _wait_for_hub(base: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise fail("hub_unreachable", f"no hub answered at {base} within {seconds:.0f} s")
        time.sleep(0.3)


def pair(
    name: str | None = typer.Option(None, "--name", help="The name the device gets."),
    minutes: float = typer.Option(CODE_TTL_S / 60, "--minutes", help="How long the code works."),
    host: str | None = typer.Option(None, "--host", help="The hub's address in the URL."),
    port: int | None = typer.Option(None, "--port", help="The hub's port in the URL."),
    url_only: bool = typer.Option(False, "--url-only", help="Print only the pairing URL."),
    wait: float = typer.Option(
        0.0, "--wait", help="First wait up to this many seconds for the hub."
    ),
) -> None:
    """Make a one-time pairing code: its URL opens the simulator, the QR code is for glasses."""
    settings = Settings()
    running = running_address(settings.cache_dir)
    noted_host, noted_port = running or (settings.host, settings.port)
    base = f"http://{_reachable_host(host or noted_host)}:{port or noted_port}"
    if wait > 0:
        _wait_for_hub(base, wait)
    code = open_registry(settings).new_pairing_code(ttl_s=minutes * 60, name=name)
    url = f"{base}/?pair={code.code}"
    if url_only:
        print(url)
        return
    expires = datetime.fromtimestamp(code.expires_at).strftime("%H:%M:%S")
    console.print(f"Pairing code [bold]{format_code(code.code)}[/] (one device, until {expires})")
    console.print(f"Simulator: [link={url}]{url}[/link]")
    console.print(Text("\n".join(qr_lines(url)), style="black on white"))
    console.print("[dim]A device sends the code once (POST /v1/pair) and keeps its token.[/]")


@devices_app.callback()
def devices(
    ctx: typer.Context,
    show_all: bool = typer.Option(False, "--all", help="Include revoked devices."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Paired devices: name, device id, when paired and last seen."""
    if ctx.invoked_subcommand is not None:
        return
    records = open_registry(Settings()).devices(include_revoked=show_all)
    if as_json:
        print(json.dumps([r.to_json() for r in records], indent=2))
        return
    if not records:
        err_console.print("No paired devices. Pair one with `sightline pair`.")
        return
    table = Table("device id", "name", "paired", "last seen", "status")
    for r in records:
        status = "active" if r.active else f"revoked {iso(r.revoked_at)}"
        table.add_row(r.device_id, r.name, iso(r.created_at), iso(r.last_seen) or "—", status)
    console.print(table)


@devices_app.command("revoke")
def revoke(device: str = typer.Argument(..., help="A device id, or its first characters.")) -> None:
    """Revoke a device's token: it is refused from now on and its open connection is closed."""
    try:
        revoked = open_registry(Settings()).revoke(device)
    except SightlineError as error:
        raise fail(error.code, error.message) from None
    for record in revoked:
        console.print(f"Revoked [bold]{record.device_id}[/] ({record.name}).")

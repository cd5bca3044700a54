"""`sightline ledger verify` and `sightline bench ledger`."""

from __future__ import annotations

import json

import typer

from sightline.cli.common import console, fail
from sightline.config import Settings
from sightline.errors import SightlineError


def _url(db: str | None) -> str:
    from sightline.ledger.factory import default_url

    settings = Settings()
    if db or settings.ledger_url:
        return db or settings.ledger_url or ""
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    return default_url(settings.cache_dir)


def verify_command(
    db: str | None = typer.Option(None, "--db", help="Ledger database URL (default: settings)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Check the audit hash chain, balanced transfers, derived balances, one transfer per intent."""
    from sightline.ledger import open_ledger, verify

    try:
        with open_ledger(_url(db)) as ledger:
            report = verify(ledger)
    except SightlineError as exc:
        raise fail(exc.code, exc.message) from None
    if as_json:
        typer.echo(json.dumps(report.as_dict()))
    else:
        console.print(
            "[green]ledger consistent[/]" if report.ok else "[red]ledger NOT consistent[/]"
        )
        for problem in report.problems:
            console.print(f"  - {problem}")
    if not report.ok:
        raise typer.Exit(1)


def bench_command(
    db: str | None = typer.Option(
        None, "--db", help="A scratch database URL (the run adds its own accounts to it)."
    ),
    clients: int = typer.Option(16, "--clients", help="Concurrent clients."),
    payments: int = typer.Option(2000, "--payments", help="Payments to confirm."),
    processes: bool = typer.Option(False, "--processes", help="Clients as processes."),
    wallets: int = typer.Option(
        1, "--wallets", help="Wallets paying, round robin (1: all contend for one)."
    ),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object."),
) -> None:
    """Confirmed payments per second with concurrent clients and injected retries, then an audit."""
    from sightline.bench.ledger import run_ledger_benchmark

    try:
        report = run_ledger_benchmark(
            db,
            clients=clients,
            payments=payments,
            mode="processes" if processes else "threads",
            wallets=wallets,
        )
    except SightlineError as exc:
        raise fail(exc.code, exc.message) from None
    for key, value in report.items():
        console.print(f"{key}: {value}")
    if as_json:
        typer.echo(json.dumps(report))
    if not report.get("consistent"):
        raise typer.Exit(1)


def fund_command(
    amount: str = typer.Argument(..., help="How much, e.g. 50 or 12.50."),
    currency: str = typer.Option("", "--currency", help="Three-letter code (default: settings)."),
    db: str | None = typer.Option(None, "--db", help="Ledger database URL (default: settings)."),
) -> None:
    """Top the wearer's wallet up with test money (the embedded ledger moves no real money)."""
    import secrets
    from decimal import Decimal, InvalidOperation

    from sightline.ledger import WEARER_WALLET, open_ledger
    from sightline.payments.money import format_amount, from_minor, to_minor

    code = (currency or Settings().wallet_currency).upper()
    try:
        value = Decimal(amount)
    except InvalidOperation:
        raise fail("invalid_amount", f"{amount!r} is not an amount") from None
    try:
        minor = to_minor(value, code)
        with open_ledger(_url(db)) as ledger:
            ledger.fund(WEARER_WALLET, minor, code, idempotency_key=f"cli-{secrets.token_hex(8)}")
            balance = ledger.balance(WEARER_WALLET, code)
    except SightlineError as exc:
        raise fail(exc.code, exc.message) from None
    console.print(f"wallet balance: {format_amount(from_minor(balance, code), code)}")

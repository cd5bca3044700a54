"""`sightline ask ... --then ...` and the prompt's slash commands, run as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pay_fixtures import cafe_qr, funded_ledger, qr_png, write_directories

pytestmark = pytest.mark.slow


@pytest.fixture
def env(tmp_path: Path, music_dir: Path) -> dict[str, str]:
    """A cache folder with a funded ledger (€100) and the contacts and billers files."""
    cache = tmp_path / "cache"
    cache.mkdir()
    funded_ledger(cache / "ledger.sqlite3").close()
    write_directories(cache)
    values = dict(os.environ)
    values.update(
        SIGHTLINE_MUSIC_DIR=str(music_dir),
        SIGHTLINE_CACHE_DIR=str(cache),
        SIGHTLINE_LLM_BASE_URL="",
    )
    return values


def run(
    env: dict[str, str], *args: str, code: int = 0, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "sightline", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        input=stdin,
    )
    assert done.returncode == code, done.stderr + done.stdout
    return done


def lines(done: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in done.stdout.strip().splitlines()]


def wallet_balance(env: dict[str, str]) -> int:
    from sightline.ledger import open_ledger

    with open_ledger(f"sqlite:///{env['SIGHTLINE_CACHE_DIR']}/ledger.sqlite3") as ledger:
        return ledger.balance("wallet:wearer", "EUR")


def test_ask_pay_then_gaze_and_confirm(env: dict[str, str], tmp_path: Path) -> None:
    image = tmp_path / "qr.png"
    image.write_bytes(qr_png(cafe_qr("23.50")))
    only = lines(run(env, "ask", "pay this", "--image", str(image), "--json"))
    assert len(only) == 1 and only[0]["pending"]["amount"] == "23.50"
    assert only[0]["card"]["title"] == "Pay €23.50" and wallet_balance(env) == 100_00
    steps = ("--then", "gaze:confirm:900", "--then", "say:confirm", "--then", "tap")
    out = lines(run(env, "ask", "pay this", "--image", str(image), "--json", *steps))
    assert [o.get("step") for o in out] == [None, "gaze:confirm:900", "say:confirm", "tap", "final"]
    asked, looked, paid, tapped, final = out
    assert asked["pending"]["payee"] == "Café Rosa" and looked == {
        "step": "gaze:confirm:900",
        "recorded": True,
    }
    assert paid["card"]["title"] == "Paid €23.50" and paid["tier"] == "device"
    assert tapped["recorded"] is True  # a tap on the receipt card decides nothing
    assert final["pending"] is None and final["confirmation"]["status"] == "confirmed"
    assert final["card_id"] == paid["card_id"]
    assert wallet_balance(env) == 76_50


def test_ask_pay_then_refused_or_lapsed(env: dict[str, str], tmp_path: Path) -> None:
    image = tmp_path / "static.png"
    image.write_bytes(qr_png(cafe_qr(None)))
    tapped = lines(
        run(env, "ask", "pay 4.20 to this", "--image", str(image), "--json", "--then", "tap")
    )
    assert tapped[1]["error"]["code"] == "gaze_required"
    assert tapped[-1]["pending"] is None
    waited = lines(
        run(
            env,
            *("ask", "pay 4.20 to this", "--image", str(image), "--json"),
            *("--then", "gaze:confirm:900", "--then", "wait:31", "--then", "say:confirm"),
        )
    )
    assert waited[2]["confirmation"] == {
        "status": "cancelled",
        "reason": "timed_out",
        "kind": "payment",
    }
    assert waited[3]["error"]["code"] == "confirmation_expired"
    away = lines(
        run(
            env,
            "ask",
            "pay 4.20 to this",
            "--image",
            str(image),
            "--json",
            "--then",
            "gaze:away:3500",
        )
    )
    assert away[1]["confirmation"]["reason"] == "looked_away"
    assert wallet_balance(env) == 100_00
    bad = run(env, "ask", "pay this", "--then", "blink", code=2)
    assert "bad_step" in bad.stderr


def test_prompt_slash_commands_confirm_a_transfer(env: dict[str, str]) -> None:
    script = "send Anna 5 euros\n/gaze confirm 900\n/say confirm\n/gaze bogus\n/help\nquit\n"
    done = run(env, stdin=script)
    assert "Pay €5.00" in done.stdout and "(recorded)" in done.stdout
    assert "Paid €5.00" in done.stdout and "bad_step" in done.stdout
    assert wallet_balance(env) == 95_00


def test_ledger_fund_tops_up_the_wallet_and_refuses_bad_amounts(env: dict[str, str]) -> None:
    done = run(env, "ledger", "fund", "25.50")
    assert "125.50" in done.stdout  # €100 from the fixture plus the top-up
    refused = run(env, "ledger", "fund", "1.234", code=2)
    assert "invalid_amount" in refused.stderr
    assert "ledger consistent" in run(env, "ledger", "verify").stdout

"""`sightline pair` and `sightline devices`: a code, its URL and QR code; list and revoke."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from typer.testing import CliRunner

from sightline.cli.app import app
from sightline.pairing import DeviceRegistry
from sightline.pairing.qr import qr_lines, qr_matrix


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIGHTLINE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SIGHTLINE_PORT", "9123")
    return tmp_path


def _run(*args: str) -> str:
    done = CliRunner().invoke(app, list(args))
    assert done.exit_code == 0, done.output
    return done.output


def test_pair_prints_a_code_its_url_and_a_qr_code_that_pairs(cache: Path) -> None:
    out = _run("pair", "--name", "kitchen glasses")
    url = re.search(r"http://127\.0\.0\.1:9123/\?pair=([A-Z0-9]{8})", out)
    assert url, out
    code = url.group(1)
    assert f"{code[:4]}-{code[4:]}" in out
    assert "▀" in out or "▄" in out
    registry = DeviceRegistry(cache / "devices.sqlite3")
    token = registry.pair(code, "glasses-1")
    assert registry.check(token, "glasses-1").name == "kitchen glasses"


def test_the_terminal_qr_code_reads_back(tmp_path: Path) -> None:
    text = "http://192.168.1.20:8765/?pair=ABCD2345"
    lines = qr_lines(text)
    rows = qr_matrix(text)
    assert len(lines) == (len(rows) + 1) // 2
    # Redraw the half blocks as pixels (dark modules black) and decode them.
    top = {"█": 1, "▀": 1, "▄": 0, " ": 0}
    bottom = {"█": 1, "▀": 0, "▄": 1, " ": 0}
    modules: list[list[int]] = []
    for line in lines:
        modules += [[top[c] for c in line], [bottom[c] for c in line]]
    image = np.kron(1 - np.array(modules, dtype=np.uint8), np.ones((8, 8), np.uint8)) * 255
    [found] = zxingcpp.read_barcodes(image)
    assert found.text == text


def test_url_only_and_devices_list_and_revoke(cache: Path) -> None:
    url = _run("pair", "--url-only").strip()
    assert re.fullmatch(r"http://127\.0\.0\.1:9123/\?pair=[A-Z0-9]{8}", url), url
    registry = DeviceRegistry(cache / "devices.sqlite3")
    registry.pair(url.rsplit("=", 1)[1], "sim-0a1b2c", name="browser")
    listing = json.loads(_run("devices", "--json"))
    assert [(d["device_id"], d["name"], d["active"]) for d in listing] == [
        ("sim-0a1b2c", "browser", True)
    ]
    assert "sim-0a1b2c" in _run("devices")
    assert "Revoked" in _run("devices", "revoke", "sim-0a")
    assert json.loads(_run("devices", "--json")) == []
    assert json.loads(_run("devices", "--json", "--all"))[0]["active"] is False
    done = CliRunner().invoke(app, ["devices", "revoke", "sim-0a"])
    assert done.exit_code == 2
    assert "device_unknown" in done.output

"""`sightline pair` prints the address of the hub actually running (started with another port
than the configured one), and the configured one when no hub runs."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from sightline.bench.hub_process import hub_server
from sightline.cli.app import app
from sightline.hub.address_file import running_address

pytestmark = pytest.mark.slow


def pair_url() -> str:
    done = CliRunner().invoke(app, ["pair", "--url-only"])
    assert done.exit_code == 0, done.output
    return done.output.strip()


def test_pair_prints_the_running_hubs_port(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGHTLINE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SIGHTLINE_PORT", "9123")
    assert pair_url().startswith("http://127.0.0.1:9123/?pair=")
    with hub_server({"SIGHTLINE_CACHE_DIR": str(tmp_path)}) as hub:
        port = int(hub.base.rsplit(":", 1)[1])
        assert port != 9123
        url = pair_url()
        assert re.fullmatch(rf"http://127\.0\.0\.1:{port}/\?pair=[A-Z0-9]{{8}}", url), url
        code = url.rsplit("=", 1)[1]
        paired = httpx.post(f"{hub.base}/v1/pair", json={"code": code, "device_id": "g-1"})
        assert paired.status_code == 200, paired.text
    assert running_address(tmp_path) is None  # removed, or left by a killed process: ignored
    assert pair_url().startswith("http://127.0.0.1:9123/?pair=")

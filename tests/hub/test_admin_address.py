"""The admin address (`SIGHTLINE_ADMIN_ADDRESS`): a real `sightline serve` serves /metrics,
/docs and /openapi.json on its own port and not on the devices' one (404 `admin_elsewhere`);
the admin token, when configured, is still required there."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from sightline.bench.hub_process import free_port, hub_server
from sightline.errors import SightlineError
from sightline.hub.admin_app import parse_address

ADMIN_PATHS = ("/metrics", "/openapi.json", "/docs")


@pytest.mark.parametrize(
    ("text", "address"),
    [("127.0.0.1:9100", ("127.0.0.1", 9100)), ("[::1]:9100", ("::1", 9100))],
)
def test_addresses_are_host_and_port(text: str, address: tuple[str, int]) -> None:
    assert parse_address(text) == address


@pytest.mark.parametrize("text", ["9100", "localhost", "host:", ":9100", "host:99999", "h:x"])
def test_other_addresses_are_refused(text: str) -> None:
    with pytest.raises(SightlineError) as refused:
        parse_address(text)
    assert refused.value.code == "bad_admin_address"


@pytest.mark.slow
@pytest.mark.parametrize("admin_token", [None, "operators-only"])
def test_the_admin_endpoints_move_to_their_own_address(
    tmp_path: Path, admin_token: str | None
) -> None:
    admin_port = free_port()
    env = {
        "SIGHTLINE_CACHE_DIR": str(tmp_path),
        "SIGHTLINE_ADMIN_ADDRESS": f"127.0.0.1:{admin_port}",
        "SIGHTLINE_STT_BACKEND": "pocketsphinx",
    }
    if admin_token is not None:
        env["SIGHTLINE_ADMIN_TOKEN"] = admin_token
    with hub_server(env) as hub:
        admin = f"http://127.0.0.1:{admin_port}"
        operator = {"Authorization": f"Bearer {admin_token}"} if admin_token else {}
        for path in ADMIN_PATHS:
            on_devices = httpx.get(f"{hub.base}{path}", headers=operator)
            assert on_devices.status_code == 404, path
            assert on_devices.json()["detail"]["code"] == "admin_elsewhere"
            assert httpx.get(f"{admin}{path}", headers=operator).status_code == 200, path
            if admin_token is not None:
                assert httpx.get(f"{admin}{path}").status_code == 401, path
        assert "sightline_sessions" in httpx.get(f"{admin}/metrics", headers=operator).text
        described = httpx.get(f"{admin}/openapi.json", headers=operator).json()
        assert "/v1/pair" in described["paths"]  # the devices' API, described to operators
        assert httpx.get(f"{hub.base}/healthz").status_code == 200

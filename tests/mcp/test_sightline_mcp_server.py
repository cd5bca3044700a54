"""`sightline mcp`, driven by the `mcp` SDK's client: over stdio against a running hub (ask,
list_agents, show_card, get_scene, a payment that stops at its confirmation) and over
streamable HTTP."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import mcp_types
import pytest
from mcp import Client, StdioServerParameters
from mcp_helpers import wait_for_port
from pydantic import SecretStr

from hub.hub_client import connect
from local_server import serving
from pay_fixtures import WALLET, cafe_qr, funded_ledger, qr_png, transfers_for, write_directories
from sightline.bench.hub_process import free_port
from sightline.hub.hub import Hub, HubOptions
from sightline.hub.server import create_app
from sightline.hub.speech import build_speech
from sightline.ledger import LocalWallet, open_ledger
from sightline.runtime import Runtime, build_runtime

pytestmark = pytest.mark.slow
ADMIN_TOKEN = "admin-token-for-tests-0123"


@pytest.fixture(scope="module")
def admin_hub(runtime: Runtime, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running hub whose admin routes take ADMIN_TOKEN, its wallet funded."""
    settings = runtime.settings.model_copy(update={"admin_token": SecretStr(ADMIN_TOKEN)})
    ledger = funded_ledger(tmp_path_factory.mktemp("hub-ledger") / "ledger.sqlite3")
    with_token = build_runtime(
        settings,
        encoder=runtime.router.edge.classifier.store.encoder,
        registry=runtime.registry,
        wallet=LocalWallet(ledger),
    )
    hub = Hub(with_token, build_speech(settings), HubOptions(grace_s=30.0))
    with serving(create_app(hub)) as base:
        yield base
    ledger.close()


def sightline_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGHTLINE_")}
    env.update(
        SIGHTLINE_CACHE_DIR=str(tmp_path / "cache"),
        SIGHTLINE_LLM_BASE_URL="",
        SIGHTLINE_TIER="edge",
        **extra,
    )
    return env


def payload(result: mcp_types.CallToolResult) -> Any:
    assert not result.is_error, result.content
    if result.structured_content is not None:
        content = result.structured_content
        return content.get("result", content) if isinstance(content, dict) else content
    block = result.content[0]
    assert isinstance(block, mcp_types.TextContent)
    return json.loads(block.text)


def error_text(result: mcp_types.CallToolResult) -> str:
    assert result.is_error
    return " ".join(b.text for b in result.content if isinstance(b, mcp_types.TextContent))


async def test_stdio_server_asks_lists_shows_cards_and_never_pays(
    admin_hub: str, tmp_path: Path
) -> None:
    ledger_path = tmp_path / "ledger.sqlite3"
    funded_ledger(ledger_path).close()
    contacts, billers = write_directories(tmp_path)
    env = sightline_env(
        tmp_path,
        SIGHTLINE_LEDGER_URL=f"sqlite:///{ledger_path}",
        SIGHTLINE_CONTACTS_PATH=str(contacts),
        SIGHTLINE_BILLERS_PATH=str(billers),
        SIGHTLINE_HUB_URL=admin_hub,
        SIGHTLINE_ADMIN_TOKEN=ADMIN_TOKEN,
    )
    params = StdioServerParameters(command=sys.executable, args=["-m", "sightline", "mcp"], env=env)
    ws, device, _ = await connect(admin_hub, "mcp-glasses-1")
    await device.image(qr_png("https://example.org/menu"))
    async with Client(params, read_timeout_seconds=120) as client:
        tools = {t.name for t in (await client.list_tools()).tools}
        assert tools == {"ask", "list_agents", "show_card", "get_scene"}

        agents = payload(await client.call_tool("list_agents", {}))
        assert {"music", "payment", "navigation"} <= {a["name"] for a in agents}

        jazz = payload(await client.call_tool("ask", {"text": "play some jazz"}))
        assert jazz["agent"] == "music" and jazz["speech"]

        pay = payload(await client.call_tool("ask", {"text": "send Anna 20 euros"}))
        assert (pay["agent"], pay["tool"]) == ("payment", "send_money")
        assert Decimal(pay["pending"]["amount"]) == 20 and pay["card"]["title"] == "Pay €20.00"
        said = payload(await client.call_tool("ask", {"text": "confirm"}))
        assert said["error"] is not None  # words through MCP are never the wearer's
        code = tmp_path / "cafe.png"
        code.write_bytes(qr_png(cafe_qr("4.20")))
        cafe = payload(await client.call_tool("ask", {"text": "pay this", "image_path": str(code)}))
        assert cafe["agent"] == "payment" and Decimal(cafe["pending"]["amount"]) == Decimal("4.20")
        assert payload(await client.call_tool("ask", {"text": "confirm"}))["error"] is not None

        shown = payload(
            await client.call_tool("show_card", {"text": "Meet at gate 12", "title": "Anna"})
        )
        assert shown["shown"] == ["mcp-glasses-1"]
        card = await device.until("card")
        assert card["card"]["title"] == "Anna" and card["card"]["lines"] == ["Meet at gate 12"]
        assert card["card"]["actions"] == []

        scene = payload(await client.call_tool("get_scene", {}))
        assert scene["device_id"] == "mcp-glasses-1"
        assert "https://example.org/menu" in [i["text"] for i in scene["items"]]
    await ws.close()
    with open_ledger(f"sqlite:///{ledger_path}") as ledger:
        assert ledger.balance(WALLET, "EUR") == 100_00
        assert transfers_for(ledger) == []


async def test_admin_routes_need_the_token_and_respect_a_pending_confirmation(
    admin_hub: str,
) -> None:
    async with httpx.AsyncClient(base_url=admin_hub) as http:
        refused = await http.post("/v1/admin/card", json={"text": "hi"})
        assert (refused.status_code, refused.json()["code"]) == (401, "admin_token_invalid")
        wrong = await http.get("/v1/admin/scene", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ws, device, _ = await connect(admin_hub, "mcp-glasses-2")
        await device.image(qr_png(cafe_qr("4.20")))
        await asyncio.sleep(1.0)  # the frame is perceived in the background
        await device.send(type="text", text="pay this")
        asked = await device.until("card")
        assert "Confirm" in asked["card"]["actions"], asked
        auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        body = {"text": "Confirm", "device_id": "mcp-glasses-2"}
        blocked = await http.post("/v1/admin/card", json=body, headers=auth)
        assert (blocked.status_code, blocked.json()["code"]) == (409, "confirmation_pending")
        await ws.close()


async def test_http_server_lists_agents_and_routes(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(  # noqa: ASYNC220 (a server process for the whole test)
        [sys.executable, "-m", "sightline", "mcp", "--http", "--port", str(port)],
        env=sightline_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process, timeout_s=180)
        async with Client(f"http://127.0.0.1:{port}/mcp", read_timeout_seconds=60) as client:
            agents = payload(await client.call_tool("list_agents", {}))
            assert "travel" in {a["name"] for a in agents}
            out = payload(await client.call_tool("ask", {"text": "navigate to the train station"}))
            assert out["agent"] == "navigation"
            empty = await client.call_tool("ask", {"text": "  "})
            assert "empty_request" in error_text(empty)
    finally:
        process.terminate()
        process.wait(timeout=15)

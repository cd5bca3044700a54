"""Whole turns: the real router sends shopping requests to the agent, scene and all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sightline.agents.shopping import ShoppingAgent
from sightline.runtime import Runtime
from sightline.scene import Scene, SceneItem
from sightline.sdk import TurnInput
from sightline.sdk.registry import AgentRegistry
from sightline.session import Session
from sightline.shopping import SqliteCatalog
from sightline.turns import TurnRunner

SHELF = Scene(
    items=(
        SceneItem("code", "4000539017100", "EAN13", (50, 300, 250, 360)),
        SceneItem("text", "€3.49", "", (80, 420, 200, 470)),
    ),
    focus=0,
)


def runner(runtime: Runtime, catalog: SqliteCatalog) -> TurnRunner:
    agents = dict(runtime.registry.agents, shopping=ShoppingAgent(catalog))
    return TurnRunner(AgentRegistry(agents=agents), runtime.router)


async def test_is_this_cheaper_online(runtime: Runtime, catalog: SqliteCatalog) -> None:
    result = await runner(runtime, catalog).run(
        Session(), TurnInput("is this cheaper online", scene=SHELF), "edge"
    )
    assert (result.route.agent, result.route.tool) == ("shopping", "compare_price")
    assert result.error is None
    assert result.reply.card.lines[-1] == "€0.80 cheaper at ShopX incl. shipping"
    assert result.to_json()["best"]["merchant"] == "ShopX"


@pytest.fixture
def writable_db(catalog_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "c.sqlite"
    shutil.copy(catalog_db, db)
    return db


async def test_order_leaves_a_confirmation_open(runtime: Runtime, writable_db: Path) -> None:
    db = writable_db
    session = Session()
    result = await runner(runtime, SqliteCatalog(db, allow_orders=True)).run(
        session, TurnInput("order two of these", scene=SHELF), "edge"
    )
    assert (result.route.agent, result.route.tool) == ("shopping", "order")
    follow_up = session.open_follow_up()
    assert follow_up is not None and follow_up.kind == "awaiting_confirmation"
    assert follow_up.data["quantity"] == 2
    assert result.to_json()["follow_up"]["agent"] == "shopping"


async def test_an_order_is_placed_only_through_the_gate(
    runtime: Runtime, writable_db: Path
) -> None:
    """The same confirmation gate as payments: a card, the gaze on Confirm, a spoken confirm."""
    from pay_fixtures import Clock, Device
    from sightline.confirm import ConfirmationGate

    clock = Clock()
    source = SqliteCatalog(writable_db, allow_orders=True)
    base = runner(runtime, source)
    gated = TurnRunner(base.registry, base.router, gate=ConfirmationGate(clock=clock))
    device = Device(gated, clock)
    asked = await device.say("order two of these", SHELF)
    assert asked.pending is not None
    assert {k: asked.pending[k] for k in ("kind", "payee", "currency")} == {
        "kind": "order",
        "payee": "ShopX",
        "currency": "EUR",
    }
    assert asked.reply.card.title == "Confirm order?" and asked.card_id == asked.pending["card_id"]
    refused = await device.tap()  # no gaze on Confirm: refused, nothing ordered
    assert refused is not None and refused.error is not None
    assert refused.error["code"] == "gaze_required"
    assert "Nothing was ordered." in refused.reply.card.lines
    assert (await device.say("where is my order")).reply.card.title == "No recent order"
    asked = await device.say("order two of these", SHELF)
    await device.gaze("confirm", 900)
    placed = await device.say("confirm")
    assert placed is not None and placed.reply.card.title == "Order placed"
    assert placed.route.tier == "device" and placed.error is None
    again = await device.tap(asked.card_id)
    assert again is not None and again.error is not None
    assert again.error["code"] == "already_confirmed"
    status = await device.say("where is my order")
    assert status.reply.card.title.startswith("Order #")

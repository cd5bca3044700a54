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

"""The shopping agent: tools on scenes and names, two-step orders, edge parsing, construction."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sightline.agents.shopping import ShoppingAgent
from sightline.cards.model import Glyph
from sightline.config import Settings
from sightline.errors import SightlineError
from sightline.scene import Scene, SceneItem
from sightline.sdk import AgentServices, EdgeCall, ToolContext, TurnInput
from sightline.shopping import (
    CombinedSource,
    HttpOfferSource,
    OfferSource,
    Order,
    OrderRequest,
    SqliteCatalog,
    normalize_gtin,
)

LINDT_CODE = "4000539017100"
MILKA_CODE = "7622200008018"


class Clock:
    """A virtual clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class CountingCatalog(SqliteCatalog):
    """The catalogue with orders on, counting what reaches `place_order`."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(db_path, allow_orders=True)
        self.placed: list[OrderRequest] = []

    async def place_order(self, request: OrderRequest) -> Order:
        self.placed.append(request)
        return await super().place_order(request)


def item(kind: str, text: str, box: tuple[float, float, float, float], fmt: str = "") -> SceneItem:
    return SceneItem(kind=kind, text=text, format=fmt, box=box)


SHELF = (
    item("text", "LINDT EXCELLENCE", (60, 40, 240, 80)),
    item("text", "FIGUE INTENSE 150g", (60, 85, 240, 120)),
    item("code", LINDT_CODE, (50, 300, 250, 360), "EAN13"),
    item("text", "€3.49", (80, 420, 200, 470)),
    item("text", "Milka", (460, 40, 640, 80)),
    item("text", "Alpine Milk Chocolate", (460, 85, 640, 120)),
    item("code", MILKA_CODE, (450, 300, 650, 360), "EAN13"),
    item("text", "2,79 €", (480, 420, 600, 470)),
)


def context(scene: Scene | None = None, state: dict[str, Any] | None = None) -> ToolContext:
    turn = TurnInput("", scene=scene)
    return ToolContext(
        "shopping", ShoppingAgent.permissions, turn, state={} if state is None else state
    )


@pytest.fixture
def agent(catalog: SqliteCatalog) -> ShoppingAgent:
    return ShoppingAgent(catalog)


@pytest.fixture
def ordering(catalog_db: Path, tmp_path: Path) -> tuple[ShoppingAgent, CountingCatalog, Clock]:
    db = tmp_path / "catalog.sqlite"
    shutil.copy(catalog_db, db)
    source, clock = CountingCatalog(db), Clock()
    return ShoppingAgent(source, clock=clock), source, clock


def test_declaration_keeps_confirmation_out_of_reach() -> None:
    assert ShoppingAgent.name == "shopping"
    assert set(ShoppingAgent.tool_specs()) == {
        "compare_price",
        "product_info",
        "order",
        "order_status",
    }
    assert {p.value for p in ShoppingAgent.permissions} == {"camera", "network"}
    assert len(ShoppingAgent.examples) >= 20


async def test_confirm_order_is_not_a_tool(agent: ShoppingAgent) -> None:
    with pytest.raises(SightlineError) as raised:
        await agent.invoke("confirm_order", {"order_ref": "x"}, context())
    assert raised.value.code == "unknown_tool"


@pytest.mark.parametrize(
    ("utterance", "call"),
    [
        ("is this cheaper online", EdgeCall("compare_price", {"product": ""})),
        ("compare prices for AirPods", EdgeCall("compare_price", {"product": "AirPods"})),
        (
            "find the lowest price for a Dyson V15",
            EdgeCall("compare_price", {"product": "Dyson V15"}),
        ),
        ("what's in this", EdgeCall("product_info", {"product": ""})),
        (
            "tell me about the Lindt Excellence",
            EdgeCall("product_info", {"product": "Lindt Excellence"}),
        ),
        ("order two of these", EdgeCall("order", {"product": "", "quantity": 2})),
        ("buy this", EdgeCall("order", {"product": ""})),
        ("order 3 packs of this", EdgeCall("order", {"product": "", "quantity": 3})),
        ("add the AirPods to my cart", EdgeCall("order", {"product": "AirPods"})),
        ("where is my order", EdgeCall("order_status", {"order_id": ""})),
        ("track my package", EdgeCall("order_status", {"order_id": ""})),
        ("where is order L12AB34CD", EdgeCall("order_status", {"order_id": "L12AB34CD"})),
    ],
)
def test_parse(agent: ShoppingAgent, utterance: str, call: EdgeCall) -> None:
    assert agent.parse(TurnInput(utterance)) == call
    agent.tool_specs()[call.tool].validate(call.arguments)


@given(st.text(max_size=80))
def test_parse_always_gives_a_valid_call(utterance: str) -> None:
    parser = ShoppingAgent(OfferSource())  # parsing needs no source
    call = parser.parse(TurnInput(utterance))
    parser.tool_specs()[call.tool].validate(call.arguments)


async def test_compare_the_focused_barcode_against_its_shelf_tag(agent: ShoppingAgent) -> None:
    reply = await agent.invoke("compare_price", {}, context(Scene(items=SHELF, focus=2)))
    card = reply.card
    assert card.glyph is Glyph.PRICE_TAG
    assert card.title == "Lindt Excellence Fig Intense dark chocolate · 150g"
    assert card.lines[0] == "ShopX €2.69 · €17.93/kg"
    assert card.lines[-1] == "€0.80 cheaper at ShopX incl. shipping"
    assert "€2.69 at ShopX" in reply.speech and "€0.80 less" in reply.speech
    assert reply.data["product"]["gtin"] == normalize_gtin(LINDT_CODE)
    assert reply.data["product"]["size"] == "150g"
    assert [o["total"] for o in reply.data["offers"]] == [2.69, 3.68, 2.39]  # sold out last
    assert reply.data["best"]["merchant"] == "ShopX"
    assert reply.data["saving"] == 0.8


async def test_two_products_in_view_answers_for_the_focused_one(agent: ShoppingAgent) -> None:
    milka = await agent.invoke("compare_price", {}, context(Scene(items=SHELF, focus=6)))
    assert milka.data["product"]["gtin"] == normalize_gtin(MILKA_CODE)
    assert milka.data["shelf_price"] == {"amount": 2.79, "currency": "EUR"}
    assert milka.card.lines[-1] == "Shelf is best: €0.20 under MegaMart"
    by_label = await agent.invoke("compare_price", {}, context(Scene(items=SHELF, focus=5)))
    assert by_label.data["product"]["gtin"] == normalize_gtin(MILKA_CODE)
    lindt_label = await agent.invoke("compare_price", {}, context(Scene(items=SHELF, focus=1)))
    assert lindt_label.data["product"]["gtin"] == normalize_gtin(LINDT_CODE)


async def test_compare_by_name(agent: ShoppingAgent) -> None:
    reply = await agent.invoke("compare_price", {"product": "airpods pro"}, context())
    assert reply.data["product"]["name"] == "Apple AirPods Pro (2nd generation)"
    assert reply.data["best"]["merchant"] == "Basket.eu"  # 219.99 + 4.99 < 229.00
    assert reply.data["offers"][-1]["currency"] == "USD"  # other currencies last
    assert reply.data["best"]["unit_price"] is None
    by_code = await agent.invoke("product_info", {"product": "5449000039231"}, context())
    assert by_code.card.title == "Coca-Cola Original Taste can"
    assert "From €0.75 at MegaMart" in by_code.card.lines


async def test_clear_cards_when_nothing_can_be_answered(
    agent: ShoppingAgent, tmp_path: Path
) -> None:
    for scene in (None, Scene(), Scene(items=(item("text", "€3.49", (0, 0, 50, 20)),))):
        reply = await agent.invoke("compare_price", {}, context(scene))
        assert reply.card.title == "No product in view", scene
        assert reply.data == {"error": "no_product"}
    unknown = Scene(items=(item("code", "5012345678900", (0, 0, 90, 40), "EAN13"),), focus=0)
    reply = await agent.invoke("product_info", {}, context(unknown))
    assert reply.card.title == "Unknown product" and "5012345678900" in reply.card.lines[0]
    reply = await agent.invoke("compare_price", {"product": "flux capacitor"}, context())
    assert reply.data == {"error": "product_not_found"}
    empty = ShoppingAgent(SqliteCatalog(tmp_path / "none.sqlite"))
    reply = await empty.invoke("compare_price", {}, context(Scene(items=SHELF, focus=2)))
    assert reply.data == {"error": "catalog_missing"} and reply.card.glyph is Glyph.WARNING
    assert not (tmp_path / "none.sqlite").exists()


async def test_order_waits_for_confirmation(
    ordering: tuple[ShoppingAgent, CountingCatalog, Clock],
) -> None:
    agent, source, clock = ordering
    state: dict[str, Any] = {}
    scene = Scene(items=SHELF, focus=2)
    reply = await agent.invoke("order", {"quantity": 2}, context(scene, state))
    follow_up = reply.follow_up
    assert follow_up is not None and follow_up.kind == "awaiting_confirmation"
    assert follow_up.agent == "shopping"
    assert follow_up.expires_at == clock.now + timedelta(seconds=30)
    summary = follow_up.data
    assert (summary["merchant"], summary["quantity"], summary["total"]) == ("ShopX", 2, 5.18)
    assert summary["gtin"] == normalize_gtin(LINDT_CODE) and summary["currency"] == "EUR"
    assert reply.card.actions == ("Confirm", "Cancel") and reply.card.title == "Confirm order?"
    assert source.placed == []  # nothing reaches the merchant yet
    clock.now += timedelta(seconds=10)
    placed = await agent.confirm_order(context(scene, state), summary["order_ref"])
    assert placed.card.title == "Order placed" and placed.card.glyph is Glyph.CHECK
    assert len(source.placed) == 1 and source.placed[0].quantity == 2
    again = await agent.confirm_order(context(scene, state), summary["order_ref"])
    assert again.data["order"]["order_id"] == placed.data["order"]["order_id"]
    assert len(source.placed) == 1  # confirming twice places one order
    status = await agent.invoke("order_status", {}, context(None, state))
    assert status.card.title == f"Order #{placed.data['order']['order_id']}"
    assert status.card.lines[0] == "Order placed"


async def test_an_order_lapses_or_is_cancelled(
    ordering: tuple[ShoppingAgent, CountingCatalog, Clock],
) -> None:
    agent, source, clock = ordering
    state: dict[str, Any] = {}
    reply = await agent.invoke("order", {"product": "evian"}, context(None, state))
    assert reply.follow_up is not None
    ref = reply.follow_up.data["order_ref"]
    clock.now += timedelta(seconds=31)
    late = await agent.confirm_order(context(None, state), ref)
    assert late.data == {"error": "order_expired"} and source.placed == []
    second = await agent.invoke("order", {"product": "evian"}, context(None, state))
    assert second.follow_up is not None
    ref = second.follow_up.data["order_ref"]
    cancelled = await agent.cancel_order(context(None, state), ref)
    assert cancelled.card.title == "Order cancelled"
    assert (await agent.confirm_order(context(None, state), ref)).data == {"error": "order_expired"}
    assert (await agent.confirm_order(context(None, {}), "made-up")).data[
        "error"
    ] == "order_expired"
    assert source.placed == []


async def test_order_without_an_ordering_source(agent: ShoppingAgent) -> None:
    reply = await agent.invoke("order", {}, context(Scene(items=SHELF, focus=2)))
    assert reply.data == {"error": "ordering_unavailable"} and reply.follow_up is None
    reply = await agent.invoke("order_status", {}, context())
    assert reply.data == {"error": "tracking_unavailable"}


async def test_order_checks_quantity_and_remembers_the_last_product(
    ordering: tuple[ShoppingAgent, CountingCatalog, Clock],
) -> None:
    agent, _, _ = ordering
    state: dict[str, Any] = {}
    assert (await agent.invoke("order", {"quantity": 0}, context())).data["error"] == "bad_quantity"
    await agent.invoke("compare_price", {}, context(Scene(items=SHELF, focus=6), state))
    reply = await agent.invoke("order", {}, context(None, state))  # "go ahead and order it"
    assert reply.follow_up is not None
    assert reply.follow_up.data["gtin"] == normalize_gtin(MILKA_CODE)


def test_create_from_settings(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, llm_base_url=None)
    built = ShoppingAgent.create(AgentServices(settings))
    assert isinstance(built.source, SqliteCatalog)
    assert built.source.db_path == tmp_path / "catalog.sqlite"
    custom = Settings(
        cache_dir=tmp_path,
        catalog_path=tmp_path / "mine.sqlite",
        offers_url="http://127.0.0.1:9/v1",
        offers_api_key="k",
    )
    combined = ShoppingAgent.create(AgentServices(custom)).source
    assert isinstance(combined, CombinedSource)
    local, remote = combined.sources
    assert isinstance(local, SqliteCatalog) and local.db_path == tmp_path / "mine.sqlite"
    assert isinstance(remote, HttpOfferSource)


async def test_scanned_photos_resolve_to_catalogue_products(
    agent: ShoppingAgent, catalog: SqliteCatalog, shared_data: Path
) -> None:
    known = {p.gtin for p in catalog.all_products()}
    hits = 0
    for path in sorted((shared_data / "scan" / "ean13-1").glob("*[0-9].txt")):
        gtin = normalize_gtin(path.read_text().strip())
        if gtin not in known:
            continue
        scene = Scene(items=(item("code", path.read_text().strip(), (0, 0, 0, 0), "EAN13"),))
        reply = await agent.invoke("compare_price", {}, context(scene))
        assert reply.data["product"]["gtin"] == gtin, path.name
        assert reply.data["best"] is not None
        hits += 1
    assert hits >= 8

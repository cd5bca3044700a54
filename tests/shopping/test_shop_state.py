"""The shopping agent keeps JSON state: the last product and the order book resume from it."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sightline.agents.shopping import ShoppingAgent
from sightline.scene import Scene, SceneItem
from sightline.sdk import Reply, TurnInput
from sightline.shopping import Offer, Order, Product, SqliteCatalog
from sightline.shopping.orders import OrderBook, PendingOrder, PlacedOrder
from state_checks import Step, replay

LINDT_CODE = "4000539017100"
START = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
SHELF = Scene(
    items=(
        SceneItem("text", "LINDT EXCELLENCE", box=(60, 40, 240, 80)),
        SceneItem("code", LINDT_CODE, "EAN13", (50, 300, 250, 360)),
        SceneItem("text", "€3.49", box=(80, 420, 200, 470)),
    ),
    focus=1,
)


class _Frozen(datetime):
    """`datetime` whose `now` is START (the catalogue stamps orders with it)."""

    @classmethod
    def now(cls, tz: Any = None) -> _Frozen:
        del tz
        return cls.fromtimestamp(START.timestamp(), UTC)


@pytest.fixture
def fixed_refs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Order references and the catalogue's order ids from a counter the test resets, so two
    runs match."""
    counter = [0]

    def token_hex(nbytes: int) -> str:
        counter[0] += 1
        return f"{counter[0]:0{2 * nbytes}x}"

    def uuid4() -> uuid.UUID:
        counter[0] += 1
        return uuid.UUID(int=counter[0])

    monkeypatch.setattr("sightline.shopping.orders.secrets.token_hex", token_hex)
    monkeypatch.setattr("sightline.shopping.catalog.uuid.uuid4", uuid4)
    monkeypatch.setattr("sightline.shopping.catalog.datetime", _Frozen)
    yield counter


async def test_product_then_order_it_resumes_from_json_state(
    catalog_db: Path, tmp_path: Path, fixed_refs: list[int]
) -> None:
    runs = iter(range(2))

    def steps() -> list[Step]:
        db = tmp_path / f"run{next(runs)}.sqlite"
        shutil.copy(catalog_db, db)
        clock = [START]
        agent = ShoppingAgent(SqliteCatalog(db, allow_orders=True), clock=lambda: clock[0])
        fixed_refs[0] = 0

        def say(utterance: str, scene: Scene | None = None) -> Step:
            async def step(state: dict[str, Any]) -> Reply:
                turn = TurnInput(utterance, scene=scene)
                call = agent.parse(turn)
                return await agent.invoke(call.tool, call.arguments, agent.context(turn, state, {}))

            return step

        def confirm(wait_s: float) -> Step:
            async def step(state: dict[str, Any]) -> Reply:
                clock[0] += timedelta(seconds=wait_s)
                ref = sorted(state.get("pending_orders") or ["none"])[-1]
                return await agent.confirm_order(agent.context(TurnInput(""), state, {}), ref)

            return step

        return [
            say("is this cheaper online", SHELF),
            say("order two of these"),  # nothing in view: the product just compared
            confirm(10),
            say("where is my order"),
            say("tell me about the evian"),
            say("buy this"),  # the product just shown
            confirm(31),  # too late
            say("where is my order"),
        ]

    compared, ordered, placed, status, info, second, late, still = await replay("shopping", steps)
    assert compared["data"]["best"]["merchant"] == "ShopX"
    assert ordered["follow_up"]["data"]["quantity"] == 2
    assert ordered["follow_up"]["data"]["product"] == compared["data"]["product"]["name"]
    assert placed["card"]["title"] == "Order placed"
    order_id = placed["data"]["order"]["order_id"]
    assert status["card"]["title"] == still["card"]["title"] == f"Order #{order_id}"
    assert second["follow_up"]["data"]["gtin"] == info["data"]["product"]["gtin"]
    assert late["data"] == {"error": "order_expired"}
    assert placed["data"]["order"]["placed_at"] == START.isoformat()


prices = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)
products = st.builds(
    Product,
    gtin=st.from_regex(r"[0-9]{14}", fullmatch=True),
    name=st.text(max_size=20),
    brand=st.text(max_size=10),
    size=st.text(max_size=8),
    category=st.text(max_size=10),
)
offers = st.builds(
    Offer,
    gtin=st.from_regex(r"[0-9]{14}", fullmatch=True),
    merchant=st.text(max_size=10),
    price=prices,
    currency=st.sampled_from(["EUR", "USD"]),
    shipping=prices,
    url=st.text(max_size=10),
    in_stock=st.booleans(),
    source=st.text(max_size=6),
)
orders = st.builds(
    Order,
    order_id=st.text(min_size=1, max_size=10),
    status=st.sampled_from(["placed", "shipped"]),
    quantity=st.integers(1, 99),
    total=st.none() | prices,
    placed_at=st.none() | st.datetimes(timezones=st.just(UTC)),
    extra=st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3),
)


@given(products, offers, orders, st.integers(1, 99), st.datetimes(timezones=st.just(UTC)))
def test_order_book_entries_round_trip(
    product: Product, offer: Offer, order: Order, quantity: int, at: datetime
) -> None:
    for value in (product, offer, order):
        assert type(value).from_json(json.loads(json.dumps(value.to_json()))) == value
    pending = PendingOrder("ref1", product, offer, quantity, at)
    assert PendingOrder.from_json(json.loads(json.dumps(pending.to_json()))) == pending
    placed = PlacedOrder(order, product)
    assert PlacedOrder.from_json(json.loads(json.dumps(placed.to_json()))) == placed
    assert Offer.from_json(offer.to_json()).price == Decimal(str(offer.price))


def test_the_order_book_keeps_json() -> None:
    state: dict[str, Any] = {}
    book = OrderBook(state)
    product = Product("04000539017100", "Excellence", "Lindt")
    offer = Offer(product.gtin, "ShopX", Decimal("2.69"), "EUR")
    pending = book.open(product, offer, 2, START, timedelta(seconds=30))
    assert json.loads(json.dumps(state)) == state
    assert OrderBook(json.loads(json.dumps(state))).pending(pending.ref) == pending
    book.record(pending, Order("L1", "placed", total=Decimal("5.38")))
    again = OrderBook(json.loads(json.dumps(state)))
    assert again.pending(pending.ref) is None
    placed = again.placed(pending.ref)
    assert placed is not None and placed.order.total == Decimal("5.38")
    latest = again.latest()
    assert latest is not None and latest.order_id == "L1"
    assert not again.drop(pending.ref)

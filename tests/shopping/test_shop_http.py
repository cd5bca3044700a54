"""HttpOfferSource against a local merchant API that follows the documented contract."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from sightline.agents.shopping import ShoppingAgent
from sightline.sdk import ToolContext, TurnInput
from sightline.shopping import (
    Capability,
    CombinedSource,
    HttpOfferSource,
    OrderRequest,
    ShoppingError,
    SqliteCatalog,
    normalize_gtin,
)

KEY = "sk-merchant-secret-1234"
AIRPODS = "00194253397168"
LINDT = "04000539017100"
PRODUCTS = {AIRPODS: {"gtin": AIRPODS, "brand": "Apple", "name": "AirPods Pro (2nd generation)"}}
OFFERS = {
    AIRPODS: [
        {"merchant": "Merchant One", "price": "209.00", "currency": "EUR", "shipping": "0"},
        {"merchant": "Broken", "price": "-3", "currency": "EUR"},  # breaks the contract
    ],
    LINDT: [{"merchant": "Merchant One", "price": 1.99, "currency": "EUR", "shipping": 0.5}],
}


class Merchant(BaseHTTPRequestHandler):
    orders: ClassVar[dict[str, dict[str, Any]]] = {}
    seen: ClassVar[list[tuple[str, str, dict[str, str]]]] = []
    mode: ClassVar[str] = "ok"

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # the client gave up (the time-out test)
            self.wfile.write(data)

    def _gate(self) -> bool:
        Merchant.seen.append((self.command, self.path, dict(self.headers)))
        if Merchant.mode == "slow":
            time.sleep(1.0)
        if Merchant.mode == "down":
            self._send(503, {"error": {"message": "maintenance"}})
            return False
        if self.headers.get("Authorization") != f"Bearer {KEY}":
            self._send(401, {"error": {"message": "bad key"}})
            return False
        return True

    def do_GET(self) -> None:
        if not self._gate():
            return
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        if parts == ["v1", "products"]:
            query = parse_qs(url.query)["q"][0].lower()
            found = [p for p in PRODUCTS.values() if query in str(p["name"]).lower()]
            self._send(200, {"products": [*found, {"gtin": "123", "name": "bad"}]})
        elif len(parts) == 3 and parts[1] == "products":
            product = PRODUCTS.get(parts[2])
            self._send(200, product) if product else self._send(404, {})
        elif len(parts) == 4 and parts[3] == "offers":
            offers = OFFERS.get(parts[2])
            self._send(200, {"offers": offers}) if offers else self._send(404, {})
        elif len(parts) == 3 and parts[1] == "orders":
            order = next((o for o in Merchant.orders.values() if o["order_id"] == parts[2]), None)
            self._send(200, order) if order else self._send(404, {})
        else:
            self._send(404, {})

    def do_POST(self) -> None:
        if not self._gate():
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if body["quantity"] > 10:
            self._send(409, {"error": {"code": "sold_out", "message": "Only 10 left"}})
            return
        key = self.headers["Idempotency-Key"]
        if key not in Merchant.orders:
            total = Decimal(body["unit_price"]) * body["quantity"]
            Merchant.orders[key] = {
                "order_id": f"M-{len(Merchant.orders) + 1000}",
                "status": "confirmed",
                "merchant": body["merchant"],
                "gtin": body["gtin"],
                "quantity": body["quantity"],
                "total": str(total),
                "currency": body["currency"],
                "placed_at": "2025-05-01T10:00:00+00:00",
                "eta": "Friday",
                "carrier": "PostNL",
            }
        self._send(201, Merchant.orders[key])

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def api() -> Iterator[str]:
    Merchant.orders.clear()
    Merchant.seen.clear()
    Merchant.mode = "ok"
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Merchant)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


async def test_products_search_and_offers(api: str) -> None:
    source = HttpOfferSource(api, KEY, name="merchant-one")
    assert source.capabilities == frozenset(Capability)
    product = await source.product(AIRPODS)
    assert product is not None and product.brand == "Apple"
    assert await source.product(LINDT) is None
    found = await source.search("airpods")
    assert [p.gtin for p in found] == [AIRPODS]  # the malformed product was skipped
    offers = await source.offers(product)
    assert [(o.merchant, o.price, o.source) for o in offers] == [
        ("Merchant One", Decimal("209.00"), "merchant-one")
    ]
    method, path, headers = Merchant.seen[-1]
    assert (method, path) == ("GET", f"/v1/products/{AIRPODS}/offers")
    assert headers["Authorization"] == f"Bearer {KEY}"


async def test_orders_are_idempotent_and_trackable(api: str) -> None:
    source = HttpOfferSource(api, KEY)
    product = await source.product(AIRPODS)
    assert product is not None
    offer = (await source.offers(product))[0]
    first = await source.place_order(OrderRequest(offer, 2, client_ref="ref-1"))
    again = await source.place_order(OrderRequest(offer, 2, client_ref="ref-1"))
    assert first.order_id == again.order_id and len(Merchant.orders) == 1
    assert first.total == Decimal("418.00") and first.extra == {"carrier": "PostNL"}
    assert Merchant.seen[-1][2]["Idempotency-Key"] == "ref-1"
    status = await source.order_status(first.order_id)
    assert status is not None and (status.status, status.eta) == ("confirmed", "Friday")
    assert await source.order_status("M-9999") is None
    with pytest.raises(ShoppingError) as refused:
        await source.place_order(OrderRequest(offer, 11, client_ref="ref-2"))
    assert (refused.value.code, refused.value.message) == ("order_rejected", "Only 10 left")


async def test_failures_have_stable_codes_and_never_show_the_key(api: str) -> None:
    bad_key = HttpOfferSource(api, "wrong-key")
    with pytest.raises(ShoppingError) as raised:
        await bad_key.product(AIRPODS)
    assert raised.value.code == "offers_unauthorized"
    Merchant.mode = "down"
    with pytest.raises(ShoppingError) as raised:
        await HttpOfferSource(api, KEY).product(AIRPODS)
    assert raised.value.code == "offers_unavailable" and "503" in raised.value.message
    Merchant.mode = "slow"
    with pytest.raises(ShoppingError) as raised:
        await HttpOfferSource(api, KEY, timeout_s=0.2).product(AIRPODS)
    assert raised.value.code == "offers_unavailable" and "timed out" in raised.value.message
    with pytest.raises(ShoppingError) as raised:
        await HttpOfferSource("http://127.0.0.1:9/v1", KEY, timeout_s=0.5).product(AIRPODS)
    assert raised.value.code == "offers_unavailable"
    assert KEY not in raised.value.message and KEY not in repr(HttpOfferSource(api, KEY))


async def test_undeclared_capabilities_are_refused(api: str) -> None:
    read_only = HttpOfferSource(api, KEY, capabilities=frozenset({Capability.OFFERS}))
    with pytest.raises(ShoppingError) as raised:
        await read_only.product(AIRPODS)
    assert raised.value.code == "capability_missing"
    assert not Merchant.seen


async def test_combined_with_the_local_catalogue(api: str, catalog: SqliteCatalog) -> None:
    merchant = HttpOfferSource(api, KEY, name="merchant-one")
    both = CombinedSource([catalog, merchant])
    assert both.can(Capability.ORDER) and both.can(Capability.SEARCH)
    lindt = await both.product(normalize_gtin("4000539017100"))
    assert lindt is not None and lindt.brand == "Lindt"  # only the catalogue knows it
    offers = await both.offers(lindt)
    assert {o.merchant: o.source for o in offers}["Merchant One"] == "merchant-one"
    assert {"ShopX", "Basket.eu", "MegaMart"} <= {o.merchant for o in offers}
    Merchant.mode = "down"
    survivors = await both.offers(lindt)  # one source down: the other's offers still come
    assert {o.source for o in survivors} == {"catalog"}
    order_offer = next(o for o in offers if o.source == "merchant-one")
    Merchant.mode = "ok"
    placed = await both.place_order(OrderRequest(order_offer, 1, client_ref="c-1"))
    assert placed.source == "merchant-one"
    local_offer = next(o for o in offers if o.source == "catalog")
    with pytest.raises(ShoppingError) as raised:
        await both.place_order(OrderRequest(local_offer, 1, client_ref="c-2"))
    assert raised.value.code == "capability_missing"


async def test_orders_go_to_the_cheapest_shop_that_takes_orders(
    api: str, catalog: SqliteCatalog
) -> None:
    agent = ShoppingAgent(CombinedSource([catalog, HttpOfferSource(api, KEY, name="m1")]))
    state: dict[str, Any] = {}
    ctx = ToolContext("shopping", agent.permissions, TurnInput("buy lindt"), state=state)
    reply = await agent.invoke("order", {"product": "lindt excellence"}, ctx)
    assert reply.follow_up is not None
    # Cheaper local offers exist (ShopX €2.69), but only the merchant API takes orders.
    assert reply.follow_up.data["merchant"] == "Merchant One"
    placed = await agent.confirm_order(ctx, reply.follow_up.data["order_ref"])
    assert placed.card.title == "Order placed" and len(Merchant.orders) == 1
    status = await agent.invoke("order_status", {}, ctx)
    assert status.card.lines[:2] == ("Confirmed by the shop", "Arrives Friday")

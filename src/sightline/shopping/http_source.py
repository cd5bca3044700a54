"""`HttpOfferSource`: offers, products and orders from a merchant's HTTP JSON API.

The contract (all bodies JSON, UTF-8; GTINs in the canonical 14-digit form; amounts as decimal
strings such as "2.49" or as JSON numbers; the key, when set, as `Authorization: Bearer <key>`):

- `GET {base}/products/{gtin}` → 200 `{"gtin", "name", "brand"?, "size"?, "category"?}`;
  404 when unknown.
- `GET {base}/products?q={text}&limit={n}` → 200 `{"products": [product, ...]}`, best first.
- `GET {base}/products/{gtin}/offers` → 200 `{"offers": [{"merchant", "price", "currency",
  "shipping"?, "url"?, "in_stock"?}]}`; 404 when it has none.
- `POST {base}/orders` with `{"gtin", "merchant", "quantity", "unit_price", "currency",
  "client_ref"}` and the header `Idempotency-Key: {client_ref}` → 200/201 an order; the same key
  again returns the same order; 409/422 `{"error": {"code", "message"}}` when refused (sold out,
  price changed).
- `GET {base}/orders/{order_id}` → 200 an order; 404 when unknown.

An order is `{"order_id", "status", "merchant"?, "gtin"?, "quantity"?, "total"?, "currency"?,
"placed_at"? (ISO 8601), "eta"?, "tracking_url"?}`. Entries that break the contract are skipped
(offers, products) or raise `offers_bad_response` (orders). 401/403 raise `offers_unauthorized`;
other failures, time-outs and network errors raise `offers_unavailable`. The key never appears
in an error.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from sightline.shopping.errors import (
    OFFERS_BAD_RESPONSE,
    OFFERS_UNAUTHORIZED,
    OFFERS_UNAVAILABLE,
    ORDER_REJECTED,
    OffersUnavailable,
    ShoppingError,
)
from sightline.shopping.models import Capability, Offer, Order, OrderRequest, Product
from sightline.shopping.source import OfferSource
from sightline.shopping.validation import RowInvalid, offer_from, product_from

log = logging.getLogger(__name__)
ALL_CAPABILITIES = frozenset(Capability)


class HttpOfferSource(OfferSource):
    """A merchant API that follows the contract in this module's docstring.

    Args:
        base_url: The API's base URL, for example "https://api.shop.example/v1".
        api_key: The key sent as a bearer token, if the API needs one.
        timeout_s: Per-request time-out.
        capabilities: What the API supports (all of the contract by default).
        name: The source's name; the URL's host by default.
        transport: An httpx transport (tests); the network by default.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        timeout_s: float = 4.0,
        capabilities: frozenset[Capability] = ALL_CAPABILITIES,
        name: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.name = name or urlsplit(self.base_url).hostname or "merchant"
        self.capabilities = capabilities
        self.timeout_s = timeout_s
        self._headers = {"Accept": "application/json", "User-Agent": "sightline-shopping/1"}
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        self._transport = transport

    def __repr__(self) -> str:
        return f"HttpOfferSource({self.base_url!r})"  # never the key

    async def _call(
        self,
        method: str,
        path: str,
        params: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any | None:
        """The JSON answer, None on 404, or an OffersUnavailable / ShoppingError."""
        try:
            async with httpx.AsyncClient(
                base_url=self.base_url,
                headers=self._headers,
                timeout=self.timeout_s,
                transport=self._transport,
            ) as client:
                response = await client.request(
                    method, path, params=params, json=body, headers=headers
                )
        except httpx.TimeoutException:
            raise OffersUnavailable(OFFERS_UNAVAILABLE, f"{self.name} timed out") from None
        except httpx.HTTPError as exc:
            raise OffersUnavailable(
                OFFERS_UNAVAILABLE, f"{self.name} unreachable: {type(exc).__name__}"
            ) from None
        if response.status_code == 404:
            return None
        if response.status_code in (401, 403):
            raise OffersUnavailable(OFFERS_UNAUTHORIZED, f"{self.name} refused the API key")
        if method == "POST" and response.status_code in (409, 422):
            raise ShoppingError(ORDER_REJECTED, _error_message(response) or "order refused")
        if response.status_code >= 400:
            raise OffersUnavailable(
                OFFERS_UNAVAILABLE, f"{self.name} answered HTTP {response.status_code}"
            )
        try:
            return response.json()
        except ValueError:
            raise OffersUnavailable(OFFERS_BAD_RESPONSE, f"{self.name} sent no JSON") from None

    async def product(self, gtin: str) -> Product | None:
        """`GET /products/{gtin}`."""
        self.require(Capability.PRODUCTS)
        found = await self._call("GET", f"/products/{quote(gtin, safe='')}")
        return None if found is None else _product(found)

    async def search(self, text: str, limit: int = 5) -> list[Product]:
        """`GET /products?q=…&limit=…`."""
        self.require(Capability.SEARCH)
        found = await self._call("GET", "/products", params={"q": text, "limit": str(limit)})
        items = found.get("products") if isinstance(found, dict) else None
        products = [_product(item) for item in items or []] if isinstance(items, list) else []
        return [p for p in products if p is not None][:limit]

    async def offers(self, product: Product) -> list[Offer]:
        """`GET /products/{gtin}/offers`."""
        self.require(Capability.OFFERS)
        found = await self._call("GET", f"/products/{quote(product.gtin, safe='')}/offers")
        items = found.get("offers") if isinstance(found, dict) else None
        offers = []
        for item in items if isinstance(items, list) else []:
            try:
                offer = offer_from(product.gtin, item)
            except RowInvalid as exc:
                log.warning("%s sent a bad offer for %s: %s", self.name, product.gtin, exc)
                continue
            offers.append(dataclasses.replace(offer, source=self.name))
        return offers

    async def place_order(self, request: OrderRequest) -> Order:
        """`POST /orders`, with the client reference as the idempotency key."""
        self.require(Capability.ORDER)
        offer = request.offer
        body = {
            "gtin": offer.gtin,
            "merchant": offer.merchant,
            "quantity": request.quantity,
            "unit_price": str(offer.price),
            "currency": offer.currency,
            "client_ref": request.client_ref,
        }
        found = await self._call(
            "POST", "/orders", body=body, headers={"Idempotency-Key": request.client_ref}
        )
        if found is None:
            raise OffersUnavailable(OFFERS_UNAVAILABLE, f"{self.name} has no orders endpoint")
        return self._order(found)

    async def order_status(self, order_id: str) -> Order | None:
        """`GET /orders/{order_id}`."""
        self.require(Capability.ORDER_STATUS)
        found = await self._call("GET", f"/orders/{quote(order_id, safe='')}")
        return None if found is None else self._order(found)

    def _order(self, data: Any) -> Order:
        if not isinstance(data, dict) or not data.get("order_id") or not data.get("status"):
            raise OffersUnavailable(OFFERS_BAD_RESPONSE, f"{self.name} sent an order without id")
        try:
            total = None if data.get("total") is None else Decimal(str(data["total"]))
            placed = data.get("placed_at")
            placed_at = datetime.fromisoformat(placed) if isinstance(placed, str) else None
            quantity = int(data.get("quantity") or 1)
        except (InvalidOperation, ValueError, TypeError) as exc:
            raise OffersUnavailable(
                OFFERS_BAD_RESPONSE, f"{self.name} sent a bad order: {exc}"
            ) from None
        known = {"order_id", "status", "merchant", "gtin", "quantity", "total", "currency"}
        known |= {"placed_at", "eta", "tracking_url"}
        return Order(
            order_id=str(data["order_id"]),
            status=str(data["status"]),
            merchant=str(data.get("merchant") or ""),
            gtin=str(data.get("gtin") or ""),
            quantity=quantity,
            total=total,
            currency=str(data.get("currency") or ""),
            placed_at=placed_at,
            eta=str(data.get("eta") or ""),
            tracking_url=str(data.get("tracking_url") or ""),
            source=self.name,
            extra={k: v for k, v in data.items() if k not in known},
        )


def _product(data: Any) -> Product | None:
    try:
        product = product_from(data)
    except RowInvalid as exc:
        log.warning("merchant API sent a bad product: %s", exc)
        return None
    return product if product.name else None


def _error_message(response: httpx.Response) -> str:
    try:
        error = response.json().get("error", {})
    except (ValueError, AttributeError):
        return ""
    return str(error.get("message", "")) if isinstance(error, dict) else str(error)

"""The shopping data model: products, offers, orders, and what an offer source can do."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sightline.shopping.gtin import short_gtin
from sightline.shopping.quantity import Quantity, parse_quantity


class Capability(StrEnum):
    """What an offer source can do; methods outside its capabilities raise CapabilityMissing."""

    PRODUCTS = "products"  # look a product up by GTIN
    SEARCH = "search"  # find products by name text
    OFFERS = "offers"  # list merchants' offers for a product
    ORDER = "order"  # place an order
    ORDER_STATUS = "order_status"  # look an order up


@dataclass(frozen=True)
class Product:
    """A trade item.

    Attributes:
        gtin: The canonical GTIN-14.
        name: The product's name, without the brand when the brand is separate.
        brand: The brand, if known.
        size: The pack size as printed ("6 x 330 ml", "750G"), if known.
        category: A free-form category ("chocolate", "headphones"), if known.
    """

    gtin: str
    name: str
    brand: str = ""
    size: str = ""
    category: str = ""

    @property
    def code(self) -> str:
        """The code as printed under the barcode (EAN-13, UPC-A, EAN-8 or GTIN-14)."""
        return short_gtin(self.gtin)

    @property
    def display_name(self) -> str:
        """Brand and name, without repeating the brand when the name starts with it."""
        if self.brand and not self.name.lower().startswith(self.brand.lower()):
            return f"{self.brand} {self.name}"
        return self.name

    @property
    def quantity(self) -> Quantity | None:
        """The pack size in base units, from `size`, else from the name."""
        return parse_quantity(self.size) or parse_quantity(self.name)

    def to_json(self) -> dict[str, Any]:
        """Every field as JSON values (for session state; `from_json` reads it back)."""
        return {
            "gtin": self.gtin,
            "name": self.name,
            "brand": self.brand,
            "size": self.size,
            "category": self.category,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Product:
        """The product from `to_json`'s form."""
        return cls(
            gtin=str(data["gtin"]),
            name=str(data["name"]),
            brand=str(data.get("brand", "")),
            size=str(data.get("size", "")),
            category=str(data.get("category", "")),
        )

    def to_dict(self) -> dict[str, Any]:
        """The product as plain data."""
        return {
            "gtin": self.gtin,
            "code": self.code,
            "name": self.display_name,
            "brand": self.brand,
            "size": self.size,
            "category": self.category,
        }


@dataclass(frozen=True)
class Offer:
    """One merchant's offer for a product.

    Attributes:
        gtin: The product's GTIN-14.
        merchant: Who sells it.
        price: The item price.
        currency: ISO 4217 code.
        shipping: Shipping for an order (charged once; 0 when free or collected).
        url: The offer's page, if any.
        in_stock: Whether it can be bought now.
        source: The offer source it came from (orders go back to it).
    """

    gtin: str
    merchant: str
    price: Decimal
    currency: str
    shipping: Decimal = Decimal(0)
    url: str = ""
    in_stock: bool = True
    source: str = ""

    @property
    def total(self) -> Decimal:
        """Price plus shipping."""
        return self.price + self.shipping

    def to_json(self) -> dict[str, Any]:
        """Every field as JSON values (amounts as decimal strings, exactly)."""
        return asdict(self) | {"price": str(self.price), "shipping": str(self.shipping)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Offer:
        """The offer from `to_json`'s form."""
        return cls(
            gtin=str(data["gtin"]),
            merchant=str(data["merchant"]),
            price=Decimal(data["price"]),
            currency=str(data["currency"]),
            shipping=Decimal(data.get("shipping", "0")),
            url=str(data.get("url", "")),
            in_stock=bool(data.get("in_stock", True)),
            source=str(data.get("source", "")),
        )


@dataclass(frozen=True)
class OrderRequest:
    """An order about to be placed.

    Attributes:
        offer: The offer chosen.
        quantity: How many items.
        client_ref: The caller's reference; sources use it as an idempotency key, so placing the
            same request twice places one order.
    """

    offer: Offer
    quantity: int
    client_ref: str


@dataclass(frozen=True)
class Order:
    """An order as the merchant knows it.

    Attributes:
        order_id: The merchant's order id.
        status: "placed", "confirmed", "shipped", "delivered", "cancelled" or the source's word.
        merchant: Who fulfils it.
        gtin: The product's GTIN-14.
        quantity: How many items.
        total: What it costs, shipping included.
        currency: ISO 4217 code.
        placed_at: When it was placed, if known.
        eta: Expected delivery, free text or an ISO date, if known.
        tracking_url: Where to follow the parcel, if known.
        source: The offer source that placed it.
        extra: Anything else the source said, as plain data.
    """

    order_id: str
    status: str
    merchant: str = ""
    gtin: str = ""
    quantity: int = 1
    total: Decimal | None = None
    currency: str = ""
    placed_at: datetime | None = None
    eta: str = ""
    tracking_url: str = ""
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Every field as JSON values (the total as a decimal string, the time in ISO 8601);
        `extra` is kept as it is (plain data)."""
        return asdict(self) | {
            "total": None if self.total is None else str(self.total),
            "placed_at": None if self.placed_at is None else self.placed_at.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Order:
        """The order from `to_json`'s form."""
        total, placed_at = data.get("total"), data.get("placed_at")
        return cls(
            order_id=str(data["order_id"]),
            status=str(data["status"]),
            merchant=str(data.get("merchant", "")),
            gtin=str(data.get("gtin", "")),
            quantity=int(data.get("quantity", 1)),
            total=None if total is None else Decimal(total),
            currency=str(data.get("currency", "")),
            placed_at=None if placed_at is None else datetime.fromisoformat(placed_at),
            eta=str(data.get("eta", "")),
            tracking_url=str(data.get("tracking_url", "")),
            source=str(data.get("source", "")),
            extra=dict(data.get("extra", {})),
        )

    def to_dict(self) -> dict[str, Any]:
        """The order as plain data."""
        return {
            "order_id": self.order_id,
            "status": self.status,
            "merchant": self.merchant,
            "gtin": self.gtin,
            "quantity": self.quantity,
            "total": None if self.total is None else float(self.total),
            "currency": self.currency,
            "placed_at": self.placed_at.isoformat() if self.placed_at else None,
            "eta": self.eta,
            "tracking_url": self.tracking_url,
        }

"""Orders awaiting the wearer's confirmation, kept in the shopping agent's session state.

The `order` tool only creates a `PendingOrder`; nothing reaches a merchant until the device's
confirmation path calls `ShoppingAgent.confirm_order` with its reference before it expires.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sightline.shopping.models import Offer, Order, Product

PENDING_KEY = "pending_orders"
PLACED_KEY = "placed_orders"
HISTORY_KEY = "order_history"


@dataclass(frozen=True)
class PendingOrder:
    """An order the wearer has been asked to confirm.

    Attributes:
        ref: The reference the confirmation path quotes; also the merchant's idempotency key.
        product: What is ordered.
        offer: From whom, at what price.
        quantity: How many.
        expires_at: When the question lapses.
    """

    ref: str
    product: Product
    offer: Offer
    quantity: int
    expires_at: datetime

    @property
    def total(self) -> Decimal:
        """Items plus shipping (charged once per order)."""
        return self.offer.price * self.quantity + self.offer.shipping

    def to_json(self) -> dict[str, Any]:
        """The pending order as JSON values (the expiry in ISO 8601)."""
        return {
            "ref": self.ref,
            "product": self.product.to_json(),
            "offer": self.offer.to_json(),
            "quantity": self.quantity,
            "expires_at": self.expires_at.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingOrder:
        """The pending order from `to_json`'s form."""
        return cls(
            ref=str(data["ref"]),
            product=Product.from_json(data["product"]),
            offer=Offer.from_json(data["offer"]),
            quantity=int(data["quantity"]),
            expires_at=datetime.fromisoformat(data["expires_at"]),
        )

    def summary(self) -> dict[str, Any]:
        """What the confirmation prompt shows: no secrets, plain data."""
        return {
            "order_ref": self.ref,
            "gtin": self.product.gtin,
            "product": self.product.display_name,
            "size": self.product.size,
            "merchant": self.offer.merchant,
            "quantity": self.quantity,
            "unit_price": float(self.offer.price),
            "shipping": float(self.offer.shipping),
            "total": float(self.total),
            "currency": self.offer.currency,
        }


@dataclass(frozen=True)
class PlacedOrder:
    """An order placed from a confirmed pending order.

    Attributes:
        order: The order as the merchant returned it.
        product: What was ordered.
    """

    order: Order
    product: Product

    def to_json(self) -> dict[str, Any]:
        """The placed order as JSON values."""
        return {"order": self.order.to_json(), "product": self.product.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlacedOrder:
        """The placed order from `to_json`'s form."""
        return cls(Order.from_json(data["order"]), Product.from_json(data["product"]))


@dataclass
class OrderBook:
    """The shopping agent's orders in one session: pending, placed (by reference) and history.

    The entries are kept in the state as JSON (`to_json()` forms) and rebuilt when read.

    Args:
        state: The agent's session state dict (the book keeps its entries there).
    """

    state: dict[str, Any] = field(default_factory=dict)

    def _table(self, key: str) -> dict[str, Any]:
        found = self.state.get(key)
        if not isinstance(found, dict):
            found = self.state[key] = {}
        return found

    def pending(self, ref: str) -> PendingOrder | None:
        """The pending order with this reference, if any."""
        found = self._table(PENDING_KEY).get(ref)
        return None if found is None else PendingOrder.from_json(found)

    def placed(self, ref: str) -> PlacedOrder | None:
        """The order placed from the pending order with this reference, if any."""
        found = self._table(PLACED_KEY).get(ref)
        return None if found is None else PlacedOrder.from_json(found)

    @property
    def history(self) -> list[Order]:
        """Orders placed in this session, oldest first."""
        found = self.state.get(HISTORY_KEY)
        return [Order.from_json(o) for o in found] if isinstance(found, list) else []

    def open(
        self, product: Product, offer: Offer, quantity: int, now: datetime, window: timedelta
    ) -> PendingOrder:
        """Create a pending order, dropping any that have lapsed."""
        self.prune(now)
        pending = PendingOrder(
            ref=secrets.token_hex(8),
            product=product,
            offer=offer,
            quantity=quantity,
            expires_at=now + window,
        )
        self._table(PENDING_KEY)[pending.ref] = pending.to_json()
        return pending

    def drop(self, ref: str) -> bool:
        """Forget a pending order; False when there was none with this reference."""
        return self._table(PENDING_KEY).pop(ref, None) is not None

    def prune(self, now: datetime) -> None:
        """Forget pending orders whose confirmation window has passed."""
        table = self._table(PENDING_KEY)
        for ref in [r for r in table if PendingOrder.from_json(table[r]).expires_at <= now]:
            del table[ref]

    def record(self, pending: PendingOrder, order: Order) -> PlacedOrder:
        """Remember a placed order; its pending entry is removed."""
        self.drop(pending.ref)
        placed = PlacedOrder(order, pending.product)
        self._table(PLACED_KEY)[pending.ref] = placed.to_json()
        history = self.state.get(HISTORY_KEY)
        self.state[HISTORY_KEY] = [*(history if isinstance(history, list) else []), order.to_json()]
        return placed

    def latest(self) -> Order | None:
        """The most recent order placed in this session."""
        history = self.history
        return history[-1] if history else None

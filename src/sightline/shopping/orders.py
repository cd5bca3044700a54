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


@dataclass
class OrderBook:
    """The shopping agent's orders in one session: pending, placed (by reference) and history.

    Args:
        state: The agent's session state dict (the book keeps its entries there).
    """

    state: dict[str, Any] = field(default_factory=dict)

    @property
    def pending(self) -> dict[str, PendingOrder]:
        """Pending orders by reference."""
        found: dict[str, PendingOrder] = self.state.setdefault(PENDING_KEY, {})
        return found

    @property
    def placed(self) -> dict[str, PlacedOrder]:
        """Placed orders by the reference they were confirmed with."""
        found: dict[str, PlacedOrder] = self.state.setdefault(PLACED_KEY, {})
        return found

    @property
    def history(self) -> list[Order]:
        """Orders placed in this session, oldest first."""
        found: list[Order] = self.state.setdefault(HISTORY_KEY, [])
        return found

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
        self.pending[pending.ref] = pending
        return pending

    def prune(self, now: datetime) -> None:
        """Forget pending orders whose confirmation window has passed."""
        for ref in [r for r, p in self.pending.items() if p.expires_at <= now]:
            del self.pending[ref]

    def record(self, pending: PendingOrder, order: Order) -> PlacedOrder:
        """Remember a placed order; its pending entry is removed."""
        self.pending.pop(pending.ref, None)
        placed = self.placed[pending.ref] = PlacedOrder(order, pending.product)
        self.history.append(order)
        return placed

    def latest(self) -> Order | None:
        """The most recent order placed in this session."""
        return self.history[-1] if self.history else None

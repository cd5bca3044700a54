"""Comparing offers: total price with shipping, unit price, and the saving against the shelf."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sightline.shopping.models import Offer, Product
from sightline.shopping.prices import Money, format_money
from sightline.shopping.quantity import UnitPrice, unit_price


@dataclass(frozen=True)
class PricedOffer:
    """An offer with what it really costs.

    Attributes:
        offer: The offer.
        total: Price plus shipping, for one item.
        unit_price: The total per kg, per litre or per item, when the pack size is known.
        comparable: In the comparison's currency (offers in other currencies are listed last).
    """

    offer: Offer
    total: Decimal
    unit_price: UnitPrice | None
    comparable: bool

    def to_dict(self) -> dict[str, Any]:
        """The offer as plain data (amounts as numbers)."""
        offer = self.offer
        return {
            "merchant": offer.merchant,
            "price": float(offer.price),
            "shipping": float(offer.shipping),
            "total": float(self.total),
            "currency": offer.currency,
            "unit_price": (
                {"amount": float(self.unit_price.amount), "per": self.unit_price.per}
                if self.unit_price
                else None
            ),
            "in_stock": offer.in_stock,
            "url": offer.url,
            "source": offer.source,
        }


@dataclass(frozen=True)
class Comparison:
    """Offers for one product, best first, and how they compare with the shelf price.

    Attributes:
        product: The product.
        currency: The currency compared in (the most common among the offers).
        offers: Comparable in-stock offers by total, then out-of-stock ones, then other
            currencies.
        shelf: The shelf price read in view, if any.
        best: The cheapest comparable offer in stock, if any.
        saving: Shelf price minus the best total (positive: cheaper online), when both exist.
    """

    product: Product
    currency: str | None
    offers: tuple[PricedOffer, ...]
    shelf: Money | None
    best: PricedOffer | None
    saving: Decimal | None

    def verdict(self) -> str | None:
        """One line on the shelf against the best offer, such as
        "€0.80 cheaper at ShopX incl. shipping"; None without both prices.
        """
        if self.saving is None or self.best is None:
            return None
        merchant = self.best.offer.merchant
        if self.saving > 0:
            saved = format_money(self.saving, self.currency)
            return f"{saved} cheaper at {merchant} incl. shipping"
        if self.saving == 0:
            return f"Same price at {merchant} incl. shipping"
        return f"Shelf is best: {format_money(-self.saving, self.currency)} under {merchant}"

    def to_data(self) -> dict[str, Any]:
        """`Reply.data` for a comparison: product, offers (sorted), best, shelf price, saving."""
        quantity = self.product.quantity
        product = self.product.to_dict()
        product["quantity"] = (
            {"value": round(quantity.value, 3), "unit": quantity.unit} if quantity else None
        )
        return {
            "product": product,
            "offers": [o.to_dict() for o in self.offers],
            "best": self.best.to_dict() if self.best else None,
            "currency": self.currency,
            "shelf_price": (
                {
                    "amount": float(self.shelf.amount),
                    "currency": self.shelf.currency or self.currency,
                }
                if self.shelf
                else None
            ),
            "saving": None if self.saving is None else float(self.saving),
            "verdict": self.verdict(),
        }


def _currency(offers: Sequence[Offer]) -> str | None:
    counted = Counter(o.currency for o in offers if o.in_stock) or Counter(
        o.currency for o in offers
    )
    if not counted:
        return None
    return sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def compare_offers(
    product: Product, offers: Sequence[Offer], shelf: Money | None = None
) -> Comparison:
    """Rank offers by total price with shipping and work out the saving against the shelf.

    Args:
        product: The product (its size gives the unit prices).
        offers: Its offers, from any sources.
        shelf: The shelf price in view; a bare amount is taken in the offers' currency.

    Returns:
        The comparison.
    """
    currency = _currency(offers)
    quantity = product.quantity
    priced = [
        PricedOffer(
            offer=o,
            total=o.total,
            unit_price=unit_price(o.total, quantity) if quantity else None,
            comparable=o.currency == currency,
        )
        for o in offers
    ]
    priced.sort(
        key=lambda p: (not p.comparable, not p.offer.in_stock, p.total, p.offer.merchant.lower())
    )
    best = next((p for p in priced if p.comparable and p.offer.in_stock), None)
    saving = None
    if shelf is not None and best is not None and shelf.currency in (None, currency):
        saving = shelf.amount - best.total
    return Comparison(product, currency, tuple(priced), shelf, best, saving)

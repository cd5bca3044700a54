"""Cards and speech for shopping answers: short lines, price tag glyph, best offer first."""

from __future__ import annotations

from sightline.cards.model import Card, Glyph, Priority
from sightline.errors import SightlineError
from sightline.sdk import ConfirmKind, ConfirmRequest, FollowUp, Reply
from sightline.shopping.compare import Comparison, PricedOffer
from sightline.shopping.errors import CATALOG_MISSING
from sightline.shopping.gtin import short_gtin
from sightline.shopping.models import Order, Product
from sightline.shopping.orders import PendingOrder
from sightline.shopping.prices import format_money
from sightline.shopping.quantity import UnitPrice

MAX_OFFER_LINES = 3
STATUS_WORDS = {
    "placed": "Order placed",
    "confirmed": "Confirmed by the shop",
    "shipped": "Shipped",
    "in_transit": "On its way",
    "out_for_delivery": "Out for delivery",
    "delivered": "Delivered",
    "cancelled": "Cancelled",
}


def _title(product: Product) -> str:
    name = product.display_name
    return f"{name} · {product.size}" if product.size else name


def _unit(unit: UnitPrice | None, currency: str) -> str:
    return f"{format_money(unit.amount, currency)}/{unit.per}" if unit else ""


def offer_line(priced: PricedOffer) -> str:
    """One offer in a few words: "ShopX €2.69 · €17.93/kg", with "sold out" when it is."""
    offer = priced.offer
    parts = [f"{offer.merchant} {format_money(priced.total, offer.currency)}"]
    unit = _unit(priced.unit_price, offer.currency)
    if unit:
        parts.append(unit)
    if not offer.in_stock:
        parts.append("sold out")
    return " · ".join(parts)


def comparison_reply(comparison: Comparison) -> Reply:
    """The price comparison card: best offer first, totals with shipping, then the verdict."""
    product = comparison.product
    lines = [offer_line(p) for p in comparison.offers[:MAX_OFFER_LINES]]
    verdict = comparison.verdict()
    best = comparison.best
    if not comparison.offers:
        lines.append("No online offers found")
    if verdict:
        lines.append(verdict)
    elif comparison.shelf is not None:
        lines.append(f"Shelf {comparison.shelf.format(comparison.currency)}")
    if best is None:
        speech = f"I found no online offer in stock for {product.display_name}."
    else:
        total = format_money(best.total, best.offer.currency)
        speech = f"Best price: {total} at {best.offer.merchant}, including shipping."
        if verdict and comparison.saving is not None and comparison.saving > 0:
            saved = format_money(comparison.saving, comparison.currency)
            speech += f" That's {saved} less than the shelf."
        elif comparison.saving is not None and comparison.saving < 0:
            speech += " The shelf price is lower."
    card = Card(title=_title(product), lines=tuple(lines), glyph=Glyph.PRICE_TAG, ttl_s=12)
    return Reply(card=card, speech=speech, data=comparison.to_data())


def product_reply(product: Product, comparison: Comparison | None) -> Reply:
    """What the product is: brand, size, category, code, and the best price when known."""
    lines = [" · ".join(p for p in (product.brand, product.size, product.category) if p)]
    best = comparison.best if comparison else None
    if best is not None:
        total = format_money(best.total, best.offer.currency)
        lines.append(f"From {total} at {best.offer.merchant}")
    lines.append(f"Code {product.code}")
    speech = product.display_name + (f", {product.size}" if product.size else "") + "."
    if best is not None:
        speech += f" From {format_money(best.total, best.offer.currency)} online."
    card = Card(title=product.display_name, lines=tuple(p for p in lines if p), glyph=Glyph.INFO)
    data = comparison.to_data() if comparison else {"product": product.to_dict()}
    return Reply(card=card, speech=speech, data=data)


def pending_reply(pending: PendingOrder) -> Reply:
    """The confirmation prompt: what, from whom, for how much; nothing is ordered yet."""
    offer = pending.offer
    total = format_money(pending.total, offer.currency)
    name = pending.product.display_name
    card = Card(
        title="Confirm order?",
        lines=(f"{pending.quantity} × {name}", f"{offer.merchant} · {total} incl. shipping"),
        glyph=Glyph.PRICE_TAG,
        priority=Priority.IMPORTANT,
        ttl_s=30,
        actions=("Confirm", "Cancel"),
    )
    speech = f"Order {pending.quantity} {name} from {offer.merchant} for {total}? Please confirm."
    follow_up = FollowUp(
        kind="awaiting_confirmation",
        agent="shopping",
        data=pending.summary(),
        expires_at=pending.expires_at,
    )
    confirm = ConfirmRequest(
        kind=ConfirmKind.ORDER,
        ref=pending.ref,
        payee=offer.merchant[:120],
        payee_detail=f"{pending.quantity} × {name}"[:120],
        amount=pending.total,
        currency=offer.currency.upper(),
    )
    return Reply(
        card=card,
        speech=speech,
        follow_up=follow_up,
        data={"order": pending.summary()},
        confirm=confirm,
    )


def placed_reply(order: Order, product_name: str) -> Reply:
    """The order went through."""
    lines = [f"{order.quantity} × {product_name}", f"{order.merchant} · #{order.order_id}"]
    if order.total is not None:
        lines.append(f"Total {format_money(order.total, order.currency or None)}")
    card = Card(title="Order placed", lines=tuple(lines), glyph=Glyph.CHECK)
    speech = f"Ordered {order.quantity} {product_name} from {order.merchant}."
    return Reply(card=card, speech=speech, data={"order": order.to_dict()})


def status_reply(order: Order) -> Reply:
    """Where an order is."""
    status = STATUS_WORDS.get(order.status.lower(), order.status.replace("_", " ").capitalize())
    lines = [status]
    if order.eta:
        lines.append(f"Arrives {order.eta}")
    if order.merchant:
        lines.append(order.merchant)
    card = Card(title=f"Order #{order.order_id}", lines=tuple(lines), glyph=Glyph.CLOCK)
    speech = f"Your order from {order.merchant or 'the shop'}: {status.lower()}" + (
        f", arriving {order.eta}." if order.eta else "."
    )
    return Reply(card=card, speech=speech, data={"order": order.to_dict()})


def problem_reply(
    title: str, line: str, speech: str, code: str, glyph: Glyph = Glyph.INFO
) -> Reply:
    """A card for what the agent cannot do; `data["error"]` carries a stable code."""
    return Reply.simple(title, line, speech=speech, glyph=glyph).model_copy(
        update={"data": {"error": code}}
    )


def no_product_reply() -> Reply:
    """Nothing identifiable in view and no product named."""
    return problem_reply(
        "No product in view",
        "Look at its barcode or label, or say its name.",
        "I can't see a product. Look at its barcode or label, or tell me its name.",
        "no_product",
    )


def not_found_reply(named: str) -> Reply:
    """A product was named that no source knows."""
    return problem_reply(
        "Product not found",
        f"Nothing matches “{named}”.",
        f"I couldn't find {named}.",
        "product_not_found",
    )


def unknown_product_reply(gtin: str | None) -> Reply:
    """A product is in view, but neither its barcode nor its label is in the catalogue."""
    what = f"Code {short_gtin(gtin)} is not in the catalogue" if gtin else "Label not recognised"
    return problem_reply("Unknown product", what, "I don't know this product.", "product_not_found")


def source_failed_reply(exc: SightlineError) -> Reply:
    """The catalogue is missing or the shops cannot be reached."""
    if exc.code == CATALOG_MISSING:
        return problem_reply(
            "No product catalogue",
            "Import one: sightline catalog import FILE",
            "There's no product catalogue yet.",
            exc.code,
            Glyph.WARNING,
        )
    return problem_reply(
        "Shops unreachable",
        exc.message,
        "I can't reach the shops right now.",
        exc.code,
        Glyph.WARNING,
    )

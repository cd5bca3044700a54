"""The shopping agent: price comparison, product information, orders and order tracking.

Products are identified from the scene (the focused barcode, else the label text matched against
the catalogue) or by name. Ordering is two-step: the `order` tool only prepares a pending order
and returns a `ConfirmRequest`; the confirmation gate (`sightline.confirm`) waits for the
wearer's device input and only then calls `on_confirmed`, which places it with `confirm_order`
(not a tool). Neither the cloud model nor another agent can place an order.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sightline.agents import builtin_counter_examples, builtin_examples
from sightline.cards.model import Glyph
from sightline.config import reveal
from sightline.errors import SightlineError
from sightline.sdk import (
    Agent,
    AgentServices,
    ConfirmRequest,
    EdgeCall,
    Permission,
    Reply,
    ToolContext,
    TurnInput,
    tool,
)
from sightline.shopping.catalog import SqliteCatalog
from sightline.shopping.compare import Comparison, compare_offers
from sightline.shopping.http_source import HttpOfferSource
from sightline.shopping.inview import read_scene
from sightline.shopping.lookup import Found, find_in_view, find_named
from sightline.shopping.models import Capability, OrderRequest, Product
from sightline.shopping.orders import OrderBook
from sightline.shopping.phrases import parse_request
from sightline.shopping.replies import (
    comparison_reply,
    no_product_reply,
    not_found_reply,
    pending_reply,
    placed_reply,
    problem_reply,
    product_reply,
    source_failed_reply,
    status_reply,
    unknown_product_reply,
)
from sightline.shopping.source import CombinedSource, OfferSource

log = logging.getLogger(__name__)
CONFIRM_WINDOW = timedelta(seconds=30)
MAX_QUANTITY = 99


def _utc_now() -> datetime:
    return datetime.now(UTC)


_RESTAURANT_FOOD = re.compile(
    r"\b(?:pizzas?|takeaway|take-away|takeout|take out|burgers?|cheeseburgers?|hamburgers?|sushi"
    r"|restaurants?|menu|food delivery|deliver food|to go|wings|kebab|curry|noodles|burrito"
    r"|chipotle|domino'?s|mcdonald'?s|kfc)\b",
    re.IGNORECASE,
)
_MARKET = re.compile(
    r"\b(?:stock (?:price|market|exchange|value)s?|stocks|share price|shares (?:in|of)|nasdaq"
    r"|dow jones|s&p|bitcoin|ethereum|crypto\w*|exchange rate|market cap|dividends?|portfolio)\b",
    re.IGNORECASE,
)


class ShoppingAgent(Agent):
    """Price comparison for the product in view, product information, placing and tracking orders.

    Args:
        source: Where products, offers and orders come from.
        clock: The current time (UTC); a test can pass a virtual clock.
        confirm_window: How long an order waits for confirmation.
    """

    name = "shopping"
    description = (
        "Price comparison for the product in view, product "
        "information, placing and tracking orders."
    )
    permissions = frozenset({Permission.CAMERA, Permission.NETWORK})
    examples = builtin_examples("shopping")
    counter_examples = builtin_counter_examples("shopping")

    def __init__(
        self,
        source: OfferSource,
        clock: Callable[[], datetime] = _utc_now,
        confirm_window: timedelta = CONFIRM_WINDOW,
    ) -> None:
        self.source = source
        self.clock = clock
        self.confirm_window = confirm_window

    @classmethod
    def create(cls, services: AgentServices) -> ShoppingAgent:
        """Build from `catalog_path` (else `cache_dir/catalog.sqlite`) and `offers_url`."""
        settings = services.settings
        sources: list[OfferSource] = [SqliteCatalog(settings.catalog_file)]
        if settings.offers_url:
            sources.append(HttpOfferSource(settings.offers_url, reveal(settings.offers_api_key)))
        return cls(sources[0] if len(sources) == 1 else CombinedSource(sources))

    def accepts(self, turn: TurnInput) -> bool:
        """Decline market questions (a stock's or a currency's price) and restaurant food
        (takeaway, delivery from a restaurant) unless a product code is in view: they are for
        the assistant, not shopping."""
        if turn.scene is not None and any(item.kind == "code" for item in turn.scene.items):
            return True
        return not (_MARKET.search(turn.utterance) or _RESTAURANT_FOOD.search(turn.utterance))

    def parse(self, turn: TurnInput) -> EdgeCall:
        """Read the tool, the product named (if any), the quantity and an order id."""
        request = parse_request(turn.utterance)
        return EdgeCall(request.tool, dict(request.arguments))

    @tool(
        examples=(
            "is this cheaper online",
            "compare prices for AirPods",
            "find the lowest price for this",
            "is this a good price",
        )
    )
    async def compare_price(self, ctx: ToolContext, product: str = "") -> Reply:
        """Compare online offers for a product by total price with shipping and by unit price.

        Also says how much is saved against the shelf price tag in view, if one is readable.

        Args:
            product: The product's name or barcode number; empty for the product in view.
        """
        found = await self._find(ctx, product)
        if isinstance(found, Reply):
            return found
        comparison = await self._compare(found)
        if isinstance(comparison, Reply):
            return comparison
        ctx.state["last_product"] = found.product.to_json()
        return comparison_reply(comparison)

    @tool(examples=("what's in this", "what is this product", "tell me about this item"))
    async def product_info(self, ctx: ToolContext, product: str = "") -> Reply:
        """Say what a product is: brand, name, size, category, barcode and the best price online.

        Args:
            product: The product's name or barcode number; empty for the product in view.
        """
        found = await self._find(ctx, product)
        if isinstance(found, Reply):
            return found
        comparison = await self._compare(found) if self.source.can(Capability.OFFERS) else None
        ctx.state["last_product"] = found.product.to_json()
        return product_reply(
            found.product, comparison if isinstance(comparison, Comparison) else None
        )

    @tool(examples=("order two of these", "buy this", "order this for me", "add this to my cart"))
    async def order(self, ctx: ToolContext, product: str = "", quantity: int = 1) -> Reply:
        """Prepare an order at the cheapest offer in stock and ask the wearer to confirm it.

        Nothing is ordered until the wearer confirms on the device.

        Args:
            product: The product's name or barcode number; empty for the product in view
                (or the one just compared).
            quantity: How many items, 1 to 99.
        """
        if not self.source.can(Capability.ORDER):
            return problem_reply(
                "Ordering not set up",
                "Connect a shop's API (SIGHTLINE_OFFERS_URL) to order.",
                "Ordering isn't set up yet.",
                "ordering_unavailable",
            )
        if not 1 <= quantity <= MAX_QUANTITY:
            return problem_reply(
                "Check the quantity",
                f"I can order 1 to {MAX_QUANTITY} items.",
                f"I can order between 1 and {MAX_QUANTITY} items.",
                "bad_quantity",
            )
        found = await self._find(ctx, product, remembered=True)
        if isinstance(found, Reply):
            return found
        comparison = await self._compare(found)
        if isinstance(comparison, Reply):
            return comparison
        offer = next(
            (
                p.offer
                for p in comparison.offers
                if p.comparable and p.offer.in_stock and self.source.can_order(p.offer)
            ),
            None,
        )
        if offer is None:
            return problem_reply(
                "Not available to order",
                f"No shop I can order from has {found.product.display_name} in stock.",
                "I found no shop to order it from.",
                "no_offer",
            )
        book = OrderBook(ctx.state)
        pending = book.open(found.product, offer, quantity, self.clock(), self.confirm_window)
        return pending_reply(pending)

    async def confirm_order(self, ctx: ToolContext, order_ref: str) -> Reply:
        """Place a pending order the wearer confirmed on the device. Not a tool.

        Only the confirmation gate calls this (through `on_confirmed`), after the wearer's device
        input; the cloud model and other agents cannot reach it. Confirming the same reference
        twice places one order.

        Args:
            ctx: The shopping agent's context in the wearer's session.
            order_ref: The `order_ref` from the follow-up's data.

        Returns:
            The placed order's card, or why it was not placed.
        """
        book = OrderBook(ctx.state)
        done = book.placed(order_ref)
        if done is not None:
            return placed_reply(done.order, done.product.display_name)
        pending = book.pending(order_ref)
        now = self.clock()
        if pending is None or pending.expires_at <= now:
            book.prune(now)
            return problem_reply(
                "Nothing to confirm",
                "That order has expired or was cancelled. Ask again.",
                "That order is no longer waiting. Please ask again.",
                "order_expired",
                Glyph.WARNING,
            )
        request = OrderRequest(pending.offer, pending.quantity, client_ref=pending.ref)
        try:
            order = await self.source.place_order(request)
        except SightlineError as exc:
            log.warning("order %s not placed: %s", pending.ref, exc)
            return problem_reply(
                "Order not placed", exc.message, "The order did not go through.", exc.code
            )
        book.record(pending, order)
        return placed_reply(order, pending.product.display_name)

    async def cancel_order(self, ctx: ToolContext, order_ref: str) -> Reply:
        """Drop a pending order (the wearer chose "Cancel"). Not a tool.

        Args:
            ctx: The shopping agent's context in the wearer's session.
            order_ref: The `order_ref` from the follow-up's data.
        """
        dropped = OrderBook(ctx.state).drop(order_ref)
        line = "Nothing was ordered." if dropped else "There was no order waiting."
        return Reply.simple("Order cancelled", line, speech="Cancelled.", glyph=Glyph.CROSS)

    async def on_confirmed(
        self, ctx: ToolContext, request: ConfirmRequest, reference: str | None
    ) -> Reply:
        """The confirmation gate authorised the order: place it. Not a tool."""
        del reference
        return await self.confirm_order(ctx, request.ref)

    async def on_cancelled(self, ctx: ToolContext, request: ConfirmRequest, reason: str) -> Reply:
        """The order was not confirmed: drop it. Not a tool."""
        del reason
        return await self.cancel_order(ctx, request.ref)

    @tool(examples=("where is my order", "track my package", "has my order shipped"))
    async def order_status(self, ctx: ToolContext, order_id: str = "") -> Reply:
        """Say where an order is: its status and expected delivery.

        Args:
            order_id: The order number; empty for the latest order placed in this session.
        """
        if not self.source.can(Capability.ORDER_STATUS):
            return problem_reply(
                "Order tracking not set up",
                "Connect a shop's API (SIGHTLINE_OFFERS_URL) to track orders.",
                "Order tracking isn't set up yet.",
                "tracking_unavailable",
            )
        latest = OrderBook(ctx.state).latest()
        wanted = order_id.strip().lstrip("#") or (latest.order_id if latest else "")
        if not wanted:
            return problem_reply(
                "No recent order",
                "Say the order number.",
                "Which order? Say its number.",
                "no_order",
            )
        try:
            order = await self.source.order_status(wanted)
        except SightlineError as exc:
            return source_failed_reply(exc)
        if order is None:
            return problem_reply(
                "Order not found",
                f"No order #{wanted}.",
                "I can't find that order.",
                "order_not_found",
            )
        return status_reply(order)

    async def _find(self, ctx: ToolContext, named: str, remembered: bool = False) -> Found | Reply:
        """The product named, else the one in view (else, for orders, the one just shown)."""
        view = read_scene(ctx.scene)
        try:
            if named.strip():
                found = await find_named(self.source, named.strip(), view)
                return found or not_found_reply(named.strip())
            found = await find_in_view(self.source, view)
        except SightlineError as exc:
            return source_failed_reply(exc)
        last = ctx.state.get("last_product")
        if found is None and remembered and view.via == "none" and isinstance(last, dict):
            return Found(Product.from_json(last))
        if found is not None:
            return found
        if view.via == "none":
            return no_product_reply()
        return unknown_product_reply(view.gtin)

    async def _compare(self, found: Found) -> Comparison | Reply:
        try:
            offers = await self.source.offers(found.product)
        except SightlineError as exc:
            return source_failed_reply(exc)
        return compare_offers(found.product, offers, found.shelf)

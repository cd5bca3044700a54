"""`OfferSource`: where products, offers and orders come from, and a source that merges several.

A source declares its `capabilities`; the base class answers every method outside them with
`CapabilityMissing`, so a source implements only what it can do. Two ship with Sightline: the
local SQLite catalogue (`SqliteCatalog`) and a merchant HTTP API (`HttpOfferSource`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import ClassVar, TypeVar

from sightline.shopping.errors import CapabilityMissing, ShoppingError
from sightline.shopping.models import Capability, Offer, Order, OrderRequest, Product

log = logging.getLogger(__name__)
T = TypeVar("T")


class OfferSource:
    """Base of every offer source: a narrow async interface with declared capabilities.

    Attributes:
        name: A short name for the source, stamped on its offers and orders.
        capabilities: What the source can do.
    """

    name: str = "source"
    capabilities: frozenset[Capability] = frozenset()
    _verbs: ClassVar[dict[Capability, str]] = {
        Capability.PRODUCTS: "look products up",
        Capability.SEARCH: "search products",
        Capability.OFFERS: "list offers",
        Capability.ORDER: "place orders",
        Capability.ORDER_STATUS: "look orders up",
    }

    def can(self, capability: Capability) -> bool:
        """Tell whether the source declares `capability`."""
        return capability in self.capabilities

    def require(self, capability: Capability) -> None:
        """Raise CapabilityMissing unless the source declares `capability`."""
        if capability not in self.capabilities:
            raise CapabilityMissing(self.name, self._verbs[capability])

    def can_order(self, offer: Offer) -> bool:
        """Tell whether an order for this offer can be placed through this source."""
        return self.can(Capability.ORDER)

    async def product(self, gtin: str) -> Product | None:
        """The product with this GTIN-14, or None when the source does not know it.

        Raises:
            CapabilityMissing: Without `Capability.PRODUCTS`.
        """
        self.require(Capability.PRODUCTS)
        return None

    async def search(self, text: str, limit: int = 5) -> list[Product]:
        """Products whose brand and name match `text` (a spoken name or label OCR), best first.

        Raises:
            CapabilityMissing: Without `Capability.SEARCH`.
        """
        self.require(Capability.SEARCH)
        return []

    async def offers(self, product: Product) -> list[Offer]:
        """Merchants' offers for a product, in no particular order.

        Raises:
            CapabilityMissing: Without `Capability.OFFERS`.
        """
        self.require(Capability.OFFERS)
        return []

    async def place_order(self, request: OrderRequest) -> Order:
        """Place an order; placing the same `client_ref` again returns the first order.

        Raises:
            CapabilityMissing: Without `Capability.ORDER`.
        """
        self.require(Capability.ORDER)
        raise NotImplementedError

    async def order_status(self, order_id: str) -> Order | None:
        """An order by its id, or None when the source does not know it.

        Raises:
            CapabilityMissing: Without `Capability.ORDER_STATUS`.
        """
        self.require(Capability.ORDER_STATUS)
        return None


class CombinedSource(OfferSource):
    """Several sources as one: products and search from the first that knows, offers from all.

    A failing source does not hide the others' offers; orders go back to the source their offer
    came from.

    Args:
        sources: The sources, in order of preference.
    """

    name = "combined"

    def __init__(self, sources: Sequence[OfferSource]) -> None:
        self.sources = tuple(sources)
        self.capabilities = frozenset().union(*(s.capabilities for s in self.sources))

    async def product(self, gtin: str) -> Product | None:
        """The first source's answer that is not None (a failing source is skipped)."""
        self.require(Capability.PRODUCTS)
        for answer in await self._each(Capability.PRODUCTS, lambda s: s.product(gtin)):
            if answer is not None:
                return answer
        return None

    async def search(self, text: str, limit: int = 5) -> list[Product]:
        """The first source's non-empty answer (a failing source is skipped)."""
        self.require(Capability.SEARCH)
        for answer in await self._each(Capability.SEARCH, lambda s: s.search(text, limit)):
            if answer:
                return answer
        return []

    async def _each(
        self, capability: Capability, ask: Callable[[OfferSource], Awaitable[T]]
    ) -> list[T]:
        """Ask the capable sources in order; raise only when every one of them failed."""
        answers: list[T] = []
        errors: list[ShoppingError] = []
        for source in self._with(capability):
            try:
                answers.append(await ask(source))
            except ShoppingError as exc:
                log.warning("offer source %s failed: %s", source.name, exc)
                errors.append(exc)
        if errors and not answers:
            raise errors[0]
        return answers

    async def offers(self, product: Product) -> list[Offer]:
        """Every source's offers, asked at once; one merchant's offer is kept once.

        Raises:
            ShoppingError: Only when every source failed (the first error).
        """
        self.require(Capability.OFFERS)
        asked = self._with(Capability.OFFERS)
        answers = await asyncio.gather(*(s.offers(product) for s in asked), return_exceptions=True)
        merged: dict[str, Offer] = {}
        errors: list[BaseException] = []
        for source, answer in zip(asked, answers, strict=True):
            if isinstance(answer, BaseException):
                if not isinstance(answer, ShoppingError):
                    raise answer
                log.warning("offer source %s failed: %s", source.name, answer)
                errors.append(answer)
                continue
            for offer in answer:
                stamped = offer if offer.source else dataclasses.replace(offer, source=source.name)
                merged.setdefault(stamped.merchant.casefold(), stamped)
        if errors and len(errors) == len(asked):
            raise errors[0]
        return list(merged.values())

    def can_order(self, offer: Offer) -> bool:
        """True when the source the offer came from can place orders."""
        return any(s.name == offer.source for s in self._with(Capability.ORDER))

    async def place_order(self, request: OrderRequest) -> Order:
        """Place the order with the source its offer came from."""
        self.require(Capability.ORDER)
        for source in self._with(Capability.ORDER):
            if source.name == request.offer.source:
                return await source.place_order(request)
        raise CapabilityMissing(request.offer.source or "unknown", "place orders")

    async def order_status(self, order_id: str) -> Order | None:
        """The first source that knows the order (a failing source is skipped)."""
        self.require(Capability.ORDER_STATUS)
        for answer in await self._each(Capability.ORDER_STATUS, lambda s: s.order_status(order_id)):
            if answer is not None:
                return answer
        return None

    def _with(self, capability: Capability) -> list[OfferSource]:
        return [s for s in self.sources if s.can(capability)]

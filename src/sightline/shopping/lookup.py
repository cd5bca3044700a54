"""Finding the product a request is about: named (by words or barcode number) or in view."""

from __future__ import annotations

from dataclasses import dataclass

from sightline.shopping.gtin import gtin_from_code
from sightline.shopping.inview import InView
from sightline.shopping.models import Capability, Product
from sightline.shopping.prices import Money
from sightline.shopping.source import OfferSource


@dataclass(frozen=True)
class Found:
    """The product a request is about.

    Attributes:
        product: The product.
        shelf: The shelf price in view, when the product is the one in view.
    """

    product: Product
    shelf: Money | None = None


async def find_named(source: OfferSource, named: str, view: InView) -> Found | None:
    """The product named in a request: by its barcode number, else by fuzzy name search.

    Args:
        source: Where to look.
        named: A name ("AirPods Pro") or a barcode number.
        view: What is in view; its shelf price applies when it shows the same product.

    Returns:
        The product, or None when nothing matches.

    Raises:
        SightlineError: The source failed (`catalog_missing`, `offers_unavailable`, …).
    """
    gtin = gtin_from_code(named)
    product: Product | None = None
    if gtin is not None and source.can(Capability.PRODUCTS):
        product = await source.product(gtin)
    elif source.can(Capability.SEARCH):
        matches = await source.search(named, 3)
        product = matches[0] if matches else None
    if product is None:
        return None
    return Found(product, view.shelf_price if view.gtin == product.gtin else None)


async def find_in_view(source: OfferSource, view: InView) -> Found | None:
    """The product in view: by its barcode, else by its label text matched against names.

    Args:
        source: Where to look.
        view: What `read_scene` found.

    Returns:
        The product with the shelf price near it, or None when it is not known.

    Raises:
        SightlineError: The source failed.
    """
    product: Product | None = None
    if view.gtin and source.can(Capability.PRODUCTS):
        product = await source.product(view.gtin)
    if product is None and view.label and source.can(Capability.SEARCH):
        matches = await source.search(view.label, 3)
        product = matches[0] if matches else None
    return None if product is None else Found(product, view.shelf_price)

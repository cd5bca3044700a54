"""The shopping service: product identity, offers, price comparison and orders.

Example:
    from sightline.shopping import SqliteCatalog, compare_offers, import_catalog, read_scene

    report = import_catalog("catalog.json", "catalog.sqlite")
    catalog = SqliteCatalog(Path("catalog.sqlite"))
    product = await catalog.product(normalize_gtin("4000539017100"))
    comparison = compare_offers(product, await catalog.offers(product))
"""

from sightline.shopping.catalog import SqliteCatalog
from sightline.shopping.compare import Comparison, PricedOffer, compare_offers
from sightline.shopping.errors import (
    CapabilityMissing,
    CatalogMissing,
    InvalidGtin,
    OffersUnavailable,
    ShoppingError,
)
from sightline.shopping.gtin import (
    check_digit,
    ean13_to_upc_a,
    expand_upce,
    gtin_from_code,
    is_valid_gtin,
    normalize_gtin,
    short_gtin,
    upc_a_to_ean13,
)
from sightline.shopping.http_source import HttpOfferSource
from sightline.shopping.importer import ImportReport, RowError, import_catalog
from sightline.shopping.inview import InView, read_scene
from sightline.shopping.models import Capability, Offer, Order, OrderRequest, Product
from sightline.shopping.prices import Money, find_prices, format_money, parse_price
from sightline.shopping.quantity import Quantity, UnitPrice, parse_quantity, unit_price
from sightline.shopping.source import CombinedSource, OfferSource

__all__ = [
    "Capability",
    "CapabilityMissing",
    "CatalogMissing",
    "CombinedSource",
    "Comparison",
    "HttpOfferSource",
    "ImportReport",
    "InView",
    "InvalidGtin",
    "Money",
    "Offer",
    "OfferSource",
    "OffersUnavailable",
    "Order",
    "OrderRequest",
    "PricedOffer",
    "Product",
    "Quantity",
    "RowError",
    "ShoppingError",
    "SqliteCatalog",
    "UnitPrice",
    "check_digit",
    "compare_offers",
    "ean13_to_upc_a",
    "expand_upce",
    "find_prices",
    "format_money",
    "gtin_from_code",
    "import_catalog",
    "is_valid_gtin",
    "normalize_gtin",
    "parse_price",
    "parse_quantity",
    "read_scene",
    "short_gtin",
    "unit_price",
    "upc_a_to_ean13",
]

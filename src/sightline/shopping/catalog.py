"""The embedded offer source: a local product catalogue with offers, in one SQLite file.

The file is filled by `import_catalog` (see `sightline.shopping.importer`) and read here. Reads
open the file read-only; a missing file raises `CatalogMissing` rather than creating an empty one.
Orders are off by default: a local catalogue has no merchant to send them to. With
`allow_orders=True` (demos, tests) orders are recorded in the file's `orders` table.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import uuid
from contextlib import closing
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sightline.shopping.errors import CATALOG_UNREADABLE, CatalogMissing, ShoppingError
from sightline.shopping.fuzzy import NameIndex
from sightline.shopping.models import Capability, Offer, Order, OrderRequest, Product
from sightline.shopping.source import OfferSource

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS products (
    gtin TEXT PRIMARY KEY CHECK (length(gtin) = 14),
    brand TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    size TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS offers (
    gtin TEXT NOT NULL REFERENCES products (gtin) ON DELETE CASCADE,
    merchant TEXT NOT NULL COLLATE NOCASE,
    price TEXT NOT NULL,
    currency TEXT NOT NULL,
    shipping TEXT NOT NULL DEFAULT '0',
    url TEXT NOT NULL DEFAULT '',
    in_stock INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (gtin, merchant)
);
CREATE TABLE IF NOT EXISTS orders (
    order_id TEXT PRIMARY KEY,
    client_ref TEXT NOT NULL UNIQUE,
    gtin TEXT NOT NULL,
    merchant TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    total TEXT NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    placed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_PRODUCT_COLUMNS = "gtin, name, brand, size, category"
_OFFER_COLUMNS = "gtin, merchant, price, currency, shipping, url, in_stock"
_ORDER_COLUMNS = "order_id, gtin, merchant, quantity, total, currency, status, placed_at"


def open_catalog(db_path: Path) -> sqlite3.Connection:
    """Open (creating if needed) a catalogue file for writing, with its schema in place.

    Raises:
        ShoppingError: `catalog_unreadable` when the file is not an SQLite catalogue.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(SCHEMA)
        conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )
        conn.commit()
    except sqlite3.Error as exc:
        conn.close()
        raise ShoppingError(CATALOG_UNREADABLE, f"{db_path} is not a catalogue: {exc}") from exc
    return conn


def _query(conn: sqlite3.Connection, sql: str, args: tuple[str, ...]) -> list[Any]:
    """Run a read query; a file that is not a catalogue raises `catalog_unreadable`."""
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.Error as exc:
        raise ShoppingError(CATALOG_UNREADABLE, f"cannot read the catalogue: {exc}") from exc


def _product(row: tuple[str, str, str, str, str]) -> Product:
    return Product(gtin=row[0], name=row[1], brand=row[2], size=row[3], category=row[4])


class SqliteCatalog(OfferSource):
    """Products and offers from a local SQLite catalogue.

    Args:
        db_path: The catalogue file.
        allow_orders: Record orders in the file (there is no merchant behind a local catalogue).
        name: The source's name, stamped on its offers.
    """

    def __init__(self, db_path: Path, allow_orders: bool = False, name: str = "catalog") -> None:
        self.db_path = Path(db_path)
        self.name = name
        caps = {Capability.PRODUCTS, Capability.SEARCH, Capability.OFFERS}
        if allow_orders:
            caps |= {Capability.ORDER, Capability.ORDER_STATUS}
        self.capabilities = frozenset(caps)
        self._index: tuple[tuple[int, int], NameIndex] | None = None
        self._lock = threading.Lock()

    def _read(self) -> sqlite3.Connection:
        if not self.db_path.is_file():
            raise CatalogMissing(str(self.db_path))
        uri = self.db_path.resolve().as_uri() + "?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=10)

    async def product(self, gtin: str) -> Product | None:
        """The product with this GTIN-14, if the catalogue has it."""
        self.require(Capability.PRODUCTS)
        return await asyncio.to_thread(self._product, gtin)

    def _product(self, gtin: str) -> Product | None:
        with closing(self._read()) as conn:
            rows = _query(conn, f"SELECT {_PRODUCT_COLUMNS} FROM products WHERE gtin = ?", (gtin,))
        return _product(rows[0]) if rows else None

    async def search(self, text: str, limit: int = 5) -> list[Product]:
        """Products whose brand and name match the text (fuzzy), best first."""
        self.require(Capability.SEARCH)
        index = await asyncio.to_thread(self._name_index)
        return [m.product for m in index.search(text, limit)]

    def all_products(self) -> list[Product]:
        """Every product in the catalogue."""
        return [product for product, _ in self._name_index().entries]

    def _name_index(self) -> NameIndex:
        """The products' name index, built once and again only when the file changes."""
        if not self.db_path.is_file():
            raise CatalogMissing(str(self.db_path))
        stat = self.db_path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._index is None or self._index[0] != key:
                with closing(self._read()) as conn:
                    rows = _query(conn, f"SELECT {_PRODUCT_COLUMNS} FROM products", ())
                self._index = (key, NameIndex(_product(r) for r in rows))
            return self._index[1]

    async def offers(self, product: Product) -> list[Offer]:
        """The catalogue's offers for the product."""
        self.require(Capability.OFFERS)
        return await asyncio.to_thread(self._offers, product.gtin)

    def _offers(self, gtin: str) -> list[Offer]:
        with closing(self._read()) as conn:
            rows = _query(
                conn,
                f"SELECT {_OFFER_COLUMNS} FROM offers WHERE gtin = ? ORDER BY merchant",
                (gtin,),
            )
        return [
            Offer(
                gtin=r[0],
                merchant=r[1],
                price=Decimal(r[2]),
                currency=r[3],
                shipping=Decimal(r[4]),
                url=r[5],
                in_stock=bool(r[6]),
                source=self.name,
            )
            for r in rows
        ]

    async def place_order(self, request: OrderRequest) -> Order:
        """Record the order in the catalogue file; the same `client_ref` records it once."""
        self.require(Capability.ORDER)
        try:
            return await asyncio.to_thread(self._place, request)
        except sqlite3.Error as exc:
            raise ShoppingError(CATALOG_UNREADABLE, f"cannot record the order: {exc}") from exc

    def _place(self, request: OrderRequest) -> Order:
        offer = request.offer
        total = offer.price * request.quantity + offer.shipping
        with closing(open_catalog(self.db_path)) as conn, conn:
            conn.execute(
                f"INSERT OR IGNORE INTO orders ({_ORDER_COLUMNS}, client_ref) "
                "VALUES (?, ?, ?, ?, ?, ?, 'placed', ?, ?)",
                (
                    "L" + uuid.uuid4().hex[:10].upper(),
                    offer.gtin,
                    offer.merchant,
                    request.quantity,
                    str(total),
                    offer.currency,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    request.client_ref,
                ),
            )
            row = conn.execute(
                f"SELECT {_ORDER_COLUMNS} FROM orders WHERE client_ref = ?", (request.client_ref,)
            ).fetchone()
        return self._order(row)

    async def order_status(self, order_id: str) -> Order | None:
        """A recorded order by id."""
        self.require(Capability.ORDER_STATUS)
        return await asyncio.to_thread(self._status, order_id)

    def _status(self, order_id: str) -> Order | None:
        with closing(self._read()) as conn:
            rows = _query(
                conn, f"SELECT {_ORDER_COLUMNS} FROM orders WHERE order_id = ?", (order_id.upper(),)
            )
        return self._order(rows[0]) if rows else None

    def _order(self, row: tuple[str, str, str, int, str, str, str, str]) -> Order:
        return Order(
            order_id=row[0],
            gtin=row[1],
            merchant=row[2],
            quantity=row[3],
            total=Decimal(row[4]),
            currency=row[5],
            status=row[6],
            placed_at=datetime.fromisoformat(row[7]),
            source=self.name,
        )

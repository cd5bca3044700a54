"""Importing a product catalogue from CSV, JSON or JSON Lines into the SQLite catalogue.

Formats (the file's suffix decides; anything else is sniffed):

- **CSV** (`.csv`, UTF-8, header row): `gtin, brand, name, size, category, merchant, price,
  currency, shipping, url, in_stock`. One row is a product and at most one offer; a row without
  `merchant` is a product only, and a row with an empty `name` adds an offer to a product named
  earlier in the file or already in the catalogue.
- **JSON** (`.json`): a list of products, or `{"products": [...]}`; each product is
  `{"gtin", "name", "brand", "size", "category", "offers": [{"merchant", "price", "currency",
  "shipping", "url", "in_stock"}]}`.
- **JSON Lines** (`.jsonl`, `.ndjson`): one product object a line.

Rows are validated one by one (GTIN check digit, required fields, prices ≥ 0, 3-letter
currency, http(s) URLs); bad rows are skipped and reported with their line numbers, good ones
are upserted (products by GTIN, offers by GTIN and merchant), so importing a file twice changes
nothing the second time. Unknown columns and keys are ignored.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sightline.shopping.catalog import open_catalog
from sightline.shopping.errors import CATALOG_IMPORT_FAILED, ShoppingError
from sightline.shopping.gtin import short_gtin
from sightline.shopping.models import Offer, Product
from sightline.shopping.validation import RowInvalid, json_records, offer_from, product_from


@dataclass(frozen=True)
class RowError:
    """A row that was not imported.

    Attributes:
        line: The line it starts on in the file (1-based).
        message: What is wrong with it.
    """

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    """What an import did.

    Attributes:
        path: The file imported.
        rows: Records read (CSV rows, JSON products).
        products_added: New products.
        products_updated: Products whose details changed.
        products_unchanged: Products already in the catalogue as given.
        offers_added: New offers.
        offers_updated: Offers whose price, shipping, stock or URL changed.
        offers_unchanged: Offers already in the catalogue as given.
        errors: Rows (or offers) skipped, with line numbers.
    """

    path: Path
    rows: int = 0
    products_added: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    offers_added: int = 0
    offers_updated: int = 0
    offers_unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every row was imported."""
        return not self.errors

    def summary(self) -> str:
        """One line for people, such as the CLI's output."""
        return (
            f"{self.path.name}: {self.rows} rows read; products: {self.products_added} added, "
            f"{self.products_updated} updated, {self.products_unchanged} unchanged; offers: "
            f"{self.offers_added} added, {self.offers_updated} updated, "
            f"{self.offers_unchanged} unchanged; {len(self.errors)} rejected"
        )


@dataclass
class _Batch:
    products: dict[str, tuple[int, Product]] = field(default_factory=dict)
    offers: dict[tuple[str, str], tuple[int, Offer]] = field(default_factory=dict)
    referenced: dict[str, int] = field(default_factory=dict)  # offers on products not named here


def import_catalog(path: Path | str, db_path: Path | str) -> ImportReport:
    """Import (upsert) products and offers from a CSV, JSON or JSON Lines file.

    Args:
        path: The file to import.
        db_path: The SQLite catalogue; created with its schema when missing.

    Returns:
        What was added, updated and left unchanged, and every rejected row with its line.

    Raises:
        ShoppingError: `catalog_import_failed` when the file cannot be read or the catalogue
            written; `catalog_unreadable` when `db_path` is not an SQLite catalogue.
    """
    source, target = Path(path), Path(db_path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ShoppingError(CATALOG_IMPORT_FAILED, f"cannot read {source}: {exc}") from exc
    report = ImportReport(path=source)
    records = _records(source, text, report)
    report.rows = len(records)
    batch = _Batch()
    for line, record in records:
        try:
            _add(batch, line, record)
        except RowInvalid as exc:
            report.errors.append(RowError(line, str(exc)))
    try:
        _write(batch, target, report)
    except sqlite3.Error as exc:
        raise ShoppingError(CATALOG_IMPORT_FAILED, f"cannot write {target}: {exc}") from exc
    report.errors.sort(key=lambda e: e.line)
    return report


def _records(source: Path, text: str, report: ImportReport) -> list[tuple[int, Mapping[str, Any]]]:
    suffix = source.suffix.lower()
    stripped = text.lstrip()
    if suffix in (".jsonl", ".ndjson"):
        kind = "jsonl"
    elif suffix == ".json" or (suffix != ".csv" and stripped[:1] in ("[", "{")):
        kind = "json"
    else:
        kind = "csv"
    if kind == "csv":
        return _csv_records(text, report)
    records, problems = json_records(text, lines=kind == "jsonl")
    report.errors.extend(RowError(line, message) for line, message in problems)
    return records


def _csv_records(text: str, report: ImportReport) -> list[tuple[int, Mapping[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[tuple[int, Mapping[str, Any]]] = []
    start = 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [h.strip().lower() for h in row]
            missing = [c for c in ("gtin", "name") if c not in header]
            if missing:
                report.errors.append(RowError(line, f"missing column(s): {', '.join(missing)}"))
                return []
            continue
        if len(row) > len(header):
            report.errors.append(RowError(line, "more values than columns"))
            continue
        record: dict[str, Any] = {k: v.strip() for k, v in zip(header, row, strict=False)}
        if record.get("merchant"):
            record["offers"] = [dict(record)]
        records.append((line, record))
    return records


def _add(batch: _Batch, line: int, record: Mapping[str, Any]) -> None:
    product = product_from(record)
    gtin = product.gtin
    if product.name:
        seen = batch.products.get(gtin)
        if seen and seen[1] != product:
            raise RowInvalid(f"gtin {product.code} has other details on line {seen[0]}")
        batch.products.setdefault(gtin, (line, product))
    elif gtin not in batch.products:
        batch.referenced.setdefault(gtin, line)
    offers = record.get("offers") or []
    if not isinstance(offers, list):
        raise RowInvalid("offers must be a list")
    problems = []
    for i, raw in enumerate(offers):
        where = "" if "merchant" in record else f"offers[{i}]: "  # a CSV row has one offer
        try:
            offer = offer_from(gtin, raw)
        except RowInvalid as exc:
            problems.append(f"{where}{exc}")
            continue
        key = (gtin, offer.merchant.casefold())
        if key in batch.offers:
            first = batch.offers[key][0]
            problems.append(f"{where}duplicate offer from {offer.merchant} (line {first})")
            continue
        batch.offers[key] = (line, offer)
    if problems:
        raise RowInvalid("; ".join(problems))


def _write(batch: _Batch, target: Path, report: ImportReport) -> None:
    with open_catalog(target) as conn:
        known = {r[0] for r in conn.execute("SELECT gtin FROM products")}
        for gtin, line in batch.referenced.items():
            if gtin not in known and gtin not in batch.products:
                report.errors.append(RowError(line, f"unknown product {short_gtin(gtin)}: name it"))
        for _, product in batch.products.values():
            values = (product.gtin, product.brand, product.name, product.size, product.category)
            row = conn.execute(
                "SELECT gtin, brand, name, size, category FROM products WHERE gtin = ?",
                (product.gtin,),
            ).fetchone()
            if row is None:
                report.products_added += 1
            elif tuple(row) == values:
                report.products_unchanged += 1
                continue
            else:
                report.products_updated += 1
            conn.execute(
                "INSERT INTO products (gtin, brand, name, size, category) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (gtin) DO UPDATE SET brand = excluded.brand, name = excluded.name, "
                "size = excluded.size, category = excluded.category",
                values,
            )
        for (gtin, _), (_, offer) in batch.offers.items():
            if gtin not in known and gtin not in batch.products:
                continue
            _write_offer(conn, offer, report)
    conn.close()


def _write_offer(conn: sqlite3.Connection, offer: Offer, report: ImportReport) -> None:
    values = (
        offer.gtin,
        offer.merchant,
        str(offer.price),
        offer.currency,
        str(offer.shipping),
        offer.url,
        int(offer.in_stock),
    )
    row = conn.execute(
        "SELECT gtin, merchant, price, currency, shipping, url, in_stock FROM offers "
        "WHERE gtin = ? AND merchant = ?",
        (offer.gtin, offer.merchant),
    ).fetchone()
    if row is None:
        report.offers_added += 1
    elif tuple(row) == values:
        report.offers_unchanged += 1
        return
    else:
        report.offers_updated += 1
    conn.execute(
        "INSERT INTO offers (gtin, merchant, price, currency, shipping, url, in_stock) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (gtin, merchant) DO UPDATE SET "
        "merchant = excluded.merchant, price = excluded.price, currency = excluded.currency, "
        "shipping = excluded.shipping, url = excluded.url, in_stock = excluded.in_stock",
        values,
    )

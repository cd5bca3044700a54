"""Importing catalogues: JSON, JSON Lines and CSV; bad rows with line numbers; idempotence."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from sightline.shopping import ShoppingError, SqliteCatalog, import_catalog, normalize_gtin

FIXTURE = Path(__file__).parent / "catalog_fixture.json"

CSV_GOOD_AND_BAD = """\
gtin,brand,name,size,category,merchant,price,currency,shipping,url,in_stock
4000539017100,Lindt,Excellence Fig Intense,150g,chocolate,ShopX,2.49,EUR,0.20,https://shopx.example/l,yes
4000539017100,,,,,MegaMart,"2,39",eur,,,no

4000539017101,Lindt,Bad check digit,100g,chocolate,ShopX,1.00,EUR,0,,
5449000039231,Coca-Cola,Original Taste can,330 ml,soft drinks,ShopX,-1,EUR,0,,
5449000039231,Coca-Cola,Original Taste can,330 ml,soft drinks,QuickCart,0.69,EURO,0,,
5449000039231,Coca-Cola,Original Taste can,330 ml,soft drinks,MegaMart,0.75,EUR,0,ftp://x,
036000291452,,,,,ShopX,1.00,EUR,0,,
96385074,Acme,Widget,12 ct,tools,,,,,,
96385074,Acme,Widget,12 ct,tools,ShopX,abc,EUR,0,,
"""


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(sql))


async def test_the_fixture_imports_cleanly_and_twice_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    first = import_catalog(FIXTURE, db)
    assert first.ok and first.rows == 14
    assert (first.products_added, first.offers_added) == (14, 35)
    second = import_catalog(FIXTURE, db)
    assert second.ok
    assert (second.products_added, second.products_updated, second.products_unchanged) == (0, 0, 14)
    assert (second.offers_added, second.offers_updated, second.offers_unchanged) == (0, 0, 35)
    assert rows(db, "SELECT count(*) FROM offers") == [(35,)]
    catalog = SqliteCatalog(db)
    lindt = await catalog.product(normalize_gtin("4000539017100"))
    assert lindt is not None and lindt.brand == "Lindt" and lindt.size == "150g"
    assert second.summary() == (
        "catalog_fixture.json: 14 rows read; products: 0 added, 0 updated, 14 unchanged; "
        "offers: 0 added, 0 updated, 35 unchanged; 0 rejected"
    )


def test_csv_bad_rows_are_reported_with_line_numbers(tmp_path: Path) -> None:
    source = tmp_path / "catalog.csv"
    source.write_text(CSV_GOOD_AND_BAD, encoding="utf-8")
    db = tmp_path / "c.sqlite"
    report = import_catalog(source, db)
    problems = {e.line: e.message for e in report.errors}
    assert set(problems) == {5, 6, 7, 8, 9, 11}
    assert "check digit" in problems[5]
    assert "price" in problems[6]
    assert "currency" in problems[7]
    assert "url" in problems[8]
    assert "unknown product" in problems[9]
    assert "not a number" in problems[11]
    assert str(report.errors[0]).startswith("line 5: ")
    offers = rows(db, "SELECT merchant, price, currency, in_stock FROM offers ORDER BY merchant")
    assert offers == [("MegaMart", "2.39", "EUR", 0), ("ShopX", "2.49", "EUR", 1)]
    assert report.products_added == 3  # Lindt, Coca-Cola (its product row is fine), Acme


def test_changes_are_updates_and_new_rows_are_additions(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    import_catalog(FIXTURE, db)
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    lindt = next(p for p in data["products"] if p["gtin"] == "4000539017100")
    lindt["offers"][0]["price"] = "1.99"
    lindt["name"] = "Excellence Figue Intense"
    lindt["offers"].append({"merchant": "NewShop", "price": 2, "currency": "EUR"})
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps([lindt]), encoding="utf-8")
    report = import_catalog(changed, db)
    assert report.ok
    assert (report.products_updated, report.offers_updated, report.offers_added) == (1, 1, 1)
    assert report.offers_unchanged == 2
    assert rows(
        db, "SELECT price FROM offers WHERE merchant = 'ShopX' AND gtin LIKE '%4000539017100'"
    ) == [("1.99",)]


def test_json_errors_point_at_the_product_line(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text(
        '{"products": [\n'
        '  {"gtin": "4000539017100", "name": "Lindt Excellence",\n'
        '   "offers": [{"merchant": "ShopX", "price": "2.49", "currency": "EUR"}]},\n'
        '  {"gtin": "123", "name": "Too short"},\n'
        '  {"gtin": "5449000039231", "name": "Coke",\n'
        '   "offers": [{"merchant": "A", "price": 1, "currency": "EUR"},\n'
        '              {"merchant": "B", "currency": "EUR"}]},\n'
        '  "not an object"\n'
        "]}\n",
        encoding="utf-8",
    )
    report = import_catalog(source, tmp_path / "c.sqlite")
    problems = {e.line: e.message for e in report.errors}
    assert set(problems) == {4, 5, 8}
    assert "8, 12, 13 or 14 digits" in problems[4]
    assert problems[5] == "offers[1]: price is required"
    assert "object" in problems[8]
    assert (report.products_added, report.offers_added) == (2, 2)


def test_json_lines_and_broken_json(tmp_path: Path) -> None:
    lines = tmp_path / "c.jsonl"
    lines.write_text(
        '{"gtin": 4000539017100, "name": "Lindt Excellence"}\n\n{oops\n'
        '{"gtin": "036000291452", "name": "Product", "offers": [{"merchant": "X", '
        '"price": 1.5, "currency": "usd", "in_stock": "out of stock"}]}\n',
        encoding="utf-8",
    )
    report = import_catalog(lines, tmp_path / "c.sqlite")
    assert [(e.line, e.message.split(":")[0]) for e in report.errors] == [(3, "not JSON")]
    assert report.products_added == 2
    stored = rows(tmp_path / "c.sqlite", "SELECT gtin, price, currency, in_stock FROM offers")
    assert stored == [("00036000291452", "1.5", "USD", 0)]
    broken = tmp_path / "broken.json"
    broken.write_text('[\n  {"gtin": "4000539017100",\n  "name": }\n]', encoding="utf-8")
    report = import_catalog(broken, tmp_path / "c.sqlite")
    assert report.errors[0].line == 3 and "not JSON" in report.errors[0].message


def test_missing_columns_and_unreadable_files(tmp_path: Path) -> None:
    source = tmp_path / "c.csv"
    source.write_text("code,title\n1,2\n", encoding="utf-8")
    report = import_catalog(source, tmp_path / "c.sqlite")
    assert [str(e) for e in report.errors] == ["line 1: missing column(s): gtin, name"]
    with pytest.raises(ShoppingError) as raised:
        import_catalog(tmp_path / "nope.csv", tmp_path / "c.sqlite")
    assert raised.value.code == "catalog_import_failed"


async def test_prices_are_exact_decimals(catalog: SqliteCatalog) -> None:
    product = await catalog.product(normalize_gtin("5000213002834"))
    assert product is not None
    offers = {o.merchant: o for o in await catalog.offers(product)}
    assert offers["ShopX"].total == Decimal("37.80")
    assert offers["ShopX"].source == "catalog"

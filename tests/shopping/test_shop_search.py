"""Fuzzy name search over the catalogue: label OCR with misreads, spoken names, no false hits."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from sightline.shopping import ShoppingError, SqliteCatalog, import_catalog
from sightline.shopping.fuzzy import tokens

FIXTURE = Path(__file__).parent / "catalog_fixture.json"


@pytest.mark.parametrize(
    ("text", "gtin"),
    [
        ("LINDT EXCELLENCE FIGUE INTENSE 150g", "04000539017100"),
        ("LlNDT EXCELLENCE FIG INTENSE €3.49", "04000539017100"),  # OCR misread
        ("Milka Alpine Milk", "07622200008018"),
        ("MILKA ALPENMILCH ALPINE MILK 300 g", "07622200008018"),
        ("airpods", "00194253397168"),
        ("AirPods Pro 2", "00194253397168"),
        ("Guinness draught stout 4 x 440 ml", "05000213101025"),
        ("Johnnie Walker Black Label", "05000213002834"),
        ("La Lechera Nestlé", "08413000065504"),
        ("nestle la lechera", "08413000065504"),  # accents folded
        ("Duracell AA", "00041333424019"),
    ],
)
async def test_search_finds_the_product(catalog: SqliteCatalog, text: str, gtin: str) -> None:
    found = await catalog.search(text)
    assert found and found[0].gtin == gtin


@pytest.mark.parametrize(
    "text", ["Coca Cola Zero Sugar", "Dyson V15", "Lindt Excellence 85% Cocoa", "", "€3.49"]
)
async def test_no_false_matches(catalog: SqliteCatalog, text: str) -> None:
    assert await catalog.search(text) == []


def test_tokens_drop_sizes_and_stopwords() -> None:
    assert tokens("The Lindt Excellence 70% Cocoa 100g, 6 x 330 ml") == [
        "lindt",
        "excellence",
        "70",
        "cocoa",
    ]
    assert tokens("AirPods Pro (2nd generation)") == ["airpods", "pro", "2", "generation"]


def test_a_file_that_is_not_a_catalogue(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database " * 200)
    with pytest.raises(ShoppingError) as raised:
        asyncio.run(SqliteCatalog(junk).product("04000539017100"))
    assert raised.value.code == "catalog_unreadable"
    with pytest.raises(ShoppingError) as raised:
        import_catalog(FIXTURE, junk)
    assert raised.value.code == "catalog_unreadable"

"""The product in view (focused code, label text, shelf tag) and the comparison of its offers."""

from __future__ import annotations

from decimal import Decimal

from sightline.scene import Scene, SceneItem
from sightline.shopping import Money, Offer, Product, compare_offers, read_scene

LINDT = "04000539017100"
MILKA = "07622200008018"


def code(text: str, box: tuple[float, float, float, float], fmt: str = "EAN13") -> SceneItem:
    return SceneItem(kind="code", text=text, format=fmt, box=box)


def text(line: str, box: tuple[float, float, float, float] = (0, 0, 0, 0)) -> SceneItem:
    return SceneItem(kind="text", text=line, box=box)


# Two products side by side on a shelf, each with its label, barcode and shelf tag.
SHELF = (
    text("LINDT", (60, 40, 240, 80)),  # 0
    text("EXCELLENCE", (60, 85, 240, 120)),  # 1
    text("FIGUE INTENSE", (60, 125, 240, 160)),  # 2
    code("4000539017100", (50, 300, 250, 360)),  # 3
    text("€3.49", (80, 420, 200, 470)),  # 4
    text("€23.27/kg", (80, 475, 200, 495)),  # 5
    text("Milka", (460, 40, 640, 80)),  # 6
    text("Alpine Milk", (460, 85, 640, 120)),  # 7
    code("7622200008018", (450, 300, 650, 360)),  # 8
    text("2,79 €", (480, 420, 600, 470)),  # 9
)


def test_a_focused_barcode_gives_the_gtin_and_the_nearest_shelf_price() -> None:
    view = read_scene(Scene(items=SHELF, focus=3))
    assert (view.gtin, view.via) == (LINDT, "code")
    assert view.shelf_price == Money(Decimal("3.49"), "EUR")
    other = read_scene(Scene(items=SHELF, focus=8))
    assert other.gtin == MILKA and other.shelf_price == Money(Decimal("2.79"), "EUR")


def test_a_focused_label_line_gives_that_label_only() -> None:
    view = read_scene(Scene(items=SHELF, focus=1))
    assert view.via == "text" and view.gtin is None
    assert view.label == "LINDT EXCELLENCE FIGUE INTENSE"
    assert view.shelf_price == Money(Decimal("3.49"), "EUR")
    milka = read_scene(Scene(items=SHELF, focus=6))
    assert milka.label == "Milka Alpine Milk"
    assert milka.shelf_price == Money(Decimal("2.79"), "EUR")


def test_a_focused_shelf_tag_stands_for_the_product_above_it() -> None:
    lindt = read_scene(Scene(items=SHELF, focus=4))
    assert lindt.gtin == LINDT and lindt.shelf_price == Money(Decimal("3.49"), "EUR")
    milka = read_scene(Scene(items=SHELF, focus=9))
    assert milka.gtin == MILKA and milka.shelf_price == Money(Decimal("2.79"), "EUR")


def test_without_a_focus_the_largest_barcode_wins() -> None:
    items = (code("4000539017100", (0, 0, 50, 20)), code("7622200008018", (100, 0, 400, 100)))
    assert read_scene(Scene(items=items)).gtin == MILKA


def test_scenes_without_boxes() -> None:
    view = read_scene(Scene(items=(code("4000539017100", (0, 0, 0, 0)), text("3,49 €")), focus=0))
    assert view.gtin == LINDT and view.shelf_price == Money(Decimal("3.49"), "EUR")
    label = read_scene(Scene(items=(text("Milka"), text("Alpine Milk"), text("2.79"))))
    assert label.via == "text" and label.label == "Milka Alpine Milk"
    assert label.shelf_price == Money(Decimal("2.79"), None)


def test_nothing_useful_in_view() -> None:
    assert read_scene(None).via == "none"
    assert read_scene(Scene()).via == "none"
    menu = Scene(items=(code("https://example.com/menu", (0, 0, 90, 90), "QRCode"),), focus=0)
    assert read_scene(menu).via == "none"
    far = (code("4000539017100", (0, 0, 100, 50)), text("€3.49", (0, 2000, 100, 2050)))
    assert read_scene(Scene(items=far, focus=0)).shelf_price is None


def test_gs1_digital_link_and_upc_e_codes() -> None:
    link = code("https://id.gs1.org/01/04000539017100", (0, 0, 90, 90), "QRCode")
    assert read_scene(Scene(items=(link,), focus=0)).gtin == LINDT
    upce = code("04252614", (0, 0, 90, 40), "UPCE")
    assert read_scene(Scene(items=(upce,), focus=0)).gtin == "00042100005264"


PRODUCT = Product(gtin=LINDT, name="Excellence Fig Intense", brand="Lindt", size="150g")


def offer(merchant: str, price: str, shipping: str = "0", **kw: object) -> Offer:
    return Offer(LINDT, merchant, Decimal(price), str(kw.get("currency", "EUR")), Decimal(shipping),
                 in_stock=bool(kw.get("in_stock", True)))  # fmt: skip


OFFERS = [
    offer("Basket.eu", "2.19", "1.49"),
    offer("ShopX", "2.49", "0.20"),
    offer("MegaMart", "2.39", in_stock=False),
    offer("US Outlet", "1.99", currency="USD"),
]


def test_offers_rank_by_total_with_shipping_then_stock_then_currency() -> None:
    comparison = compare_offers(PRODUCT, OFFERS, Money(Decimal("3.49"), "EUR"))
    assert [p.offer.merchant for p in comparison.offers] == [
        "ShopX",
        "Basket.eu",
        "MegaMart",
        "US Outlet",
    ]
    assert comparison.best is not None and comparison.best.total == Decimal("2.69")
    assert comparison.best.unit_price is not None
    assert (comparison.best.unit_price.amount, comparison.best.unit_price.per) == (
        Decimal("17.93"),
        "kg",
    )
    assert comparison.saving == Decimal("0.80")
    assert comparison.verdict() == "€0.80 cheaper at ShopX incl. shipping"
    data = comparison.to_data()
    assert data["product"]["gtin"] == LINDT and data["product"]["size"] == "150g"
    assert data["best"]["merchant"] == "ShopX" and data["offers"][0]["total"] == 2.69
    assert data["offers"][0]["unit_price"] == {"amount": 17.93, "per": "kg"}


def test_verdicts() -> None:
    same = compare_offers(PRODUCT, OFFERS, Money(Decimal("2.69"), None))
    assert same.verdict() == "Same price at ShopX incl. shipping"
    shelf_best = compare_offers(PRODUCT, OFFERS, Money(Decimal("2.39"), "EUR"))
    assert shelf_best.verdict() == "Shelf is best: €0.30 under ShopX"
    foreign = compare_offers(PRODUCT, OFFERS, Money(Decimal("3.49"), "GBP"))
    assert foreign.saving is None and foreign.verdict() is None
    nothing = compare_offers(PRODUCT, [], Money(Decimal("3.49"), "EUR"))
    assert nothing.best is None and nothing.offers == () and nothing.verdict() is None

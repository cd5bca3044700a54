"""A payment confirmed in the real browser simulator, as the wearer would: the camera sees a
café's QR code, the gaze dwells on Confirm (the page signs the card with its non-extractable
WebCrypto key, registered at pairing), and the microphone says "confirm" (flite, heard by the
hub's recogniser). It pays once; the page's key never leaves it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hub_web import web_hub
from local_server import serving
from pay_fixtures import balances, cafe_qr, funded_ledger, payment_runner, qr_png, transfers_for
from sightline.confirm import ConfirmationGate
from sightline.ledger import Ledger, verify
from sightline.pairing import DeviceRegistry
from sightline.runtime import Runtime

from .conftest import fake_media_chromium, open_page, page_state
from .media import photo_y4m, spoken_wav

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow
CONNECTED = "#status[data-state=connected]"


@dataclasses.dataclass
class PayingWeb:
    base: str
    ledger: Ledger
    registry: DeviceRegistry


@pytest.fixture(scope="module")
def paying_web(runtime: Runtime, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PayingWeb]:
    """The hub as `sightline serve` builds it, paying from a funded ledger."""
    folder = tmp_path_factory.mktemp("browser-pay")
    registry = DeviceRegistry(folder / "devices.sqlite3")
    with funded_ledger(folder / "ledger.sqlite3") as ledger:
        runner = payment_runner(runtime, ledger, ConfirmationGate().clock, folder)  # type: ignore[arg-type]
        paying = dataclasses.replace(runtime, runner=runner)
        with serving(web_hub(paying, registry, recheck_s=0.5)) as base:
            yield PayingWeb(base, ledger, registry)


@pytest.fixture(scope="module")
def confirming_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Chromium whose microphone says "confirm" and whose camera sees a café's QR code."""
    media = tmp_path_factory.mktemp("pay-media")
    wav = spoken_wav("confirm", media / "confirm.wav")
    png = media / "qr.png"
    png.write_bytes(qr_png(cafe_qr("23.50")))
    y4m = photo_y4m(png, media / "qr.y4m")
    with fake_media_chromium(wav, y4m) as chromium:
        yield chromium


def look_at_confirm(page: Page) -> None:
    """Move the pointer (the gaze) onto the HUD's "Confirm" action and hold it there."""
    slots = page.evaluate(
        """async () => (await (await fetch('/v1/profiles')).json())
            .find(p => p.name === 'green-640x480').action_slots['2']"""
    )
    hud = page.locator("#hud").bounding_box()
    assert hud is not None
    left, top, right, bottom = slots[0]
    page.mouse.move(hud["x"] + (left + right) / 2, hud["y"] + (top + bottom) / 2, steps=4)


def test_gaze_and_spoken_confirm_sign_and_pay_once(
    confirming_browser: Browser, paying_web: PayingWeb, tmp_path: Path
) -> None:
    ledger = paying_web.ledger
    wallet, count = balances(ledger)["wallet"], len(transfers_for(ledger))
    code = paying_web.registry.new_pairing_code(name="paying browser").code
    page = open_page(confirming_browser, f"{paying_web.base}/?pair={code}")
    page.wait_for_selector(CONNECTED, timeout=20_000)
    [device] = [d for d in paying_web.registry.devices() if d.name == "paying browser"]
    assert device.public_key is not None  # registered at pairing
    extractable = page.evaluate(
        "async () => (await window.sightline.signer.keys()).privateKey.extractable"
    )
    assert extractable is False
    page.wait_for_function("Number(document.querySelector('#camera-stage').dataset.frames) > 0")
    page.fill("#ask-text", "pay this")
    page.press("#ask-text", "Enter")
    try:
        page.wait_for_function(
            "window.sightline.state.offer && window.sightline.state.offer.amount === '23.50'",
            timeout=20_000,
        )
        shown = "(document.querySelector('#hud').dataset.shown || '').includes('Confirm')"
        page.wait_for_function(shown, timeout=10_000)
    except Exception:
        pytest.fail(f"no confirmation card: {page_state(page)}")
    assert balances(ledger)["wallet"] == wallet
    look_at_confirm(page)
    try:
        page.wait_for_function(
            "document.querySelector('#log').innerText.includes('→ confirm_signature')",
            timeout=10_000,
        )
    except Exception:
        pytest.fail(f"the page did not sign on the dwell: {page_state(page)}")
    assert balances(ledger)["wallet"] == wallet  # signed, but nothing said yet
    listen = "document.querySelector('#listen').click()"  # a click that leaves the gaze be
    page.evaluate(listen)  # the microphone says "confirm"
    try:
        page.wait_for_function(
            "/Paid/.test(document.querySelector('#hud').dataset.lastCardText || '')",
            timeout=30_000,
        )
    except Exception:
        pytest.fail(f"not paid: {page_state(page)} {transfers_for(ledger)}")
    assert wallet - balances(ledger)["wallet"] == 2350
    assert len(transfers_for(ledger)) == count + 1
    page.wait_for_timeout(4500)  # the looping microphone says "confirm" again: nothing more
    page.evaluate(listen)
    assert wallet - balances(ledger)["wallet"] == 2350
    assert len(transfers_for(ledger)) == count + 1 and verify(ledger).ok
    page.context.close()

"""What a scene holds worth remembering: codes (by kind) and the text in view.

A payment code is remembered by its payee only: never an amount, an account or card data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sightline.codes import BcbpError, PaymentCodeError, parse_bcbp, parse_payment_code
from sightline.perception.reading import reading_order
from sightline.scene import Scene, SceneItem

MAX_TEXT = 1000
PRODUCT_FORMATS = frozenset({"EAN13", "EAN8", "UPCA", "UPCE", "EAN-13", "EAN-8", "UPC-A", "UPC-E"})
_GATE = re.compile(r"\bGATE\s*[:.]?\s*([A-Z]{0,2}\s?\d{1,3}[A-Z]?)\b", re.IGNORECASE)
_BOARDING = re.compile(
    r"\bBOARDING(?:\s+TIME)?\s*[:.]?\s*(\d{1,2})\s*[:.h]\s*(\d{2})\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Draft:
    """A moment before it is stored: its kind, text and details."""

    kind: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)


def scene_drafts(scene: Scene) -> list[Draft]:
    """The moments a scene gives: one per code, then one for all its text in reading order."""
    blocks = reading_order(scene)
    words = " ".join(b.text.replace("\n", " ") for b in blocks)
    drafts = [_code_draft(item, words) for item in scene.items if item.kind == "code"]
    if blocks:
        joined = "\n".join(b.text for b in blocks)[:MAX_TEXT]
        drafts.append(Draft("text", joined, {"focused": blocks[0].focused}))
    return drafts


def _code_draft(item: SceneItem, words: str) -> Draft:
    raw = item.text.strip()
    try:
        boarding = parse_bcbp(raw)
    except BcbpError:
        pass
    else:
        leg = boarding.legs[0]
        flight = f"{leg.carrier.strip()} {leg.flight.strip().lstrip('0')}"
        data: dict[str, Any] = {
            "flight": flight,
            "from": leg.from_,
            "to": leg.to,
            "seat": (leg.seat or "").lstrip("0") or None,
            "julian_date": leg.julian_date,
        }
        gate, boards = _GATE.search(words), _BOARDING.search(words)
        if gate:
            data["gate"] = gate.group(1).replace(" ", "").upper()
        if boards:
            data["boarding"] = f"{int(boards.group(1)):02d}:{boards.group(2)}"
        parts = [f"Boarding pass {flight} {leg.from_} to {leg.to}"]
        parts += [f"seat {data['seat']}"] if data["seat"] else []
        parts += [f"gate {data['gate']}"] if "gate" in data else []
        parts += [f"boarding {data['boarding']}"] if "boarding" in data else []
        return Draft("boarding_pass", ", ".join(parts), data)
    try:
        code = parse_payment_code(raw)
    except PaymentCodeError:
        pass
    else:
        payee = getattr(code, "merchant_name", None) or getattr(code, "payee_name", None)
        payee = payee or getattr(code, "vpa", None) or "an unnamed payee"
        return Draft("payment_code", f"Payment code for {payee}", {"payee": payee})
    if item.format.replace("_", "").upper() in PRODUCT_FORMATS or (
        raw.isdigit() and len(raw) in (8, 12, 13, 14)
    ):
        return Draft("product", f"Product {raw}", {"gtin": raw, "format": item.format})
    return Draft("code", f"{item.format or 'Code'}: {raw[:200]}", {"format": item.format})

"""The payment code in view: which code, whom it pays, in what currency, for how much.

Only decoded codes count (EMVCo merchant QR, UPI links, parsed by `parse_payment_code`); text
that OCR read in the scene is never used for a payee or an amount.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass
from decimal import Decimal

from sightline.codes import MerchantQr, PaymentCodeError, UpiPayment, parse_payment_code
from sightline.codes.errors import NOT_PAYMENT_CODE
from sightline.errors import SightlineError
from sightline.scene import Scene, SceneItem

NO_PAYMENT_CODE = "no_payment_code"
AMBIGUOUS = "ambiguous_payment_code"
UNSUPPORTED_CURRENCY = "unsupported_currency"


@dataclass(frozen=True)
class Payee:
    """Whom a payment code pays.

    Attributes:
        name: The merchant's (or payee's) name as the code gives it.
        detail: The city (EMV) or the UPI address.
        account: The ledger's payee account for it.
        currency: ISO 4217 alphabetic code.
        amount: The amount the code asks for (dynamic codes), None when the payer says it.
        dynamic: A one-transaction code: paying it twice is refused.
        key: The idempotency key of a payment to it (stable for dynamic codes).
        reference: A bill number or reference in the code, if any.
        fee_fixed: A fixed convenience fee the code adds.
        fee_percent: A percentage convenience fee the code adds.
        scheme: The payment scheme ("Pix", "VietQR", "UPI", "EMV QR").
    """

    name: str
    detail: str
    account: str
    currency: str
    amount: Decimal | None
    dynamic: bool
    key: str
    reference: str | None = None
    fee_fixed: Decimal | None = None
    fee_percent: Decimal | None = None
    scheme: str = "EMV QR"

    def total(self, amount: Decimal) -> Decimal:
        """`amount` plus the code's convenience fee, if it has one."""
        fee = self.fee_fixed or Decimal(0)
        if self.fee_percent is not None:
            fee += (amount * self.fee_percent / 100).quantize(Decimal("0.01"))
        return amount + fee


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40] or "merchant"


def _from_emv(code: MerchantQr) -> Payee:
    currency = code.currency_alpha
    if currency is None:
        raise SightlineError(UNSUPPORTED_CURRENCY, f"currency {code.currency} is not supported")
    name = code.payee_name or "Merchant"
    city = " ".join((code.merchant_city or "").split())
    account = code.payee_account
    if account is not None:
        identity = _digest(f"{code.scheme}|{account}")[:12]
    else:
        accounts = repr(
            (sorted(code.merchant_accounts.items()), sorted(code.card_network_accounts))
        )
        identity = _digest(f"{accounts}|{name}|{city}|{code.country}")[:12]
    key = f"emv:{_digest(code.payload)[:32]}" if code.is_dynamic else f"emv:{uuid.uuid4().hex}"
    fixed = code.convenience_fee_fixed if code.tip_or_convenience_indicator == "02" else None
    percent = code.convenience_fee_percentage if code.tip_or_convenience_indicator == "03" else None
    extra = code.additional_data
    where = ", ".join(p for p in (city, code.country or "") if p)
    scheme = code.scheme or "EMV QR"
    known = code.scheme is not None
    label = code.payee_label or ""
    shown_account = label if known and label != name else ""
    shown_scheme = "" if not known or scheme in f"{name} {shown_account}" else scheme
    detail = " · ".join(p for p in (where, shown_account, shown_scheme) if p)
    reference = (extra.get("01") or extra.get("05") or "").strip()
    return Payee(
        name=name,
        detail=detail,
        account=f"payee:emv:{_slug(name)}-{identity}",
        currency=currency,
        amount=code.amount_value,
        dynamic=code.is_dynamic,
        key=key,
        reference=reference if reference and reference != "***" else None,
        fee_fixed=Decimal(fixed) if fixed else None,
        fee_percent=Decimal(percent) if percent else None,
        scheme=scheme,
    )


def _from_upi(code: UpiPayment) -> Payee:
    dynamic = code.transaction_ref is not None
    return Payee(
        name=code.payee_name or code.vpa,
        detail=code.vpa,
        account=f"payee:upi:{code.vpa.lower()}",
        currency=code.currency,
        amount=code.amount_value,
        dynamic=dynamic,
        key=f"upi:{_digest(code.uri)[:32]}" if dynamic else f"upi:{uuid.uuid4().hex}",
        reference=code.transaction_ref,
        scheme="UPI",
    )


def payee_of(text: str) -> Payee:
    """Parse one decoded code's text into the payee it pays.

    Raises:
        PaymentCodeError: `not_payment_code`, `emv_invalid`, `emv_bad_crc`, `upi_invalid`.
        SightlineError: `unsupported_currency`.
    """
    code = parse_payment_code(text)
    return _from_upi(code) if isinstance(code, UpiPayment) else _from_emv(code)


def _codes(scene: Scene) -> list[SceneItem]:
    """Decoded codes, the one in focus first."""
    items = [item for item in scene.items if item.kind == "code"]
    focus = scene.focus
    if focus is not None and 0 <= focus < len(scene.items) and scene.items[focus].kind == "code":
        first = scene.items[focus]
        items.remove(first)
        items.insert(0, first)
    return items


def find_payee(scene: Scene | None) -> Payee:
    """The payee of the payment code in view: the focused code, else the only one that parses.

    Raises:
        SightlineError: `no_payment_code` (no code in view), `ambiguous_payment_code` (several
            payment codes and none in focus), `unsupported_currency`, or the parser's error for
            the code in view (`not_payment_code`, `emv_invalid`, `emv_bad_crc`, `upi_invalid`).
    """
    return find_payee_code(scene)[0]


def find_payee_code(scene: Scene | None) -> tuple[Payee, str]:
    """Like `find_payee`, with the decoded text of the code it comes from."""
    codes = _codes(scene) if scene is not None else []
    if not codes:
        raise SightlineError(NO_PAYMENT_CODE, "no code in view")
    found: dict[str, Payee] = {}
    first_error: SightlineError | None = None
    for index, item in enumerate(codes):
        try:
            payee = payee_of(item.text)
        except SightlineError as exc:
            first_error = first_error or exc
            continue
        if index == 0 and scene is not None and scene.focus is not None:
            return payee, item.text.strip()
        found.setdefault(item.text.strip(), payee)
    if len(found) == 1:
        return next(iter(found.items()))[::-1]
    if found:
        raise SightlineError(AMBIGUOUS, f"{len(found)} payment codes in view")
    raise first_error or PaymentCodeError(NOT_PAYMENT_CODE, "not a payment code")

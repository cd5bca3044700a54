"""UPI payment links and QR codes: `upi://pay?pa=...&pn=...&am=...&cu=INR`.

Parameters (NPCI UPI linking specification): pa payee address (VPA, required), pn payee
name, am amount, cu currency (only INR), tn note, tr transaction reference, tid transaction
id, mc merchant category code, mam minimum amount, url a reference link. Values are
percent-decoded ("+" is a space); every parameter is kept in `params`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final
from urllib.parse import unquote_plus

from pydantic import BaseModel, ConfigDict

from sightline.codes.errors import UPI_INVALID, PaymentCodeError

__all__ = ["PaymentCodeError", "UpiPayment", "parse_upi"]

_PREFIX: Final = re.compile(r"upi://pay/?\?", re.IGNORECASE)
_VPA: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*@[A-Za-z][A-Za-z0-9.-]*[A-Za-z0-9]")
_AMOUNT: Final = re.compile(r"[0-9]{1,10}(?:\.[0-9]{1,2})?")
_MCC: Final = re.compile(r"[0-9]{4}")
MAX_VPA_LENGTH: Final = 255


class UpiPayment(BaseModel):
    """A parsed `upi://pay` request.

    Attributes:
        uri: The URI, unchanged.
        vpa: Payee virtual payment address (`pa`), e.g. "shop@okicici".
        payee_name: Payee name (`pn`).
        amount: Amount (`am`) as encoded, e.g. "150.00"; None when the payer enters it.
        currency: Currency (`cu`), always "INR".
        note: Transaction note (`tn`).
        transaction_ref: Transaction reference (`tr`).
        transaction_id: Transaction id (`tid`).
        mcc: Merchant category code (`mc`), 4 digits.
        minimum_amount: Minimum amount (`mam`).
        url: Reference URL (`url`).
        params: Every parameter, decoded, by lowercase name.
    """

    model_config = ConfigDict(frozen=True)

    uri: str
    vpa: str
    payee_name: str | None = None
    amount: str | None = None
    currency: str = "INR"
    note: str | None = None
    transaction_ref: str | None = None
    transaction_id: str | None = None
    mcc: str | None = None
    minimum_amount: str | None = None
    url: str | None = None
    params: dict[str, str]

    @property
    def amount_value(self) -> Decimal | None:
        """The amount as a Decimal, None when absent or zero (the payer enters it)."""
        value = Decimal(self.amount) if self.amount is not None else None
        return value if value else None


def _invalid(message: str) -> PaymentCodeError:
    return PaymentCodeError(UPI_INVALID, message)


def _query(query: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for part in query.split("#", 1)[0].split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        name = unquote_plus(key).strip().lower()
        if name in params:
            raise _invalid(f"parameter {name!r} appears more than once")
        params[name] = unquote_plus(value).strip()
    return params


def parse_upi(uri: str) -> UpiPayment:
    """Parse and validate a `upi://pay?...` URI.

    Args:
        uri: The link or decoded QR text.

    Returns:
        The payment request.

    Raises:
        PaymentCodeError: (`upi_invalid`) if it is not a `upi://pay?` URI, `pa` is missing or
            not a VPA (name@handle), `am`/`mam` is not an amount (up to 2 decimals), `cu` is
            not INR, `mc` is not 4 digits, or a parameter is repeated.
    """
    if not isinstance(uri, str):
        raise _invalid(f"expected text, got {type(uri).__name__}")
    prefix = _PREFIX.match(uri)
    if prefix is None:
        raise _invalid("not a UPI payment request: expected 'upi://pay?' followed by parameters")
    try:
        params = _query(uri[prefix.end() :])
    except (ValueError, UnicodeError) as error:
        raise _invalid(f"the parameters cannot be decoded: {error}") from None
    vpa = params.get("pa", "")
    if not vpa:
        raise _invalid("the payee address (pa) is missing")
    if len(vpa) > MAX_VPA_LENGTH or not _VPA.fullmatch(vpa):
        raise _invalid(f"payee address {vpa!r} is not a VPA like 'name@bank'")
    values = {
        key: params.get(name) or None
        for key, name in (
            ("payee_name", "pn"),
            ("amount", "am"),
            ("note", "tn"),
            ("transaction_ref", "tr"),
            ("transaction_id", "tid"),
            ("mcc", "mc"),
            ("minimum_amount", "mam"),
            ("url", "url"),
        )
    }
    for key, name in (("amount", "am"), ("minimum_amount", "mam")):
        value = values[key]
        if value is not None and not _AMOUNT.fullmatch(value):
            raise _invalid(f"{name}={value!r} is not an amount like '150' or '150.50'")
    if values["mcc"] is not None and not _MCC.fullmatch(values["mcc"]):
        raise _invalid(f"mc={values['mcc']!r} is not a 4-digit merchant category code")
    currency = (params.get("cu") or "INR").upper()
    if currency != "INR":
        raise _invalid(f"cu={params['cu']!r}: UPI payments are in INR only")
    return UpiPayment(uri=uri, vpa=vpa, currency=currency, params=params, **values)

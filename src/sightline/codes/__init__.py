"""Parsers for machine-readable codes the glasses see: boarding passes and payment QR codes.

Pure Python, no dependencies beyond pydantic. Every parser raises only its own
`SightlineError` subclass on bad input, with a stable code.
"""

from __future__ import annotations

from sightline.codes.bcbp import parse_bcbp
from sightline.codes.bcbp_model import BoardingPass, Leg, issue_to_date, julian_to_date
from sightline.codes.currency import Currency, currency_by_alpha, currency_by_numeric
from sightline.codes.emv_model import MerchantQr
from sightline.codes.emv_qr import build_emv_qr, parse_emv_qr
from sightline.codes.errors import BcbpError, PaymentCodeError
from sightline.codes.payment import PaymentCode, parse_payment_code
from sightline.codes.upi import UpiPayment, parse_upi

__all__ = [
    "BcbpError",
    "BoardingPass",
    "Currency",
    "Leg",
    "MerchantQr",
    "PaymentCode",
    "PaymentCodeError",
    "UpiPayment",
    "build_emv_qr",
    "currency_by_alpha",
    "currency_by_numeric",
    "issue_to_date",
    "julian_to_date",
    "parse_bcbp",
    "parse_emv_qr",
    "parse_payment_code",
    "parse_upi",
]

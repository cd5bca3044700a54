"""Errors raised by the code parsers, each with a stable code."""

from __future__ import annotations

from typing import Final

from sightline.errors import SightlineError

BCBP_INVALID: Final = "bcbp_invalid"
NOT_PAYMENT_CODE: Final = "not_payment_code"
EMV_INVALID: Final = "emv_invalid"
EMV_BAD_CRC: Final = "emv_bad_crc"
EMV_TRUNCATED: Final = "emv_truncated"
EMV_NO_PAYEE: Final = "emv_no_payee"
EMV_BAD_AMOUNT: Final = "emv_bad_amount"
EMV_BAD_CURRENCY: Final = "emv_bad_currency"
EMV_AMBIGUOUS: Final = "emv_ambiguous"
UPI_INVALID: Final = "upi_invalid"


class BcbpError(SightlineError):
    """A string that is not a valid IATA BCBP (Resolution 792) boarding pass.

    Args:
        message: What is wrong, for a human.
        code: The stable code, always `bcbp_invalid`.
    """

    def __init__(self, message: str, code: str = BCBP_INVALID) -> None:
        super().__init__(code, message)


class PaymentCodeError(SightlineError):
    """A string that is not a valid payment code.

    Args:
        code: One of `not_payment_code`, `emv_invalid`, `emv_bad_crc`, `emv_truncated`,
            `emv_no_payee`, `emv_bad_amount`, `emv_bad_currency`, `emv_ambiguous`,
            `upi_invalid`.
        message: What is wrong, for a human.
    """

"""Asking the wearer to confirm: what a tool returns when money or a commitment is at stake.

A tool never pays, orders or books by itself. It returns a `Reply` whose `confirm` is a
`ConfirmRequest`; the turn runner hands it to the confirmation gate (`sightline.confirm`), which
shows the card, waits for the wearer's device input (a gaze dwell on "Confirm" plus a spoken
"confirm" or a temple tap) and only then calls the agent's `on_confirmed` (and, for a wallet
payment, settles the payment itself first). See docs/agents.md, "Confirmations".
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

InputSource = Literal["voice", "typed", "unknown"]
"""Where a turn's words came from: the device microphone's transcript, text the wearer typed on
the device or in the CLI, or anything else (the default; it can never confirm)."""

WEARER_SOURCES: Final[frozenset[str]] = frozenset({"voice", "typed"})
"""Sources whose words are the wearer's own, and so may say "confirm"."""


class ConfirmKind(StrEnum):
    """What the wearer is asked to confirm."""

    PAYMENT = "payment"
    ORDER = "order"
    BOOKING = "booking"


class ConfirmRequest(BaseModel):
    """A commitment a tool asks the wearer to confirm on the device.

    Attributes:
        kind: Payment, order or booking.
        ref: The agent's reference (handed back to `on_confirmed`); for a wallet payment also
            the ledger's idempotency key, so one reference never pays twice.
        payee: Who gets the money, as the card shows it (merchant, contact, shop, provider).
        payee_detail: A second line about the payee (city, account), may be empty.
        amount: The amount, positive.
        currency: ISO 4217 alphabetic code.
        wallet_payee: For a wallet payment, the ledger's payee account (the gate creates the
            payment intent and settles it); None when the agent completes it itself.
        memo: Kept with the wallet payment.
    """

    model_config = ConfigDict(frozen=True)

    kind: ConfirmKind
    ref: str = Field(min_length=1, max_length=150)
    payee: str = Field(min_length=1, max_length=120)
    payee_detail: str = Field("", max_length=120)
    amount: Decimal = Field(gt=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    wallet_payee: str | None = Field(None, min_length=1, max_length=190)
    memo: str | None = Field(None, max_length=200)

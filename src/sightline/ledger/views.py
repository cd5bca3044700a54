"""What the ledger hands back: plain frozen records, never live database rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sightline.ledger.models import AccountKind, IntentState

WEARER_WALLET = "wallet:wearer"
"""The wearer's wallet, opened with every ledger."""
FUNDING_ACCOUNT = "external:funding"
"""Where top-ups come from (a bank card, a real wallet); its balance goes negative."""


@dataclass(frozen=True, slots=True)
class Leg:
    """One side of a transfer to post: a signed amount on a named account.

    Attributes:
        account: Account name.
        amount_minor: Positive adds to the account's balance, negative takes from it.
        currency: Three-letter code.
    """

    account: str
    amount_minor: int
    currency: str


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """An account: its id, unique name and kind."""

    id: int
    name: str
    kind: AccountKind


@dataclass(frozen=True, slots=True)
class TransferInfo:
    """A posted transfer and its legs.

    Attributes:
        id: Transfer id.
        kind: `funding`, `payment` or `transfer`.
        idempotency_key: Unique key; a payment's is `intent:<intent id>`.
        intent_id: The intent it settles, for payments.
        legs: Its postings, summing to zero per currency.
        created_at: When it was posted.
        replayed: True when a retry returned the transfer an earlier call posted.
    """

    id: int
    kind: str
    idempotency_key: str
    intent_id: str | None
    legs: tuple[Leg, ...]
    created_at: datetime
    replayed: bool = False


@dataclass(frozen=True, slots=True)
class Intent:
    """A payment intent as stored.

    Attributes:
        id: `pi_…` id.
        idempotency_key: The creating client's key (unique).
        wallet: Paying wallet's name.
        payee: Payee account's name.
        amount_minor: Positive minor units.
        currency: Three-letter code.
        state: created, confirmed, settled, cancelled or expired.
        created_at: Creation time.
        expires_at: Confirmation deadline.
        confirmed_at: When the wearer confirmed.
        settled_at: When its transfer was posted.
        closed_at: When it was cancelled or expired.
        reason: Why it was cancelled, or the code of the last declined settlement.
        memo: Free text from the creator.
        transfer_id: Its one transfer, once settled.
    """

    id: str
    idempotency_key: str
    wallet: str
    payee: str
    amount_minor: int
    currency: str
    state: IntentState
    created_at: datetime
    expires_at: datetime
    confirmed_at: datetime | None
    settled_at: datetime | None
    closed_at: datetime | None
    reason: str | None
    memo: str | None
    transfer_id: int | None


@dataclass(frozen=True, slots=True)
class IntentTicket:
    """What `create_intent` returns: the intent and, while it can still be confirmed, its nonce.

    Attributes:
        intent: The intent.
        nonce: The one-time secret the confirming party presents to `confirm`/`settle`. Only its
            hash is stored; a replay of `create_intent` issues a fresh one (the old one stops
            working) while the intent is `created`, and None after that.
        replayed: True when the idempotency key already named this intent.
    """

    intent: Intent
    nonce: str | None
    replayed: bool = False


@dataclass(frozen=True, slots=True)
class Settlement:
    """A settled intent and its one transfer."""

    intent: Intent
    transfer_id: int


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    """What `recover()` did.

    Attributes:
        settled: Confirmed intents whose settlement was completed.
        declined: Confirmed intents sent back to `created` (funds or limits no longer allow).
        expired: Created intents past their expiry, now `expired`.
    """

    settled: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether recovery changed anything."""
        return bool(self.settled or self.declined or self.expired)

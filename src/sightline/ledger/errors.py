"""Ledger errors, each a `SightlineError` with a stable code."""

from __future__ import annotations

from typing import Final

from sightline.errors import SightlineError

LIMIT_EXCEEDED: Final = "limit_exceeded"
INSUFFICIENT_FUNDS: Final = "insufficient_funds"
INTENT_EXPIRED: Final = "intent_expired"
INTENT_NOT_FOUND: Final = "intent_not_found"
INTENT_CANCELLED: Final = "intent_cancelled"
NONCE_MISMATCH: Final = "nonce_mismatch"
ALREADY_SETTLED: Final = "already_settled"
INVALID_AMOUNT: Final = "invalid_amount"
INVALID_CURRENCY: Final = "invalid_currency"
UNBALANCED_TRANSFER: Final = "unbalanced_transfer"
ACCOUNT_NOT_FOUND: Final = "account_not_found"
INVALID_ACCOUNT: Final = "invalid_account"
IDEMPOTENCY_CONFLICT: Final = "idempotency_conflict"
LEDGER_BUSY: Final = "ledger_busy"
LEDGER_UNAVAILABLE: Final = "ledger_unavailable"
CAPABILITY_MISSING: Final = "capability_missing"
INVALID_REQUEST: Final = "invalid_request"


class LedgerError(SightlineError):
    """Base of every ledger failure; `code` is one of this module's constants."""


class LimitExceeded(LedgerError):
    """A payment over the wallet's per-payment or per-day limit.

    Args:
        message: What was exceeded, for a human.
        limit: `per_payment` or `per_day`.
    """

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(LIMIT_EXCEEDED, message)
        self.limit = limit


class InsufficientFunds(LedgerError):
    """The wallet's balance does not cover the payment."""

    def __init__(self, message: str) -> None:
        super().__init__(INSUFFICIENT_FUNDS, message)


class IntentExpired(LedgerError):
    """The intent passed its expiry before it was confirmed."""

    def __init__(self, message: str) -> None:
        super().__init__(INTENT_EXPIRED, message)


class IntentNotFound(LedgerError):
    """No intent has this id."""

    def __init__(self, message: str) -> None:
        super().__init__(INTENT_NOT_FOUND, message)


class IntentCancelled(LedgerError):
    """The intent was cancelled; it can no longer be confirmed."""

    def __init__(self, message: str) -> None:
        super().__init__(INTENT_CANCELLED, message)


class NonceMismatch(LedgerError):
    """The nonce presented is not the intent's current one."""

    def __init__(self, message: str) -> None:
        super().__init__(NONCE_MISMATCH, message)


class AlreadySettled(LedgerError):
    """The intent already has its one transfer; a retry can treat this as success.

    Args:
        message: For a human.
        transfer_id: The id of the intent's transfer.
    """

    def __init__(self, message: str, transfer_id: int) -> None:
        super().__init__(ALREADY_SETTLED, message)
        self.transfer_id = transfer_id


class InvalidAmount(LedgerError):
    """An amount that is not a positive integer of minor units within bounds."""

    def __init__(self, message: str) -> None:
        super().__init__(INVALID_AMOUNT, message)


class InvalidCurrency(LedgerError):
    """A currency that is not three upper-case letters, or differs where it must match."""

    def __init__(self, message: str) -> None:
        super().__init__(INVALID_CURRENCY, message)


class UnbalancedTransfer(LedgerError):
    """Postings that do not sum to zero per currency (or fewer than two)."""

    def __init__(self, message: str) -> None:
        super().__init__(UNBALANCED_TRANSFER, message)


class AccountNotFound(LedgerError):
    """No account has this name."""

    def __init__(self, message: str) -> None:
        super().__init__(ACCOUNT_NOT_FOUND, message)


class InvalidAccount(LedgerError):
    """An account of the wrong kind for the operation (e.g. paying to a wallet)."""

    def __init__(self, message: str) -> None:
        super().__init__(INVALID_ACCOUNT, message)


class IdempotencyConflict(LedgerError):
    """An idempotency key reused with different parameters."""

    def __init__(self, message: str) -> None:
        super().__init__(IDEMPOTENCY_CONFLICT, message)


class LedgerBusy(LedgerError):
    """Retries on lock contention or serialization failures ran out."""

    def __init__(self, message: str) -> None:
        super().__init__(LEDGER_BUSY, message)


class LedgerUnavailable(LedgerError):
    """The database cannot be reached or migrated."""

    def __init__(self, message: str) -> None:
        super().__init__(LEDGER_UNAVAILABLE, message)


class CapabilityMissing(LedgerError):
    """A wallet provider was asked for something it does not declare."""

    def __init__(self, message: str) -> None:
        super().__init__(CAPABILITY_MISSING, message)


class InvalidRequest(LedgerError):
    """A malformed argument other than an amount, currency or account (e.g. an empty key)."""

    def __init__(self, message: str) -> None:
        super().__init__(INVALID_REQUEST, message)

"""The payment ledger: double-entry accounts, payment intents, limits, an audit hash chain.

`open_ledger(url)` migrates the database (SQLite file or PostgreSQL) and recovers intents a
crash left mid-way; `verify(ledger)` audits it; `LocalWallet` exposes it as a `WalletProvider`.
No real money moves. See `docs/payments.md`.
"""

from sightline.ledger.errors import (
    AccountNotFound,
    AlreadySettled,
    CapabilityMissing,
    IdempotencyConflict,
    InsufficientFunds,
    IntentCancelled,
    IntentExpired,
    IntentNotFound,
    InvalidAccount,
    InvalidAmount,
    InvalidCurrency,
    InvalidRequest,
    LedgerBusy,
    LedgerError,
    LedgerUnavailable,
    LimitExceeded,
    NonceMismatch,
    UnbalancedTransfer,
)
from sightline.ledger.factory import default_url, open_ledger
from sightline.ledger.faults import (
    FAULT_POINTS,
    PAYMENT_FAULT_POINTS,
    FaultHook,
    InjectedCrash,
    crash_at,
)
from sightline.ledger.ledger import Ledger
from sightline.ledger.limits import Limits
from sightline.ledger.models import AccountKind, IntentState
from sightline.ledger.money import Money
from sightline.ledger.verify import Problem, VerifyReport, verify
from sightline.ledger.views import (
    FUNDING_ACCOUNT,
    WEARER_WALLET,
    AccountInfo,
    Intent,
    IntentTicket,
    Leg,
    RecoveryReport,
    Settlement,
    TransferInfo,
)
from sightline.ledger.wallet import (
    LocalWallet,
    PaymentRequest,
    PendingPayment,
    Receipt,
    WalletCapability,
    WalletProvider,
)

__all__ = [
    "FAULT_POINTS",
    "FUNDING_ACCOUNT",
    "PAYMENT_FAULT_POINTS",
    "WEARER_WALLET",
    "AccountInfo",
    "AccountKind",
    "AccountNotFound",
    "AlreadySettled",
    "CapabilityMissing",
    "FaultHook",
    "IdempotencyConflict",
    "InjectedCrash",
    "InsufficientFunds",
    "Intent",
    "IntentCancelled",
    "IntentExpired",
    "IntentNotFound",
    "IntentState",
    "IntentTicket",
    "InvalidAccount",
    "InvalidAmount",
    "InvalidCurrency",
    "InvalidRequest",
    "Ledger",
    "LedgerBusy",
    "LedgerError",
    "LedgerUnavailable",
    "Leg",
    "LimitExceeded",
    "Limits",
    "LocalWallet",
    "Money",
    "NonceMismatch",
    "PaymentRequest",
    "PendingPayment",
    "Problem",
    "Receipt",
    "RecoveryReport",
    "Settlement",
    "TransferInfo",
    "UnbalancedTransfer",
    "VerifyReport",
    "WalletCapability",
    "WalletProvider",
    "crash_at",
    "default_url",
    "open_ledger",
    "verify",
]

"""Accounts, balanced transfers and balances derived from postings (session-level steps)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sightline.ledger import balances
from sightline.ledger.errors import (
    AccountNotFound,
    IdempotencyConflict,
    InsufficientFunds,
    InvalidAccount,
    InvalidRequest,
    UnbalancedTransfer,
)
from sightline.ledger.models import Account, AccountKind, Posting, Transfer
from sightline.ledger.money import check_amount, check_currency
from sightline.ledger.tx import Tx
from sightline.ledger.views import AccountInfo, Leg, TransferInfo


def check_name(name: object, what: str) -> str:
    """Return `name` if it is a non-empty string of at most 200 characters.

    Raises:
        InvalidAccount: For account names (`what` containing "account" or "payee").
        InvalidRequest: For anything else, e.g. an idempotency key.
    """
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        message = f"{what} must be a non-empty string of at most 200 characters"
        if "account" in what or "payee" in what:
            raise InvalidAccount(message)
        raise InvalidRequest(message)
    return name


def find_account(session: Session, name: str) -> Account | None:
    """The account called `name`, or None."""
    return session.execute(select(Account).where(Account.name == name)).scalar_one_or_none()


def require_account(session: Session, name: str, kind: AccountKind | None = None) -> Account:
    """The account called `name`, checked to be of `kind` when given.

    Raises:
        AccountNotFound: No such account.
        InvalidAccount: It is of another kind.
    """
    account = find_account(session, name)
    if account is None:
        raise AccountNotFound(f"no account {name!r}")
    if kind is not None and account.kind != kind:
        raise InvalidAccount(f"{name!r} is a {account.kind} account, not a {kind} account")
    return account


def ensure_account(tx: Tx, name: str, kind: AccountKind) -> Account:
    """The account `name` of `kind`, opened (and audited) if missing.

    Raises:
        InvalidAccount: It exists with another kind.
    """
    check_name(name, "account name")
    account = find_account(tx.session, name)
    if account is not None:
        if account.kind != kind:
            raise InvalidAccount(f"{name!r} is a {account.kind} account, not a {kind} account")
        return account
    account = Account(name=name, kind=str(kind), created_at=tx.now)
    tx.session.add(account)
    tx.session.flush()
    tx.audit("account.opened", id=account.id, name=name, kind=str(kind))
    return account


def account_info(account: Account) -> AccountInfo:
    """The public record of an account row."""
    return AccountInfo(account.id, account.name, AccountKind(account.kind))


def balance_of(session: Session, account_id: int, currency: str) -> int:
    """The account's balance in `currency`: the sum of its postings."""
    total = session.execute(
        select(func.coalesce(func.sum(Posting.amount_minor), 0)).where(
            Posting.account_id == account_id, Posting.currency == currency
        )
    ).scalar_one()
    return int(total)


def check_legs(legs: Sequence[Leg]) -> None:
    """Validate legs: two or more, non-zero integer amounts, each currency summing to zero.

    Raises:
        UnbalancedTransfer: Too few legs, or a currency whose legs do not sum to zero.
        InvalidAmount: A zero, float or out-of-range amount.
        InvalidCurrency: A malformed currency.
    """
    if len(legs) < 2:
        raise UnbalancedTransfer("a transfer needs at least two legs")
    sums: dict[str, int] = defaultdict(int)
    for leg in legs:
        check_amount(leg.amount_minor, allow_negative=True)
        sums[check_currency(leg.currency)] += leg.amount_minor
    unbalanced = {currency: total for currency, total in sums.items() if total}
    if unbalanced:
        raise UnbalancedTransfer(f"legs do not sum to zero: {unbalanced}")


def post_transfer(
    tx: Tx,
    *,
    kind: str,
    idempotency_key: str,
    legs: Sequence[Leg],
    memo: str | None = None,
) -> Transfer:
    """Post a balanced transfer; wallets may not go below zero.

    The wallets' running balances are locked (in key order) and updated in the same
    transaction; a wallet the legs would take below zero refuses the whole transfer.

    Raises:
        UnbalancedTransfer, InvalidAmount, InvalidCurrency: Bad legs.
        AccountNotFound: A leg names no account.
        InsufficientFunds: A wallet leg would take its balance below zero.
    """
    check_legs(legs)
    accounts = {leg.account: require_account(tx.session, leg.account) for leg in legs}
    changes: dict[balances.Key, int] = defaultdict(int)
    for leg in legs:
        account = accounts[leg.account]
        if account.kind == AccountKind.WALLET:
            changes[account.id, leg.currency] += leg.amount_minor
    states = balances.lock(tx.session, changes, create=True)
    for key, change in changes.items():
        state = states[key]
        if state.balance_minor + change < 0:
            raise InsufficientFunds(
                f"balance {state.balance_minor} {key[1]} does not cover {-change} {key[1]}"
            )
        state.balance_minor += change
    transfer = Transfer(kind=kind, idempotency_key=idempotency_key, memo=memo, created_at=tx.now)
    tx.session.add(transfer)
    tx.session.flush()
    tx.fault("transfer.inserted")
    for leg in legs:
        tx.session.add(
            Posting(
                transfer_id=transfer.id,
                account_id=accounts[leg.account].id,
                currency=leg.currency,
                amount_minor=leg.amount_minor,
            )
        )
    tx.session.flush()
    balances.save(tx.session, states.values())
    tx.audit(
        "transfer.posted",
        id=transfer.id,
        kind=kind,
        key=idempotency_key,
        intent=None,
        legs=[[leg.account, leg.currency, leg.amount_minor] for leg in legs],
    )
    tx.fault("transfer.posted")
    return transfer


def balance(session: Session, account: Account, currency: str) -> int:
    """The account's balance: a wallet's running balance, else the sum of its postings."""
    if account.kind == AccountKind.WALLET:
        return balances.read(session, (account.id, currency)).balance_minor
    return balance_of(session, account.id, currency)


def transfer_legs(session: Session, transfer_id: int) -> tuple[Leg, ...]:
    """The legs of a posted transfer, in posting order."""
    rows = session.execute(
        select(Account.name, Posting.amount_minor, Posting.currency)
        .join(Account, Account.id == Posting.account_id)
        .where(Posting.transfer_id == transfer_id)
        .order_by(Posting.id)
    ).all()
    return tuple(Leg(name, amount, currency) for name, amount, currency in rows)


def transfer_info(session: Session, transfer: Transfer, *, replayed: bool = False) -> TransferInfo:
    """The public record of a transfer row."""
    return TransferInfo(
        id=transfer.id,
        kind=transfer.kind,
        idempotency_key=transfer.idempotency_key,
        intent_id=transfer.intent_id,
        legs=transfer_legs(session, transfer.id),
        created_at=transfer.created_at,
        replayed=replayed,
    )


def replay_transfer(
    session: Session, idempotency_key: str, legs: Sequence[Leg]
) -> TransferInfo | None:
    """The transfer an earlier call with this key posted, None if there is none.

    Raises:
        IdempotencyConflict: The key was used for different legs.
    """
    existing = session.execute(
        select(Transfer).where(Transfer.idempotency_key == idempotency_key)
    ).scalar_one_or_none()
    if existing is None:
        return None
    info = transfer_info(session, existing, replayed=True)
    if sorted(info.legs, key=repr) != sorted(legs, key=repr):
        raise IdempotencyConflict(f"idempotency key {idempotency_key!r} was used for other legs")
    return info

"""`verify(ledger)`: an offline audit of the whole ledger in one read snapshot.

Checks: the hash chains (every entry re-hashed and linked to the one before it in its chain,
each chain's head row naming its last entry); every
transfer balances per currency with at least two postings; the transfers and postings in the
tables are exactly those the chain records (so balances derived from postings equal balances
replayed from the chain); no wallet is below zero; every intent's state is the chain's last word
on it; each settled intent has exactly one transfer with the right legs, other intents none;
every wallet's running balance equals the sum of its postings, and its day's settled total the
sum of the intents it settled that day.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sightline.ledger import balances
from sightline.ledger.audit import GENESIS_HASH, chain_hash, iter_entries
from sightline.ledger.ledger import Ledger
from sightline.ledger.models import (
    Account,
    AccountKind,
    AuditHead,
    IntentState,
    PaymentIntent,
    Posting,
    Transfer,
)

MAX_PROBLEMS: Final = 200
_STATE_EVENTS: Final = {
    "intent.created": IntentState.CREATED,
    "intent.confirmed": IntentState.CONFIRMED,
    "intent.declined": IntentState.CREATED,
    "intent.settled": IntentState.SETTLED,
    "intent.cancelled": IntentState.CANCELLED,
    "intent.expired": IntentState.EXPIRED,
}
LegKey = tuple[str, str, int]


@dataclass(frozen=True, slots=True)
class Problem:
    """One failed check: `check` names it (chain, head, balanced, transfers, balances, wallets,
    intents, running), `detail` says where."""

    check: str
    detail: str


@dataclass
class VerifyReport:
    """The result of `verify`.

    Attributes:
        ok: True when every check passed.
        entries: Audit entries checked.
        transfers: Transfers checked.
        postings: Postings checked.
        intents: Intents checked.
        accounts: Accounts seen.
        problems: What failed (at most `MAX_PROBLEMS`; `problem_count` has the total).
        problem_count: How many problems were found.
        seconds: Time taken.
    """

    entries: int = 0
    transfers: int = 0
    postings: int = 0
    intents: int = 0
    accounts: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether every check passed."""
        return self.problem_count == 0

    def add(self, check: str, detail: str) -> None:
        """Record a problem."""
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(check, detail))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, with `ok`."""
        return {"ok": self.ok, **asdict(self)}


@dataclass
class _Replay:
    """What the chain says: transfers' legs and each intent's last state."""

    transfers: dict[int, tuple[str | None, list[LegKey]]] = field(default_factory=dict)
    states: dict[str, IntentState] = field(default_factory=dict)


def verify(ledger: Ledger) -> VerifyReport:
    """Audit the ledger (read-only, one snapshot: REPEATABLE READ / SQLite read transaction)."""
    started = time.perf_counter()
    report = VerifyReport()
    with ledger.read_session() as session, session.begin():
        replay = _check_chain(session, report)
        stored = _check_transfers(session, report)
        _check_against_chain(session, report, replay, stored)
        _check_intents(session, report, replay, stored)
        for detail in balances.audit_running(session, stored):
            report.add("running", detail)
    report.seconds = round(time.perf_counter() - started, 4)
    return report


def _check_chain(session: Session, report: VerifyReport) -> _Replay:
    """Every chain re-hashed and linked, its head naming its last entry; the log replayed in
    `seq` order (intent states, transfers)."""
    replay = _Replay()
    prev: dict[int, str] = {}
    last: dict[int, int] = {}
    for entry in iter_entries(session):
        report.entries += 1
        if entry.prev_hash != prev.get(entry.chain, GENESIS_HASH):
            report.add(
                "chain",
                f"entry {entry.seq}: prev_hash does not match the entry before it in its chain",
            )
        if chain_hash(entry.prev_hash, entry.seq, entry.at, entry.kind, entry.data) != entry.hash:
            report.add("chain", f"entry {entry.seq} ({entry.kind}): hash does not match content")
        prev[entry.chain], last[entry.chain] = entry.hash, entry.seq
        data = entry.data
        if entry.kind == "transfer.posted":
            legs = [(str(a), str(c), int(m)) for a, c, m in data.get("legs", [])]
            replay.transfers[int(data["id"])] = (data.get("intent"), legs)
        elif entry.kind in _STATE_EVENTS:
            replay.states[str(data["id"])] = _STATE_EVENTS[entry.kind]
    heads = {head.id: (head.seq, head.hash) for head in session.scalars(select(AuditHead))}
    for chain in sorted(heads.keys() | prev.keys()):
        if heads.get(chain) != (last.get(chain, 0), prev.get(chain, GENESIS_HASH)):
            report.add(
                "head", f"the head of chain {chain} does not name its last entry (truncated?)"
            )
    return replay


def _check_transfers(
    session: Session, report: VerifyReport
) -> dict[int, tuple[str | None, list[LegKey]]]:
    names = {a.id: (a.name, a.kind) for a in session.scalars(select(Account))}
    report.accounts = len(names)
    stored: dict[int, tuple[str | None, list[LegKey]]] = {
        t.id: (t.intent_id, []) for t in session.scalars(select(Transfer))
    }
    report.transfers = len(stored)
    rows = session.execute(
        select(
            Posting.transfer_id, Posting.account_id, Posting.currency, Posting.amount_minor
        ).order_by(Posting.id)
    )
    for transfer_id, account_id, currency, amount in rows:
        report.postings += 1
        name = names.get(account_id, (f"#{account_id}", ""))[0]
        stored.setdefault(transfer_id, (None, []))[1].append((name, currency, int(amount)))
    for transfer_id, (_, legs) in sorted(stored.items()):
        sums: Counter[str] = Counter()
        for _, currency, amount in legs:
            sums[currency] += amount
        if len(legs) < 2 or any(sums.values()):
            report.add("balanced", f"transfer {transfer_id} does not balance: {dict(sums)}")
    balances: Counter[tuple[str, str]] = Counter()
    for _, legs in stored.values():
        for name, currency, amount in legs:
            balances[name, currency] += amount
    wallets = {name for name, kind in names.values() if kind == AccountKind.WALLET}
    for (name, currency), amount in sorted(balances.items()):
        if name in wallets and amount < 0:
            report.add("wallets", f"wallet {name} is below zero: {amount} {currency}")
    return stored


def _check_against_chain(
    session: Session,
    report: VerifyReport,
    replay: _Replay,
    stored: dict[int, tuple[str | None, list[LegKey]]],
) -> None:
    for transfer_id in sorted(stored.keys() | replay.transfers.keys()):
        if transfer_id not in replay.transfers:
            report.add("transfers", f"transfer {transfer_id} is not in the audit chain")
        elif transfer_id not in stored:
            report.add("transfers", f"transfer {transfer_id} of the chain is missing")
        elif sorted(stored[transfer_id][1]) != sorted(replay.transfers[transfer_id][1]) or (
            stored[transfer_id][0] != replay.transfers[transfer_id][0]
        ):
            report.add("transfers", f"transfer {transfer_id} differs from its audit entry")
    derived: Counter[tuple[str, str]] = Counter()
    replayed: Counter[tuple[str, str]] = Counter()
    for target, source in ((derived, stored), (replayed, replay.transfers)):
        for _, legs in source.values():
            for name, currency, amount in legs:
                target[name, currency] += amount
    for key in sorted(derived.keys() | replayed.keys()):
        if derived[key] != replayed[key]:
            report.add(
                "balances",
                f"{key[0]} {key[1]}: postings give {derived[key]}, the chain {replayed[key]}",
            )


def _check_intents(
    session: Session,
    report: VerifyReport,
    replay: _Replay,
    stored: dict[int, tuple[str | None, list[LegKey]]],
) -> None:
    by_intent: defaultdict[str, list[int]] = defaultdict(list)
    for transfer_id, (intent_id, _) in stored.items():
        if intent_id is not None:
            by_intent[intent_id].append(transfer_id)
    names = {row.id: row.name for row in session.execute(select(Account.id, Account.name))}
    report.intents = session.execute(select(func.count()).select_from(PaymentIntent)).scalar_one()
    for intent in session.scalars(select(PaymentIntent).order_by(PaymentIntent.id)):
        transfers = by_intent.pop(intent.id, [])
        if replay.states.get(intent.id) != intent.state:
            report.add(
                "intents",
                f"{intent.id} is {intent.state}; the chain says {replay.states.get(intent.id)}",
            )
        if len(transfers) > 1:
            report.add("intents", f"{intent.id} has {len(transfers)} transfers: {transfers}")
        if intent.state != IntentState.SETTLED:
            if transfers:
                report.add("intents", f"{intent.id} is {intent.state} but has a transfer")
            continue
        if not transfers:
            report.add("intents", f"{intent.id} is settled without a transfer")
            continue
        expected = sorted(
            [
                (names[intent.wallet_id], intent.currency, -intent.amount_minor),
                (names[intent.payee_id], intent.currency, intent.amount_minor),
            ]
        )
        if sorted(stored[transfers[0]][1]) != expected:
            report.add("intents", f"{intent.id}: transfer {transfers[0]} has the wrong legs")
    for intent_id, transfers in sorted(by_intent.items()):
        report.add("intents", f"transfers {transfers} name a missing intent {intent_id}")

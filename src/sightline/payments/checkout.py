"""Turning a payee and the wearer's words into the confirmation card (nothing is paid here)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Final

from sightline.errors import SightlineError
from sightline.payments.amounts import SpokenAmount, parse_amount
from sightline.payments.directory import Directory, Entry
from sightline.payments.merchant import Payee
from sightline.payments.money import format_amount, from_minor, to_minor
from sightline.payments.replies import ShortFunds, amount_question, confirm_reply, problem
from sightline.payments.wallets import WalletBalance
from sightline.sdk import ConfirmKind, ConfirmRequest, Permission, Reply, ToolContext


def spoken_amount(argument: str, utterance: str) -> SpokenAmount | Reply | None:
    """The amount the wearer said: a tool argument only counts if the wearer said it too.

    The cloud model fills tool arguments, and text in view can reach the model, so an amount
    argument that is not in the wearer's own words is refused (`amount_not_spoken`).

    Returns:
        The amount, None when none was said, or a problem card.
    """
    said = parse_amount(utterance)
    if not argument.strip():
        return said
    given = parse_amount(argument)
    if given is None:
        return problem("How much?", f"“{argument[:30]}” is not an amount.", "amount_unclear", "?")
    clash = given.currency and said and said.currency and given.currency != said.currency
    if said is None or said.amount != given.amount or clash:
        line = "Say the amount yourself, e.g. “pay 23.50 to this”."
        return problem("Say the amount", line, "amount_not_spoken", "amount not in the request")
    return SpokenAmount(given.amount, given.currency or said.currency)


AMOUNT_WINDOW: Final = timedelta(seconds=60)
"""How long a static code's "How much?" waits for the amount (the code is remembered as long)."""
REMEMBERED: Final = "code_awaiting_amount"
"""The agent-state key of the static code whose amount was asked: `{"code", "until"}`, the
time in ISO 8601 (agent state is JSON)."""


def _when(saved: Any) -> datetime | None:
    """A time kept in the state as ISO 8601 text, None when it is not one."""
    try:
        return datetime.fromisoformat(saved) if isinstance(saved, str) else None
    except ValueError:
        return None


def remembered_code(state: dict[str, Any], now: datetime) -> str | None:
    """The static code whose "How much?" is still open, None when none is (or it lapsed)."""
    kept = state.get(REMEMBERED)
    code = kept.get("code") if isinstance(kept, dict) else None
    until = _when(kept.get("until")) if isinstance(kept, dict) else None
    if not isinstance(code, str) or until is None or until <= now:
        state.pop(REMEMBERED, None)
        return None
    return code


def _needed(what: str) -> Reply:
    example = {"merchant": "pay 23.50 to this", "contact": "send Anna 20 euros"}.get(
        what, "pay the electricity bill 45 euros"
    )
    return problem("How much?", f"Say the amount: “{example}”.", "amount_needed", "no amount")


class Checkout:
    """Builds payment confirmations.

    Args:
        clock: The current time.
        window: How long the card waits (the follow-up's expiry; the gate enforces its own).
        currency: The wallet's home currency, for amounts said without one.
    """

    def __init__(self, clock: Callable[[], datetime], window: timedelta, currency: str) -> None:
        self.clock = clock
        self.window = window
        self.currency = currency

    async def merchant(
        self, ctx: ToolContext, payee: Payee, argument: str, code_text: str = ""
    ) -> Reply:
        """The confirmation for the payment code in view (or the static code remembered since
        its "How much?"); for a static code without a spoken amount, "How much?", remembering
        `code_text` for the answer."""
        said = spoken_amount(argument, ctx.utterance)
        if isinstance(said, Reply):
            return said
        if said is not None and said.currency not in (None, payee.currency):
            line = f"This code takes {payee.currency}, not {said.currency}."
            return problem("Other currency", line, "currency_mismatch", line)
        if payee.amount is not None:
            if said is not None and said.amount != payee.amount:
                asked = format_amount(payee.amount, payee.currency)
                line = f"The code asks for {asked}."
                return problem("Amount differs", line, "amount_mismatch", line)
            base = payee.amount
        elif said is None:
            until = self.clock() + AMOUNT_WINDOW
            ctx.state[REMEMBERED] = {"code": code_text, "until": until.isoformat()}
            return amount_question(
                payee.name, payee.detail, payee.currency, until, AMOUNT_WINDOW.total_seconds()
            )
        else:
            base = said.amount
        ctx.state.pop(REMEMBERED, None)
        total = payee.total(base)
        extra = [f"Bill {payee.reference}"] if payee.reference else []
        if total != base:
            extra.append(f"incl. fee {format_amount(total - base, payee.currency)}")
        request = ConfirmRequest(
            kind=ConfirmKind.PAYMENT,
            ref=payee.key,
            payee=payee.name[:120],
            payee_detail=payee.detail[:120],
            amount=total,
            currency=payee.currency,
            wallet_payee=payee.account,
            memo=f"{payee.name}, {payee.detail}"[:200],
        )
        return await self._confirm(ctx, request, tuple(extra), "merchant")

    async def named(
        self,
        ctx: ToolContext,
        directory: Directory,
        entry: Entry,
        argument: str,
        what: str,
        reference: str = "",
    ) -> Reply:
        """The confirmation for a contact or a biller from the wearer's list."""
        said = spoken_amount(argument, ctx.utterance)
        if isinstance(said, Reply):
            return said
        if said is None:
            return _needed(what)
        currency = said.currency or entry.currency or self.currency
        if entry.currency and currency != entry.currency:
            line = f"{entry.name} is paid in {entry.currency}."
            return problem("Other currency", line, "currency_mismatch", line)
        ref = re.sub(r"[^\w-]", "", reference)[:40]
        key = f"bill:{entry.account}:{ref}" if ref else f"{what}:{uuid.uuid4().hex}"
        request = ConfirmRequest(
            kind=ConfirmKind.PAYMENT,
            ref=key[:150],
            payee=entry.name[:120],
            payee_detail=entry.detail[:120],
            amount=said.amount,
            currency=currency,
            wallet_payee=directory.account_of(entry)[:190],
            memo=f"{what}: {entry.name}"[:200],
        )
        return await self._confirm(ctx, request, (f"Ref {ref}",) if ref else (), what)

    async def _confirm(
        self, ctx: ToolContext, request: ConfirmRequest, extra: tuple[str, ...], what: str
    ) -> Reply:
        try:
            needed = to_minor(request.amount, request.currency)
        except SightlineError as exc:
            return problem("Check the amount", exc.message, exc.code, exc.message)
        short = await _short_funds(ctx, request.currency, needed)
        return confirm_reply(request, extra, self.clock() + self.window, what, short)


async def _short_funds(ctx: ToolContext, currency: str, needed: int) -> ShortFunds | None:
    """The balance and the top-up when the wallet holds less than `needed`; else None.

    Funds are only checked here to warn: the ledger checks them again when the wearer
    confirms (a short wallet then declines, moving nothing).
    """
    wallet = ctx.service("wallet", Permission.PAYMENT)
    if not isinstance(wallet, WalletBalance):
        return None
    try:
        have = await wallet.balance(currency)
    except SightlineError:
        return None  # the gate reports a wallet that cannot open
    if have.amount_minor >= needed:
        return None
    return ShortFunds(
        from_minor(have.amount_minor, currency), from_minor(needed - have.amount_minor, currency)
    )

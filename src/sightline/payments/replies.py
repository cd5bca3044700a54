"""Cards and speech for payments: the confirmation card, paid, cancelled, balance, problems."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from sightline.cards.model import Card, Glyph, Priority
from sightline.errors import SightlineError
from sightline.payments.money import format_amount
from sightline.sdk import ConfirmKind, ConfirmRequest, FollowUp, Reply

AGENT: Final = "payment"
CANCEL_WORDS: Final = {
    "cancelled": "Cancelled.",
    "timed_out": "Timed out.",
    "looked_away": "You looked away.",
    "replaced": "Replaced by another card.",
    "card_not_shown": "The card was not shown.",
    "refused": "Not confirmed.",
}
PROBLEMS: Final = {
    "no_payment_code": ("No payment code in view", "Look at the shop's QR code."),
    "not_payment_code": ("Not a payment code", "This is not a payment code I support."),
    "emv_invalid": ("Unreadable payment code", "This is not a payment code I support."),
    "emv_bad_crc": ("Damaged payment code", "This code is damaged; ask for a new one."),
    "emv_truncated": ("Incomplete payment code", "This code is incomplete; ask for a new one."),
    "emv_ambiguous": ("Unclear payment code", "This code says two things; ask for a new one."),
    "emv_no_payee": ("No payee in the code", "This code doesn't say whom to pay; ask the shop."),
    "emv_bad_amount": ("Unreadable amount", "The code's amount is unreadable; ask for a new one."),
    "emv_bad_currency": ("Unclear currency", "This code doesn't say its currency; ask the shop."),
    "upi_invalid": ("Unreadable payment code", "This is not a payment code I support."),
    "ambiguous_payment_code": ("Several codes in view", "Look at the one to pay."),
    "unsupported_currency": ("Currency not supported", "I can't pay in this code's currency."),
}


def problem(title: str, line: str, code: str, message: str, speech: str | None = None) -> Reply:
    """A card for what cannot be paid; `data["error"]` carries the stable code."""
    reply = Reply.simple(title, line, speech=speech or line, glyph=Glyph.WARNING)
    return reply.model_copy(update={"data": {"error": {"code": code, "message": message}}})


def code_problem(exc: SightlineError) -> Reply:
    """Why the code in view cannot be paid."""
    title, line = PROBLEMS.get(exc.code, ("Not a payment code", "I can't pay this code."))
    return problem(title, line, exc.code, exc.message)


@dataclass(frozen=True)
class ShortFunds:
    """The wallet holds less than the payment: its balance and the top-up it needs."""

    balance: Decimal
    missing: Decimal


def amount_question(
    payee: str, detail: str, currency: str, expires_at: datetime, ttl_s: float
) -> Reply:
    """ "How much?" for a code without an amount; the next turn's amount answers it.

    Args:
        payee: Whom the code pays.
        detail: Where, and the account.
        currency: The code's currency.
        expires_at: Until when the answer is awaited (the code is remembered as long).
        ttl_s: How long the card stays up (the same span).
    """
    lines = (payee, *((detail,) if detail else ()), f"Say the amount in {currency}: “12.50”.")
    card = Card(
        title="How much?",
        lines=lines,
        glyph=Glyph.WALLET,
        priority=Priority.IMPORTANT,
        ttl_s=ttl_s,
    )
    asked = {"payee": payee, "payee_detail": detail, "currency": currency, "tool": "pay_this"}
    follow_up = FollowUp(kind="awaiting_amount", agent=AGENT, data=asked, expires_at=expires_at)
    data = {"amount_needed": asked, "error": {"code": "amount_needed", "message": "no amount"}}
    return Reply(card=card, speech=f"How much to {payee}?", follow_up=follow_up, data=data)


def confirm_reply(
    request: ConfirmRequest,
    extra: tuple[str, ...],
    expires_at: datetime,
    what: str,
    short: ShortFunds | None = None,
) -> Reply:
    """The confirmation card: "Pay €23.50", the payee and where, then Confirm / Cancel.

    Nothing is paid by this reply; the confirmation gate waits for the wearer's device input.
    When the wallet holds too little the card says so ("Balance €0.00: top up to pay") and
    offers the top-up; the ledger declines at confirmation if it still does.

    Args:
        request: The payment, as the gate will bind it.
        extra: Further lines (a bill reference, a fee).
        expires_at: When the question lapses.
        what: "merchant", "contact" or "bill".
        short: The balance and the top-up needed, when the wallet is short.
    """
    amount = format_amount(request.amount, request.currency)
    if short is not None:
        balance = format_amount(short.balance, request.currency)
        extra = (*extra, f"Balance {balance}: top up to pay")
    lines = (request.payee, *((request.payee_detail,) if request.payee_detail else ()), *extra)
    card = Card(
        title=f"Pay {amount}",
        lines=lines,
        glyph=Glyph.WALLET,
        priority=Priority.IMPORTANT,
        ttl_s=30,
        actions=("Confirm", "Cancel"),
    )
    place = request.payee_detail.split(" · ")[0]  # the city and country, not the account
    where = f" in {place}" if place and what == "merchant" else ""
    speech = f"Pay {amount} to {request.payee}{where}? Look at Confirm and say confirm."
    summary: dict[str, Any] = {
        "payee": request.payee,
        "payee_detail": request.payee_detail,
        "amount": str(request.amount),
        "currency": request.currency,
        "to": what,
    }
    if short is not None:
        missing = f"{short.missing} {request.currency}"
        speech += f" Your balance is {balance}: top up {missing} to pay."
        summary["balance"] = str(short.balance)
        summary["top_up"] = {
            "amount": str(short.missing),
            "command": f"sightline ledger fund {short.missing} --currency {request.currency}",
        }
    follow_up = FollowUp(
        kind="awaiting_confirmation", agent=AGENT, data=summary, expires_at=expires_at
    )
    return Reply(
        card=card, speech=speech, follow_up=follow_up, data={"payment": summary}, confirm=request
    )


def paid_reply(request: ConfirmRequest, reference: str | None) -> Reply:
    """The money moved."""
    amount = format_amount(request.amount, request.currency)
    lines = [request.payee]
    if request.payee_detail:
        lines.append(request.payee_detail)
    if reference:
        lines.append(f"Ref {reference}")
    card = Card(title=f"Paid {amount}", lines=tuple(lines), glyph=Glyph.CHECK, ttl_s=10)
    data = {"paid": {"amount": str(request.amount), "currency": request.currency}}
    if reference:
        data["paid"]["reference"] = reference
    return Reply(card=card, speech=f"Paid {amount} to {request.payee}.", data=data)


def cancelled_reply(request: ConfirmRequest, reason: str) -> Reply:
    """Nothing was paid."""
    why = CANCEL_WORDS.get(reason, "Cancelled.")
    amount = format_amount(request.amount, request.currency)
    return Reply.simple(
        "Payment cancelled",
        f"{amount} to {request.payee}",
        f"{why} Nothing was paid.",
        speech=f"{why} Nothing was paid.",
        glyph=Glyph.CROSS,
        ttl_s=6,
    )


def balance_reply(amount_minor: int, currency: str, amount: Decimal) -> Reply:
    """The wallet's balance."""
    shown = format_amount(amount, currency)
    reply = Reply.simple("Wallet balance", shown, speech=f"You have {shown}.", glyph=Glyph.WALLET)
    data = {"balance": {"amount": str(amount), "amount_minor": amount_minor, "currency": currency}}
    return reply.model_copy(update={"data": data})


def help_reply(request: str) -> Reply:
    """A payment request Sightline cannot do (yet)."""
    return problem(
        "Can't do that yet",
        "I can pay a QR code, send money to a contact, pay a bill or tell your balance.",
        "payment_unsupported",
        f"not supported: {request[:80]}",
        speech="I can pay a code in view, send money, pay a bill, or say your balance.",
    )


KINDS: Final = {"merchant": ConfirmKind.PAYMENT, "contact": ConfirmKind.PAYMENT}

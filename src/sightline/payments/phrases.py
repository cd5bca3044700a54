"""Reading a payment request offline: which tool, the contact or biller named, the amount."""

from __future__ import annotations

import re
from typing import Final

from sightline.payments.amounts import CURRENCY_WORDS, parse_amount

_BALANCE: Final = re.compile(
    r"\b(?:balance|ballance|how much (?:money )?(?:do i have|is (?:in|on) my|have i got)"
    r"|what'?s in my wallet|enough money)\b"
)
_BILL: Final = re.compile(r"\b(?:bills?|invoice)\b")
_SEND: Final = re.compile(r"\b(?:send|transfer|wire|reimburse|zelle|venmo|pay\s+back|shoot|give)\b")
_PAY_NAME: Final = re.compile(
    r"^pay\s+(?!this\b|that\b|here\b|the\b|for\b|with\b|using\b|by\b|it\b|my\b|at\b|now\b)"
    r"([a-z][\w']*)"
)
_PAY: Final = re.compile(r"\b(?:pay|paying|scan|qr|checkout|contactless)\b")
_TO: Final = re.compile(r"\bto\s+(.+?)(?:\s+(?:for|on|via|with|by|from|in|using)\b|$)")
_AFTER_VERB: Final = re.compile(
    r"^(?:please\s+)?(?:send|transfer|wire|reimburse|zelle|venmo|pay(?:\s+back)?|shoot|give)"
    r"\s+(.+?)(?:\s+(?:for|on|via|with|by|from|in|using)\b|$)"
)
_NOISE: Final = frozenset(
    {"money", "some", "the", "a", "please", "now", "back", "me", "it", "this", "bill", "to"}
    | set(CURRENCY_WORDS)
)


def amount_text(utterance: str) -> str:
    """The amount said, as a tool argument ("23.50", "20 EUR"), or "" when none was said."""
    spoken = parse_amount(utterance)
    if spoken is None:
        return ""
    return f"{spoken.amount} {spoken.currency}" if spoken.currency else str(spoken.amount)


def _name(text: str) -> str:
    """What is left of a name once amounts and filler words are gone."""
    words = [
        w
        for w in re.findall(r"[a-z][\w']*", text)
        if w not in _NOISE and not re.fullmatch(r"\d", w)
    ]
    return " ".join(words[:3])


def contact_of(utterance: str) -> str:
    """The contact named in "send Anna 20 euros", "transfer 45.50 to Nina", "pay back Jake"."""
    text = re.sub(r"[\d.,€$£¥₹]+", " ", utterance.lower()).strip()
    text = re.sub(r"\s+", " ", text)
    found = _TO.search(text) or _AFTER_VERB.search(text)
    return _name(found.group(1)) if found else ""


def biller_of(utterance: str) -> str:
    """The biller named in "pay my electricity bill", "pay Verizon for this month"."""
    text = utterance.lower()
    found = re.search(
        r"\bpay\s+(?:off\s+)?(?:my\s+|the\s+|our\s+)?(.+?)\s+(?:bills?|invoice)\b", text
    )
    if found:
        return _name(found.group(1))
    return ""


def parse_payment(utterance: str) -> tuple[str, dict[str, str]]:
    """Pick the payment agent's tool and arguments from the wearer's words.

    Args:
        utterance: The request.

    Returns:
        The tool name and its arguments.
    """
    text = utterance.lower().strip()
    if _BALANCE.search(text):
        return "balance", {}
    if _BILL.search(text) and re.search(r"\bpay\b", text):
        return "pay_bill", {"biller": biller_of(text), "amount": amount_text(utterance)}
    named = _PAY_NAME.search(text)
    if _SEND.search(text) or (named and named.group(1) not in _NOISE):
        return "send_money", {"contact": contact_of(utterance), "amount": amount_text(utterance)}
    if _PAY.search(text):
        return "pay_this", {"amount": amount_text(utterance)}
    return "payment_help", {"request": utterance}

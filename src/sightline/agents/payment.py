"""The payment agent: pay the merchant QR code in view, send money, pay bills, the balance.

No tool moves money. Each payment tool returns the confirmation card with a `ConfirmRequest`;
the confirmation gate creates the ledger's payment intent, waits for the wearer's device input
(gaze on "Confirm" plus "confirm" or a tap) and settles it, then calls `on_confirmed` here for
the receipt card. Amounts come from the code or from the wearer's own words, payees from the
code in view or the wearer's contact and biller lists: never from camera text or the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sightline.agents import builtin_counter_examples, builtin_examples
from sightline.errors import SightlineError
from sightline.payments.checkout import Checkout, remembered_code
from sightline.payments.directory import Directory
from sightline.payments.merchant import NO_PAYMENT_CODE, Payee, find_payee_code, payee_of
from sightline.payments.money import from_minor
from sightline.payments.phrases import parse_payment
from sightline.payments.replies import (
    balance_reply,
    cancelled_reply,
    code_problem,
    help_reply,
    paid_reply,
    problem,
)
from sightline.payments.wallets import WalletBalance
from sightline.sdk import (
    Agent,
    AgentServices,
    ConfirmRequest,
    EdgeCall,
    Permission,
    Reply,
    ToolContext,
    TurnInput,
    tool,
)


def _utc_now() -> datetime:
    return datetime.now(UTC)


_MOVING_MONEY = re.compile(
    r"\b(?:pay|paying|send|sent|transfer\w*|wire|move|split|divide|request|collect|settle"
    r"|top\s*up|recharge|load|refund|return|tip|venmo|zelle|paypal|revolut|cash\s*app|charge"
    r"|owes?|give|shoot|reimburse|payments?|standing order|direct debit|autopay|scan|qr)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"^\s*(?!(?:can|could|would|will)\s+you\b)(?:why|how|what|what's|whats|when|where|which|who"
    r"|is|are|can|could|do|does|did|has|have|should|will|would|was|were)\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"\d|[$€£¥]|\b(?:euros?|dollars?|pounds?|bucks|quid|yen|yuan|francs?|cents?)\b", re.IGNORECASE
)
_PAY_THIS = re.compile(r"\bpay(?:ing)?\s+(?:for\s+)?(?:this|here|it|that)\b", re.IGNORECASE)
_WALLET = re.compile(r"\bwallet\b", re.IGNORECASE)
_WALLET_BALANCE = re.compile(
    r"^\W*(?:(?:what'?s|what is|check|show(?: me)?)\s+my\s+bal+ance|(?:my\s+)?balance(?:\s+please)?"
    r"|how much money do i have(?: left)?|money left)\W*$",
    re.IGNORECASE,
)
"""The wallet's own balance, asked without naming a bank account or a card."""
_TO_SOMEONE = re.compile(
    r"\bto\s+(?!(?:euros?|dollars?|pounds?|yen|yuan|francs?|usd|eur|gbp|the\s+dollar)\b)[a-z]",
    re.IGNORECASE,
)
_OWN_RECORDS = re.compile(
    r"\b(?:bills?|invoices?|rent (?:paid|due)|paid (?:me|you|him|her|them|us) back"
    r"|pay (?:me|you) back|(?:send|sent) me|owes? (?:me|you|him|her|them|us)"
    r"|owe (?!on\b|for\b|in\b)\w+)\b",
    re.IGNORECASE,
)
"""Questions the wallet itself answers: its bills and billers, and money between contacts."""
_NOT_MONEY = re.compile(
    r"\bconvert\w*\b|\bexchange rate\b|\bpay(?:s|ing)?\s+attention\b"
    r"|\bsend\s+(?:\w+\s+)?(?:an?\s+|the\s+|my\s+)?(?:e-?mails?|mail|messages?|texts?|sms|photos?"
    r"|pictures?|pics?|files?|invites?|invitations?|location|links?|tweets?|reminders?)\b",
    re.IGNORECASE,
)


class PaymentAgent(Agent):
    """Paying a merchant's QR code, sending money to contacts, paying bills, the balance.

    Args:
        contacts: The contacts file (JSON, see `sightline.payments.directory`).
        billers: The billers file.
        currency: The wallet's home currency.
        clock: The current time (tests inject one).
        window: How long a payment waits for confirmation (the gate enforces its own).
    """

    name = "payment"
    title = "Payment"
    description = "Paying a merchant's QR code, sending money, paying bills and the wallet balance."
    permissions = frozenset({Permission.CAMERA, Permission.PAYMENT})
    examples = builtin_examples("payment")
    counter_examples = builtin_counter_examples("payment")

    def __init__(
        self,
        contacts: Path | None = None,
        billers: Path | None = None,
        currency: str = "EUR",
        clock: Callable[[], datetime] = _utc_now,
        window: timedelta = timedelta(seconds=30),
    ) -> None:
        self.contacts = contacts
        self.billers = billers
        self.currency = currency
        self.checkout = Checkout(clock, window, currency)

    @classmethod
    def create(cls, services: AgentServices) -> PaymentAgent:
        """Build from `contacts_file`, `billers_file` and `wallet_currency`."""
        settings = services.settings
        return cls(settings.contacts_file, settings.billers_file, settings.wallet_currency)

    def accepts(self, turn: TurnInput) -> bool:
        """Take the turn with a code in view, the wallet named, or words that move money
        (pay, send, transfer, split, request, top up...); a question ("why was my transfer
        rejected", "how long does a transfer take") only with an amount, "pay this", or about
        the wallet's own bills and contacts ("what bills are due", "did Tom pay me back").
        Other questions about a bank account or a card are declined, so they reach the
        assistant."""
        if turn.scene is not None and any(item.kind == "code" for item in turn.scene.items):
            return True
        text = turn.utterance
        if _NOT_MONEY.search(text):
            return False
        if _WALLET.search(text) or _WALLET_BALANCE.search(text):
            return True
        if _AMOUNT.search(text) and _TO_SOMEONE.search(text) and not _QUESTION.search(text):
            return True  # "transfr 50 to jake": an amount and a payee, whatever the verb
        if _OWN_RECORDS.search(text):
            return True
        if not _MOVING_MONEY.search(text):
            return False
        if _QUESTION.search(text):
            return bool(_AMOUNT.search(text) or _PAY_THIS.search(text) or _OWN_RECORDS.search(text))
        return True

    def parse(self, turn: TurnInput) -> EdgeCall:
        """Pick the tool and read the contact, biller and amount the wearer said."""
        tool_name, arguments = parse_payment(turn.utterance)
        return EdgeCall(tool_name, dict(arguments))

    def _directory(self, kind: str, path: Path | None) -> Directory:
        return Directory.load(kind, path) if path is not None else Directory(kind, ())

    @tool(examples=("pay this", "scan and pay", "pay 23.50 to this shop", "pay with this QR code"))
    async def pay_this(self, ctx: ToolContext, amount: str = "") -> Reply:
        """Pay the merchant whose payment QR code (EMVCo merchant QR or UPI) is in view.

        A dynamic code carries the amount; for a static code the wearer says it ("pay 23.50 to
        this") or is asked "How much?" and answers in the next turn ("twelve fifty"), the code
        being remembered while the question is open. Nothing is paid here: a confirmation
        card shows the payee and amount, and only the wearer's own confirmation on the device
        pays.

        Args:
            amount: The amount as the wearer said it ("23.50", "12 euros"); empty when the code
                carries it.
        """
        try:
            payee, code = self._payee(ctx)
        except SightlineError as exc:
            return code_problem(exc)
        return await self.checkout.merchant(ctx, payee, amount, code)

    def _payee(self, ctx: ToolContext) -> tuple[Payee, str]:
        """The code in view, else the static code whose "How much?" is still open."""
        try:
            return find_payee_code(ctx.scene)
        except SightlineError as exc:
            kept = remembered_code(ctx.state, self.checkout.clock())
            if exc.code != NO_PAYMENT_CODE or kept is None:
                raise
            return payee_of(kept), kept

    @tool(examples=("send Anna 20 euros", "send money to my mom", "transfer 45.50 to Nina"))
    async def send_money(self, ctx: ToolContext, contact: str, amount: str = "") -> Reply:
        """Send money to one of the wearer's contacts (only contacts in their list).

        Nothing is sent here: a confirmation card shows the contact and amount first.

        Args:
            contact: The contact's name as the wearer said it ("Anna", "mum").
            amount: The amount as the wearer said it ("20 euros").
        """
        if not contact.strip():
            line = "Say whom to pay: “send Anna 20 euros”."
            return problem("Who to?", line, "contact_needed", "no contact named")
        directory = self._directory("contact", self.contacts)
        found = directory.find(contact)
        if len(found) != 1:
            code = "unknown_contact" if not found else "ambiguous_contact"
            line = f"No “{contact}” in your contacts." if not found else f"Which {contact}?"
            return problem("Unknown contact" if not found else "Which contact?", line, code, line)
        return await self.checkout.named(ctx, directory, found[0], amount, "contact")

    @tool(examples=("pay my electricity bill", "pay this bill", "pay the phone bill 45 euros"))
    async def pay_bill(
        self, ctx: ToolContext, biller: str = "", amount: str = "", reference: str = ""
    ) -> Reply:
        """Pay a bill: the bill's payment QR code in view, or a biller from the wearer's list.

        Nothing is paid here: a confirmation card shows the biller and amount first.

        Args:
            biller: The biller's name ("electricity", "EDF"); empty for the bill code in view.
            amount: The amount as the wearer said it; empty when the bill's code carries it.
            reference: The bill's reference number, if the wearer said one.
        """
        if not biller.strip():
            return await self.pay_this(ctx, amount)
        directory = self._directory("biller", self.billers)
        found = directory.find(biller)
        if len(found) != 1:
            line = f"No biller “{biller}” in your list." if not found else f"Which {biller}?"
            return problem("Unknown biller", line, "unknown_biller", line)
        return await self.checkout.named(ctx, directory, found[0], amount, "bill", reference)

    @tool(examples=("check my balance", "how much money do I have", "what's in my wallet"))
    async def balance(self, ctx: ToolContext, currency: str = "") -> Reply:
        """Say the wallet's balance.

        Args:
            currency: The currency's three-letter code; the wallet's home currency if empty.
        """
        code = (currency.strip() or self.currency).upper()
        wallet = ctx.service("wallet", Permission.PAYMENT)
        if not isinstance(wallet, WalletBalance):
            return problem("No wallet", "No wallet is set up.", "wallet_unavailable", "no wallet")
        try:
            money = await wallet.balance(code)
        except SightlineError as exc:
            return problem("Wallet unavailable", exc.message, exc.code, exc.message)
        return balance_reply(money.amount_minor, code, from_minor(money.amount_minor, code))

    @tool(examples=("show my payment history", "freeze my card", "split this bill"))
    async def payment_help(self, ctx: ToolContext, request: str) -> Reply:
        """Any other payment request (history, cards, splitting, requests): says what the
        assistant can do instead.

        Args:
            request: The wearer's request, in their words.
        """
        del ctx
        return help_reply(request)

    async def on_confirmed(
        self, ctx: ToolContext, request: ConfirmRequest, reference: str | None
    ) -> Reply:
        """The gate settled the payment: the receipt card. Not a tool."""
        del ctx
        return paid_reply(request, reference)

    async def on_cancelled(self, ctx: ToolContext, request: ConfirmRequest, reason: str) -> Reply:
        """Nothing was paid. Not a tool."""
        del ctx
        return cancelled_reply(request, reason)

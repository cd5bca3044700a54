"""The payment agent: its scope and examples; its tools arrive with the payment service."""

from __future__ import annotations

from sightline.agents import builtin_examples
from sightline.agents.not_installed import NotInstalledAgent
from sightline.sdk import Permission


class PaymentAgent(NotInstalledAgent):
    """Paying a merchant's QR code, sending money, paying bills
    and the wallet balance.
    """

    name = "payment"
    title = "Payment"
    description = "Paying a merchant's QR code, sending money, paying bills and the wallet balance."
    permissions = frozenset({Permission.CAMERA, Permission.PAYMENT})
    examples = builtin_examples("payment")

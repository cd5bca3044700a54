"""The shopping agent: its scope and examples; its tools arrive with the shopping service."""

from __future__ import annotations

from sightline.agents import builtin_examples
from sightline.agents.not_installed import NotInstalledAgent
from sightline.sdk import Permission


class ShoppingAgent(NotInstalledAgent):
    """Price comparison for the product in view, product
    information, placing and tracking orders.
    """

    name = "shopping"
    title = "Shopping"
    description = (
        "Price comparison for the product in view, product "
        "information, placing and tracking orders."
    )
    permissions = frozenset({Permission.CAMERA, Permission.NETWORK})
    examples = builtin_examples("shopping")

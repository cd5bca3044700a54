"""The travel agent: its scope and examples; its tools arrive with the travel service."""

from __future__ import annotations

from sightline.agents import builtin_examples
from sightline.agents.not_installed import NotInstalledAgent
from sightline.sdk import Permission


class TravelAgent(NotInstalledAgent):
    """Flight status, boarding passes, and booking flights,
    hotels, trains and buses.
    """

    name = "travel"
    title = "Travel"
    description = "Flight status, boarding passes, and booking flights, hotels, trains and buses."
    permissions = frozenset({Permission.CAMERA, Permission.NETWORK})
    examples = builtin_examples("travel")

"""The navigation agent: its scope and examples; its tools arrive with the navigation service."""

from __future__ import annotations

from sightline.agents import builtin_examples
from sightline.agents.not_installed import NotInstalledAgent
from sightline.sdk import Permission


class NavigationAgent(NotInstalledAgent):
    """Walking directions, places nearby, distances, traffic,
    public transport times and where you are.
    """

    name = "navigation"
    title = "Navigation"
    description = (
        "Walking directions, places nearby, distances, traffic, "
        "public transport times and where you are."
    )
    permissions = frozenset({Permission.LOCATION})
    examples = builtin_examples("navigation")

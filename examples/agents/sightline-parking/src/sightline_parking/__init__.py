"""A Sightline agent that remembers where the wearer parked."""

from __future__ import annotations

import math
import re

from sightline.sdk import Agent, EdgeCall, Permission, Reply, ToolContext, TurnInput, tool

_SAVE = re.compile(r"\b(remember|save|mark|note|i (?:just )?parked|i've parked|pin)\b")


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


class ParkingAgent(Agent):
    """Remembers where the car is parked and how far away it is."""

    name = "parking"
    description = "Remembers where the wearer parked the car and finds it again."
    permissions = frozenset({Permission.LOCATION})
    examples = (
        "remember where i parked",
        "save my parking spot",
        "i just parked the car here",
        "mark this as my parking space",
        "note where the car is",
        "pin my parking location",
        "i've parked on level 3",
        "where did i park",
        "where is my car",
        "where did i leave the car",
        "find my car",
        "take me back to my car",
        "how far is my car",
        "which way to the car park where i left my car",
        "i forgot where i parked",
        "help me find my parked car",
        "how long ago did i park",
        "is my car far from here",
        "where's the car parked",
        "remind me where the car is",
    )

    def parse(self, turn: TurnInput) -> EdgeCall:
        """Saving or finding, from the wording."""
        text = turn.utterance.lower()
        return EdgeCall("save_spot" if _SAVE.search(text) else "find_car")

    @tool(examples=("remember where i parked",))
    async def save_spot(self, ctx: ToolContext, note: str = "") -> Reply:
        """Remember the wearer's current position as the parking spot.

        Args:
            note: Anything to remember with it, such as the level or the bay.
        """
        here = ctx.location
        if here is None:
            return Reply.simple("No location", "I don't know where you are.")
        ctx.state["spot"] = [here.lat, here.lon, note]  # JSON values only in ctx.state
        return Reply.simple("Parking saved", f"{here.lat:.5f}, {here.lon:.5f}", note)

    @tool(examples=("where did i park",))
    async def find_car(self, ctx: ToolContext) -> Reply:
        """Say where the car is and how far away."""
        spot = ctx.state.get("spot")
        if spot is None:
            return Reply.simple("No parking saved", "Say 'remember where I parked' next time.")
        here = ctx.location
        lines = [f"{spot[0]:.5f}, {spot[1]:.5f}", spot[2]]
        if here is not None:
            lines.insert(0, f"{_metres((here.lat, here.lon), (spot[0], spot[1])):.0f} m away")
        return Reply.simple("Your car", *[line for line in lines if line])

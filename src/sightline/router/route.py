"""The Route: where one utterance goes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

RouteTier = Literal["edge", "cloud", "device"]


class Route(BaseModel):
    """The router's decision for one utterance.

    Attributes:
        agent: The agent's name.
        tool: The tool to call.
        arguments: The tool's arguments.
        confidence: How sure the deciding tier is, 0 to 1.
        tier: Which tier decided: "edge" or "cloud"; "device" for a result the wearer's device
            input decided (a confirmation confirmed, cancelled or refused).
        note: Why a fallback happened, when one did (for example "cloud timed out").
        prepared_answer: Text the cloud model already answered with, for the assistant to use.
        utterance: The words the agent acts on when they are not the turn's transcript (a
            spoken request whose audio fitted another agent's phrasing better; see
            `sightline.router.spoken`); None when they are.
        candidates: The agents the router would try, best first (the chosen one included);
            the assistant ends the list when it is loaded.
        declined: The agents that were offered the turn and declined it, in order.
    """

    model_config = ConfigDict(frozen=True)

    agent: str
    tool: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    confidence: float = Field(ge=0, le=1)
    tier: RouteTier
    note: str | None = None
    prepared_answer: str | None = None
    utterance: str | None = None
    candidates: tuple[str, ...] = ()
    declined: tuple[str, ...] = ()

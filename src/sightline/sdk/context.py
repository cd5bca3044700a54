"""The tool context: what a tool call may see and use, limited by its agent's permissions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sightline.scene import Location, Scene
from sightline.sdk.confirm import InputSource
from sightline.sdk.permissions import Permission, PermissionDenied


@dataclass(frozen=True)
class SpokenAlternative:
    """One agent's reading of a spoken request: the words its own language model heard.

    A recogniser that decodes the audio once per agent (pocketsphinx does, see
    docs/speech.md) gives one per agent; the router weighs them with the transcript.

    Attributes:
        agent: The agent whose examples the language model was built from.
        text: The words decoded under that model.
        evidence: How much worse than the best agent's model it explains the audio, as a
            natural-log likelihood ratio (0 for the best, negative for the others).
    """

    agent: str
    text: str
    evidence: float


@dataclass
class TurnInput:
    """What the wearer gave in this turn, besides the words.

    Attributes:
        utterance: The request as text.
        scene: What is in view (camera image and anything decoded from it).
        location: Where the wearer is, when known.
        source: Where the words came from: "voice" (the device microphone's transcript),
            "typed" (typed by the wearer on the device or in the CLI) or "unknown". Only the
            wearer's own words ("voice", "typed") can say "confirm" to a pending confirmation.
        alternatives: For a spoken request, each agent's reading of the audio, when the
            recogniser gives them (empty otherwise).
    """

    utterance: str
    scene: Scene | None = None
    location: Location | None = None
    source: InputSource = "unknown"
    alternatives: tuple[SpokenAlternative, ...] = ()


@dataclass
class ToolContext:
    """Handed to every tool call; each accessor checks the agent's declared permissions.

    Args:
        agent: The agent's name.
        permissions: What the agent declared.
        turn: The wearer's input for this turn.
        state: This agent's own per-session state (a dict kept between turns). Keep only JSON
            values in it (dict with str keys, list, str, int, float, bool, None): it is saved
            with the conversation and may be restored in another hub process, so a live
            object (a set, a dataclass, a datetime, a client) would be lost or refused. Store
            an object's JSON form (`to_json()`) and rebuild it on the next call.
        services: Shared services the agent may reach, by name (for example "llm", "wallet").
        prepared_answer: An answer the cloud router's model already gave for this turn.
    """

    agent: str
    permissions: frozenset[Permission]
    turn: TurnInput
    state: dict[str, Any] = field(default_factory=dict)
    services: dict[str, Any] = field(default_factory=dict)
    prepared_answer: str | None = None

    def require(self, permission: Permission) -> None:
        """Raise PermissionDenied unless the agent declared `permission`."""
        if permission not in self.permissions:
            raise PermissionDenied(self.agent, permission)

    @property
    def utterance(self) -> str:
        """The request as text (always allowed)."""
        return self.turn.utterance

    @property
    def scene(self) -> Scene | None:
        """What the camera sees; needs the camera permission."""
        self.require(Permission.CAMERA)
        return self.turn.scene

    @property
    def location(self) -> Location | None:
        """Where the wearer is; needs the location permission."""
        self.require(Permission.LOCATION)
        return self.turn.location

    def service(self, name: str, permission: Permission | None = None) -> Any:
        """Return a shared service, checking the permission it needs.

        Args:
            name: The service's name.
            permission: The permission the service needs, if any.

        Returns:
            The service, or None when it is not configured.
        """
        if permission is not None:
            self.require(permission)
        return self.services.get(name)

"""Finding agents: the `sightline.agents` entry-point group, built-ins included."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points

from sightline.errors import SightlineError
from sightline.sdk.agent import Agent, AgentServices

ENTRY_POINT_GROUP = "sightline.agents"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
log = logging.getLogger(__name__)


@dataclass
class AgentRegistry:
    """The agents of one assistant, by name, and the entry points that failed to load.

    Attributes:
        agents: Loaded agents by name.
        failures: Entry-point name to the reason it was not loaded.
        sources: Agent name to the entry point's distribution ("builtin" for Sightline's own).
    """

    agents: dict[str, Agent] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> Agent:
        """Return an agent by name, or raise SightlineError `unknown_agent`."""
        try:
            return self.agents[name]
        except KeyError:
            known = ", ".join(sorted(self.agents))
            raise SightlineError("unknown_agent", f"no agent '{name}' (have: {known})") from None

    def names(self) -> list[str]:
        """Agent names in a stable order."""
        return sorted(self.agents)


def validate_agent_class(obj: object) -> type[Agent]:
    """Check that an entry point's object is a usable Agent subclass.

    Args:
        obj: What the entry point loaded.

    Returns:
        The class.

    Raises:
        TypeError: It is not an Agent subclass or lacks a valid name, description or tool.
    """
    if not (isinstance(obj, type) and issubclass(obj, Agent)):
        raise TypeError(f"{obj!r} is not a subclass of sightline.sdk.Agent")
    name = getattr(obj, "name", None)
    if not isinstance(name, str) or not _NAME.match(name):
        raise TypeError(f"{obj.__qualname__}.name must match {_NAME.pattern}")
    if not getattr(obj, "description", ""):
        raise TypeError(f"{obj.__qualname__} needs a description")
    if not obj.tool_specs():
        raise TypeError(f"{obj.__qualname__} declares no @tool")
    return obj


def load_agents(
    services: AgentServices,
    extra: Iterable[type[Agent]] = (),
    discovered: Iterable[EntryPoint] | None = None,
) -> AgentRegistry:
    """Load every agent registered under the `sightline.agents` entry-point group.

    A broken plugin never stops the others: its error is kept in `failures`. MCP servers are
    not agents of an entry point: `sightline.agents.loading.load_all_agents` adds them.

    Args:
        services: What agents are built with.
        extra: Agent classes to add directly (tests, embedding applications).
        discovered: Entry points to use instead of the installed ones.

    Returns:
        The registry.
    """
    registry = AgentRegistry()
    points = list(entry_points(group=ENTRY_POINT_GROUP) if discovered is None else discovered)
    candidates: list[tuple[str, str, object]] = []
    for point in points:
        dist = point.dist.name if point.dist is not None else "unknown"
        try:
            candidates.append((point.name, dist, point.load()))
        except Exception as exc:  # a plugin's import error must not stop the assistant
            registry.failures[point.name] = f"import failed: {exc}"
            log.warning("agent entry point %s failed to load: %s", point.name, exc)
    candidates.extend((cls.name, "direct", cls) for cls in extra)
    for point_name, dist, obj in candidates:
        try:
            cls = validate_agent_class(obj)
            if cls.name in registry.agents:
                raise TypeError(f"agent name '{cls.name}' is already taken")
            registry.agents[cls.name] = cls.create(services)
            registry.sources[cls.name] = "builtin" if dist == "sightline" else dist
        except Exception as exc:
            registry.failures[point_name] = str(exc)
            log.warning("agent %s not loaded: %s", point_name, exc)
    return registry

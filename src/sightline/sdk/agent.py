"""The Agent: a service behind the assistant, with declared scope, permissions and tools."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from sightline.cards.model import Glyph
from sightline.errors import SightlineError
from sightline.sdk.confirm import ConfirmRequest
from sightline.sdk.context import ToolContext, TurnInput
from sightline.sdk.permissions import Permission
from sightline.sdk.reply import Reply
from sightline.sdk.tools import ToolSpec, derive_tool_spec, is_tool

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sightline.config import Settings
    from sightline.sdk.triggers import Trigger

_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class EdgeCall:
    """The tool and arguments an agent reads from an utterance without a cloud model."""

    tool: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass
class AgentServices:
    """What agents are built with: configuration and shared clients, passed in.

    Attributes:
        settings: The effective configuration.
        shared: Shared services by name ("llm": a ChatModel, or None when no cloud is set up).
    """

    settings: Settings
    shared: dict[str, Any] = field(default_factory=dict)


class Agent:
    """Base class of every agent; subclasses set the class attributes and mark tools with @tool.

    Attributes:
        name: Unique lowercase name, also the routing label.
        description: One sentence on the agent's scope, shown to the cloud model.
        permissions: What its tools may use (camera, location, payment, network).
        examples: Utterances it should receive; the edge router learns from them.
        counter_examples: Requests near its scope that are NOT its own (they belong to the
            general assistant); the edge router learns them as general requests, so the agent
            has to earn a request rather than claim its vocabulary's neighbourhood.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    permissions: ClassVar[frozenset[Permission]] = frozenset()
    examples: ClassVar[tuple[str, ...]] = ()
    counter_examples: ClassVar[tuple[str, ...]] = ()
    _specs: ClassVar[dict[str, ToolSpec]]

    @classmethod
    def create(cls, services: AgentServices) -> Agent:
        """Build the agent from shared services; override to take configuration or clients."""
        del services
        return cls()

    @classmethod
    def tool_specs(cls) -> dict[str, ToolSpec]:
        """Return the agent's tools by name, derived once per class."""
        if "_specs" not in cls.__dict__:
            specs = {}
            for attr in dir(cls):
                member = getattr(cls, attr, None)
                if member is not None and is_tool(member):
                    spec = derive_tool_spec(member)
                    specs[spec.name] = spec
            cls._specs = specs
        return cls._specs

    def accepts(self, turn: TurnInput) -> bool:
        """Whether this agent takes the turn the router offers it; False declines it.

        The router ranks the agents; a declined turn goes to the next candidate and finally to
        the assistant, and the decline is recorded on the Route (`declined`). The default takes
        every turn; agents override this with a cheap check of the request (no I/O).

        Args:
            turn: The wearer's input.

        Returns:
            True to take the turn, False for "not mine".
        """
        del turn
        return True

    def parse(self, turn: TurnInput) -> EdgeCall:
        """Pick a tool and its arguments from the utterance, offline.

        The default picks the tool whose examples share most words with the utterance and passes
        the utterance to a tool whose only required parameter is a string. Agents override this
        to extract real arguments.

        Args:
            turn: The wearer's input.

        Returns:
            The tool to call and its arguments.
        """
        specs = self.tool_specs()
        words = set(_WORD.findall(turn.utterance.lower()))

        def overlap(spec: ToolSpec) -> int:
            return max(
                (len(words & set(_WORD.findall(e.lower()))) for e in spec.examples), default=0
            )

        spec = max(specs.values(), key=overlap)
        required = spec.parameters.get("required", [])
        props = spec.parameters.get("properties", {})
        if len(required) == 1 and props.get(required[0], {}).get("type") == "string":
            return EdgeCall(spec.name, {required[0]: turn.utterance})
        return EdgeCall(spec.name, {})

    async def invoke(self, tool_name: str, arguments: dict[str, Any], ctx: ToolContext) -> Reply:
        """Validate the arguments and run a tool.

        Args:
            tool_name: One of `tool_specs()`.
            arguments: Raw arguments.
            ctx: The permission-checked context for this call.

        Returns:
            The tool's Reply.

        Raises:
            SightlineError: `unknown_tool` or `invalid_arguments`; errors raised by the tool pass.
        """
        spec = self.tool_specs().get(tool_name)
        if spec is None:
            raise SightlineError("unknown_tool", f"agent '{self.name}' has no tool '{tool_name}'")
        validated = spec.validate(arguments)
        reply = await getattr(self, spec.method_name)(ctx, **validated)
        if not isinstance(reply, Reply):
            raise SightlineError(
                "bad_tool_result", f"tool {self.name}.{tool_name} returned {type(reply).__name__}"
            )
        return reply

    def context(
        self,
        turn: TurnInput,
        state: dict[str, Any],
        services: dict[str, Any],
        prepared_answer: str | None = None,
    ) -> ToolContext:
        """The context this agent's code runs with: its declared permissions only.

        The one place a `ToolContext` is made (tool calls, confirmation hooks, location
        updates and the test harness all come here).

        Args:
            turn: The wearer's input.
            state: This agent's own per-session state.
            services: Shared services, reached through the context's permission checks.
            prepared_answer: An answer the cloud router's model already gave for this turn.
        """
        return ToolContext(
            agent=self.name,
            permissions=self.permissions,
            turn=turn,
            state=state,
            services=services,
            prepared_answer=prepared_answer,
        )

    async def on_location(self, ctx: ToolContext, at: float) -> Reply | None:
        """The wearer moved: `ctx.location` is the new fix. Not a tool.

        The conversation calls this on every agent that declares the location permission and
        overrides it, whenever the device reports a location; a reply is shown and spoken
        (live guidance uses this). None (the default) shows nothing.

        Args:
            ctx: The agent's context in the wearer's session (no words: `ctx.utterance` is "").
            at: The fix's time in wall-clock seconds (`time.time()`: saved state may be
                restored in another hub process, where a monotonic clock means nothing).
        """
        del ctx, at
        return None

    async def location_presets(self) -> list[dict[str, Any]]:
        """Named places a simulator may offer as locations (`{"name", "category", "lat",
        "lon"}`), e.g. from this agent's map; none by default. Not a tool."""
        return []

    def follows_location(self) -> bool:
        """Whether this agent wants location updates (`on_location` is overridden and it
        declared the location permission)."""
        overridden = type(self).on_location is not Agent.on_location
        return overridden and Permission.LOCATION in self.permissions

    def triggers(self) -> Sequence[Trigger]:
        """Proactive triggers this agent adds (`sightline.sdk.triggers`); none by default."""
        return ()

    async def on_confirmed(
        self, ctx: ToolContext, request: ConfirmRequest, reference: str | None
    ) -> Reply:
        """Complete what the wearer confirmed on the device. Not a tool.

        Only the confirmation gate calls this, after the wearer's device input authorised
        `request` (a tool's `Reply.confirm`); the cloud model and other agents cannot reach it.
        Override it in agents whose tools ask for confirmations.

        Args:
            ctx: The agent's context in the wearer's session.
            request: The confirmed request, exactly as the tool returned it.
            reference: For a wallet payment, the wallet's transaction reference (the money has
                moved already); None otherwise.

        Returns:
            The card saying what was done (or why it could not be).

        Raises:
            SightlineError: `not_confirmable` unless overridden.
        """
        del ctx, reference
        raise SightlineError(
            "not_confirmable", f"agent '{self.name}' cannot complete a {request.kind} confirmation"
        )

    async def on_cancelled(self, ctx: ToolContext, request: ConfirmRequest, reason: str) -> Reply:
        """Drop what the wearer did not confirm (cancelled, timed out, replaced). Not a tool.

        Args:
            ctx: The agent's context in the wearer's session.
            request: The request that will not be completed.
            reason: `cancelled`, `timed_out`, `looked_away`, `replaced`, `card_not_shown` or
                `refused`.

        Returns:
            A card saying nothing was done.
        """
        del ctx, reason
        return Reply.simple(
            "Cancelled",
            f"Nothing was done ({request.kind}).",
            speech="Cancelled.",
            glyph=Glyph.CROSS,
        )

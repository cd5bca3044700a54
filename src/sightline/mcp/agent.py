"""An MCP server as an agent: its tools are the agent's tools, its examples route to it.

`McpAgent` subclasses are made per configured server (`agent_class`). Offline (`--tier
edge`), `parse` picks the tool whose words fit (`tool_choice`) and reads its string and
number parameters from the utterance (`slots`); with a cloud model, the model picks. `invoke`
adds the wearer's location or scene text only where the server was given that permission,
checks the arguments against the tool's `inputSchema` and shows the text the tool returns as a
card. An MCP agent's reply never carries a confirmation or a follow-up: what a server says is
shown, never acted on, so it cannot move money.
"""

from __future__ import annotations

import inspect
import re
from typing import Any, ClassVar

import jsonschema
import mcp_types
from pydantic import BaseModel, ConfigDict

from sightline.cards.model import Card, Glyph
from sightline.errors import SightlineError
from sightline.mcp.connection import McpConnection
from sightline.mcp.servers import McpServerSpec
from sightline.mcp.slots import AnnotatedExample, SlotFiller, parse_example
from sightline.mcp.tool_choice import ToolChooser, assign_examples, name_words
from sightline.sdk.agent import Agent, EdgeCall
from sightline.sdk.context import ToolContext, TurnInput
from sightline.sdk.docstrings import parse_docstring
from sightline.sdk.permissions import Permission
from sightline.sdk.reply import Reply
from sightline.sdk.tools import ToolSpec

PERMISSIONS = {"location": Permission.LOCATION, "scene_text": Permission.CAMERA}
"""Configured permission → the SDK permission that guards it (scene text is the camera's; only
the decoded text is ever sent, never the image)."""

LATITUDE = frozenset({"lat", "latitude"})
LONGITUDE = frozenset({"lon", "lng", "long", "longitude"})
COORDINATES = frozenset({"location", "coordinates", "position", "latlon", "lat_lon"})
SCENE_TEXT = frozenset({"scene_text", "scene", "visible_text", "text_in_view", "seen_text"})
FILLABLE = frozenset({"string", "number", "integer"})
UNKNOWN_TOOL = ""
SPEECH_CHARS = 220
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


class McpArguments(BaseModel):
    """Arguments of an MCP tool: checked against the tool's own JSON schema at call time."""

    model_config = ConfigDict(extra="allow")


def _kind(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if kind is None and isinstance(schema.get("anyOf"), list):
        kinds = [s.get("type") for s in schema["anyOf"] if s.get("type") != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    return kind if isinstance(kind, str) else None


def tool_spec(tool: mcp_types.Tool) -> ToolSpec:
    """An MCP tool as the router and the cloud model see it (its schema as the server gave)."""
    return ToolSpec(
        name=tool.name,
        description=inspect.cleandoc(tool.description or name_words(tool.name)),
        parameters=tool.input_schema,
        examples=(),
        arguments_model=McpArguments,
        method_name="",
    )


def speech_of(text: str) -> str:
    """The first sentences of a text, short enough to speak."""
    flat = " ".join(text.split())
    spoken = ""
    for sentence in _SENTENCE.split(flat):
        if spoken and len(spoken) + len(sentence) + 1 > SPEECH_CHARS:
            break
        spoken = f"{spoken} {sentence}".strip()
    return spoken[:SPEECH_CHARS] or "Done."


class McpAgent(Agent):
    """Base of the agents made from MCP servers (one subclass per server)."""

    spec: ClassVar[McpServerSpec]
    connection: ClassVar[McpConnection]
    annotated: ClassVar[tuple[AnnotatedExample, ...]] = ()
    tools: ClassVar[dict[str, mcp_types.Tool]] = {}
    _mcp_specs: ClassVar[dict[str, ToolSpec]] = {}
    _chooser: ClassVar[ToolChooser | None] = None
    _fillers: ClassVar[dict[str, SlotFiller]] = {}

    @classmethod
    def tool_specs(cls) -> dict[str, ToolSpec]:
        """The server's tools as last listed (empty until it answered once)."""
        return cls._mcp_specs

    @classmethod
    def learn_tools(cls, tools: list[mcp_types.Tool]) -> None:
        """Take the server's tool list: specs, the offline tool chooser and slot fillers."""
        cls.tools = {t.name: t for t in tools}
        cls._mcp_specs = {t.name: tool_spec(t) for t in tools}
        descriptions = {
            name: parse_docstring(spec.description).summary or spec.description
            for name, spec in cls._mcp_specs.items()
        }
        properties = {name: _properties(t) for name, t in cls.tools.items()}
        params = {name: frozenset(p) for name, p in properties.items()}
        assigned = assign_examples(cls.annotated, descriptions, params)
        cls._chooser = ToolChooser(descriptions, assigned)
        cls._fillers = {}
        for name, props in properties.items():
            kinds = {p: k for p, s in props.items() if (k := _kind(s)) in FILLABLE}
            cls._fillers[name] = SlotFiller(assigned[name], kinds)
        cls.examples = routing_examples(cls.annotated, cls._mcp_specs)

    def parse(self, turn: TurnInput) -> EdgeCall:
        """Pick the tool whose words fit and read its parameters from the utterance."""
        cls = type(self)
        if cls._chooser is None or not cls.tools:
            return EdgeCall(UNKNOWN_TOOL, {})
        name = cls._chooser.choose(turn.utterance)
        assert name is not None
        arguments = cls._fillers[name].fill(turn.utterance)
        props = _properties(cls.tools[name])
        required = [p for p in cls.tools[name].input_schema.get("required", []) if p in props]
        missing = [p for p in required if p not in arguments]
        if (
            len(missing) == 1
            and _kind(props[missing[0]]) == "string"
            and missing[0] not in cls._fillers[name].models
            and not _context_param(missing[0])
        ):
            arguments[missing[0]] = turn.utterance  # a free-text tool (a question, a query)
        return EdgeCall(name, arguments)

    async def invoke(self, tool_name: str, arguments: dict[str, Any], ctx: ToolContext) -> Reply:
        """Call the server's tool and show its text.

        Raises:
            SightlineError: `mcp_unavailable`, `mcp_timeout`, `mcp_tool_error`,
                `unknown_tool`, `invalid_arguments` or `permission_denied`.
        """
        cls = type(self)
        if tool_name not in cls.tools:
            cls.learn_tools(await cls.connection.list_tools())  # it was down when loaded
            if tool_name == UNKNOWN_TOOL:
                call = self.parse(ctx.turn)
                tool_name, arguments = call.tool, {**call.arguments, **arguments}
        tool = cls.tools.get(tool_name)
        if tool is None:
            raise SightlineError("unknown_tool", f"agent '{self.name}' has no tool '{tool_name}'")
        arguments = {**arguments, **context_arguments(tool, arguments, ctx)}
        try:
            jsonschema.validate(arguments, tool.input_schema)
        except jsonschema.ValidationError as exc:
            where = ".".join(str(p) for p in exc.absolute_path) or "arguments"
            raise SightlineError(
                "invalid_arguments", f"bad arguments for tool '{tool_name}': {where}: {exc.message}"
            ) from None
        result = await cls.connection.call(tool_name, arguments)
        if result.is_error:
            raise SightlineError(
                "mcp_tool_error", f"{self.name}.{tool_name}: {result.text or 'failed'}"
            )
        return text_reply(tool.title or self.name.replace("_", " ").capitalize(), result.text)


def text_reply(title: str, text: str) -> Reply:
    """A tool's text as a card (paragraphs as lines; the renderer wraps and pages) and speech.

    The text is data: it is never read as a command, and the reply never asks to confirm.
    """
    lines = tuple(line.strip() for line in text.splitlines() if line.strip()) or ("(no answer)",)
    card = Card(title=title[:60], lines=lines, glyph=Glyph.INFO, ttl_s=max(8.0, len(text) / 15))
    return Reply(card=card, speech=speech_of(text), data={"text": text})


def _properties(tool: mcp_types.Tool) -> dict[str, dict[str, Any]]:
    props = tool.input_schema.get("properties", {})
    if not isinstance(props, dict):
        return {}
    return {k: v for k, v in props.items() if isinstance(v, dict)}


def _context_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in LATITUDE | LONGITUDE | COORDINATES | SCENE_TEXT


def context_arguments(
    tool: mcp_types.Tool, given: dict[str, Any], ctx: ToolContext
) -> dict[str, Any]:
    """The wearer's location and scene text for the tool's parameters that ask for them,
    only under the permission the server was given (the context checks it)."""
    added: dict[str, Any] = {}
    props = _properties(tool)
    wanted = {p.lower(): p for p in props if p not in given}
    if Permission.LOCATION in ctx.permissions and set(wanted) & (
        LATITUDE | LONGITUDE | COORDINATES
    ):
        here = ctx.location
        if here is not None:
            for key, param in wanted.items():
                if key in LATITUDE:
                    added[param] = here.lat
                elif key in LONGITUDE:
                    added[param] = here.lon
                elif key in COORDINATES and _kind(props[param]) == "string":
                    added[param] = f"{here.lat:.5f},{here.lon:.5f}"
    if Permission.CAMERA in ctx.permissions and set(wanted) & SCENE_TEXT:
        scene = ctx.scene
        texts = [item.text for item in scene.items if item.text] if scene is not None else []
        if texts:
            for key, param in wanted.items():
                if key in SCENE_TEXT:
                    added[param] = "\n".join(texts)[:2000]
    return added


def routing_examples(
    annotated: tuple[AnnotatedExample, ...], specs: dict[str, ToolSpec]
) -> tuple[str, ...]:
    """What the edge router learns the agent from: its examples, then each tool's name and
    description as sentences."""
    out = [e.text for e in annotated]
    for spec in specs.values():
        out.append(name_words(spec.name).lower())
        first = spec.description.split("\n", 1)[0].strip()
        if first:
            out.append(first)
    return tuple(dict.fromkeys(t for t in out if t))


def agent_class(spec: McpServerSpec, connection: McpConnection) -> type[McpAgent]:
    """A new agent class for one server (its tools are learnt with `learn_tools`)."""
    annotated = tuple(parse_example(e) for e in spec.examples)
    attrs: dict[str, Any] = {
        "name": spec.name,
        "description": spec.description or f"The tools of the {spec.name} MCP server.",
        "permissions": frozenset(PERMISSIONS[p] for p in spec.permissions),
        "spec": spec,
        "connection": connection,
        "annotated": annotated,
        "examples": tuple(e.text for e in annotated),
        "__doc__": f"The MCP server '{spec.name}' as an agent.",
        "__module__": __name__,
    }
    class_name = "".join(p.capitalize() for p in spec.name.split("_")) + "McpAgent"
    return type(class_name, (McpAgent,), attrs)

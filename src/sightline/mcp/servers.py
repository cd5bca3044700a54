"""Which MCP servers become agents: `SIGHTLINE_MCP_SERVERS` (JSON) or `SIGHTLINE_MCP_CONFIG`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sightline.errors import SightlineError

McpPermission = Literal["location", "scene_text"]
"""What of the wearer's data a server may receive as tool arguments; nothing by default."""

DEFAULT_TIMEOUT_S = 3.0


class McpServerSpec(BaseModel):
    """One MCP server, as configured.

    Attributes:
        name: The agent's name (lowercase, also the routing label).
        command: For a stdio server, the program and its arguments.
        env: Extra environment variables of the stdio server.
        url: For a streamable HTTP server, its endpoint (`http://host:port/mcp`).
        headers: HTTP headers sent to it (an API key, for example).
        description: One sentence on the server's scope, shown to the cloud model.
        examples: Utterances it should receive, optionally with slots `[param : value]`
            naming the tool's parameters.
        permissions: Which of the wearer's data its tools may receive: `location`,
            `scene_text`; none by default.
        timeout_s: The time budget of one tool call.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    command: tuple[str, ...] | None = None
    env: dict[str, str] = Field(default_factory=dict)
    url: str | None = Field(None, pattern=r"^https?://")
    headers: dict[str, str] = Field(default_factory=dict)
    description: str = Field("", max_length=300)
    examples: tuple[str, ...] = ()
    permissions: frozenset[McpPermission] = frozenset()
    timeout_s: float = Field(DEFAULT_TIMEOUT_S, gt=0, le=120)

    @field_validator("command", mode="before")
    @classmethod
    def _split_command(cls, value: Any) -> Any:
        return value.split() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_transport(self) -> McpServerSpec:
        if (self.command is None) == (self.url is None):
            raise ValueError("give either 'command' (stdio) or 'url' (streamable HTTP)")
        if self.command is not None and not self.command:
            raise ValueError("'command' is empty")
        return self

    @property
    def transport(self) -> str:
        """`stdio` or `http`."""
        return "stdio" if self.command is not None else "http"


def parse_server_specs(raw: Any, origin: str) -> list[McpServerSpec]:
    """Validate a list of server entries.

    Args:
        raw: The decoded JSON (a list of objects).
        origin: Where it came from, for the error message.

    Returns:
        The servers, in order.

    Raises:
        SightlineError: `mcp_config_invalid` naming the entry and the field at fault.
    """
    if not isinstance(raw, list):
        raise SightlineError("mcp_config_invalid", f"{origin}: expected a JSON list of servers")
    specs: list[McpServerSpec] = []
    for index, entry in enumerate(raw):
        try:
            spec = McpServerSpec.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "entry"
            raise SightlineError(
                "mcp_config_invalid", f"{origin}[{index}] {where}: {first['msg']}"
            ) from None
        if any(s.name == spec.name for s in specs):
            raise SightlineError("mcp_config_invalid", f"{origin}: '{spec.name}' given twice")
        specs.append(spec)
    return specs


def load_server_specs(servers_json: str | None, config_path: Path | None) -> list[McpServerSpec]:
    """The configured servers: the JSON list, then those of the file.

    Args:
        servers_json: `SIGHTLINE_MCP_SERVERS`, a JSON list (or None).
        config_path: `SIGHTLINE_MCP_CONFIG`, a file holding the same list (or None).

    Returns:
        Every configured server.

    Raises:
        SightlineError: `mcp_config_invalid` for unreadable JSON or a bad entry.
    """
    specs: list[McpServerSpec] = []
    sources: list[tuple[str, str]] = []
    if servers_json and servers_json.strip():
        sources.append(("SIGHTLINE_MCP_SERVERS", servers_json))
    if config_path is not None:
        try:
            sources.append((str(config_path), config_path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise SightlineError("mcp_config_invalid", f"{config_path}: {exc.strerror}") from None
    for origin, text in sources:
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SightlineError("mcp_config_invalid", f"{origin}: {exc}") from None
        for spec in parse_server_specs(raw, origin):
            if any(s.name == spec.name for s in specs):
                raise SightlineError("mcp_config_invalid", f"{origin}: '{spec.name}' given twice")
            specs.append(spec)
    return specs

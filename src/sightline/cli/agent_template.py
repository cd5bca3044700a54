"""The files `sightline new-agent NAME` writes: a package with one agent, its test and README."""

from __future__ import annotations

from string import Template

PYPROJECT = Template("""[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "sightline-$dist"
version = "0.1.0"
description = "A Sightline agent: $title."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["sightline"]

[project.optional-dependencies]
test = ["pytest>=8", "pytest-asyncio>=0.23"]

[project.entry-points."sightline.agents"]
$name = "$module.agent:$cls"

[tool.setuptools.packages.find]
where = ["src"]

[tool.pytest.ini_options]
testpaths = ["tests"]
asyncio_mode = "auto"
""")

INIT = Template('''"""The $name agent for Sightline."""

from $module.agent import $cls

__all__ = ["$cls"]
''')

AGENT = Template('''"""The $name agent: replace the notes tool with your service's tools."""

from __future__ import annotations

from typing import ClassVar

from sightline.cards.model import Glyph
from sightline.sdk import Agent, Reply, ToolContext, tool


class $cls(Agent):
    """Keeps short notes for the wearer and reads them back."""

    name = "$name"
    description = "Keeps the wearer's $title notes and reads them back."
    # permissions = frozenset({Permission.LOCATION})  # declare only what the tools need
    examples = (  # the edge router learns the agent's scope from these: write 20 or more
        "take a $title note",
        "add a $title note saying buy more coffee",
        "new $title note: call the plumber",
        "note in $title that the meeting moved to friday",
        "write down in $title that the code is 4512",
        "$title note: the car is on level three",
        "remember in $title to water the plants",
        "put this in $title: pick up the parcel",
        "save a $title note about the dentist",
        "jot down a $title note",
        "read my $title notes",
        "what are my $title notes",
        "show me my $title notes",
        "list the $title notes",
        "what did i write in $title",
        "read back my last $title note",
        "any $title notes",
        "how many $title notes do i have",
        "open $title",
        "check $title",
    )
    counter_examples: ClassVar[tuple[str, ...]] = (  # near misses that belong to other agents
        "play some music",
        "navigate to the station",
        "what's my balance",
    )

    @tool(examples=("take a $title note", "add a $title note saying buy milk"))
    async def add_note(self, ctx: ToolContext, text: str) -> Reply:
        """Keep a note.

        Args:
            text: What to note.
        """
        notes: list[str] = ctx.state.setdefault("notes", [])
        notes.append(text)
        return Reply.simple("Noted", text, speech="Noted.", glyph=Glyph.CHECK)

    @tool(examples=("read my $title notes", "what are my $title notes", "list the $title notes"))
    async def read_notes(self, ctx: ToolContext) -> Reply:
        """Read the notes kept in this session back, newest first."""
        notes: list[str] = ctx.state.get("notes", [])
        if not notes:
            return Reply.simple("No notes", "Nothing noted yet.", glyph=Glyph.INFO)
        return Reply.simple(
            f"{len(notes)} notes", *reversed(notes), speech=notes[-1], glyph=Glyph.INFO
        )
''')

TEST = Template('''"""Tests of the $name agent, with Sightline's agent harness (no hub needed)."""

from __future__ import annotations

from importlib.metadata import entry_points

from sightline.config import Settings
from sightline.sdk.agent import AgentServices
from sightline.sdk.registry import load_agents
from sightline.testing import AgentHarness

from $module import $cls


async def test_a_note_is_kept_and_read_back() -> None:
    harness = AgentHarness($cls)
    call, reply = await harness.ask("take a $title note")
    assert call.tool == "add_note"
    assert reply.card.title == "Noted"
    await harness.call("add_note", text="buy more coffee")
    call, reply = await harness.ask("read my $title notes")
    assert call.tool == "read_notes"
    assert "buy more coffee" in reply.card.lines


def test_reading_with_nothing_noted() -> None:
    harness = AgentHarness($cls)
    assert harness.parse("what are my $title notes").tool == "read_notes"


def test_the_installed_package_registers_the_agent() -> None:
    names = {p.name for p in entry_points(group="sightline.agents")}
    assert "$name" in names
    registry = load_agents(AgentServices(settings=Settings()))
    assert "$name" in registry.agents, registry.failures
''')

README = Template("""# sightline-$dist

A [Sightline](https://github.com/sightline) agent, made with `sightline new-agent $name`.

```bash
pip install -e .            # registers the agent under the `sightline.agents` entry points
sightline agents            # lists "$name" with its tools
sightline ask "take a $title note" --tier edge
pip install -e ".[test]" && pytest
```

- `src/$module/agent.py`: the agent. Its `examples` teach the edge router its scope (write
  20 or more, in many phrasings); `counter_examples` are near misses that belong to other
  agents. Each `@tool` is an async method; its type hints and docstring become the schema
  the cloud model sees.
- `tests/test_agent.py`: tests with `sightline.testing.AgentHarness` (no hub, offline).

See Sightline's `docs/agents.md` for permissions, confirmations and routing.
""")

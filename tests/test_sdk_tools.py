"""Tool schemas derived from type hints and Google docstrings; argument validation."""

from __future__ import annotations

from typing import Literal

import pytest

from sightline.sdk import Agent, Reply, ToolContext, tool
from sightline.sdk.docstrings import parse_docstring
from sightline.sdk.tools import InvalidToolArguments, derive_tool_spec


class WeatherAgent(Agent):
    name = "weather"
    description = "Weather forecasts."

    @tool(examples=("will it rain in oslo tomorrow",))
    async def forecast(
        self,
        ctx: ToolContext,
        city: str,
        days: int = 1,
        units: Literal["metric", "imperial"] = "metric",
        hours: list[int] | None = None,
    ) -> Reply:
        """Forecast the weather for a city.

        Looks ahead up to a week.

        Args:
            city: The city, as spoken.
            days: How many days ahead,
                counting today as one.
            units: Metric or imperial units.
            hours: Hours of the day to report.
        """
        return Reply.simple(city, f"{days} {units} {hours}")


def test_docstring_summary_description_and_args() -> None:
    doc = parse_docstring(WeatherAgent.forecast.__doc__)
    assert doc.summary == "Forecast the weather for a city."
    assert "Looks ahead up to a week." in doc.description
    assert doc.args["days"] == "How many days ahead, counting today as one."
    assert set(doc.args) == {"city", "days", "units", "hours"}


def test_docstring_with_types_in_parentheses() -> None:
    doc = parse_docstring("Do it.\n\nArgs:\n    n (int): How many.\n    s (str, optional): Text.\n")
    assert doc.args == {"n": "How many.", "s": "Text."}


def test_schema_from_type_hints_and_docstring() -> None:
    spec = WeatherAgent.tool_specs()["forecast"]
    schema = spec.parameters
    assert schema["type"] == "object"
    assert schema["required"] == ["city"]
    props = schema["properties"]
    assert "ctx" not in props
    assert props["city"] == {"type": "string", "description": "The city, as spoken."}
    assert props["days"]["type"] == "integer" and props["days"]["default"] == 1
    assert props["units"]["enum"] == ["metric", "imperial"]
    assert props["hours"]["anyOf"][0] == {"type": "array", "items": {"type": "integer"}}
    assert spec.description.startswith("Forecast the weather for a city.")
    assert spec.examples == ("will it rain in oslo tomorrow",)
    assert "title" not in schema


def test_validation_coerces_and_rejects() -> None:
    spec = WeatherAgent.tool_specs()["forecast"]
    assert spec.validate({"city": "Oslo", "days": "3"})["days"] == 3
    for bad in ({}, {"city": "Oslo", "units": "kelvin"}, {"city": "Oslo", "extra": 1}):
        with pytest.raises(InvalidToolArguments) as err:
            spec.validate(bad)
        assert err.value.code == "invalid_arguments"


def test_tool_must_be_async_and_typed() -> None:
    with pytest.raises(TypeError, match="async"):

        @tool
        def not_async(self: object, ctx: ToolContext) -> Reply:  # type: ignore[type-var]
            """Nope."""
            raise AssertionError

    @tool
    async def untyped(self, ctx, city):  # type: ignore[no-untyped-def]
        """Untyped."""

    with pytest.raises(TypeError, match="needs a type"):
        derive_tool_spec(untyped)

    @tool
    async def undocumented(self: object, ctx: ToolContext) -> Reply:
        raise AssertionError

    with pytest.raises(TypeError, match="docstring"):
        derive_tool_spec(undocumented)


def test_default_edge_parse_passes_utterance_to_single_string_tool() -> None:
    from sightline.sdk import TurnInput

    call = WeatherAgent().parse(TurnInput("will it rain in bergen"))
    assert call.tool == "forecast"
    assert call.arguments == {"city": "will it rain in bergen"}

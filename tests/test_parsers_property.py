"""Property tests: the text parsers never crash, whatever they are given."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.agents.assistant.local_answers import local_answer
from sightline.agents.music.agent import MusicAgent
from sightline.sdk import TurnInput
from sightline.sdk.docstrings import parse_docstring

NOW = datetime(2026, 1, 1, 12, 0)
numbers = st.integers(min_value=-(10**6), max_value=10**6)


@given(st.text())
def test_local_answer_never_crashes(text: str) -> None:
    answer = local_answer(text, NOW)
    assert answer is None or isinstance(answer, str)


@given(numbers, st.sampled_from(["plus", "minus", "times", "divided by"]), numbers)
def test_spoken_arithmetic_is_right(a: int, op: str, b: int) -> None:
    answer = local_answer(f"what is {a} {op} {b}", NOW)
    assert answer is not None
    expected = {"plus": a + b, "minus": a - b, "times": a * b}.get(op)
    if op == "divided by":
        if b == 0:
            assert answer == "Dividing by zero has no answer."
            return
        expected_text = f"{a / b:.10g}"
    else:
        expected_text = f"{float(expected):.10g}"  # type: ignore[arg-type]
    assert answer.endswith(f"= {expected_text}")


@given(st.text())
def test_docstring_parser_never_crashes(doc: str) -> None:
    parsed = parse_docstring(doc)
    assert isinstance(parsed.args, dict)


@settings(max_examples=200)
@given(st.text())
def test_music_parse_always_names_a_real_tool(text: str) -> None:
    agent = MusicAgent(Path("unused"))
    call = agent.parse(TurnInput(text))
    spec = agent.tool_specs()[call.tool]
    spec.validate(call.arguments)

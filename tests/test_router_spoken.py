"""Routing a spoken request with each agent's reading of the audio (`sightline.router.spoken`)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sightline.router.spoken import combine, decide_spoken, posterior
from sightline.runtime import Runtime
from sightline.sdk import SpokenAlternative, TurnInput
from sightline.session import Session

AGENTS = ["assistant", "music", "navigation", "payment", "shopping", "travel"]


def _readings(best: str, text: str, others: float = -20.0) -> tuple[SpokenAlternative, ...]:
    return tuple(
        SpokenAlternative(a, text if a == best else "", 0.0 if a == best else others)
        for a in AGENTS
    )


def test_strong_audio_evidence_overrides_a_weak_classification() -> None:
    probabilities = {"assistant": 0.55, "music": 0.3, "shopping": 0.15}
    decision = decide_spoken(
        "play some shoes", probabilities, _readings("music", "play some jazz"), AGENTS
    )
    assert decision.agent == "music"
    assert decision.overridden
    assert decision.utterance == "play some jazz"
    assert 0.9 < decision.confidence <= 1.0


def test_weak_evidence_leaves_a_confident_classification_alone() -> None:
    probabilities = {"navigation": 0.97, "travel": 0.03}
    readings = _readings("travel", "book a train", others=-1.0)
    decision = decide_spoken("take me to the station", probabilities, readings, AGENTS)
    assert decision.agent == "navigation"
    assert not decision.overridden
    assert decision.utterance == "take me to the station"


def test_agents_without_a_reading_get_the_weakest_evidence() -> None:
    readings = (SpokenAlternative("music", "play", 0.0), SpokenAlternative("travel", "fly", -5.0))
    scores = combine(
        {"music": 0.2, "travel": 0.2, "plugin": 0.6}, readings, ["music", "travel", "plugin"]
    )
    assert scores["plugin"] == pytest.approx(math.log(0.6) - 5.0)
    assert max(scores, key=scores.__getitem__) == "music"


def test_an_empty_own_reading_keeps_the_transcript() -> None:
    readings = _readings("music", "")
    decision = decide_spoken("play some shoes", {"assistant": 0.6, "music": 0.4}, readings, AGENTS)
    assert decision.agent == "music" and decision.utterance == "play some shoes"


@given(
    st.dictionaries(st.sampled_from(AGENTS), st.floats(0.0, 1.0), min_size=1),
    st.lists(st.tuples(st.sampled_from(AGENTS), st.floats(-200.0, 0.0)), max_size=8),
)
def test_the_choice_maximises_the_combined_score(
    probabilities: dict[str, float], evidence: list[tuple[str, float]]
) -> None:
    readings = tuple(SpokenAlternative(agent, agent, value) for agent, value in evidence)
    decision = decide_spoken("words", probabilities, readings, AGENTS)
    scores = combine(probabilities, readings, AGENTS)
    assert scores[decision.agent] == max(scores.values())
    assert 0.0 < decision.confidence <= 1.0
    assert sum(posterior(scores, agent) for agent in AGENTS) == pytest.approx(1.0)


@pytest.mark.slow
def test_the_edge_router_weighs_readings_and_keeps_its_out_of_scope_rule(runtime: Runtime) -> None:
    edge = runtime.router.edge
    assert edge.decide("lay some shoes")[0] != "music"  # the text alone goes astray
    heard = edge.decide_heard("lay some shoes", _readings("music", "play some jazz"))
    assert (heard.agent, heard.utterance) == ("music", "play some jazz")
    nonsense = edge.decide_heard("lay some shoes", _readings("travel", "zebra quantum lettuce"))
    assert nonsense.agent == "assistant"  # the chosen agent's own words fit none of its examples
    assert edge.decide_heard("play some jazz", ()).agent == "music"


@pytest.mark.slow
async def test_the_agent_acts_on_the_words_its_own_model_heard(runtime: Runtime) -> None:
    turn = TurnInput(
        "lay some shoes", source="voice", alternatives=_readings("music", "play some jazz")
    )
    result = await runtime.runner.run(Session(), turn, "edge")
    assert result.route.agent == "music"
    assert result.route.utterance == "play some jazz"
    assert result.route.arguments == {"query": "jazz"}

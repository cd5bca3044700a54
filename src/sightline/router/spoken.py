"""Routing a spoken request: the transcript's classification weighed with what each agent's
own language model heard in the audio.

In street noise a recogniser's single transcript loses words ("play some shoes"), and a text
classifier alone then guesses. A recogniser that decodes the audio once per agent (see
`SpokenAlternative`) says, in addition, how well each agent's phrasing explains the sound.
The agent chosen maximises

    ln P(agent | transcript) + evidence(agent)

which is Bayes' rule with the classifier as the prior and the decoders' likelihood ratios
as the evidence. The agent then acts on the words its own model heard when the transcript's
classification alone would have gone elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sightline.sdk.context import SpokenAlternative

FLOOR_PROBABILITY = 1e-6
"""The classifier probability below which an agent counts as ruled out by the words alone."""


@dataclass(frozen=True)
class SpokenDecision:
    """Where a spoken request goes.

    Attributes:
        agent: The chosen agent.
        confidence: Its share of the combined score (a posterior over the agents, 0 to 1).
        utterance: The words the agent should act on: the transcript, or the chosen agent's
            own reading when the transcript alone pointed elsewhere.
        overridden: True when the audio's evidence changed the transcript's agent.
    """

    agent: str
    confidence: float
    utterance: str
    overridden: bool


def combine(
    probabilities: Mapping[str, float],
    alternatives: Sequence[SpokenAlternative],
    agents: Collection[str],
) -> dict[str, float]:
    """Each agent's combined log score: log classifier probability plus its evidence.

    Agents without an alternative (a plugin with no examples, say) get the weakest evidence
    any agent got, so they are not favoured by having been left out.
    """
    evidence = {alt.agent: alt.evidence for alt in alternatives}
    weakest = min(evidence.values(), default=0.0)
    return {
        agent: math.log(max(probabilities.get(agent, 0.0), FLOOR_PROBABILITY))
        + evidence.get(agent, weakest)
        for agent in agents
    }


def posterior(scores: Mapping[str, float], agent: str) -> float:
    """The softmax share of `agent` among `scores`."""
    top = max(scores.values())
    total = sum(math.exp(score - top) for score in scores.values())
    return math.exp(scores[agent] - top) / total


def decide_spoken(
    transcript: str,
    probabilities: Mapping[str, float],
    alternatives: Sequence[SpokenAlternative],
    agents: Collection[str],
) -> SpokenDecision:
    """Choose the agent for a spoken request (before any out-of-scope rule).

    Args:
        transcript: The recogniser's transcript.
        probabilities: The text classifier's probability of each agent for the transcript.
        alternatives: Each agent's reading of the audio.
        agents: The agents that may be chosen.
    """
    scores = combine(probabilities, alternatives, agents)
    agent = max(scores, key=scores.__getitem__)
    by_text = max(agents, key=lambda name: probabilities.get(name, 0.0))
    own = {alt.agent: alt.text for alt in alternatives}.get(agent, "")
    overridden = agent != by_text
    utterance = own if overridden and own.strip() else transcript
    return SpokenDecision(agent, posterior(scores, agent), utterance, overridden)

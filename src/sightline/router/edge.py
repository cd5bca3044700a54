"""The edge tier: an offline classifier built from the agents' examples, milliseconds a turn."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path

import numpy as np

from sightline.router.corpus import general_requests
from sightline.router.encoder import Matrix
from sightline.router.head import LinearHead, class_weights, fit_linear_head
from sightline.router.route import Route
from sightline.router.spoken import SpokenDecision, decide_spoken
from sightline.router.store import EmbeddingStore, as_text, text_key
from sightline.sdk.agent import Agent
from sightline.sdk.context import SpokenAlternative, TurnInput

log = logging.getLogger(__name__)

FALLBACK_AGENT = "assistant"
HEAD_VERSION = "sklearn-logreg-c4-b0.5-v2"
MIN_CONFIDENCE = 0.5
"""A specialised agent is chosen only when its calibrated probability reaches this (see
`docs/architecture.md`, "Routing", for the precision and recall measured at this value)."""
DATA_DIR = Path(str(files("sightline.router") / "data"))
SHIPPED_CORPUS = DATA_DIR / "edge_corpus.npz"
SHIPPED_HEAD = DATA_DIR / "edge_head.npz"


@dataclass(frozen=True)
class LabelledCorpus:
    """Extra labelled training sentences (the shipped HWU64 folds): keys, labels and texts,
    with their embeddings in the same file."""

    keys: tuple[str, ...]
    labels: tuple[str, ...]
    texts: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path) -> LabelledCorpus:
        """Read the labelled rows of an embedding file; empty if it has none (or no texts)."""
        if not path.exists():
            return cls((), ())
        with np.load(path) as data:
            if "labels" not in data or "texts" not in data:
                return cls((), ())
            texts = str(data["texts"]).split("\n")  # one string: rows joined by newlines
            rows = [
                (as_text(k), as_text(v), t)
                for k, v, t in zip(data["keys"], data["labels"], texts, strict=True)
                if as_text(v)
            ]
        return cls(
            tuple(k for k, _, _ in rows), tuple(v for _, v, _ in rows), tuple(t for *_, t in rows)
        )


@dataclass(frozen=True)
class TrainingSet:
    """What the head is fitted on: sentence keys, labels and each key's text."""

    keys: tuple[str, ...]
    labels: tuple[str, ...]
    texts: dict[str, str]

    def fingerprint(self) -> str:
        """A hash of the data and the head version: equal fingerprints, equal heads."""
        digest = hashlib.sha1(HEAD_VERSION.encode())
        for key, label in sorted(zip(self.keys, self.labels, strict=True)):
            digest.update(f"{key}:{label};".encode())
        return digest.hexdigest()


def training_set(
    agents: Sequence[Agent | type[Agent]],
    corpus: LabelledCorpus,
    general: Sequence[str] | None = None,
) -> TrainingSet:
    """Gather every agent's examples, its counter-examples and the general-request corpus
    (both labelled as the fallback agent, when it is loaded), plus the corpus rows whose label
    is a loaded agent.

    Args:
        agents: The loaded agents (instances or classes).
        corpus: Labelled rows stored as embeddings (the shipped HWU64 folds).
        general: The general requests; the shipped corpus (`general_requests`) by default.
    """
    names = {a.name for a in agents}
    keys: list[str] = []
    labels: list[str] = []
    texts: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()

    def add(text: str, label: str) -> None:
        key = text_key(text)
        if (key, label) not in seen:
            seen.add((key, label))
            keys.append(key)
            labels.append(label)
            texts[key] = text

    ordered: list[Agent | type[Agent]] = sorted(agents, key=lambda a: a.name)
    for agent in ordered:
        for example in agent.examples:
            add(example, agent.name)
    if FALLBACK_AGENT in names:
        for agent in ordered:
            for counter in agent.counter_examples:
                add(counter, FALLBACK_AGENT)
        for request in general_requests() if general is None else general:
            add(request, FALLBACK_AGENT)
    for key, label, text in zip(corpus.keys, corpus.labels, corpus.texts, strict=True):
        if label in names and (key, label) not in seen:
            seen.add((key, label))
            keys.append(key)
            labels.append(label)
            texts.setdefault(key, text)
    return TrainingSet(tuple(keys), tuple(labels), texts)


def embed_training_set(data: TrainingSet, store: EmbeddingStore) -> Matrix:
    """The training set's embeddings, from the store where stored, else embedded now."""
    vectors = store.lookup(list(data.keys))
    need = [i for i, v in enumerate(vectors) if v is None]
    unknown = [i for i in need if data.keys[i] not in data.texts]
    if unknown:
        raise ValueError(f"{len(unknown)} corpus rows have no stored embedding")
    if need:
        for i, vector in zip(
            need, store.embed([data.texts[data.keys[i]] for i in need]), strict=True
        ):
            vectors[i] = vector
    return np.stack([v for v in vectors if v is not None])


def fit_head(data: TrainingSet, x: Matrix) -> LinearHead:
    """Fit the classifier head on the training set's embeddings."""
    labels = list(data.labels)
    texts = [data.texts[key] for key in data.keys]
    return fit_linear_head(x, texts, labels, weights=class_weights(labels))


class EdgeClassifier:
    """Scores an utterance against every agent, and measures how close it is to their examples.

    Args:
        store: Embeds the utterance.
        head: The fitted head.
        examples: Each agent's training embeddings (rows L2-normalised).
    """

    def __init__(
        self, store: EmbeddingStore, head: LinearHead, examples: dict[str, Matrix]
    ) -> None:
        self.store = store
        self.head = head
        self.examples = examples

    def scores(self, text: str) -> tuple[list[tuple[str, float]], Matrix]:
        """Agents with their probabilities, most likely first, and the utterance's embedding."""
        x: Matrix = self.store.encoder.encode([text])
        probs = self.head.probabilities(x, [text])[0]
        order = np.argsort(-probs)
        return [(self.head.labels[i], float(probs[i])) for i in order], x[0]

    def similarity(self, agent: str, vector: Matrix) -> float:
        """Cosine similarity of an embedding to the agent's nearest training sentence."""
        rows = self.examples.get(agent)
        return float((rows @ vector).max()) if rows is not None and len(rows) else 0.0


class EdgeRouter:
    """Routes offline: rank the agents, let the best willing one read its own arguments.

    The decision: the classifier's calibrated probabilities rank the agents; a specialised agent
    is a candidate only when its probability reaches `min_confidence` and its nearest training
    sentence is at least `min_similarity` alike (the out-of-scope rule); the fallback agent
    (`assistant`) ends the list. The first candidate that `accepts` the turn gets it.

    Args:
        classifier: The agent classifier.
        agents: The loaded agents by name.
        min_similarity: Out-of-scope rule: an utterance whose nearest training sentence of a
            specialised agent is less similar than this is not a candidate for that agent;
            gibberish and requests outside every scope land on the fallback agent.
        min_confidence: The probability a specialised agent needs to be a candidate.
    """

    def __init__(
        self,
        classifier: EdgeClassifier,
        agents: dict[str, Agent],
        min_similarity: float = 0.4,
        min_confidence: float = MIN_CONFIDENCE,
    ) -> None:
        self.classifier = classifier
        self.agents = agents
        self.min_similarity = min_similarity
        self.min_confidence = min_confidence

    def _eligible(self, agent: str, probability: float, vector: Matrix) -> bool:
        if agent == FALLBACK_AGENT or FALLBACK_AGENT not in self.agents:
            return True
        return (
            probability >= self.min_confidence
            and self.classifier.similarity(agent, vector) >= self.min_similarity
        )

    def rank(
        self, probabilities: dict[str, float], vector: Matrix, first: str | None = None
    ) -> list[tuple[str, float]]:
        """Candidates from the classifier's probabilities and the utterance's embedding, best
        first (`first`, when given, leads: the spoken decision's choice)."""
        ordered = sorted(probabilities.items(), key=lambda item: -item[1])
        ranked = [(a, p) for a, p in ordered if a != first and self._eligible(a, p, vector)]
        if first is not None:
            ranked.insert(0, (first, probabilities.get(first, 0.0)))
        if FALLBACK_AGENT in self.agents:
            # The assistant ends the list: a specialised agent that is sure goes first.
            fallback = (FALLBACK_AGENT, probabilities.get(FALLBACK_AGENT, 0.0))
            ranked = [item for item in ranked if item[0] != FALLBACK_AGENT] + [fallback]
        return ranked

    def candidates(self, text: str) -> list[tuple[str, float]]:
        """The candidate agents for `text` with their probabilities, the one to try first
        first; the fallback agent ends the list (it is first when no other is sure)."""
        scores, vector = self.classifier.scores(text)
        return self.rank({a: p for a, p in scores if a in self.agents}, vector)

    def decide(self, text: str) -> tuple[str, float]:
        """The agent for `text` and the classifier's confidence, out-of-scope rule and
        confidence threshold applied (declines not: see `route_sync`)."""
        return self.candidates(text)[0]

    def decide_heard(self, text: str, alternatives: Sequence[SpokenAlternative]) -> SpokenDecision:
        """The agent for a spoken request, weighing each agent's reading of the audio (see
        `sightline.router.spoken`); the out-of-scope rule and the confidence threshold apply
        to the chosen agent on the words it would act on: its combined posterior, or the
        classifier's probability of its own reading when it acts on that. Without
        alternatives, the same as `decide`."""
        return self._heard(text, alternatives)[0]

    def _heard(
        self, text: str, alternatives: Sequence[SpokenAlternative]
    ) -> tuple[SpokenDecision, list[str]]:
        scores, vector = self.classifier.scores(text)
        probabilities = {a: p for a, p in scores if a in self.agents}
        if not alternatives or not text.strip():
            ranked = self.rank(probabilities, vector)
            agent, confidence = ranked[0]
            return SpokenDecision(agent, confidence, text, overridden=False), [a for a, _ in ranked]
        decision = decide_spoken(text, probabilities, alternatives, list(self.agents))
        if decision.agent == FALLBACK_AGENT or FALLBACK_AGENT not in self.agents:
            return decision, [a for a, _ in self.rank(probabilities, vector, decision.agent)]
        acted_vector, support = vector, decision.confidence
        if decision.utterance != text:
            acted_scores, acted_vector = self.classifier.scores(decision.utterance)
            support = max(support, dict(acted_scores).get(decision.agent, 0.0))
        if not self._eligible(decision.agent, support, acted_vector):
            fallback = probabilities.get(FALLBACK_AGENT, 0.0)
            decision = SpokenDecision(FALLBACK_AGENT, fallback, text, decision.overridden)
            return decision, [a for a, _ in self.rank(probabilities, vector)]
        return decision, [a for a, _ in self.rank(probabilities, vector, decision.agent)]

    def route_sync(self, turn: TurnInput) -> Route:
        """Route one turn on the calling thread: the first candidate that accepts it."""
        decision, candidates = self._heard(turn.utterance, turn.alternatives)
        route = self._route_to(turn, decision.agent, decision.confidence, decision.utterance)
        return self.offer(turn, route.model_copy(update={"candidates": tuple(candidates)}))

    def _route_to(self, turn: TurnInput, agent: str, confidence: float, words: str) -> Route:
        acted_on = turn if words == turn.utterance else replace(turn, utterance=words)
        call = self.agents[agent].parse(acted_on)
        return Route(
            agent=agent,
            tool=call.tool,
            arguments=call.arguments,
            confidence=round(min(max(confidence, 0.0), 1.0), 4),
            tier="edge",
            utterance=words if words != turn.utterance else None,
        )

    def offer(self, turn: TurnInput, route: Route) -> Route:
        """Offer the turn to the route's agent, then to each next candidate, finally to the
        fallback agent (which always takes it); the agents that declined are on the result.

        Args:
            turn: The wearer's input.
            route: A route from either tier; `candidates` lists the ones to try after it (the
                edge ranking is used when it lists none).

        Returns:
            The route of the first agent that accepts, with `declined` filled in.
        """
        declined: list[str] = []
        candidates = list(route.candidates)
        current = route
        while True:
            agent = self.agents.get(current.agent)
            if agent is None or current.agent == FALLBACK_AGENT or agent.accepts(turn):
                break
            declined.append(current.agent)
            log.info("%s declined the turn", current.agent)
            ranked = dict(self.candidates(turn.utterance))
            candidates = candidates or list(ranked)
            following = [a for a in candidates if a not in declined and a != current.agent]
            nxt = following[0] if following else FALLBACK_AGENT
            if nxt not in self.agents:
                break
            current = self._route_to(turn, nxt, ranked.get(nxt, 0.0), turn.utterance)
        if not declined and not candidates:
            return current
        return current.model_copy(
            update={"candidates": tuple(candidates), "declined": tuple(declined)}
        )

    async def route(self, turn: TurnInput) -> Route:
        """Route one turn, embedding off the event loop."""
        return await asyncio.to_thread(self.route_sync, turn)


def build_edge_classifier(
    agents: dict[str, Agent], store: EmbeddingStore, cache_dir: Path | None
) -> EdgeClassifier:
    """Load the head fitted for exactly these agents, or fit it once and cache it.

    Args:
        agents: The loaded agents.
        store: Embeddings (shipped corpus plus cache).
        cache_dir: Where a head fitted at run time is kept; None keeps nothing.

    Returns:
        The classifier.
    """
    data = training_set(list(agents.values()), LabelledCorpus.load(SHIPPED_CORPUS))
    fingerprint = data.fingerprint()
    head = LinearHead.load(SHIPPED_HEAD, fingerprint)
    cached = cache_dir / f"edge_head-{fingerprint[:16]}.npz" if cache_dir else None
    if head is None and cached is not None:
        head = LinearHead.load(cached, fingerprint)
    x = embed_training_set(data, store)
    if head is None:
        log.info("fitting the edge router head on %d sentences", len(data.keys))
        head = fit_head(data, x)
        store.flush()
        if cached is not None:
            head.save(cached, fingerprint)
    labels = np.array(data.labels)
    examples = {name: x[labels == name] for name in agents}
    return EdgeClassifier(store, head, examples)

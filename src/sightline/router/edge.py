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

from sightline.router.encoder import Matrix
from sightline.router.head import MlpHead, class_weights, fit_mlp_head
from sightline.router.route import Route
from sightline.router.spoken import SpokenDecision, decide_spoken
from sightline.router.store import EmbeddingStore, as_text, text_key
from sightline.sdk.agent import Agent
from sightline.sdk.context import SpokenAlternative, TurnInput

log = logging.getLogger(__name__)

FALLBACK_AGENT = "assistant"
HEAD_VERSION = "mlp256-e40-b0.3-v1"
DATA_DIR = Path(str(files("sightline.router") / "data"))
SHIPPED_CORPUS = DATA_DIR / "edge_corpus.npz"
SHIPPED_HEAD = DATA_DIR / "edge_head.npz"


@dataclass(frozen=True)
class LabelledCorpus:
    """Extra labelled training sentences, stored as embeddings (no text needed at run time)."""

    keys: tuple[str, ...]
    labels: tuple[str, ...]

    @classmethod
    def load(cls, path: Path) -> LabelledCorpus:
        """Read the labelled rows of an embedding file; empty if it has none."""
        if not path.exists():
            return cls((), ())
        with np.load(path) as data:
            if "labels" not in data:
                return cls((), ())
            pairs = [
                (as_text(k), as_text(v))
                for k, v in zip(data["keys"], data["labels"], strict=True)
                if as_text(v)
            ]
        return cls(tuple(k for k, _ in pairs), tuple(v for _, v in pairs))


@dataclass(frozen=True)
class TrainingSet:
    """What the head is fitted on: sentence keys and labels."""

    keys: tuple[str, ...]
    labels: tuple[str, ...]
    texts: dict[str, str]

    def fingerprint(self) -> str:
        """A hash of the data and the head version: equal fingerprints, equal heads."""
        digest = hashlib.sha1(HEAD_VERSION.encode())
        for key, label in sorted(zip(self.keys, self.labels, strict=True)):
            digest.update(f"{key}:{label};".encode())
        return digest.hexdigest()


def training_set(agents: Sequence[Agent | type[Agent]], corpus: LabelledCorpus) -> TrainingSet:
    """Gather every agent's examples, plus the corpus rows whose label is a loaded agent."""
    names = {a.name for a in agents}
    keys: list[str] = []
    labels: list[str] = []
    texts: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    ordered: list[Agent | type[Agent]] = sorted(agents, key=lambda a: a.name)
    for agent in ordered:
        for example in agent.examples:
            key = text_key(example)
            if (key, agent.name) not in seen:
                seen.add((key, agent.name))
                keys.append(key)
                labels.append(agent.name)
                texts[key] = example
    for key, label in zip(corpus.keys, corpus.labels, strict=True):
        if label in names and (key, label) not in seen:
            seen.add((key, label))
            keys.append(key)
            labels.append(label)
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


def fit_head(data: TrainingSet, x: Matrix) -> MlpHead:
    """Fit the classifier head on the training set's embeddings."""
    labels = list(data.labels)
    return fit_mlp_head(x, labels, weights=class_weights(labels))


class EdgeClassifier:
    """Scores an utterance against every agent, and measures how close it is to their examples.

    Args:
        store: Embeds the utterance.
        head: The fitted head.
        examples: Each agent's training embeddings (rows L2-normalised).
    """

    def __init__(self, store: EmbeddingStore, head: MlpHead, examples: dict[str, Matrix]) -> None:
        self.store = store
        self.head = head
        self.examples = examples

    def scores(self, text: str) -> tuple[list[tuple[str, float]], Matrix]:
        """Agents with their probabilities, most likely first, and the utterance's embedding."""
        x: Matrix = self.store.encoder.encode([text])
        probs = self.head.probabilities(x)[0]
        order = np.argsort(-probs)
        return [(self.head.labels[i], float(probs[i])) for i in order], x[0]

    def similarity(self, agent: str, vector: Matrix) -> float:
        """Cosine similarity of an embedding to the agent's nearest training sentence."""
        rows = self.examples.get(agent)
        return float((rows @ vector).max()) if rows is not None and len(rows) else 0.0


class EdgeRouter:
    """Routes offline: classify the agent, then let the agent read its own arguments.

    Args:
        classifier: The agent classifier.
        agents: The loaded agents by name.
        min_similarity: Out-of-scope rule: an utterance whose nearest training sentence of the
            chosen specialised agent is less similar than this goes to the fallback agent
            (`assistant`) instead; gibberish and requests outside every scope land there.
    """

    def __init__(
        self, classifier: EdgeClassifier, agents: dict[str, Agent], min_similarity: float = 0.4
    ) -> None:
        self.classifier = classifier
        self.agents = agents
        self.min_similarity = min_similarity

    def decide(self, text: str) -> tuple[str, float]:
        """The agent for `text` and the classifier's confidence, out-of-scope rule applied."""
        scores, vector = self.classifier.scores(text)
        ranked = [(a, p) for a, p in scores if a in self.agents]
        agent, confidence = ranked[0]
        if (
            agent != FALLBACK_AGENT
            and FALLBACK_AGENT in self.agents
            and self.classifier.similarity(agent, vector) < self.min_similarity
        ):
            return FALLBACK_AGENT, dict(ranked)[FALLBACK_AGENT]
        return agent, confidence

    def decide_heard(self, text: str, alternatives: Sequence[SpokenAlternative]) -> SpokenDecision:
        """The agent for a spoken request, weighing each agent's reading of the audio (see
        `sightline.router.spoken`); the out-of-scope rule applies to the words the chosen
        agent would act on. Without alternatives, the same as `decide`."""
        if not alternatives or not text.strip():
            agent, confidence = self.decide(text)
            return SpokenDecision(agent, confidence, text, overridden=False)
        scores, vector = self.classifier.scores(text)
        probabilities = {a: p for a, p in scores if a in self.agents}
        decision = decide_spoken(text, probabilities, alternatives, list(self.agents))
        if decision.agent == FALLBACK_AGENT or FALLBACK_AGENT not in self.agents:
            return decision
        if decision.utterance != text:
            vector = self.classifier.scores(decision.utterance)[1]
        if self.classifier.similarity(decision.agent, vector) < self.min_similarity:
            fallback = probabilities.get(FALLBACK_AGENT, 0.0)
            return SpokenDecision(FALLBACK_AGENT, fallback, text, overridden=decision.overridden)
        return decision

    def route_sync(self, turn: TurnInput) -> Route:
        """Route one turn on the calling thread."""
        decision = self.decide_heard(turn.utterance, turn.alternatives)
        acted_on = turn
        if decision.utterance != turn.utterance:
            acted_on = replace(turn, utterance=decision.utterance)
        call = self.agents[decision.agent].parse(acted_on)
        return Route(
            agent=decision.agent,
            tool=call.tool,
            arguments=call.arguments,
            confidence=round(decision.confidence, 4),
            tier="edge",
            utterance=decision.utterance if decision.utterance != turn.utterance else None,
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
    head = MlpHead.load(SHIPPED_HEAD, fingerprint)
    cached = cache_dir / f"edge_head-{fingerprint[:16]}.npz" if cache_dir else None
    if head is None and cached is not None:
        head = MlpHead.load(cached, fingerprint)
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

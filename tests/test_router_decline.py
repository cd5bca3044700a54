"""Agents that decline: payment says "not mine" to bank-account questions, the turn goes to the
next candidate and finally to the assistant, and the decline is on the route and the trace."""

from __future__ import annotations

from pathlib import Path

import pytest

from fake_llm import FakeChatServer, Scripted
from sightline.agents.payment import PaymentAgent
from sightline.config import Settings
from sightline.llm.openai_compat import OpenAICompatibleChat
from sightline.router.cloud import CloudRouter
from sightline.router.edge import SHIPPED_CORPUS, EdgeRouter, build_edge_classifier
from sightline.router.router import Router
from sightline.router.store import EmbeddingStore
from sightline.runtime import Runtime
from sightline.scene import Scene, SceneItem
from sightline.sdk import Agent, Reply, ToolContext, TurnInput, tool
from sightline.sdk.agent import AgentServices
from sightline.sdk.registry import load_agents
from sightline.session import Session

BANK_QUESTIONS = [
    "why was my card declined",
    "what is my credit limit",
    "set up direct deposit",
    "freeze my account",
    "change my PIN",
    "where did my payment go",
    "how long does a transfer take to arrive",
]
PAYMENTS = [
    "pay this",
    "send anna twenty euros",
    "transfer 50 to my savings",
    "split the bill with Tom",
    "pay my electricity bill",
    "can you send money to Peter",
    "did Tom pay me back",
    "transfr 50 to jake",
]


@pytest.mark.parametrize("utterance", BANK_QUESTIONS)
def test_payment_declines_bank_account_questions(utterance: str) -> None:
    assert PaymentAgent().accepts(TurnInput(utterance)) is False


@pytest.mark.parametrize("utterance", PAYMENTS)
def test_payment_accepts_requests_that_move_money(utterance: str) -> None:
    assert PaymentAgent().accepts(TurnInput(utterance)) is True


def test_payment_accepts_anything_with_a_code_in_view() -> None:
    scene = Scene(items=(SceneItem(kind="code", text="000201010211", format="QRCode"),))
    assert PaymentAgent().accepts(TurnInput("why was my card declined", scene=scene))


def test_shopping_declines_market_questions_without_a_product_in_view(runtime: Runtime) -> None:
    shopping = runtime.registry.get("shopping")
    assert not shopping.accepts(TurnInput("what's the stock price of apple"))
    assert shopping.accepts(TurnInput("is this cheaper online"))


def test_builtin_agents_ship_counter_examples(runtime: Runtime) -> None:
    for name in ("payment", "shopping", "navigation", "travel", "music"):
        agent = runtime.registry.get(name)
        assert len(agent.counter_examples) >= 20, name
        assert not set(agent.counter_examples) & set(agent.examples), name


class PickyParkingAgent(Agent):
    """Takes a turn only when it names a level; declines every other parking question."""

    name = "pickyparking"
    description = "Remembers which level the car is parked on."
    examples = (
        "remember where i parked",
        "where did i park my car",
        "find my parked car",
        "save my parking space",
        "where is my car",
        "which level did i park on",
        "mark my parking spot",
        "i parked here remember it",
        "how far away is my car",
        "i left the car on level three",
    )

    def accepts(self, turn: TurnInput) -> bool:
        return "level" in turn.utterance.lower()

    @tool
    async def find(self, ctx: ToolContext) -> Reply:
        """Find the car."""
        return Reply.simple("car")


@pytest.fixture(scope="module")
def picky_router(runtime: Runtime, tmp_path_factory: pytest.TempPathFactory) -> EdgeRouter:
    registry = load_agents(AgentServices(Settings()), extra=[PickyParkingAgent])
    cache = tmp_path_factory.mktemp("picky")
    store = EmbeddingStore(runtime.router.edge.classifier.store.encoder, SHIPPED_CORPUS)
    return EdgeRouter(build_edge_classifier(registry.agents, store, cache), registry.agents)


@pytest.mark.slow
def test_a_declined_turn_goes_down_the_ranking_to_the_assistant(picky_router: EdgeRouter) -> None:
    route = picky_router.route_sync(TurnInput("where did i park my car"))
    assert route.candidates[0] == "pickyparking"
    assert route.declined == ("pickyparking",)
    assert route.agent == "assistant" and route.tool == "answer"
    taken = picky_router.route_sync(TurnInput("which level did i park on"))
    assert (taken.agent, taken.declined) == ("pickyparking", ())


@pytest.mark.slow
async def test_decline_reaches_the_assistant_through_the_runner_and_is_traced(
    runtime: Runtime,
) -> None:
    result = await runtime.runner.run(Session(), TurnInput("where did my payment go"), "edge")
    assert result.route.agent == "assistant"
    assert result.route.declined == ("payment",)
    assert "declined:payment" in result.trace.timings_ms()
    out = result.to_json()
    assert out["declined"] == ["payment"] and out["agent"] == "assistant"
    assert out["card"]["lines"], "the assistant answered with a card"


@pytest.mark.slow
async def test_a_cloud_route_to_a_declining_agent_is_settled_too(
    runtime: Runtime, fake_llm: FakeChatServer
) -> None:
    fake_llm.script.append(Scripted(tool="payment__pay_this", arguments={}))
    model = OpenAICompatibleChat(fake_llm.base_url, "test-key", "qwen-test", False, 2.0)
    router = Router(
        runtime.router.edge, CloudRouter(model, runtime.registry.agents, 2.0), "cloud", 0.6
    )
    route = await router.route(TurnInput("why was my card declined"))
    assert route.declined == ("payment",)
    assert route.agent == "assistant"


def test_route_lists_are_empty_by_default(tmp_path: Path) -> None:
    from sightline.router.route import Route

    route = Route(agent="assistant", tool="answer", confidence=1.0, tier="edge")
    assert route.candidates == () and route.declined == ()

"""Building the assistant from configuration: agents, router tiers and the turn runner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from prometheus_client import CollectorRegistry

from sightline.agents.loading import load_all_agents
from sightline.config import Settings
from sightline.confirm import ConfirmationGate, Rules, utc_now
from sightline.ledger.wallet import WalletProvider
from sightline.llm import chat_model_from_settings
from sightline.memory import MemoryService
from sightline.payments.wallets import WalletBalance, local_wallet
from sightline.privacy import FaceBlurringChat
from sightline.proactive import BoardingTrigger, ProactiveEngine
from sightline.router.cloud import CloudRouter
from sightline.router.edge import SHIPPED_CORPUS, EdgeRouter, build_edge_classifier
from sightline.router.encoder import MiniLMEncoder, SentenceEncoder
from sightline.router.router import Router
from sightline.router.store import EmbeddingStore
from sightline.sdk.agent import AgentServices
from sightline.sdk.registry import AgentRegistry
from sightline.trace import TraceMetrics
from sightline.turns import TurnRunner


@dataclass
class Runtime:
    """A ready assistant: its settings, agents, router and turn runner."""

    settings: Settings
    registry: AgentRegistry
    router: Router
    runner: TurnRunner
    metrics_registry: CollectorRegistry


def build_runtime(
    settings: Settings,
    encoder: SentenceEncoder | None = None,
    registry: AgentRegistry | None = None,
    wallet: WalletProvider | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> Runtime:
    """Load agents, build the edge classifier for them, and wire the tiers together.

    Args:
        settings: The configuration.
        encoder: The sentence encoder; the packaged MiniLM by default.
        registry: Pre-loaded agents; discovered from entry points by default.
        wallet: The wallet payments go through; by default `LocalWallet` on the ledger at
            `settings.ledger_url` (an SQLite file in `cache_dir`), opened on first use.
        clock: The confirmation gate's clock.

    Returns:
        The runtime.
    """
    llm = chat_model_from_settings(settings)
    if llm is not None:
        llm = FaceBlurringChat(llm)  # no image leaves the hub with a face in it
    wallet = wallet or local_wallet(settings.ledger_url, settings.cache_dir)
    shared: dict[str, object] = {"llm": llm, "wallet": WalletBalance(wallet)}
    encoder = encoder or MiniLMEncoder()
    memory = MemoryService.from_settings(
        settings.memory_url, settings.cache_dir, encoder, settings.memory_retention_days, clock
    )
    proactive = ProactiveEngine([BoardingTrigger()], settings.proactive_per_hour)
    memory.listeners.append(proactive.observe)
    shared.update(memory=memory, proactive=proactive)
    if registry is None:
        registry = load_all_agents(AgentServices(settings=settings, shared=shared))
        for name in settings.agents_disabled:
            registry.agents.pop(name, None)
    store = EmbeddingStore(
        encoder,
        shipped=SHIPPED_CORPUS,
        cache_path=settings.cache_dir / "embeddings.npz",
    )
    for agent in registry.agents.values():
        proactive.triggers.extend(agent.triggers())  # agents add triggers through the SDK
    classifier = build_edge_classifier(registry.agents, store, settings.cache_dir)
    store.encoder.encode(["warm up"])  # load the weights now, not inside the first turn
    edge = EdgeRouter(classifier, registry.agents)
    cloud = CloudRouter(llm, registry.agents, settings.llm_timeout_s) if llm is not None else None
    router = Router(edge, cloud, settings.tier, settings.edge_confidence)
    metrics_registry = CollectorRegistry()
    rules = Rules(tap=settings.confirm_tap)
    gate = ConfirmationGate(wallet, clock=clock, rules=rules)  # the only holder of the wallet
    runner = TurnRunner(registry, router, shared, TraceMetrics(metrics_registry), gate)
    return Runtime(settings, registry, router, runner, metrics_registry)

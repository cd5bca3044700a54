"""Opt-in: the cloud tier against a real endpoint (SIGHTLINE_LIVE_LLM=1 plus SIGHTLINE_LLM_*)."""

from __future__ import annotations

import os

import pytest

from sightline.config import Settings
from sightline.llm import chat_model_from_settings
from sightline.router.cloud import CloudRouter
from sightline.runtime import Runtime
from sightline.sdk import TurnInput

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        not os.environ.get("SIGHTLINE_LIVE_LLM"),
        reason="live: set SIGHTLINE_LIVE_LLM=1 and SIGHTLINE_LLM_BASE_URL/_API_KEY/_MODEL",
    ),
]


async def test_live_model_routes_with_tool_calls(runtime: Runtime) -> None:
    settings = Settings()
    model = chat_model_from_settings(settings)
    assert model is not None, "SIGHTLINE_LLM_BASE_URL is not set"
    cloud = CloudRouter(model, runtime.registry.agents, max(settings.llm_timeout_s, 15))
    for text, agent in [
        ("play some miles davis", "music"),
        ("how do I walk to the nearest pharmacy", "navigation"),
        ("is this cheaper online", "shopping"),
        ("when does my flight to Tokyo board", "travel"),
    ]:
        route = await cloud.route(TurnInput(text))
        assert route.tier == "cloud"
        assert route.agent == agent, (text, route)

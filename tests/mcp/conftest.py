"""Fixtures: real MCP servers (stdio and streamable HTTP) configured as agents of a runtime."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp_helpers import wait_for_port

from sightline.bench.hub_process import free_port
from sightline.config import Settings
from sightline.runtime import Runtime, build_runtime

SERVERS = Path(__file__).parent / "servers"
MUSEUM_TOKEN = "museum-key-123"

TIDES_EXAMPLES = [
    "when is high tide in [place : Brest]",
    "tide times for [place : Saint-Malo]",
    "what are the tides at [place : Le Havre]",
    "will the tide be high at [place : Dover] this afternoon",
    "tides in [place : Plymouth] for the next [days : 3] days",
    "when is low tide at [place : Cancale]",
    "give me the tide table for [place : Arcachon]",
    "is the tide coming in at [place : Mont Saint-Michel]",
    "tide forecast for [place : Biarritz] for [days : 2] days",
    "high water at [place : Falmouth]",
    "how warm is the sea at [place : Nice]",
    "water temperature in [place : Quiberon]",
    "is the water cold at [place : Brighton] today",
    "sea temperature at [place : Ostend]",
    "can i swim at [place : Hossegor], how warm is the water",
    "any notices for this harbour",
    "harbour notices near me",
    "notices to mariners here",
    "any harbour warnings for boats in this port",
    "what's happening in the harbour around me",
]
MUSEUM_EXAMPLES = [
    "when does the [museum : Louvre] open",
    "opening hours of the [museum : Prado]",
    "is the [museum : British Museum] open today",
    "what time does [museum : Tate Modern] close",
    "until when is the [museum : Rijksmuseum] open",
    "how much are tickets for the [museum : Uffizi]",
    "price of [visitors : 2] tickets to the [museum : Orsay]",
    "what does entry to [museum : MoMA] cost",
    "[visitors : 4] tickets for the [museum : Pompidou] please",
    "how much is it for [visitors : 3] people at the [museum : Guggenheim]",
    "museum opening times",
    "museum ticket prices",
    "how much is a museum ticket for [visitors : 1] at the [museum : Met]",
    "entry fee for [visitors : 5] visitors at the [museum : Vatican Museums]",
    "what would [visitors : 2] museum tickets for the [museum : Acropolis Museum] cost",
    "admission price at the [museum : National Gallery]",
    "how expensive is the [museum : Van Gogh Museum]",
    "is the [museum : Natural History Museum] open on monday",
    "opening hours of the gallery at the [museum : Belvedere]",
    "what time does the [museum : Science Museum] open tomorrow",
    "can i still visit the [museum : Hermitage] this evening",
]
FLAKY_EXAMPLES = [
    "read the lighthouse log about [topic : fog signals]",
    "lighthouse log for [topic : lamp maintenance]",
    "what does the lighthouse keeper's log say about [topic : storms]",
    "open the lighthouse logbook on [topic : the foghorn]",
    "sonar depth survey of [area : the north channel]",
    "how deep is [area : the west passage] on the sonar survey",
    "depth survey for [area : the harbour mouth]",
    "run the sonar over [area : the outer bank]",
    "wave height at buoy [buoy : 62001]",
    "how big are the waves at buoy [buoy : 44013]",
    "buoy reading for [buoy : 62107]",
    "ferry company message for the [route : Quiberon] route",
    "what does the ferry line say about the [route : Belle-Ile] crossing",
    "ferry notice for [route : Ouessant]",
    "any news from the ferry operator on the [route : Groix] route",
]


@pytest.fixture(scope="session")
def museum_url() -> Iterator[str]:
    """The museums server over streamable HTTP, with an API key."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(SERVERS / "museums.py"), str(port), MUSEUM_TOKEN],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        process.wait(timeout=10)


def server_entries(museum_url: str, markers: Path) -> list[dict[str, Any]]:
    """The configuration of the test servers (as `SIGHTLINE_MCP_CONFIG` holds it)."""
    python = sys.executable
    return [
        {
            "name": "tides",
            "command": [python, str(SERVERS / "tides.py")],
            "description": "Tide times and sea water temperature at harbours and beaches.",
            "permissions": ["location"],
            "examples": TIDES_EXAMPLES,
        },
        {
            "name": "museums",
            "url": museum_url,
            "headers": {"Authorization": f"Bearer {MUSEUM_TOKEN}"},
            "description": "Museum opening hours and ticket prices.",
            "examples": MUSEUM_EXAMPLES,
        },
        {
            "name": "flaky",
            "command": [python, str(SERVERS / "flaky.py"), str(markers)],
            "description": "Lighthouse logs, marine forecasts, buoys and ferry notices.",
            "examples": FLAKY_EXAMPLES,
            "timeout_s": 3.0,
        },
        {
            "name": "broken",
            "command": [python, str(SERVERS / "broken_start.py")],
            "description": "Parking meters of the old town.",
            "examples": [
                "how long can i park here",
                "pay the parking meter",
                "parking meter time left",
                "where is the nearest parking meter",
            ],
        },
    ]


@pytest.fixture(scope="session")
def mcp_markers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the flaky server leaves its crash marker."""
    return tmp_path_factory.mktemp("flaky")


@pytest.fixture(scope="session")
def mcp_config(
    tmp_path_factory: pytest.TempPathFactory, museum_url: str, mcp_markers: Path
) -> Path:
    """A `SIGHTLINE_MCP_CONFIG` file naming the four test servers."""
    path = tmp_path_factory.mktemp("mcp") / "servers.json"
    path.write_text(json.dumps(server_entries(museum_url, mcp_markers)))
    return path


@pytest.fixture(scope="session")
def mcp_settings(
    tmp_path_factory: pytest.TempPathFactory, mcp_config: Path, music_dir: Path
) -> Settings:
    """Offline settings with the MCP servers configured."""
    return Settings(
        cache_dir=tmp_path_factory.mktemp("mcp-cache"),
        music_dir=music_dir,
        llm_base_url=None,
        mcp_config=mcp_config,
        mcp_backoff_s=1.0,
    )


@pytest.fixture(scope="session")
def mcp_runtime(mcp_settings: Settings) -> Runtime:
    """The real runtime with the built-in agents and the four MCP servers."""
    return build_runtime(mcp_settings)

"""OSRM, Valhalla and GraphHopper back-ends against responses in each service's own format.

The responses in `recorded/` follow each API's documented response schema for a short walk in
Monaco (Place du Palais → Rue Basse → Rue Comte Félix Gastaldi); a local HTTP server replays them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from sightline.agents.navigation import NavigationAgent
from sightline.errors import SightlineError
from sightline.navigation.guidance import GuidancePlan, GuidanceSession
from sightline.navigation.maneuvers import Turn
from sightline.navigation.remote import RoutingUnavailable, remote_router
from sightline.scene import Location
from sightline.sdk import ToolContext, TurnInput

RECORDED = Path(__file__).parent / "recorded"
ORIGIN = (43.73136, 7.42030)
DESTINATION = (43.73082, 7.42145)


class Replay(BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, str, bytes]]] = []
    fail = False

    def _answer(self, body: bytes) -> None:
        Replay.requests.append((self.command, self.path, body))
        if Replay.fail:
            self.send_response(503)
            self.end_headers()
            return
        if self.path.startswith("/route/v1/"):
            name = "osrm_foot.json"
        elif b'"costing"' in body:
            name = "valhalla_pedestrian.json"
        else:
            name = "graphhopper_foot.json"
        data = (RECORDED / name).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._answer(b"")

    def do_POST(self) -> None:
        self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Replay.requests.clear()
    Replay.fail = False
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _check(plan: GuidancePlan) -> None:
    assert plan.destination == "Pharmacie"
    assert len(plan.points) >= 3
    assert abs(plan.points[0][0] - ORIGIN[0]) < 1e-3 and abs(plan.points[0][1] - ORIGIN[1]) < 1e-3
    turns = [m.turn for m in plan.maneuvers]
    assert turns[0] is Turn.DEPART and turns[-1] is Turn.ARRIVE
    assert Turn.LEFT in turns or Turn.RIGHT in turns
    indexes = [m.point_index for m in plan.maneuvers]
    assert indexes == sorted(indexes) and indexes[-1] == len(plan.points) - 1
    assert any("Rue Basse" in m.street for m in plan.maneuvers)


@pytest.mark.parametrize("kind", ["osrm", "valhalla", "graphhopper"])
def test_backend_turns_its_response_into_a_plan(server: str, kind: str) -> None:
    plan = remote_router(kind, server, api_key="test").walking_plan(
        ORIGIN, DESTINATION, "Pharmacie"
    )
    _check(plan)
    method, path, body = Replay.requests[0]
    if kind == "osrm":
        assert path.startswith("/route/v1/foot/7.4203,43.73136;7.42145,43.73082")
        assert "steps=true" in path
    elif kind == "valhalla":
        assert method == "POST" and json.loads(body)["costing"] == "pedestrian"
    else:
        request = json.loads(body)
        assert request["profile"] == "foot" and request["points_encoded"] is False


@pytest.mark.parametrize("kind", ["osrm", "valhalla", "graphhopper"])
def test_backend_failure_is_a_stable_error(server: str, kind: str) -> None:
    Replay.fail = True
    with pytest.raises(RoutingUnavailable) as err:
        remote_router(kind, server).walking_plan(ORIGIN, DESTINATION, "Pharmacie")
    assert err.value.code == "routing_unavailable"


def test_unknown_backend() -> None:
    with pytest.raises(SightlineError) as err:
        remote_router("mapquest", "http://127.0.0.1:9")
    assert err.value.code == "unknown_router"


async def test_agent_plans_guidance_with_the_configured_backend(
    server: str, monaco_pbf: Path, nav_cache: Path
) -> None:
    agent = NavigationAgent(monaco_pbf, nav_cache, planner=remote_router("osrm", server))
    state: dict[str, Any] = {}
    turn = TurnInput("take me to the nearest pharmacy", location=Location(*ORIGIN))
    ctx = ToolContext("navigation", agent.permissions, turn, state=state)
    reply = await agent.invoke("route_to", {"destination": "nearest pharmacy"}, ctx)
    assert reply.data["destination"]["tags"]["amenity"] == "pharmacy"
    session = GuidanceSession.from_json(state["guidance"])
    assert len(session.plan.points) == 5 and Replay.requests, "the plan came from OSRM"

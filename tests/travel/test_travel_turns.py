"""Whole turns through the real runtime (edge tier): routing, edge parsing, the travel cards."""

from __future__ import annotations

from sightline.runtime import Runtime
from sightline.scene import Scene, SceneItem
from sightline.sdk import TurnInput
from sightline.session import Session

PASS = "M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100"


async def test_turns_reach_the_travel_tools(runtime: Runtime) -> None:
    scene = Scene(items=(SceneItem("code", PASS, "PDF417", (0, 0, 200, 80)),), focus=0)
    session = Session()
    board = await runtime.runner.run(session, TurnInput("when does my flight board", scene), "edge")
    assert (board.route.agent, board.route.tool) == ("travel", "flight_status")
    assert board.reply.card.title == "AC 834 · YUL → FRA" and board.error is None
    seat = await runtime.runner.run(session, TurnInput("what seat am i in", scene), "edge")
    assert seat.route.tool == "boarding_pass" and seat.reply.speech == "You're in seat 1A."
    status = await runtime.runner.run(session, TurnInput("is flight BA 117 on time"), "edge")
    assert status.route.arguments == {"flight": "BA 117"}
    assert status.reply.card.title == "BA 117"
    book = await runtime.runner.run(session, TurnInput("book a flight to Tokyo"), "edge")
    assert (book.route.agent, book.route.tool) == ("travel", "book")
    assert book.reply.data["error"]["code"] == "booking_not_configured"
    assert session.follow_up is None


async def test_no_code_in_view_through_a_turn(runtime: Runtime) -> None:
    result = await runtime.runner.run(Session(), TurnInput("show my boarding pass"), "edge")
    assert result.route.tool == "boarding_pass"
    assert result.reply.card.title == "No boarding pass in view"
    assert result.to_json()["error"] == {"code": "no_boarding_pass", "message": "no pass in view"}

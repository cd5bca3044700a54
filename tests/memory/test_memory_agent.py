"""The memory agent: recall with citations, voice control, and routing next to the assistant."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from sightline.memory import MemoryService, Moment, MomentQuery
from sightline.runtime import Runtime
from sightline.scene import Location, Scene, SceneItem
from sightline.sdk.context import TurnInput
from sightline.session import Session
from sightline.turns import TurnResult

PASS = "M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100"


def _sign(*lines: str) -> Scene:
    items = tuple(
        SceneItem(kind="text", text=line, box=(10, 10 + 40 * i, 300, 40 + 40 * i))
        for i, line in enumerate(lines)
    )
    return Scene(items=items)


async def _ask(runtime: Runtime, text: str, session: Session | None = None) -> TurnResult:
    return await runtime.runner.run(session or Session(), TurnInput(text, source="typed"), "edge")


@pytest.mark.parametrize(
    "text",
    [
        "what did that sign say",
        "what was the last product I looked at",
        "where did I see a pharmacy",
        "what was my gate again",
        "what did I see this morning",
        "forget the last ten minutes",
        "stop remembering",
        "mute for an hour",
        "why did you show this",
    ],
)
async def test_memory_requests_reach_the_memory_agent(runtime: Runtime, text: str) -> None:
    route = await runtime.router.route(TurnInput(text), "edge")
    assert route.agent == "memory", (text, route)


@pytest.mark.parametrize(
    "text",
    [
        "what is the capital of france",
        "read this",
        "what does this sign say",
        "what time is it",
        "tell me a joke",
        "play some jazz",
        "how do I get to the nearest pharmacy",
    ],
)
async def test_other_requests_stay_with_their_agents(runtime: Runtime, text: str) -> None:
    route = await runtime.router.route(TurnInput(text), "edge")
    assert route.agent != "memory", (text, route)


async def test_recall_cites_when_and_where(runtime: Runtime, memory: MemoryService) -> None:
    recorder = memory.recorder
    here = Location(43.7384, 7.4246)
    assert recorder.record_scene(_sign("CITY PHARMACY", "OPEN 24 HOURS"), here)
    assert recorder.record_scene(Scene(items=(SceneItem("code", "4006381333931", "EAN13"),)))
    boarding = Scene(
        items=(SceneItem("code", PASS, "PDF417"), *_sign("GATE B12", "BOARDING 10:15").items)
    )
    assert recorder.record_scene(boarding)
    sign = await _ask(runtime, "what did that sign say")
    assert sign.route.agent == "memory" and "GATE B12" in sign.reply.card.lines
    pharmacy = await _ask(runtime, "where did I see a pharmacy")
    assert "CITY PHARMACY" in pharmacy.reply.card.lines
    assert "43.7384" in pharmacy.reply.card.lines[0] and "At " in pharmacy.reply.card.lines[0]
    gate = await _ask(runtime, "what was my gate again")
    assert "gate B12" in gate.reply.speech and "AC 834" in gate.reply.speech
    product = await _ask(runtime, "what was the last product I looked at")
    assert "4006381333931" in product.reply.speech
    # the same sign seen again a moment later is not stored twice
    assert recorder.record_scene(_sign("CITY PHARMACY", "OPEN 24 HOURS"), here) == []


async def test_what_did_i_see_yesterday(runtime: Runtime, memory: MemoryService) -> None:
    now = memory.clock().astimezone()
    yesterday = (now - timedelta(days=1)).replace(hour=9, minute=5, second=0, microsecond=0)
    vector = memory.encoder.encode(["MUSEUM ENTRANCE"])[0]
    memory.store.add(Moment(at=yesterday, kind="text", text="MUSEUM ENTRANCE", embedding=vector))
    memory.store.add(Moment(at=now, kind="text", text="TODAY'S NEWS", embedding=vector))
    seen = await _ask(runtime, "what did I see yesterday")
    assert seen.route.agent == "memory"
    assert "MUSEUM ENTRANCE" in seen.reply.card.lines and "NEWS" not in str(seen.reply.card)
    assert seen.reply.card.lines[0].startswith("On ") and "09:05" in seen.reply.card.lines[0]


async def test_voice_controls_memory(runtime: Runtime, memory: MemoryService) -> None:
    session = Session()
    memory.recorder.record_scene(_sign("PLATFORM 9"))
    forgot = await _ask(runtime, "forget the last ten minutes", session)
    assert forgot.route.tool == "forget" and forgot.route.arguments == {"minutes": 10.0}
    assert memory.store.count() == 0
    nothing = await _ask(runtime, "what did that sign say", session)
    assert nothing.reply.card.title == "Nothing remembered"
    off = await _ask(runtime, "stop remembering", session)
    assert off.route.tool == "stop" and not memory.store.is_on()
    assert memory.recorder.record_scene(_sign("PLATFORM 10")) == []
    assert memory.store.count() == 0
    on = await _ask(runtime, "start remembering", session)
    assert on.route.tool == "start" and memory.store.is_on()


async def test_answers_are_remembered_but_not_payments_or_memory_itself(
    runtime: Runtime, memory: MemoryService
) -> None:
    session = Session()
    await _ask(runtime, "what time is it", session)
    await _ask(runtime, "what did that sign say", session)
    await runtime.runner.finish_recording()
    stored = memory.store.search(MomentQuery())
    assert [m.moment.kind for m in stored] == ["answer"]
    assert stored[0].moment.text.startswith("what time is it — It's")


def test_payment_codes_are_remembered_by_payee_only(memory: MemoryService) -> None:
    from sightline.codes import build_emv_qr

    code = build_emv_qr(
        merchant_name="CAFE DU PORT",
        merchant_city="MONACO",
        mcc="5812",
        currency="978",
        country="MC",
        merchant_accounts={"26": {"00": "com.example.pay", "01": "ACCT-778899"}},
        amount="12.50",
    )
    stored = memory.recorder.record_scene(Scene(items=(SceneItem("code", code, "QRCode"),)))
    assert [(m.kind, m.text, m.data) for m in stored] == [
        ("payment_code", "Payment code for CAFE DU PORT", {"payee": "CAFE DU PORT"})
    ]
    kept = repr(memory.store.search(MomentQuery()))
    assert "12.50" not in kept and "ACCT-778899" not in kept


async def test_nothing_is_recorded_while_a_payment_confirmation_is_on_the_display(
    runtime: Runtime, memory: MemoryService, tmp_path: Path
) -> None:
    from pay_fixtures import Clock, cafe_qr, funded_ledger, payment_runner, perceive, qr_png

    with funded_ledger(tmp_path / "ledger.sqlite3") as ledger:
        runner = payment_runner(runtime, ledger, Clock(), tmp_path)
        runner.services["memory"] = memory
        session = Session()
        scene = await perceive(qr_png(cafe_qr("23.50")))
        paying = await runner.run(session, TurnInput("pay this", scene=scene, source="typed"))
        assert paying.pending is not None and session.confirm.pending is not None
        runner.seen(session, _sign("PRIVATE LETTER"), None)
        await runner.finish_recording()
        assert memory.store.count() == 0  # neither the code, nor the letter, nor the answer
        await runner.run(session, TurnInput("cancel", source="typed"))
        assert session.confirm.pending is None
        runner.seen(session, _sign("PUBLIC NOTICE"), None)
        await runner.finish_recording()
        assert [f.moment.text for f in memory.store.search(MomentQuery())] == ["PUBLIC NOTICE"]

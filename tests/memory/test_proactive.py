"""Proactive cards on a virtual clock: the boarding card once, at the right time, within the
budget and the mute, and "why did you show this?"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sightline.cards.model import Card
from sightline.confirm import ConfirmationGate
from sightline.memory import MemoryService, Moment, open_memory_store
from sightline.memory.extract import scene_drafts
from sightline.proactive import BoardingTrigger, ProactiveEngine
from sightline.runtime import Runtime
from sightline.scene import Scene, SceneItem
from sightline.sdk.context import TurnInput
from sightline.sdk.triggers import ProactiveCard, Trigger
from sightline.session import Session
from sightline.turns import TurnRunner

# AC 834 on day 60 of the year: 1 March 2026.
PASS = "M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 060J001A0025 100"
SEEN = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


class Clock:
    """A virtual clock the test moves."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def _boarding_scene() -> Scene:
    lines = ("AIR CANADA AC 834", "GATE B12", "BOARDING 10:15", "SEAT 1A")
    texts = tuple(
        SceneItem("text", line, box=(20, 20 + 40 * i, 400, 50 + 40 * i))
        for i, line in enumerate(lines)
    )
    return Scene(items=(SceneItem("code", PASS, "PDF417", (450, 20, 620, 200)), *texts))


def _boarding_moment() -> Moment:
    (draft,) = [d for d in scene_drafts(_boarding_scene()) if d.kind == "boarding_pass"]
    return Moment(at=SEEN, kind=draft.kind, text=draft.text, data=draft.data)


class Every(Trigger):
    """A test trigger: a card for every moment, due at once, lasting a day."""

    name = "every"

    def on_moment(self, moment: Moment) -> list[ProactiveCard]:
        return [
            ProactiveCard(
                key=f"every:{moment.text}",
                card=Card(title=moment.text),
                speech=moment.text,
                due=moment.at,
                expires=moment.at + timedelta(days=1),
                reason=f"you saw {moment.text}",
                trigger=self.name,
            )
        ]


def test_the_boarding_pass_is_read_with_its_gate_and_time() -> None:
    moment = _boarding_moment()
    assert moment.data["gate"] == "B12" and moment.data["boarding"] == "10:15"
    assert moment.text == "Boarding pass AC 834 YUL to FRA, seat 1A, gate B12, boarding 10:15"


def test_the_boarding_card_appears_once_thirty_minutes_before_boarding() -> None:
    engine = ProactiveEngine([BoardingTrigger(tz=UTC)])
    engine.observe(_boarding_moment())
    engine.observe(_boarding_moment())  # the pass looked at again: still one card
    assert engine.due(SEEN) == []
    assert engine.due(datetime(2026, 3, 1, 9, 44, 59, tzinfo=UTC)) == []
    (card,) = engine.due(datetime(2026, 3, 1, 9, 45, tzinfo=UTC))
    assert card.card.title == "Boarding in 30 min" and "Gate B12" in card.card.lines
    assert card.speech == "Boarding in 30 minutes at gate B12."
    assert engine.due(datetime(2026, 3, 1, 9, 50, tzinfo=UTC)) == []
    engine.observe(_boarding_moment())  # seen once more after it was shown: not again
    assert engine.due(datetime(2026, 3, 1, 9, 55, tzinfo=UTC)) == []
    shown = engine.last_shown()
    assert shown is not None and "boarding at 10:15 at gate B12" in shown.card.reason


def test_a_muted_hour_drops_a_card_that_lapses_meanwhile() -> None:
    engine = ProactiveEngine([BoardingTrigger(tz=UTC)])
    engine.observe(_boarding_moment())
    engine.mute(datetime(2026, 3, 1, 9, 40, tzinfo=UTC))
    assert engine.due(datetime(2026, 3, 1, 9, 45, tzinfo=UTC)) == []
    assert engine.due(datetime(2026, 3, 1, 10, 41, tzinfo=UTC)) == []  # boarding has passed
    assert engine.last_shown() is None


def test_the_budget_holds_cards_over_four_an_hour() -> None:
    engine = ProactiveEngine([Every()], per_hour=4)
    for n in range(6):
        engine.observe(Moment(at=SEEN, kind="text", text=f"sign {n}"))
    first = engine.due(SEEN)
    assert [c.card.title for c in first] == [f"sign {n}" for n in range(4)]
    assert engine.due(SEEN + timedelta(minutes=59)) == []
    later = engine.due(SEEN + timedelta(minutes=60))
    assert [c.card.title for c in later] == ["sign 4", "sign 5"]


async def test_the_hub_tick_shows_the_card_and_the_wearer_asks_why(
    runtime: Runtime, tmp_path: Path
) -> None:
    clock = Clock(SEEN)
    memory = MemoryService(
        lambda: open_memory_store(None, tmp_path), runtime.runner.services["memory"].encoder, clock
    )
    engine = ProactiveEngine([BoardingTrigger(tz=UTC)], per_hour=4)
    memory.listeners.append(engine.observe)
    services = {**runtime.runner.services, "memory": memory, "proactive": engine}
    runner = TurnRunner(
        runtime.registry, runtime.router, services, gate=ConfirmationGate(clock=clock)
    )
    session = Session()
    on = await runner.run(session, TurnInput("start remembering"), "edge")
    assert on.route.tool == "start"
    runner.seen(session, _boarding_scene(), None)
    await runner.finish_recording()
    assert memory.store.count() == 2  # the pass and its printed text
    shown = []
    while clock.now < datetime(2026, 3, 1, 10, 30, tzinfo=UTC):
        result = await runner.expire(session)
        if result is not None:
            shown.append((clock.now, result))
        clock.advance(seconds=30)
    ((at, result),) = shown
    assert at == datetime(2026, 3, 1, 9, 45, tzinfo=UTC)
    assert result.route.agent == "proactive" and result.reply.card.title == "Boarding in 30 min"
    assert result.trace.to_json()["details"]["proactive"]["trigger"] == "boarding"
    why = await runner.run(session, TurnInput("why did you show this?"), "edge")
    assert why.route.tool == "why" and "boarding pass for AC 834" in why.reply.speech
    muted = await runner.run(session, TurnInput("mute for an hour"), "edge")
    assert muted.route.tool == "mute" and engine.muted_until == clock.now + timedelta(hours=1)
    memory.close()

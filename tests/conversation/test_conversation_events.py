"""The conversation takes typed input events and answers with output events, one at a time."""

from __future__ import annotations

import asyncio
import typing

import pytest

from pay_fixtures import Device, cafe_qr, transfers_for
from sightline.conversation import Conversation
from sightline.conversation.conversation import HANDLERS
from sightline.conversation.events import (
    Ack,
    ErrorOut,
    Haptic,
    InputEvent,
    LocationFix,
    ShowCard,
    Speak,
    Tick,
    TraceOut,
    TurnLost,
    TypedText,
    Utterance,
)
from sightline.conversation.turn_lost import SAY_IT_AGAIN, TURN_LOST
from sightline.ledger import Ledger
from sightline.runtime import Runtime
from sightline.scene import Location, Scene, SceneItem


def static_code() -> Scene:
    return Scene(items=(SceneItem("code", cafe_qr(None), "QRCode", (0, 0, 100, 100)),), focus=0)


def test_every_input_event_has_a_stage() -> None:
    assert set(typing.get_args(InputEvent)) == set(HANDLERS)


async def test_a_typed_request_comes_back_as_card_words_and_trace(runtime: Runtime) -> None:
    conversation = Conversation(runtime.runner)
    out = await conversation.handle(TypedText("what time is it"))
    assert [type(e) for e in out] == [ShowCard, Speak, TraceOut]
    shown = out[0]
    assert isinstance(shown, ShowCard) and shown.result.route.agent == "assistant"
    spoken = out[1]
    assert isinstance(spoken, Speak) and spoken.turn_id == shown.result.trace.turn_id
    trace = out[2]
    assert isinstance(trace, TraceOut) and trace.transcript == "what time is it"
    assert len(conversation.session.history) == 1
    assert await conversation.handle(TypedText("   ")) == []
    assert await conversation.handle(Tick()) == []


async def test_a_lost_turn_is_answered_with_a_card_asking_again_and_its_code(
    runtime: Runtime,
) -> None:
    conversation = Conversation(runtime.runner)
    out = await conversation.handle(TurnLost("turn-on-a-dead-hub"))
    assert [type(e) for e in out] == [ShowCard, Speak, ErrorOut, TraceOut]
    shown, _, error, _ = out
    assert isinstance(shown, ShowCard) and shown.result.reply.card.title == SAY_IT_AGAIN
    assert shown.result.trace.turn_id == "turn-on-a-dead-hub"  # the device knows which request
    assert isinstance(error, ErrorOut)
    assert (error.code, error.turn_id) == (TURN_LOST, "turn-on-a-dead-hub")
    assert not conversation.session.history  # nothing was asked of an agent


async def test_a_location_fix_is_kept_for_later_turns(runtime: Runtime) -> None:
    conversation = Conversation(runtime.runner)
    here = Location(43.7384, 7.4246)
    assert await conversation.handle(LocationFix(here, 1.0)) == []  # no guidance running
    assert conversation.location == here
    restored = Conversation.restore(runtime.runner, conversation.snapshot())
    assert restored.location == here  # the location is part of the kept state


async def test_unknown_events_are_refused(runtime: Runtime) -> None:
    with pytest.raises(TypeError):
        await Conversation(runtime.runner).handle("confirm")  # type: ignore[arg-type]


async def test_refusals_also_go_out_as_errors(device: Device, ledger: Ledger) -> None:
    conversation = Conversation(device.runner, device.session)
    out = await conversation.handle(TypedText("pay 3 to this", static_code()))
    asked = out[0]
    assert isinstance(asked, ShowCard) and asked.result.pending is not None
    await conversation.handle(Ack(asked.result.card_id, device.clock()))
    refused = await conversation.handle(TypedText("confirm"))
    errors = [e for e in refused if isinstance(e, ErrorOut)]
    assert [e.code for e in errors] == ["voice_required"]
    assert [type(e) for e in refused] == [ShowCard, Haptic, Speak, ErrorOut, TraceOut]
    assert [e.pattern for e in refused if isinstance(e, Haptic)] == ["refused"]
    assert transfers_for(ledger) == []


async def test_a_restored_conversation_pays_once_by_heard_confirm(
    device: Device, ledger: Ledger
) -> None:
    conversation = Conversation(device.runner, device.session)
    asked = await device.say("pay 4.20 to this", static_code())
    await device.gaze("confirm", 900)  # shown, signed, dwelt: on the old conversation
    moved = Conversation.restore(
        device.runner,
        type(conversation.snapshot()).model_validate_json(
            conversation.snapshot().model_dump_json()
        ),
    )
    assert moved.session.confirm.pending is not None
    assert moved.session.confirm.pending.card_id == asked.card_id
    paid = await moved.handle(Utterance("confirm"))
    shown = paid[0]
    assert isinstance(shown, ShowCard) and shown.result.reply.card.title == "Paid €4.20"
    assert paid[1] == Haptic("confirmed")
    assert len(transfers_for(ledger)) == 1


async def test_events_of_one_conversation_are_handled_in_order(runtime: Runtime) -> None:
    conversation = Conversation(runtime.runner)
    answers = await asyncio.gather(
        *(conversation.handle(TypedText(f"what is {n} plus {n}")) for n in range(1, 4))
    )
    assert all(isinstance(a[0], ShowCard) for a in answers)
    records = list(conversation.session.history)
    assert [r.turn_id for r in records] == [a[0].result.trace.turn_id for a in answers]  # type: ignore[union-attr]


async def test_a_real_conversation_snapshots_after_every_agent(runtime: Runtime) -> None:
    """After turns for several agents, the whole state is JSON and restores equal."""
    conversation = Conversation(runtime.runner)
    here = Location(43.7384, 7.4246)
    await conversation.handle(LocationFix(here, 0.0))
    for words in ("play some jazz", "pause the music", "where am i", "what is 2 plus 2"):
        await conversation.handle(TypedText(words))
        text = conversation.snapshot().model_dump_json()
        restored = Conversation.restore(
            runtime.runner, type(conversation.snapshot()).model_validate_json(text)
        )
        assert restored.session.agent_state == conversation.session.agent_state
        assert restored.snapshot().model_dump_json() == text
    assert "music" in conversation.session.agent_state

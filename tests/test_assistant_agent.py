"""The assistant: offline answers, the cloud model with the camera image, clear offline cards."""

from __future__ import annotations

from datetime import datetime

import pytest

from fake_llm import FakeChatServer, Scripted
from sightline.agents.assistant import AssistantAgent
from sightline.agents.assistant.local_answers import local_answer
from sightline.llm.openai_compat import OpenAICompatibleChat
from sightline.scene import Scene
from sightline.sdk import ToolContext, TurnInput

NOW = datetime(2026, 11, 24, 9, 5)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("what time is it", "It's 09:05."),
        ("What's the date today?", "It's Tuesday, 24 November 2026."),
        ("what is 12 times 7", "12 × 7 = 84"),
        ("what's 2 plus 3 times 4", "2 + 3 × 4 = 14"),
        ("calculate 10 divided by 4", "10 ÷ 4 = 2.5"),
        ("what is 5 divided by 0", "Dividing by zero has no answer."),
        ("what is the capital of france", None),
        ("how many times have I been to paris", None),
    ],
)
def test_local_answers(question: str, answer: str | None) -> None:
    assert local_answer(question, NOW) == answer


def _ctx(agent: AssistantAgent, turn: TurnInput) -> ToolContext:
    return ToolContext(agent.name, agent.permissions, turn)


async def test_offline_open_question_says_it_needs_the_cloud() -> None:
    agent = AssistantAgent(model=None, clock=lambda: NOW)
    reply = await agent.invoke(
        "answer", {"question": "who painted this"}, _ctx(agent, TurnInput(""))
    )
    assert reply.card.title == "Not available offline"


async def test_cloud_answer_with_image(fake_llm: FakeChatServer) -> None:
    model = OpenAICompatibleChat(fake_llm.base_url, "k", "qwen-vl", vision=True)
    agent = AssistantAgent(model=model, clock=lambda: NOW)
    fake_llm.script.append(Scripted(text="That is the Rainier Palace."))
    turn = TurnInput("what building is this", scene=Scene(image=b"\x89PNG", media_type="image/png"))
    reply = await agent.invoke("answer", {"question": turn.utterance}, _ctx(agent, turn))
    assert reply.speech == "That is the Rainier Palace."
    content = fake_llm.requests[0]["messages"][-1]["content"]
    assert content[1]["image_url"]["url"].startswith("data:image/png;base64,")


async def test_cloud_failure_is_a_card_not_a_crash(fake_llm: FakeChatServer) -> None:
    model = OpenAICompatibleChat(fake_llm.base_url, "k", "qwen", timeout_s=1)
    agent = AssistantAgent(model=model, clock=lambda: NOW)
    fake_llm.script.append(Scripted(status=503))
    reply = await agent.invoke(
        "answer", {"question": "why is the sky blue"}, _ctx(agent, TurnInput("why is the sky blue"))
    )
    assert reply.card.title == "No answer right now"
    assert "llm_unavailable" in reply.card.lines

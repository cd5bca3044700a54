"""The memory agent: what the wearer saw earlier, and the wearer's control over memory."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, ClassVar, cast

from sightline.agents import builtin_examples
from sightline.cards.model import Glyph
from sightline.memory.questions import Recall, read_question
from sightline.memory.service import MemoryService
from sightline.memory.spoken_time import spoken_duration
from sightline.proactive import ProactiveEngine
from sightline.sdk import Agent, AgentServices, Reply, ToolContext, tool
from sightline.sdk.agent import EdgeCall
from sightline.sdk.context import TurnInput
from sightline.sdk.moment import Found, Moment

MIN_SCORE = 0.3
"""A moment must be at least this similar (cosine) to a topic to count as found."""
SEARCHED = ("text", "code", "product", "boarding_pass", "payment_code", "focus", "place")

_FORGET = re.compile(r"\b(?:forget|delete|erase|wipe|clear)\b")
_FORGET_ALL = re.compile(r"\b(?:everything|all|memory|memories|whole)\b")
_STOP = re.compile(r"\b(?:stop|pause|quit|don't|do not|no more|turn off|switch off)\b.*\bremember")
_START = re.compile(
    r"\b(?:start|resume|turn on|switch on|begin|keep)\b.*\bremember|^remember (?:what|things)"
)
_MUTE = re.compile(
    r"\b(?:mute|silence|quiet|hush|stop showing|no more|don't show|do not show)\b.*"
    r"(?:\bcards?\b|\bfor\b|\bhour\b|\bpop.?ups?\b|\bsuggestions?\b|\breminders?\b)"
    r"|^(?:mute|be quiet)\b"
)
_UNMUTE = re.compile(r"\bunmute\b|\b(?:show|resume) (?:the )?(?:cards|suggestions) again\b")
_WHY = re.compile(r"^why\b.*\b(?:show|showing|shown|see|get|tell|remind|card|this|that)\b")
_STATUS = re.compile(r"\bare you (?:remembering|recording)\b|\bis memory on\b|\bmemory status\b")


class MemoryAgent(Agent):
    """Answers about what the wearer saw or was told earlier; turns memory on, off, forgets."""

    name = "memory"
    description = (
        "What the wearer saw or was told earlier (signs, products, boarding passes, places), "
        "turning memory on or off or forgetting it; muting the cards shown unasked and why "
        "one was shown."
    )
    examples = builtin_examples("memory")
    counter_examples: ClassVar[tuple[str, ...]] = (
        "what is the capital of france",
        "read this",
        "what does this sign say",
        "remind me to call mum at six",
        "what is my flight status",
        "set an alarm for seven",
        "how far is the pharmacy",
        "where is the nearest pharmacy",
        "what time is it",
        "play the last song again",
    )

    def __init__(self, memory: MemoryService | None = None) -> None:
        self.memory = memory

    @classmethod
    def create(cls, services: AgentServices) -> MemoryAgent:
        """Build on the shared memory service."""
        return cls(services.shared.get("memory"))

    def parse(self, turn: TurnInput) -> EdgeCall:
        """Commands by their words; anything else is a question about the past."""
        text = " ".join(turn.utterance.lower().split())
        if _WHY.search(text):
            return EdgeCall("why")
        if _UNMUTE.search(text):
            return EdgeCall("unmute")
        if _MUTE.search(text):
            duration = spoken_duration(text)
            return EdgeCall("mute", {"minutes": duration.total_seconds() / 60 if duration else 60})
        if _STATUS.search(text):
            return EdgeCall("status")
        if _STOP.search(text):
            return EdgeCall("stop")
        if _START.search(text):
            return EdgeCall("start")
        if _FORGET.search(text):
            duration = spoken_duration(text)
            if duration is not None:
                return EdgeCall("forget", {"minutes": max(duration.total_seconds() / 60, 1)})
            return EdgeCall("forget", {"everything": bool(_FORGET_ALL.search(text))})
        return EdgeCall("recall", {"question": turn.utterance})

    @tool(examples=("what did that sign say", "where did i see a pharmacy", "what was my gate"))
    async def recall(self, ctx: ToolContext, question: str) -> Reply:
        """Find what the wearer saw or was told earlier, citing when and where.

        Args:
            question: The wearer's question about the past.
        """
        memory = self._memory(ctx)
        now = memory.clock().astimezone()
        recall = read_question(question, now)
        found = self._search(memory, recall)
        if not found:
            on = memory.store.is_on()
            hint = "Memory is off: say 'start remembering'." if not on else "Nothing matches."
            return Reply.simple(
                "Nothing remembered",
                hint,
                speech="I don't remember anything like that.",
                glyph=Glyph.INFO,
            )
        first = found[0].moment
        lines = [_cite(first, now), *first.text.splitlines()]
        for other in found[1:3] if recall.topic is None and not recall.latest else ():
            lines.append(f"{_cite(other.moment, now)}: {other.moment.text.splitlines()[0]}")
        spoken = first.text.replace("\n", ". ")
        speech = f"{_cite(first, now)}, {_seen(first)}: {spoken}"
        data: dict[str, Any] = {"memory": [_public(f) for f in found]}
        return Reply(
            card=_card("Earlier: " + _label(first), lines, Glyph.CLOCK), speech=speech, data=data
        )

    @tool(examples=("forget the last ten minutes", "forget everything"))
    async def forget(
        self, ctx: ToolContext, minutes: float | None = None, everything: bool = False
    ) -> Reply:
        """Delete remembered moments for real: the last minutes, or everything.

        Args:
            minutes: Forget what was remembered in the last this many minutes.
            everything: Forget all moments.
        """
        memory = self._memory(ctx)
        if minutes is None and not everything:
            minutes = 10.0
        since = None if everything else memory.clock() - timedelta(minutes=minutes or 0)
        count = memory.store.forget(since)
        span = "everything" if everything else f"the last {_minutes(minutes or 0)}"
        return Reply.simple(
            "Forgotten",
            f"Deleted {span}: {count} moment{'s' if count != 1 else ''}.",
            speech=f"Done, I forgot {span}.",
            glyph=Glyph.CHECK,
        )

    @tool(examples=("stop remembering",))
    async def stop(self, ctx: ToolContext) -> Reply:
        """Turn memory off: nothing more is recorded (what is kept stays until forgotten)."""
        self._memory(ctx).store.set_on(False)
        return Reply.simple(
            "Memory off", "Nothing more is remembered.", speech="OK, I've stopped remembering."
        )

    @tool(examples=("start remembering",))
    async def start(self, ctx: ToolContext) -> Reply:
        """Turn memory on: what is seen and answered is remembered."""
        memory = self._memory(ctx)
        memory.store.set_on(True)
        days = round(memory.retention.total_seconds() / 86400)
        return Reply.simple(
            "Memory on",
            f"Kept for {days} days.",
            "Say 'forget the last ten minutes' any time.",
            speech="OK, I'll remember what you see.",
        )

    @tool(examples=("are you remembering",))
    async def status(self, ctx: ToolContext) -> Reply:
        """Say whether memory is on and how much is kept."""
        store = self._memory(ctx).store
        state = "on" if store.is_on() else "off"
        count = store.count()
        return Reply.simple(
            f"Memory {state}", f"{count} moments kept.", speech=f"Memory is {state}."
        )

    @tool(examples=("mute for an hour", "stop showing me cards"))
    async def mute(self, ctx: ToolContext, minutes: float = 60) -> Reply:
        """Show no proactive cards (ones not asked for) for a while.

        Args:
            minutes: How long, in minutes (an hour by default).
        """
        engine = self._engine(ctx)
        until = engine.mute(self._memory(ctx).clock(), timedelta(minutes=minutes))
        local = until.astimezone()
        return Reply.simple(
            "Cards muted",
            f"No suggestions until {local:%H:%M}.",
            speech=f"OK, no suggestions for {_minutes(minutes)}.",
            glyph=Glyph.CHECK,
        )

    @tool(examples=("unmute cards",))
    async def unmute(self, ctx: ToolContext) -> Reply:
        """Show proactive cards again."""
        self._engine(ctx).unmute()
        return Reply.simple("Cards on", "Suggestions are shown again.", speech="OK.")

    @tool(examples=("why did you show this", "why did you show me that"))
    async def why(self, ctx: ToolContext) -> Reply:
        """Say why the last card shown unasked was shown: its trigger and what set it off."""
        shown = self._engine(ctx).last_shown()
        if shown is None:
            return Reply.simple(
                "No suggestion shown",
                "I haven't shown anything unasked.",
                speech="I haven't shown you anything you didn't ask for.",
                glyph=Glyph.INFO,
            )
        card = shown.card
        return Reply(
            card=_card(
                f"Why: {card.card.title}", [card.reason, f"Rule: {card.trigger}"], Glyph.INFO
            ),
            speech=card.reason,
            data={"trigger": card.trigger, "reason": card.reason, "key": card.key},
        )

    def _engine(self, ctx: ToolContext) -> ProactiveEngine:
        engine = ctx.service("proactive")
        if engine is None:
            from sightline.errors import SightlineError

            raise SightlineError("proactive_unavailable", "proactive cards are not set up")
        return cast(ProactiveEngine, engine)

    def _memory(self, ctx: ToolContext) -> MemoryService:
        memory = ctx.service("memory") or self.memory
        if memory is None:
            from sightline.errors import SightlineError

            raise SightlineError("memory_unavailable", "memory is not set up on this hub")
        return cast(MemoryService, memory)

    def _search(self, memory: MemoryService, recall: Recall) -> list[Found]:
        kinds = recall.kinds or SEARCHED
        if recall.latest or recall.topic is None:
            return memory.search(None, kinds, recall.since, recall.until, limit=3)
        found = memory.search(recall.topic, kinds, recall.since, recall.until, limit=3)
        return [f for f in found if f.score >= MIN_SCORE]


def _card(title: str, lines: list[str], glyph: Glyph) -> Any:
    from sightline.cards.model import Card

    return Card(title=title, lines=tuple(line for line in lines if line), glyph=glyph)


def _label(moment: Moment) -> str:
    return {
        "text": "text seen",
        "boarding_pass": "boarding pass",
        "payment_code": "payment code",
        "product": "product",
        "answer": "answer",
        "place": "place",
    }.get(moment.kind, moment.kind)


def _seen(moment: Moment) -> str:
    return "I told you" if moment.kind == "answer" else "you saw"


def _cite(moment: Moment, now: datetime) -> str:
    local = moment.at.astimezone(now.tzinfo)
    when = f"at {local:%H:%M}" if local.date() == now.date() else f"on {local:%a %d %b, %H:%M}"
    if moment.place:
        return f"{when.capitalize()} at {moment.place}"
    if moment.lat is not None and moment.lon is not None:
        return f"{when.capitalize()} near {moment.lat:.4f}, {moment.lon:.4f}"
    return when.capitalize()


def _minutes(minutes: float) -> str:
    if minutes >= 60 and minutes % 60 == 0:
        hours = int(minutes // 60)
        return f"{hours} hour{'s' if hours != 1 else ''}"
    whole = round(minutes)
    return f"{whole} minute{'s' if whole != 1 else ''}"


def _public(found: Found) -> dict[str, Any]:
    m = found.moment
    return {
        "at": m.at.isoformat(),
        "kind": m.kind,
        "text": m.text,
        "place": m.place,
        "lat": m.lat,
        "lon": m.lon,
        "score": round(found.score, 3),
    }

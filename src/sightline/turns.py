"""One turn: route the request, call the agent's tool with a permission-checked context.

The runner is also the confirmation gate's front door: a spoken "confirm"/"cancel" while a
confirmation is pending goes to the gate instead of the router, device events arrive through
`device_input`, the hub's tick through `expire`, and a tool's `Reply.confirm` opens a pending
confirmation. Any other turn's new card cancels the pending one.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from sightline.config import Tier
from sightline.confirm import (
    AgentHooks,
    ConfirmationGate,
    DeviceEvent,
    Outcome,
    SpokenReply,
    spoken_word,
)
from sightline.confirm.cards import failed_reply
from sightline.errors import SightlineError
from sightline.follow_ups import answer_route
from sightline.privacy.egress import begin_egress_log
from sightline.router.route import Route
from sightline.router.router import Router
from sightline.scene import Location, Scene
from sightline.sdk.context import TurnInput
from sightline.sdk.registry import AgentRegistry
from sightline.sdk.reply import Reply
from sightline.session import Session
from sightline.trace import TraceMetrics, TurnTrace
from sightline.turn_result import TurnResult, device_route, error_reply, reply_error

__all__ = ["TurnResult", "TurnRunner"]
log = logging.getLogger(__name__)


class TurnRunner:
    """Runs turns against a registry of agents, with the confirmation gate in front.

    Args:
        registry: The loaded agents.
        router: Decides the agent, tool and arguments.
        services: Shared services handed to tools by name (permission-checked there).
        metrics: Where finished traces are recorded, if anywhere.
        gate: The confirmation gate (it owns the wallet); one without a wallet by default.
    """

    def __init__(
        self,
        registry: AgentRegistry,
        router: Router,
        services: dict[str, Any] | None = None,
        metrics: TraceMetrics | None = None,
        gate: ConfirmationGate | None = None,
    ) -> None:
        self.registry = registry
        self.router = router
        self.services = services or {}
        self.metrics = metrics
        self.gate = gate or ConfirmationGate()
        self._recording: set[asyncio.Task[None]] = set()

    async def run(
        self,
        session: Session,
        turn: TurnInput,
        tier: Tier | None = None,
        trace: TurnTrace | None = None,
    ) -> TurnResult:
        """Handle one request and return what to show and say.

        A turn that is just "confirm" goes to the confirmation gate, never to the router (it
        counts only when heard, `turn.source` "voice", with the gaze dwell on the pending card
        and the device's signature; typed, or with nothing pending, it is refused). So does
        "cancel" while a confirmation is pending. Any other turn cancels the pending
        confirmation (its card is replaced) and is routed as usual.

        Args:
            session: The wearer's session; its agent state and history are updated.
            turn: The request.
            tier: Overrides the router's tier for this turn.
            trace: The turn's trace, when the caller started it earlier (a spoken turn); the
                caller then records it in the metrics once its last stage is stamped.
        """
        owns_trace = trace is None
        trace = trace or TurnTrace()
        sent = begin_egress_log()  # images that leave the hub in this turn (sightline.privacy)
        hooks = self._hooks(session)
        state = session.confirm
        await self.gate.tick(state, hooks)
        word = spoken_word(turn.utterance)
        if word == "confirm" or (word == "cancel" and state.pending is not None):
            event = SpokenReply(word, turn.source, self.gate.clock())
            outcome = await self.gate.handle(state, event, hooks)
            if outcome is not None:
                return self._decided(session, outcome, trace)
        await self.gate.withdraw(state, "replaced", hooks)
        answer = answer_route(session.open_follow_up(self.gate.clock()), turn)
        route = answer or await self.router.route(turn, tier)
        for declined in route.declined:  # agents that said "not mine", in the order offered
            trace.mark(f"declined:{declined}")
        trace.mark("routed")
        reply, error = await self._invoke(session, route, turn)
        card_id = pending = None
        if reply.confirm is not None and error is None:
            reply, card_id, pending, error = await self._open(session, route.agent, reply)
        trace.mark("agent_done")
        session.follow_up = reply.follow_up
        result = TurnResult(
            route=route,
            reply=reply,
            trace=trace,
            error=error or reply_error(reply),
            card_id=card_id or self.gate.mint(state),
            pending=pending,
        )
        session.remember(result)
        if sent:
            trace.details["egress"] = sent
        self._remember(session, turn, result)
        if self.metrics is not None and owns_trace:
            self.metrics.observe(trace)  # a caller that passed its trace records it when done
        return result

    async def device_input(self, session: Session, event: DeviceEvent) -> TurnResult | None:
        """Apply a device input event (gaze, tap, card shown) to the pending confirmation.

        Args:
            session: The wearer's session.
            event: A `GazeInput`, `TapInput` or `CardShown`.

        Returns:
            A result with the card to show when the event decided something (paid, placed,
            cancelled, refused); None when it was only recorded (a gaze, an acknowledgement).
        """
        outcome = await self.gate.handle(session.confirm, event, self._hooks(session))
        return None if outcome is None else self._decided(session, outcome)

    async def expire(self, session: Session, now: datetime | None = None) -> TurnResult | None:
        """Cancel the pending confirmation if it timed out or the wearer looked away too long.

        The hub calls this about every half second.

        Args:
            session: The wearer's session.
            now: The current time; the gate's clock by default.

        Returns:
            A result with the cancellation card, or None when nothing lapsed.
        """
        outcome = await self.gate.tick(session.confirm, self._hooks(session), now)
        if outcome is None:
            return self._proactive(session, now or self.gate.clock())
        return self._decided(session, outcome)

    def _proactive(self, session: Session, now: datetime) -> TurnResult | None:
        """A proactive card now due, unless a confirmation is on the display."""
        engine = self.services.get("proactive")
        if engine is None or session.confirm.pending is not None:
            return None
        cards = engine.due(now, limit=1)
        if not cards:
            return None
        card = cards[0]
        trace = TurnTrace()
        trace.details["proactive"] = {"trigger": card.trigger, "reason": card.reason}
        trace.mark("agent_done")
        reply = Reply(card=card.card, speech=card.speech, data={"proactive": card.trigger})
        result = TurnResult(
            device_route("proactive", card.trigger),
            reply,
            trace,
            card_id=self.gate.mint(session.confirm),
        )
        session.remember(result)
        return result

    async def moved(self, session: Session, location: Location, at: float) -> TurnResult | None:
        """The device reported a location: agents that follow it (`Agent.on_location`, live
        guidance) may answer.

        Args:
            session: The wearer's session.
            location: The new fix.
            at: Its time in wall-clock seconds (`time.time()`).

        Returns:
            A result with the last answering agent's card and every answer's words, or None
            when no agent had anything to say.
        """
        answers: list[tuple[str, Reply]] = []
        turn = TurnInput(utterance="", location=location, source="unknown")
        for name in self.registry.names():
            agent = self.registry.get(name)
            if not agent.follows_location():
                continue
            ctx = agent.context(turn, session.state_for(name), self.services)
            try:
                reply = await agent.on_location(ctx, at)
            except Exception:
                log.exception("%s failed on a location update", name)
                continue
            if reply is not None:
                answers.append((name, reply))
        if not answers:
            return None
        agent_name, last = answers[-1]
        words = " ".join(reply.speech for _, reply in answers if reply.speech)
        trace = TurnTrace()
        trace.mark("agent_done")
        return TurnResult(
            route=device_route(agent_name, "location"),
            reply=last.model_copy(update={"speech": words}),
            trace=trace,
            card_id=self.gate.mint(session.confirm),
        )

    def seen(self, session: Session, scene: Scene, location: Location | None) -> None:
        """Remember what is in view (the hub's camera calls this once a frame's text is read);
        nothing while a confirmation is on the display or memory is off."""
        memory = self.services.get("memory")
        if memory is None or session.confirm.pending is not None:
            return
        self._in_background(memory.recorder.record_scene, scene, location)

    async def finish_recording(self) -> None:
        """Wait for moments still being recorded (before a short-lived process exits)."""
        while self._recording:
            await asyncio.gather(*self._recording, return_exceptions=True)

    def _remember(self, session: Session, turn: TurnInput, result: TurnResult) -> None:
        memory = self.services.get("memory")
        agent = result.route.agent
        if memory is None or agent == "memory" or session.confirm.pending is not None:
            return
        if turn.scene is not None:
            self._in_background(memory.recorder.record_scene, turn.scene, turn.location)
        if result.error is None:
            recorder = memory.recorder
            speech = result.reply.speech
            self._in_background(
                recorder.record_answer, agent, turn.utterance, speech, turn.location
            )

    def _in_background(self, record: Any, *args: Any) -> None:
        async def run() -> None:
            try:
                await asyncio.to_thread(record, *args)
            except Exception:
                log.exception("recording a moment failed")

        task = asyncio.create_task(run())
        self._recording.add(task)
        task.add_done_callback(self._recording.discard)

    def _hooks(self, session: Session) -> AgentHooks:
        return AgentHooks(self.registry, self.services, session.state_for)

    async def _invoke(
        self, session: Session, route: Route, turn: TurnInput
    ) -> tuple[Reply, dict[str, str] | None]:
        try:
            agent = self.registry.get(route.agent)
            words = turn if route.utterance is None else replace(turn, utterance=route.utterance)
            state = session.state_for(agent.name)
            ctx = agent.context(words, state, self.services, route.prepared_answer)
            return await agent.invoke(route.tool, route.arguments, ctx), None
        except SightlineError as exc:
            return error_reply(exc.code, exc.message), exc.as_dict()
        except Exception as exc:
            log.exception("agent %s.%s failed", route.agent, route.tool)
            error = {"code": "agent_failed", "message": f"{route.agent} failed: {exc}"}
            return error_reply("agent_failed", f"The {route.agent} service failed."), error

    async def _open(
        self, session: Session, agent_name: str, reply: Reply
    ) -> tuple[Reply, str | None, dict[str, Any] | None, dict[str, str] | None]:
        """Make the reply's confirmation pending; its card becomes the bound card."""
        request = reply.confirm
        assert request is not None
        agent = self.registry.get(agent_name)
        try:
            opened = await self.gate.open(
                session.confirm, agent.name, agent.permissions, request, reply.card
            )
        except SightlineError as exc:
            try:
                await self._hooks(session).cancelled(agent.name, request, "refused")
            except Exception:
                log.exception("%s could not drop its refused %s", agent.name, request.kind)
            failed = failed_reply(request, exc.code, exc.message)
            return failed, None, None, exc.as_dict()
        bound = reply.model_copy(update={"card": opened.card, "confirm": None})
        return bound, opened.pending.card_id, opened.pending.public(), None

    def _decided(
        self, session: Session, outcome: Outcome, trace: TurnTrace | None = None
    ) -> TurnResult:
        trace = trace or TurnTrace()
        trace.mark("agent_done")
        result = TurnResult(
            route=device_route(outcome.agent, outcome.status),
            reply=outcome.reply,
            trace=trace,
            error=outcome.error,
            card_id=self.gate.mint(session.confirm),
        )
        session.follow_up = None
        session.remember(result)
        return result

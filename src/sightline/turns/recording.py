"""Moments for memory: what was in view and what was answered, recorded in the background.

Nothing is recorded while a confirmation is on the display, nor when memory is off (no
"memory" service), nor the memory agent's own answers.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sightline.scene import Location, Scene
from sightline.sdk.context import TurnInput
from sightline.session import Session
from sightline.turn_result import TurnResult

log = logging.getLogger(__name__)
MEMORY_AGENT = "memory"


class MomentRecording:
    """Records moments off the turn's path, in worker threads.

    Args:
        services: The shared services (the "memory" one records).
    """

    def __init__(self, services: dict[str, Any]) -> None:
        self._services = services
        self._recording: set[asyncio.Task[None]] = set()

    def seen(self, session: Session, scene: Scene, location: Location | None) -> None:
        """What is in view, once a frame's text is read."""
        memory = self._services.get("memory")
        if memory is None or session.confirm.pending is not None:
            return
        self._in_background(memory.recorder.record_scene, scene, location)

    def after_turn(self, session: Session, turn: TurnInput, result: TurnResult) -> None:
        """The turn's scene and, when it succeeded, its answer."""
        memory = self._services.get("memory")
        agent = result.route.agent
        if memory is None or agent == MEMORY_AGENT or session.confirm.pending is not None:
            return
        if turn.scene is not None:
            self._in_background(memory.recorder.record_scene, turn.scene, turn.location)
        if result.error is None:
            speech = result.reply.speech
            self._in_background(
                memory.recorder.record_answer, agent, turn.utterance, speech, turn.location
            )

    async def finish(self) -> None:
        """Wait for moments still being recorded (before a short-lived process exits)."""
        while self._recording:
            await asyncio.gather(*self._recording, return_exceptions=True)

    def _in_background(self, record: Any, *args: Any) -> None:
        async def run() -> None:
            try:
                await asyncio.to_thread(record, *args)
            except Exception:
                log.exception("recording a moment failed")

        task = asyncio.create_task(run())
        self._recording.add(task)
        task.add_done_callback(self._recording.discard)

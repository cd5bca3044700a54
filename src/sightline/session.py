"""A session: one wearer's state across turns (agent state, open follow-up, recent turns)."""

from __future__ import annotations

import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sightline.confirm.state import ConfirmState
from sightline.sdk.reply import FollowUp

if TYPE_CHECKING:
    from sightline.turn_result import TurnResult


@dataclass
class Session:
    """State kept for one wearer between turns.

    Attributes:
        session_id: The session's identifier.
        agent_state: Each agent's private state, by agent name.
        follow_up: The open follow-up of the last reply, if any.
        history: The most recent turns, newest last.
        confirm: The confirmation gate's state: the pending confirmation (with a wallet
            payment's nonce, which never leaves the hub), the gaze on its card, closed cards.
    """

    session_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    agent_state: dict[str, dict[str, Any]] = field(default_factory=dict)
    follow_up: FollowUp | None = None
    history: deque[TurnResult] = field(default_factory=lambda: deque(maxlen=20))
    confirm: ConfirmState = field(default_factory=ConfirmState, repr=False)

    def state_for(self, agent: str) -> dict[str, Any]:
        """The agent's own state dict, created on first use; agents never see each other's."""
        return self.agent_state.setdefault(agent, {})

    def open_follow_up(self, now: datetime | None = None) -> FollowUp | None:
        """The follow-up still open at `now`, clearing it once expired."""
        current = now or datetime.now(UTC)
        if self.follow_up and self.follow_up.expires_at and self.follow_up.expires_at <= current:
            self.follow_up = None
        return self.follow_up

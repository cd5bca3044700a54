"""A session: one wearer's state across turns (agent state, open follow-up, recent turns).

Everything in it is data (`sightline.conversation.state` turns it into JSON and back), except
the gate's lock, which a restored session gets afresh.
"""

from __future__ import annotations

import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel, ConfigDict, Field

from sightline.confirm.state import ConfirmState
from sightline.scene import Location
from sightline.sdk.reply import FollowUp

if TYPE_CHECKING:
    from sightline.turn_result import TurnResult

HISTORY_KEPT: Final = 20
"""Recent turns a session remembers."""


class TurnRecord(BaseModel):
    """What the session remembers of one turn.

    Attributes:
        turn_id: The turn's trace id.
        agent: The agent that answered (or decided, for device input).
        tool: The tool called (or what device input decided: "paid", "location", …).
        tier: "edge", "cloud" or "device".
        card_id: The id its card was sent with.
        error: The stable error code, when it failed or was refused.
        at: When it finished.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    turn_id: str
    agent: str
    tool: str
    tier: str
    card_id: str
    error: str | None = None
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def of(cls, result: TurnResult) -> TurnRecord:
        """The record of a finished turn."""
        route = result.route
        error = result.error["code"] if result.error else None
        return cls(
            turn_id=result.trace.turn_id,
            agent=route.agent,
            tool=route.tool,
            tier=route.tier,
            card_id=result.card_id,
            error=error,
        )


@dataclass
class Session:
    """State kept for one wearer between turns.

    Attributes:
        session_id: The session's identifier.
        agent_state: Each agent's private state, by agent name (JSON values only).
        follow_up: The open follow-up of the last reply, if any.
        history: The most recent turns, newest last.
        confirm: The confirmation gate's state: the pending confirmation (with a wallet
            payment's nonce, which never leaves the hub), the gaze on its card, closed cards.
        location: Where the device last said the wearer is.
    """

    session_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    agent_state: dict[str, dict[str, Any]] = field(default_factory=dict)
    follow_up: FollowUp | None = None
    history: deque[TurnRecord] = field(default_factory=lambda: deque(maxlen=HISTORY_KEPT))
    confirm: ConfirmState = field(default_factory=ConfirmState, repr=False)
    location: Location | None = None

    def state_for(self, agent: str) -> dict[str, Any]:
        """The agent's own state dict, created on first use; agents never see each other's."""
        return self.agent_state.setdefault(agent, {})

    def remember(self, result: TurnResult) -> None:
        """Add a finished turn to the history."""
        self.history.append(TurnRecord.of(result))

    def open_follow_up(self, now: datetime | None = None) -> FollowUp | None:
        """The follow-up still open at `now`, clearing it once expired."""
        current = now or datetime.now(UTC)
        if self.follow_up and self.follow_up.expires_at and self.follow_up.expires_at <= current:
            self.follow_up = None
        return self.follow_up

"""The confirmation stage: a reply's `ConfirmRequest` becomes the pending confirmation."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sightline.confirm import ConfirmationGate, ConfirmHooks
from sightline.confirm.cards import failed_reply
from sightline.errors import SightlineError
from sightline.sdk.registry import AgentRegistry
from sightline.sdk.reply import Reply
from sightline.session import Session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Opening:
    """What opening a confirmation gave.

    Attributes:
        reply: The reply with its card bound to the confirmation (or the failure card).
        card_id: The confirmation card's id (None when it could not be opened).
        pending: The confirmation's public terms (never the nonce).
        error: The stable error, when the gate refused to open it.
    """

    reply: Reply
    card_id: str | None = None
    pending: dict[str, Any] | None = None
    error: dict[str, str] | None = None


async def open_confirmation(
    gate: ConfirmationGate,
    registry: AgentRegistry,
    hooks: ConfirmHooks,
    session: Session,
    agent_name: str,
    reply: Reply,
) -> Opening:
    """Make the reply's confirmation pending; its card becomes the bound card. When the gate
    refuses (no permission, no wallet, a limit), the agent is told to drop it."""
    request = reply.confirm
    assert request is not None
    agent = registry.get(agent_name)
    try:
        opened = await gate.open(
            session.confirm, agent.name, agent.permissions, request, reply.card
        )
    except SightlineError as exc:
        try:
            await hooks.cancelled(agent.name, request, "refused")
        except Exception:
            log.exception("%s could not drop its refused %s", agent.name, request.kind)
        return Opening(failed_reply(request, exc.code, exc.message), error=exc.as_dict())
    bound = reply.model_copy(update={"card": opened.card, "confirm": None})
    return Opening(bound, opened.pending.card_id, opened.pending.public())

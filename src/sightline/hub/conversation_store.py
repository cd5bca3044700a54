"""Where wearers' conversations are kept between hub processes, and who may run their turns.

A `ConversationStore` keeps each device's `KeptConversation` (its `ConversationState`, the last
card shown) and hands out **leases**: the hub that holds a device's lease is the only one that
runs that wearer's turns. Every lease carries a **fencing token**, a number that grows with each
lease handed out for the device; a write is accepted only while the writer's token is still the
latest one, so a hub that lost its lease (paused, cut off, taken over) can never overwrite what a
newer holder wrote. `MemoryConversationStore` (the embedded default) keeps nothing beyond the
process: one hub, today's behaviour. `RedisConversationStore` (`hub.redis_store`) shares them
between hub processes; `hub.stores.open_store` picks one from `SIGHTLINE_SESSION_STORE`.

The kept JSON holds a pending payment's one-time nonce: it goes to the hubs' own store only,
never to a device or a log.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from sightline.config import IN_PROCESS_STORE
from sightline.conversation import ConversationState
from sightline.errors import SightlineError
from sightline.protocol.messages import CardMessage

SESSION_BUSY = "session_busy"
"""The stable error code of a wearer whose turns another hub runs now."""


class SessionBusy(SightlineError):
    """Another hub holds the device's lease."""

    def __init__(self, device_id: str) -> None:
        super().__init__(SESSION_BUSY, f"another hub is serving device {device_id} now")


class LeaseLost(SightlineError):
    """The lease's fencing token is no longer the latest: another hub took the device over."""

    def __init__(self, device_id: str) -> None:
        super().__init__("lease_lost", f"another hub took over device {device_id}")


@dataclass(frozen=True)
class Lease:
    """The right to run one device's turns and write its state.

    Attributes:
        device_id: The device.
        fence: The fencing token: the device's lease counter when this lease was handed out.
    """

    device_id: str
    fence: int


class KeptConversation(BaseModel):
    """What is kept of a device session: the conversation, the card on display, and the turns
    begun and not yet answered.

    Attributes:
        conversation: The wearer's state between events.
        card: The card on display (sent again when the session resumes).
        running_turns: Ids of turns the holder began and has not answered yet. A hub that
            restores a conversation with running turns knows the hub that began them stopped:
            it tells the device each one is lost (`turn_lost`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    conversation: ConversationState
    card: CardMessage | None = None
    running_turns: tuple[str, ...] = ()


class ConversationStore(ABC):
    """Kept conversations and the leases that guard them.

    Attributes:
        kind: The back-end's name (`/healthz`).
        keeps: Whether conversations outlive the process (False: nothing is saved).
    """

    kind: str = "abstract"
    keeps: bool = True

    @abstractmethod
    async def acquire(self, device_id: str) -> Lease:
        """A new lease on the device, with the next fencing token.

        Raises:
            SessionBusy: Another holder's lease is live.
        """

    @abstractmethod
    async def hold(self, lease: Lease) -> bool:
        """Keep (or take back) the lease: True while its token is still the latest one (its
        time and the kept conversation's are extended), False once another took it over."""

    @abstractmethod
    async def release(self, lease: Lease) -> None:
        """Give the lease up (the kept conversation stays, for its time to live)."""

    @abstractmethod
    async def load(self, device_id: str) -> KeptConversation | None:
        """The device's kept conversation, if there is one."""

    @abstractmethod
    async def save(self, lease: Lease, kept: KeptConversation) -> None:
        """Keep the device's conversation, if the lease's token is still the latest.

        Raises:
            LeaseLost: It is not.
        """

    @abstractmethod
    async def drop(self, lease: Lease) -> None:
        """Forget the device's kept conversation (its session is over), if the lease's token
        is still the latest."""

    async def health(self) -> dict[str, Any]:
        """What `/healthz` reports of the store."""
        return {"session_store": self.kind}

    async def close(self) -> None:
        """Free the store's connections (the hub stops)."""
        return None


class MemoryConversationStore(ConversationStore):
    """Keeps nothing beyond the process: each lease is granted, nothing is saved or loaded.

    One hub process is the only one serving its devices; its sessions live in memory for the
    grace period (`SessionStore`).
    """

    kind = IN_PROCESS_STORE
    keeps = False

    async def acquire(self, device_id: str) -> Lease:
        return Lease(device_id, 0)

    async def hold(self, lease: Lease) -> bool:
        return True

    async def release(self, lease: Lease) -> None:
        return None

    async def load(self, device_id: str) -> KeptConversation | None:
        return None

    async def save(self, lease: Lease, kept: KeptConversation) -> None:
        return None

    async def drop(self, lease: Lease) -> None:
        return None

"""Keeping one device session's conversation in the store, under the session's lease."""

from __future__ import annotations

import asyncio
import logging

from sightline.conversation import Conversation
from sightline.hub.conversation_store import (
    ConversationStore,
    KeptConversation,
    Lease,
    LeaseLost,
)
from sightline.protocol.messages import CardMessage

log = logging.getLogger(__name__)


class Keeper:
    """Saves a conversation when it changed and keeps its lease.

    Args:
        store: Where the conversation is kept.
        lease: The lease this hub holds on the device.
        kept: What the store held when the session opened (not written again unchanged).

    Attributes:
        lost: Another hub took the device over: nothing more is written.
    """

    def __init__(
        self, store: ConversationStore, lease: Lease, kept: KeptConversation | None = None
    ) -> None:
        self.store = store
        self.lease = lease
        self.lost = False
        self._last = kept
        self._one_write = asyncio.Lock()

    async def save(
        self,
        conversation: Conversation,
        card: CardMessage | None,
        running_turns: tuple[str, ...] = (),
    ) -> None:
        """Write the conversation (the card on display, the turns begun and not answered) if
        it changed since the last write.

        Raises:
            LeaseLost: Another hub holds the device now (`lost` is set).
        """
        if self.lost:
            return
        async with self._one_write:
            kept = KeptConversation(
                conversation=await conversation.settled(), card=card, running_turns=running_turns
            )
            if kept == self._last:
                return
            try:
                await self.store.save(self.lease, kept)
            except LeaseLost:
                self.lost = True
                raise
            except Exception:  # the store is down: the session goes on in this process
                log.exception("device %s: keeping the conversation failed", self.lease.device_id)
                return
            self._last = kept

    async def hold(self) -> bool:
        """Renew the lease; False (and `lost`) once another hub took the device over. A store
        that does not answer keeps the session going here."""
        if self.lost:
            return False
        try:
            held = await self.store.hold(self.lease)
        except Exception:
            log.warning("device %s: renewing the lease failed", self.lease.device_id)
            return True
        self.lost = not held
        return held

    async def release(self) -> None:
        """Give the lease up (the connection closed, or the hub stops)."""
        try:
            await self.store.release(self.lease)
        except Exception:
            log.warning("device %s: releasing the lease failed", self.lease.device_id)

    async def drop(self) -> None:
        """The session is over: forget its kept conversation (if the lease is still current)."""
        try:
            await self.store.drop(self.lease)
        except Exception:
            log.warning("device %s: dropping the conversation failed", self.lease.device_id)

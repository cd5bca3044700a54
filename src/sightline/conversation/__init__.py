"""The conversation: one per wearer, its state as plain data (`ConversationState`)."""

from sightline.conversation.state import ConversationState, restore_session, snapshot_session

__all__ = ["ConversationState", "restore_session", "snapshot_session"]

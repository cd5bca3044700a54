"""The conversation: one per wearer. Input events in, output events out, its state as data.

See `sightline.conversation.events` for the events, `conversation.Conversation` for the
stages they go through and `state` for the JSON form of a wearer's state.
"""

from sightline.conversation.conversation import Conversation
from sightline.conversation.state import ConversationState, restore_session, snapshot_session

__all__ = ["Conversation", "ConversationState", "restore_session", "snapshot_session"]

"""The agent SDK: what a third-party agent package imports.

Example:
    from sightline.sdk import Agent, Permission, Reply, ToolContext, tool
"""

from sightline.sdk.agent import Agent, AgentServices, EdgeCall
from sightline.sdk.confirm import WEARER_SOURCES, ConfirmKind, ConfirmRequest, InputSource
from sightline.sdk.context import SpokenAlternative, ToolContext, TurnInput
from sightline.sdk.permissions import Permission, PermissionDenied
from sightline.sdk.reply import FollowUp, Reply
from sightline.sdk.tools import ToolSpec, tool

__all__ = [
    "WEARER_SOURCES",
    "Agent",
    "AgentServices",
    "ConfirmKind",
    "ConfirmRequest",
    "EdgeCall",
    "FollowUp",
    "InputSource",
    "Permission",
    "PermissionDenied",
    "Reply",
    "SpokenAlternative",
    "ToolContext",
    "ToolSpec",
    "TurnInput",
    "tool",
]

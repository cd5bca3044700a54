"""What an agent may touch: declared by the agent, enforced by its tool context."""

from __future__ import annotations

from enum import StrEnum

from sightline.errors import SightlineError


class Permission(StrEnum):
    """A capability an agent must declare before its tools are given it."""

    CAMERA = "camera"
    LOCATION = "location"
    PAYMENT = "payment"
    NETWORK = "network"


class PermissionDenied(SightlineError):
    """A tool reached for something its agent did not declare."""

    def __init__(self, agent: str, permission: Permission) -> None:
        super().__init__(
            "permission_denied",
            f"agent '{agent}' did not declare the '{permission.value}' permission",
        )
        self.agent = agent
        self.permission = permission

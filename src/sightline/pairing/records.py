"""What the device registry hands out: a pairing code with its expiry, a paired device."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class PairingCode:
    """A one-time pairing code, as shown to the owner once (only its digest is stored).

    Attributes:
        code: The code ("ABCDEFGH"); `format_code` shows it as "ABCD-EFGH".
        expires_at: When it stops working, seconds since the Unix epoch.
    """

    code: str
    expires_at: float


@dataclass(frozen=True)
class DeviceRecord:
    """A paired device (one token; a device paired again after a revocation has two records).

    Attributes:
        device_id: The `hello.device_id` the token is bound to.
        name: A name for people ("kitchen glasses").
        created_at: When it paired, seconds since the Unix epoch.
        last_seen: When it last connected or was last checked while connected.
        revoked_at: When its token was revoked; None while it is valid.
        token_hash: The SHA-256 digest of its token.
        public_key: The confirmation key it registered when it paired (base64 DER SPKI),
            None for a device that registered none (it can confirm nothing).
    """

    device_id: str
    name: str
    created_at: float
    last_seen: float | None
    revoked_at: float | None
    token_hash: str
    public_key: str | None = None

    @property
    def active(self) -> bool:
        """True while the token is not revoked."""
        return self.revoked_at is None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DeviceRecord:
        """Build from a `devices` row."""
        return cls(
            device_id=row["device_id"],
            name=row["name"],
            created_at=row["created_at"],
            last_seen=row["last_seen"],
            revoked_at=row["revoked_at"],
            token_hash=row["token_hash"],
            public_key=row["public_key"],
        )

    def to_json(self) -> dict[str, Any]:
        """Plain data for `--json` and the HTTP API (the token digest is left out)."""
        return {
            "device_id": self.device_id,
            "name": self.name,
            "created_at": iso(self.created_at),
            "last_seen": iso(self.last_seen),
            "revoked_at": iso(self.revoked_at),
            "active": self.active,
            "confirm_key": self.public_key is not None,
        }


def iso(when: float | None) -> str | None:
    """Epoch seconds as an ISO 8601 UTC timestamp (None stays None)."""
    if when is None:
        return None
    return datetime.fromtimestamp(when, UTC).isoformat(timespec="seconds")

"""The device registry: one-time pairing codes, device tokens bound to one device, revocation.

An SQLite file shared by the hub and the command line (WAL mode: the CLI can pair or revoke
while the hub reads). Codes and tokens are stored only as SHA-256 digests.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from sightline.confirm.signing import DevicePublicKey, load_public_key
from sightline.errors import SightlineError
from sightline.pairing.codes import digest, new_code, new_token, normalize_code
from sightline.pairing.db import SqliteFile
from sightline.pairing.records import DeviceRecord, PairingCode

CODE_TTL_S = 600.0
NAME_MAX = 64
_FORGET_CODES_S = 86_400.0


class DeviceRegistry(SqliteFile):
    """Paired devices and pending pairing codes in an SQLite file.

    Every call opens its own short connection, so one registry may be used from several
    threads, and several processes (the hub, the CLI) may use the same file.

    Args:
        path: The database file (created with its folder when missing).
        clock: Seconds since the Unix epoch; injectable for tests.
    """

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        super().__init__(path)
        self._clock = clock

    def new_pairing_code(self, ttl_s: float = CODE_TTL_S, name: str | None = None) -> PairingCode:
        """Make a one-time code that pairs one device within `ttl_s` seconds.

        Args:
            ttl_s: How long the code works.
            name: The name the device gets (else the one it asks for).
        """
        now, code = self._clock(), new_code()
        with self._writing() as db:
            db.execute("DELETE FROM pairing_codes WHERE expires_at < ?", (now - _FORGET_CODES_S,))
            db.execute(
                "INSERT INTO pairing_codes (code_hash, name, created_at, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (digest(code), _clip(name), now, now + ttl_s),
            )
        return PairingCode(code, now + ttl_s)

    def pair(
        self, code: str, device_id: str, name: str | None = None, public_key: str | None = None
    ) -> str:
        """Use a code to pair `device_id`; returns its token (shown this once, never stored).

        Args:
            code: The one-time pairing code.
            device_id: The device's id.
            name: The name it asks for.
            public_key: The device's confirmation key (base64 DER SubjectPublicKeyInfo, ECDSA
                P-256 or Ed25519); without one the device can confirm nothing.

        Raises:
            SightlineError: `pairing_code_invalid`, `pairing_code_used`, `pairing_code_expired`,
                `device_id_invalid`, `public_key_invalid`, or `device_id_taken` (the id has a
                valid token: revoke it first). A refused attempt leaves the code usable.
        """
        if not 1 <= len(device_id) <= 128:
            raise SightlineError("device_id_invalid", "a device id has 1 to 128 characters")
        key = None if public_key is None else load_public_key(public_key).spki_b64
        now = self._clock()
        with self._writing() as db:
            row = db.execute(
                "SELECT name, expires_at, used_at FROM pairing_codes WHERE code_hash = ?",
                (digest(normalize_code(code)),),
            ).fetchone()
            if row is None:
                raise SightlineError("pairing_code_invalid", "no such pairing code")
            if row["used_at"] is not None:
                raise SightlineError("pairing_code_used", "this pairing code was already used")
            if row["expires_at"] <= now:
                raise SightlineError("pairing_code_expired", "this pairing code has expired")
            if self._active(db, device_id):
                raise SightlineError(
                    "device_id_taken", f"device {device_id!r} is already paired; revoke it first"
                )
            token = new_token()
            code_hash = digest(normalize_code(code))
            db.execute("UPDATE pairing_codes SET used_at = ? WHERE code_hash = ?", (now, code_hash))
            db.execute(
                "INSERT INTO devices (token_hash, device_id, name, created_at, public_key)"
                " VALUES (?, ?, ?, ?, ?)",
                (digest(token), device_id, row["name"] or _clip(name) or device_id, now, key),
            )
        return token

    def lookup(self, token: str) -> DeviceRecord:
        """The device a valid token belongs to.

        Raises:
            SightlineError: `token_invalid` (unknown token) or `token_revoked`.
        """
        with self._connect() as db:
            row = db.execute(
                "SELECT * FROM devices WHERE token_hash = ?", (digest(token),)
            ).fetchone()
        if row is None:
            raise SightlineError("token_invalid", "unknown device token; pair this device again")
        record = DeviceRecord.from_row(row)
        if not record.active:
            raise SightlineError("token_revoked", "this device's token was revoked")
        return record

    def check(self, token: str, device_id: str) -> DeviceRecord:
        """The device the token belongs to, if it is valid for `device_id`.

        Raises:
            SightlineError: `token_invalid`, `token_revoked`, or `device_mismatch` (the token
                belongs to another device id).
        """
        record = self.lookup(token)
        if record.device_id != device_id:
            raise SightlineError("device_mismatch", "the token belongs to another device id")
        return record

    def confirm_key(self, token: str | None, device_id: str) -> DevicePublicKey | None:
        """The confirmation key of the device a valid token belongs to (None without one)."""
        if not token:
            return None
        try:
            record = self.check(token, device_id)
        except SightlineError:
            return None
        return None if record.public_key is None else load_public_key(record.public_key)

    def is_active(self, token_hash: str, device_id: str) -> bool:
        """Whether the token with this digest is still valid for `device_id` (cheap, read-only)."""
        with self._connect() as db:
            row = db.execute(
                "SELECT 1 FROM devices WHERE token_hash = ? AND device_id = ?"
                " AND revoked_at IS NULL",
                (token_hash, device_id),
            ).fetchone()
        return row is not None

    def touch(self, token_hash: str) -> None:
        """Record that the device was seen now."""
        with self._writing() as db:
            db.execute(
                "UPDATE devices SET last_seen = ? WHERE token_hash = ?", (self._clock(), token_hash)
            )

    def devices(self, include_revoked: bool = True) -> list[DeviceRecord]:
        """Paired devices, oldest first."""
        query = "SELECT * FROM devices"
        if not include_revoked:
            query += " WHERE revoked_at IS NULL"
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY created_at, device_id").fetchall()
        return [DeviceRecord.from_row(r) for r in rows]

    def revoke(self, device: str) -> list[DeviceRecord]:
        """Revoke the valid token of a device, named by its id or an unambiguous id prefix.

        Returns:
            The revoked records (as they were before).

        Raises:
            SightlineError: `device_unknown` or `device_ambiguous`.
        """
        with self._writing() as db:
            rows = db.execute("SELECT * FROM devices WHERE revoked_at IS NULL").fetchall()
            records = [DeviceRecord.from_row(r) for r in rows]
            chosen = [r for r in records if r.device_id == device] or [
                r for r in records if device and r.device_id.startswith(device)
            ]
            ids = sorted({r.device_id for r in chosen})
            if not ids:
                raise SightlineError("device_unknown", f"no paired device {device!r}")
            if len(ids) > 1:
                raise SightlineError(
                    "device_ambiguous", f"{device!r} matches {', '.join(ids)}; give more of it"
                )
            db.execute(
                "UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL",
                (self._clock(), ids[0]),
            )
        return chosen

    @staticmethod
    def _active(db: sqlite3.Connection, device_id: str) -> bool:
        row = db.execute(
            "SELECT 1 FROM devices WHERE device_id = ? AND revoked_at IS NULL", (device_id,)
        ).fetchone()
        return row is not None


def _clip(name: str | None) -> str | None:
    cleaned = " ".join((name or "").split())[:NAME_MAX]
    return cleaned or None

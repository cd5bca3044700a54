"""The registry's SQLite file: its tables, short connections, and write transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_S = 10.0

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS pairing_codes (
        code_hash TEXT PRIMARY KEY,
        name TEXT,
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL,
        used_at REAL
    )""",
    """CREATE TABLE IF NOT EXISTS devices (
        token_hash TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at REAL NOT NULL,
        last_seen REAL,
        revoked_at REAL,
        public_key TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS devices_by_id ON devices (device_id)",
)
"""The registry's tables; codes and tokens are stored only as SHA-256 digests; `public_key` is
the device's confirmation key (base64 DER SubjectPublicKeyInfo), registered when it paired."""


class SqliteFile:
    """One SQLite file in WAL mode, opened per call (safe across threads and processes).

    Args:
        path: The database file (created with its folder and tables when missing).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            for statement in SCHEMA:
                db.execute(statement)
            columns = {row["name"] for row in db.execute("PRAGMA table_info(devices)")}
            if "public_key" not in columns:  # a registry made before confirmation keys
                db.execute("ALTER TABLE devices ADD COLUMN public_key TEXT")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken at once so two writers queue instead of deadlocking."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

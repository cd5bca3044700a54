"""Moments in SQL: an SQLite file (embedded default) or PostgreSQL with pgvector.

SQLite runs with `secure_delete` on and is vacuumed after a forget, so deleted text, thumbnails
and embeddings are overwritten in the file, not just unlinked from its pages. Embeddings are
float32 blobs there, ranked in NumPy; PostgreSQL keeps them in a pgvector column and ranks in
the database (cosine distance), or as blobs ranked in NumPy where the server lacks the
`vector` extension.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import (
    Column,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    select,
    text,
)
from sqlalchemy.engine import Engine, Row

from sightline.memory.store import MemoryStore
from sightline.sdk.moment import Found, Moment, MomentQuery

DIMENSION = 384
CANDIDATES = 2000
"""SQLite: at most this many of the newest matching moments are ranked by similarity."""


def _tables(native_vectors: bool) -> tuple[MetaData, Table, Table]:
    metadata = MetaData()
    if native_vectors:
        from pgvector.sqlalchemy import Vector

        vector: Any = Vector(DIMENSION)
    else:
        vector = LargeBinary
    moments = Table(
        "memory_moments",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", Float, nullable=False, index=True),
        Column("kind", String(32), nullable=False, index=True),
        Column("text", Text, nullable=False),
        Column("place", Text),
        Column("lat", Float),
        Column("lon", Float),
        Column("data", Text, nullable=False, default="{}"),
        Column("thumbnail", LargeBinary),
        Column("embedding", vector),
    )
    flags = Table(
        "memory_flags",
        metadata,
        Column("name", String(32), primary_key=True),
        Column("value", String(64), nullable=False),
    )
    return metadata, moments, flags


class SqlMemoryStore(MemoryStore):
    """The memory store on SQLAlchemy.

    Args:
        url: An SQLAlchemy URL: `sqlite:///path` or `postgresql+psycopg://…` (`postgresql://`
            is read as psycopg 3).
    """

    def __init__(self, url: str) -> None:
        if url.startswith(("postgres://", "postgresql://")):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        self.postgres = url.startswith("postgresql")
        self.url = url
        self._lock = threading.Lock()
        self.engine: Engine = create_engine(url, pool_pre_ping=self.postgres)
        if not self.postgres:
            if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.native_vectors = self.postgres and _pgvector_available(self.engine)
        metadata, self.moments, self.flags = _tables(self.native_vectors)
        with self.engine.begin() as conn:
            metadata.create_all(conn)

    def add(self, moment: Moment) -> int:
        """Store a moment; return its id."""
        embedding = moment.embedding
        values = {
            "at": moment.at.timestamp(),
            "kind": moment.kind,
            "text": moment.text,
            "place": moment.place,
            "lat": moment.lat,
            "lon": moment.lon,
            "data": json.dumps(moment.data, ensure_ascii=False),
            "thumbnail": moment.thumbnail,
            "embedding": None if embedding is None else self._vector(embedding),
        }
        with self._lock, self.engine.begin() as conn:
            result = conn.execute(self.moments.insert().values(**values))
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def search(self, query: MomentQuery) -> list[Found]:
        """The moments matching the filters, most similar (or newest) first."""
        table = self.moments
        stmt = select(table)
        if query.kinds:
            stmt = stmt.where(table.c.kind.in_(query.kinds))
        if query.since is not None:
            stmt = stmt.where(table.c.at >= query.since.timestamp())
        if query.until is not None:
            stmt = stmt.where(table.c.at < query.until.timestamp())
        if query.embedding is not None and self.native_vectors:
            distance = table.c.embedding.cosine_distance(query.embedding.astype(np.float32))
            stmt = stmt.add_columns(distance.label("distance")).where(
                table.c.embedding.is_not(None)
            )
            with self.engine.connect() as conn:
                rows = conn.execute(stmt.order_by(distance).limit(query.limit)).all()
            return [Found(_moment(r), 1.0 - float(r.distance)) for r in rows]
        stmt = stmt.order_by(table.c.at.desc(), table.c.id.desc())
        with self.engine.connect() as conn:
            rows = conn.execute(
                stmt.limit(CANDIDATES if query.embedding is not None else query.limit)
            ).all()
        if query.embedding is None:
            return [Found(_moment(r), 1.0) for r in rows]
        scored = []
        for row in rows:
            if row.embedding is None:
                continue
            vector = np.frombuffer(row.embedding, dtype=np.float32)
            scored.append(Found(_moment(row), float(vector @ query.embedding)))
        scored.sort(key=lambda f: (-f.score, -f.moment.at.timestamp()))
        return scored[: query.limit]

    def seen_since(self, kind: str, text_: str, since: datetime) -> bool:
        """True when the same kind and text was stored at or after `since`."""
        table = self.moments
        stmt = (
            select(func.count())
            .select_from(table)
            .where(table.c.kind == kind, table.c.text == text_, table.c.at >= since.timestamp())
        )
        with self.engine.connect() as conn:
            return bool(conn.execute(stmt).scalar_one())

    def forget(self, since: datetime | None = None) -> int:
        """Delete moments at or after `since` (all when None), then vacuum."""
        stmt = delete(self.moments)
        if since is not None:
            stmt = stmt.where(self.moments.c.at >= since.timestamp())
        return self._delete(stmt)

    def prune(self, before: datetime) -> int:
        """Delete moments older than `before`."""
        return self._delete(delete(self.moments).where(self.moments.c.at < before.timestamp()))

    def count(self) -> int:
        """How many moments are stored."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(self.moments)).scalar_one())

    def is_on(self) -> bool:
        """True when memory is on."""
        with self.engine.connect() as conn:
            value = conn.execute(
                select(self.flags.c.value).where(self.flags.c.name == "recording")
            ).scalar_one_or_none()
        return value == "on"

    def set_on(self, on: bool) -> None:
        """Turn memory on or off."""
        with self._lock, self.engine.begin() as conn:
            conn.execute(delete(self.flags).where(self.flags.c.name == "recording"))
            conn.execute(self.flags.insert().values(name="recording", value="on" if on else "off"))

    def close(self) -> None:
        """Close the connection pool."""
        self.engine.dispose()

    def _vector(self, embedding: Any) -> Any:
        array = np.asarray(embedding, dtype=np.float32)
        return array if self.native_vectors else array.tobytes()

    def _delete(self, stmt: Any) -> int:
        with self._lock:
            with self.engine.begin() as conn:
                count = int(conn.execute(stmt).rowcount or 0)
            if count:
                with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("VACUUM"))
        return count


def _pgvector_available(engine: Engine) -> bool:
    """Create the `vector` extension where the server has it (else embeddings are blobs)."""
    with engine.begin() as conn:
        available = conn.execute(
            text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        ).first()
        if available is None:
            return False
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS vector"))
    return True


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _moment(row: Row[Any]) -> Moment:
    embedding = row.embedding
    if isinstance(embedding, bytes | bytearray | memoryview):
        vector = np.frombuffer(bytes(embedding), dtype=np.float32)
    elif embedding is not None:
        vector = np.asarray(embedding, dtype=np.float32)
    else:
        vector = None
    return Moment(
        at=datetime.fromtimestamp(row.at, UTC),
        kind=row.kind,
        text=row.text,
        place=row.place,
        lat=row.lat,
        lon=row.lon,
        data=json.loads(row.data or "{}"),
        thumbnail=row.thumbnail,
        embedding=vector,
        moment_id=row.id,
    )


def memory_url(url: str | None, cache_dir: Path) -> str:
    """The database URL: `url`, else an SQLite file `memory.sqlite3` in the cache folder."""
    return url or f"sqlite:///{cache_dir / 'memory.sqlite3'}"


def open_memory_store(url: str | None, cache_dir: Path) -> MemoryStore:
    """Open the configured store: SQLite by default, PostgreSQL + pgvector for a postgres URL.

    Args:
        url: `SIGHTLINE_MEMORY_URL`, or None for the default file.
        cache_dir: The cache folder (for the default file).
    """
    return SqlMemoryStore(memory_url(url, cache_dir))

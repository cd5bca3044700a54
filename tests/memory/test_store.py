"""The memory store: filters, ranking, on/off, retention, and forgetting for real."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import create_engine, text

from sightline.memory import Moment, MomentQuery, open_memory_store
from sightline.memory.sql_store import SqlMemoryStore
from sightline.memory.store import MemoryStore

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PG_ADMIN = os.environ.get(
    "SIGHTLINE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _vector(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _moment(minutes: float, text_: str, kind: str = "text", seed: int = 0) -> Moment:
    return Moment(
        at=T0 + timedelta(minutes=minutes),
        kind=kind,
        text=text_,
        lat=43.73,
        lon=7.42,
        data={"n": seed},
        thumbnail=b"\xff\xd8THUMB-" + text_.encode() + b"\xff\xd9",
        embedding=_vector(seed),
    )


def _exercise(store: MemoryStore) -> None:
    assert not store.is_on() and store.count() == 0
    store.set_on(True)
    assert store.is_on()
    for i, (text_, kind) in enumerate(
        [("PHARMACY open", "text"), ("Product 4006381333931", "product"), ("GATE B12", "text")]
    ):
        store.add(_moment(i * 10, text_, kind, seed=i))
    newest = store.search(MomentQuery(kinds=("text",), limit=5))
    assert [f.moment.text for f in newest] == ["GATE B12", "PHARMACY open"]
    alike = store.search(MomentQuery(embedding=_vector(1), limit=1))
    assert alike[0].moment.kind == "product" and alike[0].score == pytest.approx(1.0, abs=1e-5)
    assert alike[0].moment.lat == pytest.approx(43.73) and alike[0].moment.data == {"n": 1}
    window = store.search(
        MomentQuery(since=T0 + timedelta(minutes=5), until=T0 + timedelta(minutes=15))
    )
    assert [f.moment.text for f in window] == ["Product 4006381333931"]
    assert store.seen_since("text", "GATE B12", T0 + timedelta(minutes=19))
    assert not store.seen_since("text", "GATE B12", T0 + timedelta(minutes=21))
    assert store.forget(T0 + timedelta(minutes=10)) == 2
    assert [f.moment.text for f in store.search(MomentQuery())] == ["PHARMACY open"]
    assert store.prune(T0 + timedelta(minutes=1)) == 1 and store.count() == 0
    store.set_on(False)
    assert not store.is_on()


def test_sqlite_store(tmp_path: Path) -> None:
    store = open_memory_store(None, tmp_path)
    assert (tmp_path / "memory.sqlite3").exists()
    try:
        _exercise(store)
    finally:
        store.close()


def test_forget_leaves_no_trace_in_the_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    store = SqlMemoryStore(f"sqlite:///{path}")
    secret = _moment(0, "ZEBRA CROSSING PHARMACY 4711", seed=7)
    kept = _moment(-60, "an older moment, kept", seed=8)
    store.add(kept)
    store.add(secret)
    assert secret.embedding is not None and secret.thumbnail is not None
    before = path.read_bytes()
    assert b"ZEBRA CROSSING" in before and secret.embedding.tobytes() in before
    assert store.forget(T0 - timedelta(minutes=1)) == 1
    after = path.read_bytes()
    assert b"ZEBRA" not in after
    assert secret.embedding.tobytes()[:64] not in after
    assert secret.thumbnail not in after
    assert b"an older moment, kept" in after  # only what was asked was forgotten
    assert store.forget() == 1 and b"older moment" not in path.read_bytes()
    journal = path.with_name(path.name + "-journal")
    assert not journal.exists() or b"ZEBRA" not in journal.read_bytes()
    store.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh database of our own on the shared PostgreSQL (skips without a server)."""
    if os.environ.get("SIGHTLINE_SKIP_POSTGRES") == "1":
        pytest.skip("SIGHTLINE_SKIP_POSTGRES=1")
    name = f"sightline_memory_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.fail(f"PostgreSQL is unreachable at {PG_ADMIN}: {exc}", pytrace=False)
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_postgres_store(postgres_url: str) -> None:
    store = open_memory_store(postgres_url, Path("unused"))
    try:
        assert isinstance(store, SqlMemoryStore) and store.postgres
        _exercise(store)
    finally:
        store.close()

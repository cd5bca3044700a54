"""Alembic environment: migrations run on the connection handed in by `sightline.ledger.db`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from sightline.ledger.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    """Run the migrations on the given connection (or on `sqlalchemy.url` from the command line)."""
    connection = config.attributes.get("connection")
    if connection is None:
        url = config.get_main_option("sqlalchemy.url")
        if not url:
            raise RuntimeError("set sqlalchemy.url (alembic -x) or pass a connection")
        with create_engine(url).begin() as own:
            context.configure(connection=own, target_metadata=target_metadata)
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


run()

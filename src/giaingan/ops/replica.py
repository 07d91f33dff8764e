"""Reports read from a PostgreSQL read replica when one is configured
(`DATABASE_REPLICA_URL`): the database alias `replica` and the router below.

Only the read-heavy report paths ask for it, by running inside `reading_replica()` (the
periodic report and the treasury tables, the `report` command, the open-data downloads, the
public page, the API's figures). Everything else reads `default`: a page that has just
saved something must see it, and a replica may lag a few seconds behind. Every write goes
to `default`, and so does every read inside a transaction (`transaction.atomic`), whatever
asked for the replica: what a transaction reads is what it decides its writes on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

replica_wanted: ContextVar[bool] = ContextVar("replica_wanted", default=False)


@contextmanager
def reading_replica() -> Iterator[None]:
    """Reads inside go to the replica (when there is one): as `with reading_replica():` or
    as a decorator, `@reading_replica()`. Per thread and per task, never process-wide."""
    token = replica_wanted.set(True)
    try:
        yield
    finally:
        replica_wanted.reset(token)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def read_alias() -> str:
    """The database a read would use now."""
    if not (replica_wanted.get() and replica_configured()):
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA


class ReplicaRouter:
    """Installed only when a replica is configured (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model, **hints) -> str:
        # Named explicitly, not None: else Django would read a replica-loaded object's
        # relations from the replica even outside `reading_replica()`.
        return read_alias()

    def db_for_write(self, model, **hints) -> str:
        # Explicit too: an object read from the replica and then saved is saved on default.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first, second, **hints) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        # The replica follows the primary's schema by replication.
        return db == DEFAULT_DB_ALIAS

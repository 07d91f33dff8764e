"""The figures cache: what a province's pages ask again and again, computed once per state of
the ledger.

A cached value is keyed by what it is (its name and arguments: year, as-of date, base,
scope...) and by the ledger's generation, one row (`LedgerGeneration`) whose counter every
write that can change a figure adds one to *inside its own transaction*:

- the ledger: wherever `LedgerMonth` is written (`capital.months`), which every plan entry
  and treasury line written by a book, an import, a form, the API or the demo goes through,
  and its rebuild;
- the catalogue the figures group and name by (projects, their communes, units, funding
  sources), the disbursement targets, and the contracts, acceptances, payment dossiers and
  their payments (the payables and the forecast): on every save and delete of those models
  (`catalogue_changed`, connected in `FiguresConfig.ready`), and by `projects_save`, which
  creates projects in bulk;
- the import pipeline's commit (`imports.base`), whatever the file;
- a restored backup: `ledger_generation_reset` draws a new token.

So a figure cached under generation G was computed from a ledger at least as new as G
(the generation is read before the figures), and once a write commits nobody asks for G
again. A transaction that has bumped the generation reads and stores nothing here: its
own uncommitted rows must never be cached (it may still roll back).

The store is Django's cache `caches["figures"]`, each worker's memory: the generation is
read from the database on each use (one query of one row), so a write committed by one
gunicorn worker is seen by every worker at its next read, whatever each holds. It keeps an
immutable value as it is and pickles anything else (`figures.store`), so a caller can never
change the cached value. A value that took at least `FIGURES_SHARED_MIN_MS` of CPU to
compute (a province's tables) is also written to `caches["figures_shared"]`, files the
workers share, and a worker that misses in its memory looks there before computing: after
a write, one worker's cold computation serves the others. Keys hold the generation, so a
shared file is never stale either. `FIGURES_CACHE_SECONDS` bounds how long an entry lives
(0 turns the cache off).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import pickle
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.db import connections, router, transaction
from django.db.models import F, Model, Q

from giaingan.figures.models import LedgerGeneration

T = TypeVar("T")
STORE = "figures"
SHARED_STORE = "figures_shared"
MISSING = object()


class UnstableKey(Exception):
    """A value that has no key stable across processes (a queryset, an expression...)."""


def _stable(value: Any) -> Any:
    """`value` as plain data whose repr is the same in every process."""
    if value is None or isinstance(value, (bool, Decimal, dt.date)):
        return value
    if isinstance(value, str):  # an enum's member too: its value
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Q):
        return ("Q", value.connector, value.negated, tuple(_stable(c) for c in value.children))
    if isinstance(value, (list, tuple)):
        return tuple(_stable(item) for item in value)
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted((_stable(item) for item in value), key=repr)))
    if isinstance(value, Model) and value.pk is not None:
        return ("model", value._meta.label, value.pk)
    raise UnstableKey(type(value).__name__)


def scope_key(scope: Q | None) -> str | None:
    """A key for a scope (a Q over Project), the same in every process; "" for no scope,
    None when it has none (it holds a subquery, say): such a call is not cached."""
    if not scope:
        return ""
    try:
        return repr(_stable(scope))
    except UnstableKey:
        return None


def _connection_alias() -> str:
    return router.db_for_write(LedgerGeneration)


def _bumped_here(alias: str) -> bool:
    """Whether the transaction under way has bumped the generation: its marker is still
    among the connection's on-commit callbacks (a rollback, of the transaction or of the
    savepoint that bumped, drops it with them)."""
    connection = connections[alias]
    marker = getattr(connection, "figures_generation_marker", None)
    if marker is None or not connection.in_atomic_block:
        return False
    return any(entry[1] is marker for entry in connection.run_on_commit)


def ledger_generation() -> str | None:
    """The generation the figures are read at ("database:token.counter"); None before any
    write. It is read from the database the figures are read from (a report may read the
    replica, which lags): a value is cached under the state of the data it was computed
    from, and the database is in the key too."""
    alias = router.db_for_read(LedgerGeneration)
    row = LedgerGeneration.objects.using(alias).filter(pk=1).values_list("token", "counter").first()
    return None if row is None else f"{alias}:{database_identity(alias)}:{row[0]}.{row[1]}"


def database_identity(alias: str) -> str:
    """Which database an alias names (engine, host, port, name): a copied database file
    keeps its generation's token, and the files the workers share must never answer one
    copy with the other's figures."""
    settings_dict = connections[alias].settings_dict
    parts = [str(settings_dict.get(key) or "") for key in ("ENGINE", "HOST", "PORT", "NAME")]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def ledger_generation_bump() -> None:
    """Add one to the generation, in the caller's transaction: call it wherever a write
    that can change a figure happens. Once per transaction is enough (later calls in the
    same one do nothing); outside a transaction it is its own write. Inside
    `ledger_generation_deferred` the transaction is marked as having bumped at once, and
    the row is written at that block's end."""
    alias = _connection_alias()
    if _bumped_here(alias):
        return
    connection = connections[alias]
    if not (connection.in_atomic_block and getattr(connection, DEFERRED, 0)):
        _generation_write(alias)
    if connection.in_atomic_block:

        def marker() -> None:
            """Nothing to do on commit: its presence says this transaction bumped."""

        connection.figures_generation_marker = marker
        transaction.on_commit(marker, using=alias)


def _generation_write(alias: str) -> None:
    rows = LedgerGeneration.objects.using(alias).filter(pk=1)
    if not rows.update(counter=F("counter") + 1):
        LedgerGeneration.objects.using(alias).get_or_create(
            pk=1, defaults={"token": uuid.uuid4().hex}
        )
        rows.update(counter=F("counter") + 1)


DEFERRED = "figures_generation_deferred"  # on the connection: how deep in deferred blocks


@contextmanager
def ledger_generation_deferred() -> Iterator[None]:
    """For a long writer (an import), inside its transaction: the generation's bump is
    written once, as the block's last statement, if the block bumped and ends without an
    exception (an exception writes nothing: the caller rolls back).

    On PostgreSQL the bump's UPDATE keeps the generation's row locked until commit: made
    where the import first writes the ledger, it would make every other ledger writer (a
    plan form, a treasury line) wait for the rest of the import. Made last, the lock lasts
    only for the commit. The figures stay right: the new counter and the rows the import
    wrote become visible together, at its commit, wherever in the transaction the UPDATE
    came; the UPDATE adds one to the counter as committed when it runs, so a writer that
    committed during the import has its own number and the import a newer one; and the
    transaction counts as having bumped from its first write on (`_bumped_here`), so it
    caches nothing of its uncommitted rows meanwhile."""
    alias = _connection_alias()
    connection = connections[alias]
    depth = getattr(connection, DEFERRED, 0)
    setattr(connection, DEFERRED, depth + 1)
    try:
        yield
    finally:
        setattr(connection, DEFERRED, depth)
    if not depth and connection.in_atomic_block and _bumped_here(alias):
        _generation_write(alias)


def ledger_generation_reset(*, using: str | None = None) -> None:
    """A new token, so no figure cached before (a restored backup) is ever read again. A
    database without the table (a backup older than it) has no generation yet: nothing is
    cached until its first write makes one."""
    alias = using or _connection_alias()
    if LedgerGeneration._meta.db_table not in connections[alias].introspection.table_names():
        return
    with transaction.atomic(using=alias):
        updated = (
            LedgerGeneration.objects.using(alias)
            .filter(pk=1)
            .update(token=uuid.uuid4().hex, counter=F("counter") + 1)
        )
        if not updated:
            LedgerGeneration.objects.using(alias).create(pk=1, token=uuid.uuid4().hex)


def catalogue_changed(**kwargs: Any) -> None:
    """Signal receiver: a project, unit, funding source or target was saved or deleted, or
    a project's communes changed."""
    if kwargs.get("raw"):  # loading fixtures: the loader bumps once at its end
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    ledger_generation_bump()


def cache_seconds() -> int:
    return int(getattr(settings, "FIGURES_CACHE_SECONDS", 0))


@functools.cache
def code_version() -> str:
    """A fingerprint of the code (each module's path, size and time): files outlive the
    workers, and a value pickled by the code before a deployment is never read by the
    code after it."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}|".encode())
    return digest.hexdigest()[:16]


def shared_store() -> tuple[Any, float]:
    """The store the workers share (`caches["figures_shared"]`, files), and how many ms a
    figure must have taken to compute to be put there; (None, 0) when there is none."""
    least = str(getattr(settings, "FIGURES_SHARED_MIN_MS", "off"))
    if not least.isdigit():
        return None, 0
    try:
        return caches[SHARED_STORE], float(least)
    except (KeyError, InvalidCacheBackendError):
        return None, 0


class FiguresMemo:
    """The cache as one set of figures sees it: `remember(name, compute, *args)` gives the
    value cached for this set, that name and those arguments at the current generation,
    computing and storing it if there is none. The generation is read once per memo (one
    memo per page's `Figures`)."""

    def __init__(self, *, kind: str, parts: tuple, scope: Q | None = None):
        self.prefix: str | None = None
        self.enabled = cache_seconds() > 0
        if not self.enabled:
            return
        scope_part = scope_key(scope)
        if scope_part is None:
            self.enabled = False
            return
        self.prefix = f"{kind}|{_stable(parts)!r}|{scope_part}"
        self.generation: str | None | object = MISSING

    def remember(self, name: str, compute: Callable[[], T], *args: Any) -> T:
        if not self.enabled or _bumped_here(_connection_alias()):
            return compute()
        if self.generation is MISSING:
            self.generation = ledger_generation()
        if self.generation is None:
            return compute()
        try:
            detail = repr(_stable(args))
        except UnstableKey:
            return compute()
        text = f"{self.generation}|{self.prefix}|{name}|{detail}"
        key = "figures:" + hashlib.sha256(text.encode()).hexdigest()
        store = caches[STORE]
        found = store.get(key, MISSING)
        if found is not MISSING:
            return found
        shared, least = shared_store()
        shared_key = f"{key}:{code_version()}"
        if shared is not None:
            try:
                found = shared.get(shared_key, MISSING)
            except (pickle.UnpicklingError, zlib.error, EOFError, AttributeError, ImportError):
                found = MISSING  # a damaged file: computed again, and written anew
            if found is not MISSING:  # another worker computed it: this copy is the caller's
                store.set(key, found, cache_seconds())
                return found
        started = time.process_time()  # CPU: a busy machine does not make it slow
        value = compute()
        store.set(key, value, cache_seconds())
        if shared is not None and (time.process_time() - started) * 1000 >= least:
            shared.set(shared_key, value, cache_seconds())
        return value


def figures_remembered(
    name: str, compute: Callable[[], T], *, parts: tuple, scope: Q | None = None
) -> T:
    """One cached value outside a `Figures` (another module's figure), keyed by `name`,
    `parts` (plain values) and `scope`."""
    try:
        memo = FiguresMemo(kind=name, parts=parts, scope=scope)
    except UnstableKey:
        return compute()
    return memo.remember(name, compute)

"""Produce the items of an iterator in a thread, a few ahead of the caller.

For the importers: the next chunk of a file is read and checked on its own while the
database writes this one. Python's sqlite3 (and psycopg) let go of the interpreter while
the database works, so on two cores the reading costs no wall time of its own.

The thread must not use the database: it would get a connection of its own, outside the
caller's transaction (it would not see what the import wrote, and what it wrote would not
be undone with it). Any query from it is refused, and the refusal reaches the caller.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from queue import Empty, Full, Queue
from typing import Any, TypeVar

from django.db import connections

T = TypeVar("T")
WAIT_SECONDS = 0.05  # how often a blocked side looks whether the other has stopped
# While a thread reads ahead, the interpreter hands over between threads every 0.2 ms, not
# every 5: the caller, back from the database, would otherwise wait up to 5 ms for the
# reading thread to let go at every statement (and every row fetched).
SWITCH_SECONDS = 0.0002
_switching = threading.Lock()
_readers = 0  # read_ahead calls running; the first sets the interval, the last restores it
_saved_interval = 0.005


class DatabaseInThread(RuntimeError):
    """A query from the thread that reads ahead (a programming error, never a user's)."""


def _refuse(execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
    raise DatabaseInThread(f"read_ahead: the producing thread may not query ({sql[:80]})")


def read_ahead(items: Iterator[T], *, depth: int = 2) -> Iterator[T]:
    """`items` in their order, produced by a thread that stays at most `depth` items ahead.

    An exception from `items` is raised to the caller where the item would have come; if the
    caller stops early (an exception, `close`), the thread stops before its next item."""
    queue: Queue[tuple[bool, Any]] = Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry: tuple[bool, Any]) -> bool:
        while not stop.is_set():
            try:
                queue.put(entry, timeout=WAIT_SECONDS)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            with ExitStack() as refusals:
                for alias in connections:
                    refusals.enter_context(connections[alias].execute_wrapper(_refuse))
                for item in items:
                    if not put((True, item)):
                        return
            put((False, None))
        except BaseException as error:  # noqa: BLE001 - handed to the caller, raised there
            put((False, error))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()
            connections.close_all()  # this thread's own, if a refused query opened one

    thread = threading.Thread(target=produce, name="read-ahead", daemon=True)
    _switch_faster()
    thread.start()
    try:
        while True:
            more, value = queue.get()
            if not more:
                if value is not None:
                    raise value
                return
            yield value
    finally:
        stop.set()
        while thread.is_alive():  # let a producer blocked on a full queue see `stop`
            try:
                queue.get(timeout=WAIT_SECONDS)
            except Empty:
                pass
        thread.join()
        _switch_back()


def _switch_faster() -> None:
    global _readers, _saved_interval
    with _switching:
        if not _readers:
            _saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_SECONDS, _saved_interval))
        _readers += 1


def _switch_back() -> None:
    global _readers
    with _switching:
        _readers -= 1
        if not _readers:
            sys.setswitchinterval(_saved_interval)

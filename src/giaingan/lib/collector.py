"""Python's cyclic garbage collector held off while a ledger-sized job runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a ledger-sized job runs: a statement's import
    or a nation's table makes millions of rows, tuples and lists and no cycle to free; each
    full pass walks every live object (the outstanding advances, a table's 10^5 rows), and
    the passes cost an import a third of its time. Refcounting still frees everything; a
    cycle left behind waits for the next pass after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

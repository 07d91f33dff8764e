"""The figures cache's store in each worker: Django's local-memory cache, except that a value
made only of immutable parts is kept as it is and given back as it is, not pickled and
unpickled on every read.

Local memory pickles what it stores so that a caller always gets its own copy and cannot
change the cached one. Unpickling is most of what a warm page costs when the value is a
province's 8,000 rows; a value that nobody can change needs no copy. So a value is kept
unpickled only when every part of it is immutable (`frozen`): numbers, text, dates,
Decimals, enum members, tuples and frozensets of those, and frozen dataclasses whose fields
are. Anything else (a list, a dict, a mutable dataclass) is pickled as before: the
guarantee "a caller cannot change what is cached" holds for every value either way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import pickle
from decimal import Decimal
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

ATOMS = frozenset(
    {
        type(None),
        bool,
        int,
        float,
        complex,
        str,
        bytes,
        Decimal,
        dt.date,
        dt.datetime,
        dt.time,
        dt.timedelta,
        range,
    }
)


ATOM_BASES = tuple(ATOMS)


def frozen(value: Any) -> bool:
    """Whether nothing reachable from `value` can be changed in place."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind in ATOMS:
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, enum.Enum):
            continue  # a member is a constant of its class
        if hasattr(item, "__dict__") and not dataclasses.is_dataclass(kind):
            return False  # attributes can be set on it
        if isinstance(item, ATOM_BASES):
            continue  # a subclass that adds no state (a template's SafeString)
        if isinstance(item, (tuple, frozenset)):  # a named tuple too
            stack.extend(item)
        elif dataclasses.is_dataclass(kind):
            if not kind.__dataclass_params__.frozen or not _only_fields(item):
                return False
            stack.extend(getattr(item, field.name) for field in dataclasses.fields(item))
        else:
            return False
    return True


def _only_fields(item: Any) -> bool:
    """A frozen dataclass holds nothing but its fields (no attribute set around them)."""
    names = {field.name for field in dataclasses.fields(item)}
    extra = getattr(item, "__dict__", {})
    return all(name in names for name in extra)


@dataclasses.dataclass(frozen=True, slots=True)
class Kept:
    """A frozen value stored as it is."""

    value: Any


class FrozenMemoryCache(LocMemCache):
    """`LocMemCache` that keeps frozen values unpickled (see the module's docstring)."""

    def _pack(self, value: Any) -> Any:
        if frozen(value):
            return Kept(value)
        return pickle.dumps(value, self.pickle_protocol)

    @staticmethod
    def _unpack(stored: Any) -> Any:
        if type(stored) is Kept:
            return stored.value
        return pickle.loads(stored)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        packed = self._pack(value)
        with self._lock:
            if self._has_expired(key):
                self._set(key, packed, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            stored = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return self._unpack(stored)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        packed = self._pack(value)
        with self._lock:
            self._set(key, packed, timeout)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            value = self._unpack(self._cache[key]) + delta
            self._cache[key] = self._pack(value)
            self._cache.move_to_end(key, last=False)
        return value

"""The WSGI entry point loads every view before the first request and leaves what the
loaded app holds out of the cyclic collector's passes."""

from __future__ import annotations

import gc
import sys

import pytest

from giaingan import wsgi


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_the_app_is_loaded_and_frozen(unfrozen):
    assert gc.get_freeze_count() == 0
    wsgi.settle()
    assert "giaingan.web.views" in sys.modules
    assert gc.get_freeze_count() > 10_000
    frozen = gc.get_freeze_count()
    made = [[index] for index in range(1000)]  # objects made afterwards stay collectable
    # Frozen objects may still be freed (the count can fall), but none made now joins them.
    assert gc.get_freeze_count() <= frozen
    assert gc.is_tracked(made[0])

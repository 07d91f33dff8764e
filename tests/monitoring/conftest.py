"""A small cycle on the shared cast: three projects with 2024 plans and some payments."""

from __future__ import annotations

import pytest

from tests.monitoring.helpers import cycle_projects


@pytest.fixture
def projects(district):
    return cycle_projects(district)

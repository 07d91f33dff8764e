"""The reports' ledger (tests.reporting.helpers) and a media folder of each test's own."""

from __future__ import annotations

import pytest

from tests.conftest import finance_office
from tests.reporting.helpers import report_ledger


@pytest.fixture
def ledger(district):
    finance_office(district["committee"])  # its head signs the reports
    return report_ledger(district)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Archived papers go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"

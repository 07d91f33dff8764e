"""A small 2024 ledger, dated before 30/09/2024, and a way to publish it."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.public.services import snapshot_publish
from tests.conftest import make_project, pay, plan

D = dt.date
AS_OF = D(2024, 9, 30)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Publishing freezes the open-data files in the media folder: a temporary one."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ledger(district):
    """Plan 3.400 tr.đ, disbursed 1.450 tr.đ (42,64%) as of 30/09/2024.

    Investors: UBND xã Tân Đoàn 87,50% (rank 1), Ban QLDA 36,66% (rank 2).
    """
    road = make_project("DA1", district["board"], district["tandoan"])
    school = make_project("DA2", district["board"], district["vanan"])
    hall = make_project("DA3", district["tandoan"], district["tandoan"])
    plan(road, 1_000_000_000, source_code="NSDP-HUYEN")
    plan(school, 2_000_000_000, source_code="NSTW")
    plan(hall, 400_000_000, source_code="NSDP-XA")
    pay(road, 600_000_000, on=D(2024, 9, 2), source_code="NSDP-HUYEN")
    pay(school, 500_000_000, on=D(2024, 9, 3), source_code="NSTW")
    pay(hall, 350_000_000, on=D(2024, 9, 4), source_code="NSDP-XA")
    return {"road": road, "school": school, "hall": hall}


@pytest.fixture
def publish(people):
    """publish(as_of=..., by="tckh") -> a snapshot, through the service."""

    def run(as_of: dt.date = AS_OF, by: str = "tckh", base: str = "assigned", note: str = ""):
        return snapshot_publish(year=2024, as_of=as_of, base=base, user=people[by], note=note)

    return run

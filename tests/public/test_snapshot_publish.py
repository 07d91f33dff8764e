"""snapshot_publish / snapshot_withdraw: frozen figures, one truth, refusals that write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from giaingan.audit.models import Event
from giaingan.figures.selectors import Base, disbursement_table
from giaingan.lib.problems import InvalidInput
from giaingan.public.models import PublishedSnapshot
from giaingan.public.services import snapshot_publish, snapshot_withdraw
from tests.conftest import pay

D = dt.date
AS_OF = D(2024, 9, 30)


@pytest.mark.parametrize("base", list(Base))
def test_its_figures_equal_the_figures_selector_at_publish_time(ledger, publish, base):
    snapshot = publish(base=base.value)
    expected = {
        field: disbursement_table(year=2024, as_of=AS_OF, by=by, base=base).as_dict()
        for field, by in (
            ("by_investor", "investor"),
            ("by_commune", "commune"),
            ("by_source", "source"),
        )
    }
    snapshot.refresh_from_db()
    assert snapshot.figures == expected
    assert snapshot.total == expected["by_investor"]["total"]
    assert snapshot.total["rate_percent"] == 42.65
    assert snapshot.base == base.value


def test_its_figures_stay_as_published_when_the_ledger_changes(ledger, publish):
    snapshot = publish()
    before = disbursement_table(year=2024, as_of=AS_OF, by="investor").as_dict()
    pay(ledger["school"], 1_000_000_000, on=D(2024, 9, 15), source_code="NSTW")
    snapshot.refresh_from_db()
    assert snapshot.by_investor == before
    assert disbursement_table(year=2024, as_of=AS_OF, by="investor").as_dict() != before


def test_it_records_who_when_and_the_event(ledger, publish, people):
    snapshot = publish(note="  Báo cáo quý III  ")
    assert snapshot.published_by == people["tckh"]
    assert snapshot.plan_year == 2024 and snapshot.as_of == AS_OF
    assert snapshot.title == "Số liệu giải ngân kế hoạch vốn năm 2024 đến ngày 30/09/2024"
    assert snapshot.note == "Báo cáo quý III"
    assert snapshot.withdrawn is False
    event = Event.objects.get(action="public.snapshot.published")
    assert event.actor == people["tckh"]
    assert event.object_id == str(snapshot.pk)
    assert event.data["plan"] == 3_400_000_000
    assert event.data["disbursed"] == 1_450_000_000
    assert snapshot.history.count() == 1


def test_it_refuses_a_future_date_and_writes_nothing(ledger, people):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(InvalidInput) as refused:
        snapshot_publish(year=tomorrow.year, as_of=tomorrow, base="assigned", user=people["tckh"])
    assert "tương lai" in str(refused.value)
    assert "Ngày số liệu" in str(refused.value)
    assert not PublishedSnapshot.objects.exists()
    assert not Event.objects.filter(action__startswith="public.").exists()


def test_it_refuses_a_date_after_the_plan_year_deadline(ledger, people):
    with pytest.raises(InvalidInput) as refused:
        snapshot_publish(year=2024, as_of=D(2025, 2, 1), base="assigned", user=people["tckh"])
    assert "31/01/2025" in str(refused.value)
    assert not PublishedSnapshot.objects.exists()


def test_it_accepts_the_deadline_itself(ledger, publish):
    assert publish(as_of=D(2025, 1, 31)).as_of == D(2025, 1, 31)


def test_it_refuses_a_year_with_nothing_to_publish(ledger, people):
    with pytest.raises(InvalidInput) as refused:
        snapshot_publish(year=2020, as_of=D(2020, 9, 30), base="assigned", user=people["tckh"])
    assert "không có gì để công bố" in str(refused.value)
    assert not PublishedSnapshot.objects.exists()


def test_it_refuses_when_the_figures_changed_since_the_preview(ledger, people):
    from giaingan.public.services import figures_digest, snapshot_figures

    seen = figures_digest(snapshot_figures(year=2024, as_of=AS_OF, base="assigned"))
    pay(ledger["hall"], 10_000_000, on=D(2024, 9, 20), source_code="NSDP-XA")
    with pytest.raises(InvalidInput) as refused:
        snapshot_publish(
            year=2024, as_of=AS_OF, base="assigned", user=people["tckh"], expected_digest=seen
        )
    assert "đã thay đổi" in str(refused.value)
    assert not PublishedSnapshot.objects.exists()


def test_withdrawing_hides_keeps_and_logs(ledger, publish, people):
    snapshot = publish()
    snapshot_withdraw(snapshot=snapshot, user=people["admin"], reason=" Sai nguồn vốn ")
    snapshot.refresh_from_db()
    assert snapshot.withdrawn is True
    assert snapshot.withdrawn_by == people["admin"]
    assert snapshot.withdrawn_at is not None
    assert snapshot.withdrawn_reason == "Sai nguồn vốn"
    assert snapshot.by_investor["total"]["plan"] == 3_400_000_000  # kept, not deleted
    assert not PublishedSnapshot.objects.visible().exists()
    event = Event.objects.get(action="public.snapshot.withdrawn")
    assert event.data["reason"] == "Sai nguồn vốn"
    assert snapshot.history.count() == 2


def test_withdrawing_needs_a_reason(ledger, publish, people):
    snapshot = publish()
    with pytest.raises(InvalidInput) as refused:
        snapshot_withdraw(snapshot=snapshot, user=people["tckh"], reason="   ")
    assert "lý do" in str(refused.value)
    snapshot.refresh_from_db()
    assert snapshot.withdrawn is False


def test_withdrawing_twice_is_refused(ledger, publish, people):
    snapshot = publish()
    snapshot_withdraw(snapshot=snapshot, user=people["tckh"], reason="Sai")
    with pytest.raises(InvalidInput):
        snapshot_withdraw(snapshot=snapshot, user=people["tckh"], reason="Lại sai")
    snapshot.refresh_from_db()
    assert snapshot.withdrawn_reason == "Sai"
    assert Event.objects.filter(action="public.snapshot.withdrawn").count() == 1

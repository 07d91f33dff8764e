"""Migration 0004 gives the answers sent before returns existed their first sending: the one
they were sent at, so the request's board still says on time or late as it did."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("monitoring", "0003_report_requests")]
AFTER = [("monitoring", "0004_answer_review_and_attachments")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_answer(transactional_db):
    apps = migrate(BEFORE)
    Unit = apps.get_model("org", "Unit")
    ReportRequest = apps.get_model("monitoring", "ReportRequest")
    RequestAnswer = apps.get_model("monitoring", "RequestAnswer")
    unit = Unit.objects.create(code="XA-TD", name="UBND xã Tân Đoàn", kind="xa")
    asked = ReportRequest.objects.create(
        subject="Bồi thường", requested_on=dt.date(2024, 9, 25), due_date=dt.date(2024, 10, 5)
    )
    asked.recipients.add(unit)
    sent = timezone.make_aware(dt.datetime(2024, 10, 7, 9))
    answer = RequestAnswer.objects.create(
        request=asked, unit=unit, text="Báo cáo.", plan=10, disbursed=4, submitted_at=sent
    )
    yield answer.pk, sent
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())  # as the other tests expect it


def test_an_answer_sent_before_keeps_its_sending_as_its_first(old_answer):
    pk, sent = old_answer
    apps = migrate(AFTER)
    answer = apps.get_model("monitoring", "RequestAnswer").objects.get(pk=pk)
    assert (answer.first_submitted_at, answer.submitted_at, answer.status) == (
        sent,
        sent,
        "submitted",
    )

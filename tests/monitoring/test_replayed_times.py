"""A step replayed with its own time (`at=`, as the demo replays its year) is logged, told
and filed at that time, not at the moment the replay runs: the audit event, the
notifications and the attachments it writes all carry `at`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from giaingan.audit.models import Event
from giaingan.monitoring.adhoc import answer_steps, request_answer_review, request_answer_submit
from giaingan.monitoring.models import Attachment, ReportStatus
from giaingan.monitoring.reports import report_transition
from giaingan.notifications.models import Notification
from tests.monitoring.test_adhoc import ask
from tests.monitoring.test_report_workflow import _filed

pytestmark = pytest.mark.django_db
S = ReportStatus


def moment(day: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2024, 10, day, hour))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def written_since(start: int, model) -> list[dt.datetime]:
    field = {Event: "at", Notification: "created_at", Attachment: "uploaded_at"}[model]
    return list(model.objects.filter(pk__gt=start).values_list(field, flat=True))


def last_ids() -> dict:
    return {
        model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
        for model in (Event, Notification, Attachment)
    }


def test_each_step_of_a_periodic_report_is_stamped_with_its_replayed_time(
    people, district, projects
):
    report = _filed(people, district, projects)
    steps = [
        ("xa.tandoan", S.SUBMITTED, "", moment(3, 9)),
        ("tckh", S.RETURNED, "Thiếu số hộ đã nhận tiền.", moment(4, 15)),
        ("xa.tandoan", S.SUBMITTED, "", moment(7, 10)),
        ("tckh", S.ACCEPTED, "", moment(9, 14)),
    ]
    for login, to_status, reason, at in steps:
        before = last_ids()
        report = report_transition(
            user=people[login], report=report, to_status=to_status, reason=reason, at=at
        )
        assert written_since(before[Event], Event) == [at]
        told = written_since(before[Notification], Notification)
        assert told and set(told) == {at}
    assert report.first_submitted_at == moment(3, 9) and report.reviewed_at == moment(9, 14)
    steps_logged = Event.objects.filter(
        object_id=report.pk,
        action__in=[
            f"monitoring.report.{status}" for status in (S.SUBMITTED, S.RETURNED, S.ACCEPTED)
        ],
    )
    assert sorted(steps_logged.values_list("at", flat=True)) == [at for *_step, at in steps]


def test_an_ad_hoc_answer_its_files_and_its_review_carry_their_replayed_times(
    people, district, projects
):
    request = ask(people, district, units=("board", "tandoan"))
    before = last_ids()
    answer = request_answer_submit(
        user=people["bqlda"],
        request=request,
        unit=district["board"],
        text="Báo cáo.",
        files=[SimpleUploadedFile("bien_ban.pdf", b"%PDF-1.4 bien ban")],
        at=moment(2, 9),
    )
    assert set(written_since(before[Event], Event)) == {moment(2, 9)}  # the answer, the file
    assert set(written_since(before[Notification], Notification)) == {moment(2, 9)}
    assert written_since(before[Attachment], Attachment) == [moment(2, 9)]
    before = last_ids()
    request_answer_review(
        user=people["tckh"], answer=answer, to_status=S.ACCEPTED, at=moment(4, 14)
    )
    assert written_since(before[Event], Event) == [moment(4, 14)]
    assert set(written_since(before[Notification], Notification)) == {moment(4, 14)}
    assert [step.at for step in answer_steps(answer)] == [moment(2, 9), moment(4, 14)]


def test_without_a_replayed_time_a_step_is_stamped_now(people, district, projects):
    report = _filed(people, district, projects)
    start = timezone.now()
    report_transition(user=people["xa.tandoan"], report=report, to_status=S.SUBMITTED)
    event = Event.objects.filter(action="monitoring.report.submitted").get()
    assert start <= event.at <= timezone.now()
    assert all(start <= at <= timezone.now() for at in written_since(0, Notification))

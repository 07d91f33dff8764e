"""Ad hoc report requests (báo cáo đột xuất): who may ask, who may answer, the figures the
answer carries, and who is late or missing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from giaingan.audit.models import Event
from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.adhoc import (
    RequestInput,
    report_request_record,
    request_answer_submit,
    request_status,
)
from giaingan.monitoring.models import ReportRequest, RequestAnswer
from giaingan.monitoring.panels import cycle_panel
from giaingan.monitoring.reminders import reminders_send
from giaingan.notifications.models import Notification
from tests.monitoring.test_page_permissions import DISTRICT, EVERYONE, REVIEWERS, refused

pytestmark = pytest.mark.django_db

ASKED = dt.date(2024, 9, 25)


def ask(people, district, *, by="tckh", units=("board", "tandoan"), **extra):
    values = {"subject": "Tình hình bồi thường, GPMB", "requested_on": ASKED}
    values["due_date"] = dt.date(2024, 10, 5)
    values.update(extra)
    return report_request_record(
        user=people[by],
        data=RequestInput(recipients=[district[key] for key in units], **values),
    )


@pytest.mark.parametrize("name", EVERYONE)
def test_only_finance_planning_asks_for_an_ad_hoc_report(people, district, projects, name):
    if name in REVIEWERS:
        request = ask(people, district, by=name)
        assert set(request.recipients.values_list("code", flat=True)) == {"BQLDA", "XA-TD"}
        # The officers of the units asked are told; the district's officials are not.
        told = set(Notification.objects.values_list("user__username", flat=True))
        assert told == {"bqlda", "xa.tandoan"}
    else:
        with pytest.raises(PermissionDenied):
            ask(people, district, by=name)
        assert not ReportRequest.objects.exists()


def test_a_request_needs_a_subject_units_and_a_deadline_after_it(people, district):
    with pytest.raises(InvalidInput) as error:
        ask(people, district, subject=" ", units=(), due_date=dt.date(2024, 9, 1))
    columns = {problem.column for problem in error.value.problems}
    assert columns == {"nội dung", "hạn báo cáo", "đơn vị"}
    assert not ReportRequest.objects.exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_only_the_unit_asked_answers_for_itself(people, district, projects, name):
    request = ask(people, district)
    if name in {"bqlda", "admin"}:
        answer = request_answer_submit(
            user=people[name], request=request, unit=district["board"], text="Đã bàn giao 80%."
        )
        assert answer.submitted_by == people[name]
        assert Event.objects.filter(action="monitoring.request.answered").count() == 1
    else:
        with pytest.raises(PermissionDenied):
            request_answer_submit(
                user=people[name], request=request, unit=district["board"], text="Báo cáo."
            )
        assert not RequestAnswer.objects.exists()


def test_the_answer_carries_the_figures_as_of_the_request_date(people, district, projects):
    request = ask(people, district)
    answer = request_answer_submit(
        user=people["bqlda"], request=request, unit=district["board"], text="Báo cáo."
    )
    # The board's projects: BQ-1 had paid 250 million đồng by 25/09, BQ-2 nothing.
    assert answer.disbursed == 250_000_000
    assert answer.plan > 0


def test_a_unit_not_asked_or_answering_twice_is_refused_with_a_reason(people, district, projects):
    request = ask(people, district, units=("board",))
    with pytest.raises(InvalidInput) as error:
        request_answer_submit(
            user=people["xa.tandoan"], request=request, unit=district["tandoan"], text="Báo cáo."
        )
    assert "không thuộc các đơn vị được yêu cầu" in str(error.value.problems[0])
    request_answer_submit(
        user=people["bqlda"], request=request, unit=district["board"], text="Báo cáo."
    )
    with pytest.raises(InvalidInput) as error:
        request_answer_submit(
            user=people["bqlda"], request=request, unit=district["board"], text="Lần hai."
        )
    assert "đã gửi báo cáo này" in str(error.value.problems[0])
    assert RequestAnswer.objects.count() == 1


def test_finance_planning_sees_who_answered_who_is_late_and_who_is_missing(
    people, district, projects
):
    request = ask(people, district, units=("board", "tandoan", "vanan"))
    for key, login, day in [("board", "bqlda", 4), ("tandoan", "xa.tandoan", 7)]:
        answer = request_answer_submit(
            user=people[login], request=request, unit=district[key], text="Báo cáo."
        )
        moment = timezone.make_aware(dt.datetime(2024, 10, day, 16))
        RequestAnswer.objects.filter(pk=answer.pk).update(
            first_submitted_at=moment, submitted_at=moment
        )
    assert [(row.unit.code, row.status) for row in request_status(request)] == [
        ("BQLDA", "submitted"),
        ("XA-TD", "late"),
        ("XA-VA", "missing"),
    ]


def test_remind_tells_the_units_that_have_not_answered_and_finance_planning(
    people, district, projects
):
    request = ask(people, district, units=("board", "tandoan"))
    request_answer_submit(
        user=people["bqlda"], request=request, unit=district["board"], text="Báo cáo."
    )
    Notification.objects.all().delete()
    soon = reminders_send(today=dt.date(2024, 10, 3), days_ahead=3, late_window=0)
    assert soon.requests == 1
    assert set(Notification.objects.values_list("user__username", "subject")) == {
        ("xa.tandoan", "Sắp đến hạn gửi báo cáo đột xuất (hạn 05/10/2024): " + request.subject)
    }
    Notification.objects.all().delete()
    late = reminders_send(today=dt.date(2024, 10, 8), days_ahead=0, late_window=5)
    assert late.requests == 1
    told = dict(Notification.objects.values_list("user__username", "subject"))
    assert told["xa.tandoan"].startswith("Quá hạn gửi báo cáo đột xuất (hạn 05/10/2024)")
    assert told["tckh"].startswith("1 đơn vị chưa gửi (hoặc chưa gửi lại) báo cáo đột xuất")
    assert "bqlda" not in told
    # Past the window, no one is told again.
    assert reminders_send(today=dt.date(2024, 10, 20), days_ahead=0, late_window=5).requests == 0


@pytest.mark.parametrize("name", EVERYONE)
def test_the_request_pages_per_role(client_for, people, district, projects, name):
    request = ask(people, district, units=("board",))
    client = client_for(name)
    listing = client.get(reverse("monitoring:requests"))
    assert listing.status_code == 200
    detail = client.get(reverse("monitoring:request", args=[request.pk]))
    if name in DISTRICT or name == "bqlda":
        assert detail.status_code == 200
        assert request.subject in listing.text
    else:
        # The commune was not asked: neither the request nor its page.
        assert refused(detail)
        assert request.subject not in listing.text
    if name == "bqlda":
        # The form shows the board's figures as of the request date.
        assert "đã giải ngân <strong>250.000.000 đồng</strong>" in detail.text
    posted = client.post(
        reverse("monitoring:requests"),
        {
            "subject": "Vốn ứng trước",
            "requested_on": "01/10/2024",
            "due_date": "10/10/2024",
            "recipients": [district["tandoan"].pk],
        },
    )
    if name in REVIEWERS:
        assert posted.status_code == 302
        assert ReportRequest.objects.filter(subject="Vốn ứng trước").exists()
    else:
        assert refused(posted)
        assert not ReportRequest.objects.filter(subject="Vốn ứng trước").exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_only_the_unit_asked_answers_on_the_page(client_for, people, district, projects, name):
    request = ask(people, district, units=("board",))
    url = reverse("monitoring:request", args=[request.pk])
    posted = client_for(name).post(url, {"unit": district["board"].pk, "text": "Đã bàn giao."})
    if name in {"bqlda", "admin"}:
        assert posted.status_code == 302
        assert RequestAnswer.objects.get().text == "Đã bàn giao."
        page = client_for("tckh").get(url)
        assert 'data-unit="BQLDA" data-status="late"' in page.text
    else:
        assert refused(posted)
        assert not RequestAnswer.objects.exists()


def test_a_bad_answer_says_why_and_writes_nothing(client_for, people, district, projects):
    request = ask(people, district, units=("board",))
    url = reverse("monitoring:request", args=[request.pk])
    page = client_for("bqlda").post(url, {"unit": district["board"].pk, "text": ""})
    assert page.status_code == 200
    assert "Nội dung báo cáo" in page.text
    assert not RequestAnswer.objects.exists()
    assert refused(client_for("bqlda").post(url, {"unit": "x", "text": "Báo cáo."}))


def test_the_panel_lists_the_requests_still_waiting_within_the_user_scope(
    client_for, people, district, projects
):
    request = ask(people, district, units=("board", "tandoan"))
    request_answer_submit(
        user=people["bqlda"], request=request, unit=district["board"], text="Báo cáo."
    )
    district_view = cycle_panel(user=people["tckh"], as_of=dt.date(2024, 10, 8))
    assert [
        (r.pk, [u.code for u in owing], late) for r, owing, late in district_view.requests_waiting
    ] == [(request.pk, ["XA-TD"], True)]
    # The board has answered: nothing waits for it; the commune still owes it.
    assert cycle_panel(user=people["bqlda"], as_of=dt.date(2024, 10, 1)).requests_waiting == []
    commune = cycle_panel(user=people["xa.tandoan"], as_of=dt.date(2024, 10, 1))
    assert [(r.pk, late) for r, _owing, late in commune.requests_waiting] == [(request.pk, False)]
    # Not yet asked on the day the panel is read for.
    assert cycle_panel(user=people["tckh"], as_of=dt.date(2024, 9, 20)).requests_waiting == []
    page = client_for("xa.tandoan").get(reverse("web:dashboard") + "?year=2024&as_of=01/10/2024")
    assert request.subject in page.text


def test_every_notice_of_a_request_links_to_its_page(people, district, projects):
    request = ask(people, district, units=("tandoan",))
    reminders_send(today=dt.date(2024, 10, 8), days_ahead=0, late_window=5)
    urls = set(Notification.objects.values_list("url", flat=True))
    assert urls == {reverse("monitoring:request", args=[request.pk])}

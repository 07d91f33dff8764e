"""Ad hoc answers under review: Finance-Planning returns an answer with a reason or accepts
it, the unit sends a returned answer again, with papers attached; who may take each step,
what is logged and told, how the request's board and the reminders count a returned answer,
and who may download the papers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.audit.models import Event
from giaingan.lib.problems import InvalidInput
from giaingan.monitoring.adhoc import (
    answer_steps,
    request_answer_review,
    request_answer_submit,
    request_status,
    requests_listed,
)
from giaingan.monitoring.models import Attachment, ReportStatus, RequestAnswer
from giaingan.monitoring.panels import requests_waiting
from giaingan.monitoring.reminders import reminders_send
from giaingan.monitoring.reports import TRANSITIONS
from giaingan.monitoring.selectors import filing_status
from giaingan.notifications.models import Notification
from tests.monitoring.test_adhoc import ask
from tests.monitoring.test_page_permissions import DISTRICT, EVERYONE, REVIEWERS, refused

pytestmark = pytest.mark.django_db

S = ReportStatus
PDF = b"%PDF-1.4 bien ban ban giao mat bang"
REASON = "Thiếu số hộ đã nhận tiền bồi thường."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name: str = "bien_ban.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def request_(people, district, projects):
    """Asked of the board and Tân Đoàn on 25/09/2024, due 05/10/2024."""
    return ask(people, district, units=("board", "tandoan"))


def answer_of(
    people, district, request_, *, login="bqlda", unit="board", text="Báo cáo.", files=()
):
    return request_answer_submit(
        user=people[login], request=request_, unit=district[unit], text=text, files=files
    )


def sent_on(answer: RequestAnswer, day: int) -> None:
    """Move the answer's first sending to `day` October 2024 (on or after the deadline)."""
    moment = timezone.make_aware(dt.datetime(2024, 10, day, 16))
    RequestAnswer.objects.filter(pk=answer.pk).update(
        first_submitted_at=moment, submitted_at=moment
    )


def test_returned_then_sent_again_then_accepted_each_step_logged_and_told(
    people, district, request_
):
    answer = answer_of(people, district, request_, text="Đã bàn giao 80%.")
    assert answer.status == S.SUBMITTED
    Notification.objects.all().delete()

    returned = request_answer_review(
        user=people["tckh"], answer=answer, to_status=S.RETURNED, reason=f"  {REASON} "
    )
    assert (returned.status, returned.return_reason) == (S.RETURNED, REASON)
    assert returned.reviewed_by == people["tckh"]
    told = Notification.objects.get()
    assert (told.user.username, told.body) == ("bqlda", f"Lý do: {REASON}")
    assert told.subject.endswith("bị trả lại")
    assert told.url == reverse("monitoring:request_answer", args=[answer.pk])
    Notification.objects.all().delete()

    again = answer_of(people, district, request_, text="Đã bàn giao 80%, 12 hộ nhận tiền.")
    assert again.pk == answer.pk
    assert (again.status, again.text) == (S.SUBMITTED, "Đã bàn giao 80%, 12 hộ nhận tiền.")
    assert again.first_submitted_at == answer.first_submitted_at < again.submitted_at
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"tckh"}
    assert "đã gửi lại" in Notification.objects.get().subject
    Notification.objects.all().delete()

    accepted = request_answer_review(user=people["tckh"], answer=again, to_status=S.ACCEPTED)
    assert accepted.status == S.ACCEPTED
    assert Notification.objects.get().subject.endswith("đã được tiếp nhận")

    logged = list(
        Event.objects.filter(object_type="monitoring.requestanswer", object_id=str(answer.pk))
        .exclude(action="monitoring.attachment.added")
        .order_by("id")
        .values_list("action", "actor__username")
    )
    assert logged == [
        ("monitoring.request.answered", "bqlda"),
        ("monitoring.request.returned", "tckh"),
        ("monitoring.request.resubmitted", "bqlda"),
        ("monitoring.request.accepted", "tckh"),
    ]
    steps = answer_steps(answer)
    assert [(step.label, step.reason) for step in steps] == [
        ("Gửi báo cáo", ""),
        ("Trả lại báo cáo", REASON),
        ("Gửi lại báo cáo", ""),
        ("Tiếp nhận báo cáo", ""),
    ]


def test_a_return_needs_a_reason_and_changes_nothing_without_one(people, district, request_):
    answer = answer_of(people, district, request_)
    with pytest.raises(InvalidInput) as error:
        request_answer_review(user=people["tckh"], answer=answer, to_status=S.RETURNED, reason=" ")
    assert error.value.problems[0].column == "lý do"
    answer.refresh_from_db()
    assert (
        answer.status == S.SUBMITTED
        and not Event.objects.filter(action="monitoring.request.returned").exists()
    )


@pytest.mark.parametrize("name", EVERYONE)
def test_only_finance_planning_returns_or_accepts(people, district, request_, name):
    answer = answer_of(people, district, request_)
    for to_status in (S.RETURNED, S.ACCEPTED):
        if name in REVIEWERS:
            moved = request_answer_review(
                user=people[name], answer=answer, to_status=to_status, reason=REASON
            )
            assert moved.status == to_status
            RequestAnswer.objects.filter(pk=answer.pk).update(status=S.SUBMITTED)
        else:
            with pytest.raises(PermissionDenied):
                request_answer_review(
                    user=people[name], answer=answer, to_status=to_status, reason=REASON
                )
            answer.refresh_from_db()
            assert answer.status == S.SUBMITTED


def test_only_a_returned_answer_is_sent_again_and_only_a_sent_one_reviewed(
    people, district, request_
):
    answer = answer_of(people, district, request_)
    with pytest.raises(InvalidInput, match="đã gửi báo cáo này"):
        answer_of(people, district, request_, text="Lần hai.")
    request_answer_review(user=people["tckh"], answer=answer, to_status=S.ACCEPTED)
    with pytest.raises(InvalidInput, match="đã gửi báo cáo này"):
        answer_of(people, district, request_, text="Sau khi tiếp nhận.")
    with pytest.raises(InvalidInput, match="«Đã tiếp nhận», không chuyển sang «Bị trả lại»"):
        request_answer_review(
            user=people["tckh"], answer=answer, to_status=S.RETURNED, reason=REASON
        )
    with pytest.raises(InvalidInput):
        request_answer_review(user=people["tckh"], answer=answer, to_status=S.SUBMITTED)
    answer.refresh_from_db()
    assert (answer.status, answer.text) == (S.ACCEPTED, "Báo cáo.")


def test_the_board_shows_a_return_and_the_deadline_stays_met_by_the_first_sending(
    people, district, request_
):
    answer = answer_of(people, district, request_)
    sent_on(answer, 4)  # before the deadline of 05/10
    request_answer_review(user=people["tckh"], answer=answer, to_status=S.RETURNED, reason=REASON)
    rows = {row.unit.code: row for row in request_status(request_)}
    assert (rows["BQLDA"].status, rows["BQLDA"].waiting) == ("returned", True)
    assert (rows["XA-TD"].status, rows["XA-TD"].waiting) == ("missing", True)
    answer_of(people, district, request_, text="Bổ sung.")  # sent again today, long after
    rows = {row.unit.code: row for row in request_status(request_)}
    assert (rows["BQLDA"].status, rows["BQLDA"].waiting) == ("submitted", False)


@settings(max_examples=60, deadline=None)
@given(
    returned=st.booleans(),
    first=st.one_of(st.none(), st.dates(dt.date(2024, 9, 1), dt.date(2024, 11, 30))),
    due=st.dates(dt.date(2024, 9, 1), dt.date(2024, 11, 30)),
)
def test_filing_status_the_one_rule_of_both_boards(returned, first, due):
    status = filing_status(returned=returned, first_submitted_on=first, due=due)
    if returned:
        assert status == "returned"
    elif first is None:
        assert status == "missing"
    else:
        assert status == ("submitted" if first <= due else "late")


STEPS = [(login, to) for login in ("bqlda", "tckh") for to in (S.SUBMITTED, S.RETURNED, S.ACCEPTED)]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(STEPS), max_size=6))
def test_any_sequence_of_steps_moves_only_along_the_periodic_workflow(
    people, district, request_, steps
):
    RequestAnswer.objects.all().delete()
    answer = answer_of(people, district, request_)
    first = answer.first_submitted_at
    for login, to_status in steps:
        before = answer.status
        allowed = TRANSITIONS.get((before, to_status))
        may = allowed is not None and people[login].has_perm(
            allowed.permission, answer if allowed.on_report else None
        )
        try:
            if to_status == S.SUBMITTED:
                answer = answer_of(people, district, request_, login=login, text="Lại.")
            else:
                answer = request_answer_review(
                    user=people[login], answer=answer, to_status=to_status, reason=REASON
                )
        except (InvalidInput, PermissionDenied):
            answer.refresh_from_db()
            assert not may and answer.status == before
        else:
            assert may and answer.status == to_status
        assert answer.first_submitted_at == first


def test_remind_counts_a_returned_answer_as_not_yet_sent(people, district, request_):
    answer = answer_of(people, district, request_)
    answer_of(people, district, request_, login="xa.tandoan", unit="tandoan")
    request_answer_review(user=people["tckh"], answer=answer, to_status=S.RETURNED, reason=REASON)
    Notification.objects.all().delete()
    outcome = reminders_send(today=dt.date(2024, 10, 8), days_ahead=0, late_window=5)
    assert outcome.requests == 1
    told = {note.user.username: note for note in Notification.objects.all()}
    assert set(told) == {"bqlda", "tckh"}
    assert told["bqlda"].subject.startswith("Quá hạn gửi báo cáo đột xuất (hạn 05/10/2024)")
    assert REASON in told["bqlda"].body
    assert told["tckh"].body == district["board"].name
    # On the dashboard's panel too, for the district and for the board itself.
    assert [
        [unit.code for unit in owing]
        for _r, owing, _late in requests_waiting(as_of=dt.date(2024, 10, 8), unit_ids=None)
    ] == [["BQLDA"]]
    # Sent again: no one owes it any more.
    answer_of(people, district, request_, text="Bổ sung.")
    Notification.objects.all().delete()
    assert reminders_send(today=dt.date(2024, 10, 9), days_ahead=0, late_window=5).requests == 0
    assert requests_waiting(as_of=dt.date(2024, 10, 9), unit_ids=None) == []


def test_papers_come_with_the_answer_and_with_its_sending_again(people, district, request_):
    answer = answer_of(people, district, request_, files=[pdf(), pdf("anh.png", b"\x89PNG")])
    assert sorted(answer.attachments.values_list("name", flat=True)) == ["anh.png", "bien_ban.pdf"]
    assert Event.objects.filter(action="monitoring.attachment.added").count() == 2
    request_answer_review(user=people["tckh"], answer=answer, to_status=S.RETURNED, reason=REASON)
    answer_of(people, district, request_, text="Bổ sung.", files=[pdf("bo_sung.pdf")])
    assert answer.attachments.count() == 3


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("virus.exe", b"MZ", "tệp không đúng loại"),
        ("lon.pdf", b"x" * (5 * 1024 * 1024 + 1), "tệp lớn quá 5 MB"),
        ("hong.xlsx", b"not a zip", "không phải tệp nén ZIP"),
    ],
)
def test_a_bad_paper_refuses_the_whole_answer_naming_the_file(
    people, district, request_, name, content, reason
):
    with pytest.raises(InvalidInput) as error:
        answer_of(people, district, request_, files=[pdf(), pdf(name, content)])
    (problem,) = error.value.problems
    assert (problem.column, problem.value) == ("tệp", name)
    assert reason.lower() in problem.reason.lower()
    assert not RequestAnswer.objects.exists() and not Attachment.objects.exists()


def test_a_bad_paper_on_sending_again_leaves_the_returned_answer_as_it_was(
    people, district, request_
):
    answer = answer_of(people, district, request_)
    request_answer_review(user=people["tckh"], answer=answer, to_status=S.RETURNED, reason=REASON)
    with pytest.raises(InvalidInput):
        answer_of(people, district, request_, text="Bổ sung.", files=[pdf("x.exe", b"MZ")])
    answer.refresh_from_db()
    assert (answer.status, answer.text, answer.attachments.count()) == (S.RETURNED, "Báo cáo.", 0)


def test_ten_papers_at_most_in_one_sending(people, district, request_):
    with pytest.raises(InvalidInput, match="tối đa 10 tệp"):
        answer_of(people, district, request_, files=[pdf(f"{n}.pdf") for n in range(11)])
    assert not RequestAnswer.objects.exists()


# The pages, for every role of the shared cast.


@pytest.mark.parametrize("name", EVERYONE)
def test_who_reads_an_answer_and_downloads_its_papers(client_for, people, district, request_, name):
    answer = answer_of(people, district, request_, files=[pdf()])
    client = client_for(name)
    page = client.get(reverse("monitoring:request_answer", args=[answer.pk]))
    download = client.get(reverse("monitoring:attachment", args=[answer.attachments.get().pk]))
    # The unit that answered and the district (Finance-Planning, the chair...); not the other
    # unit asked, nor anyone else.
    if name in DISTRICT or name == "bqlda":
        assert page.status_code == 200 and "Báo cáo." in page.text
        assert b"".join(download.streaming_content) == PDF
    else:
        assert refused(page) and refused(download)


@pytest.mark.parametrize("name", EVERYONE)
def test_who_returns_and_accepts_on_the_page(client_for, people, district, request_, name):
    answer = answer_of(people, district, request_)
    client = client_for(name)
    url = reverse("monitoring:request_answer_step", args=[answer.pk])
    page = client.get(reverse("monitoring:request_answer", args=[answer.pk]))
    returned = client.post(url, {"to": "returned", "reason": REASON})
    answer.refresh_from_db()
    if name in REVIEWERS:
        assert "Xem xét báo cáo" in page.text
        assert returned.status_code == 302 and answer.status == S.RETURNED
        RequestAnswer.objects.filter(pk=answer.pk).update(status=S.SUBMITTED)
        assert client.post(url, {"to": "accepted"}).status_code == 302
        answer.refresh_from_db()
        assert answer.status == S.ACCEPTED
    else:
        assert "Xem xét báo cáo" not in page.text
        assert refused(returned) and answer.status == S.SUBMITTED
        assert refused(client.post(url, {"to": "accepted"}))
        answer.refresh_from_db()
        assert answer.status == S.SUBMITTED


@pytest.mark.parametrize("name", EVERYONE)
def test_who_sends_a_returned_answer_again_on_the_page(
    client_for, people, district, request_, name
):
    answer = answer_of(people, district, request_)
    request_answer_review(user=people["tckh"], answer=answer, to_status=S.RETURNED, reason=REASON)
    client = client_for(name)
    url = reverse("monitoring:request_answer", args=[answer.pk])
    page = client.get(url)
    posted = client.post(url, {"text": "Bổ sung 12 hộ.", "files": [pdf("bo_sung.pdf")]})
    answer.refresh_from_db()
    if name in {"bqlda", "admin"}:
        assert "Gửi lại báo cáo" in page.text and REASON in page.text
        assert posted.status_code == 302
        assert (answer.status, answer.text) == (S.SUBMITTED, "Bổ sung 12 hộ.")
        assert answer.attachments.get().name == "bo_sung.pdf"
    else:
        assert 'id="answer-form"' not in page.text
        assert refused(posted)
        assert (answer.status, answer.attachments.count()) == (S.RETURNED, 0)


def test_a_sent_answer_cannot_be_edited_through_its_page(client_for, people, district, request_):
    answer = answer_of(people, district, request_)
    url = reverse("monitoring:request_answer", args=[answer.pk])
    assert refused(client_for("bqlda").post(url, {"text": "Sửa lén."}))
    answer.refresh_from_db()
    assert answer.text == "Báo cáo."


def test_the_unit_sees_the_reason_on_the_request_and_on_its_answer(
    client_for, people, district, request_
):
    answer = answer_of(people, district, request_)
    request_answer_review(user=people["tckh"], answer=answer, to_status=S.RETURNED, reason=REASON)
    client = client_for("bqlda")
    board = client.get(reverse("monitoring:request", args=[request_.pk]))
    assert 'data-testid="returned-notice"' in board.text and REASON in board.text
    assert 'data-unit="BQLDA" data-status="returned"' in board.text
    page = client.get(reverse("monitoring:request_answer", args=[answer.pk]))
    assert f'<span data-testid="return-reason">{REASON}</span>' in page.text
    # Finance-Planning's board: one returned, one missing, and the count of each.
    district_board = client_for("tckh").get(reverse("monitoring:request", args=[request_.pk]))
    assert 'data-unit="XA-TD" data-status="missing"' in district_board.text
    assert "Bị trả lại, chờ nộp lại: 1" in district_board.text


def test_a_bad_paper_on_the_page_is_named_and_nothing_written(client_for, district, request_):
    url = reverse("monitoring:request", args=[request_.pk])
    page = client_for("bqlda").post(
        url,
        {"unit": district["board"].pk, "text": "Báo cáo.", "files": [pdf("virus.exe", b"MZ")]},
        follow=True,
    )
    assert page.status_code == 200
    assert "virus.exe" in page.text and "không đúng loại" in page.text
    assert "Traceback" not in page.text
    assert not RequestAnswer.objects.exists() and not Attachment.objects.exists()


def test_the_list_counts_for_the_district_and_shows_each_unit_its_own_answer(
    client_for, people, district, request_
):
    answer = answer_of(people, district, request_)
    request_answer_review(user=people["tckh"], answer=answer, to_status=S.RETURNED, reason=REASON)
    other = ask(people, district, units=("board", "tandoan"), subject="Vốn ứng trước")
    answer_of(people, district, other, login="xa.tandoan", unit="tandoan")
    listed = {item.subject: item for item in requests_listed(unit_ids=None)}
    assert [
        (listed[s].asked, listed[s].answered, listed[s].to_review, listed[s].returned)
        for s in (request_.subject, "Vốn ứng trước")
    ] == [(2, 0, 0, 1), (2, 1, 1, 0)]
    page = client_for("bqlda").get(reverse("monitoring:requests"))
    assert "Bị trả lại, cần sửa và gửi lại" in page.text and "Chưa gửi" in page.text
    assert reverse("monitoring:request_answer", args=[answer.pk]) in page.text
    # A unit sees only the requests addressed to it.
    ask(people, district, units=("vanan",), subject="Chỉ hỏi Văn An")
    assert "Chỉ hỏi Văn An" not in client_for("bqlda").get(reverse("monitoring:requests")).text


def test_an_empty_paper_on_the_page_is_refused_in_vietnamese(client_for, district, request_):
    page = client_for("bqlda").post(
        reverse("monitoring:request", args=[request_.pk]),
        {"unit": district["board"].pk, "text": "Báo cáo.", "files": [pdf("trong.pdf", b"")]},
    )
    assert page.status_code == 200 and "rỗng" in page.text.lower()
    assert not RequestAnswer.objects.exists()

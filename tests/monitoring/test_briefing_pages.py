"""The briefing and action pages, for each role of the shared cast: allowed or refused on the
server, and what they show."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from giaingan.capital.models import DisbursementTarget
from giaingan.monitoring.models import ActionItem, ActionStatus, Briefing
from tests.monitoring.test_briefings import assign, hold
from tests.monitoring.test_page_permissions import DISTRICT, EVERYONE, refused

pytestmark = pytest.mark.django_db

HOLDERS = {"chutich", "tckh", "admin"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def briefing(people, projects):
    DisbursementTarget.objects.create(
        plan_year=2024, due_date=dt.date(2024, 9, 30), share_percent=30
    )
    return hold(people)


@pytest.fixture
def board_action(people, district, briefing):
    return assign(people, briefing, district["board"], due=dt.date(2024, 10, 15))


@pytest.mark.parametrize("name", EVERYONE)
def test_the_district_reads_briefings_and_units_do_not(client_for, briefing, name):
    client = client_for(name)
    for url in (
        reverse("monitoring:briefings"),
        reverse("monitoring:briefing", args=[briefing.pk]),
        reverse("monitoring:briefing_notice", args=[briefing.pk]),
    ):
        response = client.get(url)
        if name in DISTRICT:
            assert response.status_code == 200, url
        else:
            assert refused(response), url
    if name in DISTRICT:
        assert (
            client.get(reverse("monitoring:briefing_notice", args=[briefing.pk]))["Content-Type"]
            == DOCX
        )


@pytest.mark.parametrize("name", EVERYONE)
def test_only_who_holds_briefings_opens_one_and_assigns_tasks(client_for, district, briefing, name):
    client = client_for(name)
    opened = client.post(
        reverse("monitoring:briefings"),
        {"held_on": "31/10/2024", "chair": "Chủ tịch UBND huyện", "attendees": "Phòng TC-KH"},
    )
    assigned = client.post(
        reverse("monitoring:briefing_action", args=[briefing.pk]),
        {
            "task": "Bàn giao mặt bằng",
            "responsible_unit": district["vanan"].pk,
            "due_date": "15/10/2024",
        },
    )
    concluded = client.post(
        reverse("monitoring:briefing_conclusion", args=[briefing.pk]), {"conclusion": "Kết luận."}
    )
    if name in HOLDERS:
        assert opened.status_code == 302 and assigned.status_code == 302
        assert concluded.status_code == 302
        assert Briefing.objects.count() == 2
        assert ActionItem.objects.get().task == "Bàn giao mặt bằng"
        assert Briefing.objects.get(pk=briefing.pk).conclusion == "Kết luận."
    else:
        assert refused(opened) and refused(assigned) and refused(concluded)
        assert Briefing.objects.count() == 1 and not ActionItem.objects.exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_the_responsible_unit_sees_and_closes_its_task(client_for, board_action, name):
    client = client_for(name)
    url = reverse("monitoring:action", args=[board_action.pk])
    page = client.get(url)
    listed = client.get(reverse("monitoring:actions"))
    done = client.post(url, {"done_on": "20/10/2024", "done_note": "Đã bàn giao."})
    board_action.refresh_from_db()
    if name in DISTRICT or name == "bqlda":
        assert page.status_code == 200 and listed.status_code == 200
        assert f'data-action="{board_action.pk}"' in listed.text
    else:  # the commune: not its task, not in its list
        assert refused(page)
        assert f'data-action="{board_action.pk}"' not in listed.text
    if name in HOLDERS or name == "bqlda":
        assert done.status_code == 302 and board_action.status == ActionStatus.DONE
    else:
        assert (done.status_code == 403) and board_action.status == ActionStatus.OPEN


def test_bad_action_input_is_named_and_nothing_written(client_for, briefing, district):
    client = client_for("tckh")
    response = client.post(
        reverse("monitoring:briefing_action", args=[briefing.pk]),
        {"task": "Việc", "responsible_unit": district["board"].pk, "due_date": "01/09/2024"},
        follow=True,
    )
    assert "Thời hạn phải từ ngày họp (30/09/2024) trở đi" in response.text
    assert "Traceback" not in response.text
    response = client.post(
        reverse("monitoring:briefing_action", args=[briefing.pk]),
        {"task": "Việc", "responsible_unit": district["board"].pk, "due_date": "32/13/2024"},
        follow=True,
    )
    assert "Thời hạn:" in response.text
    assert not ActionItem.objects.exists()


def test_the_briefing_page_shows_the_agenda_and_flags_overdue_tasks(
    client_for, people, district, briefing
):
    # Today (the machine's clock, after 2024) is past the 15/10/2024 deadline.
    action = assign(people, briefing, district["board"], due=dt.date(2024, 10, 15))
    page = client_for("chutich").get(reverse("monitoring:briefing", args=[briefing.pk])).text
    assert 'data-project="BQ-2"' in page
    assert '<strong data-testid="behind-count">2</strong>' in page
    assert f'data-action="{action.pk}" data-status="overdue"' in page
    listed = client_for("bqlda").get(reverse("monitoring:actions")).text
    assert f'data-action="{action.pk}" data-status="overdue"' in listed
    assert "1 quá hạn" in listed


def test_the_action_list_downloads_as_the_page_lists_it(client_for, people, district, briefing):
    late = assign(people, briefing, district["board"], due=dt.date(2024, 10, 15), task="Việc A")
    assign(people, briefing, district["tandoan"], due=dt.date(2024, 10, 15), task="Việc B")
    sheet = client_for("bqlda").get(reverse("monitoring:actions_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    header = next(row for row in rows if row and row[0] == "Giao ban ngày")
    body = rows[rows.index(header) + 1 :]
    assert [row[1] for row in body if row] == [late.task]  # the board's own task only
    assert body[0][-1] == "Quá hạn" and body[0][4] == "15/10/2024"
    everyone = client_for("tckh").get(reverse("monitoring:actions_export", args=["xlsx"]))
    assert everyone["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for("tckh").get("/nhiem-vu.pdf").status_code == 404


@pytest.mark.parametrize("name", EVERYONE)
def test_a_unit_given_a_task_downloads_the_notice_and_no_other_unit(client_for, board_action, name):
    client = client_for(name)
    briefing = board_action.briefing
    response = client.get(reverse("monitoring:briefing_notice", args=[briefing.pk]))
    action_page = client.get(reverse("monitoring:action", args=[board_action.pk]))
    notice_url = reverse("monitoring:briefing_notice", args=[briefing.pk])
    if name in DISTRICT or name == "bqlda":
        assert response.status_code == 200
        assert response["Content-Type"] == DOCX
        assert notice_url in action_page.text
    else:
        # The commune was given no task at this briefing: neither the notice nor its link.
        assert refused(response)
        assert notice_url not in action_page.text


def test_the_notice_is_refused_to_a_unit_once_it_is_tasked_elsewhere_only(
    client_for, people, district, briefing, board_action
):
    other = hold(people, day=dt.date(2024, 10, 31))
    assign(people, other, district["tandoan"], due=dt.date(2024, 11, 15))
    commune = client_for("xa.tandoan")
    assert commune.get(reverse("monitoring:briefing_notice", args=[other.pk])).status_code == 200
    assert refused(commune.get(reverse("monitoring:briefing_notice", args=[briefing.pk])))
    board = client_for("bqlda")
    assert refused(board.get(reverse("monitoring:briefing_notice", args=[other.pk])))


@pytest.mark.parametrize(
    ("committee_name", "whole"),
    [
        ("UBND huyện Văn Quan", "Toàn huyện"),
        ("UBND tỉnh Lạng Sơn", "Toàn tỉnh"),
    ],
)
def test_a_briefing_of_the_whole_area_names_the_areas_level(
    client_for, district, briefing, committee_name, whole
):
    """A province's officials read "Toàn tỉnh", a district's "Toàn huyện" (`org.places`)."""
    committee = district["committee"]
    committee.name = committee_name
    committee.save()
    client = client_for("tckh")
    for url in (
        reverse("monitoring:briefings"),
        reverse("monitoring:briefing", args=[briefing.pk]),
    ):  # the list holds the form to open one, its scope "Toàn ..." by default
        body = client.get(url).content.decode()
        assert whole in body, url
        assert ("Toàn huyện" in body) == (whole == "Toàn huyện"), url


@pytest.mark.parametrize(
    ("committee_name", "level"),
    [("UBND huyện Văn Quan", "huyện"), ("UBND tỉnh Lạng Sơn", "tỉnh")],
)
def test_the_briefing_form_helps_in_the_words_of_the_areas_level(
    client_for, district, briefing, committee_name, level
):
    """The scope's help and the chair's example name the area's own level, "toàn tỉnh" and
    "Chủ tịch UBND tỉnh" under a province; a district's read "huyện" as before."""
    committee = district["committee"]
    committee.name = committee_name
    committee.save()
    form = client_for("tckh").get(reverse("monitoring:briefings")).context["form"]
    scope, chair = form["scope_unit"], form["chair"]
    assert scope.help_text == f"Để trống: toàn {level}; hoặc một chủ đầu tư, một xã."
    assert chair.help_text == f"Ví dụ: Đồng chí Nguyễn Văn A, Chủ tịch UBND {level}."
    body = client_for("tckh").get(reverse("monitoring:briefings")).content.decode()
    assert f"Để trống: toàn {level};" in body
    assert ("toàn huyện" in body) == (level == "huyện")


def test_the_briefings_scope_reads_the_same_for_every_area_outside_the_form():
    """The model's own help (what the admin or a schema would show) names no level."""
    help_text = str(Briefing._meta.get_field("scope_unit").help_text)
    assert help_text == "Để trống: toàn địa bàn; hoặc một chủ đầu tư, một xã."

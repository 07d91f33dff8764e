"""Every movement page and action, for each demo role: allowed or refused on the server."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from giaingan.emulation.models import Evidence, Movement, Registration
from tests.emulation.test_movement_pages import (
    board_registration,
    initiative,
    make_campaign,
    make_open_movement,
    movement_post,
)

pytestmark = pytest.mark.django_db

EVERYONE = ["chutich", "tckh", "khobac", "bqlda", "xa.tandoan", "noivu", "hoidong1", "xem", "admin"]
DISTRICT = {"chutich", "tckh", "khobac", "noivu", "hoidong1", "xem", "admin"}
MANAGERS = {"noivu", "admin"}
ASSESSORS = {"tckh", "noivu", "admin"}
# Who may register: Internal Affairs (any unit) and unit officers (their own unit).
REGISTRARS = {"noivu", "admin", "bqlda", "xa.tandoan"}
# The board's registration: its officer, those who assess, the district's officials.
SEES_BOARD = DISTRICT | {"bqlda"}
SENDS_FOR_BOARD = {"bqlda", "noivu", "admin"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(district):
    return make_campaign(district)


@pytest.fixture
def open_movement(district):
    return make_open_movement()


def refused(response) -> bool:
    return response.status_code == 403 and "Không có quyền truy cập" in response.text


@pytest.mark.parametrize("name", EVERYONE)
def test_every_role_sees_the_list_and_the_movement(client_for, campaign, name):
    client = client_for(name)
    assert client.get(reverse("emulation:movements")).status_code == 200
    assert client.get(reverse("emulation:movement", args=["DTC-2024"])).status_code == 200


def test_a_user_without_a_role_sees_nothing(client, campaign, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("khach", password="x"))
    assert refused(client.get(reverse("emulation:movements")))
    assert refused(client.get(reverse("emulation:movement", args=["DTC-2024"])))


def test_anonymous_users_are_sent_to_log_in(client, campaign):
    registration = board_registration(campaign)
    item = initiative(campaign)
    for response in (
        client.get(reverse("emulation:movements")),
        client.get(reverse("emulation:movement", args=["DTC-2024"])),
        client.get(reverse("emulation:movement_new")),
        client.post(reverse("emulation:movement_new"), movement_post()),
        client.get(reverse("emulation:movement_export", args=["DTC-2024", "csv"])),
        client.get(reverse("emulation:registration_new", args=["DTC-2024"])),
        client.get(reverse("emulation:registration", args=["DTC-2024", registration.pk])),
        client.post(reverse("emulation:evidence_new", args=["DTC-2024", registration.pk])),
        client.post(reverse("emulation:evidence_assess", args=[item.pk]), {"decision": "accept"}),
        client.get(reverse("emulation:evidence_file", args=[item.pk])),
    ):
        assert response.status_code == 302
        assert response.url.startswith("/dang-nhap/")
    assert Movement.objects.count() == 1
    item.refresh_from_db()
    assert item.accepted is None


@pytest.mark.parametrize("name", EVERYONE)
def test_creating_a_movement(client_for, district, name):
    client = client_for(name)
    page = client.get(reverse("emulation:movement_new"))
    response = client.post(reverse("emulation:movement_new"), movement_post())
    if name in MANAGERS:
        assert page.status_code == 200 and response.status_code == 302
        assert Movement.objects.filter(code="DTC-2025").exists()
    else:
        assert refused(page) and refused(response)
        assert not Movement.objects.exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_editing_a_movement(client_for, campaign, name):
    client = client_for(name)
    url = reverse("emulation:movement_edit", args=["DTC-2024"])
    page = client.get(url)
    data = movement_post(
        name="Tên mới",
        plan_year="2024",
        starts_on="15/04/2024",
        ends_on="31/01/2025",
        initial=0,
        rows=[("chu_dau_tu", "Giải ngân 100%", "tu_dong", "disbursed_full_plan", True)],
    )
    response = client.post(url, data)
    campaign.refresh_from_db()
    if name in MANAGERS:
        assert page.status_code == 200 and response.status_code == 302
        assert campaign.name == "Tên mới"
    else:
        assert refused(page) and refused(response)
        assert campaign.name != "Tên mới"


@pytest.mark.parametrize("name", EVERYONE)
def test_the_manage_button_shows_only_to_those_who_may_manage(client_for, campaign, name):
    text = client_for(name).get(reverse("emulation:movement", args=["DTC-2024"])).text
    assert ("Sửa phong trào" in text) == (name in MANAGERS)


@pytest.mark.parametrize("name", EVERYONE)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_downloads_are_for_the_districts_officials(client_for, campaign, name, fmt):
    response = client_for(name).get(reverse("emulation:movement_export", args=["DTC-2024", fmt]))
    assert response.status_code == 200 if name in DISTRICT else refused(response)


@pytest.mark.parametrize("name", EVERYONE)
def test_registering(client_for, open_movement, district, people, name):
    client = client_for(name)
    url = reverse("emulation:registration_new", args=["TD-NAY"])
    page = client.get(url)
    # Each registers what it speaks for: the board's and the commune's officers their own.
    unit = {"bqlda": district["board"], "xa.tandoan": district["tandoan"]}.get(
        name, district["vanan"]
    )
    response = client.post(url, {"unit": unit.pk, "category": "chu_dau_tu"})
    if name in REGISTRARS:
        assert page.status_code == 200 and response.status_code == 302
        assert Registration.objects.get().unit == unit
    else:
        assert refused(page) and refused(response)
        assert not Registration.objects.exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_a_registration_page(client_for, campaign, name):
    registration = board_registration(campaign)
    response = client_for(name).get(
        reverse("emulation:registration", args=["DTC-2024", registration.pk])
    )
    assert response.status_code == 200 if name in SEES_BOARD else refused(response)


@pytest.mark.parametrize("name", EVERYONE)
def test_sending_evidence(client_for, campaign, name):
    registration = board_registration(campaign)
    response = client_for(name).post(
        reverse("emulation:evidence_new", args=["DTC-2024", registration.pk]),
        {
            "criterion": campaign.criteria.get(key="sang_kien").pk,
            "note": "Sáng kiến",
            "file": SimpleUploadedFile("sang_kien.pdf", b"%PDF"),
        },
    )
    if name in SENDS_FOR_BOARD:
        assert response.status_code == 302
        assert Evidence.objects.count() == 1
    else:
        assert refused(response)
        assert not Evidence.objects.exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_assessing_evidence(client_for, campaign, name):
    item = initiative(campaign)
    response = client_for(name).post(
        reverse("emulation:evidence_assess", args=[item.pk]), {"decision": "accept"}
    )
    item.refresh_from_db()
    if name in ASSESSORS:
        assert response.status_code == 302 and item.accepted is True
    else:
        assert refused(response) and item.accepted is None


@pytest.mark.parametrize("name", EVERYONE)
def test_the_assessment_buttons_show_only_to_assessors(client_for, campaign, name):
    registration = board_registration(campaign)
    initiative(campaign)
    response = client_for(name).get(
        reverse("emulation:registration", args=["DTC-2024", registration.pk])
    )
    if response.status_code == 200:
        assert ("Không công nhận</button>" in response.text) == (name in ASSESSORS)


@pytest.mark.parametrize("name", EVERYONE)
def test_an_evidence_file(client_for, campaign, name):
    item = initiative(campaign, file=SimpleUploadedFile("sang_kien.pdf", b"%PDF"))
    response = client_for(name).get(reverse("emulation:evidence_file", args=[item.pk]))
    assert response.status_code == 200 if name in SEES_BOARD else refused(response)


@pytest.mark.parametrize(
    "url",
    [
        reverse("emulation:movement_new"),
        reverse("emulation:evidence_assess", args=[1]),
    ],
)
def test_posts_need_the_csrf_token(client, people, campaign, url):
    from django.test import Client

    checked = Client(enforce_csrf_checks=True)
    checked.force_login(people["admin"])
    assert checked.post(url, {"decision": "accept"}).status_code == 403

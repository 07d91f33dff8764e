"""A user's inbox shows what waits for them, and only theirs."""

from __future__ import annotations

import pytest
from django.core import mail

from giaingan.notifications.models import Notification
from giaingan.notifications.services import notify


def test_the_header_counts_unread_notifications(client_for, people):
    notify([people["noivu"]], subject="3 hồ sơ chờ tiếp nhận", url="/thi-dua/DTC-2024/ho-so/")
    page = client_for("noivu").get("/thong-bao/")
    assert "3 hồ sơ chờ tiếp nhận" in page.content.decode()
    assert 'aria-label="1 chưa đọc"' in page.content.decode()


def test_opening_a_notification_marks_it_read_and_follows_it(client_for, people):
    (note,) = notify([people["noivu"]], subject="Việc mới", url="/thi-dua/DTC-2024/ho-so/")
    response = client_for("noivu").post(f"/thong-bao/{note.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/thi-dua/DTC-2024/ho-so/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_link_to_another_site_is_not_followed(client_for, people):
    (note,) = notify([people["noivu"]], subject="Lừa", url="https://example.com/")
    response = client_for("noivu").post(f"/thong-bao/{note.pk}/")
    assert response["Location"] == "/thong-bao/"


def test_nobody_opens_another_users_notification(client_for, people):
    (note,) = notify([people["noivu"]], subject="Riêng", url="/")
    assert client_for("tckh").post(f"/thong-bao/{note.pk}/").status_code == 404
    assert "Riêng" not in client_for("tckh").get("/thong-bao/").content.decode()
    note.refresh_from_db()
    assert note.read_at is None


def test_anonymous_visitors_are_sent_to_log_in(client_for):
    response = client_for(None).get("/thong-bao/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_read_all(client_for, people):
    notify([people["noivu"]], subject="A")
    notify([people["noivu"]], subject="B")
    client_for("noivu").post("/thong-bao/da-doc-het/")
    assert not Notification.objects.filter(user=people["noivu"], read_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_refuses_loses_nothing(people, settings, monkeypatch):
    from giaingan.notifications import services

    people["noivu"].email = "noivu@vanquan.gov.vn"
    people["noivu"].save()

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(services, "send_mail", refuse)
    notify([people["noivu"]], subject="Việc mới")
    note = Notification.objects.get(user=people["noivu"])
    assert not note.emailed
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_user_without_an_address_gets_no_mail(people):
    mail.outbox.clear()
    notify([people["noivu"]], subject="Việc mới")
    assert mail.outbox == []
    assert Notification.objects.filter(user=people["noivu"]).count() == 1

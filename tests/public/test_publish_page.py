"""/public/cong-bo/: preview, confirm, refuse with a message, withdraw."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from giaingan.audit.models import Event
from giaingan.public.models import PublishedSnapshot
from tests.conftest import pay

D = dt.date
PUBLISH = reverse("public:publish")


def test_the_preview_shows_the_figures_before_confirming(client_for, ledger):
    response = client_for("tckh").get(
        PUBLISH, {"year": "2024", "as_of": "30/09/2024", "base": "assigned"}
    )
    text = response.text
    assert 'data-testid="plan">3.400,0<' in text
    assert 'data-testid="rate">42,64%<' in text
    assert text.index('data-testid="rate"') < text.index("Công bố số liệu này")
    assert not PublishedSnapshot.objects.exists()  # previewing publishes nothing


def test_without_a_date_it_shows_only_the_form(client_for, ledger):
    text = client_for("tckh").get(PUBLISH).text
    assert "Xem trước" in text
    assert "Công bố số liệu này" not in text


def test_confirming_publishes_what_was_previewed(client_for, ledger):
    client = client_for("tckh")
    preview = client.get(PUBLISH, {"year": "2024", "as_of": "30/09/2024"}).text
    digest = preview.split('name="digest" value="')[1].split('"')[0]
    response = client.post(
        PUBLISH,
        {
            "year": "2024",
            "as_of": "30/09/2024",
            "base": "assigned",
            "note": "Quý III",
            "digest": digest,
        },
        follow=True,
    )
    snapshot = PublishedSnapshot.objects.get()
    assert snapshot.note == "Quý III"
    assert (
        "Đã công bố: Số liệu giải ngân kế hoạch vốn năm 2024 đến ngày 30/09/2024." in response.text
    )
    assert "Các tệp dữ liệu mở (OCDS, IATI) đang được chuẩn bị" in response.text
    assert snapshot.opendata_pending  # the background worker writes them
    assert 'data-testid="rate">42,64%<' in client_for(None).get("/public/").text


def test_a_change_after_the_preview_stops_the_publication(client_for, ledger):
    client = client_for("tckh")
    preview = client.get(PUBLISH, {"year": "2024", "as_of": "30/09/2024"}).text
    digest = preview.split('name="digest" value="')[1].split('"')[0]
    pay(ledger["school"], 1_000_000_000, on=D(2024, 9, 15), source_code="NSTW")
    response = client.post(
        PUBLISH, {"year": "2024", "as_of": "30/09/2024", "base": "assigned", "digest": digest}
    )
    assert response.status_code == 400
    assert "đã thay đổi kể từ lúc xem trước" in response.text
    assert 'data-testid="rate">72,05%<' in response.text  # the fresh preview
    assert not PublishedSnapshot.objects.exists()


def test_a_future_date_is_refused_with_a_message_and_writes_nothing(client_for, ledger):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    client = client_for("tckh")
    response = client.post(
        PUBLISH,
        {"year": str(tomorrow.year), "as_of": tomorrow.strftime("%d/%m/%Y"), "base": "assigned"},
    )
    assert response.status_code == 400
    assert "không thể công bố số liệu đến một ngày trong tương lai" in response.text
    assert not PublishedSnapshot.objects.exists()
    assert not Event.objects.filter(action__startswith="public.").exists()
    # The preview refuses it too, and offers no confirm button.
    preview = client.get(
        PUBLISH, {"year": str(tomorrow.year), "as_of": tomorrow.strftime("%d/%m/%Y")}
    )
    assert "trong tương lai" in preview.text
    assert "Công bố số liệu này" not in preview.text


def test_bad_input_is_named(client_for, ledger):
    response = client_for("tckh").post(
        PUBLISH, {"year": "hai nghìn", "as_of": "31/02/2024", "base": "khac"}
    )
    assert response.status_code == 400
    assert "cột Năm: năm kế hoạch không hợp lệ (giá trị: «hai nghìn»)" in response.text
    assert "cột Ngày số liệu: ngày không có thật (giá trị: «31/02/2024»)" in response.text
    assert "cột Cơ sở" in response.text
    assert not PublishedSnapshot.objects.exists()


def test_the_list_shows_snapshots_and_withdraws_with_a_reason(client_for, ledger, publish):
    snapshot = publish()
    client = client_for("tckh")
    text = client.get(PUBLISH).text
    assert "Đang công khai" in text
    assert reverse("public:withdraw", args=[snapshot.pk]) in text

    refused = client.post(
        reverse("public:withdraw", args=[snapshot.pk]), {"reason": " "}, follow=True
    )
    assert "Không thu hồi được" in refused.text
    snapshot.refresh_from_db()
    assert snapshot.withdrawn is False

    done = client.post(
        reverse("public:withdraw", args=[snapshot.pk]), {"reason": "Sai nguồn vốn"}, follow=True
    )
    assert "Đã thu hồi khỏi trang công khai" in done.text
    assert "Đã thu hồi" in done.text and "Sai nguồn vốn" in done.text
    snapshot.refresh_from_db()
    assert snapshot.withdrawn is True


def test_withdraw_rejects_get(client_for, ledger, publish):
    snapshot = publish()
    response = client_for("tckh").get(reverse("public:withdraw", args=[snapshot.pk]))
    assert response.status_code == 405

"""Files attached to a periodic report or an obstacle: the upload checks of lib.uploads,
who may attach and who may download."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from giaingan.monitoring.models import Attachment, ObstacleKind
from giaingan.monitoring.obstacles import ObstacleInput, obstacle_record
from giaingan.monitoring.periods import period_parse
from giaingan.monitoring.reports import report_open, report_transition
from tests.monitoring.test_page_permissions import DISTRICT, EVERYONE, refused

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 bien ban hien truong"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 1024 * 1024  # a small bomb is enough


@pytest.fixture
def report(people, district, projects):
    return report_open(
        user=people["xa.tandoan"],
        unit=district["tandoan"],
        period=period_parse("2024-09"),
        project=projects["TD-1"],
    )


@pytest.fixture
def obstacle(people, district, projects):
    return obstacle_record(
        user=people["xa.tandoan"],
        data=ObstacleInput(
            project=projects["TD-1"],
            kind=ObstacleKind.SITE_CLEARANCE,
            description="Còn 3 hộ chưa nhận tiền.",
            responsible_unit=district["tandoan"],
            opened_on=dt.date(2024, 9, 1),
            due_date=dt.date(2024, 10, 30),
        ),
    )


def upload(client, url: str, name: str, content: bytes):
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


def bomb() -> bytes:
    """A small .docx that declares 2 MB inside, past the 1 MB set above."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (2 * 1024 * 1024))
    return buffer.getvalue()


def test_the_unit_attaches_a_file_and_the_reviewer_downloads_it(client_for, report):
    url = reverse("monitoring:report_attach", args=[report.pk])
    page = upload(client_for("xa.tandoan"), url, "bien_ban.pdf", PDF)
    assert "Đã đính kèm tệp «bien_ban.pdf»" in page.text
    attachment = Attachment.objects.get()
    assert (attachment.report, attachment.size) == (report, len(PDF))
    download = client_for("tckh").get(reverse("monitoring:attachment", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert refused(client_for("bqlda").get(reverse("monitoring:attachment", args=[attachment.pk])))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("virus.exe", b"MZ", "tệp không đúng loại"),
        ("trong.pdf", b"", "rỗng"),
        ("lon.pdf", b"x" * (5 * 1024 * 1024 + 1), "tệp lớn quá 5 MB"),
        ("bom.docx", None, "quá giới hạn"),
        ("hong.xlsx", b"not a zip", "không phải tệp nén ZIP"),
    ],
)
def test_a_bad_file_is_named_with_its_reason_and_nothing_kept(
    client_for, report, name, content, reason
):
    url = reverse("monitoring:report_attach", args=[report.pk])
    page = upload(client_for("xa.tandoan"), url, name, bomb() if content is None else content)
    assert reason.lower() in page.text.lower()  # shown as a sentence: "Tệp không đúng loại..."
    assert "Traceback" not in page.text
    assert not Attachment.objects.exists()


def test_a_sent_report_takes_no_more_files(client_for, people, report):
    report_transition(user=people["xa.tandoan"], report=report, to_status="submitted")
    url = reverse("monitoring:report_attach", args=[report.pk])
    page = upload(client_for("xa.tandoan"), url, "muon.pdf", PDF)
    assert "không đính kèm thêm tệp được" in page.text
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_who_may_attach_to_an_obstacle_and_read_it(client_for, obstacle, name):
    client = client_for(name)
    response = upload(
        client, reverse("monitoring:obstacle_attach", args=[obstacle.pk]), "a.pdf", PDF
    )
    may_change = name in {"tckh", "admin", "xa.tandoan"}
    if may_change:
        assert (
            response.status_code == 200
            and Attachment.objects.filter(obstacle=obstacle).count() == 1
        )
    else:
        assert refused(response) and not Attachment.objects.exists()
        Attachment.objects.create(obstacle=obstacle, file="x/a.pdf", name="a.pdf", size=3)
    attachment = Attachment.objects.get()
    download = client.get(reverse("monitoring:attachment", args=[attachment.pk]))
    if name in DISTRICT or name == "xa.tandoan":
        assert download.status_code in (200, 404)  # 404: a row made without its file
        assert not refused(download)
    else:
        assert refused(download)

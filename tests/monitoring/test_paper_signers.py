"""The month's cycle's papers name their signer: a unit's report its head (a commune's
chairman "TM. Ủy ban nhân dân / Chủ tịch"), the conclusion notice the committee office's
chief; with none recorded, the official who sends or opens it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from giaingan.org.models import Unit, UnitKind
from tests.documents.helpers import lines, open_docx
from tests.monitoring.test_briefings import hold
from tests.monitoring.test_pages import open_report

pytestmark = pytest.mark.django_db


def test_a_communes_report_is_signed_by_its_chairman_by_name(client_for, district, projects):
    client = client_for("xa.tandoan")
    report = open_report(client, district, "TD-1")
    text = lines(open_docx(client.get(reverse("monitoring:report_docx", args=[report.pk])).content))
    assert text[-1] == "Lộc Văn Sơn"  # the name, under the title and the space to sign
    assert [line.upper() for line in text[-3:-1]] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    # No head recorded: the officer who fills it signs; a nameless one gets no paper.
    Unit.objects.filter(pk=district["tandoan"].pk).update(head_name="")
    url = reverse("monitoring:report_docx", args=[report.pk])
    assert "xa.tandoan" in lines(open_docx(client.get(url).content))[-3:]


def test_the_conclusion_notice_is_signed_by_the_chief_of_the_committees_office(
    client_for, people, district, projects
):
    briefing = hold(people)
    url = reverse("monitoring:briefing_notice", args=[briefing.pk])
    # No such office in the tree: the official who opened the briefing.
    assert "tckh" in lines(open_docx(client_for("tckh").get(url).content))[-3:]
    Unit.objects.create(
        code="VP",
        name="Văn phòng HĐND và UBND huyện Văn Quan",
        kind=UnitKind.OFFICE,
        parent=district["committee"],
        head_name="Lý Văn Quảng",
        head_title="Chánh Văn phòng",
    )
    text = lines(open_docx(client_for("tckh").get(url).content))
    assert text[-2:] == ["CHÁNH VĂN PHÒNG", "Lý Văn Quảng"]
    people["tckh"].first_name = ""
    people["tckh"].save()
    Unit.objects.filter(code="VP").update(head_name="")
    response = client_for("tckh").get(url)
    assert response.status_code == 409 and "Chưa tạo được thông báo kết luận" in response.text

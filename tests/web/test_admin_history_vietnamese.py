"""A record's history in the admin (django-simple-history's pages) is read in Vietnamese:
its instructions, its count of entries, and no Python `None` where a value is empty."""

from __future__ import annotations

import lxml.html
from django.urls import reverse

from tests.conftest import make_project

ENGLISH = (
    "Choose a date",
    "revert to a previous version",
    "Press the",
    "entry",
    "entries",
    "doesn't have a change history",
    "Changed",
    "Skip to main content",
    "Toggle theme",
)


def page_text(response) -> str:
    tree = lxml.html.fromstring(response.content.decode())
    for node in tree.xpath("//script|//style"):
        node.drop_tree()
    return " ".join(tree.text_content().split())


def test_a_projects_history_reads_in_vietnamese(client_for, district):
    project = make_project("VQ-01", district["board"], district["tandoan"])
    project.name = "Đường vào xã Tân Đoàn"
    project.save()
    client = client_for("admin")
    response = client.get(reverse("admin:capital_project_history", args=[project.pk]))
    assert response.status_code == 200
    text = page_text(response)
    assert not [phrase for phrase in ENGLISH if phrase in text], text
    assert "Chọn một thời điểm" in text
    assert "3 bản ghi" in text
    cells = [
        " ".join(cell.text_content().split())
        for cell in lxml.html.fromstring(response.content.decode()).xpath(
            "//table[@id='change-history']//td"
        )
    ]
    assert "None" not in cells, cells
    assert not any("None" in cell.split() for cell in cells), cells


def test_one_version_of_a_project_reads_in_vietnamese(client_for, district):
    project = make_project("VQ-02", district["board"])
    record = project.history.first()
    client = client_for("admin")
    response = client.get(
        reverse("admin:capital_project_simple_history", args=[project.pk, record.pk])
    )
    assert response.status_code == 200
    text = page_text(response)
    assert not [phrase for phrase in ENGLISH if phrase in text], text

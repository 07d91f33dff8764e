"""The IATI activity files of published snapshots: valid against the vendored 2.03 XSD, with
the plan and the treasury lines the snapshot counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from giaingan.opendata.iati import activity_file
from giaingan.public.services import snapshot_publish, snapshot_withdraw
from tests.conftest import advance, make_project, pay, plan
from tests.opendata.test_ocds import worker_builds

SCHEMAS = Path(__file__).parents[2] / "src/giaingan/opendata/schemas"
D = dt.date
HOSTILE = 'Dự án "A" <b>&</b> \u0001\u001f\u202e ]]> ở\ttab'


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(SCHEMAS / "iati-activities-schema.xsd"))


@pytest.fixture
def ledger(district):
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000_000_000)
    plan(road, 200_000_000)
    advance(road, 300_000_000, on=D(2024, 3, 1))
    pay(road, 500_000_000, on=D(2024, 6, 1), recovered=100_000_000)
    pay(road, 50_000_000, on=D(2024, 10, 5))  # after the snapshot: not exported
    school = make_project("DA2", district["board"], district["vanan"])
    plan(school, 2_000_000_000)
    return {"road": road, "school": school}


@pytest.fixture
def published(ledger, people):
    return worker_builds(
        snapshot_publish(year=2024, as_of=D(2024, 9, 30), base="assigned", user=people["tckh"])
    )


def activities(content: bytes) -> dict[str, etree._Element]:
    root = etree.fromstring(content)
    return {a.findtext("iati-identifier"): a for a in root.findall("iati-activity")}


def amounts(activity, code: str) -> list[int]:
    return [
        int(t.findtext("value"))
        for t in activity.findall("transaction")
        if t.find("transaction-type").get("code") == code
    ]


def test_file_is_valid_iati_with_budget_commitments_and_payments(schema, published):
    content = activity_file(published)
    schema.validate(content.decode())
    found = activities(content)
    assert set(found) == {"VN-GIAINGAN-DA1", "VN-GIAINGAN-DA2"}
    road = found["VN-GIAINGAN-DA1"]
    assert int(road.findtext("budget/value")) == 1_200_000_000
    assert road.find("budget/value").get("currency") == "VND"
    assert sorted(amounts(road, "2")) == [200_000_000, 1_000_000_000]
    assert amounts(road, "3") == [300_000_000]  # the advance
    assert amounts(road, "4") == [400_000_000]  # payment less the advance it recovered
    assert amounts(found["VN-GIAINGAN-DA2"], "3") == []


def test_hostile_text_stays_valid_xml(schema, published, ledger):
    project = ledger["road"]
    type(project).objects.filter(pk=project.pk).update(name=HOSTILE)
    content = activity_file(published)
    schema.validate(content.decode())
    title = activities(content)["VN-GIAINGAN-DA1"].findtext("title/narrative")
    assert title == 'Dự án "A" <b>&</b> \u202e ]]> ở\ttab'


def test_the_schema_check_refuses_a_wrong_file(schema, published):
    root = etree.fromstring(activity_file(published))
    root.find("iati-activity/budget/value").text = "nhiều"
    assert not schema.is_valid(etree.tostring(root).decode())


def test_a_visitor_downloads_only_published_files(client, published, people):
    withdrawn = snapshot_publish(
        year=2024, as_of=D(2024, 6, 30), base="assigned", user=people["tckh"]
    )
    snapshot_withdraw(snapshot=withdrawn, user=people["tckh"], reason="Sai số liệu")
    response = client.get(f"/public/du-lieu-mo/{published.pk}/iati.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert set(activities(response.content)) == {"VN-GIAINGAN-DA1", "VN-GIAINGAN-DA2"}
    assert client.get(f"/public/du-lieu-mo/{withdrawn.pk}/iati.xml").status_code == 404
    page = client.get("/public/du-lieu-mo/").content.decode()
    assert f"/public/du-lieu-mo/{published.pk}/iati.xml" in page
    assert f"/public/du-lieu-mo/{withdrawn.pk}/iati.xml" not in page

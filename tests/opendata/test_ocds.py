"""The OCDS release packages of published snapshots: valid against the vendored 1.1 schema,
only published data, downloadable without login."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from giaingan.contracts.services import dossier_link_payment
from giaingan.opendata.ocds import release_package
from giaingan.opendata.services import open_data_build
from giaingan.public.models import PublishedSnapshot
from giaingan.public.services import snapshot_publish, snapshot_withdraw
from tests.conftest import make_project, pay, plan
from tests.contracts.conftest import accept, send, works_contract

SCHEMAS = Path(__file__).parents[2] / "src/giaingan/opendata/schemas"
D = dt.date
HOSTILE = 'Gói "A" <script>&\'; DROP TABLE \u202e ở\ttab\n'


def validator() -> Draft4Validator:
    package = json.loads((SCHEMAS / "ocds-1.1-release-package-schema.json").read_text())
    release = json.loads((SCHEMAS / "ocds-1.1-release-schema.json").read_text())
    registry = Registry().with_resource(
        release["id"], Resource.from_contents(release, default_specification=DRAFT4)
    )
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())


def assert_valid(package: dict) -> None:
    errors = sorted(validator().iter_errors(package), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


@pytest.fixture
def ledger(district, people):
    """DA1 with a contract whose dossier the treasury paid; DA2 plan only."""
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 10_000_000_000)
    school = make_project("DA2", district["board"], district["vanan"])
    plan(school, 2_000_000_000)
    contract = works_contract(road, people)
    acceptance = accept(contract, people["bqlda"], 2_000_000_000, D(2024, 5, 10))
    dossier = send(contract, people["bqlda"], [acceptance], 2_000_000_000, D(2024, 5, 15))
    pay(road, 2_000_000_000, on=D(2024, 5, 20), number="KB-OCDS-1")
    dossier_link_payment(user=people["khobac"], dossier=dossier, document_number="KB-OCDS-1")
    pay(school, 300_000_000, on=D(2024, 6, 3))
    return {"road": road, "school": school, "contract": contract}


def worker_builds(snapshot: PublishedSnapshot) -> PublishedSnapshot:
    """Run the background worker's job for a published snapshot, as `db_worker` would."""
    open_data_build.call(snapshot.pk)
    return PublishedSnapshot.objects.get(pk=snapshot.pk)


@pytest.fixture
def published(ledger, people):
    return worker_builds(
        snapshot_publish(year=2024, as_of=D(2024, 9, 30), base="assigned", user=people["tckh"])
    )


def releases(package: dict) -> dict[str, dict]:
    return {release["ocid"]: release for release in package["releases"]}


def test_package_is_valid_ocds_with_plans_contracts_and_treasury_payments(published, ledger):
    package = release_package(published, uri="https://example.org/du-lieu-mo/1/ocds.json")
    assert_valid(package)
    by_ocid = releases(package)
    assert set(by_ocid) == {"ocds-giaingan-DA1", "ocds-giaingan-DA2"}
    road = by_ocid["ocds-giaingan-DA1"]
    assert road["planning"]["budget"]["amount"] == {"amount": 10_000_000_000, "currency": "VND"}
    assert road["buyer"]["name"] == ledger["road"].investor.name
    (contract,) = road["contracts"]
    assert contract["value"]["amount"] == 5_000_000_000
    (payment,) = contract["implementation"]["transactions"]
    assert payment["value"]["amount"] == 2_000_000_000
    assert "KB-OCDS-1" in payment["source"]
    roles = {party["name"]: party["roles"] for party in road["parties"]}
    assert roles["Công ty TNHH Xây dựng Hòa Bình"] == ["supplier"]
    assert "buyer" in roles[ledger["road"].investor.name]
    school = by_ocid["ocds-giaingan-DA2"]
    assert school["planning"]["budget"]["amount"]["amount"] == 2_000_000_000
    assert "contracts" not in school


def test_nothing_after_the_snapshot_date_is_exported(ledger, people):
    early = snapshot_publish(year=2024, as_of=D(2024, 5, 19), base="assigned", user=people["tckh"])
    package = release_package(early, uri="https://example.org/x.json")
    assert_valid(package)
    road = releases(package)["ocds-giaingan-DA1"]
    (contract,) = road["contracts"]
    assert contract["implementation"]["transactions"] == []


def test_a_reversed_payment_shows_with_its_correction_from_its_date(ledger, people):
    road = ledger["road"]
    pay(road, -2_000_000_000, on=D(2024, 7, 1), number="KB-OCDS-1-DC", reverses="KB-OCDS-1")
    amounts = {}
    for as_of in (D(2024, 6, 30), D(2024, 9, 30)):
        snapshot = snapshot_publish(year=2024, as_of=as_of, base="assigned", user=people["tckh"])
        package = release_package(snapshot, uri="https://example.org/x.json")
        assert_valid(package)
        (contract,) = releases(package)["ocds-giaingan-DA1"]["contracts"]
        amounts[as_of] = [t["value"]["amount"] for t in contract["implementation"]["transactions"]]
    assert amounts[D(2024, 6, 30)] == [2_000_000_000]  # paid then
    assert amounts[D(2024, 9, 30)] == [2_000_000_000, -2_000_000_000]  # nets to nothing


def test_prefix_is_a_setting(published, settings):
    settings.OCDS_PREFIX = "ocds-abc123-"
    package = release_package(published, uri="https://example.org/x.json")
    assert {r["ocid"] for r in package["releases"]} == {"ocds-abc123-DA1", "ocds-abc123-DA2"}


def test_hostile_text_stays_valid_json_and_ocds(published, ledger):
    project = ledger["road"]
    type(project).objects.filter(pk=project.pk).update(name=HOSTILE)
    contract = ledger["contract"]
    type(contract).objects.filter(pk=contract.pk).update(package=HOSTILE, number=HOSTILE)
    package = release_package(published, uri="https://example.org/x.json")
    again = json.loads(json.dumps(package, ensure_ascii=False))
    assert_valid(again)
    assert again["releases"][0]["planning"]["budget"]["project"] == HOSTILE


def test_a_visitor_lists_and_downloads_only_published_snapshots(client, published, people):
    withdrawn = snapshot_publish(
        year=2024, as_of=D(2024, 6, 30), base="assigned", user=people["tckh"]
    )
    snapshot_withdraw(snapshot=withdrawn, user=people["tckh"], reason="Sai số liệu")
    page = client.get("/public/du-lieu-mo/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"/public/du-lieu-mo/{published.pk}/ocds.json" in text
    assert f"/public/du-lieu-mo/{withdrawn.pk}/ocds.json" not in text
    assert "CC BY 4.0" in text
    download = client.get(f"/public/du-lieu-mo/{published.pk}/ocds.json")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    package = json.loads(download.content)
    assert_valid(package)
    assert package["publicationPolicy"] == "http://127.0.0.1:8000/public/du-lieu-mo/"
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert client.get(f"/public/du-lieu-mo/{withdrawn.pk}/ocds.json").status_code == 404
    assert client.get("/public/du-lieu-mo/999999/ocds.json").status_code == 404


def test_the_public_navigation_links_to_open_data(client, published):
    assert 'href="/public/du-lieu-mo/"' in client.get("/public/").content.decode()


def test_the_schema_check_refuses_a_wrong_package(published):
    package = release_package(published, uri="https://example.org/x.json")
    package["releases"][0]["planning"]["budget"]["amount"]["amount"] = "nhiều"
    package["releases"][0]["tag"] = ["không-có"]
    assert len(list(validator().iter_errors(package))) >= 2

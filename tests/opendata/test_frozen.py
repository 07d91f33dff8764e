"""The open data of a published snapshot is what was frozen at publication: the ledger
moving afterwards changes no byte of it; a snapshot published before files were frozen
gets them on its first download, and keeps them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
import xmlschema

from giaingan.opendata.services import open_data_freeze
from giaingan.public.models import PublishedSnapshot
from giaingan.public.services import snapshot_publish
from tests.conftest import make_project, pay, plan
from tests.opendata.test_iati import SCHEMAS, activities
from tests.opendata.test_ocds import assert_valid, releases

D = dt.date


@pytest.fixture
def ledger(district):
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000_000_000)
    pay(road, 400_000_000, on=D(2024, 6, 1))
    return {"road": road, "district": district}


@pytest.fixture
def published(ledger, people):
    return snapshot_publish(year=2024, as_of=D(2024, 9, 30), base="assigned", user=people["tckh"])


def move_the_ledger(ledger) -> None:
    """What happens after publication: a line dated before the snapshot's date, a new
    project, a renamed one."""
    road = ledger["road"]
    pay(road, 250_000_000, on=D(2024, 9, 15))
    plan(make_project("DA9", ledger["district"]["board"]), 700_000_000)
    type(road).objects.filter(pk=road.pk).update(name="Tên đổi sau khi công bố")


def downloads(client, pk: int) -> tuple[bytes, bytes]:
    ocds = client.get(f"/public/du-lieu-mo/{pk}/ocds.json")
    iati = client.get(f"/public/du-lieu-mo/{pk}/iati.xml")
    assert ocds.status_code == iati.status_code == 200
    return ocds.content, iati.content


def test_publishing_freezes_both_files_with_their_sha256(published):
    with published.ocds.open("rb") as ocds, published.iati.open("rb") as iati:
        ocds_bytes, iati_bytes = ocds.read(), iati.read()
    assert published.ocds_sha256 == hashlib.sha256(ocds_bytes).hexdigest()
    assert published.iati_sha256 == hashlib.sha256(iati_bytes).hexdigest()
    package = json.loads(ocds_bytes)
    budget = releases(package)["ocds-giaingan-DA1"]["planning"]["budget"]
    assert budget["amount"]["amount"] == 1_000_000_000
    assert package["uri"] == f"http://127.0.0.1:8000/public/du-lieu-mo/{published.pk}/ocds.json"


def test_downloads_are_byte_identical_after_the_ledger_moves_and_still_valid(
    client, published, ledger
):
    before = downloads(client, published.pk)
    move_the_ledger(ledger)
    after = downloads(client, published.pk)
    assert after == before
    assert hashlib.sha256(after[0]).hexdigest() == published.ocds_sha256
    assert hashlib.sha256(after[1]).hexdigest() == published.iati_sha256
    package = json.loads(after[0])
    assert_valid(package)
    assert set(releases(package)) == {"ocds-giaingan-DA1"}
    xmlschema.XMLSchema(str(SCHEMAS / "iati-activities-schema.xsd")).validate(after[1].decode())
    road = activities(after[1])["VN-GIAINGAN-DA1"]
    assert road.findtext("title/narrative") == "Dự án DA1"
    # A snapshot published now shows the moved ledger: the frozen one was not stale by luck.
    fresh = snapshot_publish(
        year=2024, as_of=D(2024, 9, 30), base="assigned", user=published.published_by
    )
    assert set(releases(json.loads(downloads(client, fresh.pk)[0]))) == {
        "ocds-giaingan-DA1",
        "ocds-giaingan-DA9",
    }


def test_the_datasets_page_shows_each_files_sha256(client, published):
    page = client.get("/public/du-lieu-mo/").content.decode()
    assert published.ocds_sha256 in page
    assert published.iati_sha256 in page


def test_a_snapshot_published_before_freezing_is_frozen_on_its_first_download(
    client, published, ledger
):
    # As a snapshot published before this change: figures kept, no files.
    PublishedSnapshot.objects.filter(pk=published.pk).update(
        ocds="", iati="", ocds_sha256="", iati_sha256=""
    )
    assert "lập khi tải lần đầu" in client.get("/public/du-lieu-mo/").content.decode()
    first = downloads(client, published.pk)
    kept = PublishedSnapshot.objects.get(pk=published.pk)
    assert kept.ocds_sha256 == hashlib.sha256(first[0]).hexdigest()
    assert kept.iati_sha256 == hashlib.sha256(first[1]).hexdigest()
    move_the_ledger(ledger)
    assert downloads(client, published.pk) == first
    assert_valid(json.loads(first[0]))


def test_freezing_twice_keeps_the_first_files(published, ledger):
    names = (published.ocds.name, published.iati.name)
    move_the_ledger(ledger)
    again = open_data_freeze(snapshot=published)
    assert (again.ocds.name, again.iati.name) == names

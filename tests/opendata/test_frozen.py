"""The open data of a published snapshot is what was frozen at publication: the background
worker writes the files later, from the source taken in the publishing transaction, so the
ledger moving before or after the worker runs changes no byte of them; until the worker has
run the page says the files are being prepared and a download says so; a snapshot
published before files were frozen gets them on its first download, and keeps them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
import xmlschema
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from giaingan.opendata.iati import activity_file
from giaingan.opendata.services import NOT_READY, ocds_bytes, open_data_freeze
from giaingan.opendata.source import source_take
from giaingan.public.models import PublishedSnapshot
from giaingan.public.services import snapshot_publish, snapshot_withdraw
from tests.conftest import make_project, pay, plan
from tests.opendata.test_iati import SCHEMAS, activities
from tests.opendata.test_ocds import assert_valid, releases, worker_builds

D = dt.date


@pytest.fixture
def ledger(district):
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000_000_000)
    pay(road, 400_000_000, on=D(2024, 6, 1))
    return {"road": road, "district": district}


def publish(user) -> PublishedSnapshot:
    return snapshot_publish(year=2024, as_of=D(2024, 9, 30), base="assigned", user=user)


@pytest.fixture
def published(ledger, people):
    return worker_builds(publish(people["tckh"]))


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
    fresh = worker_builds(publish(published.published_by))
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


def built_now(snapshot: PublishedSnapshot) -> tuple[bytes, bytes]:
    """The files a synchronous build would write from the ledger as it stands now."""
    source = source_take(snapshot)
    return ocds_bytes(snapshot, source), activity_file(snapshot, source=source)


def test_the_worker_writes_what_a_build_at_publication_would_have_written(client, ledger, people):
    snapshot = publish(people["tckh"])
    at_publication = built_now(snapshot)
    move_the_ledger(ledger)  # recorded after publishing, before the worker runs
    assert built_now(snapshot) != at_publication  # the move would show in a late build
    built = worker_builds(snapshot)
    assert downloads(client, built.pk) == at_publication
    assert built.ocds_sha256 == hashlib.sha256(at_publication[0]).hexdigest()
    assert built.iati_sha256 == hashlib.sha256(at_publication[1]).hexdigest()
    assert not built.opendata_source  # its source is dropped once the files are kept
    assert "Tên đổi sau khi công bố" not in at_publication[0].decode()


def test_until_the_worker_runs_the_page_says_preparing_and_downloads_say_why(
    client, people, ledger
):
    snapshot = publish(people["tckh"])
    assert snapshot.opendata_pending and not snapshot.opendata_ready
    page = client.get("/public/du-lieu-mo/").content.decode()
    assert "đang chuẩn bị" in page
    assert f"/public/du-lieu-mo/{snapshot.pk}/ocds.json" not in page
    for fmt in ("ocds.json", "iati.xml"):
        waiting = client.get(f"/public/du-lieu-mo/{snapshot.pk}/{fmt}")
        assert waiting.status_code == 503
        assert waiting["Retry-After"] == "60"
        assert NOT_READY in waiting.content.decode()
    assert PublishedSnapshot.objects.get(pk=snapshot.pk).opendata_pending  # nothing built
    worker_builds(snapshot)
    page = client.get("/public/du-lieu-mo/").content.decode()
    assert "đang chuẩn bị" not in page
    assert f"/public/du-lieu-mo/{snapshot.pk}/ocds.json" in page
    assert client.get(f"/public/du-lieu-mo/{snapshot.pk}/iati.xml").status_code == 200


def test_publishing_queues_the_build_on_commit_only(
    people, ledger, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        snapshot = publish(people["tckh"])
    assert len(callbacks) == 1  # the build, queued when the publication commits
    assert DBTaskResult.objects.count() == 0
    callbacks[0]()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "giaingan.opendata.services.open_data_build"
    assert queued.args_kwargs["args"] == [snapshot.pk]


@pytest.mark.django_db(transaction=True)  # the worker commits for real, as in production
def test_the_database_worker_builds_the_files(people, ledger, settings, client):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    snapshot = publish(people["tckh"])  # committed: its build is queued in the database
    assert PublishedSnapshot.objects.get(pk=snapshot.pk).opendata_pending
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    built = PublishedSnapshot.objects.get(pk=snapshot.pk)
    assert built.opendata_ready and not built.opendata_source
    ocds, iati = downloads(client, built.pk)
    assert hashlib.sha256(ocds).hexdigest() == built.ocds_sha256
    assert_valid(json.loads(ocds))


def test_a_withdrawn_snapshot_is_not_found_whether_or_not_its_files_are_ready(
    client, people, ledger
):
    pending = publish(people["tckh"])
    ready = worker_builds(publish(people["tckh"]))
    for snapshot in (pending, ready):
        snapshot_withdraw(snapshot=snapshot, user=people["tckh"], reason="Sai số liệu")
        for fmt in ("ocds.json", "iati.xml"):
            assert client.get(f"/public/du-lieu-mo/{snapshot.pk}/{fmt}").status_code == 404
    assert "đang chuẩn bị" not in client.get("/public/du-lieu-mo/").content.decode()


def test_with_no_worker_the_first_download_after_the_wait_writes_the_publication_s_files(
    client, ledger, people, settings
):
    """`runserver` alone runs no worker: once the wait is over, a download writes the files
    from the source kept at publication, byte for byte what the worker would have written."""
    snapshot = publish(people["tckh"])
    at_publication = built_now(snapshot)
    move_the_ledger(ledger)
    assert client.get(f"/public/du-lieu-mo/{snapshot.pk}/ocds.json").status_code == 503
    settings.OPEN_DATA_WORKER_WAIT_SECONDS = 0
    page = client.get("/public/du-lieu-mo/").content.decode()
    assert "đang chuẩn bị" not in page  # the links are offered again
    assert f"/public/du-lieu-mo/{snapshot.pk}/ocds.json" in page
    assert downloads(client, snapshot.pk) == at_publication
    built = PublishedSnapshot.objects.get(pk=snapshot.pk)
    assert built.opendata_ready and not built.opendata_source
    assert built.ocds_sha256 == hashlib.sha256(at_publication[0]).hexdigest()

"""Reports read from the read replica when one is configured; writes, forms and every read
inside a transaction use the primary; migrations run on the primary only.

The replica here is a copy of the test database taken at one moment (SQLite's backup API,
or PostgreSQL's CREATE DATABASE ... TEMPLATE): writes after it never reach it, as with a
standby that lags behind. What a page shows tells which database it read."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import CaptureQueriesContext

from giaingan import __main__ as console
from giaingan.capital.models import Project, TreasuryLine
from giaingan.figures.selectors import disbursement_table
from giaingan.ops.replica import REPLICA, ReplicaRouter, read_alias, reading_replica
from giaingan.public.services import snapshot_publish
from tests.conftest import make_project, pay, plan

D = dt.date
SETTINGS_FILE = Path(console.__file__).with_name("settings.py")


def copy_database(tmp_path: Path) -> dict:
    """A copy of the default database as it stands (committed), as a settings dict."""
    default = connections[DEFAULT_DB_ALIAS]
    if default.vendor == "sqlite":
        path = tmp_path / "replica.sqlite3"
        default.ensure_connection()
        target = sqlite3.connect(path)
        default.connection.backup(target)
        target.close()
        return {**default.settings_dict, "NAME": str(path)}
    name = f"{default.settings_dict['NAME']}_replica"
    default.close()  # a template database must have no other session
    with default._nodb_cursor() as cursor:
        # Nor a stray one: earlier tests of this worker (a live server's thread, say) may
        # have left a session open on it.
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [default.settings_dict["NAME"]],
        )
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{default.settings_dict["NAME"]}"')
    return {**default.settings_dict, "NAME": name}


def drop_copy(config: dict) -> None:
    default = connections[DEFAULT_DB_ALIAS]
    if default.vendor != "sqlite":
        with default._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')


@pytest.fixture
def ledger(district, people):
    road = make_project("DA1", district["board"], district["tandoan"])
    plan(road, 1_000_000_000)
    pay(road, 400_000_000, on=D(2024, 6, 1))
    return {"road": road, "district": district}


@pytest.fixture
def replica(transactional_db, ledger, tmp_path, settings):
    """The replica alias, installed as DATABASE_REPLICA_URL installs it, holding the ledger
    as it stood before the test's later writes."""
    config = copy_database(tmp_path)
    connections.settings[REPLICA] = config
    # Connect now: the test case checks the aliases it knew at its start before a first
    # connection, and this one is added later.
    connections[REPLICA].connect()
    settings.DATABASE_ROUTERS = ["giaingan.ops.replica.ReplicaRouter"]
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]
    drop_copy(config)


@pytest.fixture
def lagging(replica, ledger):
    """A payment on the primary that the replica has not received yet."""
    pay(ledger["road"], 250_000_000, on=D(2024, 9, 2), number="KB-SAU")
    return ledger


def disbursed(**options) -> int:
    return disbursement_table(year=2024, as_of=D(2024, 9, 30), by="investor", **options).as_dict()[
        "total"
    ]["disbursed"]


pytestmark = pytest.mark.django_db(transaction=True)


def test_a_report_reads_the_replica_and_everything_else_the_primary(lagging):
    assert disbursed() == 650_000_000
    with reading_replica():
        assert disbursed() == 400_000_000
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        with reading_replica():
            disbursed()
    assert len(on_replica) > 0


def test_writes_inside_a_replica_read_go_to_the_primary(lagging, tmp_path):
    with reading_replica():
        line = pay(lagging["road"], 1_000_000, on=D(2024, 9, 3), number="KB-GHI")
        # Read back inside a transaction: the primary, which has it.
        with transaction.atomic():
            assert TreasuryLine.objects.filter(pk=line.pk).exists()
        # Read back outside one: the replica, which has not received it yet.
        assert not TreasuryLine.objects.filter(pk=line.pk).exists()
    assert TreasuryLine.objects.filter(pk=line.pk).exists()
    assert not TreasuryLine.objects.using(REPLICA).filter(document_number="KB-GHI").exists()


def test_an_object_read_from_the_replica_is_saved_on_the_primary(lagging):
    with reading_replica():
        road = Project.objects.get(code="DA1")
    assert road._state.db == REPLICA
    road.name = "Đổi tên"
    road.save(update_fields=["name"])
    assert Project.objects.using(DEFAULT_DB_ALIAS).get(code="DA1").name == "Đổi tên"
    assert Project.objects.using(REPLICA).get(code="DA1").name == "Dự án DA1"


def test_the_api_figures_read_the_replica_and_its_lists_the_primary(lagging, people):
    from rest_framework.test import APIClient

    make_project("DA-MOI", lagging["district"]["board"])
    api = APIClient()
    api.force_authenticate(people["tckh"])
    figures = api.get("/api/v1/figures/?year=2024&as_of=2024-09-30&by=investor").json()
    assert figures["total"]["disbursed"] == 400_000_000
    codes = [row["code"] for row in api.get("/api/v1/projects/").json()["results"]]
    assert "DA-MOI" in codes


def test_the_report_command_reads_the_replica(lagging, monkeypatch, capsys):
    monkeypatch.setattr(
        sys,
        "argv",
        ["giaingan", "report", "disbursement", "--year", "2024", "--as-of", "2024-09-30"],
    )
    console.main()
    printed = json.loads(capsys.readouterr().out)
    assert printed["total"]["disbursed"] == 400_000_000


def test_the_report_pages_read_the_replica_and_a_project_page_the_primary(
    lagging, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    tckh = client_for("tckh")
    for url in (
        "/bao-cao/lap/?kind=quarterly&as_of=30/09/2024",
        "/bao-cao/kho-bac/?kind=monthly&as_of=30/09/2024",
    ):
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            assert client_for("khobac" if "kho-bac" in url else "tckh").get(url).status_code == 200
        assert len(on_replica) > 0, url
    # A page that shows what was just written reads the primary.
    make_project("DA-MOI", lagging["district"]["board"])
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert tckh.get("/du-an/DA-MOI/").status_code == 200
    assert len(on_replica) == 0


def test_the_public_page_and_open_data_read_the_replica(
    lagging, people, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    snapshot = snapshot_publish(
        year=2024, as_of=D(2024, 9, 30), base="assigned", user=people["tckh"]
    )
    # Published after the copy: not on the replica yet, so not on the public pages yet.
    assert "Chưa có" in client.get("/public/").content.decode()
    assert client.get(f"/public/du-lieu-mo/{snapshot.pk}/ocds.json").status_code == 404
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        client.get("/public/du-lieu-mo/")
    assert len(on_replica) > 0


def test_migrations_run_on_the_primary_only():
    router = ReplicaRouter()
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "capital") is True
    assert router.allow_migrate(REPLICA, "capital") is False
    assert router.db_for_write(Project) == DEFAULT_DB_ALIAS


def test_without_a_replica_every_read_is_the_primarys():
    assert REPLICA not in connections.settings
    with reading_replica():
        assert read_alias() == DEFAULT_DB_ALIAS


def load_settings(monkeypatch, **environ):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_under_test", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=False)
def test_the_setting_adds_the_alias_and_the_router_and_nothing_without_it(monkeypatch, tmp_path):
    monkeypatch.setenv("GIAINGAN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    plain = load_settings(monkeypatch)
    assert list(plain.DATABASES) == ["default"]
    assert not hasattr(plain, "DATABASE_ROUTERS")
    with_replica = load_settings(
        monkeypatch, DATABASE_REPLICA_URL="postgres://lecture@standby:5432/giaingan"
    )
    assert with_replica.DATABASES["replica"]["HOST"] == "standby"
    assert with_replica.DATABASES["replica"]["TEST"] == {"MIRROR": "default"}
    assert with_replica.DATABASE_ROUTERS == ["giaingan.ops.replica.ReplicaRouter"]
    assert with_replica.DATABASES["default"] == plain.DATABASES["default"]


def test_the_replica_fixture_restores_a_single_database():
    # (run after the others in this file: nothing of theirs is left behind)
    assert list(connections.settings) == [DEFAULT_DB_ALIAS]

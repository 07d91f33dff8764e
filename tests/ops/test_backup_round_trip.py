"""The demo district survives a backup and a restore into a fresh database, figure for figure.

Runs on the configured database: SQLite by default, PostgreSQL under
`scripts/with-postgres.sh` (pg_dump / pg_restore)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from giaingan.audit.models import Event
from giaingan.capital.models import Project, TreasuryLine
from giaingan.demo.district import load_demo
from giaingan.figures.selectors import Base, Grouping, disbursement_table, monthly_series
from giaingan.ops.backup import MANIFEST, folder_files, manifest_read
from tests.conftest import plan

pytestmark = pytest.mark.django_db(transaction=True)

DATES = [dt.date(2024, 6, 30), dt.date(2024, 9, 30), dt.date(2025, 1, 31)]
EVIDENCE = b"%PDF-1.4\n% bao cao ket qua giai ngan quy III\n" + bytes(range(256)) * 40


def figures() -> list:
    """Every table and series of `figures` for the demo year, as plain data."""
    seen = []
    for as_of in DATES:
        for base in Base:
            for by in Grouping:
                table = disbursement_table(year=2024, as_of=as_of, by=by, base=base)
                seen.append([(row.key, row.as_dict()) for row in table.rows])
                seen.append(table.total.as_dict())
            series = monthly_series(year=2024, as_of=as_of, base=base)
            seen.append(
                {group: [repr(point) for point in points] for group, points in series.items()}
            )
    return seen


def row_counts() -> dict[str, int]:
    """Rows of every model; the event log without the restore's own event."""
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    counts["audit.Event"] = Event.objects.exclude(action="ops.backup.restored").count()
    return counts


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(media):
    load_demo()
    default_storage.save("minh_chung/2024/bao_cao_quy_3.pdf", ContentFile(EVIDENCE))
    default_storage.save(
        "imports/kho_bac_thang_09.csv", ContentFile("Số chứng từ;Số tiền\n".encode())
    )
    return {"figures": figures(), "counts": row_counts(), "media": folder_files(media)}


def test_a_backup_restores_into_a_fresh_database_with_identical_figures_rows_and_files(
    demo, media, tmp_path
):
    assert TreasuryLine.objects.count() > 2000
    assert len(demo["media"]) == 2
    backup = tmp_path / "sao_luu"
    call_command("backup", str(backup))

    manifest = manifest_read(backup)
    assert manifest.database == connection.vendor
    assert "capital.0001_initial" in manifest.migrations
    assert (
        manifest.files["media/minh_chung/2024/bao_cao_quy_3.pdf"]
        == (demo["media"]["minh_chung/2024/bao_cao_quy_3.pdf"])
    )

    # A fresh installation: an empty, migrated database and no media folder.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert Project.objects.count() == 0

    call_command("restore", str(backup))

    assert row_counts() == demo["counts"]
    assert figures() == demo["figures"]
    assert folder_files(media) == demo["media"]
    assert (media / "minh_chung/2024/bao_cao_quy_3.pdf").read_bytes() == EVIDENCE
    (event,) = Event.objects.filter(action="ops.backup.restored")
    assert event.data["source"] == str(backup.resolve())
    assert event.data["created_at"] == manifest.created_at
    assert event.data["forced"] is False


def test_restore_over_data_needs_force_and_then_puts_everything_back(demo, media, tmp_path):
    backup = tmp_path / "sao_luu"
    call_command("backup", str(backup))

    # Work done after the backup: a renamed project, more capital, a new file.
    project = Project.objects.order_by("code").first()
    Project.objects.filter(pk=project.pk).update(name="Tên đổi sau khi sao lưu")
    plan(project, 5_000_000_000, on=dt.date(2024, 7, 1))
    default_storage.save("ho_so/2025/moi.docx", ContentFile(b"new"))
    changed = row_counts()
    assert figures() != demo["figures"]

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(backup))
    assert row_counts() == changed  # refused: nothing touched
    assert (media / "ho_so/2025/moi.docx").exists()

    call_command("restore", str(backup), force=True)
    assert row_counts() == demo["counts"]
    assert figures() == demo["figures"]
    assert folder_files(media) == demo["media"]


def test_a_restored_database_keeps_working(demo, media, tmp_path):
    """New rows after a restore get fresh ids (sequences come back too)."""
    backup = tmp_path / "sao_luu"
    call_command("backup", str(backup))
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    call_command("restore", str(backup))
    top = Project.objects.order_by("-pk").first()
    created = Project.objects.create(
        code="DA-SAU-KHOI-PHUC", name="Dự án mới", investor=top.investor
    )
    assert created.pk > top.pk
    assert (backup / MANIFEST).exists()

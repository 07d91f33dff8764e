"""A damaged, foreign or newer backup is refused with a Vietnamese message; nothing changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from giaingan.ops.backup import (
    DATABASE_FILES,
    MANIFEST,
    BackupRefused,
    file_sha256,
    folder_files,
    manifest_read,
    newer_schema_refusals,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def backup(people, media, tmp_path) -> Path:
    default_storage.save("minh_chung/2024/bien_ban.pdf", ContentFile(b"%PDF-1.4 bien ban"))
    target = tmp_path / "sao_luu"
    call_command("backup", str(target))
    return target


def edit_manifest(backup: Path, **changes) -> None:
    data = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    data.update(changes)
    (backup / MANIFEST).write_text(json.dumps(data), encoding="utf-8")


def refused(backup: Path, media: Path, *, force: bool = True) -> str:
    """Restore must refuse; the database and the media are as they were."""
    users = get_user_model().objects.count()
    files = folder_files(media)
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(backup), force=force)
    assert get_user_model().objects.count() == users
    assert folder_files(media) == files
    message = str(caught.value)
    assert message.startswith("Không khôi phục, không có gì thay đổi:")
    return message


def test_a_changed_file_is_named(backup, media):
    (backup / "media/minh_chung/2024/bien_ban.pdf").write_bytes(b"%PDF-1.4 sua")
    assert "tệp media/minh_chung/2024/bien_ban.pdf đã bị sửa hoặc hỏng" in refused(backup, media)


def test_a_missing_database_file_is_named(backup, media):
    name = DATABASE_FILES[connection.vendor]
    (backup / name).unlink()
    assert f"thiếu tệp {name}" in refused(backup, media)


def test_a_file_outside_the_manifest_is_named(backup, media):
    (backup / "media/la.exe").write_bytes(b"MZ")
    assert "tệp media/la.exe không có trong bảng kê" in refused(backup, media)


def test_a_folder_without_a_manifest_is_not_a_backup(backup, media):
    (backup / MANIFEST).unlink()
    assert "không phải bản sao lưu: thiếu tệp manifest.json" in refused(backup, media)


def test_a_missing_folder_is_named(media, tmp_path, people):
    assert "Không có thư mục sao lưu" in refused(tmp_path / "khong_co", media)


def test_a_backup_of_the_other_database_kind_is_refused(backup, media):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    data = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    mine = DATABASE_FILES[connection.vendor]
    (backup / mine).rename(backup / DATABASE_FILES[other])
    files = dict(data["files"])
    files[DATABASE_FILES[other]] = files.pop(mine)
    edit_manifest(backup, database=other, files=files)
    message = refused(backup, media)
    assert "hãy khôi phục vào cùng loại cơ sở dữ liệu" in message


def test_a_backup_from_a_newer_version_is_refused(backup, media):
    data = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    edit_manifest(
        backup, app_version="9.0.0", migrations=[*data["migrations"], "capital.0099_tuong_lai"]
    )
    message = refused(backup, media)
    assert "phiên bản mới hơn (9.0.0)" in message
    assert "capital.0099_tuong_lai" in message


def test_a_backup_never_writes_into_a_folder_that_has_files(backup, tmp_path):
    before = folder_files(backup)
    with pytest.raises(CommandError, match="đã có tệp: hãy chọn một thư mục mới"):
        call_command("backup", str(backup))
    assert folder_files(backup) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media", "sao_luu"]  # no half folder


def test_the_manifest_lists_every_file_with_its_sha256(backup):
    manifest = manifest_read(backup)
    on_disk = {
        path.relative_to(backup).as_posix(): file_sha256(path)
        for path in backup.rglob("*")
        if path.is_file() and path.name != MANIFEST
    }
    assert manifest.files == on_disk
    assert set(on_disk) == {DATABASE_FILES[connection.vendor], "media/minh_chung/2024/bien_ban.pdf"}
    assert manifest.created_at and manifest.app_version == "0.1.0"
    # It holds password hashes: only the owner may read the folder.
    assert backup.stat().st_mode & 0o077 == 0


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.one_of(
        st.binary(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda children: (
                st.lists(children, max_size=4)
                | st.dictionaries(
                    st.sampled_from(
                        ["created_at", "database", "app_version", "migrations", "files", "format"]
                    ),
                    children,
                    max_size=6,
                )
            ),
            max_leaves=12,
        ).map(lambda value: json.dumps(value).encode()),
    )
)
def test_any_damaged_manifest_is_refused_with_a_message_never_a_crash(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("sao_luu")
    (folder / MANIFEST).write_bytes(content)
    try:
        manifest = manifest_read(folder)
    except BackupRefused as refusal:
        assert str(refusal).startswith(("Tệp manifest.json hỏng", "Thư mục"))
    else:  # random data that happens to be a well-formed manifest
        assert manifest.database in DATABASE_FILES


def test_the_commands_print_one_vietnamese_line_and_no_traceback(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_SETTINGS")}
    env["GIAINGAN_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-m", "giaingan", "restore", str(tmp_path / "khong_co")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"CommandError: Không khôi phục, không có gì thay đổi: "
        f"Không có thư mục sao lưu {tmp_path / 'khong_co'}."
    ]


def test_postgres_refuses_to_restore_an_older_schema_over_a_newer_one():
    current = ["capital.0001_initial", "capital.0002_funding_sources", "ops.0001_nhat_ky"]
    older = ["capital.0001_initial", "capital.0002_funding_sources"]
    (message,) = newer_schema_refusals(kind="postgresql", current=current, backup=older)
    assert "ops.0001_nhat_ky" in message
    assert "cơ sở dữ liệu PostgreSQL trống" in message
    # The same backup is fine on an empty database, and SQLite replaces the whole file.
    assert newer_schema_refusals(kind="postgresql", current=[], backup=older) == []
    assert newer_schema_refusals(kind="postgresql", current=older, backup=current) == []
    assert newer_schema_refusals(kind="sqlite", current=current, backup=older) == []


def test_the_console_scripts_back_up_and_restore_into_an_empty_sqlite_file(tmp_path):
    """End to end, as an operator runs them: one data folder backed up, restored into another."""

    def run(data: Path, *args: str) -> str:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_SETTINGS", "DATABASE_URL", "GIAINGAN_TESTING"))
        }
        env["GIAINGAN_DATA_DIR"] = str(data)
        done = subprocess.run(
            [sys.executable, "-m", "giaingan", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    old, new = tmp_path / "may_cu", tmp_path / "may_moi"
    run(old, "migrate", "-v", "0")
    count = (
        "from django.contrib.auth.models import User; from giaingan.org.models import Unit; "
        "print(User.objects.count(), Unit.objects.count())"
    )
    run(
        old,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.models import User; from giaingan.org.models import Unit; "
        "User.objects.create_user('tckh', password='giaingan'); "
        "Unit.objects.create(code='UBND', name='UBND huyện Văn Quan', kind='ubnd')",
    )
    (old / "media/bien_ban").mkdir(parents=True)
    (old / "media/bien_ban/hop_hoi_dong.pdf").write_bytes(b"%PDF-1.4 bien ban")
    printed = run(old, "backup", str(tmp_path / "sao_luu"))
    assert printed.startswith(f"Đã sao lưu vào {tmp_path / 'sao_luu'}: cơ sở dữ liệu SQLite, 1 tệp")

    printed = run(new, "restore", str(tmp_path / "sao_luu"))
    assert printed.startswith("Đã khôi phục bản sao lưu lúc ")
    assert run(new, "shell", "--no-imports", "-c", count).split() == ["1", "1"]
    assert (new / "media/bien_ban/hop_hoi_dong.pdf").read_bytes() == b"%PDF-1.4 bien ban"


def test_a_backup_inside_the_media_folder_is_refused(people, media):
    default_storage.save("minh_chung/2024/a.pdf", ContentFile(b"%PDF"))
    with pytest.raises(CommandError, match="nằm trong thư mục tệp đính kèm"):
        call_command("backup", str(media / "sao_luu"))
    assert folder_files(media) == {
        "minh_chung/2024/a.pdf": file_sha256(media / "minh_chung/2024/a.pdf")
    }
    assert sorted(p.name for p in media.iterdir()) == ["minh_chung"]


def test_a_database_file_that_does_not_load_changes_nothing(backup, media):
    """Even a dump whose manifest was made to match it: the database tool refuses it."""
    name = DATABASE_FILES[connection.vendor]
    (backup / name).write_bytes(b"khong phai co so du lieu " * 100)
    data = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    edit_manifest(backup, files={**data["files"], name: file_sha256(backup / name)})
    message = refused(backup, media)
    expected = {
        "sqlite": "Tệp database.sqlite3 không phải cơ sở dữ liệu SQLite.",
        "postgresql": "Khôi phục cơ sở dữ liệu không thành công (báo lỗi của pg_restore: ",
    }
    assert expected[connection.vendor] in message
    assert [p.name for p in media.parent.iterdir() if p.name.startswith(".media")] == []

"""Back up and restore the whole system: the database and the media files, with a manifest.

A backup is a folder: `manifest.json`, the database (`database.sqlite3` made by SQLite's
online backup API, or `database.dump` made by `pg_dump -Fc`) and `media/` (evidence, papers,
uploaded files). The manifest names the time, the database kind, the app version, the
applied migrations and the SHA-256 of every file, so a damaged or foreign backup is refused
before anything is touched.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from giaingan.capital.models import Project
from giaingan.figures.cache import ledger_generation_reset
from giaingan.org.models import Unit

MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
FORMAT = 1
CHUNK = 1024 * 1024


class BackupRefused(Exception):
    """A backup cannot be made or restored; nothing has been changed. Vietnamese text."""


@dataclass(frozen=True)
class Manifest:
    created_at: str
    database: str
    app_version: str
    migrations: list[str]
    files: dict[str, str] = field(default_factory=dict)
    format: int = FORMAT

    @property
    def database_file(self) -> str:
        return DATABASE_FILES[self.database]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def folder_files(root: Path) -> dict[str, str]:
    """Every file under root, by its path relative to root (with /), with its SHA-256."""
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): file_sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def database_kind(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in DATABASE_FILES:
        raise BackupRefused(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại «{vendor}».")
    return vendor


def applied_migrations(using: str = "default") -> list[str]:
    """The applied migrations as "app.name"."""
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def app_version() -> str:
    try:
        return importlib.metadata.version("giaingan")
    except importlib.metadata.PackageNotFoundError:
        return "không rõ"


def postgres_program(name: str) -> str:
    """The newest installed PostgreSQL client program (Debian keeps them off PATH)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if candidates:
        return str(candidates[-1])
    found = shutil.which(name)
    if found is None:
        raise BackupRefused(
            f"Không tìm thấy chương trình {name} của PostgreSQL: cài gói postgresql-client."
        )
    return found


def postgres_env(using: str) -> dict[str, str]:
    settings = connections[using].settings_dict
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if settings.get(key):
            env[variable] = str(settings[key])
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    return env


def postgres_run(args: list[str], *, using: str, doing: str) -> None:
    done = subprocess.run(args, env=postgres_env(using), capture_output=True, text=True)
    if done.returncode != 0:
        program = Path(args[0]).name
        lines = done.stderr.strip().splitlines() or [""]
        # The tool's own last line, for whoever diagnoses it (it is in English).
        detail = lines[-1].removeprefix(f"{program}: ")
        raise BackupRefused(f"{doing} không thành công (báo lỗi của {program}: {detail}).")


def database_dump(*, target: Path, kind: str, using: str) -> None:
    connection = connections[using]
    if kind == "sqlite":
        connection.ensure_connection()
        # The online backup API copies a consistent snapshot while others keep working.
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)
            # One self-contained file: reading it later leaves no -wal or -shm beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
    else:
        postgres_run(
            [postgres_program("pg_dump"), "--format=custom", "--no-owner", f"--file={target}"],
            using=using,
            doing="Sao lưu cơ sở dữ liệu",
        )


def backup_create(*, target: Path, media_root: Path, using: str = "default") -> Manifest:
    """Write a backup into target, a new or empty folder; all or nothing."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupRefused(
            f"Thư mục {target} đã có tệp: hãy chọn một thư mục mới cho mỗi lần sao lưu."
        )
    if target.resolve().is_relative_to(Path(media_root).resolve()):
        raise BackupRefused(
            f"Thư mục sao lưu {target} nằm trong thư mục tệp đính kèm {media_root}, "
            "là thư mục được sao lưu: hãy chọn một thư mục ở ngoài."
        )
    kind = database_kind(using)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target, then renamed: a failed backup leaves no half folder.
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        database_dump(target=work / DATABASE_FILES[kind], kind=kind, using=using)
        if Path(media_root).exists():
            shutil.copytree(media_root, work / MEDIA, dirs_exist_ok=True)
        manifest = Manifest(
            created_at=timezone.now().isoformat(timespec="seconds"),
            database=kind,
            app_version=app_version(),
            migrations=applied_migrations(using),
            files=folder_files(work),
        )
        (work / MANIFEST).write_text(
            json.dumps(asdict(manifest), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        if target.exists():
            target.rmdir()
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def manifest_read(source: Path) -> Manifest:
    path = Path(source) / MANIFEST
    if not Path(source).is_dir():
        raise BackupRefused(f"Không có thư mục sao lưu {source}.")
    if not path.is_file():
        raise BackupRefused(f"Thư mục {source} không phải bản sao lưu: thiếu tệp {MANIFEST}.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest(**data)
        valid = (
            manifest.format == FORMAT
            and manifest.database in DATABASE_FILES
            and isinstance(manifest.files, dict)
            and isinstance(manifest.migrations, list)
            and all(isinstance(name, str) for name in manifest.migrations)
            and all(isinstance(digest, str) for digest in manifest.files.values())
        )
    except (ValueError, TypeError, UnicodeDecodeError):
        valid = False
    if not valid:
        raise BackupRefused(f"Tệp {MANIFEST} hỏng hoặc không đúng định dạng bản sao lưu.")
    return manifest


def backup_verify(*, source: Path) -> Manifest:
    """The manifest of a whole, untouched backup; otherwise every problem, named by file."""
    source = Path(source)
    manifest = manifest_read(source)
    present = folder_files(source)
    present.pop(MANIFEST, None)
    problems = []
    if manifest.database_file not in manifest.files:
        problems.append(f"bảng kê không có tệp cơ sở dữ liệu {manifest.database_file}")
    for name, digest in sorted(manifest.files.items()):
        if name not in present:
            problems.append(f"thiếu tệp {name}")
        elif present[name] != digest:
            problems.append(f"tệp {name} đã bị sửa hoặc hỏng (mã SHA-256 không khớp bảng kê)")
    for name in sorted(set(present) - set(manifest.files)):
        problems.append(f"tệp {name} không có trong bảng kê")
    if problems:
        raise BackupRefused(
            f"Bản sao lưu {source} không toàn vẹn, không khôi phục:\n"
            + "\n".join(f"  - {problem}" for problem in problems)
        )
    return manifest


def database_holds_data(using: str = "default") -> bool:
    """True when the database has anyone's work in it (a freshly migrated one has none)."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    models = [get_user_model(), Unit, Project]
    return any(
        model._meta.db_table in tables and model.objects.using(using).exists() for model in models
    )


def media_holds_files(media_root: Path) -> bool:
    return Path(media_root).exists() and any(p.is_file() for p in Path(media_root).rglob("*"))


def restore_refusals(*, manifest: Manifest, using: str) -> list[str]:
    """Why this backup does not fit this installation (kind, migrations)."""
    kind = database_kind(using)
    if manifest.database != kind:
        return [
            f"Bản sao lưu là của {KIND_NAMES[manifest.database]}, còn hệ thống đang dùng "
            f"{KIND_NAMES[kind]}: hãy khôi phục vào cùng loại cơ sở dữ liệu."
        ]
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    unknown = sorted(set(manifest.migrations) - known)
    if unknown:
        return [
            f"Bản sao lưu do phiên bản mới hơn ({manifest.app_version}) tạo, có các bước "
            f"chuyển đổi dữ liệu mà phiên bản này không biết: {', '.join(unknown[:5])}"
            + (" …" if len(unknown) > 5 else "")
            + ". Hãy cài phiên bản đó rồi khôi phục."
        ]
    return newer_schema_refusals(
        kind=kind, current=applied_migrations(using), backup=manifest.migrations
    )


def newer_schema_refusals(*, kind: str, current: list[str], backup: list[str]) -> list[str]:
    """pg_restore --clean drops only the tables in the dump: tables of migrations applied
    here but absent from an older backup would stay and break the next migrate. SQLite's
    backup API replaces the whole file, so it has no such leftovers."""
    newer = sorted(set(current) - set(backup))
    if kind != "postgresql" or not newer:
        return []
    return [
        "Cơ sở dữ liệu hiện có đã qua các bước chuyển đổi dữ liệu mà bản sao lưu chưa có "
        f"({', '.join(newer[:5])}{' …' if len(newer) > 5 else ''}): hãy khôi phục vào một "
        "cơ sở dữ liệu PostgreSQL trống (dropdb rồi createdb), không ghi đè lên cơ sở dữ liệu này."
    ]


def database_load(*, source: Path, manifest: Manifest, using: str) -> None:
    connection = connections[using]
    connection.close()
    dump = Path(source) / manifest.database_file
    if manifest.database == "sqlite":
        with closing(sqlite3.connect(f"file:{dump}?mode=ro", uri=True)) as copy:
            try:
                # A database file first: the live database is touched only after this.
                # (Its bytes are those written at backup time: the SHA-256 said so.)
                sound = copy.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
            except sqlite3.DatabaseError:
                sound = False
            if not sound:
                raise BackupRefused(
                    f"Tệp {manifest.database_file} không phải cơ sở dữ liệu SQLite."
                )
            connection.ensure_connection()
            # The backup API replaces the whole database, pages and schema, in one step.
            copy.backup(connection.connection)
    else:
        postgres_run(
            [
                postgres_program("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ],
            using=using,
            doing="Khôi phục cơ sở dữ liệu",
        )
    connection.close()


def media_stage(*, source: Path, media_root: Path) -> Path:
    """A copy of the backup's media beside media_root, ready to take its place."""
    media_root = Path(media_root)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".media-restore.", dir=media_root.parent))
    try:
        if (Path(source) / MEDIA).exists():
            shutil.copytree(Path(source) / MEDIA, staged, dirs_exist_ok=True)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


def media_swap(*, staged: Path, media_root: Path) -> None:
    """Two renames on one disk: the old media go, the staged copy takes their place."""
    media_root = Path(media_root)
    old = staged.with_name(staged.name.replace("restore", "old"))
    if media_root.exists():
        media_root.rename(old)
    staged.rename(media_root)
    shutil.rmtree(old, ignore_errors=True)


def backup_restore(
    *, source: Path, media_root: Path, force: bool = False, using: str = "default"
) -> Manifest:
    """Restore a verified backup; an installation with data needs force=True."""
    manifest = backup_verify(source=source)
    refusals = restore_refusals(manifest=manifest, using=using)
    if refusals:
        raise BackupRefused("\n".join(refusals))
    if not force and (database_holds_data(using) or media_holds_files(media_root)):
        raise BackupRefused(
            "Cơ sở dữ liệu hoặc thư mục tệp đính kèm đang có dữ liệu; khôi phục sẽ xóa và "
            "thay toàn bộ. Nếu chắc chắn, chạy lại với --force."
        )
    # The slow copy of the files first: if it fails, the database is still untouched.
    staged = media_stage(source=source, media_root=media_root)
    try:
        database_load(source=source, manifest=manifest, using=using)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    # The restored generation may be one the running workers cached other figures under.
    ledger_generation_reset(using=using)
    media_swap(staged=staged, media_root=media_root)
    return manifest

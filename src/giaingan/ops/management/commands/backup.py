"""`giaingan backup DIR`: the database and the media files, with a manifest, into DIR."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from giaingan.ops.backup import KIND_NAMES, BackupRefused, backup_create


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (SQLite hoặc PostgreSQL) và mọi tệp đính kèm (minh chứng, "
        "hồ sơ, tệp đã nhập) vào thư mục DIR (mới hoặc trống), kèm bảng kê manifest.json."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", metavar="DIR", help="thư mục sao lưu, mới hoặc trống")

    def handle(self, *args, **options) -> None:
        target = Path(options["directory"]).resolve()
        try:
            manifest = backup_create(target=target, media_root=Path(settings.MEDIA_ROOT))
        except BackupRefused as error:
            raise CommandError(f"Không sao lưu được, không có gì được ghi: {error}") from None
        media = sum(1 for name in manifest.files if name.startswith("media/"))
        self.stdout.write(
            f"Đã sao lưu vào {target}: cơ sở dữ liệu {KIND_NAMES[manifest.database]}, "
            f"{media} tệp đính kèm, {len(manifest.migrations)} bước chuyển đổi dữ liệu, "
            f"lúc {manifest.created_at}."
        )

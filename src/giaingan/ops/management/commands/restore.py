"""`giaingan restore DIR`: put a backup made by `giaingan backup` back in place."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from giaingan.audit.services import log_action
from giaingan.ops.backup import KIND_NAMES, BackupRefused, backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của `giaingan backup` vào cơ sở dữ liệu đang cấu hình. "
        "Bản sao lưu được kiểm tra (mã SHA-256 từng tệp, loại cơ sở dữ liệu, phiên bản) "
        "trước khi ghi. Cơ sở dữ liệu đang có dữ liệu chỉ bị ghi đè khi có --force. "
        "Hãy dừng ứng dụng trong lúc khôi phục."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", metavar="DIR", help="thư mục bản sao lưu")
        parser.add_argument(
            "--force",
            action="store_true",
            help="xóa và thay toàn bộ dữ liệu hiện có bằng bản sao lưu",
        )

    def handle(self, *args, **options) -> None:
        source = Path(options["directory"]).resolve()
        try:
            manifest = backup_restore(
                source=source, media_root=Path(settings.MEDIA_ROOT), force=options["force"]
            )
        except BackupRefused as error:
            raise CommandError(f"Không khôi phục, không có gì thay đổi: {error}") from None
        # A backup from an older version gets this version's later migrations.
        call_command("migrate", interactive=False, verbosity=0)
        # The restored history says where it came from (written after the migrate above).
        log_action(
            "ops.backup.restored",
            data={
                "source": str(source),
                "created_at": manifest.created_at,
                "app_version": manifest.app_version,
                "forced": options["force"],
            },
        )
        media = sum(1 for name in manifest.files if name.startswith("media/"))
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {manifest.created_at} "
            f"(cơ sở dữ liệu {KIND_NAMES[manifest.database]}, {media} tệp đính kèm)."
        )

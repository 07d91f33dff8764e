"""`giaingan demo`: migrate, then load the demo district (idempotent)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from giaingan.demo.district import load_demo
from giaingan.lib.problems import InvalidInput


class Command(BaseCommand):
    help = (
        "Tạo (hoặc cập nhật) cơ sở dữ liệu và nạp dữ liệu mẫu huyện Văn Quan năm 2024, "
        "kèm một tài khoản dùng thử cho mỗi vai trò. Chạy lại nhiều lần không nhân đôi dữ liệu."
    )

    def handle(self, *args, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        try:
            load_demo(stdout=self.stdout if options["verbosity"] > 0 else None)
        except InvalidInput as error:
            # The load runs in one transaction: nothing was written.
            raise CommandError(
                f"Không nạp được dữ liệu mẫu, không có gì được ghi:\n{error}", returncode=1
            ) from None

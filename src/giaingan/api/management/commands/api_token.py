"""`giaingan api_token LOGIN`: print a new API token for that user (others stay valid)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from giaingan.api.tokens import api_token_issue


class Command(BaseCommand):
    help = "Cấp một mã truy cập API mới cho người dùng (không thu hồi mã nào)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("login", help="tên đăng nhập")
        parser.add_argument("--name", default="", help="dùng cho hệ thống nào (ghi chú)")

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(username=options["login"])
        except User.DoesNotExist:
            raise CommandError(f"Không có người dùng «{options['login']}».", returncode=1) from None
        if not user.is_active:
            raise CommandError(f"Tài khoản «{user.get_username()}» đã bị khóa.", returncode=1)
        _token, raw = api_token_issue(user=user, name=options["name"])
        self.stdout.write(raw)

"""What the management commands read from their arguments, refused the same way in each: a
file that must exist, the user named by `--user`, a date option. Each refusal is a
Vietnamese `CommandError` with return code 2 (a wrong argument), never a stack trace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from giaingan.lib.dates import DateError, parse_date


def input_file(value: str) -> Path:
    """The file a command reads; it must exist."""
    path = Path(value)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {path}", returncode=2)
    return path


def user_named(username: str | None) -> Any:
    """The user a command acts as (written to the event log); None when none is named."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Không có người dùng {username}", returncode=2)
    return user


def date_option(value: str, option: str) -> dt.date:
    """A date typed dd/mm/yyyy or yyyy-mm-dd for `option` (`--as-of`, `--today`)."""
    try:
        return parse_date(value)
    except DateError as error:
        raise CommandError(f"{option}: {error}", returncode=2) from None

"""The user who acts, when there is one."""

from __future__ import annotations

from typing import Any


def signed_in(user: Any) -> Any:
    """`user` when logged in; None for an anonymous visitor or a command run without one."""
    return user if getattr(user, "is_authenticated", False) else None

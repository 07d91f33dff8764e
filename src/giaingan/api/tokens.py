"""Issue, revoke and recognise API tokens (services and one selector)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from giaingan.api.models import ApiToken
from giaingan.audit.services import log_action

PREFIX_LENGTH = 8
# Writing "last used" on every request would make every API read a write (on SQLite, a lock).
LAST_USED_STEP = dt.timedelta(minutes=5)


def token_digest(raw: str) -> str:
    """The token's SHA-256: a random 256-bit token needs no slow hash to be safe at rest."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_issue(*, user: Any, by: Any = None, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user` (other tokens stay valid); the raw token is returned only here."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:PREFIX_LENGTH],
        digest=token_digest(raw),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    log_action(
        "api.token.issued",
        user=by,
        obj=token,
        data={"user": user.get_username(), "prefix": token.prefix, "name": name},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Any = None) -> bool:
    """Revoke `token` at once; False when it already was."""
    # Locked: two admins revoking together record one revocation.
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.revoked_by = by if getattr(by, "is_authenticated", False) else None
    token.save(update_fields=["revoked_at", "revoked_by"])
    log_action(
        "api.token.revoked",
        user=by,
        obj=token,
        data={"user": token.user.get_username(), "prefix": token.prefix},
    )
    return True


def api_token_holder(raw: str) -> ApiToken | None:
    """The active token `raw` is, with its user; None for an unknown or revoked one."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

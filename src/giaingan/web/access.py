"""Server-side permission checks for views: the same rules the templates use."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def require(request: HttpRequest, permission: str, obj: object = None) -> None:
    """Raise PermissionDenied (a Vietnamese 403 page) unless the user has `permission`."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def permission_required(permission: str) -> Callable:
    """Log in first, then check `permission` (without an object) on the server."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            require(request, permission)
            return view(request, *args, **kwargs)

        return checked

    return decorator

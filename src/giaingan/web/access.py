"""Server-side permission checks for views: the same rules the templates use."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The project's 403 handler: a visitor who has not logged in is sent to the login form
    and brought back afterwards (whichever view refused); a logged-in user is told, in
    Vietnamese, that the account may not do this."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return redirect_to_login(request.get_full_path())
    return render(request, "403.html", status=403)


class MethodNotAllowedPage:
    """Middleware: a view that takes only some methods (`require_POST`, Django's logout)
    answers any other with 405 and an empty body, a blank page in a browser. Such an answer
    gets the project's Vietnamese page, with its `Allow` header kept; an answer that already
    says something (the API's JSON) is left as it is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False) or response.content:
            return response
        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page

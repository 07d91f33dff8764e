"""A paper that cannot be made (no one to sign it, data missing) answers a Vietnamese page
saying why and what to record, never a server error: one place for every download."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from giaingan.documents.official import DocumentContextError
from giaingan.org.signers import SignerMissing
from giaingan.web.problems import problem_message


class PaperRefusedPage:
    """Middleware: `SignerMissing` or `DocumentContextError` raised while a view makes a
    paper answers 409 with the reasons (nothing was written: the view's transaction, if
    any, is rolled back by the raise)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, SignerMissing):
            reasons = [problem_message(problem) for problem in exception.problems]
        elif isinstance(exception, DocumentContextError):
            reasons = [str(exception)]
        else:
            return None
        return render(request, "paper_refused.html", {"reasons": reasons}, status=409)

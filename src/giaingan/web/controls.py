"""Control characters are refused at the door of every form and every JSON body sent to
the API: one check for every page and endpoint.

A control character (NUL, U+0001 ... U+001F, DEL) typed or pasted into any form, the entry
forms, the emulation pages or the admin, would be stored and break an export later (an xlsx
cannot hold it) or, on PostgreSQL, end in a database error (NUL). Tab and line breaks are
allowed: a note may have several lines. The importers check their cells the same way
(`imports.base.Importer`), with the row and column named.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from giaingan.lib.text import control_character, control_character_reason

CHECKED_METHODS = {"POST", "PUT", "PATCH"}
_FORMSET_FIELD = re.compile(r"^(?P<prefix>[\w-]+?)-(?P<index>\d+)-(?P<field>\w+)$")


def field_place(name: str) -> str:
    """Where a posted field is, as the user reads it: "dòng 3, ô «amount»"."""
    found = _FORMSET_FIELD.match(name)
    if found is not None:
        return f"dòng {int(found['index']) + 1}, ô «{found['field']}»"
    return f"ô «{name}»"


def posted_control_characters(request: HttpRequest) -> list[str]:
    """A Vietnamese message for each posted field holding a control character."""
    found = []
    for name, values in request.POST.lists():
        for text in (name, *values):
            code = control_character(text, multiline=True)
            if code is not None:
                shown = name.encode("unicode_escape").decode("ascii")
                place = field_place(shown)
                found.append(f"{place[0].upper()}{place[1:]} {control_character_reason(code)}.")
                break
    for upload in request.FILES.values():
        code = control_character(upload.name or "")
        if code is not None:
            found.append(f"Tên tệp tải lên {control_character_reason(code)}.")
    if request.content_type == "application/json":
        found.extend(json_control_characters(request.body))
    return found


def json_control_characters(body: bytes) -> list[str]:
    """A message for each string of a JSON body (keys too) holding a control character,
    named by its path, e.g. «lines[2].note»; a body that is not JSON is left to the view."""
    try:
        data = json.loads(body or b"null")
    except ValueError:
        return []
    found = []
    for path, text in json_strings(data, ""):
        code = control_character(text, multiline=True)
        if code is not None:
            found.append(f"Trường «{path or '(gốc)'}» {control_character_reason(code)}.")
    return found


def json_strings(data: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            shown = key.encode("unicode_escape").decode("ascii")
            yield f"{path}.{shown}" if path else shown, key
            yield from json_strings(value, f"{path}.{shown}" if path else shown)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from json_strings(value, f"{path}[{index}]")


class ControlCharactersMiddleware:
    """Answers 400, in Vietnamese and naming the field, to a form holding a control
    character: nothing reaches a view, so nothing is written."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in CHECKED_METHODS:
            problems = posted_control_characters(request)
            if problems and request.path.startswith("/api/"):
                # The API answers as it always does: JSON, with every problem.
                return JsonResponse({"detail": problems[0], "problems": problems}, status=400)
            if problems:
                return render(request, "400_text.html", {"problems": problems}, status=400)
        return self.get_response(request)

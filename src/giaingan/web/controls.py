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
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import cache

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from giaingan.lib.text import control_character, control_character_reason

CHECKED_METHODS = {"POST", "PUT", "PATCH"}
_FORMSET_FIELD = re.compile(r"^(?P<prefix>[\w-]+?)-(?P<index>\d+)-(?P<field>\w+)$")


def form_classes() -> Iterator[type[forms.BaseForm]]:
    """Every form class the app declares (its own modules, not Django's or a library's)."""
    seen: set[type] = set()
    waiting: list[type] = [forms.BaseForm]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                waiting.append(subclass)
                if subclass.__module__.startswith("giaingan."):
                    yield subclass


def app_of(module: str) -> str:
    """The app a module belongs to: "giaingan.capital.forms" -> "giaingan.capital"."""
    return ".".join(module.split(".")[:2])


@cache
def field_labels() -> dict[tuple[str, str], str]:
    """(app, posted field name) -> its Vietnamese label, from the fields the app's forms
    declare; built once, on the first refused form (by then the URLconf has imported every
    form). A name an app's forms label differently is left out: a wrong label would mislead
    more than the field's name."""
    labels: dict[tuple[str, str], set[str]] = defaultdict(set)
    for form_class in form_classes():
        app = app_of(form_class.__module__)
        for name, field in getattr(form_class, "base_fields", {}).items():
            label = str(field.label or "").strip()
            if label:
                labels[app, name].add(label)
    return {key: found.pop() for key, found in labels.items() if len(found) == 1}


def field_label(name: str, app: str = "") -> str:
    """A posted field's Vietnamese label in the forms of `app` (the app whose view the request
    goes to), or its name when that app's forms do not label it (the admin, an unknown name)."""
    return field_labels().get((app, name), name)


def field_place(name: str, app: str = "") -> str:
    """Where a posted field is, as the user reads it: "dòng 3, ô «Số tiền»"."""
    found = _FORMSET_FIELD.match(name)
    if found is not None:
        return f"dòng {int(found['index']) + 1}, ô «{field_label(found['field'], app)}»"
    return f"ô «{field_label(name, app)}»"


def view_app(request: HttpRequest) -> str:
    """The app of the view the request goes to ("" when none of the app's views takes it)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ""
    module = getattr(match.func, "__module__", "") or ""
    return app_of(module) if module.startswith("giaingan.") else ""


def posted_control_characters(request: HttpRequest) -> list[str]:
    """A Vietnamese message for each posted field holding a control character."""
    found = []
    app = view_app(request)
    for name, values in request.POST.lists():
        for text in (name, *values):
            code = control_character(text, multiline=True)
            if code is not None:
                shown = name.encode("unicode_escape").decode("ascii")
                place = field_place(shown, app)
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

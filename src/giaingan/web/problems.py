"""Showing a service's problems (`lib.problems.Problem`) and a form's errors on a page.

One place for every page: next to the field a problem's column names (`problems_on_form`,
`problem_text`), in the summary above a form (`error_summary`, `form_messages`), alone in a
list or as flash messages when no form holds them (`problem_message`, `problems_flash`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.text import capfirst

from giaingan.lib.problems import Problem


def problem_text(problem: Problem) -> str:
    """A problem as a message shown next to the field it concerns: its reason, as a sentence."""
    text = capfirst(problem.reason.strip())
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def problem_message(problem: Problem) -> str:
    """A problem shown on its own, not next to a field: where (row, field), why, what was given."""
    where = []
    if problem.row is not None:
        where.append(f"Dòng {problem.row}")
    if problem.column:
        where.append(problem.column)
    text = problem_text(problem)
    if where:
        text = f"{', '.join(where)}: {text}"
    if problem.value != "":
        text += f" (giá trị: «{problem.value}»)"
    return text


def problems_on_form(
    form: forms.Form, problems: Iterable[Problem], fields: Mapping[str, str | None]
) -> None:
    """Put each problem next to the field its column names (`fields`: column -> field name);
    one whose column is not there (or maps to None) goes above the form, a non-field error."""
    for problem in problems:
        form.add_error(fields.get(problem.column), problem_text(problem))


def error_summary(form: forms.Form, line: int | None = None) -> list[tuple[str, str]]:
    """(anchor, message) for each error of `form`, to list above the form."""
    found = []
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            anchor, place = "", ""
        else:
            anchor, place = f"#{form[name].auto_id}", str(form.fields[name].label or "")
        if line is not None:
            place = f"Dòng {line}" + (f", {place.lower()}" if place else "")
        for error in errors:
            found.append((anchor, f"{place}: {error}" if place else str(error)))
    return found


def form_messages(form: forms.Form) -> list[str]:
    """Each error of `form` as "Label: message", to list above the page."""
    return [message for _, message in error_summary(form)]


def problems_flash(request: HttpRequest, problems: Iterable[Problem]) -> None:
    """Each problem as an error message on the next page (when no form is there to hold it)."""
    for problem in problems:
        messages.error(request, problem_message(problem))

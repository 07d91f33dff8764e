"""Showing a service's problems (`lib.problems.Problem`) and a form's errors on a page.

One place for every page: `form_submit` is the one call-service / catch the refusal / show
again skeleton of a form view; then: next to the field a problem's column names (`problems_on_form`,
`problem_text`), in the summary above a form (`error_summary`, `form_messages`), alone in a
list or as flash messages when no form holds them (`problem_message`, `problems_flash`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.text import capfirst

from giaingan.lib.problems import InvalidInput, Problem

Done = TypeVar("Done")


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


def on_form(
    form: forms.Form, fields: Mapping[str, str | None] | None = None
) -> Callable[[Iterable[Problem]], list[str]]:
    """A `form_submit` `place`: each problem next to its field (`fields`: column -> field name;
    by default a column that is one of the form's fields), the others above the form."""
    names = fields if fields is not None else {name: name for name in form.fields}

    def place(problems: Iterable[Problem]) -> list[str]:
        problems_on_form(form, problems, names)
        return []

    return place


def form_submit(
    form: forms.Form | None,
    act: Callable[[dict], Done],
    *,
    done: Callable[[Done], HttpResponse],
    again: Callable[[list[str]], HttpResponse],
    found: Iterable[str] = (),
    place: Callable[[list[Problem]], list[str]] | None = None,
) -> HttpResponse:
    """Check the form, call the service, answer: the one skeleton of a form view.

    `act` gets the form's cleaned data and calls the service. A form with errors, a problem
    the view `found` before the service, or the service's refusal (`InvalidInput`, nothing
    written) goes to `again` with every message, to show the page again; what `act` returned
    goes to `done` (a message and a redirect). `place` turns the refusal's problems into the
    messages for `again`, after putting those it can next to their fields (`on_form`); by
    default each is a message naming its row and field (`problem_message`).
    """
    problems = list(found)
    if form is not None and not form.is_valid():
        problems = form_messages(form) + problems
    if problems:
        return again(problems)
    try:
        result = act(form.cleaned_data if form is not None else {})
    except InvalidInput as refused:
        if place is not None:
            return again(place(refused.problems))
        return again([problem_message(problem) for problem in refused.problems])
    return done(result)

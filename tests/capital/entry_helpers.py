"""Form data for the entry pages, as a browser would post it."""

from __future__ import annotations

from giaingan.capital.models import PlanEntry, TreasuryLine

PLAN_NEW = "/so-von/quyet-dinh/moi/"
LINE_NEW = "/so-von/chung-tu/moi/"


def plan_form(
    lines: list[tuple[str, str, str] | tuple[str, str, str, str]],
    *,
    number: str = "1250/QĐ-UBND",
    date: str = "15/01/2024",
    kind: str = "giao_dau_nam",
    year: str = "2024",
    blank: int = 2,
) -> dict[str, str]:
    """A plan decision: lines of (project code, source code, amount[, note]) and blank ones."""
    data = {
        "decision_number": number,
        "decision_date": date,
        "kind": kind,
        "plan_year": year,
        "lines-TOTAL_FORMS": str(len(lines) + blank),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
        "save": "1",
    }
    for index, line in enumerate(lines):
        project, source, amount, *note = line
        data[f"lines-{index}-project"] = project
        data[f"lines-{index}-source"] = source
        data[f"lines-{index}-amount"] = amount
        data[f"lines-{index}-note"] = note[0] if note else ""
    for index in range(len(lines), len(lines) + blank):
        for field in ("project", "source", "amount", "note"):
            data[f"lines-{index}-{field}"] = ""
    return data


def line_form(**fields: str) -> dict[str, str]:
    """A treasury line: an advance of 100.000.000 đồng on DA1 unless told otherwise."""
    data = {
        "document_number": "KB-0001",
        "value_date": "20/03/2024",
        "project": "DA1",
        "source": "NSDP-HUYEN",
        "plan_year": "2024",
        "kind": "tam_ung",
        "amount": "100.000.000",
        "recovered_advance": "",
        "reverses_number": "",
    }
    data.update(fields)
    return data


def ledger_size() -> tuple[int, int]:
    """Plan entries and treasury lines recorded through the pages (which name who did it):
    the fixtures' plans, recorded by no one, give projects room to be paid."""
    return (
        PlanEntry.objects.filter(created_by__isnull=False).count(),
        TreasuryLine.objects.filter(created_by__isnull=False).count(),
    )


def errors_of(response) -> list[str]:
    """Every error shown on a re-displayed entry form, field by field."""
    found = []
    context = response.context
    forms = []
    if "form" in context:
        forms.append(context["form"])
    if "header" in context:
        forms.append(context["header"])
        forms.extend(context["lines"].forms)
    for form in forms:
        for messages in form.errors.values():
            found.extend(messages)
    if "lines" in context:
        found.extend(context["lines"].non_form_errors())
        found.extend(context["decision_errors"])
    return found

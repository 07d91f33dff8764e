"""A published snapshot as an IATI 2.03 activity file: one activity per project, with the
year's budget (the plan in force) and its transactions: commitments are the plan decisions,
disbursements the treasury's advances and expenditures its payments for completed works,
exactly the entries the snapshot's figures count (nothing dated after `as_of`)."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from giaingan.capital.models import LineKind
from giaingan.opendata.ocds import publisher_name
from giaingan.opendata.source import Source, source_take
from giaingan.public.models import PublishedSnapshot

IATI_VERSION = "2.03"
CURRENCY = "VND"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
COMMITMENT, DISBURSEMENT, EXPENDITURE = "2", "3", "4"
LINE_TRANSACTION = {LineKind.ADVANCE: DISBURSEMENT, LineKind.PAYMENT: EXPENDITURE}
REPORTING_ORG_REF = "VN-GIAINGAN"
GOVERNMENT = "10"  # IATI OrganisationType: government
ACTIVITY_IMPLEMENTATION = "2"  # IATI ActivityStatus
START_PLANNED = "1"  # IATI ActivityDateType
FUNDING, IMPLEMENTING = "1", "4"  # IATI OrganisationRole


def text(parent, tag: str, value: str, **attrs) -> etree._Element:
    element = etree.SubElement(parent, tag, **attrs)
    narrative = etree.SubElement(element, "narrative")
    narrative.set(XML_LANG, "vi")
    narrative.text = xml_safe(value)
    return element


def xml_safe(value: str) -> str:
    """The text without the characters XML 1.0 cannot carry (control characters)."""
    return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 0x20)


def value(parent, amount: int, on: dt.date) -> None:
    element = etree.SubElement(parent, "value", currency=CURRENCY)
    element.set("value-date", on.isoformat())
    element.text = str(int(amount))


def transaction(parent, code: str, on: dt.date, amount: int, description: str) -> None:
    element = etree.SubElement(parent, "transaction")
    etree.SubElement(element, "transaction-type", code=code)
    etree.SubElement(element, "transaction-date").set("iso-date", on.isoformat())
    value(element, amount, on)
    text(element, "description", description)


def activity_file(snapshot: PublishedSnapshot, *, source: Source | None = None) -> bytes:
    """The IATI activity file (UTF-8 XML) of a published snapshot, from its `source` as kept
    at publication (or as the ledger stands now, without one)."""
    if source is None:
        source = source_take(snapshot)
    root = etree.Element("iati-activities", version=IATI_VERSION)
    root.set("generated-datetime", snapshot.published_at.isoformat())
    year_start = dt.date(snapshot.plan_year, 1, 1)
    year_end = dt.date(snapshot.plan_year, 12, 31)
    for project in source.items:
        activity = etree.SubElement(root, "iati-activity", {"default-currency": CURRENCY})
        activity.set(XML_LANG, "vi")
        identifier = etree.SubElement(activity, "iati-identifier")
        identifier.text = xml_safe(f"{REPORTING_ORG_REF}-{project.code}")
        text(activity, "reporting-org", publisher_name(), ref=REPORTING_ORG_REF, type=GOVERNMENT)
        text(activity, "title", project.name)
        text(
            activity,
            "description",
            f"Kế hoạch vốn đầu tư công năm {snapshot.plan_year}, số liệu đến ngày "
            f"{snapshot.as_of.strftime('%d/%m/%Y')} ({snapshot.base_label})",
        )
        if project.agency is not None:
            text(activity, "participating-org", project.agency.name, role=FUNDING)
        text(activity, "participating-org", project.investor.name, role=IMPLEMENTING)
        etree.SubElement(activity, "activity-status", code=ACTIVITY_IMPLEMENTATION)
        started = dt.date(project.start_year or snapshot.plan_year, 1, 1)
        etree.SubElement(activity, "activity-date", type=START_PLANNED).set(
            "iso-date", started.isoformat()
        )
        budget = etree.SubElement(activity, "budget", type="1", status="2")
        etree.SubElement(budget, "period-start").set("iso-date", year_start.isoformat())
        etree.SubElement(budget, "period-end").set("iso-date", year_end.isoformat())
        value(budget, project.plan, year_start)
        for entry in project.entries:
            transaction(
                activity,
                COMMITMENT,
                entry.decision_date,
                entry.amount,
                f"Quyết định {entry.decision_number} ({entry.kind_label})",
            )
        for line in project.lines:
            transaction(
                activity,
                LINE_TRANSACTION.get(line.kind, DISBURSEMENT),
                line.value_date,
                line.disbursed,
                f"Kho bạc Nhà nước, chứng từ {line.document_number} ({line.kind_label})",
            )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

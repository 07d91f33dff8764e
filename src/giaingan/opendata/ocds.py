"""A published snapshot as an OCDS 1.1 release package: one release per project.

Only what was published is exported: the snapshot's year, as-of date and base decide which
projects, plans, contracts and treasury lines appear (nothing dated after `as_of`). The
plan in force per project comes from `figures` (one `Figures` for the snapshot), never
recomputed here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings

from giaingan.capital.models import Project, TreasuryLine
from giaingan.contracts.models import Contract
from giaingan.figures.selectors import Figures, Grouping
from giaingan.public.models import PublishedSnapshot

OCDS_VERSION = "1.1"
CURRENCY = "VND"


def ocds_prefix() -> str:
    return getattr(settings, "OCDS_PREFIX", "ocds-giaingan-")


def publisher_name() -> str:
    return getattr(settings, "OPENDATA_PUBLISHER", "Ủy ban nhân dân huyện")


def opendata_license() -> str:
    return getattr(settings, "OPENDATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")


def party_id(unit) -> str:
    return f"VN-UNIT-{unit.code}"


def iso_datetime(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+07:00"


def money(amount: int) -> dict:
    return {"amount": int(amount), "currency": CURRENCY}


def snapshot_projects(snapshot: PublishedSnapshot) -> list[tuple[Project, int]]:
    """The projects of the snapshot with their plan in force (đồng), in code order."""
    figures = Figures(year=snapshot.plan_year, as_of=snapshot.as_of, base=snapshot.base)
    plans = {row.code: int(row.plan) for row in figures.table(Grouping.PROJECT).rows}
    projects = Project.objects.filter(code__in=plans).select_related("investor", "agency")
    return [(project, plans[project.code]) for project in projects.order_by("code")]


def snapshot_contracts(snapshot: PublishedSnapshot, project_ids: list[int]) -> dict:
    """The contracts signed by `as_of` of those projects, with the treasury lines of the
    snapshot's year dated by `as_of` that paid their dossiers."""
    contracts = (
        Contract.objects.filter(project_id__in=project_ids, signed_on__lte=snapshot.as_of)
        .select_related("contractor")
        .order_by("signed_on", "id")
    )
    lines = (
        TreasuryLine.objects.filter(
            dossier_payment__dossier__contract__in=contracts,
            plan_year=snapshot.plan_year,
            value_date__lte=snapshot.as_of,
        )
        .select_related("dossier_payment__dossier")
        .order_by("value_date", "id")
    )
    paid = defaultdict(list)
    for line in lines:
        paid[line.dossier_payment.dossier.contract_id].append(line)
    by_project = defaultdict(list)
    for contract in contracts:
        by_project[contract.project_id].append((contract, paid[contract.id]))
    return by_project


def project_release(snapshot, project, plan: int, contracts, published: str) -> dict:
    ocid = f"{ocds_prefix()}{project.code}"
    parties = {}

    def add_party(unit, role: str) -> dict:
        entry = parties.setdefault(unit.pk, {"id": party_id(unit), "name": unit.name, "roles": []})
        if unit.tax_code and "identifier" not in entry:
            entry["identifier"] = {"scheme": "VN-MST", "id": unit.tax_code}
        if role not in entry["roles"]:
            entry["roles"].append(role)
        return {"id": entry["id"], "name": entry["name"]}

    buyer = add_party(project.investor, "buyer")
    add_party(project.investor, "procuringEntity")
    if project.agency is not None:
        add_party(project.agency, "funder")
    release = {
        "ocid": ocid,
        "id": f"{ocid}-snapshot-{snapshot.pk}",
        "date": published,
        "tag": ["planning", "contract", "implementation"] if contracts else ["planning"],
        "initiationType": "tender",
        "language": "vi",
        "buyer": buyer,
        "planning": {
            "budget": {
                "id": f"{project.code}-{snapshot.plan_year}",
                "description": f"Kế hoạch vốn năm {snapshot.plan_year} đến ngày "
                f"{snapshot.as_of.strftime('%d/%m/%Y')} ({snapshot.base_label})",
                "amount": money(plan),
                "project": project.name,
                "projectID": project.code,
            }
        },
        "tender": {"id": f"{project.code}-tender", "title": project.name},
    }
    if contracts:
        awards, ocds_contracts = [], []
        for contract, lines in contracts:
            supplier = add_party(contract.contractor, "supplier")
            award_id = f"{project.code}-award-{contract.pk}"
            awards.append(
                {
                    "id": award_id,
                    "title": contract.package,
                    "status": "active",
                    "value": money(contract.value),
                    "suppliers": [supplier],
                    "date": iso_datetime(contract.signed_on),
                }
            )
            ocds_contracts.append(
                {
                    "id": f"{project.code}-contract-{contract.pk}",
                    "awardID": award_id,
                    "title": f"{contract.number}: {contract.package}",
                    "status": "active",
                    "value": money(contract.value),
                    "dateSigned": iso_datetime(contract.signed_on),
                    "period": {
                        "startDate": iso_datetime(contract.signed_on),
                        "endDate": iso_datetime(contract.schedule_end),
                    },
                    "implementation": {
                        "transactions": [
                            {
                                "id": f"KB-{line.pk}",
                                "source": f"Kho bạc Nhà nước, chứng từ {line.document_number}",
                                "date": iso_datetime(line.value_date),
                                "value": money(line.amount),
                                "payer": buyer,
                                "payee": supplier,
                            }
                            for line in lines
                        ]
                    },
                }
            )
        release["awards"] = awards
        release["contracts"] = ocds_contracts
    release["parties"] = list(parties.values())
    return release


def release_package(snapshot: PublishedSnapshot, *, uri: str, policy: str = "") -> dict:
    """The OCDS release package of a published snapshot (`uri`: where it is served;
    `policy`: the page that says what is published and under which licence)."""
    published = snapshot.published_at.isoformat()
    projects = snapshot_projects(snapshot)
    contracts = snapshot_contracts(snapshot, [project.pk for project, _ in projects])
    package = {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": published,
        "publisher": {"name": publisher_name()},
        "license": opendata_license(),
        "releases": [
            project_release(snapshot, project, plan, contracts.get(project.pk, []), published)
            for project, plan in projects
        ],
    }
    if policy:
        package["publicationPolicy"] = policy
    return package

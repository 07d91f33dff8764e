"""A published snapshot as an OCDS 1.1 release package: one release per project.

Only what was published is exported: the snapshot's year, as-of date and base decide which
projects, plans, contracts and treasury lines appear (nothing dated after `as_of`). What
the package shows comes from the snapshot's `Source` (opendata.source), whose plan in force
per project comes from `figures`, never recomputed here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from giaingan.opendata.source import Item, Source, source_take
from giaingan.org.issuers import home_committee
from giaingan.org.places import full_name
from giaingan.public.models import PublishedSnapshot

OCDS_VERSION = "1.1"
CURRENCY = "VND"


def ocds_prefix() -> str:
    return getattr(settings, "OCDS_PREFIX", "ocds-giaingan-")


def publisher_name() -> str:
    """Who publishes the open data: the setting, else the home committee in full
    ("Ủy ban nhân dân huyện Văn Quan")."""
    named = getattr(settings, "OPENDATA_PUBLISHER", "")
    if named:
        return named
    committee = home_committee()
    return full_name(committee.name) if committee is not None else "Ủy ban nhân dân"


def opendata_license() -> str:
    return getattr(settings, "OPENDATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")


def party_id(unit) -> str:
    return f"VN-UNIT-{unit.code}"


def iso_datetime(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+07:00"


def money(amount: int) -> dict:
    return {"amount": int(amount), "currency": CURRENCY}


def project_release(snapshot: PublishedSnapshot, project: Item, published: str) -> dict:
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
        "tag": ["planning", "contract", "implementation"] if project.deals else ["planning"],
        "initiationType": "tender",
        "language": "vi",
        "buyer": buyer,
        "planning": {
            "budget": {
                "id": f"{project.code}-{snapshot.plan_year}",
                "description": f"Kế hoạch vốn năm {snapshot.plan_year} đến ngày "
                f"{snapshot.as_of.strftime('%d/%m/%Y')} ({snapshot.base_label})",
                "amount": money(project.plan),
                "project": project.name,
                "projectID": project.code,
            }
        },
        "tender": {"id": f"{project.code}-tender", "title": project.name},
    }
    if project.deals:
        awards, ocds_contracts = [], []
        for contract in project.deals:
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
                            for line in contract.payments
                        ]
                    },
                }
            )
        release["awards"] = awards
        release["contracts"] = ocds_contracts
    release["parties"] = list(parties.values())
    return release


def release_package(
    snapshot: PublishedSnapshot, *, uri: str, policy: str = "", source: Source | None = None
) -> dict:
    """The OCDS release package of a published snapshot (`uri`: where it is served;
    `policy`: the page that says what is published and under which licence), from its
    `source` as kept at publication (or as the ledger stands now, without one)."""
    published = snapshot.published_at.isoformat()
    if source is None:
        source = source_take(snapshot)
    package = {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": published,
        "publisher": {"name": publisher_name()},
        "license": opendata_license(),
        "releases": [project_release(snapshot, project, published) for project in source.items],
    }
    if policy:
        package["publicationPolicy"] = policy
    return package

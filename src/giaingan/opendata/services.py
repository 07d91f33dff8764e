"""Freezing a published snapshot's open-data files: generated once from the ledger as it
stands at publication, kept with their SHA-256, and served as kept ever after, so that a
download never drifts from the figures the snapshot published."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from giaingan.opendata.iati import activity_file
from giaingan.opendata.ocds import release_package
from giaingan.public.models import PublishedSnapshot


@dataclass(frozen=True)
class OpenDataFile:
    """One frozen file of a snapshot, as served."""

    body: bytes
    name: str
    fmt: str


def site_address(url_name: str, *args) -> str:
    """The public address of a page: the files name where they are served, whichever host
    a visitor happened to use when they were frozen."""
    return f"{settings.SITE_URL}{reverse(url_name, args=args)}"


def ocds_bytes(snapshot: PublishedSnapshot) -> bytes:
    package = release_package(
        snapshot,
        uri=site_address("opendata:ocds", snapshot.pk),
        policy=site_address("opendata:datasets"),
    )
    return json.dumps(package, ensure_ascii=False, indent=1).encode()


def file_stem(snapshot: PublishedSnapshot) -> str:
    return f"{snapshot.plan_year}-{snapshot.as_of.isoformat()}-{snapshot.pk}"


def open_data_freeze(*, snapshot: PublishedSnapshot) -> PublishedSnapshot:
    """Generate and keep the snapshot's OCDS package and IATI file, unless already kept.

    `snapshot_publish` calls it in its transaction; a snapshot published before files were
    frozen gets them on its first download (from the ledger as it stands then)."""
    with transaction.atomic():
        # Two first downloads at once must freeze one pair of files, not two.
        locked = PublishedSnapshot.objects.select_for_update().get(pk=snapshot.pk)
        if locked.ocds and locked.iati:
            return locked
        stem = file_stem(locked)
        ocds, iati = ocds_bytes(locked), activity_file(locked)
        locked.ocds.save(f"ocds-{stem}.json", ContentFile(ocds), save=False)
        locked.iati.save(f"iati-{stem}.xml", ContentFile(iati), save=False)
        locked.ocds_sha256 = hashlib.sha256(ocds).hexdigest()
        locked.iati_sha256 = hashlib.sha256(iati).hexdigest()
        # Files made from the row, not a change to it: no history record of their own.
        PublishedSnapshot.objects.filter(pk=locked.pk).update(
            ocds=locked.ocds.name,
            iati=locked.iati.name,
            ocds_sha256=locked.ocds_sha256,
            iati_sha256=locked.iati_sha256,
        )
    return locked


def open_data_file(*, snapshot: PublishedSnapshot, fmt: str) -> OpenDataFile:
    """The frozen OCDS (`json`) or IATI (`xml`) file of a published snapshot."""
    if not (snapshot.ocds and snapshot.iati):
        snapshot = open_data_freeze(snapshot=snapshot)
    kept = snapshot.ocds if fmt == "json" else snapshot.iati
    with kept.open("rb") as handle:
        body = handle.read()
    prefix = "ocds" if fmt == "json" else "iati"
    return OpenDataFile(body=body, name=f"{prefix}-{file_stem(snapshot)}.{fmt}", fmt=fmt)

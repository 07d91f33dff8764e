"""Freezing a published snapshot's open-data files: generated once from the ledger as it
stood at publication, kept with their SHA-256, and served as kept ever after, so that a
download never drifts from the figures the snapshot published.

Publishing takes the files' source in its transaction (fast: reads only); the background
worker (`giaingan db_worker`) writes the files from it. Until then the snapshot is
"đang chuẩn bị" and a download says so."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from giaingan.opendata.iati import activity_file
from giaingan.opendata.ocds import release_package
from giaingan.opendata.source import Source, source_dump, source_load, source_take
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


def ocds_bytes(snapshot: PublishedSnapshot, source: Source) -> bytes:
    package = release_package(
        snapshot,
        uri=site_address("opendata:ocds", snapshot.pk),
        policy=site_address("opendata:datasets"),
        source=source,
    )
    return json.dumps(package, ensure_ascii=False, indent=1).encode()


def file_stem(snapshot: PublishedSnapshot) -> str:
    return f"{snapshot.plan_year}-{snapshot.as_of.isoformat()}-{snapshot.pk}"


def open_data_prepare(*, snapshot: PublishedSnapshot) -> PublishedSnapshot:
    """Take the snapshot's open-data source now and have the background worker write the
    files from it.

    `snapshot_publish` calls it in its transaction: the source is the ledger as it stands
    at publication, so the files the worker writes later are the ones a build at
    publication would have written, whatever is recorded in between. The job is queued on
    commit: a rolled-back publication must not leave a job behind."""
    blob = source_dump(source_take(snapshot))
    snapshot.opendata_source.save(
        f"nguon-{file_stem(snapshot)}.json.gz", ContentFile(blob), save=False
    )
    # A file kept beside the row, not a change to it: no history record of its own.
    PublishedSnapshot.objects.filter(pk=snapshot.pk).update(
        opendata_source=snapshot.opendata_source.name
    )
    transaction.on_commit(lambda: open_data_build.enqueue(snapshot.pk))
    return snapshot


def open_data_freeze(*, snapshot: PublishedSnapshot) -> PublishedSnapshot:
    """Write and keep the snapshot's OCDS package and IATI file, unless already kept: from
    the source kept at publication, or, for a snapshot published before sources were kept,
    from the ledger as it stands now (its first download freezes it)."""
    with transaction.atomic():
        # The worker and a first download at once must freeze one pair of files, not two.
        locked = PublishedSnapshot.objects.select_for_update().get(pk=snapshot.pk)
        if locked.opendata_ready:
            return locked
        kept = locked.opendata_source
        if kept:
            with kept.open("rb") as handle:
                source = source_load(handle.read())
        else:
            source = source_take(locked)
        stem = file_stem(locked)
        ocds, iati = ocds_bytes(locked, source), activity_file(locked, source=source)
        locked.ocds.save(f"ocds-{stem}.json", ContentFile(ocds), save=False)
        locked.iati.save(f"iati-{stem}.xml", ContentFile(iati), save=False)
        locked.ocds_sha256 = hashlib.sha256(ocds).hexdigest()
        locked.iati_sha256 = hashlib.sha256(iati).hexdigest()
        source_name = kept.name if kept else ""
        locked.opendata_source = ""
        # Files made from the row, not a change to it: no history record of their own.
        PublishedSnapshot.objects.filter(pk=locked.pk).update(
            ocds=locked.ocds.name,
            iati=locked.iati.name,
            ocds_sha256=locked.ocds_sha256,
            iati_sha256=locked.iati_sha256,
            opendata_source="",
        )
    if source_name:
        # The files are kept: their source is no longer needed (deleted after the commit).
        transaction.on_commit(lambda: default_storage.delete(source_name))
    return locked


@task()
def open_data_build(snapshot_id: int) -> None:
    """The background worker's job: write a published snapshot's open-data files."""
    snapshot = PublishedSnapshot.objects.filter(pk=snapshot_id).first()
    if snapshot is not None:
        open_data_freeze(snapshot=snapshot)


class OpenDataNotReady(Exception):
    """The snapshot's files are still being written by the background worker."""


NOT_READY = (
    "Tệp dữ liệu mở của bản số liệu này đang được chuẩn bị, chưa thể tải về. "
    "Vui lòng quay lại sau ít phút."
)


def open_data_file(*, snapshot: PublishedSnapshot, fmt: str) -> OpenDataFile:
    """The frozen OCDS (`json`) or IATI (`xml`) file of a published snapshot.

    Raises `OpenDataNotReady` while the background worker has yet to write them. A
    snapshot the worker has not taken within `OPEN_DATA_WORKER_WAIT_SECONDS` (no worker
    running) gets its files at this download instead, from the source kept at
    publication: the same bytes the worker would have written."""
    if snapshot.opendata_preparing:
        raise OpenDataNotReady(NOT_READY)
    if not snapshot.opendata_ready:
        snapshot = open_data_freeze(snapshot=snapshot)
    kept = snapshot.ocds if fmt == "json" else snapshot.iati
    with kept.open("rb") as handle:
        body = handle.read()
    prefix = "ocds" if fmt == "json" else "iati"
    return OpenDataFile(body=body, name=f"{prefix}-{file_stem(snapshot)}.{fmt}", fmt=fmt)

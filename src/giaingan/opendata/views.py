"""Open data for the public (no login): the published snapshots as OCDS release packages
and IATI activity files."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from giaingan.opendata.ocds import opendata_license, publisher_name
from giaingan.opendata.services import OpenDataNotReady, open_data_file
from giaingan.ops.replica import reading_replica
from giaingan.public.models import PublishedSnapshot
from giaingan.web.exports import file_download


@require_GET
@reading_replica()  # published data only: the read replica may serve it
def datasets(request: HttpRequest) -> HttpResponse:
    """Every published (not withdrawn) snapshot, with its licence, dates and downloads."""
    snapshots = PublishedSnapshot.objects.visible().newest_first()
    return render(
        request,
        "opendata/datasets.html",
        {
            "snapshots": snapshots,
            "license_url": opendata_license(),
            "license_name": settings.OPENDATA_LICENSE_NAME,
            "publisher": publisher_name(),
        },
    )


def frozen_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The file as frozen at publication (byte for byte, whatever the ledger did since);
    while the background worker is still writing it, a page that says so."""
    snapshot = get_object_or_404(PublishedSnapshot.objects.visible(), pk=pk)
    try:
        kept = open_data_file(snapshot=snapshot, fmt=fmt)
    except OpenDataNotReady as waiting:
        page = render(
            request,
            "opendata/not_ready.html",
            {"snapshot": snapshot, "message": str(waiting)},
            status=503,
        )
        page["Retry-After"] = "60"
        return page
    return file_download(kept.body, kept.name, kept.fmt)


@require_GET
@reading_replica()
def ocds(request: HttpRequest, pk: int) -> HttpResponse:
    return frozen_download(request, pk, "json")


@require_GET
@reading_replica()
def iati(request: HttpRequest, pk: int) -> HttpResponse:
    return frozen_download(request, pk, "xml")

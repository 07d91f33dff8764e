"""Open data for the public (no login): the published snapshots as OCDS release packages
and IATI activity files."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from giaingan.opendata.iati import activity_file
from giaingan.opendata.ocds import opendata_license, publisher_name, release_package
from giaingan.public.models import PublishedSnapshot
from giaingan.web.exports import file_download


@require_GET
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


@require_GET
def ocds(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = get_object_or_404(PublishedSnapshot.objects.visible(), pk=pk)
    uri = request.build_absolute_uri(reverse("opendata:ocds", args=[pk]))
    policy = request.build_absolute_uri(reverse("opendata:datasets"))
    package = release_package(snapshot, uri=uri, policy=policy)
    name = f"ocds-{snapshot.plan_year}-{snapshot.as_of.isoformat()}-{snapshot.pk}.json"
    return file_download(json.dumps(package, ensure_ascii=False, indent=1), name, "json")


@require_GET
def iati(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = get_object_or_404(PublishedSnapshot.objects.visible(), pk=pk)
    name = f"iati-{snapshot.plan_year}-{snapshot.as_of.isoformat()}-{snapshot.pk}.xml"
    return file_download(activity_file(snapshot), name, "xml")

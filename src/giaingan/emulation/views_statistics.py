"""A movement's statistics, and the award history of a unit or a person."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from giaingan.emulation.models import Award, Movement
from giaingan.emulation.statistics import award_history, movement_statistics
from giaingan.lib.text import vietnamese_sorted
from giaingan.org.models import Unit
from giaingan.web.access import permission_required, require


@require_GET
@login_required
def statistics(request: HttpRequest, code: str) -> HttpResponse:
    movement = get_object_or_404(Movement, code=code)
    require(request, "emulation.view_movement", movement)
    return render(
        request,
        "emulation/statistics.html",
        {"movement": movement, "stats": movement_statistics(movement)},
    )


@require_GET
@permission_required("emulation.view_movement")
def history(request: HttpRequest) -> HttpResponse:
    """Every award, narrowed to one unit (?don_vi=CODE) or one person (?ca_nhan=name)."""
    unit_code = request.GET.get("don_vi", "").strip()
    person = request.GET.get("ca_nhan", "").strip()[:255]
    unit = get_object_or_404(Unit, code=unit_code) if unit_code else None
    awards = award_history(unit_id=unit.pk if unit else None, person_name=person)
    units = vietnamese_sorted(Unit.objects.filter(id__in=Award.objects.values("unit_id")))
    return render(
        request,
        "emulation/history.html",
        {"awards": awards, "unit": unit, "person": person, "units": units},
    )

"""The public page (published snapshots only) and the office's page that publishes them.

The public page never calls the figures selectors: it shows what a snapshot froze, so an
unpublished treasury line or plan decision can never reach it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giaingan.figures.selectors import Base, rank_order
from giaingan.lib.dates import DateError, format_date, parse_date
from giaingan.lib.problems import InvalidInput, Problem
from giaingan.lib.text import record_id
from giaingan.ops.replica import reading_replica
from giaingan.public.models import PublishedSnapshot
from giaingan.public.services import (
    figures_digest,
    publish_problems,
    snapshot_figures,
    snapshot_publish,
    snapshot_withdraw,
)
from giaingan.web.access import permission_required
from giaingan.web.params import figure_params

PUBLIC_MAX_AGE = 60  # seconds; a new publication shows within a minute
LISTED_SNAPSHOTS = 100


@dataclass(frozen=True)
class ShownRow:
    name: str
    plan: int
    disbursed: int
    rate: Decimal | None
    rank: int | None = None
    code: str = ""


@dataclass(frozen=True)
class ShownFigures:
    """A snapshot's frozen tables, ready for the template."""

    total: ShownRow
    target_due: dt.date | None
    target_share: Decimal | None
    investors: list[ShownRow]  # in rank order
    communes: list[ShownRow]
    sources: list[ShownRow]


def _decimal(value: float | str | None) -> Decimal | None:
    # Through str: 87.45 stays 87.45, not the float's binary expansion.
    return None if value is None else Decimal(str(value))


def _row(data: dict) -> ShownRow:
    return ShownRow(
        name=data["name"],
        plan=data["plan"],
        disbursed=data["disbursed"],
        rate=_decimal(data["rate_percent"]),
        rank=data.get("rank"),
        code=data.get("code", ""),
    )


def shown_figures(figures: dict[str, dict]) -> ShownFigures:
    """Read the `as_dict()` tables a snapshot stores (or a preview of one)."""
    investors = figures["by_investor"]
    target = investors.get("target")
    ranked = sorted(
        (_row(row) for row in investors["rows"]),
        key=rank_order,
    )
    return ShownFigures(
        total=_row(investors["total"]),
        target_due=dt.date.fromisoformat(target["due_date"]) if target else None,
        target_share=_decimal(target["share_percent"]) if target else None,
        investors=ranked,
        communes=[_row(row) for row in figures["by_commune"]["rows"]],
        sources=[_row(row) for row in figures["by_source"]["rows"]],
    )


# The public page ---------------------------------------------------------------------------


@require_GET
@reading_replica()  # published figures only: the read replica may serve them
def home(request: HttpRequest) -> HttpResponse:
    """The latest published snapshot (or ?id=, an earlier one)."""
    wanted = request.GET.get("id", "").strip()
    visible = PublishedSnapshot.objects.visible()
    if wanted:
        pk = record_id(wanted)
        if pk is None:
            raise Http404
        return _public_page(request, get_object_or_404(visible, pk=pk))
    return _public_page(request, visible.newest_first().first())


@require_GET
@reading_replica()
def snapshot(request: HttpRequest, pk: int) -> HttpResponse:
    return _public_page(request, get_object_or_404(PublishedSnapshot.objects.visible(), pk=pk))


def _public_page(request: HttpRequest, shown: PublishedSnapshot | None) -> HttpResponse:
    listed = (
        PublishedSnapshot.objects.visible()
        .newest_first()
        .only("id", "title", "plan_year", "as_of", "base", "published_at")[:LISTED_SNAPSHOTS]
    )
    context = {
        "snapshot": shown,
        "figures": shown_figures(shown.figures) if shown else None,
        "snapshots": list(listed),
    }
    # The page shows nothing about the visitor (its layout reads neither the session nor
    # the user), so any cache may keep it.
    response = render(request, "public/home.html", context)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


# Publishing (Finance-Planning) -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("public.publish_snapshot")
def publish(request: HttpRequest) -> HttpResponse:
    """Preview the figures for a year, date and base; confirm to publish them."""
    if request.method == "POST":
        return _publish_post(request)
    params = figure_params(request)
    form = {
        "year": str(params.year),
        "as_of": format_date(params.as_of),
        "base": params.base.value,
        "note": "",
    }
    context: dict = {"form": form}
    if "as_of" in request.GET:
        problems = [Problem(reason=text) for text in params.problems]
        problems += publish_problems(year=params.year, as_of=params.as_of)
        context["problems"] = problems
        if not problems:
            _add_preview(context, params.year, params.as_of, params.base)
    return _publish_page(request, context)


def _add_preview(context: dict, year: int, as_of: dt.date, base: Base) -> None:
    figures = snapshot_figures(year=year, as_of=as_of, base=base)
    context["preview"] = shown_figures(figures)
    context["digest"] = figures_digest(figures)
    context["preview_base"] = base


def _publish_post(request: HttpRequest) -> HttpResponse:
    form = {key: request.POST.get(key, "").strip() for key in ("year", "as_of", "base", "note")}
    problems: list[Problem] = []
    year = as_of = base = None
    if form["year"].isdigit() and 1990 <= int(form["year"]) <= 2100:
        year = int(form["year"])
    else:
        problems.append(
            Problem(reason="năm kế hoạch không hợp lệ", column="Năm", value=form["year"])
        )
    try:
        as_of = parse_date(form["as_of"])
    except DateError as error:
        problems.append(Problem(reason=str(error), column="Ngày số liệu", value=form["as_of"]))
    try:
        base = Base(form["base"])
    except ValueError:
        problems.append(
            Problem(reason="không có cơ sở tính tỷ lệ này", column="Cơ sở", value=form["base"])
        )
    if not problems:
        try:
            published = snapshot_publish(
                year=year,
                as_of=as_of,
                base=base,
                user=request.user,
                note=form["note"],
                expected_digest=request.POST.get("digest") or None,
            )
        except InvalidInput as error:
            problems = error.problems
        else:
            messages.success(
                request,
                f"Đã công bố: {published.title}. Các tệp dữ liệu mở (OCDS, IATI) đang được "
                "chuẩn bị và sẽ có trên trang Dữ liệu mở sau ít phút.",
            )
            return redirect("public:publish")
    context = {"form": form, "problems": problems}
    if year and as_of and base and not publish_problems(year=year, as_of=as_of):
        # E.g. the ledger changed since the preview: show the figures as they are now.
        form["as_of"] = format_date(as_of)
        _add_preview(context, year, as_of, base)
    return _publish_page(request, context, status=400)


@require_POST
@permission_required("public.publish_snapshot")
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide a snapshot from the public page (it is kept, with the reason)."""
    target = get_object_or_404(PublishedSnapshot, pk=pk)
    try:
        snapshot_withdraw(snapshot=target, user=request.user, reason=request.POST.get("reason", ""))
    except InvalidInput as error:
        for problem in error.problems:
            messages.error(request, f"Không thu hồi được: {problem}.")
    else:
        messages.success(request, f"Đã thu hồi khỏi trang công khai: {target.title}.")
    return redirect("public:publish")


def _publish_page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    context["bases"] = [(base.value, base.label) for base in Base]
    context["snapshots"] = (
        PublishedSnapshot.objects.newest_first()
        .select_related("published_by", "withdrawn_by")
        .defer("by_investor", "by_commune", "by_source")[:LISTED_SNAPSHOTS]
    )
    return render(request, "public/publish.html", context, status=status)

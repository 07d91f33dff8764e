"""Giấy khen certificates as a printable PDF: one A4 landscape page each (DOMAIN.md 4)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.template import Context, Engine
from django.utils.safestring import SafeString, mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from giaingan.documents.official import DocumentContextError, date_line
from giaingan.lib.dates import format_date

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "documents/giay_khen.html"


@dataclass(frozen=True)
class Certificate:
    issuer_title: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN"
    recipient: str
    achievement: str
    decision_number: str
    decision_date: dt.date
    gold_book_number: str
    place: str
    signed_on: dt.date
    signer_titles: Sequence[str]
    signer_name: str
    recipient_detail: str = ""  # e.g. a person's position and unit


@lru_cache(maxsize=1)
def _engine() -> Engine:
    # `documents` is not a Django app: read its own template folder, wherever installed.
    return Engine(dirs=[str(TEMPLATES_DIR)], autoescape=True)


def certificates_html(certificates: Sequence[Certificate]) -> str:
    """The certificates' pages; one with no signer's name is refused (`DocumentContextError`),
    never printed with an empty line under the signature."""
    unsigned = [item.recipient for item in certificates if not item.signer_name.strip()]
    if unsigned:
        raise DocumentContextError(
            "giay_khen", "họ và tên người ký để trống (" + ", ".join(unsigned) + ")"
        )
    pages = [
        {
            "issuer_title": item.issuer_title.upper(),
            "recipient": item.recipient,
            "recipient_detail": item.recipient_detail,
            "achievement": item.achievement,
            "decision_line": (
                f"Quyết định số {item.decision_number} ngày {format_date(item.decision_date)}"
            ),
            "gold_book_number": item.gold_book_number,
            "date_line": f"{item.place}, {date_line(item.signed_on)}",
            "signer_titles": [title.upper() for title in item.signer_titles],
            "signer_name": item.signer_name,
        }
        for item in certificates
    ]
    template = _engine().get_template(TEMPLATE)
    return template.render(Context({"pages": pages, "emblem": emblem_svg()}))


class OfflineFetcher(URLFetcher):
    """Fetch only `data:` URLs: printing a certificate never reaches out to the network."""

    def fetch(self, url, headers=None):
        if not url.lower().startswith("data:"):
            raise ValueError(f"Không tải tài nguyên ngoài khi in giấy khen: {url}")
        return super().fetch(url, headers)


def certificates_pdf(certificates: Sequence[Certificate]) -> bytes:
    """Render the certificates, one A4 landscape page each."""
    if not certificates:
        raise ValueError("Không có giấy khen nào để in")
    html = HTML(string=certificates_html(certificates), url_fetcher=OfflineFetcher())
    return html.write_pdf()


# --- The national emblem, drawn ------------------------------------------------------------

RED = "#da251d"
GOLD = "#f2c029"
DARK_GOLD = "#b8860b"


def _star(cx: float, cy: float, outer: float, inner: float) -> str:
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = math.radians(-90 + 36 * index)
        points.append(f"{cx + radius * math.cos(angle):.2f},{cy + radius * math.sin(angle):.2f}")
    return " ".join(points)


def _cog(cx: float, cy: float, radius: float, teeth: int = 12) -> str:
    parts = [
        f'<rect x="{cx - 1.6:.2f}" y="{cy - radius - 2.4:.2f}" width="3.2" height="3.6" '
        f'fill="{GOLD}" transform="rotate({360 * i / teeth:.1f} {cx} {cy})"/>'
        for i in range(teeth)
    ]
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="{GOLD}"/>')
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="{radius * 0.45:.2f}" fill="{RED}"/>')
    return "".join(parts)


def _rice_ear(side: int) -> str:
    """An ear of rice curving from the bottom up one side of the disc (side -1 or 1)."""
    cx, cy, radius = 50.0, 50.0, 36.0
    first, last, grains = 40.0, 150.0, 12  # degrees from the bottom of the disc
    x0 = cx + side * radius * math.sin(math.radians(first))
    y0 = cy + radius * math.cos(math.radians(first))
    x1 = cx + side * radius * math.sin(math.radians(last))
    y1 = cy + radius * math.cos(math.radians(last))
    sweep = 0 if side > 0 else 1
    parts = [
        f'<path d="M{x0:.2f},{y0:.2f} A{radius},{radius} 0 0 {sweep} {x1:.2f},{y1:.2f}" '
        f'fill="none" stroke="{GOLD}" stroke-width="1.6"/>'
    ]
    for index in range(grains):
        theta = math.radians(first + (last - first) * index / (grains - 1))
        for offset, lean in ((-2.6, -28), (2.6, 28)):
            r = radius + offset
            x = cx + side * r * math.sin(theta)
            y = cy + r * math.cos(theta)
            # The tangent of the arc, turned so each grain leans out of the stalk.
            tangent = math.degrees(math.atan2(-math.sin(theta), side * math.cos(theta)))
            tilt = tangent - 90 + side * lean
            parts.append(
                f'<ellipse cx="{x:.2f}" cy="{y:.2f}" rx="1.5" ry="3.2" fill="{GOLD}" '
                f'transform="rotate({tilt:.1f} {x:.2f} {y:.2f})"/>'
            )
    return "".join(parts)


@lru_cache(maxsize=1)
def emblem_svg() -> SafeString:
    """A stylised emblem: red disc, gold rim, gold star, rice ears and a cogwheel."""
    # Built here from constants only: no user text reaches this markup.
    return mark_safe(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" class="emblem">'
        f'<circle cx="50" cy="50" r="49" fill="{GOLD}" stroke="{DARK_GOLD}" stroke-width="1"/>'
        f'<circle cx="50" cy="50" r="44" fill="{RED}"/>'
        f"{_rice_ear(-1)}{_rice_ear(1)}"
        f'<polygon points="{_star(50, 43, 19, 7.6)}" fill="{GOLD}"/>'
        f"{_cog(50, 78, 8)}"
        f'<rect x="30" y="88" width="40" height="5" rx="1" fill="{RED}" stroke="{GOLD}" '
        'stroke-width="1"/>'
        "</svg>"
    )

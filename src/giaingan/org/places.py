"""Where a committee is and at what level, read from its name ("UBND huyện Văn Quan"), as
the papers write them: the place before the date ("Văn Quan"), the committee within its
own area ("UBND huyện"), the level ("của huyện", "toàn tỉnh") and the standing bodies a
report goes to ("Thường trực Huyện ủy, HĐND, UBND huyện").

Units record no level: the tree has any depth and outlives the 2025 reform
(`org.models.Unit`), so the level is the word the committee's own name gives. A name
that gives none reads as a district's, the level the seed plan is written for.
"""

from __future__ import annotations

import re

# Words before the place name in a committee's name, longest first.
PLACE_PREFIXES = (
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "ubnd",
    "thành phố",
    "thị trấn",
    "thị xã",
    "huyện",
    "quận",
    "tỉnh",
    "phường",
    "xã",
)
LEVELS = ("thành phố", "thị trấn", "thị xã", "huyện", "quận", "tỉnh", "phường", "xã")
_COMMITTEE = re.compile(
    r"^((?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(" + "|".join(LEVELS) + r"))\s+\S",
    re.IGNORECASE,
)
DISTRICT = "huyện"
# The Party committee of each level, as a report's recipients name it.
PARTY_COMMITTEES = {
    "tỉnh": "Tỉnh ủy",
    "thành phố": "Thành ủy",
    "huyện": "Huyện ủy",
    "quận": "Quận ủy",
    "thị xã": "Thị ủy",
    "xã": "Đảng ủy",
    "phường": "Đảng ủy",
    "thị trấn": "Đảng ủy",
}


def place_of(name: str) -> str:
    """The place of a paper's date line: "UBND huyện Văn Quan" -> "Văn Quan"."""
    text = name.strip()
    changed = True
    while changed:
        changed = False
        for prefix in PLACE_PREFIXES:
            if text.lower().startswith(prefix + " "):
                text = text[len(prefix) :].strip()
                changed = True
    return text


def full_name(committee_name: str) -> str:
    """ "UBND huyện Văn Quan" -> "Ủy ban nhân dân huyện Văn Quan", as a heading writes it."""
    return re.sub(r"^UBND\b", "Ủy ban nhân dân", committee_name.strip())


def level_of(committee_name: str) -> str:
    """ "UBND tỉnh Lạng Sơn" -> "tỉnh"; a name giving no level: "huyện"."""
    found = _COMMITTEE.match(committee_name.strip())
    return found.group(2).lower() if found else DISTRICT


def committee_level(committee_name: str) -> str:
    """ "UBND huyện Văn Quan" -> "UBND huyện", as a paper within the area names it (a name
    giving no level: the name)."""
    found = _COMMITTEE.match(committee_name.strip())
    return found.group(1) if found else (committee_name.strip() or "UBND")


def party_committee(committee_name: str) -> str:
    """ "UBND huyện Văn Quan" -> "Huyện ủy"."""
    return PARTY_COMMITTEES[level_of(committee_name)]


def standing_bodies(committee_name: str) -> str:
    """The standing bodies of the area a report goes to: "Thường trực Huyện ủy, HĐND, UBND
    huyện"."""
    level = level_of(committee_name)
    return f"Thường trực {PARTY_COMMITTEES[level]}, HĐND, UBND {level}"


def name_within(unit_name: str, committee_name: str) -> str:
    """A unit's name as a paper of its own area writes it: "Phòng Tài chính - Kế hoạch
    huyện Văn Quan" -> "Phòng Tài chính - Kế hoạch" under "UBND huyện Văn Quan"."""
    place = place_of(committee_name)
    suffix = f" {level_of(committee_name)} {place}"
    if place and unit_name.lower().endswith(suffix.lower()) and len(unit_name) > len(suffix):
        return unit_name[: -len(suffix)].strip()
    return unit_name

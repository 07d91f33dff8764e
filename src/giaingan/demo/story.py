"""The demo district's money story for 2023 and 2024, as plain data (no database).

Everything comes from one seeded `random.Random`, so the story is the same on every run and
every machine: projects, the capital-plan decisions, and the treasury lines that disburse
them. The loader in `district.py` writes it through the real services.

Who does what is chosen, not drawn, so the demo always shows the cases the movement is about:
communes that disburse 100% well before the deadline, investors that reach 100% on the last
day (31/01/2025), investors far behind, a project whose plan is transferred away to zero.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections import defaultdict
from dataclasses import dataclass, field

SEED = 2024
MILLION = 1_000_000

# ---------------------------------------------------------------------------------------
# Places: the town and the 16 communes of Văn Quan in 2024 (after the 2019-2020 mergers,
# before the 2025 reform).
# ---------------------------------------------------------------------------------------

TOWN = "TT-VANQUAN"
# (unit code, place name as written after "xã"/"thị trấn")
COMMUNES: list[tuple[str, str]] = [
    (TOWN, "Văn Quan"),
    ("XA-ANSON", "An Sơn"),
    ("XA-BINHPHUC", "Bình Phúc"),
    ("XA-DIEMHE", "Điềm He"),
    ("XA-DONGGIAP", "Đồng Giáp"),
    ("XA-HOABINH", "Hòa Bình"),
    ("XA-HUULE", "Hữu Lễ"),
    ("XA-KHANHKHE", "Khánh Khê"),
    ("XA-LIENHOI", "Liên Hội"),
    ("XA-LUONGNANG", "Lương Năng"),
    ("XA-TANDOAN", "Tân Đoàn"),
    ("XA-TRANNINH", "Trấn Ninh"),
    ("XA-TRANGCAC", "Tràng Các"),
    ("XA-TRANGPHAI", "Tràng Phái"),
    ("XA-TRILE", "Tri Lễ"),
    ("XA-TUXUYEN", "Tú Xuyên"),
    ("XA-YENPHUC", "Yên Phúc"),
]
PLACE = dict(COMMUNES)

BOARD = "VQ-BQLDA"
COMMITTEE = "VQ-UBND"
AGRICULTURE = "VQ-NNPTNT"
EDUCATION = "VQ-GDDT"
INFRASTRUCTURE = "VQ-KTHT"
ENVIRONMENT = "VQ-TNMT"

# Tày and Nùng syllables for hamlet names (thôn); the town has street quarters (khu phố).
_HAMLET_FIRST = ["Nà", "Bản", "Khòn", "Pác", "Còn", "Khuổi", "Pò", "Kéo", "Lùng", "Phai", "Bó"]
_HAMLET_SECOND = [
    "Lẹng", "Pàn", "Riềng", "Thang", "Múc", "Cạu", "Tèo", "Phầy", "Coóc", "Slám", "Nưa",
    "Pát", "Làn", "Chu", "Hẩu", "Mò", "Dầy", "Đon", "Khà", "Pheo", "Quang", "Cuồng",
]  # fmt: skip
_TOWN_QUARTERS = ["Đức Tâm I", "Đức Tâm II", "Đức Hinh", "Tân Sơn", "Văn Miếu"]


def commune_label(code: str) -> str:
    """'thị trấn Văn Quan' or 'xã Tân Đoàn', as written inside a project's name."""
    return f"thị trấn {PLACE[code]}" if code == TOWN else f"xã {PLACE[code]}"


def hamlet_label(code: str, hamlet: str) -> str:
    return f"khu phố {hamlet}" if code == TOWN else f"thôn {hamlet}"


# ---------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------

HOLIDAYS = {
    dt.date(2023, 1, 2),
    *(dt.date(2023, 1, day) for day in range(20, 27)),  # Tết Quý Mão
    *(dt.date(2023, 5, day) for day in (1, 2, 3)),
    dt.date(2023, 4, 29),
    dt.date(2023, 4, 30),
    *(dt.date(2023, 9, day) for day in (1, 2, 3, 4)),
    dt.date(2024, 1, 1),
    *(dt.date(2024, 2, day) for day in range(8, 15)),  # Tết Giáp Thìn
    dt.date(2024, 4, 18),
    *(dt.date(2024, 4, day) for day in (27, 28, 29, 30)),
    dt.date(2024, 5, 1),
    dt.date(2024, 8, 31),
    *(dt.date(2024, 9, day) for day in (1, 2, 3)),
    dt.date(2025, 1, 1),
    # Tết Ất Tỵ: 25/01-02/02/2025. The treasury kept duty days for the year-end deadline,
    # so a line may still be dated 31/01/2025 (see Pace.finish), never drawn at random.
    *(dt.date(2025, 1, day) for day in range(25, 32)),
}


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def next_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def deadline(plan_year: int) -> dt.date:
    return dt.date(plan_year + 1, 1, 31)


# ---------------------------------------------------------------------------------------
# Projects
# ---------------------------------------------------------------------------------------

GPMB = "Bồi thường, giải phóng mặt bằng"
# Sector -> total investment from which a project is group B (Law on Public Investment
# 2019, Art. 9: 80 billion for transport and irrigation, 45 billion for social sectors).
GROUP_B_FROM = {
    "Giao thông": 80_000 * MILLION,
    "Nông nghiệp, thủy lợi": 80_000 * MILLION,
    "Hạ tầng kỹ thuật": 80_000 * MILLION,
}
GROUP_B_OTHERWISE = 45_000 * MILLION


@dataclass
class DemoProject:
    code: str
    name: str
    investor: str  # unit code
    agency: str  # unit code
    communes: list[str]  # unit codes, the first is the main one
    sector: str
    total_investment: int
    start_year: int
    end_year: int
    is_key: bool = False
    plan2023: dict[str, int] = field(default_factory=dict)  # source -> initial 2023
    plan2024: dict[str, int] = field(default_factory=dict)  # source -> initial 2024

    @property
    def group(self) -> str:
        return (
            "B"
            if self.total_investment >= GROUP_B_FROM.get(self.sector, GROUP_B_OTHERWISE)
            else "C"
        )


@dataclass(frozen=True)
class Template:
    name: str  # with {c} (commune) and {h} (hamlet) placeholders
    sector: str
    sources: tuple[tuple[str, int], ...]  # source code, share in percent
    millions: tuple[int, int]  # one year's plan, in millions


COMMUNE_WORKS = [
    Template("Đường giao thông nông thôn {h}, {c}", "Giao thông", (("CTMTQG-NTM", 85), ("NSDP-XA", 15)), (1200, 4200)),
    Template("Bê tông hóa đường ngõ xóm {h}, {c}", "Giao thông", (("CTMTQG-NTM", 90), ("NSDP-XA", 10)), (500, 1500)),
    Template("Nhà văn hóa {h}, {c}", "Văn hóa, thể thao", (("CTMTQG-NTM", 80), ("NSDP-XA", 20)), (600, 1500)),
    Template("Kênh mương nội đồng {h}, {c}", "Nông nghiệp, thủy lợi", (("CTMTQG-DTTS", 100),), (600, 2000)),
    Template("Công trình cấp nước sinh hoạt tập trung {h}, {c}", "Cấp nước sinh hoạt", (("CTMTQG-DTTS", 100),), (1000, 3200)),
    Template("Đường nội đồng {h}, {c}", "Giao thông", (("CTMTQG-DTTS", 100),), (700, 2400)),
    Template("Ngầm tràn liên hợp {h}, {c}", "Giao thông", (("CTMTQG-GNBV", 100),), (800, 2400)),
    Template("Sân thể thao {h}, {c}", "Văn hóa, thể thao", (("NSDP-XA", 100),), (300, 700)),
]  # fmt: skip
TOWN_WORKS = [
    Template("Cải tạo vỉa hè, rãnh thoát nước {h}, {c}", "Hạ tầng kỹ thuật", (("NSDP-HUYEN", 100),), (900, 2500)),
    Template("Nhà văn hóa {h}, {c}", "Văn hóa, thể thao", (("NSDP-HUYEN", 80), ("NSDP-XA", 20)), (600, 1400)),
    Template("Đường nội thị {h}, {c}", "Giao thông", (("TSDD", 100),), (1200, 3000)),
]  # fmt: skip
BOARD_WORKS = [
    Template("Trường Mầm non {c}: nhà lớp học 2 tầng 6 phòng và các hạng mục phụ trợ", "Giáo dục và đào tạo", (("NSDP-HUYEN", 100),), (3000, 7500)),
    Template("Trường Tiểu học {c}: nhà lớp học bộ môn và các hạng mục phụ trợ", "Giáo dục và đào tạo", (("TSDD", 100),), (2500, 6000)),
    Template("Trường THCS {c}: nhà đa năng", "Giáo dục và đào tạo", (("NSDP-TINH", 100),), (2500, 5500)),
    Template("Trạm y tế {c}: nhà trạm và các hạng mục phụ trợ", "Y tế", (("CTMTQG-NTM", 70), ("NSDP-HUYEN", 30)), (2500, 4500)),
    Template("Đường giao thông từ trung tâm {c} đi {h}", "Giao thông", (("NSDP-TINH", 70), ("NSDP-HUYEN", 30)), (3500, 9500)),
    Template("Cầu treo {h}, {c}", "Giao thông", (("CTMTQG-DTTS", 100),), (1500, 3800)),
    Template("Trụ sở làm việc Đảng ủy - HĐND - UBND {c}", "Quản lý nhà nước", (("NSDP-HUYEN", 100),), (3500, 7000)),
    Template("Nhà văn hóa trung tâm {c}", "Văn hóa, thể thao", (("CTMTQG-NTM", 100),), (1500, 3000)),
    Template("Bồi thường, hỗ trợ GPMB khu đất đấu giá quyền sử dụng đất {h}, {c}", GPMB, (("TSDD", 100),), (800, 3000)),
]  # fmt: skip
OFFICE_WORKS = {
    AGRICULTURE: [
        Template("Sửa chữa, nâng cấp đập {h}, {c}", "Nông nghiệp, thủy lợi", (("NSDP-HUYEN", 100),), (800, 2500)),
        Template("Kiên cố hóa kênh mương {h}, {c}", "Nông nghiệp, thủy lợi", (("CTMTQG-NTM", 100),), (700, 2200)),
        Template("Đường lâm nghiệp {h}, {c}", "Nông nghiệp, thủy lợi", (("CTMTQG-DTTS", 100),), (900, 2500)),
    ],
    EDUCATION: [
        Template("Cải tạo, sửa chữa nhà lớp học Trường Tiểu học {c}", "Giáo dục và đào tạo", (("NSDP-HUYEN", 100),), (400, 1500)),
        Template("Cải tạo, sửa chữa Trường Mầm non {c}: nhà bếp và công trình vệ sinh", "Giáo dục và đào tạo", (("NSDP-HUYEN", 100),), (300, 900)),
        Template("Công trình nước sạch và nhà vệ sinh Trường PTDTBT THCS {c}", "Giáo dục và đào tạo", (("CTMTQG-DTTS", 100),), (400, 1200)),
    ],
    INFRASTRUCTURE: [
        Template("Hệ thống điện chiếu sáng công cộng {h}, {c}", "Hạ tầng kỹ thuật", (("NSDP-HUYEN", 100),), (800, 2500)),
        Template("Sửa chữa mặt đường huyện đoạn qua {c}", "Giao thông", (("NSDP-HUYEN", 100),), (600, 2000)),
    ],
    ENVIRONMENT: [
        Template("Bồi thường, hỗ trợ, tái định cư khu tái định cư {h}, {c}", GPMB, (("TSDD", 100),), (1500, 4500)),
        Template("Hạ tầng kỹ thuật khu đất đấu giá {h}, {c}", "Hạ tầng kỹ thuật", (("TSDD", 100),), (2000, 5000)),
    ],
}  # fmt: skip

SUPPLEMENT_JUNE = "2185/QĐ-UBND"
SUPPLEMENT_AUGUST = "3094/QĐ-UBND"
SUPPLEMENT_OCTOBER = "3812/QĐ-UBND"
ZEROED_PROJECT_NAME = "Chợ trung tâm xã Trấn Ninh"


def _key_projects() -> list[DemoProject]:
    """The district's key projects (trọng điểm), written out by hand."""
    m = MILLION
    return [
        DemoProject("VQ23-001", "Cải tạo, nâng cấp đường Văn Quan - Tràng Các", BOARD, COMMITTEE,
                    [TOWN, "XA-TRANGCAC", "XA-TANDOAN"], "Giao thông", 118_500 * m, 2023, 2025, True,
                    {"NSDP-TINH": 22_000 * m, "NSTW": 8_000 * m},
                    {"NSDP-TINH": 24_000 * m, "NSTW": 10_000 * m}),
        DemoProject("VQ23-002", "Đường giao thông liên xã Tú Xuyên - Khánh Khê", BOARD, COMMITTEE,
                    ["XA-TUXUYEN", "XA-KHANHKHE"], "Giao thông", 86_200 * m, 2023, 2025, True,
                    {"NSTW": 15_000 * m, "NSDP-TINH": 5_000 * m},
                    {"NSTW": 18_000 * m, "NSDP-TINH": 6_000 * m}),
        DemoProject("VQ23-003", "Hạ tầng kỹ thuật khu dân cư mới phố Đức Tâm, thị trấn Văn Quan",
                    BOARD, COMMITTEE, [TOWN], "Hạ tầng kỹ thuật", 42_300 * m, 2023, 2024, True,
                    {"TSDD": 14_000 * m}, {"TSDD": 22_000 * m}),
        DemoProject("VQ23-004", "Sửa chữa, nâng cấp hồ chứa nước Nà Pàn, xã Điềm He", BOARD,
                    COMMITTEE, ["XA-DIEMHE"], "Nông nghiệp, thủy lợi", 24_800 * m, 2023, 2024, True,
                    {"NSTW": 9_000 * m}, {"NSTW": 10_000 * m}),
        DemoProject("VQ24-001", "Trung tâm Văn hóa - Thể thao huyện Văn Quan", BOARD, COMMITTEE,
                    [TOWN], "Văn hóa, thể thao", 64_900 * m, 2024, 2026, True,
                    {}, {"NSDP-TINH": 15_000 * m, "NSDP-HUYEN": 5_000 * m}),
        DemoProject("VQ24-002", "Kè chống sạt lở và chỉnh trang bờ suối khu phố Đức Tâm, thị trấn Văn Quan",
                    BOARD, COMMITTEE, [TOWN], "Nông nghiệp, thủy lợi", 37_600 * m, 2024, 2025, True,
                    {}, {"NSDP-TINH": 14_000 * m}),
        DemoProject("VQ24-003", "Trường PTDTBT THCS xã Tràng Phái: nhà lớp học và nhà ở bán trú học sinh",
                    BOARD, COMMITTEE, ["XA-TRANGPHAI"], "Giáo dục và đào tạo", 14_200 * m, 2024, 2025, True,
                    {}, {"NSDP-HUYEN": 6_000 * m, "CTMTQG-DTTS": 4_000 * m}),
        DemoProject("VQ24-004", "Bồi thường, hỗ trợ, tái định cư dự án Cải tạo, nâng cấp đường Văn Quan - Tràng Các",
                    BOARD, COMMITTEE, ["XA-TRANGCAC", "XA-TANDOAN"], GPMB, 12_500 * m, 2024, 2024, True,
                    {}, {"TSDD": 8_000 * m, "NSDP-HUYEN": 2_000 * m}),
        DemoProject("VQ24-005", "Trường Mầm non thị trấn Văn Quan: nhà lớp học 3 tầng 12 phòng",
                    BOARD, COMMITTEE, [TOWN], "Giáo dục và đào tạo", 17_800 * m, 2024, 2025, True,
                    {}, {"NSDP-HUYEN": 4_000 * m, "TSDD": 5_000 * m}),
    ]  # fmt: skip


class _Namer:
    """Hamlets per commune, drawn once, so names repeat the same way on every run."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.hamlets: dict[str, list[str]] = {}
        self.used: set[str] = set()

    def hamlet(self, commune: str) -> str:
        if commune not in self.hamlets:
            if commune == TOWN:
                self.hamlets[commune] = list(_TOWN_QUARTERS)
            else:
                names: set[str] = set()
                while len(names) < 6:
                    names.add(f"{self.rng.choice(_HAMLET_FIRST)} {self.rng.choice(_HAMLET_SECOND)}")
                self.hamlets[commune] = sorted(names)
        return self.rng.choice(self.hamlets[commune])

    def name(self, template: Template, commune: str) -> str | None:
        """A name no other project has, or None."""
        for _ in range(8):
            text = template.name.format(
                c=commune_label(commune), h=hamlet_label(commune, self.hamlet(commune))
            )
            if text not in self.used:
                self.used.add(text)
                return text
        return None


def _split(rng: random.Random, template: Template) -> dict[str, int]:
    """One year's plan for a work, split between its sources, in whole millions."""
    low, high = template.millions
    total = round(rng.uniform(low, high) / 10) * 10
    parts, left = {}, total
    for index, (source, share) in enumerate(template.sources):
        amount = left if index == len(template.sources) - 1 else round(total * share / 100)
        parts[source] = amount * MILLION
        left -= amount
    return {source: amount for source, amount in parts.items() if amount > 0}


def _project(
    rng: random.Random,
    name: str,
    code: str,
    investor: str,
    commune: str,
    template: Template,
    years: tuple[int, int],
    plan_years: tuple[int, ...],
) -> DemoProject:
    agency = investor if investor.startswith(("XA-", "TT-")) else COMMITTEE
    plans = {year: _split(rng, template) for year in plan_years}
    spread = sum(sum(plan.values()) for plan in plans.values())
    total = round(spread * rng.uniform(1.0, 1.25) / (10 * MILLION)) * 10 * MILLION
    return DemoProject(
        code=code,
        name=name,
        investor=investor,
        agency=agency,
        communes=[commune],
        sector=template.sector,
        total_investment=total,
        start_year=years[0],
        end_year=years[1],
        plan2023=plans.get(2023, {}),
        plan2024=plans.get(2024, {}),
    )


def _works_for(investor: str) -> list[Template]:
    if investor == BOARD:
        return BOARD_WORKS
    if investor == TOWN:
        return TOWN_WORKS
    if investor in OFFICE_WORKS:
        return OFFICE_WORKS[investor]
    return COMMUNE_WORKS


def build_projects(rng: random.Random) -> list[DemoProject]:
    """About 120 projects: 40 from 2023 (15 go on in 2024), 80 new in 2024."""
    namer = _Namer(rng)
    projects = _key_projects()
    communes = [code for code, _ in COMMUNES]
    rural = [code for code in communes if code != TOWN]

    def place_for(investor: str) -> str:
        if investor.startswith(("XA-", "TT-")):
            return investor
        if investor == INFRASTRUCTURE:
            return TOWN if rng.random() < 0.6 else rng.choice(rural)
        return rng.choice(rural)

    kinds_of_work: set[tuple[str, str]] = set()  # a commune gets each kind of work once

    def make(code: str, investor: str, years: tuple[int, int], plan_years: tuple[int, ...]):
        for attempt in range(40):
            commune = place_for(investor)
            template = rng.choice(_works_for(investor))
            if (commune, template.name) in kinds_of_work and attempt < 30:
                continue
            name = namer.name(template, commune)
            if name is not None:
                break
        kinds_of_work.add((commune, template.name))
        projects.append(_project(rng, name, code, investor, commune, template, years, plan_years))

    # 2023 projects: 11 more go on into 2024, 25 were finished in 2023.
    numbers = iter(range(5, 41))
    going_on = [BOARD] * 6 + [
        "XA-TUXUYEN",
        "XA-BINHPHUC",
        "XA-TRANNINH",
        AGRICULTURE,
        INFRASTRUCTURE,
    ]
    finished = [BOARD] * 8 + [EDUCATION, AGRICULTURE, ENVIRONMENT] + rng.sample(rural, 13) + [TOWN]
    for investor in going_on:
        make(f"VQ23-{next(numbers):03d}", investor, (2023, 2024), (2023, 2024))
    for investor in finished:
        make(f"VQ23-{next(numbers):03d}", investor, (rng.choice((2022, 2023)), 2023), (2023,))

    # New in 2024: the board, four offices, and two or three works per commune.
    numbers = iter(range(6, 81))
    new_2024 = [BOARD] * 16 + [AGRICULTURE] * 5 + [EDUCATION] * 4 + [INFRASTRUCTURE] * 3
    new_2024 += [ENVIRONMENT] * 3
    for index, commune in enumerate(communes):
        new_2024 += [commune] * (3 if index % 4 == 0 else 2)
    for investor in new_2024:
        make(
            f"VQ24-{next(numbers):03d}",
            investor,
            (2024, 2024 if rng.random() < 0.7 else 2025),
            (2024,),
        )

    m = MILLION
    extra = [
        # Its site could not be cleared: the whole plan is transferred away in October.
        DemoProject(f"VQ24-{next(numbers):03d}", ZEROED_PROJECT_NAME, BOARD, COMMITTEE,
                    ["XA-TRANNINH"], "Thương mại", 6_800 * m, 2024, 2025, False, {},
                    {"NSDP-HUYEN": 2_500 * m}),
        # New works added by supplementary decisions (no initial plan).
        DemoProject(f"VQ24-{next(numbers):03d}", "Đường giao thông nông thôn thôn Nà Cạu, xã Tri Lễ",
                    "XA-TRILE", "XA-TRILE", ["XA-TRILE"], "Giao thông", 2_450 * m, 2024, 2024),
        DemoProject(f"VQ24-{next(numbers):03d}", "Nhà văn hóa thôn Bản Chu, xã Bình Phúc",
                    "XA-BINHPHUC", "XA-BINHPHUC", ["XA-BINHPHUC"], "Văn hóa, thể thao", 980 * m, 2024, 2024),
        DemoProject(f"VQ24-{next(numbers):03d}", "Trường Tiểu học xã Hữu Lễ: nhà lớp học 2 tầng 8 phòng",
                    BOARD, COMMITTEE, ["XA-HUULE"], "Giáo dục và đào tạo", 9_600 * m, 2024, 2025),
        DemoProject(f"VQ24-{next(numbers):03d}",
                    "Khắc phục hậu quả bão số 3: xử lý sạt lở tuyến đường Tri Lễ - Hữu Lễ",
                    BOARD, COMMITTEE, ["XA-TRILE", "XA-HUULE"], "Giao thông", 5_200 * m, 2024, 2025),
    ]  # fmt: skip
    projects.extend(extra)
    return sorted(projects, key=lambda project: project.code)


# ---------------------------------------------------------------------------------------
# Capital-plan decisions
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoDecision:
    number: str
    date: dt.date
    kind: str  # PlanKind value
    plan_year: int
    note: str
    lines: tuple[tuple[str, str, int], ...]  # project code, source code, amount


def _pick(rng: random.Random, candidates: list, count: int) -> list:
    return rng.sample(candidates, min(count, len(candidates)))


def build_decisions(rng: random.Random, projects: list[DemoProject]) -> list[DemoDecision]:
    """The 2023 and 2024 plan ledgers, but for the carry-over (see `carry_over`)."""
    m = MILLION
    by_code = {project.code: project for project in projects}
    decisions = [
        DemoDecision(
            "4652/QĐ-UBND", dt.date(2022, 12, 21), "giao_dau_nam", 2023,
            "Giao kế hoạch vốn đầu tư công năm 2023",
            tuple((p.code, s, a) for p in projects for s, a in sorted(p.plan2023.items())),
        ),
    ]  # fmt: skip
    with_2023 = [p for p in projects if p.plan2023 and not p.is_key]
    decisions.append(
        DemoDecision(
            "3015/QĐ-UBND",
            dt.date(2023, 8, 18),
            "bo_sung",
            2023,
            "Giao bổ sung kế hoạch vốn đầu tư công năm 2023",
            tuple(
                (p.code, source, round(amount * rng.uniform(0.1, 0.3) / (10 * m)) * 10 * m)
                for p in _pick(rng, with_2023, 6)
                for source, amount in sorted(p.plan2023.items())[:1]
            ),
        )
    )
    decisions.append(
        DemoDecision(
            "4888/QĐ-UBND",
            dt.date(2023, 12, 22),
            "giao_dau_nam",
            2024,
            "Giao chỉ tiêu kế hoạch và dự toán ngân sách nhà nước năm 2024",
            tuple((p.code, s, a) for p in projects for s, a in sorted(p.plan2024.items())),
        )
    )

    def ntm_keys(investors: set[str] | None = None) -> list[str]:
        return [
            p.code
            for p in projects
            if "CTMTQG-NTM" in p.plan2024
            and p.investor.startswith("XA-")
            and (investors is None or p.investor in investors)
            and p.investor not in FINISHERS_BEFORE_OCTOBER
        ]

    new = {p.name: p.code for p in projects if not p.plan2024 and not p.plan2023}
    tri_le = new["Đường giao thông nông thôn thôn Nà Cạu, xã Tri Lễ"]
    binh_phuc = new["Nhà văn hóa thôn Bản Chu, xã Bình Phúc"]
    huu_le = new["Trường Tiểu học xã Hữu Lễ: nhà lớp học 2 tầng 8 phòng"]
    storm = new["Khắc phục hậu quả bão số 3: xử lý sạt lở tuyến đường Tri Lễ - Hữu Lễ"]
    june = [
        (tri_le, "CTMTQG-NTM", 2_100 * m),
        (tri_le, "NSDP-XA", 350 * m),
        (binh_phuc, "CTMTQG-NTM", 850 * m),
        ("VQ23-003", "TSDD", 3_000 * m),
    ]
    ntm_more = ntm_keys({"XA-TANDOAN"})[:1] + _pick(
        rng, [code for code in ntm_keys() if code not in ntm_keys({"XA-TANDOAN"})], 4
    )
    june += [
        (code, "CTMTQG-NTM", rng.choice((200, 300, 400, 500)) * m) for code in sorted(ntm_more)
    ]
    decisions.append(
        DemoDecision(
            SUPPLEMENT_JUNE, dt.date(2024, 6, 14), "bo_sung", 2024,
            "Giao bổ sung kế hoạch vốn Chương trình MTQG xây dựng nông thôn mới và vốn thu "
            "tiền sử dụng đất năm 2024",
            tuple(june),
        )
    )  # fmt: skip
    decisions.append(
        DemoDecision(
            SUPPLEMENT_AUGUST, dt.date(2024, 8, 20), "bo_sung", 2024,
            "Giao bổ sung kế hoạch vốn ngân sách tỉnh, ngân sách trung ương năm 2024",
            (("VQ23-001", "NSDP-TINH", 6_000 * m), ("VQ23-002", "NSTW", 3_000 * m),
             (huu_le, "NSDP-TINH", 4_500 * m)),
        )
    )  # fmt: skip

    # Land-use revenue fell short: decrease some TSDD plans, raise two district ones.
    slow_land = [
        p.code
        for p in projects
        if "TSDD" in p.plan2024 and p.investor in (ENVIRONMENT, BOARD) and not p.is_key
    ]
    decreases = _pick(rng, slow_land, 3)
    adjust = [
        (code, "TSDD", -round(by_code[code].plan2024["TSDD"] * 0.3 / (10 * m)) * 10 * m)
        for code in sorted(decreases)
    ]
    district = [
        p.code
        for p in projects
        if "NSDP-HUYEN" in p.plan2024 and p.investor == BOARD and not p.is_key
        and p.name != ZEROED_PROJECT_NAME
    ]  # fmt: skip
    adjust += [(code, "NSDP-HUYEN", 1_000 * m) for code in sorted(_pick(rng, district, 2))]
    decisions.append(
        DemoDecision(
            "3568/QĐ-UBND", dt.date(2024, 9, 25), "dieu_chinh", 2024,
            "Điều chỉnh kế hoạch vốn đầu tư công năm 2024 (nguồn thu tiền sử dụng đất hụt thu)",
            tuple(adjust),
        )
    )  # fmt: skip
    late = [(storm, "NSDP-HUYEN", 3_000 * m)]
    late += [(code, "CTMTQG-NTM", 300 * m) for code in sorted(_pick(rng, ntm_keys(), 2))]
    decisions.append(
        DemoDecision(
            SUPPLEMENT_OCTOBER, dt.date(2024, 10, 15), "bo_sung", 2024,
            "Giao bổ sung kế hoạch vốn đầu tư công năm 2024 (đợt 3), gồm vốn khắc phục hậu "
            "quả bão số 3",
            tuple(late),
        )
    )  # fmt: skip

    # From slow projects to the key ones, within each source.
    zeroed = next(p for p in projects if p.name == ZEROED_PROJECT_NAME)
    slow_district = next(
        p.code
        for p in projects
        if p.investor == ENVIRONMENT and "TSDD" in p.plan2024 and p.code not in decreases
    )
    tran_ninh_ntm = ntm_keys({"XA-TRANNINH"})[0]
    hoa_binh_ntm = ntm_keys({"XA-HOABINH"})[0]
    moves = [
        (zeroed.code, "NSDP-HUYEN", -zeroed.plan2024["NSDP-HUYEN"]),
        ("VQ24-001", "NSDP-HUYEN", 1_500 * m),
        ("VQ24-005", "NSDP-HUYEN", 1_000 * m),
        (slow_district, "TSDD", -1_000 * m),
        ("VQ23-003", "TSDD", 1_000 * m),
        (tran_ninh_ntm, "CTMTQG-NTM", -300 * m),
        (hoa_binh_ntm, "CTMTQG-NTM", 300 * m),
    ]
    decisions.append(
        DemoDecision(
            "3905/QĐ-UBND", dt.date(2024, 10, 22), "dieu_chuyen", 2024,
            "Điều chuyển kế hoạch vốn năm 2024 từ dự án giải ngân chậm sang dự án trọng điểm",
            tuple(moves),
        )
    )  # fmt: skip
    return decisions


# ---------------------------------------------------------------------------------------
# Disbursement: how each investor spends
# ---------------------------------------------------------------------------------------

# Share of a year's disbursement by month: a slow start and the year-end peak.
_NORMAL = [0.5, 2, 5, 6, 7, 10, 7, 7, 9, 8, 10, 17, 11]  # Jan..Dec, then January N+1
_LAGGING = [0, 1, 2, 3, 4, 5, 5, 6, 7, 8, 10, 20, 15]
_CARRIED = [0, 3, 8, 10, 10, 12, 8, 8, 10, 8, 8, 15, 0]  # year N-1 capital, Feb-Dec of N


def month_weights(year: int, shares: list[float]) -> dict[tuple[int, int], float]:
    weights = {(year, month): shares[month - 1] for month in range(1, 13)}
    weights[(year + 1, 1)] = shares[12]
    return weights


@dataclass(frozen=True)
class Pace:
    """How an investor disburses a year's plan."""

    share: tuple[float, float] = (0.8, 1.0)  # share of the final plan paid, per project
    finished: float = 0.35  # chance a project (not the largest) pays exactly 100%
    finish: dt.date | None = None  # the day the investor reaches 100% of its plan
    shape: tuple[float, ...] = tuple(_NORMAL)


PACES_2024: dict[str, Pace] = {
    "XA-TRANGCAC": Pace(finish=dt.date(2024, 9, 26)),
    "XA-YENPHUC": Pace(finish=dt.date(2024, 11, 28)),
    "XA-TANDOAN": Pace(finish=dt.date(2024, 12, 20)),
    AGRICULTURE: Pace(finish=dt.date(2024, 12, 27)),
    EDUCATION: Pace(finish=dt.date(2025, 1, 31)),
    "XA-HOABINH": Pace(finish=dt.date(2025, 1, 31)),
    "XA-TRANNINH": Pace(share=(0.40, 0.58), finished=0, shape=tuple(_LAGGING)),
    ENVIRONMENT: Pace(share=(0.30, 0.55), finished=0, shape=tuple(_LAGGING)),
    "XA-LIENHOI": Pace(share=(0.60, 0.85), finished=0.1, shape=tuple(_LAGGING)),
    BOARD: Pace(share=(0.82, 0.99), finished=0.3),
}
FINISHERS_BEFORE_OCTOBER = {"XA-TRANGCAC"}
KEY_PROJECT_PACE = Pace(share=(0.95, 0.995), finished=0.4)
LATE_SUPPLEMENT_PACE = Pace(share=(0.35, 0.7), finished=0)
PACE_2023 = Pace(share=(0.85, 0.99), finished=0.45)
DEFAULT_PACE = Pace(share=(0.82, 0.99), finished=0.35)


# ---------------------------------------------------------------------------------------
# Treasury lines
# ---------------------------------------------------------------------------------------

Key = tuple[str, str, int]  # project code, source code, plan year


@dataclass
class DemoLine:
    seq: int
    value_date: dt.date
    key: Key
    kind: str  # LineKind value
    amount: int
    recovered_advance: int = 0
    reverses_seq: int | None = None
    document_number: str = ""


@dataclass
class DemoStory:
    projects: list[DemoProject]
    decisions: list[DemoDecision]
    lines: list[DemoLine]


class _Plan:
    """A plan key's amounts over time, and the cap it sets on what may be paid by a day."""

    def __init__(self, changes: list[tuple[dt.date, int]]):
        self.changes = sorted(changes)

    @property
    def final(self) -> int:
        return sum(amount for _, amount in self.changes)

    @property
    def first(self) -> dt.date:
        return self.changes[0][0]

    @property
    def last(self) -> dt.date:
        return self.changes[-1][0]

    def at(self, day: dt.date) -> int:
        return sum(amount for decided, amount in self.changes if decided <= day)

    def cap(self, day: dt.date) -> int:
        # A later decrease also caps today: what is paid can never be taken back.
        later = [self.at(decided) for decided, _ in self.changes if decided > day]
        return min([self.at(day), *later])


def _round_thousand(value: float) -> int:
    return int(round(value / 1000)) * 1000


@functools.cache
def _working_days_by_month(year: int) -> dict[tuple[int, int], int]:
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for day in working_days(dt.date(year, 1, 1), dt.date(year + 1, 1, 31)):
        counts[(day.year, day.month)] += 1
    return dict(counts)


def _draw_days(
    rng: random.Random,
    start: dt.date,
    end: dt.date,
    count: int,
    shape: tuple[float, ...],
    year: int,
) -> list[dt.date]:
    days = working_days(start, end)
    if not days:
        return [end]
    weights_by_month = month_weights(year, list(shape))
    per_month = _working_days_by_month(year)
    weights = [
        weights_by_month.get((day.year, day.month), 0) / per_month.get((day.year, day.month), 1)
        for day in days
    ]
    if sum(weights) <= 0:
        weights = [1.0] * len(days)
    return sorted(rng.choices(days, weights=weights, k=count))


def _net_events(
    rng: random.Random,
    plan: _Plan,
    target: int,
    *,
    start: dt.date,
    end: dt.date,
    last_day: dt.date | None,
    shape: tuple[float, ...],
    year: int,
) -> list[tuple[dt.date, int]]:
    """Days and net amounts (disbursed) that add up to `target`, never above the cap."""
    count = max(2, min(48, 2 + target // 120_000_000))
    if last_day is not None:
        days = _draw_days(rng, start, last_day, count - 1, shape, year) + [last_day]
    else:
        days = _draw_days(rng, start, end, count, shape, year)
        if days[-1] < plan.last:
            # The last increase must be decided before it can be paid.
            days[-1] = next_working_day(plan.last + dt.timedelta(days=rng.randint(7, 30)))
            days.sort()
    weights = [rng.uniform(0.4, 1.6) for _ in days]
    amounts = [_round_thousand(target * weight / sum(weights)) for weight in weights]
    amounts[-1] = target - sum(amounts[:-1])
    events, paid, carry = [], 0, 0
    for day, amount in zip(days, amounts, strict=True):
        wanted = amount + carry
        allowed = max(plan.cap(day) - paid, 0)
        pay = min(wanted, allowed)
        carry = wanted - pay
        if pay > 0:
            events.append((day, pay))
            paid += pay
    if carry:
        raise AssertionError(f"demo story: {target} cannot be paid by {days[-1]}")
    return events


def _to_lines(
    rng: random.Random,
    key: Key,
    events: list[tuple[dt.date, int]],
    plan: _Plan,
    *,
    contract: int,
    complete: bool,
    advance: bool,
    sequence: list[int],
) -> list[DemoLine]:
    """Net amounts as an advance and payments that recover it (FORMATS.md: disbursed =
    advances + payments - recovered advance). The advance is at most 30% of the plan and is
    recovered as payments approach 80% of the contract, which for a project running beyond
    the year is larger than the year's plan: its advance is still outstanding at year end."""

    def line(day: dt.date, kind: str, amount: int, recovered: int = 0) -> DemoLine:
        sequence[0] += 1
        return DemoLine(sequence[0], day, key, kind, amount, recovered)

    lines: list[DemoLine] = []
    events = list(events)
    advanced = outstanding = 0
    if advance and events and events[0][0].month <= 5 and events[0][0].year == key[2]:
        day, net = events[0]
        wanted = _round_thousand(plan.at(day) * rng.uniform(0.15, 0.30))
        advanced = min(net, wanted)
        lines.append(line(day, "tam_ung", advanced))
        outstanding = advanced
        rest = net - advanced
        events = events[1:]
        if rest and events:
            events[0] = (events[0][0], events[0][1] + rest)
        elif rest:
            events = [(day, rest)]
    base = max(contract * 0.8 - advanced, 1)
    for index, (day, net) in enumerate(events):
        if complete and index == len(events) - 1:
            recovered = outstanding
        else:
            recovered = min(outstanding, _round_thousand(net * advanced / base))
        outstanding -= recovered
        lines.append(line(day, "thanh_toan", net + recovered, recovered))
    return lines


def _correct(lines: list[DemoLine], plan: _Plan, rng: random.Random, sequence: list[int]) -> None:
    """Make one mid-year payment a mistake, reversed by a correcting line before the project's
    next line: the wrong line overstates the payment, the correction takes the excess back.
    Only where the plan in force leaves room for the excess meanwhile."""
    payments = [index for index, line in enumerate(lines) if line.kind == "thanh_toan"]
    for index in payments[len(payments) // 2 :]:
        original = lines[index]
        following = lines[index + 1].value_date if index + 1 < len(lines) else None
        if following is not None and following <= original.value_date:
            continue
        paid = sum(line.amount - line.recovered_advance for line in lines[: index + 1])
        excess = round(original.amount * rng.uniform(0.1, 0.3) / MILLION) * MILLION
        if excess <= 0 or paid + excess > plan.cap(original.value_date):
            continue
        day = next_working_day(original.value_date + dt.timedelta(days=3))
        if following is not None and day >= following:
            day = original.value_date
        original.amount += excess
        sequence[0] += 1
        lines.insert(
            index + 1,
            DemoLine(sequence[0], day, original.key, "thanh_toan", -excess, 0, original.seq),
        )
        return


def _pace_for(project: DemoProject, key: Key, late_keys: set[Key]) -> Pace:
    if key[2] == 2023:
        return PACE_2023
    pace = PACES_2024.get(project.investor, DEFAULT_PACE)
    if pace.finish is not None:
        return pace
    if key in late_keys:
        return LATE_SUPPLEMENT_PACE
    if project.is_key:
        return KEY_PROJECT_PACE
    return pace


def carry_over(carried: dict[tuple[str, str], int]) -> DemoDecision:
    return DemoDecision(
        "312/QĐ-UBND",
        dt.date(2024, 1, 25),
        "keo_dai",
        2023,
        "Kéo dài thời gian thực hiện và giải ngân kế hoạch vốn năm 2023 sang năm 2024",
        tuple((code, source, amount) for (code, source), amount in sorted(carried.items())),
    )


def build_story(seed: int = SEED) -> DemoStory:
    """The whole demo, as data: same seed, same story."""
    rng = random.Random(seed)
    projects = build_projects(rng)
    by_code = {project.code: project for project in projects}
    decisions = build_decisions(rng, projects)
    plans: dict[Key, list[tuple[dt.date, int]]] = defaultdict(list)
    for decision in decisions:
        for code, source, amount in decision.lines:
            plans[(code, source, decision.plan_year)].append((decision.date, amount))

    # What some projects had not paid of their 2023 plan by 31/01/2024 is carried into 2024.
    keys_2023 = sorted(key for key in plans if key[2] == 2023)
    carried_keys = _pick(rng, [k for k in keys_2023 if k[0] in {"VQ23-001", "VQ23-002"}], 2)
    carried_keys += _pick(rng, [k for k in keys_2023 if not by_code[k[0]].is_key], 8)
    carried: dict[tuple[str, str], int] = {}
    for key in sorted(carried_keys):
        share = rng.uniform(0.15, 0.4)
        carried[(key[0], key[1])] = round(_Plan(plans[key]).final * share / (10 * MILLION)) * (
            10 * MILLION
        )
    decisions = sorted([*decisions, carry_over(carried)], key=lambda d: (d.date, d.number))
    late_keys = {
        (code, source, 2024)
        for decision in decisions
        if decision.number == SUPPLEMENT_OCTOBER
        for code, source, _ in decision.lines
    }

    sequence = [0]
    lines: list[DemoLine] = []
    by_investor: dict[str, list[Key]] = defaultdict(list)
    for key in sorted(plans):
        if key[2] == 2024:
            by_investor[by_code[key[0]].investor].append(key)
    largest = {
        investor: max(keys, key=lambda key: (_Plan(plans[key]).final, key))
        for investor, keys in by_investor.items()
    }
    corrected = {
        key
        for key in sorted(
            (key for key in by_investor[BOARD] if key not in late_keys),
            key=lambda key: (-_Plan(plans[key]).final, key),
        )[:3]
    }
    for key in sorted(plans):
        project = by_code[key[0]]
        plan = _Plan(plans[key])
        if plan.final <= 0:
            continue
        pace = _pace_for(project, key, late_keys)
        year = key[2]
        if year == 2023 and (key[0], key[1]) in carried:
            share_paid = plan.final - carried[(key[0], key[1])]
            target, complete = share_paid, False
        elif pace.finish is not None or (
            key != largest.get(project.investor) and rng.random() < pace.finished
        ):
            target, complete = plan.final, True
        else:
            target = _round_thousand(plan.final * rng.uniform(*pace.share))
            complete = False
        start = max(plan.first, dt.date(year, 1, 1)) + dt.timedelta(days=rng.randint(8, 45))
        end = deadline(year)
        last_day = None
        if pace.finish is not None:
            if plan.last > pace.finish:
                raise AssertionError(f"demo story: {key} changes after its investor finished")
            last_day = pace.finish
            if key != largest[project.investor]:
                earliest = max(start, plan.last, pace.finish - dt.timedelta(days=60))
                last_day = rng.choice(working_days(earliest, pace.finish) or [pace.finish])
            start = min(start, last_day)
        events = _net_events(
            rng, plan, target, start=start, end=end, last_day=last_day, shape=pace.shape, year=year
        )
        if year == 2023 and (key[0], key[1]) in carried:
            amount = carried[(key[0], key[1])]
            paid = (
                amount if rng.random() < 0.4 else _round_thousand(amount * rng.uniform(0.6, 0.95))
            )
            complete = paid == amount
            events += _net_events(
                rng,
                _Plan([(dt.date(2024, 1, 25), amount)]),
                paid,
                start=dt.date(2024, 2, 15) + dt.timedelta(days=rng.randint(0, 40)),
                end=dt.date(2024, 12, 31),
                last_day=None,
                shape=tuple(_CARRIED),
                year=2024,
            )
        runs_on = project.end_year > year
        key_lines = _to_lines(
            rng,
            key,
            events,
            plan,
            contract=min(project.total_investment, 2 * plan.final) if runs_on else plan.final,
            complete=complete,
            advance=project.sector != GPMB and target >= 500 * MILLION,
            sequence=sequence,
        )
        if key in corrected:
            _correct(key_lines, plan, rng, sequence)
        lines.extend(key_lines)

    _number(lines, rng)
    return DemoStory(projects=projects, decisions=decisions, lines=lines)


def _number(lines: list[DemoLine], rng: random.Random) -> None:
    """Treasury document numbers in date order, per calendar year, with the gaps left by the
    treasury's other business."""
    lines.sort(key=lambda line: (line.value_date, line.seq))
    counters: dict[int, int] = {}
    by_seq: dict[int, DemoLine] = {}
    for line in lines:
        year = line.value_date.year
        counters[year] = counters.get(year, rng.randint(20, 90)) + rng.randint(1, 6)
        line.document_number = f"KB-{year}-{counters[year]:06d}"
        by_seq[line.seq] = line
    for line in lines:
        if line.reverses_seq is not None and by_seq[line.reverses_seq].value_date > line.value_date:
            raise AssertionError("demo story: a correction before its original")

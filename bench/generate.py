"""Deterministic benchmark data, written as the four CSV files users bring (FORMATS.md).

Pure Python, no Django: `generate(out_dir, scale)` writes units.csv, projects.csv,
plan.csv and treasury.csv and returns what they hold, with the totals a correct report
must show as of `as_of` (a check that does not depend on the code under test).

The data keep the ledger rules, so the real importers accept every row:
- every project has an initial allocation (`giao_dau_nam`) for the plan year, decided
  20/12 of the year before; some get supplements (`bo_sung`) during the year (some after
  `as_of`), a few a negative adjustment (`dieu_chinh`), some are paired in one transfer
  decision (`dieu_chuyen`) that nets to zero per source, and some have a carry-over
  (`keo_dai`) of the year before, which the default base leaves out;
- treasury lines are dated from 01/01 of the plan year to 31/01 of the next, written in
  date order like a treasury statement; for each (project, source, plan year) the first
  lines are advances and later payments recover part of the advance, never more than the
  advance still outstanding; document numbers are unique.

Usage: python bench/generate.py --scale district --out /tmp/data [--projects P --lines N]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: int
    districts: int  # per province
    communes: int  # per district
    projects: int
    lines: int


SCALES: dict[str, Scale] = {
    "district": Scale("district", provinces=1, districts=1, communes=20, projects=300, lines=6_000),
    "province": Scale(
        "province", provinces=1, districts=11, communes=20, projects=8_000, lines=400_000
    ),
    "nation": Scale(
        "nation", provinces=63, districts=11, communes=15, projects=100_000, lines=5_000_000
    ),
}

# Funding sources of the catalogue a fresh database holds, with how often projects use them.
SOURCES: list[tuple[str, int]] = [
    ("NSDP-HUYEN", 30),
    ("NSDP-TINH", 20),
    ("NSTW", 15),
    ("CTMTQG-NTM", 10),
    ("TSDD", 10),
    ("NSDP-XA", 5),
    ("CTMTQG-GNBV", 4),
    ("CTMTQG-DTTS", 4),
    ("ODA", 2),
]

UNIT_COLUMNS = ["ma_don_vi", "ten_don_vi", "loai", "don_vi_cha", "ma_so_thue"]
PROJECT_COLUMNS = [
    "ma_du_an",
    "ten_du_an",
    "chu_dau_tu",
    "co_quan_chu_quan",
    "dia_ban",
    "nhom",
    "linh_vuc",
    "tong_muc_dau_tu",
    "nam_bat_dau",
    "nam_ket_thuc",
    "trong_diem",
]
PLAN_COLUMNS = [
    "so_quyet_dinh",
    "ngay_quyet_dinh",
    "loai",
    "ma_du_an",
    "nguon_von",
    "nam_ke_hoach",
    "so_tien",
    "ghi_chu",
    "co_quan_ban_hanh",
]
# A province's files name the body and the treasury: it has a committee in every district and
# a treasury per province. The bench's decisions and documents are the first province's.
ISSUER = "T01"
TREASURY = "T01-KB"
TREASURY_COLUMNS = [
    "so_chung_tu",
    "ngay",
    "ma_du_an",
    "nguon_von",
    "nam_ke_hoach",
    "loai",
    "so_tien",
    "thu_hoi_tam_ung",
    "chung_tu_goc",
    "kho_bac",
]

SYLLABLES = (
    "Tân An Bình Hòa Phú Thạnh Lộc Đông Tây Nam Bắc Hưng Long Mỹ Thuận Quang Minh Trung Hải "
    "Sơn Lâm Phước Thịnh Vĩnh Khánh Đức Thành Xuân Thái Hiệp"
).split()
SECTORS = [
    ("Giao thông", "Đường giao thông"),
    ("Thủy lợi", "Kênh mương nội đồng"),
    ("Giáo dục", "Trường tiểu học"),
    ("Y tế", "Trạm y tế"),
    ("Văn hóa", "Nhà văn hóa"),
    ("Nông nghiệp", "Hạ tầng vùng sản xuất"),
    ("Nước sạch", "Công trình cấp nước sinh hoạt"),
    ("Quản lý nhà nước", "Trụ sở làm việc"),
]
PROVINCE_OFFICES = [
    ("STC", "Sở Tài chính"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư"),
    ("SGTVT", "Sở Giao thông vận tải"),
    ("SNN", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("SGD", "Sở Giáo dục và Đào tạo"),
]
PROVINCE_BOARDS = [
    ("BQLDA-DD", "Ban QLDA đầu tư xây dựng công trình dân dụng và công nghiệp", "SKHDT"),
    ("BQLDA-GT", "Ban QLDA đầu tư xây dựng công trình giao thông", "SGTVT"),
    ("BQLDA-NN", "Ban QLDA đầu tư xây dựng công trình nông nghiệp", "SNN"),
]


@dataclass
class Generated:
    """What the files hold, and the figures a correct report shows as of `as_of`."""

    out_dir: Path
    scale: str
    year: int
    as_of: dt.date
    units: int = 0
    projects: int = 0
    plan_entries: int = 0
    lines: int = 0
    keys: int = 0  # (project, source) pairs with a plan for the year
    plan_total: int = 0  # base "assigned", as of as_of
    disbursed_total: int = 0  # as of as_of
    outstanding_total: int = 0  # as of as_of
    seconds: float = 0.0
    files: dict[str, Path] = field(default_factory=dict)


def place_name(index: int) -> str:
    first = SYLLABLES[index % len(SYLLABLES)]
    second = SYLLABLES[(index // len(SYLLABLES) + 7) % len(SYLLABLES)]
    return f"{first} {second}"


@dataclass(frozen=True)
class Investor:
    code: str
    agency: str
    communes: list[str]  # where its projects may be


def write_units(path: Path, scale: Scale) -> tuple[int, list[Investor], list[Investor]]:
    """The unit tree; returns (count, district-level investors, province-level investors)."""
    local: list[Investor] = []
    provincial: list[Investor] = []
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(UNIT_COLUMNS)

        def unit(code: str, name: str, kind: str, parent: str = "", tax: str = "") -> None:
            nonlocal count
            writer.writerow([code, name, kind, parent, tax])
            count += 1

        place = 0
        for p in range(1, scale.provinces + 1):
            province = f"T{p:02d}"
            province_name = place_name(1000 + p)
            unit(province, f"UBND tỉnh {province_name}", "ubnd")
            unit(f"{province}-KB", f"Kho bạc Nhà nước tỉnh {province_name}", "kho_bac", province)
            for code, name in PROVINCE_OFFICES:
                unit(f"{province}-{code}", f"{name} tỉnh {province_name}", "phong", province)
            province_communes: list[str] = []
            boards: list[tuple[str, str]] = []
            for code, name, agency in PROVINCE_BOARDS:
                unit(f"{province}-{code}", f"{name} tỉnh {province_name}", "ban_qlda", province)
                boards.append((f"{province}-{code}", f"{province}-{agency}"))
            for d in range(1, scale.districts + 1):
                district = f"{province}-H{d:02d}"
                district_name = place_name(2000 + p * 100 + d)
                unit(district, f"UBND huyện {district_name}", "ubnd", province)
                unit(
                    f"{district}-PTCKH",
                    f"Phòng Tài chính - Kế hoạch huyện {district_name}",
                    "phong",
                    district,
                )
                unit(
                    f"{district}-BQLDA",
                    f"Ban QLDA đầu tư xây dựng huyện {district_name}",
                    "ban_qlda",
                    district,
                )
                communes = []
                for x in range(1, scale.communes + 1):
                    place += 1
                    commune = f"{district}-X{x:02d}"
                    unit(commune, f"UBND xã {place_name(place)}", "xa", district)
                    communes.append(commune)
                    local.append(Investor(commune, district, [commune]))
                local.append(Investor(f"{district}-BQLDA", district, communes))
                province_communes.extend(communes)
            if scale.districts > 1:
                provincial.extend(
                    Investor(code, agency, province_communes) for code, agency in boards
                )
        for c in range(1, 4):
            unit(
                f"NT{c:03d}", f"Công ty TNHH Xây dựng {place_name(c)}", "nha_thau", "", f"0{c:09d}"
            )
    return count, local, provincial


def generate(
    out_dir: Path,
    scale: Scale,
    *,
    year: int = 2024,
    as_of: dt.date | None = None,
    projects: int | None = None,
    lines: int | None = None,
    seed: int = 20240930,
) -> Generated:
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    as_of = as_of or dt.date(year, 9, 30)
    projects = projects or scale.projects
    lines = lines if lines is not None else scale.lines
    rng = random.Random(seed)
    result = Generated(out_dir=out_dir, scale=scale.name, year=year, as_of=as_of)
    files = {kind: out_dir / f"{kind}.csv" for kind in ("units", "projects", "plan", "treasury")}
    result.files = files

    result.units, local, provincial = write_units(files["units"], scale)

    # Projects, each with one or two funding sources.
    source_codes = [code for code, _ in SOURCES]
    source_weights = [weight for _, weight in SOURCES]
    width = max(6, len(str(projects)))
    project_codes: list[str] = []
    keys: list[tuple[int, str, int]] = []  # project index, source code, initial plan
    with files["projects"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PROJECT_COLUMNS)
        for index in range(projects):
            code = f"DA-{index + 1:0{width}d}"
            project_codes.append(code)
            pool = provincial if provincial and rng.random() < 0.25 else local
            investor = pool[rng.randrange(len(pool))]
            communes = [investor.communes[rng.randrange(len(investor.communes))]]
            if len(investor.communes) > 1 and rng.random() < 0.2:
                other = investor.communes[rng.randrange(len(investor.communes))]
                if other != communes[0]:
                    communes.append(other)
            sector, kind = SECTORS[rng.randrange(len(SECTORS))]
            first = rng.choices(source_codes, source_weights)[0]
            sources = [first]
            if rng.random() < 0.3:
                second = rng.choices(source_codes, source_weights)[0]
                if second != first:
                    sources.append(second)
            planned = 0
            for source in sources:
                amount = rng.randint(500, 30_000) * 1_000_000
                keys.append((index, source, amount))
                planned += amount
            total = planned * rng.randint(20, 50) // 10 // 1_000_000 * 1_000_000
            group = "A" if total >= 2_300 * 10**9 else "B" if total >= 120 * 10**9 else "C"
            start = rng.randint(year - 2, year)
            writer.writerow(
                [
                    code,
                    f"{kind} {place_name(index)} (hạng mục {index + 1})",
                    investor.code,
                    investor.agency,
                    ";".join(communes),
                    group,
                    sector,
                    total,
                    start,
                    start + rng.randint(1, 4),
                    "x" if rng.random() < 0.03 else "",
                ]
            )
    result.projects = projects
    result.keys = len(keys)

    # Plan entries: initial allocation, supplements, adjustments, one transfer, carry-over.
    plan_rows: list[list[object]] = []

    def plan_row(number: str, day: dt.date, kind: str, key: int, plan_year: int, amount: int):
        project, source, _ = keys[key]
        plan_rows.append(
            [
                number,
                f"{day:%d/%m/%Y}",
                kind,
                project_codes[project],
                source,
                plan_year,
                f"{amount:,}".replace(",", "."),  # Vietnamese grouping: 1.234.000.000
                "",
                ISSUER,
            ]
        )
        if plan_year == year and kind != "keo_dai" and day <= as_of:
            result.plan_total += amount

    initial_day = dt.date(year - 1, 12, 20)
    for key, (_, _, amount) in enumerate(keys):
        plan_row(f"{4800 + key // 2000}/QĐ-UBND", initial_day, "giao_dau_nam", key, year, amount)
    for key in sorted(rng.sample(range(len(keys)), len(keys) * 15 // 100)):
        month = rng.randint(3, 11)
        amount = max(1, keys[key][2] * rng.randint(5, 30) // 100 // 1_000_000) * 1_000_000
        plan_row(
            f"{1000 + month * 100}/QĐ-UBND", dt.date(year, month, 15), "bo_sung", key, year, amount
        )
    for key in sorted(rng.sample(range(len(keys)), len(keys) * 3 // 100)):
        amount = -(keys[key][2] // 10 // 1_000_000 * 1_000_000)
        if amount:
            plan_row("2500/QĐ-UBND", dt.date(year, 8, 20), "dieu_chinh", key, year, amount)
    by_source: dict[str, list[int]] = {}
    for key in sorted(rng.sample(range(len(keys)), len(keys) * 6 // 100)):
        by_source.setdefault(keys[key][1], []).append(key)
    for source in sorted(by_source):
        chosen = by_source[source]
        for giver, taker in zip(chosen[0::2], chosen[1::2], strict=False):
            amount = keys[giver][2] * rng.randint(10, 30) // 100 // 1_000_000 * 1_000_000
            plan_row("2800/QĐ-UBND", dt.date(year, 7, 15), "dieu_chuyen", giver, year, -amount)
            plan_row("2800/QĐ-UBND", dt.date(year, 7, 15), "dieu_chuyen", taker, year, amount)
    for key in sorted(rng.sample(range(len(keys)), len(keys) * 5 // 100)):
        amount = rng.randint(100, 5_000) * 1_000_000
        # A carry-over is at most last year's plan left unspent (here: all of it).
        plan_row("4700/QĐ-UBND", dt.date(year - 2, 12, 20), "giao_dau_nam", key, year - 1, amount)
        plan_row("350/QĐ-UBND", dt.date(year, 2, 15), "keo_dai", key, year - 1, amount)
    with files["plan"].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PLAN_COLUMNS)
        writer.writerows(plan_rows)
    result.plan_entries = len(plan_rows)
    plan_rows.clear()

    write_treasury(files["treasury"], rng, keys, project_codes, lines, year, as_of, result)
    result.seconds = time.perf_counter() - started
    return result


def write_treasury(
    path: Path,
    rng: random.Random,
    keys: list[tuple[int, str, int]],
    project_codes: list[str],
    lines: int,
    year: int,
    as_of: dt.date,
    result: Generated,
) -> None:
    """`lines` treasury lines spread over `keys`, written in date order."""
    first_day = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 31) - first_day).days + 1
    as_of_offset = (as_of - first_day).days
    count = len(keys)
    # How many lines each key gets: uneven, adding up to exactly `lines`.
    weights = [0.2 + 1.6 * rng.random() for _ in range(count)]
    scale = lines / sum(weights) if count else 0
    per_key = [int(weight * scale) for weight in weights]
    short = lines - sum(per_key)
    for position in range(short):
        per_key[position % count] += 1
    # Each key's lines, by day: disbursement speeds up towards the end of the year.
    buckets = [array("I") for _ in range(days)]
    random_ = rng.random
    for key, n in enumerate(per_key):
        for offset in sorted(int(days * random_() ** 0.75) for _ in range(n)):
            buckets[offset].append(key)
    advances_left = [0] * count
    advance_amount = [0] * count
    payment_base = [0.0] * count
    outstanding = [0] * count
    for key, (_, _, planned) in enumerate(keys):
        n = per_key[key]
        advances = 1 if n <= 3 else 1 + rng.randrange(3)
        advances_left[key] = advances
        # The treasury pays within the plan in force (at least 60% of the initial plan once
        # adjusted and transferred): advances up to 10%, payments up to 45% of it.
        advance_amount[key] = max(
            1_000, int(planned * (0.05 + 0.05 * random_()) / advances) // 1000 * 1000
        )
        payment_base[key] = planned * (0.15 + 0.15 * random_()) / max(1, n - advances)
    codes = [(project_codes[project], source) for project, source, _ in keys]
    plan_year = str(year)
    sequence = 0
    disbursed = advanced = recovered_total = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(TREASURY_COLUMNS)
        write = writer.writerow
        for offset in range(days):
            day = f"{first_day + dt.timedelta(days=offset):%d/%m/%Y}"
            counted = offset <= as_of_offset
            for key in buckets[offset]:
                sequence += 1
                project, source = codes[key]
                if advances_left[key]:
                    advances_left[key] -= 1
                    amount = advance_amount[key]
                    outstanding[key] += amount
                    write([f"KB{year}-{sequence:08d}", day, project, source, plan_year,
                           "tam_ung", amount, "", "", TREASURY])  # fmt: skip
                    if counted:
                        disbursed += amount
                        advanced += amount
                    continue
                amount = max(1_000, int(payment_base[key] * (0.5 + random_())) // 1000 * 1000)
                recovered = min(outstanding[key], amount // 3)
                outstanding[key] -= recovered
                write([f"KB{year}-{sequence:08d}", day, project, source, plan_year,
                       "thanh_toan", amount, recovered, "", TREASURY])  # fmt: skip
                if counted:
                    disbursed += amount - recovered
                    recovered_total += recovered
            buckets[offset] = array("I")
    result.lines = sequence
    result.disbursed_total = disbursed
    result.outstanding_total = advanced - recovered_total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="district")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--projects", type=int)
    parser.add_argument("--lines", type=int)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--seed", type=int, default=20240930)
    args = parser.parse_args()
    made = generate(
        args.out,
        SCALES[args.scale],
        year=args.year,
        projects=args.projects,
        lines=args.lines,
        seed=args.seed,
    )
    print(
        f"{made.units} units, {made.projects} projects, {made.plan_entries} plan entries, "
        f"{made.lines} treasury lines in {made.seconds:.1f} s -> {made.out_dir}"
    )


if __name__ == "__main__":
    main()

"""A movement described in a file (YAML or JSON; docs/movement-file.md), loaded through the
same service as the form: `giaingan movement load FILE` and the demo use it.

The file is read whole first; every problem is named by its path in the file
(`categories[2].criteria[0].kind`) with its reason in Vietnamese, and nothing is written
unless the whole file is right. Loading the same file again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from giaingan.emulation.models import Movement
from giaingan.emulation.services import (
    DEFAULT_AWARD_FORM,
    MOVEMENT_FIELDS,
    CategoryInput,
    CriterionInput,
    MovementInput,
    MovementSaved,
    code_is_valid,
    movement_problems,
    movement_save,
)
from giaingan.lib.dates import DATE_FORMS, NOT_A_DATE, DateError, parse_date
from giaingan.lib.money import DecimalError, parse_decimal
from giaingan.lib.problems import InvalidInput, Problem, shown_value

SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
MAX_FILE_BYTES = 2 * 1024 * 1024

# The file's keys in the order problems are reported: the movement's fields, the text given
# as a file or inline, then the groups.
FIELD_ORDER = ["code", *MOVEMENT_FIELDS[:-1], "plan_text_file", "plan_text", "categories"]
TOP_FIELDS = set(FIELD_ORDER)
CATEGORY_FIELDS = {"category", "criteria"}
CRITERION_FIELDS = {"key", "label", "kind", "required"}


def movement_load(*, path: Path | str, user: Any = None) -> MovementSaved:
    """Create or update the movement the file describes; InvalidInput lists every problem."""
    data = movement_file_read(Path(path))
    return movement_save(data=data, user=user)


def movement_file_read(path: Path) -> MovementInput:
    """The file's movement, checked as the service would check it (without writing)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(
            [Problem(f"tệp phải có đuôi .yaml, .yml hoặc .json, không phải «{path.name}»")]
        )
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InvalidInput(
                [
                    Problem(
                        f"tệp lớn quá {MAX_FILE_BYTES // (1024 * 1024)} MB: không phải tệp mô tả phong trào"
                    )
                ]
            )
        text = path.read_bytes().decode("utf-8-sig")
    except OSError:
        raise InvalidInput([Problem(f"không đọc được tệp «{path}»")]) from None
    except UnicodeDecodeError:
        raise InvalidInput([Problem("tệp phải được lưu dạng UTF-8")]) from None
    raw = _parse(text, SUFFIXES[suffix])
    return movement_input(raw, base_dir=path.parent)


def _parse(text: str, kind: str) -> Any:
    if kind == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise InvalidInput(
                [Problem(f"JSON không hợp lệ: {error.msg}", row=error.lineno)]
            ) from None
        except RecursionError:
            raise InvalidInput([Problem("JSON lồng nhau quá sâu")]) from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        row = mark.line + 1 if mark is not None else None
        reason = error.problem or error.context or "cú pháp sai"
        raise InvalidInput([Problem(f"YAML không hợp lệ: {reason}", row=row)]) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError):
        # PyYAML's constructors raise plain errors too, e.g. for a date like 2024-02-30.
        raise InvalidInput([Problem("YAML không hợp lệ")]) from None


def movement_input(raw: Any, *, base_dir: Path | None = None) -> MovementInput:
    """Read a movement from parsed YAML/JSON; raise InvalidInput with every problem found,
    those of reading and those the service would find."""
    reader = _Reader()
    if not isinstance(raw, dict):
        raise InvalidInput(
            [Problem("tệp phải là một bảng khoá: giá trị (code, name, categories, ...)")]
        )
    reader.unknown(raw, TOP_FIELDS, "")
    plan_text = reader.text(raw, "plan_text", required=False) or ""
    if "plan_text_file" in raw:
        if "plan_text" in raw:
            reader.problem(
                "plan_text_file", "chỉ dùng một trong hai: plan_text hoặc plan_text_file"
            )
        plan_text = _plan_text_file(reader, raw, base_dir)
    percent = reader.percent(raw, "review_below_percent")
    data = MovementInput(
        code=reader.text(raw, "code"),
        name=reader.text(raw, "name"),
        plan_number=reader.text(raw, "plan_number", required=False) or "",
        plan_date=reader.date(raw, "plan_date", required=False),
        plan_year=reader.year(raw, "plan_year"),
        starts_on=reader.date(raw, "starts_on"),
        ends_on=reader.date(raw, "ends_on"),
        deadline=reader.date(raw, "deadline", required=False),
        award_form=reader.text(raw, "award_form", required=False) or DEFAULT_AWARD_FORM,
        review_below_percent=Decimal("100") if percent is None else percent,
        plan_text=plan_text,
        categories=_categories(reader, raw),
    )
    # Judge the rest as the service will, so one run lists every problem of the file.
    reported = frozenset([problem.column for problem in reader.problems] + reader.silent)
    existing = Movement.objects.filter(code=data.code).first() if code_is_valid(data.code) else None
    problems = reader.problems + movement_problems(data, movement=existing, reported=reported)
    if problems:
        raise InvalidInput(sorted(problems, key=lambda problem: _place_order(problem.column)))
    return data


def _place_order(path: str) -> tuple:
    """Problems in the order of the file: fields as the schema lists them, items by index."""
    tokens = re.findall(r"\[(\d+)\]|([^.\[\]]+)", path)
    head = tokens[0][1] if tokens else ""
    first = FIELD_ORDER.index(head) if head in FIELD_ORDER else len(FIELD_ORDER)
    return (first, *((0, int(number), "") if number else (1, 0, name) for number, name in tokens))


def _plan_text_file(reader: _Reader, raw: dict, base_dir: Path | None) -> str:
    name = reader.text(raw, "plan_text_file", required=False)
    if not name:
        return ""
    if base_dir is None:
        reader.problem("plan_text_file", "chỉ dùng được khi nạp từ một tệp", name)
        return ""
    try:
        return (base_dir / name).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, ValueError):
        reader.problem(
            "plan_text_file",
            "không đọc được tệp toàn văn kế hoạch (đường dẫn tính từ thư mục của tệp này, "
            "tệp văn bản UTF-8)",
            name,
        )
        return ""


def _categories(reader: _Reader, raw: dict) -> list[CategoryInput]:
    if "categories" not in raw or raw["categories"] is None:
        reader.problem("categories", "thiếu danh sách nhóm đối tượng")
        return []
    groups = raw["categories"]
    if not isinstance(groups, list):
        reader.problem("categories", "phải là một danh sách các nhóm đối tượng", groups)
        return []
    found = []
    for index, group in enumerate(groups):
        place = f"categories[{index}]"
        if not isinstance(group, dict):
            reader.problem(place, "mỗi nhóm là một bảng gồm category và criteria", group)
            # Keep the index in step with the file; the group is known unreadable.
            reader.problem(f"{place}.criteria", "", silent=True)
            found.append(CategoryInput(category=None, criteria=[]))
            continue
        reader.unknown(group, CATEGORY_FIELDS, place)
        category = reader.text(group, "category", place=place)
        found.append(CategoryInput(category=category, criteria=_criteria(reader, group, place)))
    return found


def _criteria(reader: _Reader, group: dict, place: str) -> list[CriterionInput]:
    path = f"{place}.criteria"
    items = group.get("criteria")
    if items is None:
        reader.problem(path, "thiếu danh sách tiêu chí của nhóm")
        return []
    if not isinstance(items, list):
        reader.problem(path, "phải là một danh sách tiêu chí", items)
        return []
    found = []
    for number, item in enumerate(items):
        where = f"{path}[{number}]"
        if not isinstance(item, dict):
            reader.problem(where, "mỗi tiêu chí là một bảng gồm key, label, kind, required", item)
            for name in ("key", "label", "kind"):
                reader.problem(f"{where}.{name}", "", silent=True)
            found.append(CriterionInput(key=None, label=None, kind=None))
            continue
        reader.unknown(item, CRITERION_FIELDS, where)
        found.append(
            CriterionInput(
                key=reader.text(item, "key", place=where),
                label=reader.text(item, "label", place=where),
                kind=reader.text(item, "kind", place=where),
                required=reader.flag(item, "required", place=where),
            )
        )
    return found


class _Reader:
    """Reads typed values out of mappings, collecting problems named by path."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.silent: list[str] = []

    def problem(self, path: str, reason: str, value: object = "", *, silent: bool = False) -> None:
        if silent:
            # A place inside an unreadable part: not judged again, not reported twice.
            self.silent.append(path)
            return
        self.problems.append(Problem(reason, column=path, value=_shown(value)))

    def unknown(self, mapping: dict, known: set[str], place: str) -> None:
        for key in mapping:
            if key not in known:
                self.problem(
                    _join(place, str(key)),
                    "khoá không có trong mẫu tệp; dùng: " + ", ".join(sorted(known)),
                )

    def text(self, mapping: dict, name: str, *, place: str = "", required: bool = True):
        path = _join(place, name)
        value = mapping.get(name)
        if value is None:
            if required:
                self.problem(path, "thiếu giá trị")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.problem(path, "phải là một chuỗi ký tự", value)
            return None
        return str(value).strip()

    def date(self, mapping: dict, name: str, *, required: bool = True) -> dt.date | None:
        value = mapping.get(name)
        if value is None or value == "":
            if required:
                self.problem(name, f"thiếu ngày ({DATE_FORMS})")
            return None
        if isinstance(value, bool):
            self.problem(name, NOT_A_DATE, value)
            return None
        try:
            return parse_date(value)
        except DateError as error:
            self.problem(name, str(error), value)
        except (ValueError, OverflowError):
            self.problem(name, NOT_A_DATE, value)
        return None

    def year(self, mapping: dict, name: str) -> int | None:
        value = mapping.get(name)
        if value is None:
            self.problem(name, "thiếu năm kế hoạch vốn")
            return None
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(name, "phải là một năm, ví dụ 2024", value)
            return None
        return value

    def percent(self, mapping: dict, name: str) -> Decimal | None:
        value = mapping.get(name)
        if value is None:
            return None
        try:
            number = parse_decimal(value)
        except DecimalError:
            self.problem(name, "phải là một tỷ lệ phần trăm, ví dụ 100 hoặc 95.5", value)
            return Decimal("100")
        return number

    def flag(self, mapping: dict, name: str, *, place: str) -> bool:
        value = mapping.get(name, True)
        if not isinstance(value, bool):
            self.problem(_join(place, name), "phải là true hoặc false", value)
            return True
        return value


def _join(place: str, name: str) -> str:
    return f"{place}.{name}" if place else name


def _shown(value: object) -> str:
    if isinstance(value, (dict, list)):
        return shown_value(json.dumps(value, ensure_ascii=False, default=str))
    return shown_value(value)


def problem_line(problem: Problem) -> str:
    """One problem as the command prints it: `path: reason (giá trị: «...»)`."""
    where = problem.column or (f"dòng {problem.row}" if problem.row is not None else "")
    shown = f" (giá trị: «{problem.value}»)" if problem.value != "" else ""
    return f"{where}: {problem.reason}{shown}" if where else f"{problem.reason}{shown}"

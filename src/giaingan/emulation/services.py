"""Writes for the emulation movement: the movement and its checklists, registrations,
evidence and its assessment. Each runs in one transaction and is logged."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from giaingan.audit.services import log_action
from giaingan.emulation.evaluation import AUTOMATIC_KEYS, ELIGIBLE
from giaingan.emulation.models import (
    Category,
    Criterion,
    CriterionKind,
    Evidence,
    Movement,
    Registration,
)
from giaingan.lib.problems import InvalidInput, Problem, shown_value
from giaingan.lib.uploads import ATTACHMENT_MAX_BYTES, ATTACHMENT_SUFFIXES, attachment_problem
from giaingan.lib.users import signed_in
from giaingan.org.models import Unit

DEFAULT_AWARD_FORM = "Giấy khen của Chủ tịch UBND"
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", re.ASCII)
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$", re.ASCII)
EVIDENCE_SUFFIXES = ATTACHMENT_SUFFIXES
EVIDENCE_MAX_BYTES = ATTACHMENT_MAX_BYTES
NOTE_LIMIT = 5000
ASSESSMENT_LIMIT = 500  # Evidence.assessment_note


# --- Movements and their checklists ---------------------------------------------------------


@dataclass(frozen=True)
class CriterionInput:
    key: str | None
    label: str | None
    kind: str | None
    required: bool = True


@dataclass(frozen=True)
class CategoryInput:
    category: str | None
    criteria: list[CriterionInput] = field(default_factory=list)


@dataclass(frozen=True)
class MovementInput:
    """A movement as a file or the form gives it. Places in problems are named by path:
    `code`, `categories[1].criteria[0].kind` (indexes from 0, in the order given)."""

    code: str | None
    name: str | None
    plan_year: int | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    plan_number: str = ""
    plan_date: dt.date | None = None
    deadline: dt.date | None = None
    award_form: str = DEFAULT_AWARD_FORM
    review_below_percent: Decimal | None = Decimal("100")
    plan_text: str = ""
    categories: list[CategoryInput] = field(default_factory=list)


# The movement's own fields, in the order they are reported.
MOVEMENT_FIELDS = [
    "name",
    "plan_number",
    "plan_date",
    "plan_year",
    "starts_on",
    "ends_on",
    "deadline",
    "award_form",
    "review_below_percent",
    "plan_text",
]


@dataclass
class MovementSaved:
    movement: Movement
    created: bool
    fields: list[str] = field(default_factory=list)  # movement fields changed
    added: list[str] = field(default_factory=list)  # "category/key" of criteria
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return self.created or bool(self.fields or self.added or self.changed or self.removed)

    def summary(self) -> str:
        code = self.movement.code
        if self.created:
            categories = self.movement.criteria.values("category").distinct().count()
            return (
                f"Đã tạo phong trào {code}: {categories} nhóm đối tượng, "
                f"{len(self.added)} tiêu chí."
            )
        if not self.changed_anything:
            return f"Phong trào {code} không có gì thay đổi."
        parts = []
        if self.fields:
            names = [str(Movement._meta.get_field(name).verbose_name) for name in self.fields]
            parts.append("sửa " + ", ".join(names))
        counts = [
            f"{verb} {len(items)} tiêu chí"
            for verb, items in (("thêm", self.added), ("sửa", self.changed), ("bỏ", self.removed))
            if items
        ]
        if counts:
            parts.append(", ".join(counts))
        return f"Đã cập nhật phong trào {code}: " + "; ".join(parts) + "."


def movement_problems(
    data: MovementInput,
    *,
    movement: Movement | None = None,
    reported: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Every reason `data` cannot be saved (over `movement` when it exists already).

    Places already in `reported` (a reader found them unreadable) are not judged again.
    """
    problems: list[Problem] = []

    def refuse(path: str, reason: str, value: object = "") -> None:
        if path not in reported:
            problems.append(Problem(reason, column=path, value=shown_value(value)))

    if not data.code:
        refuse("code", "thiếu mã phong trào")
    elif not code_is_valid(data.code):
        refuse(
            "code",
            "mã phong trào gồm chữ cái không dấu, chữ số, dấu «-», «_» hoặc «.», "
            "tối đa 30 ký tự, ví dụ DTC-2024",
            data.code,
        )
    _text_problems(refuse, "name", data.name, 500, required=True, what="tên phong trào")
    _text_problems(refuse, "plan_number", data.plan_number, 100, what="số kế hoạch")
    _text_problems(
        refuse, "award_form", data.award_form, 255, required=True, what="hình thức khen thưởng"
    )
    _text_problems(refuse, "plan_text", data.plan_text, None, what="toàn văn kế hoạch")
    if data.plan_year is None:
        refuse("plan_year", "thiếu năm kế hoạch vốn")
    elif not 1990 <= data.plan_year <= 2100:
        refuse("plan_year", "năm kế hoạch vốn phải từ 1990 đến 2100", data.plan_year)
    for path, day in (("starts_on", data.starts_on), ("ends_on", data.ends_on)):
        if day is None:
            refuse(path, "thiếu ngày" + (" bắt đầu" if path == "starts_on" else " kết thúc"))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        refuse(
            "ends_on",
            f"ngày kết thúc phải từ ngày bắt đầu ({data.starts_on:%d/%m/%Y}) trở đi",
            f"{data.ends_on:%d/%m/%Y}",
        )
    if data.deadline and data.starts_on and data.deadline < data.starts_on:
        refuse(
            "deadline",
            f"hạn hoàn thành phải từ ngày bắt đầu ({data.starts_on:%d/%m/%Y}) trở đi",
            f"{data.deadline:%d/%m/%Y}",
        )
    percent = data.review_below_percent
    if percent is None:
        refuse("review_below_percent", "thiếu ngưỡng kiểm điểm (%)")
    elif (
        not percent.is_finite()
        or not (0 <= percent <= 100)
        or percent != percent.quantize(Decimal("0.01"))
    ):
        refuse(
            "review_below_percent",
            "ngưỡng kiểm điểm là một tỷ lệ từ 0 đến 100, tối đa 2 chữ số thập phân",
            percent,
        )
    _checklist_problems(data.categories, refuse)
    if movement is not None:
        problems += _evidence_problems(data, movement, reported)
    return problems


def code_is_valid(code: str | None) -> bool:
    return bool(code) and len(code) <= 30 and bool(CODE_PATTERN.match(code))


def text_is_clean(text: str) -> bool:
    """No NUL (PostgreSQL refuses it) and nothing that is not UTF-8 (a lone surrogate)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text_problems(
    refuse, path: str, text: str | None, limit: int | None, *, what: str, required: bool = False
) -> None:
    if required and not (text or "").strip():
        refuse(path, f"thiếu {what}")
    elif text and limit is not None and len(text) > limit:
        refuse(path, f"{what} dài quá {limit} ký tự", text)
    elif text and not text_is_clean(text):
        refuse(path, f"{what} có ký tự không hợp lệ")


def _checklist_problems(categories: list[CategoryInput], refuse) -> None:
    if not categories:
        refuse("categories", "phải có ít nhất một nhóm đối tượng với các tiêu chí của nhóm")
    seen_categories: dict[str, int] = {}
    for index, group in enumerate(categories):
        place = f"categories[{index}]"
        if group.category is not None:
            if group.category not in Category.values:
                refuse(
                    f"{place}.category",
                    "nhóm đối tượng không có; dùng một trong: " + ", ".join(Category.values),
                    group.category,
                )
            elif group.category in seen_categories:
                refuse(
                    f"{place}.category",
                    f"nhóm đối tượng này đã có ở categories[{seen_categories[group.category]}]: "
                    "gộp các tiêu chí vào một chỗ",
                    group.category,
                )
            else:
                seen_categories[group.category] = index
        if not group.criteria:
            refuse(f"{place}.criteria", "nhóm đối tượng phải có ít nhất một tiêu chí")
            continue
        if not any(criterion.required for criterion in group.criteria):
            refuse(
                f"{place}.criteria",
                "nhóm đối tượng phải có ít nhất một tiêu chí bắt buộc (required: true)",
            )
        seen_keys: dict[str, int] = {}
        for number, criterion in enumerate(group.criteria):
            _criterion_problems(f"{place}.criteria[{number}]", criterion, seen_keys, refuse)
            if criterion.key:
                seen_keys.setdefault(criterion.key, number)


def _criterion_problems(
    place: str, criterion: CriterionInput, seen: dict[str, int], refuse
) -> None:
    key = criterion.key
    key_ok = False
    if key is not None:
        if not key:
            refuse(f"{place}.key", "thiếu mã tiêu chí")
        elif len(key) > 60 or not KEY_PATTERN.match(key):
            refuse(
                f"{place}.key",
                "mã tiêu chí gồm chữ thường không dấu, chữ số, «_» hoặc «-», tối đa 60 ký tự, "
                "ví dụ sang_kien",
                key,
            )
        elif key == ELIGIBLE:
            refuse(
                f"{place}.key",
                "«eligible» là tiêu chí hệ thống luôn xét (Nghị định 98/2023/NĐ-CP, Điều 4): "
                "không khai báo lại",
                key,
            )
        elif key in seen:
            refuse(f"{place}.key", f"trùng mã với tiêu chí criteria[{seen[key]}] cùng nhóm", key)
        else:
            key_ok = True
    if criterion.label is not None:
        _text_problems(
            refuse, f"{place}.label", criterion.label, 500, required=True, what="nội dung tiêu chí"
        )
    if criterion.kind is not None:
        if criterion.kind not in CriterionKind.values:
            refuse(
                f"{place}.kind",
                "cách đánh giá là «tu_dong» (tự động, từ số liệu) hoặc «thu_cong» "
                "(thủ công, có minh chứng)",
                criterion.kind,
            )
        elif criterion.kind == CriterionKind.AUTOMATIC and key_ok and key not in AUTOMATIC_KEYS:
            refuse(
                f"{place}.key",
                "tiêu chí tự động chỉ có thể là: " + ", ".join(AUTOMATIC_KEYS),
                key,
            )


def _evidence_problems(
    data: MovementInput, movement: Movement, reported: frozenset[str]
) -> list[Problem]:
    """A criterion that has evidence may be neither removed nor turned automatic."""
    problems = []
    with_evidence = set(
        Evidence.objects.filter(criterion__movement=movement)
        .values_list("criterion__category", "criterion__key", "criterion__kind")
        .distinct()
    )
    wanted: dict[tuple[str | None, str | None], tuple[str, str | None]] = {}
    places: dict[str | None, str] = {}
    for index, group in enumerate(data.categories):
        places.setdefault(group.category, f"categories[{index}].criteria")
        for number, criterion in enumerate(group.criteria or []):
            wanted[(group.category, criterion.key)] = (
                f"categories[{index}].criteria[{number}].kind",
                criterion.kind,
            )
    labels = dict(Category.choices)
    # With a group unreadable, what the file removes is not known: judge removals later.
    unsure = any(group.category is None for group in data.categories) or any(
        criterion.key is None for group in data.categories for criterion in group.criteria
    )
    for category, key, kind in sorted(with_evidence):
        found = wanted.get((category, key))
        if found is None:
            if unsure:
                continue
            place = places.get(category, "categories")
            if place not in reported:
                problems.append(
                    Problem(
                        f"không bỏ được tiêu chí «{key}» của nhóm {labels.get(category, category)} "
                        "vì đã có đơn vị nộp minh chứng cho tiêu chí này",
                        column=place,
                    )
                )
        elif found[1] is not None and found[1] != kind and found[0] not in reported:
            problems.append(
                Problem(
                    f"không đổi được cách đánh giá của tiêu chí «{key}» vì đã có minh chứng",
                    column=found[0],
                    value=found[1],
                )
            )
    return problems


def movement_save(
    *, data: MovementInput, user: Any = None, create: bool | None = None
) -> MovementSaved:
    """Create or update the movement `data.code` with its checklists, all or nothing.

    `create`: True refuses an existing code (a new movement), False a missing one (an
    edit), None takes either (a movement file, loaded again and again). Saving the same
    data twice changes nothing and logs nothing.
    """
    with transaction.atomic():
        # Lock the movement: two saves must not interleave their checklists.
        movement = (
            Movement.objects.select_for_update().filter(code=data.code).first()
            if code_is_valid(data.code)
            else None
        )
        if create is True and movement is not None:
            raise InvalidInput(
                [Problem("đã có phong trào mang mã này", column="code", value=data.code or "")]
            )
        if create is False and movement is None:
            raise InvalidInput(
                [Problem("không có phong trào mang mã này", column="code", value=data.code or "")]
            )
        problems = movement_problems(data, movement=movement)
        if problems:
            raise InvalidInput(problems)
        saved = MovementSaved(movement=movement, created=movement is None)  # type: ignore[arg-type]
        values = {name: getattr(data, name) for name in MOVEMENT_FIELDS}
        values["name"] = values["name"].strip()
        if movement is None:
            try:
                with transaction.atomic():
                    movement = Movement.objects.create(code=data.code, **values)
            except IntegrityError:
                raise InvalidInput(
                    [Problem("đã có phong trào mang mã này", column="code", value=data.code)]
                ) from None
            saved.movement = movement
        else:
            saved.fields = [
                name for name in MOVEMENT_FIELDS if getattr(movement, name) != values[name]
            ]
            if saved.fields:
                for name in saved.fields:
                    setattr(movement, name, values[name])
                movement.save(update_fields=saved.fields)
        _checklists_save(movement, data.categories, saved)
        if saved.changed_anything:
            log_action(
                "emulation.movement.created" if saved.created else "emulation.movement.updated",
                user=user,
                obj=movement,
                data={
                    "code": movement.code,
                    "fields": saved.fields,
                    "added": saved.added,
                    "changed": saved.changed,
                    "removed": saved.removed,
                },
            )
    return saved


def _checklists_save(
    movement: Movement, categories: list[CategoryInput], saved: MovementSaved
) -> None:
    existing = {(row.category, row.key): row for row in movement.criteria.all()}
    wanted: set[tuple[str, str]] = set()
    for group in categories:
        for order, item in enumerate(group.criteria, start=1):
            key = (group.category, item.key)
            wanted.add(key)  # type: ignore[arg-type]
            values = {
                "label": item.label.strip(),  # type: ignore[union-attr]
                "kind": item.kind,
                "required": item.required,
                "order": order,
            }
            row = existing.get(key)  # type: ignore[arg-type]
            name = f"{group.category}/{item.key}"
            if row is None:
                Criterion.objects.create(
                    movement=movement, category=group.category, key=item.key, **values
                )
                saved.added.append(name)
            elif any(getattr(row, field) != value for field, value in values.items()):
                for field_name, value in values.items():
                    setattr(row, field_name, value)
                row.save(update_fields=list(values))
                saved.changed.append(name)
    for key, row in existing.items():
        if key not in wanted:
            row.delete()
            saved.removed.append(f"{key[0]}/{key[1]}")


# --- Registrations --------------------------------------------------------------------------


def movement_register(
    *,
    movement: Movement,
    unit: Unit,
    category: str,
    registered_on: dt.date,
    pledge: str = "",
    person_name: str = "",
    person_position: str = "",
    user: Any = None,
) -> Registration:
    """Register `unit` for the movement, or a person working in it (category `ca_nhan`,
    with their name and position); a second registration of the same is refused."""
    if category not in Category.values:
        raise InvalidInput(
            [Problem("nhóm đối tượng không có", column="category", value=shown_value(category))]
        )
    person_name, person_position = person_name.strip(), person_position.strip()
    if category == Category.INDIVIDUAL and not person_name:
        raise InvalidInput(
            [Problem("cá nhân đăng ký thi đua phải có họ và tên", column="person_name")]
        )
    if category != Category.INDIVIDUAL and (person_name or person_position):
        raise InvalidInput(
            [
                Problem(
                    "chỉ cá nhân mới ghi họ và tên, chức vụ; tập thể đăng ký bằng tên đơn vị",
                    column="person_name",
                    value=shown_value(person_name),
                )
            ]
        )
    if not movement.starts_on <= registered_on <= movement.ends_on:
        raise InvalidInput(
            [
                Problem(
                    f"Ngày đăng ký phải trong thời gian phong trào ({movement.starts_on:%d/%m/%Y} - {movement.ends_on:%d/%m/%Y})."
                )
            ]
        )
    with transaction.atomic():
        registration, created = Registration.objects.get_or_create(
            movement=movement,
            unit=unit,
            person_name=person_name,
            defaults={
                "category": category,
                "registered_on": registered_on,
                "pledge": pledge,
                "person_position": person_position,
            },
        )
        if not created:
            raise InvalidInput(
                [Problem(f"{registration.participant} đã đăng ký phong trào {movement.code}.")]
            )
        log_action(
            "emulation.registration.created",
            user=user,
            obj=registration,
            data={
                "movement": movement.code,
                "unit": unit.code,
                "category": category,
                "person_name": person_name,
            },
        )
    return registration


# --- Evidence -------------------------------------------------------------------------------


def evidence_file_problem(name: str, size: int, content: IO[bytes] | None = None) -> str:
    """Why a file cannot be evidence ("" when it can): the one attachment rule, naming the file
    when its type is wrong."""
    problem = attachment_problem(name, size, content, max_bytes=EVIDENCE_MAX_BYTES)
    if problem.startswith("tệp không đúng loại"):
        return f"tệp «{shown_value(name)}»" + problem.removeprefix("tệp")
    return problem


def evidence_add(
    *,
    registration: Registration,
    criterion: Criterion,
    note: str,
    file: Any = None,
    user: Any = None,
) -> Evidence:
    """A participant shows a manual criterion of its checklist is met; it waits assessment."""
    problems = []
    if (
        criterion.movement_id != registration.movement_id
        or criterion.category != registration.category
    ):
        problems.append(
            Problem(
                "tiêu chí không thuộc danh mục tiêu chí của nhóm đối tượng đơn vị đã đăng ký",
                column="criterion",
                value=criterion.key,
            )
        )
    elif criterion.kind != CriterionKind.MANUAL:
        problems.append(
            Problem(
                "tiêu chí tự động được tính từ số liệu giải ngân, không nhận minh chứng",
                column="criterion",
                value=criterion.key,
            )
        )
    note = (note or "").strip()
    if not note:
        problems.append(Problem("hãy ghi nội dung minh chứng", column="note"))
    elif len(note) > NOTE_LIMIT:
        problems.append(Problem(f"nội dung minh chứng dài quá {NOTE_LIMIT} ký tự", column="note"))
    if file:
        reason = evidence_file_problem(file.name, file.size, file)
        if reason:
            problems.append(Problem(reason, column="file"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        evidence = Evidence(
            registration=registration, criterion=criterion, note=note, uploaded_by=signed_in(user)
        )
        if file:
            evidence.file.save(PurePath(file.name).name, file, save=False)
        evidence.save()
        log_action(
            "emulation.evidence.added",
            user=user,
            obj=evidence,
            data={
                "movement": registration.movement.code,
                "unit": registration.unit.code,
                "criterion": criterion.key,
                "file": evidence.file.name if evidence.file else "",
            },
        )
    return evidence


def evidence_assess(
    *, evidence: Evidence, accepted: bool, note: str = "", user: Any = None
) -> Evidence:
    """Accept or refuse evidence; a refusal says why. A later assessment replaces it (the
    row's history keeps the earlier one)."""
    note = (note or "").strip()
    if not accepted and not note:
        raise InvalidInput([Problem("hãy ghi lý do không công nhận minh chứng", column="note")])
    if len(note) > ASSESSMENT_LIMIT:
        raise InvalidInput(
            [Problem(f"ý kiến thẩm định dài quá {ASSESSMENT_LIMIT} ký tự", column="note")]
        )
    with transaction.atomic():
        # Lock the row: two assessors deciding at once must not mix their answers.
        evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
        evidence.accepted = accepted
        evidence.assessed_by = signed_in(user)
        evidence.assessment_note = note
        evidence.assessed_at = timezone.now()
        evidence.save(update_fields=["accepted", "assessed_by", "assessment_note", "assessed_at"])
        log_action(
            "emulation.evidence.accepted" if accepted else "emulation.evidence.refused",
            user=user,
            obj=evidence,
            data={"criterion": evidence.criterion.key, "note": note},
        )
    return evidence

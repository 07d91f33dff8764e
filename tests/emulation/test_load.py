"""A movement loaded from a YAML or JSON file: all or nothing, every problem with its path."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaingan.audit.models import Event
from giaingan.demo.district import MOVEMENT_FILE
from giaingan.emulation.loading import movement_input, movement_load
from giaingan.emulation.models import Category, Criterion, Evidence, Movement
from giaingan.emulation.services import evidence_add, movement_register
from giaingan.lib.problems import InvalidInput

pytestmark = pytest.mark.django_db

GIAINGAN = Path(sys.executable).parent / "giaingan"

MOVEMENT = {
    "code": "DTC-2025",
    "name": "Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2025",
    "plan_number": "45/KH-UBND",
    "plan_date": "10/03/2025",
    "plan_year": 2025,
    "starts_on": "10/03/2025",
    "ends_on": "2026-01-31",
    "review_below_percent": 95.5,
    "plan_text": "KẾ HOẠCH\nPhát động phong trào thi đua",
    "categories": [
        {
            "category": "chu_dau_tu",
            "criteria": [
                {
                    "key": "disbursed_full_plan",
                    "label": "Giải ngân 100% kế hoạch vốn",
                    "kind": "tu_dong",
                },
                {"key": "sang_kien", "label": "Có sáng kiến, giải pháp", "kind": "thu_cong"},
                {
                    "key": "bao_cao",
                    "label": "Báo cáo định kỳ",
                    "kind": "thu_cong",
                    "required": False,
                },
            ],
        },
        {
            "category": "nha_thau",
            "criteria": [
                {"key": "nghia_vu_thue", "label": "Nộp đủ thuế", "kind": "thu_cong"},
            ],
        },
    ],
}


def write(tmp_path: Path, data: object, name: str = "phong_trao.yaml") -> Path:
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def refused(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as caught:
        movement_load(path=path)
    return [(problem.column, problem.reason) for problem in caught.value.problems]


def changed(**fields) -> dict:
    return json.loads(json.dumps(MOVEMENT)) | fields


def test_a_file_creates_the_movement_with_its_checklists(tmp_path):
    saved = movement_load(path=write(tmp_path, MOVEMENT))
    movement = Movement.objects.get(code="DTC-2025")
    assert saved.created and saved.movement == movement
    assert (movement.plan_date, movement.ends_on) == (dt.date(2025, 3, 10), dt.date(2026, 1, 31))
    assert movement.review_below_percent == Decimal("95.50")
    assert movement.award_form == "Giấy khen của Chủ tịch UBND"
    rows = list(movement.criteria.values_list("category", "key", "kind", "required", "order"))
    assert rows == [
        ("chu_dau_tu", "disbursed_full_plan", "tu_dong", True, 1),
        ("chu_dau_tu", "sang_kien", "thu_cong", True, 2),
        ("chu_dau_tu", "bao_cao", "thu_cong", False, 3),
        ("nha_thau", "nghia_vu_thue", "thu_cong", True, 1),
    ]
    assert "Đã tạo phong trào DTC-2025: 2 nhóm đối tượng, 4 tiêu chí." == saved.summary()


def test_loading_the_same_file_again_changes_nothing(tmp_path):
    path = write(tmp_path, MOVEMENT)
    movement_load(path=path)
    events = Event.objects.count()
    history = Criterion.history.count() + Movement.history.count()
    again = movement_load(path=path)
    assert not again.changed_anything
    assert again.summary() == "Phong trào DTC-2025 không có gì thay đổi."
    assert Event.objects.count() == events
    assert Criterion.history.count() + Movement.history.count() == history


def test_a_changed_file_updates_the_movement_by_its_code(tmp_path):
    movement_load(path=write(tmp_path, MOVEMENT))
    data = changed(name="Tên mới")
    data["categories"][0]["criteria"][1]["label"] = "Có sáng kiến hiệu quả"
    data["categories"][1]["criteria"].append(
        {"key": "an_toan_lao_dong", "label": "An toàn lao động", "kind": "thu_cong"}
    )
    del data["categories"][0]["criteria"][2]
    saved = movement_load(path=write(tmp_path, data))
    assert not saved.created
    assert (saved.fields, saved.added, saved.changed, saved.removed) == (
        ["name"],
        ["nha_thau/an_toan_lao_dong"],
        ["chu_dau_tu/sang_kien"],
        ["chu_dau_tu/bao_cao"],
    )
    assert Movement.objects.get().name == "Tên mới"
    assert Criterion.objects.count() == 4
    assert saved.summary() == (
        "Đã cập nhật phong trào DTC-2025: sửa tên phong trào; "
        "thêm 1 tiêu chí, sửa 1 tiêu chí, bỏ 1 tiêu chí."
    )


def test_a_json_file_loads_the_same(tmp_path):
    movement_load(path=write(tmp_path, MOVEMENT, "phong_trao.json"))
    assert Criterion.objects.filter(movement__code="DTC-2025").count() == 4


def test_the_plan_text_may_come_from_a_file_beside_it(tmp_path):
    (tmp_path / "ke_hoach.txt").write_text("Toàn văn kế hoạch\n", encoding="utf-8")
    data = changed(plan_text_file="ke_hoach.txt")
    del data["plan_text"]
    movement_load(path=write(tmp_path, data))
    assert Movement.objects.get().plan_text == "Toàn văn kế hoạch\n"


def test_the_demo_file_describes_the_seed_movement():
    saved = movement_load(path=MOVEMENT_FILE)
    movement = saved.movement
    assert "Phát động Phong trào thi đua" in movement.plan_text
    assert movement.ends_on == dt.date(2025, 1, 31)
    keys = {
        category: list(movement.criteria.filter(category=category).values_list("key", flat=True))
        for category in ("chu_dau_tu", "xa", "nha_thau", "ca_nhan")
    }
    assert keys["chu_dau_tu"][:3] == [
        "disbursed_full_plan",
        "finished_before_deadline",
        "targets_met",
    ]
    assert "sang_kien" in keys["xa"]
    assert {"nghia_vu_thue", "bao_hiem", "an_toan_lao_dong", "phong_chong_chay_no"} <= set(
        keys["nha_thau"]
    )
    assert keys["ca_nhan"] == ["disbursed_full_plan", "lanh_dao_chi_dao", "sang_kien"]


# Bad files: the path and the reason, and nothing written.


def test_bad_yaml_names_its_line_and_writes_nothing(tmp_path):
    path = tmp_path / "hong.yaml"
    path.write_text("code: DTC-2025\nname: [không đóng\n", encoding="utf-8")
    [(column, reason)] = refused(path)
    assert reason.startswith("YAML không hợp lệ")
    with pytest.raises(InvalidInput) as caught:
        movement_load(path=path)
    assert caught.value.problems[0].row is not None
    assert not Movement.objects.exists()


def test_an_unknown_category_is_named_by_its_path(tmp_path):
    data = changed()
    data["categories"][1]["category"] = "nha_thau_xay_dung"
    problems = refused(write(tmp_path, data))
    assert [column for column, _ in problems] == ["categories[1].category"]
    assert "nhóm đối tượng không có" in problems[0][1]
    assert not Movement.objects.exists() and not Criterion.objects.exists()


def test_an_unknown_automatic_key_is_refused(tmp_path):
    data = changed()
    data["categories"][0]["criteria"][1]["kind"] = "tu_dong"
    problems = refused(write(tmp_path, data))
    assert problems == [
        (
            "categories[0].criteria[1].key",
            "tiêu chí tự động chỉ có thể là: disbursed_full_plan, finished_before_deadline, "
            "targets_met",
        )
    ]
    assert not Movement.objects.exists()


def test_a_bad_kind_and_a_bad_date_are_both_reported(tmp_path):
    data = changed(plan_date="31/02/2025")
    data["categories"][1]["criteria"][0]["kind"] = "bang_tay"
    problems = dict(refused(write(tmp_path, data)))
    assert problems == {
        "plan_date": "ngày không có thật",
        "categories[1].criteria[0].kind": "cách đánh giá là «tu_dong» (tự động, từ số liệu) "
        "hoặc «thu_cong» (thủ công, có minh chứng)",
    }
    assert not Movement.objects.exists()


@pytest.mark.parametrize("field", ["code", "name", "plan_year", "starts_on", "ends_on"])
def test_a_missing_field_is_named(tmp_path, field):
    data = changed()
    del data[field]
    problems = refused(write(tmp_path, data))
    assert [column for column, _ in problems] == [field]
    assert not Movement.objects.exists()


def test_a_missing_criterion_label_is_named_inside_its_group(tmp_path):
    data = changed()
    del data["categories"][0]["criteria"][2]["label"]
    assert refused(write(tmp_path, data)) == [("categories[0].criteria[2].label", "thiếu giá trị")]


def test_an_unknown_key_in_the_file_is_refused(tmp_path):
    problems = refused(write(tmp_path, changed(han_chot="31/12/2025")))
    assert problems[0][0] == "han_chot"
    assert "khoá không có trong mẫu tệp" in problems[0][1]


def test_the_end_before_the_start_is_refused(tmp_path):
    problems = refused(write(tmp_path, changed(ends_on="01/01/2025")))
    assert problems == [("ends_on", "ngày kết thúc phải từ ngày bắt đầu (10/03/2025) trở đi")]


def test_an_existing_movement_is_left_whole_when_its_new_file_is_bad(tmp_path):
    movement_load(path=write(tmp_path, MOVEMENT))
    data = changed(name="Tên mới", plan_year="năm nay")
    refused(write(tmp_path, data))
    assert Movement.objects.get().name == MOVEMENT["name"]


def test_a_criterion_with_evidence_cannot_be_removed(tmp_path, district):
    movement = movement_load(path=write(tmp_path, MOVEMENT)).movement
    registration = movement_register(
        movement=movement,
        unit=district["board"],
        category=Category.INVESTOR,
        registered_on=dt.date(2025, 4, 1),
    )
    evidence_add(
        registration=registration,
        criterion=movement.criteria.get(key="sang_kien"),
        note="Sáng kiến thanh toán theo từng hạng mục",
    )
    data = changed()
    del data["categories"][0]["criteria"][1]
    problems = refused(write(tmp_path, data))
    assert problems[0][0] == "categories[0].criteria"
    assert "không bỏ được tiêu chí «sang_kien»" in problems[0][1]
    assert Criterion.objects.filter(key="sang_kien").exists()
    assert Evidence.objects.count() == 1


def test_a_file_that_is_not_yaml_or_json_is_refused(tmp_path):
    path = tmp_path / "phong_trao.txt"
    path.write_text("code: X", encoding="utf-8")
    [(column, reason)] = refused(path)
    assert "đuôi .yaml, .yml hoặc .json" in reason


# The command line


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("movement", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return int(exit.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_command_loads_and_says_what_it_did(tmp_path):
    path = write(tmp_path, MOVEMENT)
    assert run("load", str(path)) == (
        0,
        "Đã tạo phong trào DTC-2025: 2 nhóm đối tượng, 4 tiêu chí.\n",
        "",
    )
    code, out, _ = run("load", str(path))
    assert (code, out) == (0, "Phong trào DTC-2025 không có gì thay đổi.\n")


def test_the_command_lists_every_problem_on_stderr_and_exits_1(tmp_path):
    data = changed(starts_on="ngày mai")
    data["categories"][0]["criteria"][0]["key"] = "giai_ngan_het"
    code, out, err = run("load", str(write(tmp_path, data)))
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0] == "Không nạp được phong_trao.yaml: 2 lỗi; chưa ghi gì."
    assert lines[1].startswith("  starts_on: không phải ngày")
    assert lines[2].startswith("  categories[0].criteria[0].key: tiêu chí tự động chỉ có thể là")
    assert not Movement.objects.exists()


def test_the_console_script_exit_codes(tmp_path):
    env_file = tmp_path / "db.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{env_file}", "PATH": "/usr/bin:/bin"}
    subprocess.run([str(GIAINGAN), "migrate", "-v", "0"], env=env, check=True)
    good = subprocess.run(
        [str(GIAINGAN), "movement", "load", str(write(tmp_path, MOVEMENT))],
        env=env,
        capture_output=True,
        text=True,
    )
    assert (good.returncode, good.stderr) == (0, "")
    bad = subprocess.run(
        [str(GIAINGAN), "movement", "load", str(write(tmp_path, changed(plan_year=1), "x.yml"))],
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert "plan_year: năm kế hoạch vốn phải từ 1990 đến 2100" in bad.stderr
    assert "Traceback" not in bad.stderr
    missing = subprocess.run(
        [str(GIAINGAN), "movement", "load", str(tmp_path / "khong_co.yaml")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2


# Whatever the file holds, the loader loads it or says why: it never crashes.

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)),
    st.sampled_from(
        ["DTC-2025", "15/04/2024", "2024-02-30", "chu_dau_tu", "xa", "tu_dong", "thu_cong"]
        + ["disbursed_full_plan", "sang_kien", "eligible", "100", "99,5", "\x00"]
    ),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(["key", "label", "kind", "required", "category", "criteria", "x"]),
            children,
            max_size=5,
        ),
    ),
    max_leaves=12,
)
criterion_dicts = st.fixed_dictionaries(
    {},
    optional={
        "key": values,
        "label": values,
        "kind": st.one_of(st.sampled_from(["tu_dong", "thu_cong"]), values),
        "required": values,
    },
)
movement_dicts = st.fixed_dictionaries(
    {},
    optional={
        "code": st.one_of(st.just("DTC-2025"), values),
        "name": values,
        "plan_number": values,
        "plan_date": values,
        "plan_year": st.one_of(st.just(2025), values),
        "starts_on": st.one_of(st.just("01/03/2025"), values),
        "ends_on": st.one_of(st.just("31/01/2026"), values),
        "deadline": values,
        "award_form": values,
        "review_below_percent": values,
        "plan_text": values,
        "categories": st.one_of(
            values,
            st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "category": st.one_of(st.sampled_from(Category.values), values),
                        "criteria": st.one_of(values, st.lists(criterion_dicts, max_size=4)),
                    },
                ),
                max_size=3,
            ),
        ),
        "extra": values,
    },
)


# Files that are almost right, so that many of them get through to the database.
labels = st.text(min_size=1, max_size=600)
near_criteria = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {
                "key": st.sampled_from(["disbursed_full_plan", "targets_met", "sang_kien"]),
                "label": labels,
                "kind": st.just("tu_dong"),
            },
            optional={"required": st.booleans()},
        ),
        st.fixed_dictionaries(
            {
                "key": st.from_regex(r"[a-z0-9][a-z0-9_-]{0,64}", fullmatch=True),
                "label": labels,
                "kind": st.just("thu_cong"),
            },
            optional={"required": st.booleans()},
        ),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda criterion: criterion["key"],
)
near_movements = st.fixed_dictionaries(
    {
        "code": st.one_of(
            st.just("DTC-2025"), st.from_regex(r"[A-Z][A-Z0-9-]{0,32}", fullmatch=True)
        ),
        "name": st.text(min_size=1, max_size=80),
        "plan_year": st.integers(min_value=1985, max_value=2105),
        "starts_on": st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 12, 31)),
        "ends_on": st.dates(min_value=dt.date(2024, 6, 1), max_value=dt.date(2026, 12, 31)),
        "categories": st.lists(
            st.fixed_dictionaries(
                {"category": st.sampled_from(Category.values), "criteria": near_criteria}
            ),
            min_size=1,
            max_size=3,
            unique_by=lambda group: group["category"],
        ),
    },
    optional={
        "review_below_percent": st.one_of(
            st.decimals(allow_nan=True, places=2).map(str), st.floats(), st.integers()
        ),
        "plan_text": st.text(max_size=200),
        "deadline": st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31)),
    },
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.one_of(values, movement_dicts, near_movements))
def test_random_files_load_or_are_refused_with_reasons(raw):
    try:
        data = movement_input(raw)
    except InvalidInput as refused:
        assert refused.problems
        assert all(problem.reason for problem in refused.problems)
        return
    from giaingan.emulation.services import movement_save

    saved = movement_save(data=data)
    assert Movement.objects.filter(code=saved.movement.code).exists()

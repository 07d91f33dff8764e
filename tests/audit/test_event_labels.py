"""Every event the log records has a Vietnamese label from ONE table (audit.events.EVENTS),
which `log_action` enforces; the administrator's event list, its filters and an event's page
show those labels and the records' names, never a code like `monitoring.report.submitted`
or a type like `monitoring.periodicreport`."""

from __future__ import annotations

import ast
from pathlib import Path

import lxml.html
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

import giaingan
from giaingan.audit.events import DATA_KEYS, EVENTS, event_data_rows
from giaingan.audit.models import Event
from giaingan.audit.services import log_action
from giaingan.imports.models import ImportKind
from giaingan.monitoring.adhoc import REVIEW_STEPS
from giaingan.monitoring.reports import TRANSITIONS
from tests.conftest import make_project

SOURCE = Path(giaingan.__file__).parent


def codes_of(node: ast.AST, function: ast.AST) -> tuple[set[str], set[str]]:
    """The codes an argument of `log_action` can be: text, either branch of a conditional,
    a variable's texts assigned in the same function; and the patterns of f-strings."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}, set()
    if isinstance(node, ast.IfExp):
        body, orelse = codes_of(node.body, function), codes_of(node.orelse, function)
        return body[0] | orelse[0], body[1] | orelse[1]
    if isinstance(node, ast.JoinedStr):
        parts = (p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
        return set(), {"".join(parts)}
    if isinstance(node, ast.Name):
        found: tuple[set[str], set[str]] = (set(), set())
        for assign in ast.walk(function):
            if isinstance(assign, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in assign.targets
            ):
                more = codes_of(assign.value, function)
                found = (found[0] | more[0], found[1] | more[1])
        return found
    raise AssertionError(f"log_action called with a code the test cannot read: {ast.dump(node)}")


def written_codes() -> tuple[set[str], set[str], int]:
    """Every code the source hands to `log_action`, the f-string patterns, and the calls."""
    literals: set[str] = set()
    patterns: set[str] = set()
    calls = 0
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "log_action":
                    calls += 1
                    found = codes_of(node.args[0], function)
                    literals |= found[0]
                    patterns |= found[1]
    return literals, patterns, calls


def test_every_code_the_source_logs_has_a_label():
    literals, patterns, calls = written_codes()
    assert calls > 50, "the scan no longer finds the calls to log_action"
    missing = sorted(code for code in literals if code not in EVENTS)
    assert not missing, f"events without a label in audit.events.EVENTS: {missing}"
    # Codes built from a value: exactly the patterns whose values the next test expands.
    assert patterns == {
        "imports.{}.imported",
        "monitoring.report.{}",
        "monitoring.request.{}",
    }, patterns


def test_every_built_code_has_a_label():
    built = {f"imports.{kind}.imported" for kind in ImportKind.values}
    built |= {f"monitoring.report.{target}" for _, target in TRANSITIONS}
    built |= {f"monitoring.request.{target}" for target in REVIEW_STEPS}
    assert not sorted(built - EVENTS.keys())


def test_labels_are_vietnamese_and_distinct():
    labels = list(EVENTS.values())
    assert len(set(labels)) == len(labels)
    for code, label in EVENTS.items():
        assert label and label != code and "." not in label, code
        assert label[0].isupper(), code


@pytest.mark.django_db
def test_an_event_without_a_label_is_refused_and_nothing_is_logged():
    with pytest.raises(ImproperlyConfigured, match="no label"):
        log_action("contracts.dossier.teleported")
    assert not Event.objects.filter(action="contracts.dossier.teleported").exists()


def page(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def text(tree) -> str:
    for node in tree.xpath("//script|//style"):
        node.drop_tree()
    return " ".join(tree.text_content().split())


@pytest.fixture
def logged(district, people):
    project = make_project("VQ-01", district["board"], district["tandoan"])
    return [
        log_action("monitoring.report.submitted", user=people["bqlda"], obj=project),
        log_action("contracts.dossier.payment_linked", user=people["khobac"], obj=project),
        log_action("org.units.saved", user=people["admin"]),
    ]


def test_the_event_list_and_its_filters_show_labels(client_for, logged):
    client = client_for("admin")
    tree = page(client.get(reverse("admin:audit_event_changelist")))
    rows = " ".join(" ".join(row.text_content().split()) for row in tree.xpath("//tbody/tr"))
    assert "Gửi báo cáo định kỳ" in rows
    assert "Gắn chứng từ thanh toán với hồ sơ" in rows
    assert "Lưu danh mục đơn vị" in rows
    assert "Dự án" in rows
    whole = text(tree)
    for raw in ("monitoring.report.submitted", "contracts.dossier", "org.units", "capital.project"):
        assert raw not in whole, raw
    filters = " ".join(tree.xpath("//*[@id='changelist-filter']//a/text()"))
    assert "Gửi báo cáo định kỳ" in filters and "Dự án" in filters
    # A filter by its label finds the events of that code and no other.
    filtered = page(
        client.get(
            reverse("admin:audit_event_changelist"), {"action": "monitoring.report.submitted"}
        )
    )
    assert len(filtered.xpath("//tbody/tr")) == 1
    by_type = page(
        client.get(reverse("admin:audit_event_changelist"), {"object_type": "capital.project"})
    )
    assert len(by_type.xpath("//tbody/tr")) == 2


def test_the_search_box_finds_events_by_their_label(client_for, logged):
    client = client_for("admin")
    tree = page(client.get(reverse("admin:audit_event_changelist"), {"q": "gửi BÁO CÁO"}))
    rows = tree.xpath("//tbody/tr")
    assert len(rows) == 1 and "Gửi báo cáo định kỳ" in rows[0].text_content()


def test_an_events_page_shows_its_label(client_for, logged):
    client = client_for("admin")
    tree = page(client.get(reverse("admin:audit_event_change", args=[logged[0].pk])))
    whole = text(tree)
    assert "Gửi báo cáo định kỳ" in whole and "Dự án" in whole
    assert "monitoring.report.submitted" not in whole
    assert "capital.project" not in whole


def test_only_staff_open_the_event_list(client_for, logged):
    for name in ("tckh", "khobac", "bqlda", "xa.tandoan", "chutich"):
        response = client_for(name).get(reverse("admin:audit_event_changelist"))
        assert response.status_code == 302 and "/login/" in response["Location"], name


def written_data_keys() -> tuple[set[str], int]:
    """Every key of a dict literal handed to `log_action(..., data=...)`, and how many data
    arguments the test could not read key by key (built by a comprehension)."""
    keys: set[str] = set()
    unread = 0
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "log_action"):
                continue
            for keyword in node.keywords:
                if keyword.arg != "data":
                    continue
                if isinstance(keyword.value, ast.Dict):
                    for key in keyword.value.keys:
                        assert isinstance(key, ast.Constant), ast.dump(keyword.value)
                        keys.add(key.value)
                else:
                    unread += 1
    return keys, unread


def test_every_data_key_the_source_logs_has_a_label():
    keys, unread = written_data_keys()
    assert len(keys) > 80  # the reader finds the keys
    assert unread == 0  # every data argument is a dict literal
    missing = sorted(keys - DATA_KEYS.keys())
    assert not missing, f"add these keys to giaingan.audit.events.DATA_KEYS: {missing}"


def test_data_values_read_as_vietnamese():
    assert event_data_rows(
        {"project": "VQ24-028", "amount": 3_579_000_000, "value_date": "2024-10-22"}
    ) == [
        ("Dự án", "VQ24-028"),
        ("Số tiền (đồng)", "3.579.000.000"),
        ("Ngày chứng từ", "22/10/2024"),
    ]
    assert event_data_rows({"founded": False, "moves": 3, "nothing": None}) == [
        ("Có cơ sở", "Không"),
        ("Số dòng điều chuyển", "3"),
        ("nothing (chưa có nhãn)", "—"),
    ]
    assert event_data_rows({}) == []
    # The council's tally: each dossier's on its own, its parts labelled.
    assert event_data_rows(
        {"results": [{"nominee": "UBND xã Tân Đoàn", "agree": 5, "passed": True}] * 2}
    ) == [
        (
            "Kết quả biểu quyết",
            "Đối tượng đề nghị: UBND xã Tân Đoàn, Số phiếu tán thành: 5, Đạt: Có; "
            "Đối tượng đề nghị: UBND xã Tân Đoàn, Số phiếu tán thành: 5, Đạt: Có",
        )
    ]
    # The same order however the keys come back (PostgreSQL's jsonb sorts them its way).
    logged = {"as_of": "2024-10-15", "amount": 5, "project": "VQ24-028", "zzz": 1}
    assert event_data_rows(logged) == event_data_rows(dict(reversed(logged.items())))
    assert [label for label, _ in event_data_rows(logged)][0] == "Dự án"


def test_an_events_page_shows_its_data_as_a_table_with_vietnamese_labels(
    client_for, district, people
):
    project = make_project("VQ24-028", district["board"])
    event = log_action(
        "reallocation.need.registered",
        user=people["bqlda"],
        obj=project,
        data={"project": "VQ24-028", "amount": 1_500_000_000, "as_of": "2024-10-15"},
    )
    tree = page(client_for("admin").get(reverse("admin:audit_event_change", args=[event.pk])))
    rows = [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
        for row in tree.xpath("//table[@data-testid='event-data']//tr")
    ]
    assert rows == [
        ["Dự án", "VQ24-028"],
        ["Số tiền (đồng)", "1.500.000.000"],
        ["Số liệu đến ngày", "15/10/2024"],
    ]
    assert '"amount"' not in text(tree) and "1500000000" not in text(tree)

"""Bad values are refused with a Vietnamese message naming the rule; nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.audit.models import Event
from giaingan.lib.problems import InvalidInput
from giaingan.rulebook.models import Holiday, RuleValue
from giaingan.rulebook.services import holiday_record, rule_value_record

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("base_salary", "-2340000", "«Mức lương cơ sở»: phải lớn hơn 0"),
        ("base_salary", "0", "«Mức lương cơ sở»: phải lớn hơn 0"),
        ("base_salary", "hai triệu", "«Mức lương cơ sở»: không phải số tiền"),
        ("base_salary", "2340000,5", "«Mức lương cơ sở»: số tiền phải là số nguyên đồng"),
        ("vote_threshold", "1.2", "«Tỷ lệ phiếu đồng ý phải vượt quá»: phải từ 0 đến dưới 1"),
        ("vote_threshold", "1", "phải từ 0 đến dưới 1"),
        ("quorum", "-0,1", "phải từ 0 đến dưới 1"),
        ("prize_coefficient_individual", "0", "phải lớn hơn 0"),
        ("prize_coefficient_collective", "sáu phần mười", "không phải số"),
        ("prize_rounding", "-10000", "phải lớn hơn 0"),
        ("publicity_working_days", "5,5", "phải là số nguyên"),
        ("vote_denominator", "half", "phải là một trong"),
        ("base_salary", "", "thiếu giá trị"),
    ],
)
def test_it_refuses_a_bad_value_and_writes_nothing(key, value, message):
    before = RuleValue.objects.count(), RuleValue.history.count(), Event.objects.count()
    with pytest.raises(InvalidInput) as refused:
        rule_value_record(
            key=key, effective_from=D(2025, 1, 1), value=value, legal_basis="Thử nghiệm"
        )
    assert message in str(refused.value)
    assert (RuleValue.objects.count(), RuleValue.history.count(), Event.objects.count()) == before


def test_it_stores_a_good_value_in_one_written_form():
    rule = rule_value_record(
        key="vote_threshold",
        effective_from=D(2025, 1, 1),
        value="0,60",
        legal_basis="Quy chế sửa đổi",
    )
    assert rule.value == "0.6"
    assert rule.shown_value == "0,6"
    assert (
        rule_value_record(
            key="base_salary", effective_from=D(2025, 7, 1), value="2.530.000", legal_basis="NĐ"
        ).shown_value
        == "2.530.000 đồng"
    )
    assert Event.objects.filter(action="rulebook.rule_value.recorded").count() == 2


def test_it_refuses_a_second_value_from_the_same_date():
    with pytest.raises(InvalidInput, match="đã có giá trị áp dụng từ ngày 01/07/2024"):
        rule_value_record(
            key="base_salary",
            effective_from=D(2024, 7, 1),
            value="2340000",
            legal_basis="Nghị định 73/2024/NĐ-CP",
        )


def test_it_needs_a_legal_basis():
    with pytest.raises(InvalidInput, match="thiếu căn cứ pháp lý"):
        rule_value_record(key="quorum", effective_from=D(2025, 1, 1), value="0.6", legal_basis=" ")


def test_the_model_clean_gives_the_same_message():
    from django.core.exceptions import ValidationError

    rule = RuleValue(
        key="vote_threshold", effective_from=D(2025, 1, 1), value="1,2", legal_basis="Quy chế"
    )
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert refused.value.message_dict["value"] == [
        "«Tỷ lệ phiếu đồng ý phải vượt quá»: phải từ 0 đến dưới 1 (ví dụ 0,5)"
    ]


def test_a_make_up_day_must_be_a_weekend_day():
    with pytest.raises(InvalidInput, match="ngày làm bù phải là thứ Bảy hoặc Chủ nhật"):
        holiday_record(day=D(2027, 1, 4), name="Làm bù", is_working_day=True)
    assert not Holiday.objects.filter(date=D(2027, 1, 4)).exists()
    saturday = holiday_record(day=D(2027, 1, 9), name="Làm bù", is_working_day=True)
    assert saturday.history.count() == 1

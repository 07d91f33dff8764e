"""A migrated database holds the catalogue's values and the 2024-2026 holidays."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from giaingan.rulebook.catalogue import HOLIDAYS, RULES
from giaingan.rulebook.models import Holiday, RuleValue
from giaingan.rulebook.services import rulebook_ensure

pytestmark = pytest.mark.django_db
seeding = importlib.import_module("giaingan.rulebook.migrations.0002_seed_rules_and_holidays")
deadlines = importlib.import_module("giaingan.rulebook.migrations.0003_report_deadlines")


def _catalogue_rules() -> set[tuple]:
    return {
        (spec.key, seed.effective_from, seed.value, seed.legal_basis, seed.note)
        for spec in RULES
        for seed in spec.seeds
    }


def _stored_rules() -> set[tuple]:
    return set(
        RuleValue.objects.values_list("key", "effective_from", "value", "legal_basis", "note")
    )


def test_the_seeded_values_are_present():
    assert _stored_rules() == _catalogue_rules()
    assert RuleValue.objects.get(key="base_salary", effective_from=dt.date(2024, 7, 1)).value == (
        "2340000"
    )


def test_the_seeded_holidays_are_present():
    stored = set(Holiday.objects.values_list("date", "name", "is_working_day", "legal_basis"))
    assert stored == set(HOLIDAYS)
    assert Holiday.objects.filter(is_working_day=True).count() == 3
    assert Holiday.objects.get(date=dt.date(2025, 1, 27)).name == "Tết Nguyên đán"


def test_the_migration_and_the_catalogue_agree():
    assert set(seeding.RULE_VALUES) | set(deadlines.RULE_VALUES) == _catalogue_rules()
    assert set(seeding.HOLIDAYS) == set(HOLIDAYS)


def test_every_seeded_value_passes_its_own_check():
    for spec in RULES:
        for seed in spec.seeds:
            assert spec.canonical(seed.value) == seed.value


def test_every_make_up_day_is_a_weekend_day_and_every_day_off_a_weekday():
    for day, _name, is_working_day, _basis in HOLIDAYS:
        assert (day.weekday() >= 5) is is_working_day, day


def test_ensure_puts_back_what_a_flush_removed():
    RuleValue.objects.all().delete()
    Holiday.objects.filter(date__year=2025).delete()
    rulebook_ensure()
    assert _stored_rules() == _catalogue_rules()
    assert Holiday.objects.count() == len(HOLIDAYS)

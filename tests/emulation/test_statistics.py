"""A movement's statistics and a unit's award history."""

from __future__ import annotations

from giaingan.emulation.decisions import decision_issue
from giaingan.emulation.statistics import award_history, movement_statistics
from giaingan.figures.selectors import disbursement_table
from tests.emulation.conftest import D


def test_statistics_count_awards_reviews_and_compare_disbursement(
    posted, people, movement, district
):
    decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    stats = movement_statistics(movement)
    assert stats.participants == 2
    assert stats.awards == 1
    assert stats.prize_total == 1_410_000
    assert stats.reviews == 1
    (investors,) = [row for row in stats.by_category if row.category == "chu_dau_tu"]
    assert (investors.proposed, investors.awarded) == (1, 1)
    # The two groups are the dashboard's own investor rows, added up.
    table = {
        row.code: row
        for row in disbursement_table(year=2024, as_of=D(2025, 1, 31), by="investor").rows
    }
    assert (stats.awarded.plan, stats.awarded.disbursed) == (
        table["BQLDA"].plan,
        table["BQLDA"].disbursed,
    )
    assert (stats.others.plan, stats.others.disbursed) == (
        table["XA-TD"].plan,
        table["XA-TD"].disbursed,
    )
    assert stats.awarded.rate_percent == 100
    assert stats.others.rate_percent == 40


def test_statistics_before_any_decision_show_nothing_awarded(movement, ledger):
    stats = movement_statistics(movement)
    assert stats.awards == 0
    assert stats.awarded.plan == 0
    assert stats.others.plan == 1_500_000_000


def test_award_history_lists_a_units_awards(posted, people, district):
    assert award_history(unit_id=district["board"].pk) == []
    decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    (award,) = award_history(unit_id=district["board"].pk)
    assert award.decision.number == "25/QĐ-UBND"
    assert award_history(unit_id=district["tandoan"].pk) == []


def test_the_statistics_page_shows_the_counts(client_for, posted, people, movement):
    decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    html = client_for("tckh").get("/thi-dua/DTC-2024/thong-ke/").content.decode()
    assert 'data-testid="awards">1<' in html
    assert "1.410.000" in html
    assert "100,00" in html and "40,00" in html


def test_the_history_page_narrows_to_a_unit(client_for, posted, people):
    decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    html = client_for("bqlda").get("/thi-dua/lich-su/?don_vi=BQLDA").content.decode()
    assert "25/QĐ-UBND" in html
    html = client_for("bqlda").get("/thi-dua/lich-su/?don_vi=XA-TD").content.decode()
    assert "25/QĐ-UBND" not in html


def test_statistics_and_history_need_a_login_and_a_role(client_for, movement, django_user_model):
    anonymous = client_for(None)
    assert anonymous.get("/thi-dua/DTC-2024/thong-ke/").status_code == 302
    assert anonymous.get("/thi-dua/lich-su/").status_code == 302
    stranger = django_user_model.objects.create_user("khach", password="x")
    anonymous.force_login(stranger)
    assert anonymous.get("/thi-dua/DTC-2024/thong-ke/").status_code == 403
    assert anonymous.get("/thi-dua/lich-su/").status_code == 403
    for login in [
        "chutich",
        "tckh",
        "khobac",
        "bqlda",
        "xa.tandoan",
        "noivu",
        "hoidong1",
        "xem",
        "admin",
    ]:
        assert client_for(login).get("/thi-dua/DTC-2024/thong-ke/").status_code == 200, login


def test_award_history_finds_a_person_however_the_name_is_typed(posted, people, district):
    decision_issue(
        proposal=posted.proposal,
        number="25/QĐ-UBND",
        decided_on=D(2025, 2, 17),
        user=people["chutich"],
    )
    (award,) = award_history(unit_id=district["board"].pk)
    nomination = award.nomination
    nomination.pk, nomination.person_name = None, "Chu Văn Tuấn"
    nomination.save()
    award.pk, award.nomination, award.person_name = None, nomination, "Chu Văn Tuấn"
    award.gold_book_number += "-1"
    award.save()
    for typed in ["CHU VĂN TUẤN", " chu  văn tuấn "]:
        assert [found.pk for found in award_history(person_name=typed)] == [award.pk]
    assert award_history(person_name="Chu Văn Tuân") == []

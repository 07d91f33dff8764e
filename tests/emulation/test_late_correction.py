"""A nominee proposed on its figures is judged again on the ledger as it stands at each later
step: a correction recorded after the list was drafted, dated on or before the list's date,
that takes it below a criterion stops it there with the reason (never an award, a gold-book
number, a prize or a certificate for 100% no longer reached). A dossier whose figures the
ledger did not change keeps its judgement."""

from __future__ import annotations

import datetime as dt

import pytest

from giaingan.capital.models import TreasuryLine
from giaingan.emulation.models import Award, DossierStatus, Purpose
from giaingan.lib.problems import InvalidInput
from tests.conftest import pay
from tests.emulation.conftest import award_dossiers

D = dt.date


DECEMBER = D(2024, 12, 1)


def reverse_part_of_the_roads_payment(ledger, amount=100_000_000, on=DECEMBER):
    """The treasury corrects, long after the deadline, a payment made in November."""
    original = TreasuryLine.objects.get(project=ledger["road"], amount__gt=0)
    pay(ledger["road"], -amount, on=on, number="KB-DC-MUON", reverses=original.document_number)


def board_dossier(proposal):
    (dossier,) = [d for d in award_dossiers(proposal) if d.unit.code == "BQLDA"]
    return dossier


def test_a_late_correction_stops_the_award_at_the_decision(posted, ledger, people):
    from giaingan.emulation.decisions import decision_issue

    proposal = posted.proposal
    reverse_part_of_the_roads_payment(ledger)
    decision = decision_issue(
        proposal=proposal, number="25/QĐ-UBND", decided_on=D(2025, 2, 17), user=people["chutich"]
    )
    dossier = board_dossier(proposal)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.NOT_AWARDED
    assert "không còn đạt tiêu chí" in dossier.status_reason
    assert "Giải ngân đạt 100% kế hoạch vốn" in dossier.status_reason
    assert "900,0/1.000,0 triệu đồng" in dossier.status_reason
    assert not Award.objects.filter(decision=decision).exists()
    assert not decision.certificates


def test_a_correction_that_keeps_the_criterion_met_changes_nothing(posted, ledger, people):
    """A correction that leaves 100% reached (the plan cut by as much) awards as before."""
    from giaingan.emulation.decisions import decision_issue
    from tests.conftest import plan

    proposal = posted.proposal
    reverse_part_of_the_roads_payment(ledger)
    plan(ledger["road"], -100_000_000, on=D(2024, 11, 1), kind="dieu_chinh")
    decision_issue(
        proposal=proposal, number="25/QĐ-UBND", decided_on=D(2025, 2, 17), user=people["chutich"]
    )
    dossier = board_dossier(proposal)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.AWARDED


def test_a_correction_after_the_lists_date_does_not_count(posted, ledger, people):
    """Figures stop at the movement's deadline: a correction dated after it changes nothing."""
    from giaingan.emulation.decisions import decision_issue

    proposal = posted.proposal
    original = TreasuryLine.objects.get(project=ledger["road"], amount__gt=0)
    pay(
        ledger["road"],
        -1_000,
        on=D(2025, 2, 3),
        number="KB-DC-SAU",
        reverses=original.document_number,
    )
    decision_issue(
        proposal=proposal, number="25/QĐ-UBND", decided_on=D(2025, 2, 17), user=people["chutich"]
    )
    assert board_dossier(proposal).status == DossierStatus.AWARDED


def test_a_late_correction_keeps_the_dossier_from_the_council(appraised, ledger, people, council):
    from tests.emulation.conftest import open_session

    reverse_part_of_the_roads_payment(ledger)
    with pytest.raises(InvalidInput) as refused:
        open_session(appraised.movement, council, people["noivu"])
    assert "không còn đạt tiêu chí" in str(refused.value.problems)
    assert board_dossier(appraised).status == DossierStatus.ELIGIBLE


def test_a_late_correction_is_refused_at_the_appraisal(submitted, ledger, people):
    from giaingan.emulation.proposal import dossiers_move

    dossiers = award_dossiers(submitted)
    dossiers_move(nominations=dossiers, to_status=DossierStatus.RECEIVED, user=people["noivu"])
    reverse_part_of_the_roads_payment(ledger)
    with pytest.raises(InvalidInput) as refused:
        dossiers_move(nominations=dossiers, to_status=DossierStatus.ELIGIBLE, user=people["noivu"])
    assert "không còn đạt tiêu chí" in str(refused.value.problems)
    assert board_dossier(submitted).status == DossierStatus.RECEIVED
    # Internal Affairs can still find it not eligible, with that reason.
    dossiers_move(
        nominations=dossiers,
        to_status=DossierStatus.INELIGIBLE,
        user=people["noivu"],
        reason="Không còn đạt 100% kế hoạch sau điều chỉnh của Kho bạc.",
    )
    assert board_dossier(submitted).status == DossierStatus.INELIGIBLE


def test_a_late_correction_is_refused_at_the_submission(drafted, ledger, people):
    from giaingan.emulation.proposal import proposal_submit

    reverse_part_of_the_roads_payment(ledger)
    with pytest.raises(InvalidInput) as refused:
        proposal_submit(
            proposal=drafted, number="12/TTr-TCKH", submitted_on=D(2025, 2, 3), user=people["tckh"]
        )
    assert "không còn đạt tiêu chí" in str(refused.value.problems)
    assert drafted.nominations.filter(purpose=Purpose.AWARD, status=DossierStatus.DRAFT).exists()

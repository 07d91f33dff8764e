"""Counting a council's votes: pure arithmetic on the choices cast, no database.

The threshold, its denominator and the quorum come from the rule set in force on the day of
the session (`giaingan.rulebook`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from giaingan.emulation.models import VoteChoice

ALL_MEMBERS = "all"


@dataclass(frozen=True)
class Tally:
    agree: int
    disagree: int
    abstain: int
    written: int  # of the above, cast as absent members' written opinions
    members: int
    denominator: int
    needed: int  # agree votes needed to pass
    passed: bool

    @property
    def percent(self) -> Decimal:
        if not self.denominator:
            return Decimal(0)
        return (Decimal(self.agree) * 100 / self.denominator).quantize(Decimal("0.01"))


def votes_tally(
    choices: list[tuple[str, bool]],
    *,
    members: int,
    present: int,
    threshold: Decimal,
    denominator: str,
) -> Tally:
    """Count one nominee's votes. `choices` holds (choice, written) per vote cast.

    Members who were present and did not vote count as abstaining; absent members without a
    written opinion are not counted at all, except in an "all members" denominator.
    """
    agree = sum(choice == VoteChoice.AGREE for choice, _ in choices)
    disagree = sum(choice == VoteChoice.DISAGREE for choice, _ in choices)
    written = sum(1 for _, by_letter in choices if by_letter)
    abstain = (
        present
        - (len(choices) - written)
        + sum(choice == VoteChoice.ABSTAIN for choice, _ in choices)
    )
    base = members if denominator == ALL_MEMBERS else present + written
    # Strictly more than the threshold's share: with 0.5 of 5 members, 3 votes are needed.
    needed = int(threshold * base) + 1
    return Tally(
        agree=agree,
        disagree=disagree,
        abstain=abstain,
        written=written,
        members=members,
        denominator=base,
        needed=needed,
        passed=base > 0 and agree >= needed,
    )


def quorum_met(*, present: int, members: int, quorum: Decimal) -> bool:
    return members > 0 and present > quorum * members

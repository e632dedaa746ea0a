"""Pure effects of the last review of issue 12 (disc10), without Temporal: the votes on an old
notice kept as a closed round (fvl § 16), the suspension ending with the case (PR-2012 § 19
nr. 3, tjml § 16 nr. 2)."""

from __future__ import annotations

from datetime import date

from states import suspension
from states.council import Sitting, Vote
from states.discipline import (
    DisciplineFile,
    DisciplineOpening,
    Notice,
    Reaction,
    notice_sent,
)
from states.org import Org, Person

EMP = Person(person_id="e", name="E", email="e@x", unit_id="u")
FIRST = Notice(reaction=Reaction.ordensstraff, seniority_months=3, facts="f", legal_basis="b")
SECOND = Notice(reaction=Reaction.avskjed, facts="f", legal_basis="b")


def case(today: date, **kw: object) -> DisciplineFile:
    return DisciplineFile(request=DisciplineOpening(employee_id="e", summary="x"), person=EMP,
                          org=Org(), today=today, disc10=True, **kw)  # fmt: skip


def test_a_new_notice_keeps_the_votes_on_the_old_one_as_a_closed_round() -> None:
    """fvl § 16: the new notice and its reply period (Mon 2045-06-05 + 14 days); the council's
    votes on the old notice, its seated superior and the central council's demands stay."""
    votes = [Vote(member_id=m, choice="avskjed") for m in ("a", "b", "c")]
    f = case(date(2045, 6, 5), notice=FIRST, votes=votes,
             main=Sitting(votes=votes, superior_id="s"))  # fmt: skip
    note = notice_sent(f, SECOND, "leader")
    assert note and "round 1 closed" in note and "ordensstraff (3 months)" in note
    [closed] = f.rounds
    assert closed.notice == FIRST and closed.votes == votes and closed.sent_by == "leader"
    assert closed.main.votes == votes and closed.closed_on == date(2045, 6, 5)
    assert f.votes == [] and f.main.votes == [] and f.main.superior_id == "s"
    assert f.notice == SECOND and f.reply_due and f.reply_due.due == date(2045, 6, 19)
    assert notice_sent(f, SECOND, "leader") is None  # no votes on it: nothing to close
    assert len(f.rounds) == 1


def test_the_suspension_lapses_only_with_a_case_ended_without_dismissal() -> None:
    """PR-2012 § 19 nr. 3 with tjml § 16 nr. 2: closed, warned, an ordensstraff registered,
    reversed: it lapses, and the note names the rule; a dismissal that stands keeps it; a case
    still open, or opened before disc10, is left alone."""
    for state in ("closed", "warned", "ordensstraff_registered", "reversed"):
        f = case(date(2045, 7, 7), suspended_on=date(2045, 6, 12),
                 suspension_lapses=date(2045, 12, 12))  # fmt: skip
        note = suspension.lapses_with_case(f, state)
        assert note and "PR-2012 § 19 nr. 3" in note and "tjml § 16 nr. 2" in note
        assert f.suspension_ended and f.suspension_lapses is None
    dismissed = case(date(2045, 7, 7), suspended_on=date(2045, 6, 12), reaction=Reaction.avskjed)
    assert suspension.lapses_with_case(dismissed, "stands") is None
    assert not dismissed.suspension_ended
    moved = case(date(2045, 7, 7), suspended_on=date(2045, 6, 12), reaction=Reaction.forflytting)
    assert suspension.lapses_with_case(moved, "stands")
    open_ = case(date(2045, 7, 7), suspended_on=date(2045, 6, 12))
    assert suspension.lapses_with_case(open_, "appeal_window") is None
    old = case(date(2045, 7, 7), suspended_on=date(2045, 6, 12))
    old.disc10 = False
    assert suspension.lapses_with_case(old, "closed") is None

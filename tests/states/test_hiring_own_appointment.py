"""Issue 15's review, H1: fvl § 6 første ledd bokstav a — a public servant is disqualified "når
han selv er part i saken". An applicant is a party to the appointment (fvl § 2 tredje ledd), so
a council member or HR officer who applied neither votes, signs, plans nor assesses in it; the
member's personal deputy takes the seat (PR-2012 § 11 nr. 1-4). On the applicant's ground the
door takes only the applicant's own steps: apply, withdraw, ask for access (PR-2012 § 9 nr. 5)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from intake.access import APPLICANT, Caller, CaseFacts, Reader
from states.applicants import Applicant, Pool
from states.council import OWN_CASE
from states.machine import Actor
from states.rules import RuleViolation
from tests.states.test_hiring_rules import ON, act, machine

REP = Actor(person_id="rep-1", role="employee")
DEPUTY = Actor(person_id="rep-1-dep", role="employee")


def _council_with_rep_applying() -> Any:
    pool = Pool(
        applicants={
            a: Applicant(applicant_id=a, gender="female", qualified=True) for a in ("rep-1", "a1")
        }
    )
    return machine("council", pool=pool, distributed_on=ON - timedelta(days=5))


def _vote(actor: Actor) -> dict[str, Any]:
    return {**act(actor), "payload": SimpleNamespace(applicant_id="a1", reasons="Best.")}


def test_a_member_who_applied_does_not_vote_and_the_deputy_takes_the_seat() -> None:
    """fvl § 6 første ledd a: rep-1 applied; their vote is refused under the rule, their
    personal deputy's vote for the seat is taken (PR-2012 § 11 nr. 1-4, § 13 nr. 3)."""
    m = _council_with_rep_applying()
    with pytest.raises(RuleViolation) as refused:
        m.check("vote", _vote(REP))
    assert refused.value.rule == OWN_CASE and refused.value.field == "actor.person_id"
    m.check("vote", _vote(DEPUTY))  # the deputy may


def test_an_applicant_asks_access_only_for_themselves() -> None:
    """PR-2012 § 9 nr. 5 with fvl § 6: an applicant asks for their own access, never another's."""
    m = _council_with_rep_applying()
    own = SimpleNamespace(applicant_id="rep-1")
    m.check("request_access", {**act(REP), "payload": own})
    with pytest.raises(RuleViolation) as refused:
        m.check("request_access", {**act(REP), "payload": SimpleNamespace(applicant_id="a1")})
    assert refused.value.rule in (OWN_CASE, "PR-2012 § 9 nr. 5")


class _Applied:
    def applied_to(self, person: str) -> set[str]:
        return {"hiring-H1"} if person == "rep-1" else set()


def test_the_door_takes_only_the_applicants_own_steps() -> None:
    """fvl § 6 første ledd a: on the APPLICANT ground the door (and so the work queue, which
    asks the door's `act_ground`) takes apply, withdraw_application and request_access only;
    the vote is neither offered nor accepted there."""
    reader = Reader(None, Caller("person", "rep-1"), ON)  # type: ignore[arg-type]
    reader.__dict__.update(register=_Applied(), grants=None)  # the applicant branch reads no more
    facts = CaseFacts("hiring-H1", "H1", "hiring", "oslo", "east", None)
    for own in ("apply", "withdraw_application", "request_access", ""):
        assert reader.act_ground(facts, own, None) == APPLICANT, own
    for step in ("vote", "sign_protocol", "plan_interviews", "assess_qualifications"):
        assert reader.act_ground(facts, step, None) is None, step

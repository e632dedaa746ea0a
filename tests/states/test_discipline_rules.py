"""Pure rules of discipline: service time (PR-2012 § 17), council votes (§§ 11, 13, 20)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from states.council import Vote, check_vote, tally
from states.org import Council, CouncilMember
from states.rules import RuleViolation
from states.service_time import Period, service_time

COUNCIL = Council(
    council_id="c", kind="local", name="Tilsettingsrådet", unit_ids=["u"],
    members=[CouncilMember(person_id=p, seat=seat) for p, seat in
             (("l", "leader"), ("a", "member"), ("r1", "member"), ("r2", "member"))]
    + [CouncilMember(person_id="d1", seat="deputy", deputy_for="r1")],
)  # fmt: skip


def test_service_time_counts_the_service_and_its_central_bodies() -> None:
    """§ 17: "all sammenhengende tjeneste i kriminalomsorgen, også tjeneste i
    Kriminalomsorgsavdelingen i Justisdepartementet, ... KSF, ... KRUS og ... KITT"."""
    periods = [
        Period(employer="private_security", start=date(2005, 1, 1), end=date(2009, 12, 31)),
        Period(employer="krus", start=date(2010, 1, 1), end=date(2011, 12, 31)),
        Period(employer="kriminalomsorgen", start=date(2012, 1, 1), end=date(2026, 12, 31)),
    ]
    t = service_time(periods)
    assert (
        t.since == date(2010, 1, 1) and t.days == (date(2026, 12, 31) - date(2010, 1, 1)).days + 1
    )
    assert "private_security" in t.explanation[-1]


def test_a_gap_breaks_continuity_and_transfers_count() -> None:
    """§ 17 second paragraph: service in an activity transferred into the service counts."""
    periods = [
        Period(employer="helseforetak", start=date(2000, 1, 1), end=date(2009, 12, 31)),
        Period(employer="kriminalomsorgen", start=date(2010, 1, 1), end=date(2012, 12, 31)),
        Period(employer="kriminalomsorgen", start=date(2014, 1, 1), end=date(2020, 12, 31)),
    ]
    assert service_time(periods).since == date(2014, 1, 1)
    whole = service_time(periods[:2], transferred={"helseforetak"})
    assert whole.since == date(2000, 1, 1)


periods = st.lists(
    st.builds(
        lambda start, length, employer: Period(
            employer=employer, start=start, end=start + timedelta(days=length)
        ),
        st.dates(min_value=date(1980, 1, 1), max_value=date(2025, 1, 1)),
        st.integers(min_value=0, max_value=4000),
        st.sampled_from(["kriminalomsorgen", "krus", "kitt", "ksf", "kommune"]),
    ),
    max_size=6,
)


@given(periods)
def test_service_time_never_exceeds_the_span_counted(ps: list[Period]) -> None:
    t = service_time(ps)
    counted = [p for p in ps if p.employer != "kommune"]
    if not counted:
        assert t.days == 0
        return
    latest = max(counted, key=lambda p: p.start)
    assert t.days >= (latest.end - latest.start).days + 1  # at least the latest-starting period
    assert t.since is not None and t.since >= min(p.start for p in counted)


def test_votes_quorum_majority_and_deputies() -> None:
    """§ 13 nr. 3: valid with at least half taking part; § 11: personal deputies vote for an
    absent member; a non-member may not vote."""
    votes = [
        Vote(member_id="l", choice="ordensstraff", severity=3),
        Vote(member_id="d1", choice="ordensstraff", severity=2),
    ]
    result = tally(COUNCIL, votes)
    assert result.quorum and result.majority == "ordensstraff" and result.minority == []
    with pytest.raises(RuleViolation) as e:
        check_vote(COUNCIL, votes, "r1")  # the deputy already voted for r1's seat
    assert e.value.rule == "PR-2012 § 13 nr. 3"
    with pytest.raises(RuleViolation) as e:
        check_vote(COUNCIL, votes, "stranger")
    assert e.value.rule == "PR-2012 § 11 nr. 1–4"
    split = tally(COUNCIL, [Vote(member_id=m, choice=c) for m, c in
                            (("l", "none"), ("a", "none"), ("r1", "oppsigelse"),
                             ("r2", "oppsigelse"))])  # fmt: skip
    assert split.majority is None and set(split.minority) == {"l", "a", "r1", "r2"}
    assert not tally(COUNCIL, [Vote(member_id="l", choice="none")]).quorum

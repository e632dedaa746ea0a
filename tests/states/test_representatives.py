"""PR-2012 § 12: who appoints the employee representatives, and their staggered terms."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from states.org import Union, entitled_unions
from states.representatives import (
    Organisation,
    check_term,
    first_terms,
    staggered,
    who_appoints,
)
from states.rules import RuleViolation

CONFEDERATIONS = ["LO", "YS", "Unio", None]

orgs = st.lists(
    st.builds(
        Organisation,
        name=st.sampled_from(["NFF", "Fagforbundet", "Parat", "FO", "Akademikerne", "Delta"]),
        members=st.integers(min_value=0, max_value=2000),
        confederation=st.sampled_from(CONFEDERATIONS),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda o: o.name,
)


ALL = frozenset(["NFF", "Fagforbundet", "Parat", "FO", "Akademikerne", "Delta", "A", "B", "C",
                 "D", "E"])  # fmt: skip


def pct(share: str) -> float:
    return float(share.rstrip(" %"))


@given(orgs, st.sets(st.sampled_from(["LO", "YS", "Unio"])))
def test_never_more_than_two_and_every_appointer_qualifies(
    organisations: list[Organisation], pooling: set[str]
) -> None:
    """§ 12 a) and b): "minst 25 %"; "de to organisasjonene som har størst medlemstall"."""
    result = who_appoints(organisations, entitled=ALL, pooling=pooling)
    assert len(result.appointers) <= 2
    entitled = [o for o in organisations if o.members > 0]
    if len(entitled) > 1:
        assert all(pct(a.share) >= 24.95 for a in result.appointers)
    if result.appointers:
        assert sum(a.seats for a in result.appointers) + result.undecided == 2


@given(orgs, st.sampled_from(["LO", "YS", "Unio"]))
def test_pooling_never_lowers_a_confederations_share(
    organisations: list[Organisation], confederation: str
) -> None:
    """§ 12 c): "Primærorganisasjonene under samme hovedsammenslutning kan slå sammen
    medlemstallet"."""
    total = sum(o.members for o in organisations)
    members = [o for o in organisations if o.confederation == confederation and o.members]
    if not members or len([o for o in organisations if o.members]) < 2:
        return
    pooled = who_appoints(organisations, entitled=ALL, pooling={confederation})
    alone = who_appoints(organisations, entitled=ALL)
    best_alone = max(o.members for o in members)
    pooled_count = sum(o.members for o in members)
    assert pooled_count >= best_alone
    if any(a.name in {o.name for o in members} for a in alone.appointers):
        assert any(a.name == confederation for a in pooled.appointers), (total, pooled, alone)


def test_the_two_largest_over_a_quarter() -> None:
    result = who_appoints([
        Organisation(name="NFF", members=500), Organisation(name="Parat", members=300),
        Organisation(name="FO", members=150), Organisation(name="Delta", members=50),
    ], entitled=ALL)  # fmt: skip
    assert [(a.name, a.seats) for a in result.appointers] == [("NFF", 1), ("Parat", 1)]


def test_one_over_a_quarter_appoints_both_and_none_means_agreement() -> None:
    one = who_appoints(
        [
            Organisation(name="NFF", members=800),
            Organisation(name="FO", members=100),
            Organisation(name="Delta", members=100),
        ],
        entitled=ALL,
    )
    assert [(a.name, a.seats) for a in one.appointers] == [("NFF", 2)]
    five = who_appoints([Organisation(name=n, members=100) for n in "ABCDE"], entitled=ALL)
    assert five.appointers == [] and "must agree" in five.explanation[-1]


def test_agreement_overrides_and_is_checked() -> None:
    """§ 12 second paragraph: the organisations may agree otherwise."""
    orgs_ = [Organisation(name="NFF", members=500), Organisation(name="Parat", members=300)]
    assert [a.name for a in who_appoints(orgs_, entitled=ALL, agreed=["Parat"]).appointers] == [
        "Parat"
    ]
    with pytest.raises(RuleViolation) as e:
        who_appoints(orgs_, entitled=ALL, agreed=["Nobody"])
    assert e.value.rule == "PR-2012 § 12"


def test_terms_are_two_years_and_staggered() -> None:
    """§ 12: "for to år om gangen, og slik at funksjonstiden utløper for én av representantene
    hvert år"."""
    ends = first_terms(date(2027, 1, 1))
    assert ends == [date(2027, 12, 31), date(2028, 12, 31)] and staggered(ends)
    assert not staggered([date(2028, 3, 1), date(2028, 12, 31)])
    from states.representatives import RepresentativeAppointed

    too_long = RepresentativeAppointed(
        employee_id="rep-1",
        council_id="c",
        organisation="NFF",
        seat=1,
        start=date(2027, 1, 1),
        end=date(2029, 1, 2),
    )
    with pytest.raises(RuleViolation) as e:
        check_term(None, too_long, None)
    assert e.value.field == "payload.end"


def test_only_negotiation_entitled_organisations_count() -> None:
    """PR-2012 § 12: "Den tjenestemannsorganisasjonen ... som enten selv eller gjennom
    tilslutning til en hovedsammenslutning er forhandlingsberettiget, oppnevner": an
    organisation the register does not hold as entitled neither appoints nor counts."""
    unions = [
        Union(name="LO Stat", negotiation_entitled=True),
        Union(name="NFF", confederation="LO Stat"),  # entitled through its confederation
        Union(name="Parat", negotiation_entitled=True),
        Union(name="Klubben"),  # not entitled
    ]
    entitled = entitled_unions(unions)
    assert entitled == {"LO Stat", "NFF", "Parat"}
    counts = [Organisation(name="NFF", members=300), Organisation(name="Parat", members=200),
              Organisation(name="Klubben", members=600)]  # fmt: skip
    result = who_appoints(counts, entitled=entitled)
    assert [(a.name, a.seats) for a in result.appointers] == [("NFF", 1), ("Parat", 1)]
    assert result.appointers[0].share == "60.0 %"  # of the entitled organisations' members
    assert "not forhandlingsberettiget, not counted: Klubben" in result.explanation[0]
    # Counted, Klubben would have appointed and Parat (200 of 1100) would not reach 25 %.
    assert [a.name for a in who_appoints(counts, entitled=entitled | {"Klubben"}).appointers] == [
        "Klubben",
        "NFF",
    ]


def test_a_tie_is_not_broken_by_name() -> None:
    """PR-2012 § 12 b): "de to organisasjonene som har størst medlemstall": a tie for the second
    seat leaves that seat to the tied organisations' agreement, never to the alphabet."""
    counts = [Organisation(name="Zeta", members=400), Organisation(name="Beta", members=300),
              Organisation(name="Alfa", members=300)]  # fmt: skip
    result = who_appoints(counts, entitled={"Zeta", "Beta", "Alfa"})
    assert [(a.name, a.seats) for a in result.appointers] == [("Zeta", 1)]
    assert result.undecided == 1 and result.tied == ["Alfa", "Beta"]
    assert "must agree" in result.explanation[-1]
    even = who_appoints([*counts[1:], Organisation(name="Gamma", members=300)],
                        entitled={"Beta", "Alfa", "Gamma"})  # fmt: skip
    assert even.appointers == [] and even.undecided == 2

"""Hiring rules as pure functions (PR-2012 §§ 4–9, 13): what the workflow tests do not reach."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from intake.org_file import read_org
from states.announcement import Announcement, Reannouncement, Route, Vacancy, check_content
from states.applicants import Applicant, Gender, InterviewPlan, Pool, check_interviewees
from states.authority import grants_of
from states.hiring import HIRING, HiringFile
from states.machine import Actor, CaseMachine
from states.rules import RuleViolation
from tests.conftest import EXAMPLES

ON = date(2027, 3, 1)


def vacancy(**extra: Any) -> Vacancy:
    return Vacancy.model_validate(
        {"unit_id": "oslo-prison", "title": "Fengselsbetjent", "post_kind": "fengselsbetjent",
         "nearest_superior_id": "avd-oslo", "permanent": True, **extra}
    )  # fmt: skip


def test_routes() -> None:
    """§ 2 and § 10 nr. 3: six months or less is appointed directly; § 10 nr. 1: the directors'
    posts by the Department; § 15: a conversion goes to the council."""
    assert vacancy().route == Route.council
    assert vacancy(permanent=False, duration_months=6).route == Route.short
    assert vacancy(permanent=False, duration_months=7).route == Route.council
    assert vacancy(post_kind="krus_director").route == Route.department
    with pytest.raises(ValidationError):
        vacancy(permanent=False)  # a temporary post states its duration


@given(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=10))
def test_deadline_at_least_two_weeks(days: int, later: int) -> None:
    """§ 5 nr. 1: "minst to uker fra stillingen er meldt ledig til Arbeids- og
    velferdsforvaltningen og tatt inn på etatens sider" -- from the later of the two days."""
    a = Announcement(
        description="d", qualifications="q", salary="s", workplace="w", probation="6 mnd",
        available_from=ON, full_time=True, permanent=True, conduct_clause=True, contact="c",
        nav_registered_on=ON, own_pages_on=ON + timedelta(days=later),
        deadline=ON + timedelta(days=days), channels=["public", "internal", "nav"],
    )  # fmt: skip
    if days >= later + 14:
        check_content(a, vacancy())
    else:
        with pytest.raises(RuleViolation) as refused:
            check_content(a, vacancy())
        assert refused.value.rule == "PR-2012 § 5 nr. 1"


@given(st.lists(st.sampled_from(list(Gender)), min_size=1, max_size=12), st.data())
def test_a_woman_is_called_when_one_is_qualified(genders: list[Gender], data: Any) -> None:
    """§ 8 nr. 1: "Hvis det er én eller flere kvinner blant de kvalifiserte søkerne til en
    stilling, skal minst én kvinne innkalles til intervju"."""
    pool = Pool(applicants={
        f"a{i}": Applicant(applicant_id=f"a{i}", gender=g, qualified=True)
        for i, g in enumerate(genders)
    })  # fmt: skip
    chosen = data.draw(st.lists(st.sampled_from(sorted(pool.applicants)), min_size=1, unique=True))
    women = Gender.female in genders
    called_one = any(pool.applicants[c].gender == Gender.female for c in chosen)
    try:
        check_interviewees(pool, chosen, "payload.interviewees")
        assert called_one or not women
    except RuleViolation as exc:
        assert exc.rule == "PR-2012 § 8 nr. 1" and women and not called_one


def act(actor: Actor) -> dict[str, Any]:
    """The data a guard reads: the actor and what the register holds for them on the day."""
    org = read_org(EXAMPLES / "org.yaml")
    return {"actor": actor, "grants": grants_of(org, actor.person_id, ON)}


def machine(state: str, **file: Any) -> CaseMachine:
    org = read_org(EXAMPLES / "org.yaml")
    f = HiringFile(request=vacancy(), org=org, today=ON, **file)
    return CaseMachine(HIRING.machine, f, state)


def test_reannouncement_needs_a_ground() -> None:
    """§ 6: announced again on one of its four grounds, with the reason recorded."""
    with pytest.raises(ValidationError):
        Reannouncement.model_validate({"reason": "we_felt_like_it", "explanation": "x"})
    m = machine("interviewing")
    hr = Actor(person_id="hr-east", role="hr_officer")
    ground = Reannouncement(reason="too_few_qualified", explanation="Bare én kvalifisert.")
    entry = m.fire("reannounce", actor=hr, at=datetime_on(), data={**act(hr), "payload": ground})
    assert (entry.dest, entry.rule) == ("drafting", "PR-2012 § 6")
    stranger = Actor(person_id="emp-1", role="employee")
    with pytest.raises(RuleViolation):
        machine("council").check("reannounce", {**act(stranger), "payload": ground})


def test_access_only_for_the_applicant() -> None:
    """§ 9 nr. 5: the applicants (parties) may see the innstilling or forslag."""
    pool = Pool(applicants={"a1": Applicant(applicant_id="a1", gender="female", qualified=True)})
    m = machine("council", pool=pool)
    payload = type("P", (), {"applicant_id": "a1"})()
    m.check("request_access", {**act(Actor(person_id="a1", role="applicant")), "payload": payload})
    with pytest.raises(RuleViolation) as refused:
        m.check("request_access", {**act(Actor(person_id="a2", role="applicant")),
                                   "payload": payload})  # fmt: skip
    assert refused.value.rule == "PR-2012 § 9 nr. 5"


def test_an_applicant_naming_another_learns_nothing() -> None:
    """§ 9 nr. 5 and § 7 nr. 1 with fvl § 13: an applicant asking for access or withdrawing
    for another person is refused for who they are, before the named one is looked up: the
    same refusal whether that person applied or not (issue 15 review: no applicant oracle)."""
    from states.applicants import check_withdrawal

    pool = Pool(applicants={a: Applicant(applicant_id=a, gender="female", qualified=True)
                            for a in ("a1", "a2")})  # fmt: skip
    m = machine("council", pool=pool)
    a1 = Actor(person_id="a1", role="applicant")

    def refusal(step: str, named: str) -> tuple[str, str | None, str]:
        payload = type("P", (), {"applicant_id": named})()
        with pytest.raises(RuleViolation) as refused:
            if step == "request_access":
                m.check(step, {**act(a1), "payload": payload})
            else:
                check_withdrawal(pool, {"actor": a1, "payload": payload}, hr=False, filled=False)
        return refused.value.rule, refused.value.field, refused.value.message

    for step in ("request_access", "withdraw_application"):
        applied, unknown = refusal(step, "a2"), refusal(step, "nobody")
        assert applied == unknown and applied[1] == "actor.person_id", (step, applied, unknown)


def test_disagreement_means_a_meeting() -> None:
    """§ 13 nr. 2: written procedure only where the case is uncontroversial ("kurant")."""
    from states.hiring import Distribution

    m = machine("council")
    leader = Actor(person_id="leader-oslo", role="unit_leader")
    written = Distribution(procedure="written", meeting_on=ON + timedelta(days=10))
    with pytest.raises(RuleViolation) as refused:
        m.check("distribute_documents", {**act(leader), "payload": written})
    assert refused.value.rule == "PR-2012 § 13 nr. 2"
    agreed = written.model_copy(update={"uncontroversial": True})
    m.check("distribute_documents", {**act(leader), "payload": agreed})


def test_interview_plan_needs_reasons() -> None:
    with pytest.raises(ValidationError):
        InterviewPlan.model_validate({"interviewees": ["a1"], "reasons": ""})


def datetime_on() -> Any:
    from datetime import UTC, datetime

    return datetime(2027, 3, 1, 9, tzinfo=UTC)


def test_both_representatives_comment_before_the_text_is_published() -> None:
    """§ 5 nr. 4: "de tillitsvalgte skal ... ha anledning til å uttale seg om utlysningsteksten
    før stillingen kunngjøres": one representative twice is not both; a deputy speaks for the
    seat."""
    hr = Actor(person_id="hr-east", role="hr_officer")
    once = machine("drafting", reps_informed_on=ON, commented_by=["rep-1", "rep-1"])
    assert not once.case.all_representatives_commented()
    with pytest.raises(RuleViolation) as refused:
        once.check("publish", {**act(hr), "payload": announcement()})
    assert refused.value.rule == "PR-2012 § 5 nr. 4"
    both = machine("drafting", reps_informed_on=ON, commented_by=["rep-1", "rep-2-dep"])
    assert both.case.all_representatives_commented()
    both.check("publish", {**act(hr), "payload": announcement()})


def announcement() -> Announcement:
    return Announcement(
        description="d", qualifications="q", salary="s", workplace="w", probation="6 mnd",
        available_from=ON, full_time=True, permanent=True, conduct_clause=True, contact="c",
        nav_registered_on=ON, own_pages_on=ON, deadline=ON + timedelta(days=14),
        channels=["public", "internal", "nav"],
    )  # fmt: skip


def test_known_applicant_needs_no_interview_unless_a_member_demands() -> None:
    """PR-2012 § 8 nr. 1: "Det er ikke nødvendig å innkalle søkere som er kjent fra før, med
    mindre minst ett av tilsettingsrådets medlemmer krever det"."""
    from states.applicants import Recommendation, check_recommendation

    known = Applicant(applicant_id="k1", gender="male", qualified=True, known=True)
    stranger = Applicant(applicant_id="s1", gender="male", qualified=True)
    pool = Pool(applicants={"k1": known, "s1": stranger})
    only_known = Recommendation(ranked=["k1"], reasons="Kjent.", fewer_reason="Én egnet.")
    check_recommendation(pool, only_known, interviews_needed=True)
    for p, ranked in ((pool.model_copy(update={"demanded": ["k1"]}), "k1"), (pool, "s1")):
        with pytest.raises(RuleViolation) as refused:
            r = Recommendation(ranked=[ranked], reasons=".", fewer_reason="Én egnet.")
            check_recommendation(p, r, interviews_needed=True)
        assert (refused.value.rule, refused.value.field) == ("PR-2012 § 8 nr. 1", "payload.ranked")


def test_public_list_waits_for_the_withdrawal_window() -> None:
    """PR-2012 § 7 nr. 2 with offentleglova § 25: an applicant refused exemption is told before
    the list is published, with three working days to withdraw (docs/legal-choices.md); one who
    withdrew holds nothing up; cases recorded before issue 13 (no day told) had no window."""
    from states.applicants import ExemptionDecisions, check_public_list, exemptions_decided

    pool = Pool(applicants={"x": Applicant(applicant_id="x", gender="male", exemption="requested")})
    d = ExemptionDecisions(refused=["x"], reasons="Åpenhet.")
    told = exemptions_decided(pool, d, ON)  # Monday 1 March 2027
    assert pool.applicants["x"].exemption == "requested"  # pure: the old pool is unchanged
    for day in (ON, date(2027, 3, 4)):
        with pytest.raises(RuleViolation) as refused:
            check_public_list(told, day)
        assert refused.value.rule == "PR-2012 § 7 nr. 2"
    check_public_list(told, date(2027, 3, 5))
    told.applicants["x"].withdrawn = True
    check_public_list(told, ON)
    check_public_list(exemptions_decided(pool, d, None), ON)


def test_contract_has_the_minimum_content_of_aml_14_6() -> None:
    """PR-2012 § 16 nr. 2 with arbeidsmiljøloven § 14-6: working hours, notice periods,
    holidays, the collective agreement, pension, and for a temporary post its ground."""
    from states.announcement import check_vacancy
    from states.contract import contract_terms

    six = {"working_hours", "notice", "holidays", "collective_agreement", "pension"}
    assert set(contract_terms(vacancy())) == six
    temp = vacancy(permanent=False, duration_months=7, temporary_ground="substitute")
    assert contract_terms(temp)["temporary_ground"].startswith("vikariat")
    other = vacancy(permanent=False, duration_months=7, temporary_ground="other")
    for v, field in ((vacancy(permanent=False, duration_months=7), "payload.temporary_ground"),
                     (other, "payload.temporary_ground_details")):  # fmt: skip
        with pytest.raises(RuleViolation) as refused:
            check_vacancy(v)
        assert (refused.value.rule, refused.value.field) == ("PR-2012 § 16 nr. 2", field)


def test_short_and_conversion_contracts_state_pay_and_workplace() -> None:
    """PR-2012 § 16 nr. 2 with arbeidsmiljøloven § 14-6 (1) i and b (council11): a post
    appointed without announcement (§ 10 nr. 3, § 15) states its pay and workplace when it is
    registered, refused naming the field otherwise; the contract carries them."""
    from states.announcement import check_vacancy
    from states.contract import contract_terms

    short = {"permanent": False, "duration_months": 4, "temporary_ground": "substitute"}
    conversion = {"conversion": {"employee_id": "emp-1", "previous_case_id": "H-0",
                                 "kind": "permanent"}}  # fmt: skip
    for route in (short, conversion):
        for missing in ("salary", "workplace"):
            given = {"salary": "Lønnstrinn 40", "workplace": "Oslo fengsel"}
            given.pop(missing)
            with pytest.raises(RuleViolation) as refused:
                check_vacancy(vacancy(**route, **given))
            assert (refused.value.rule, refused.value.field) == (
                "PR-2012 § 16 nr. 2", f"payload.{missing}"
            )  # fmt: skip
    v = vacancy(**short, salary="Lønnstrinn 40", workplace="Oslo fengsel")
    check_vacancy(v)
    terms = contract_terms(v)
    assert (terms["salary"], terms["workplace"]) == ("Lønnstrinn 40", "Oslo fengsel")
    check_vacancy(vacancy())  # an announced post: the announcement states them (§ 5 nr. 1)


def test_an_internal_only_announcement_is_no_public_one_for_section_15() -> None:
    """PR-2012 § 15 "tilsatt etter offentlig kunngjøring" (council11): an appointment after an
    internal-only announcement (§ 4 nr. 2) is recorded as not publicly announced, so a later
    conversion of it is refused (`check_conversion`, payload.conversion.previous_case_id);
    cases opened before council11 keep their record."""
    from states.announcement import Conversion, EarlierAppointment, check_conversion
    from states.hiring import appointment_record

    internal = announcement().model_copy(update={"channels": ["internal"], "permanent": False})
    temp = vacancy(permanent=False, duration_months=12, temporary_ground="substitute")
    org = read_org(EXAMPLES / "org.yaml")
    f = HiringFile(request=temp, org=org, today=ON, announcement=internal, appointee="emp-1",
                   council11=True)  # fmt: skip
    record = appointment_record(f)
    assert record["announced"] is False
    public = f.model_copy(update={"announcement": announcement()})
    assert appointment_record(public)["announced"] is True
    assert appointment_record(f.model_copy(update={"council11": False}))["announced"] is True
    earlier = EarlierAppointment(**{k: record[k] for k in ("person_id", "announced", "permanent",
                                                          "unit_id", "post_kind")})  # fmt: skip
    c = Conversion(employee_id="emp-1", previous_case_id="H-1", kind="permanent")
    with pytest.raises(RuleViolation) as refused:
        check_conversion(c, earlier)
    assert (refused.value.rule, refused.value.field) == (
        "PR-2012 § 15", "payload.conversion.previous_case_id"
    )  # fmt: skip


def test_an_applicant_neither_recommends_nor_states_who_is_known() -> None:
    """fvl § 6 første ledd bokstav a (council11): the nearest superior who applied gives no
    recommendation (§ 9 nr. 1), and HR who applied does not state an applicant known (§ 8
    nr. 1); their deputy or another officer does. Cases opened before council11 replay."""
    from states.applicants import Recommendation

    me = Applicant(applicant_id="avd-oslo", gender="male", qualified=True)
    hr_applied = Applicant(applicant_id="hr-east", gender="female", qualified=True)
    other = Applicant(applicant_id="a1", gender="female", qualified=True, interviewed=True)
    pool = Pool(applicants={"avd-oslo": me, "hr-east": hr_applied, "a1": other})
    superior = Actor(person_id="avd-oslo", role="employee")
    rec = Recommendation(ranked=["a1"], reasons="a1 er best.", fewer_reason="Én egnet.")
    known = type("P", (), {"applicant_id": "a1"})()
    hr = Actor(person_id="hr-east", role="hr_officer")
    for trigger, actor, payload in (("recommend", superior, rec), ("state_known", hr, known)):
        m = machine("interviewing", pool=pool, council11=True)
        with pytest.raises(RuleViolation) as refused:
            m.check(trigger, {**act(actor), "payload": payload})
        assert (refused.value.rule, refused.value.field) == (
            "fvl § 6 første ledd bokstav a", "actor.person_id"
        ), trigger  # fmt: skip

"""Hiring cases on the time-skipping server, from VacancyRegistered to signed contract: every
route and refusal, each quoting the paragraph it checks (PR-2012 §§ 2–16)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from temporalio.testing import WorkflowEnvironment

from activities.documents import norwegian_date
from activities.store import AppointmentRow, Store
from intake.org_file import read_org
from states.applicants import withdrawal_window
from states.calendar import add_working_days, local_date, start_of_day
from states.org import DesignationKind
from tests.conftest import EXAMPLES
from tests.helpers import (
    CENTRAL_SEATS,
    Sender,
    applicant,
    convene_in_writing,
    eventually,
    letters,
    refused_step,
    step,
)
from workflows.case import CaseView
from workflows.hiring import HiringCase

HR = {"person_id": "hr-east", "role": "hr_officer"}
SUPERIOR = {"person_id": "avd-oslo", "role": "employee"}
LEADER = {"person_id": "leader-oslo", "role": "unit_leader"}
REP_1 = {"person_id": "rep-1", "role": "employee"}
REP_2 = {"person_id": "rep-2", "role": "employee"}
# PR-2012 § 5 nr. 4 and 6: the unions' tillitsvalgte at Oslo fengsel (NFF and Parat).
TILLITSVALGTE = ("emp-2", "tv-oslo")
CENTRAL = {"person_id": "kdi-dir", "role": "ksf_leader"}

refused = refused_step


def member(person_id: str, role: str = "employee") -> dict[str, str]:
    return {"person_id": person_id, "role": role}


async def today(env: WorkflowEnvironment) -> date:
    return local_date(await env.get_current_time())


async def sleep_until(env: WorkflowEnvironment, day: date) -> None:
    await env.sleep(start_of_day(day) + timedelta(hours=1) - await env.get_current_time())


async def view(send: Sender, case_id: str, case_type: str = "hiring") -> CaseView:
    handle = send.client.get_workflow_handle(f"{case_type}-{case_id}")
    return await handle.query(HiringCase.describe, result_type=CaseView)


async def state_is(send: Sender, case_id: str, state: str, case_type: str = "hiring") -> bool:
    async def check() -> bool:
        return (await view(send, case_id, case_type)).state == state

    return bool(await eventually(check))


def vacancy(**extra: Any) -> dict[str, Any]:
    return {
        "unit_id": "oslo-prison",
        "title": "Fengselsbetjent",
        "post_kind": "fengselsbetjent",
        "nearest_superior_id": "avd-oslo",
        "permanent": True,
        "probation_months": 6,
        "training_duty": True,
        # PR-2012 § 16 nr. 2, aml § 14-6 (1) i and b (council11): a short post's or a
        # conversion's contract takes pay and workplace from the vacancy
        "salary": "Lønnstrinn 40",
        "workplace": "Oslo fengsel",
        **extra,
    }


def announcement(on: date, **extra: Any) -> dict[str, Any]:
    return {
        "description": "Vakt- og sikkerhetstjeneste, miljøarbeid med innsatte.",
        "qualifications": "Fengselsbetjentutdanning (bachelor) fra KRUS.",
        "salary": "Lønnstrinn 40-50",
        "workplace": "Oslo fengsel",
        "probation": "6 måneder",
        "available_from": (on + timedelta(days=60)).isoformat(),
        "full_time": True,
        "permanent": True,
        "conduct_clause": True,
        "contact": "Avdelingsleder, tlf. 23 00 00 00",
        "training": "Opplæring i sikkerhetsrutiner første måned.",
        "nav_registered_on": on.isoformat(),
        "own_pages_on": on.isoformat(),
        "deadline": (on + timedelta(days=21)).isoformat(),
        "channels": ["public", "internal", "nav"],
        **extra,
    }


async def announced(
    send: Sender,
    env: WorkflowEnvironment,
    case_id: str,
    reps: tuple[str, ...] = TILLITSVALGTE,
    **extra: Any,
) -> date:
    """Registered, salary told to the representatives, their comments, announced."""
    on = await today(env)
    await step(send, "VacancyRegistered", case_id, vacancy(**extra), HR)
    info = {"salary": "Lønnstrinn 40-50", "draft_text": "Utkast: fengselsbetjent"}
    await step(send, "SalaryInformationGiven", case_id, info, HR)
    for rep in map(member, reps):
        await step(send, "AnnouncementTextCommented", case_id, {"comment": "Greit."}, rep)
    await step(send, "VacancyAnnounced", case_id, announcement(on), HR)
    return on


async def test_full_case_from_vacancy_to_signed_contract(
    send: Sender, env: WorkflowEnvironment, mail_dir: Path, register: Store
) -> None:
    """PR-2012 §§ 4-16 in order, through the local council of Oslo fengsel (§ 11 nr. 3)."""
    case, case_wf = "H-1", "hiring-H-1"
    on = await today(env)
    opened = await step(send, "VacancyRegistered", case, vacancy(), HR)
    assert opened["state"] == "drafting"

    # § 5 nr. 6: "Før ledelsen kunngjør stillingen, skal den orientere de tillitsvalgte for
    # organisasjonene om stillingens lønn."
    early = await refused(send, "VacancyAnnounced", case, announcement(on), HR)
    assert early.rule == "PR-2012 § 5 nr. 6"
    info = {"salary": "Lønnstrinn 40-50", "draft_text": "Utkast: fengselsbetjent"}
    await step(send, "SalaryInformationGiven", case, info, HR)
    # § 5 nr. 4: the representatives may comment on the text before it is announced.
    waiting = await refused(send, "VacancyAnnounced", case, announcement(on), HR)
    assert waiting.rule == "PR-2012 § 5 nr. 4"
    outsider = await refused(
        send, "AnnouncementTextCommented", case, {"comment": "x"}, member("emp-1")
    )
    assert outsider.rule == "PR-2012 § 5 nr. 4" and outsider.field == "actor.person_id"
    # § 12: the council's employee representatives "representerer ikke sin egen organisasjon":
    # the tillitsvalgte of § 5 nr. 4 are the unions' own (issue 11 item 6).
    council_rep = await refused(send, "AnnouncementTextCommented", case, {"comment": "x"}, REP_1)
    assert council_rep.rule == "PR-2012 § 5 nr. 4" and council_rep.field == "actor.person_id"
    told = [t for t in letters(mail_dir, case_wf) if "ORIENTERING OM LØNN" in t]
    assert len(told) == 2 and any("ola.hansen@" in t for t in told)
    assert any("hege.storm@" in t for t in told) and not any("siri.lunde@" in t for t in told)
    for rep in TILLITSVALGTE:
        await step(send, "AnnouncementTextCommented", case, {"comment": "Greit."}, member(rep))

    # § 5 nr. 1: "søknadsfristen, som må være minst to uker fra stillingen er meldt ledig til
    # Arbeids- og velferdsforvaltningen og tatt inn på etatens sider for ledige stillinger".
    short = announcement(on, deadline=(on + timedelta(days=13)).isoformat())
    too_short = await refused(send, "VacancyAnnounced", case, short, HR)
    assert too_short.rule == "PR-2012 § 5 nr. 1" and too_short.field == "payload.deadline"
    # § 5 nr. 1: "Det må ikke stilles krav til helse med mindre dette er saklig begrunnet".
    health = announcement(on, health_requirement="God fysisk form")
    assert (await refused(send, "VacancyAnnounced", case, health, HR)).field == (
        "payload.health_reason"
    )
    # § 5 nr. 5: a training duty must be stated.
    untrained = announcement(on, training="")
    assert (await refused(send, "VacancyAnnounced", case, untrained, HR)).rule == (
        "PR-2012 § 5 nr. 5"
    )
    # § 4 nr. 2: internal only is not for a permanent post.
    internal = announcement(on, channels=["internal"])
    assert (await refused(send, "VacancyAnnounced", case, internal, HR)).rule == (
        "PR-2012 § 4 nr. 2"
    )
    # § 4 nr. 4: the post is reported to NAV.
    no_nav = announcement(on, channels=["public", "internal"])
    assert (await refused(send, "VacancyAnnounced", case, no_nav, HR)).rule == "PR-2012 § 4 nr. 4"
    unchanged = await view(send, case)
    assert unchanged.state == "drafting" and "application_deadline" not in {
        d.name for d in unchanged.deadlines
    }
    absent = announcement(on, absent_employee_ids=["emp-2"])
    published = await step(send, "VacancyAnnounced", case, absent, HR)
    assert published["state"] == "announced"
    # § 4 nr. 3: the absent employee is told.
    assert any("LEDIG STILLING VED ENHETEN" in t for t in letters(mail_dir, "hiring-H-1"))

    # § 7: applications until the deadline.
    people = [
        applicant("a1", "female"),
        applicant("a2", "male"),
        applicant("a3", "male"),
        applicant("a4", "female", references_objection=True),
        applicant("a5", "male", exemption_requested=True, exemption_reason="Nåværende jobb"),
    ]
    for p in people:
        await step(send, "ApplicationReceived", case, p, member(p["applicant_id"], "applicant"))
    again = await step(send, "ApplicationReceived", case, people[0], member("a1", "applicant"))
    # § 7 nr. 1 (fvl § 2 e): nobody applies in another's name (issue 11).
    other = applicant("a9", "male")
    forged = await refused(send, "ApplicationReceived", case, other, member("a1", "applicant"))
    assert (forged.rule, forged.field) == ("PR-2012 § 7 nr. 1", "actor.person_id")
    assert again["state"] == "announced"
    assert (await view(send, case)).details["applicants"]["total"] == 5

    deadline = on + timedelta(days=21)
    await sleep_until(env, deadline + timedelta(days=1))
    assert await state_is(send, case, "applications_closed")
    # § 7 nr. 3: a late application is recorded as late and counts only if all late ones do.
    late = applicant("a6", "female")
    answer = await step(send, "ApplicationReceived", case, late, member("a6", "applicant"))
    assert answer["state"] == "applications_closed"
    assert (await view(send, case)).details["applicants"]["total"] == 5

    ids = ["a1", "a2", "a3", "a4", "a5"]
    await step(send, "QualificationsAssessed", case, {"qualified": ids}, HR)
    not_counted = await refused(send, "QualificationsAssessed", case, {"qualified": ["a6"]}, HR)
    assert not_counted.rule == "PR-2012 § 7 nr. 3"

    # § 7 nr. 2 / offentleglova § 25: the list waits for the exemption decision.
    pending = await refused(send, "PublicApplicantListPublished", case, {"comment": "v1"}, HR)
    assert "offentleglova § 25" in pending.message
    decision = {"refused": ["a5"], "reasons": "Stillingens karakter tilsier åpenhet."}
    await step(send, "ListExemptionsDecided", case, decision, HR)
    # § 7 nr. 2: the refused applicant gets time to withdraw before the list is published
    # (three working days, docs/legal-choices.md), and the letter says until when.
    window = withdrawal_window(await today(env)).due
    too_soon = await refused(send, "PublicApplicantListPublished", case, {"comment": "v1"}, HR)
    assert too_soon.rule == "PR-2012 § 7 nr. 2" and str(window) in too_soon.message
    told_refused = [t for t in letters(mail_dir, case_wf) if "UNNTATT FRA OFFENTLIG" in t]
    assert told_refused and "til og med denne dagen" in told_refused[0]
    assert "withdraw_before_list" in {d.name for d in (await view(send, case)).deadlines}
    await sleep_until(env, window)
    still = await refused(send, "PublicApplicantListPublished", case, {"comment": "v1"}, HR)
    assert still.rule == "PR-2012 § 7 nr. 2"
    await sleep_until(env, window + timedelta(days=1))
    await step(send, "PublicApplicantListPublished", case, {"comment": "v1"}, HR)
    public = [t for t in letters(mail_dir, "hiring-H-1") if "OFFENTLIG SØKERLISTE (versjon 1)" in t]
    assert public and "Antall søkere: 5" in public[0] and "kvinner: 2" in public[0]

    # § 8 nr. 1: "Hvis det er én eller flere kvinner blant de kvalifiserte søkerne til en
    # stilling, skal minst én kvinne innkalles til intervju".
    men = {"interviewees": ["a2", "a3"], "reasons": "Best kvalifisert."}
    no_woman = await refused(send, "InterviewsPlanned", case, men, HR)
    assert no_woman.rule == "PR-2012 § 8 nr. 1" and no_woman.field == "payload.interviewees"
    plan = {"interviewees": ["a1", "a2", "a3"], "reasons": "Best kvalifisert."}
    assert (await step(send, "InterviewsPlanned", case, plan, HR))["state"] == "interviewing"
    # § 7 nr. 1: the extended list, the text and the plan go to the council's members.
    extended = [t for t in letters(mail_dir, "hiring-H-1") if "UTVIDET SØKERLISTE" in t]
    assert extended and "a1, a2, a3" in extended[0]
    # § 8 nr. 1 (issue 13 review): "known" is stated before the plan is made on it, not after.
    late_known = await refused(send, "ApplicantKnownStated", case, {"applicant_id": "a4"}, HR)
    assert (late_known.rule, late_known.field) == ("PR-2012 § 8 nr. 1", "payload.applicant_id")
    # § 8 nr. 1: "Medlemmene i tilsettingsrådet kan dessuten kreve at andre kvalifiserte søkere
    # innkalles."
    await step(send, "InterviewDemanded", case, {"applicant_id": "a4"}, REP_1)
    # § 8 nr. 5: no reference check against the applicant's wish.
    check = {"applicant_id": "a4", "referee": "Tidligere arbeidsgiver"}
    objection = await refused(send, "ReferencesChecked", case, check, HR)
    assert objection.rule == "PR-2012 § 8 nr. 5"
    # § 8 nr. 3: "Ved intervjuet skal stillingens nærmest foresatte delta."
    alone = {"applicant_id": "a1", "participants": ["hr-east"]}
    assert (await refused(send, "InterviewHeld", case, alone, HR)).rule == "PR-2012 § 8 nr. 3"
    for a in ("a1", "a2", "a3", "a4"):
        held = {"applicant_id": a, "participants": ["avd-oslo", "rep-1"]}
        if a == "a2":
            held["new_information"] = "Opplyste om tidligere tjeneste i Forsvaret."
        await step(send, "InterviewHeld", case, held, HR)
    reference = {"applicant_id": "a1", "referee": "Nåværende leder"}
    await step(send, "ReferencesChecked", case, reference, HR)
    note = {"applicant_id": "a3", "information": "Har trukket seg fra en annen prosess."}
    await step(send, "CaseInformationRecorded", case, note, HR)
    notes = [t for t in letters(mail_dir, "hiring-H-1") if "NYE OPPLYSNINGER" in t]
    assert not notes  # filed with the case (§ 8 nr. 4), not mailed
    filed = [d.title for d in (await view(send, case)).documents]
    assert filed.count("Nye opplysninger") == 2

    # § 9 nr. 2: the superior sits on the local council (§ 11 nr. 3), so a forslag;
    # § 9 nr. 4: three ranked.
    two = {"ranked": ["a1", "a2"], "reasons": "Best egnet."}
    assert (await refused(send, "RecommendationGiven", case, two, SUPERIOR)).rule == (
        "PR-2012 § 9 nr. 4"
    )
    three = {"ranked": ["a1", "a2", "a3"], "reasons": "Best egnet etter intervju."}
    assert (await refused(send, "RecommendationGiven", case, three, HR)).rule == "PR-2012 § 9 nr. 1"
    assert (await step(send, "RecommendationGiven", case, three, SUPERIOR))["state"] == "council"
    assert (await view(send, case)).details["recommendation"]["kind"] == "forslag"
    # § 9 nr. 5: an applicant sees the forslag; another applicant may not ask for them.
    access = {"applicant_id": "a2"}
    await step(send, "RecommendationAccessRequested", case, access, member("a2", "applicant"))
    for_other = await refused(
        send, "RecommendationAccessRequested", case, access, member("a3", "applicant")
    )
    assert for_other.rule == "PR-2012 § 9 nr. 5"
    assert any("FORSLAG" in t and "a2@soker.example" in t for t in letters(mail_dir, case_wf))

    # § 13 nr. 1: the documents first, with time to prepare.
    vote = {"applicant_id": "a1", "reasons": "Sterkest faglig."}
    assert (await refused(send, "HiringVoteCast", case, vote, LEADER)).rule == "PR-2012 § 13 nr. 1"
    now = await today(env)
    tomorrow = {"procedure": "meeting", "meeting_on": (now + timedelta(days=1)).isoformat()}
    rushed = await refused(send, "CouncilDocumentsDistributed", case, tomorrow, LEADER)
    assert rushed.rule == "PR-2012 § 13 nr. 1" and rushed.field == "payload.meeting_on"
    meeting = add_working_days(now, 5, name="m", rule="").due
    written = {"procedure": "written", "meeting_on": meeting.isoformat()}
    assert (await refused(send, "CouncilDocumentsDistributed", case, written, LEADER)).rule == (
        "PR-2012 § 13 nr. 2"
    )
    papers = {"procedure": "meeting", "meeting_on": meeting.isoformat()}
    await step(send, "CouncilDocumentsDistributed", case, papers, LEADER)
    assert any("SAKSDOKUMENTER" in t and "UNNTATT OFFENTLIGHET" in t
               for t in letters(mail_dir, "hiring-H-1"))  # fmt: skip
    await sleep_until(env, meeting)

    # § 13 nr. 3: a vote only from the council's members; the decision needs half of them.
    stranger = await refused(send, "HiringVoteCast", case, vote, member("emp-1"))
    assert stranger.rule == "PR-2012 § 13 nr. 3" and stranger.field == "actor.person_id"
    await step(send, "HiringVoteCast", case, vote, LEADER)
    await step(send, "HiringVoteCast", case, vote, SUPERIOR)
    decision = {"reasons": "Rådet er enstemmig.", "special_terms": ""}
    quorum = await refused(send, "CouncilDecided", case, decision, LEADER)
    assert quorum.rule == "PR-2012 § 13 nr. 3"
    await step(send, "HiringVoteCast", case, vote, member("adm-oslo"))
    # § 13 nr. 3-4: half the members must take part *and sign*; only those who took part sign.
    unsigned = await refused(send, "CouncilDecided", case, decision, LEADER)
    assert (unsigned.rule, unsigned.field) == ("PR-2012 § 13 nr. 3", "signatures")
    absent = await refused(send, "CouncilProtocolSigned", case, {}, REP_1)
    assert absent.rule == "PR-2012 § 13 nr. 4" and absent.field == "actor.person_id"
    await sign(send, case, "leader-oslo", "avd-oslo")
    two = await refused(send, "CouncilDecided", case, decision, LEADER)
    assert "2 of 5 members have signed" in two.message
    await sign(send, case, "adm-oslo")
    decided = await step(send, "CouncilDecided", case, decision, LEADER)
    assert decided["state"] == "awaiting_confirmation"

    # § 16: the appointee told (with the probation rules), everyone else told who got it.
    mail = letters(mail_dir, "hiring-H-1")
    assert any("MELDING OM TILSETTING" in t and "PRØVETID" in t for t in mail)
    told = [t for t in mail if "STILLINGEN ER BESATT" in t]
    assert len(told) == 5 and all("Astrid Berg er tilsatt" in t for t in told)
    protocol = [t for t in mail if "PROTOKOLL FRA TILSETTINGSRÅDET" in t]
    assert protocol and "Underskrevet av: leader-oslo, adm-oslo, avd-oslo;" in protocol[0]
    assert "ikke underskrevet av: rep-1, rep-2" in protocol[0]
    assert "Sterkest faglig." in protocol[0]  # each member's reasons (§ 13 nr. 4)

    # § 16 nr. 1: the case waits for the written confirmation, reminding every two weeks.
    await env.sleep(timedelta(days=15))

    async def reminded() -> bool:
        return any("PÅMINNELSE" in t for t in letters(mail_dir, "hiring-H-1"))

    assert await eventually(reminded)
    too_early = {"confirmed_on": now.isoformat()}
    stranger_confirms = await refused(
        send, "AppointmentConfirmed", case, too_early, member("a2", "applicant")
    )
    assert stranger_confirms.rule == "PR-2012 § 16 nr. 1"
    confirmed = {"confirmed_on": (await today(env)).isoformat()}
    await step(send, "AppointmentConfirmed", case, confirmed, member("a1", "applicant"))
    # § 16 nr. 2 with arbeidsmiljøloven § 14-6: the contract's minimum content.
    contract = [t for t in letters(mail_dir, "hiring-H-1") if "ARBEIDSAVTALE" in t]
    for item in ("Arbeidstid: 37,5 timer", "Oppsigelse:", "Ferie:", "Tariffavtale:", "Pensjon:"):
        assert contract and item in contract[0], item
    signed = {"signed_on": (await today(env)).isoformat()}
    assert (await step(send, "ContractSigned", case, signed, HR))["state"] == "probation"
    v = await view(send, case)
    ends = date.fromisoformat(str(v.details["probation_ends"]))
    await sleep_until(env, ends + timedelta(days=1))
    assert await state_is(send, case, "employed")

    assert (await view(send, case)).ruleset == "PR-2012"  # the personnel regulation's case
    # § 10 nr. 3, § 15: the register keeps the appointment for later cases.
    kept = register.appointment(case_wf)
    assert kept is not None and (kept.person_id, kept.announced, kept.permanent) == (
        "a1",
        True,
        True,
    )
    assert any("Regelverk: Personalreglement for kriminalomsorgen (2012)" in t
               for t in letters(mail_dir, case_wf))  # fmt: skip
    trail = [(h.trigger, h.rule) for h in (await view(send, case)).history]
    assert ("publish", "PR-2012 § 4 nr. 1") in trail
    assert ("decide", "PR-2012 § 10 nr. 2") in trail
    assert ("notify_appointment", "PR-2012 § 16 nr. 1") in trail
    assert ("sign_contract", "PR-2012 § 16 nr. 2") in trail
    assert trail[-1] == ("probation_ends", "tjml § 8")
    # The register holds the applicants; the history holds no names (checked in test_codec).
    assert {a.applicant_id for a in register.applicants("hiring-H-1")} == {
        "a1", "a2", "a3", "a4", "a5", "a6"
    }  # fmt: skip


async def to_council(
    send: Sender, env: WorkflowEnvironment, case: str, ids: list[str], ranked: list[str],
    superior: dict[str, str], hr: dict[str, str] = HR, leader: dict[str, str] = LEADER,
    reps: tuple[str, ...] = TILLITSVALGTE, procedure: str = "meeting", **extra: Any,
) -> date:  # fmt: skip
    """Announced, applied, assessed, interviewed, recommended, papers distributed; returns the
    meeting day (reached)."""
    on = await announced(send, env, case, reps, **extra)
    for n, a in enumerate(ids):
        gender = "female" if n % 2 == 0 else "male"
        await step(send, "ApplicationReceived", case, applicant(a, gender), member(a, "applicant"))
    await sleep_until(env, on + timedelta(days=22))
    assert await state_is(send, case, "applications_closed")
    await step(send, "QualificationsAssessed", case, {"qualified": ids}, hr)
    await step(send, "InterviewsPlanned", case, {"interviewees": ids, "reasons": "Alle."}, hr)
    for a in ids:
        held = {"applicant_id": a, "participants": [superior["person_id"]]}
        await step(send, "InterviewHeld", case, held, hr)
    rec = {"ranked": ranked, "reasons": "Best egnet.", "fewer_reason": "Bare disse er aktuelle."}
    await step(send, "RecommendationGiven", case, rec, superior)
    meeting = add_working_days(await today(env), 3, name="m", rule="").due
    papers = {"procedure": procedure, "meeting_on": meeting.isoformat(),
              "uncontroversial": procedure == "written"}  # fmt: skip
    await step(send, "CouncilDocumentsDistributed", case, papers, leader)
    await sleep_until(env, meeting)
    return meeting


async def sign(
    send: Sender, case_id: str, *members: str, event: str = "CouncilProtocolSigned"
) -> None:
    """§ 13 nr. 3-4: the members who took part sign the protocol."""
    for m in members:
        await step(send, event, case_id, {}, member(m))


CENTRAL_SEATS_LEADERS = ("kdi-dir", "kdi-2", "rep-c1", "rep-c2", "kdi-3")  # § 11 nr. 6: no director


async def convene_central(
    send: Sender, case_id: str, seats: tuple[str, ...] = CENTRAL_SEATS
) -> None:
    """§ 13 nr. 1-2 with § 11 nr. 6 (council10): the central council's leader convenes it with
    the papers, proposing written procedure for an uncontroversial choice; every seat agrees."""
    await convene_in_writing(send, case_id, "Central", "kdi-dir", seats)


async def central_council_decides(send: Sender, case_id: str, pick: str) -> None:
    """§ 11 nr. 6: the central council as it sits for the case votes and decides."""
    for m in ("kdi-dir", "kdi-2", "rep-c1"):
        await step(send, "CentralCouncilVoteCast", case_id, {"applicant_id": pick}, member(m))
    decision = {"reasons": "Det sentrale tilsettingsrådet er enig."}
    # § 13 nr. 3: "beslutningsdyktig om minst halvparten av medlemmene deltar og underskriver".
    unsigned = await refused(send, "CentralCouncilDecided", case_id, decision, CENTRAL)
    assert (unsigned.rule, unsigned.field) == ("PR-2012 § 13 nr. 3", "signatures")
    await sign(send, case_id, "kdi-dir", "kdi-2", "rep-c1", event="CentralCouncilProtocolSigned")
    await step(send, "CentralCouncilDecided", case_id, decision, CENTRAL)


async def test_innstilling_overruled_only_through_the_central_council(
    send: Sender, env: WorkflowEnvironment, mail_dir: Path
) -> None:
    """PR-2012 § 13 nr. 6: "den som har tilsettingsretten vil tilsette en som ikke er innstilt,
    skal tilsettingsorganet be om skriftlig uttalelse fra den myndigheten som har innstilt";
    if it still will not, "skal saken avgjøres av det sentrale tilsettingsrådet"."""
    case = "H-2"
    rd = member("rd-east", "regional_director")
    sec = member("sec-east", "employee")
    await to_council(
        send, env, case, ["b1", "b2", "b3"], ["b1", "b2"], sec, leader=rd,
        reps=("tv-east",), unit_id="r-east-adm", title="Rådgiver", post_kind="other",
        nearest_superior_id="sec-east", probation_months=0, training_duty=False,
    )  # fmt: skip
    # § 9 nr. 1: the section head is not on the council (§ 11 nr. 1): a formal innstilling.
    assert (await view(send, case)).details["recommendation"]["kind"] == "innstilling"
    for m in ("rd-east", "ad-east", "rep-e1"):
        await step(send, "HiringVoteCast", case, {"applicant_id": "b3"}, member(m))
    await sign(send, case, "rd-east", "ad-east", "rep-e1")
    decision = {"reasons": "Rådet vil ha b3."}
    first = await refused(send, "CouncilDecided", case, decision, rd)
    assert first.rule == "PR-2012 § 13 nr. 6" and "statement" in first.message
    # A forslag would not need this; a statement on someone already innstilt is refused too.
    asked_wrong = await refused(send, "StatementRequested", case, {"applicant_id": "b1"}, rd)
    assert asked_wrong.rule == "PR-2012 § 13 nr. 6"
    await step(send, "StatementRequested", case, {"applicant_id": "b3"}, member("rep-e1"))
    no = {"recommends": False, "statement": "b3 mangler ledererfaring."}
    assert (await refused(send, "StatementGiven", case, no, rd)).rule == "PR-2012 § 13 nr. 6"
    assert (await step(send, "StatementGiven", case, no, sec))["state"] == "council"
    second = await refused(send, "CouncilDecided", case, decision, rd)
    assert "central council" in second.message
    referred = await step(send, "DisagreementReferred", case, {"comment": "Fastholder."}, rd)
    assert referred["state"] == "central_council"

    # § 13 nr. 6: "Bare én av dem som er innstilt eller én av dem som noen i tilsettingsorganet
    # vil tilsette, kan da tilsettes" -- b4 never applied; b2 is innstilt, so allowed.
    child = "H-2-1"
    await convene_central(send, child, CENTRAL_SEATS_LEADERS)
    outsider = await refused(
        send, "CentralCouncilVoteCast", child, {"applicant_id": "b9"}, member("kdi-2")
    )
    assert outsider.rule == "PR-2012 § 13 nr. 6" and outsider.field == "payload.applicant_id"
    # § 11 nr. 6: for regional administration staff, KSF's administration representative sits
    # instead of the regional director.
    director = await refused(
        send, "CentralCouncilVoteCast", child, {"applicant_id": "b3"}, member("rd-east")
    )
    assert director.rule == "PR-2012 § 11 nr. 1–4"
    await central_council_decides(send, child, "b3")
    assert await state_is(send, case, "awaiting_contract")
    v = await view(send, case)
    assert v.details["appointee"] == "b3"
    assert v.history[-2].trigger == "central_council_decided"
    assert v.history[-2].rule == "PR-2012 § 13 nr. 6"
    await step(send, "ContractSigned", case, {"signed_on": (await today(env)).isoformat()}, HR)
    assert await state_is(send, case, "employed")


async def test_member_demands_the_central_council(send: Sender, env: WorkflowEnvironment) -> None:
    """PR-2012 § 13 nr. 5: "Hvis ett eller flere av tilsettingsrådets medlemmer er uenig om hvem
    som skal tilsettes, kan hvert medlem kreve saken avgjort av det sentrale tilsettingsrådet.
    ... Det sentrale tilsettingsrådet kan bare velge mellom de søkerne som noen av
    tilsettingsrådets medlemmer vil tilsette." """
    case = "H-3"
    await to_council(send, env, case, ["c1", "c2", "c3"], ["c1", "c2", "c3"], SUPERIOR)
    await step(send, "HiringVoteCast", case, {"applicant_id": "c1"}, LEADER)
    await step(send, "HiringVoteCast", case, {"applicant_id": "c1"}, SUPERIOR)
    none_yet = await refused(send, "CentralCouncilDemanded", case, {}, REP_1)
    assert none_yet.rule == "PR-2012 § 13 nr. 5"
    await step(send, "HiringVoteCast", case, {"applicant_id": "c2"}, REP_1)
    demanded = await step(send, "CentralCouncilDemanded", case, {"reasons": "Uenig."}, REP_1)
    assert demanded["state"] == "central_council"
    v = await view(send, case)
    assert "escalation_reasons" in {d.name for d in v.deadlines}
    # § 13 nr. 5: "kravet skal protokollføres"; the protocol follows the case (§ 13 nr. 4).
    demands = v.details["protocol"]["demands"]
    assert [(d["member_id"], d["reasons"]) for d in demands] == [("rep-1", "Uenig.")]
    again = await refused(send, "CentralCouncilDemanded", case, {"reasons": "x"}, REP_1)
    assert again.rule == "PR-2012 § 13 nr. 5"
    child = "H-3-1"
    await convene_central(send, child)
    child_view = await view(send, child, "central_council")
    assert child_view.details["council_protocol"]["demands"][0]["member_id"] == "rep-1"
    # c3 was ranked, but no member voted for c3: the central council may not pick c3.
    c3 = await refused(send, "CentralCouncilVoteCast", child, {"applicant_id": "c3"}, CENTRAL)
    assert c3.rule == "PR-2012 § 13 nr. 5"
    # § 11 nr. 6: for local staff the regional director of the case's region sits.
    await step(send, "CentralCouncilVoteCast", child, {"applicant_id": "c2"}, member("rd-east"))
    await central_council_decides(send, child, "c2")
    assert await state_is(send, case, "awaiting_confirmation")
    assert (await view(send, case)).details["appointee"] == "c2"
    # § 13 nr. 4-5: the central council's own protocol, its members' signatures in it.
    central = (await view(send, child, "central_council")).details["protocol"]
    assert central["decision"] == "c2" and central["signed_by"] == ["kdi-dir", "kdi-2", "rep-c1"]


async def test_short_appointment_and_its_extension(
    send: Sender, env: WorkflowEnvironment, mail_dir: Path, register: Store
) -> None:
    """PR-2012 § 2 and § 10 nr. 3: six months or less needs no announcement or council and is
    made by the regional director or whoever they authorise; "Hvis tilsettingen forlenges slik
    at tilsettingsforholdet samlet strekker seg ut over seks måneder, må tilsettingen behandles
    i tilsettingsrådet." """
    case = "H-4"
    short = vacancy(permanent=False, duration_months=4, probation_months=0,
                    temporary_ground="substitute")  # fmt: skip
    # § 16 nr. 2 with arbeidsmiljøloven § 14-6 (1) e: a temporary post states its ground.
    groundless = {k: v for k, v in short.items() if k != "temporary_ground"}
    no_ground = await refused(send, "VacancyRegistered", case, groundless, HR)
    assert (no_ground.rule, no_ground.field) == ("PR-2012 § 16 nr. 2", "payload.temporary_ground")
    assert (await step(send, "VacancyRegistered", case, short, HR))["state"] == "direct"
    application = applicant("d1", "female")
    early = await refused(send, "ApplicationReceived", case, application, member("d1", "applicant"))
    assert early.rule == "PR-2012 § 7 nr. 1"
    start = (await today(env)) + timedelta(days=7)
    appointment = {"appointee": application, "start_date": start.isoformat(), "reasons": "Vikar."}
    no_fullmakt = await refused(send, "ShortAppointmentMade", case, appointment, HR)
    assert no_fullmakt.rule == "PR-2012 § 10 nr. 3" and no_fullmakt.field == "actor.person_id"
    rd = member("rd-east", "regional_director")
    assert (await step(send, "ShortAppointmentMade", case, appointment, rd))["state"] == (
        "awaiting_contract"
    )
    contract = [t for t in letters(mail_dir, "hiring-H-4") if "ARBEIDSAVTALE" in t]
    assert contract and "Grunnlag for midlertidig ansettelse: vikariat" in contract[0]
    signed = {"signed_on": (await today(env)).isoformat()}
    assert (await step(send, "ContractSigned", case, signed, member("d1", "applicant")))[
        "state"
    ] == "serving"
    await step(send, "AppointmentExtended", case, {"months": 2, "reasons": "Sykefravær."}, rd)
    past_six = await refused(
        send, "AppointmentExtended", case, {"months": 1, "reasons": "Mer fravær."}, rd
    )
    assert past_six.rule == "PR-2012 § 10 nr. 3" and past_six.field == "payload.months"
    referred = await step(
        send, "ExtensionReferredToCouncil", case, {"months": 3, "reasons": "Mer fravær."}, rd
    )
    assert referred["state"] == "council"
    # § 10 nr. 3 (issue 13): "samlet" counts earlier appointments of the same person to the same
    # post, read from the register: d1 has served six months here, so another short appointment
    # of d1 is the council's; someone else's is not.
    row = register.appointment("hiring-H-4")
    assert row is not None and (row.person_id, row.months, row.announced) == ("d1", 6, False)
    assert row.temporary_ground == "substitute"  # § 15: a later extension reads the ground
    await step(send, "VacancyRegistered", "H-4b", short, HR)
    again = {**appointment, "appointee": applicant("d1", "female")}
    counted = await refused(send, "ShortAppointmentMade", "H-4b", again, rd)
    assert (counted.rule, counted.field) == ("PR-2012 § 10 nr. 3", "payload.appointee.applicant_id")
    assert "6 months in earlier appointments" in counted.message
    other = {**appointment, "appointee": applicant("d2", "male")}
    assert (await step(send, "ShortAppointmentMade", "H-4b", other, rd))["state"] == (
        "awaiting_contract"
    )


async def test_department_appoints_the_directors(send: Sender, env: WorkflowEnvironment) -> None:
    """PR-2012 § 4 nr. 1 and § 10 nr. 1: the Justice Department announces and appoints the
    regional director; § 9 nr. 3: the KSF leader recommends and two representatives of the
    employees may comment."""
    case = "H-5"
    jd = member("jd-1", "justice_department")
    post = vacancy(unit_id="r-east", title="Regiondirektør", post_kind="regional_director",
                   nearest_superior_id="kdi-dir", training_duty=False)  # fmt: skip
    await step(send, "VacancyRegistered", case, post, jd)
    info = {"salary": "Etter avtale", "draft_text": "Regiondirektør"}
    by_service = await refused(send, "SalaryInformationGiven", case, info, HR)
    assert by_service.rule == "PR-2012 § 4 nr. 1"
    await step(send, "SalaryInformationGiven", case, info, jd)
    # The directors' posts: the central tillitsvalgte (§ 5 nr. 4), not the local ones.
    local = await refused(send, "AnnouncementTextCommented", case, {"comment": "Ok."},
                          member("emp-2"))  # fmt: skip
    assert local.rule == "PR-2012 § 5 nr. 4"
    await step(send, "AnnouncementTextCommented", case, {"comment": "Ok."}, member("tv-central"))
    on = await today(env)
    await step(send, "VacancyAnnounced", case, announcement(on, training=""), jd)
    for a, g in (("e1", "female"), ("e2", "male")):
        await step(send, "ApplicationReceived", case, applicant(a, g), member(a, "applicant"))
    await sleep_until(env, on + timedelta(days=22))
    assert await state_is(send, case, "applications_closed")
    await step(send, "QualificationsAssessed", case, {"qualified": ["e1", "e2"]}, jd)
    await step(send, "InterviewsPlanned", case, {"interviewees": ["e1", "e2"], "reasons": "."}, jd)
    rec = {"ranked": ["e1", "e2"], "reasons": "e1 er best."}
    assert (await refused(send, "RecommendationGiven", case, rec, SUPERIOR)).rule == (
        "PR-2012 § 9 nr. 3"
    )
    assert (await step(send, "RecommendationGiven", case, rec, CENTRAL))["state"] == "department"
    # § 9 nr. 3: the Department appoints only after both representatives have had their say.
    pick = {"applicant_id": "e1", "reasons": "."}
    await step(send, "RepresentativeCommented", case, {"comment": "Støtter."}, member("rep-c1"))
    early = await refused(send, "DepartmentAppointed", case, pick, jd)
    assert early.rule == "PR-2012 § 9 nr. 3" and "1 of the two" in early.message
    await step(send, "RepresentativeCommented", case, {"comment": "Støtter."}, member("rep-c2"))
    third = await refused(send, "RepresentativeCommented", case, {"comment": "x"}, member("emp-1"))
    assert third.rule == "PR-2012 § 9 nr. 3"
    by_council = await refused(
        send, "DepartmentAppointed", case, {"applicant_id": "e1", "reasons": "."}, LEADER
    )
    assert by_council.rule == "PR-2012 § 10 nr. 1"
    done = await step(send, "DepartmentAppointed", case, {"applicant_id": "e1", "reasons": "."}, jd)
    assert done["state"] == "awaiting_confirmation"


async def test_department_appoints_when_the_representatives_time_ran_out(
    send: Sender, env: WorkflowEnvironment, register: Store
) -> None:
    """PR-2012 § 9 nr. 3: "To representanter for de tilsatte ... har rett til å uttale seg om
    stillingen": they are told when the innstilling is given and until when they may comment
    (the two designated centrally in the register, without the papers: audit of issue 13); if
    they do not, the Department appoints once their time (five working days from the
    innstilling, docs/legal-choices.md) has run out, not before."""
    case, jd = "H-5b", member("jd-1", "justice_department")
    post = vacancy(unit_id="r-east", title="Regiondirektør", post_kind="regional_director",
                   nearest_superior_id="kdi-dir", training_duty=False)  # fmt: skip
    await step(send, "VacancyRegistered", case, post, jd)
    await step(send, "SalaryInformationGiven", case, {"salary": "Avtale", "draft_text": "R"}, jd)
    await step(send, "AnnouncementTextCommented", case, {"comment": "Ok."}, member("tv-central"))
    on = await today(env)
    await step(send, "VacancyAnnounced", case, announcement(on, training=""), jd)
    await step(send, "ApplicationReceived", case, applicant("f1", "female"),
               member("f1", "applicant"))  # fmt: skip
    await sleep_until(env, on + timedelta(days=22))
    assert await state_is(send, case, "applications_closed")
    await step(send, "QualificationsAssessed", case, {"qualified": ["f1"]}, jd)
    await step(send, "InterviewsPlanned", case, {"interviewees": ["f1"], "reasons": "."}, jd)
    rec = {"ranked": ["f1"], "reasons": "Eneste.", "fewer_reason": "Én søker."}
    await step(send, "RecommendationGiven", case, rec, CENTRAL)
    window = add_working_days(await today(env), 5, name="w", rule="").due
    v = await view(send, case)
    assert {d.name: d.due for d in v.deadlines}["representatives_comment"] == window
    told = [m for m in register.outbox("hiring-H-5b") if "rett til å uttale seg" in m.subject]
    assert v.details["representatives_told"] == ["rep-c1", "rep-c2"]  # said in the case (council8)
    assert sorted(m.recipient_id for m in told) == ["rep-c1", "rep-c2"]
    assert all(norwegian_date(window) in m.body and "§ 9 nr. 3" in m.body for m in told)
    assert all("f1" not in m.body for m in told)  # the innstilling's content is not sent
    pick = {"applicant_id": "f1", "reasons": "."}
    await sleep_until(env, window)
    silent = await refused(send, "DepartmentAppointed", case, pick, jd)
    assert silent.rule == "PR-2012 § 9 nr. 3" and "0 of the two" in silent.message
    assert silent.field == "representative_comments"  # the refusal names what is missing
    await sleep_until(env, window + timedelta(days=1))
    done = await step(send, "DepartmentAppointed", case, pick, jd)
    assert done["state"] == "awaiting_confirmation"


async def test_no_central_representative_in_the_register_is_said_and_the_case_goes_on(
    send: Sender, env: WorkflowEnvironment, register: Store
) -> None:
    """PR-2012 § 9 nr. 3: "To representanter for de tilsatte i virksomheten, utpekt av
    organisasjonene sentralt, har rett til å uttale seg om stillingen." Where the register holds
    none for the unit (council8, docs/legal-choices.md "No central representative in the
    register"), the case says so in its journal and view, mails no one, and goes on: the
    Department appoints once the five working days have run, not before."""
    org = read_org(EXAMPLES / "org.yaml")
    kind = DesignationKind.central_representative
    bare = [d for d in org.designations if d.kind != kind]
    register.load_org(org.model_copy(update={"designations": bare}))
    case, jd = "H-5c", member("jd-1", "justice_department")
    try:
        post = vacancy(unit_id="r-east", title="Regiondirektør", post_kind="regional_director",
                       nearest_superior_id="kdi-dir", training_duty=False)  # fmt: skip
        await step(send, "VacancyRegistered", case, post, jd)  # the case reads its slice here
    finally:
        register.load_org(org)
    await step(send, "SalaryInformationGiven", case, {"salary": "Avtale", "draft_text": "R"}, jd)
    await step(send, "AnnouncementTextCommented", case, {"comment": "Ok."}, member("tv-central"))
    on = await today(env)
    await step(send, "VacancyAnnounced", case, announcement(on, training=""), jd)
    await step(send, "ApplicationReceived", case, applicant("g1", "female"),
               member("g1", "applicant"))  # fmt: skip
    await sleep_until(env, on + timedelta(days=22))
    assert await state_is(send, case, "applications_closed")
    await step(send, "QualificationsAssessed", case, {"qualified": ["g1"]}, jd)
    await step(send, "InterviewsPlanned", case, {"interviewees": ["g1"], "reasons": "."}, jd)
    rec = {"ranked": ["g1"], "reasons": "Eneste.", "fewer_reason": "Én søker."}
    await step(send, "RecommendationGiven", case, rec, CENTRAL)
    given = await today(env)
    window = add_working_days(given, 5, name="w", rule="").due
    v = await view(send, case)
    assert v.details["representatives_told"] == []
    [problem] = [p for p in v.problems if p.rule == "PR-2012 § 9 nr. 3"]
    assert problem.what == "not_done" and "nobody was told" in problem.note
    [deadline] = [d for d in v.deadlines if d.name == "representatives_comment"]
    assert deadline.due == window and f"run to {window}" in deadline.explanation
    assert not [m for m in register.outbox("hiring-H-5c") if "uttale seg" in m.subject]
    pick = {"applicant_id": "g1", "reasons": "."}
    await sleep_until(env, window)
    early = await refused(send, "DepartmentAppointed", case, pick, jd)
    assert early.rule == "PR-2012 § 9 nr. 3" and early.field == "representative_comments"
    await sleep_until(env, window + timedelta(days=1))
    done = await step(send, "DepartmentAppointed", case, pick, jd)
    assert done["state"] == "awaiting_confirmation"


async def test_internal_only_announcement(send: Sender, env: WorkflowEnvironment) -> None:
    """PR-2012 § 4 nr. 2: internal only, with the representatives' agreement, for temporary
    fengselsbetjent posts "på tolv måneder eller kortere", decided by the regional director or
    whoever they authorise."""
    on = await today(env)
    rd = member("rd-east", "regional_director")
    internal = announcement(on, channels=["internal"], permanent=False, training="Kurs")
    info = {"salary": "Lønnstrinn 40", "draft_text": "Vikariat"}
    for case, months in (("H-6", 13), ("H-7", 12)):
        post = vacancy(permanent=False, duration_months=months, temporary_ground="substitute")
        await step(send, "VacancyRegistered", case, post, HR)
        await step(send, "SalaryInformationGiven", case, info, HR)
        for rep in TILLITSVALGTE:
            await step(send, "AnnouncementTextCommented", case, {"comment": "Ok."}, member(rep))
    agreement = {"scope": "case", "reference": "Protokoll 12/2026"}
    # § 4 nr. 2: "enighet med tjenestemannsrepresentantene i tilsettingsrådet": the council's
    # representatives, not a union's tillitsvalgt; and both of them, not one.
    union = await refused(send, "InternalAnnouncementAgreed", "H-7", agreement, member("emp-2"))
    assert union.rule == "PR-2012 § 4 nr. 2" and union.field == "actor.person_id"
    for case in ("H-6", "H-7"):
        await step(send, "InternalAnnouncementAgreed", case, agreement, REP_1)
    one = await refused(send, "VacancyAnnounced", "H-7", internal, rd)
    assert one.rule == "PR-2012 § 4 nr. 2"
    for case in ("H-6", "H-7"):
        # rep-2's personal deputy agrees for the absent rep-2 (§ 11 nr. 1-4).
        await step(send, "InternalAnnouncementAgreed", case, agreement, member("rep-2-dep"))
    thirteen = await refused(send, "VacancyAnnounced", "H-6", internal, rd)
    assert thirteen.rule == "PR-2012 § 4 nr. 2" and "13 months" in thirteen.message
    no_fullmakt = await refused(send, "VacancyAnnounced", "H-7", internal, HR)
    assert no_fullmakt.rule == "PR-2012 § 4 nr. 2" and no_fullmakt.field == "actor.person_id"
    assert (await step(send, "VacancyAnnounced", "H-7", internal, rd))["state"] == "announced"


async def test_internal_only_agreement_for_a_period_holds_until_it_ends(
    send: Sender, env: WorkflowEnvironment
) -> None:
    """PR-2012 § 4 nr. 2: "Dersom det er enighet med tjenestemannsrepresentantene i
    tilsettingsrådet, kan ... kunngjøres internt": an agreement for a period states its end and
    counts only until it ends (time-skipping past it); every employee seat agrees, each its own
    (council10: end to end, beside the state tests)."""
    on = await today(env)
    rd = member("rd-east", "regional_director")
    case = "H-20"
    post = vacancy(permanent=False, duration_months=12, temporary_ground="substitute")
    await step(send, "VacancyRegistered", case, post, HR)
    await step(send, "SalaryInformationGiven", case, {"salary": "Lønnstrinn 40",
                                                      "draft_text": "Vikariat"}, HR)  # fmt: skip
    for rep in TILLITSVALGTE:
        await step(send, "AnnouncementTextCommented", case, {"comment": "Ok."}, member(rep))
    until = on + timedelta(days=10)
    period = {"scope": "period", "reference": "Avtale 3/2026", "valid_to": until.isoformat()}
    endless = await refused(send, "InternalAnnouncementAgreed", case,
                            {"scope": "period", "reference": "Avtale 3/2026"}, REP_2)  # fmt: skip
    assert (endless.rule, endless.field) == ("PR-2012 § 4 nr. 2", "payload.valid_to")
    await step(send, "InternalAnnouncementAgreed", case, period, REP_1)
    await step(send, "InternalAnnouncementAgreed", case, period, REP_2)
    await sleep_until(env, until + timedelta(days=1))
    later = await today(env)
    internal = announcement(later, channels=["internal"], permanent=False, training="Kurs")
    ended = await refused(send, "VacancyAnnounced", case, internal, rd)
    assert (ended.rule, ended.field) == ("PR-2012 § 4 nr. 2", "payload.channels")
    assert await state_is(send, case, "drafting")  # the refusal changed nothing
    this_case = {"scope": "case", "reference": "Protokoll 14/2026"}
    await step(send, "InternalAnnouncementAgreed", case, this_case, REP_1)
    one = await refused(send, "VacancyAnnounced", case, internal, rd)
    assert one.rule == "PR-2012 § 4 nr. 2"  # rep-2's seat's agreement has ended
    await step(send, "InternalAnnouncementAgreed", case, this_case, member("rep-2-dep"))
    assert (await step(send, "VacancyAnnounced", case, internal, rd))["state"] == "announced"


async def test_conversion_needs_an_announced_appointment(send: Sender, register: Store) -> None:
    """PR-2012 § 15: "En midlertidig tilsatt tjenestemann, tilsatt etter offentlig kunngjøring og
    vanlig tilsettingsprosedyre, kan tilsettes fast av tilsettingsrådet uten ny kunngjøring".
    Issue 13: read from the register's record of the earlier case, never from a flag."""
    conversion = {"employee_id": "emp-1", "previous_case_id": "H-0", "kind": "permanent",
                  "appointed_after_announcement": True}  # fmt: skip
    post = vacancy(conversion=conversion)
    flag_only = await refused(send, "VacancyRegistered", "H-8", post, HR)
    assert (flag_only.rule, flag_only.field) == (
        "PR-2012 § 15", "payload.conversion.previous_case_id"
    )  # fmt: skip
    earlier = {"workflow_id": "hiring-H-0", "person_id": "emp-1", "unit_id": "oslo-prison",
               "post_kind": "fengselsbetjent", "announced": False, "permanent": False,
               "months": 4, "appointed_on": date(2026, 9, 1)}  # fmt: skip
    register.record_appointment(AppointmentRow(**earlier))
    direct = await refused(send, "VacancyRegistered", "H-8", post, HR)
    assert direct.rule == "PR-2012 § 15" and "public announcement" in direct.message
    register.record_appointment(AppointmentRow(**{**earlier, "announced": True, "months": 12}))
    opened = await step(send, "VacancyRegistered", "H-8", vacancy(conversion=conversion), HR)
    assert opened["state"] == "council"
    v = await view(send, "H-8")
    assert v.details["appointee"] == "emp-1"


async def test_conversion_is_of_the_post_the_employee_holds(send: Sender, register: Store) -> None:
    """PR-2012 § 15 "Overgang fra midlertidig til fast tilsetting" (audit of issue 13): the
    council makes permanent, without a new announcement, the post the temporary appointee holds;
    a conversion into another unit's post, or another kind of post, is refused naming the rule
    and the field, and no case opens."""
    earlier = {"workflow_id": "hiring-H-0b", "person_id": "emp-1", "unit_id": "oslo-probation",
               "post_kind": "fengselsbetjent", "announced": True, "permanent": False,
               "months": 12, "appointed_on": date(2026, 9, 1)}  # fmt: skip
    register.record_appointment(AppointmentRow(**earlier))
    conversion = {"employee_id": "emp-1", "previous_case_id": "H-0b", "kind": "permanent"}
    elsewhere = await refused(send, "VacancyRegistered", "H-8b", vacancy(conversion=conversion), HR)
    assert (elsewhere.rule, elsewhere.field) == ("PR-2012 § 15", "payload.unit_id")
    assert register.case("hiring-H-8b") is None
    register.record_appointment(AppointmentRow(**earlier | {"unit_id": "oslo-prison",
                                                           "post_kind": "other"}))  # fmt: skip
    other_kind = await refused(
        send, "VacancyRegistered", "H-8b", vacancy(conversion=conversion), HR
    )
    assert (other_kind.rule, other_kind.field) == ("PR-2012 § 15", "payload.post_kind")
    register.record_appointment(AppointmentRow(**earlier | {"unit_id": "oslo-prison"}))
    opened = await step(send, "VacancyRegistered", "H-8b", vacancy(conversion=conversion), HR)
    assert opened["state"] == "council"


async def test_only_a_vikariat_is_extended_without_announcement(
    send: Sender, register: Store
) -> None:
    """PR-2012 § 15 "Det samme gjelder ved forlengelse av vikariat" (audit of issue 13): the
    extension without a new announcement is of a substitute post, as the register's record of
    the earlier appointment says (its temporary ground), not as the event says; and the
    extension is itself a vikariat: its own `temporary_ground` is `substitute`."""
    earlier = {"workflow_id": "hiring-H-0v", "person_id": "emp-1", "unit_id": "oslo-prison",
               "post_kind": "fengselsbetjent", "announced": True, "permanent": False,
               "months": 12, "appointed_on": date(2026, 9, 1),
               "temporary_ground": "temporary_work"}  # fmt: skip
    register.record_appointment(AppointmentRow(**earlier))
    extension = {"employee_id": "emp-1", "previous_case_id": "H-0v",
                 "kind": "substitute_extension"}  # fmt: skip
    post = vacancy(conversion=extension, permanent=False, duration_months=12,
                   temporary_ground="substitute")  # fmt: skip
    no = await refused(send, "VacancyRegistered", "H-8v", post, HR)
    assert (no.rule, no.field) == ("PR-2012 § 15", "payload.conversion.kind")
    assert register.case("hiring-H-8v") is None
    register.record_appointment(AppointmentRow(**earlier | {"temporary_ground": "substitute"}))
    # Issue 13 review: the extension must itself be a vikariat (its own temporary ground).
    for ground in ("temporary_work", "trainee"):
        other = await refused(
            send, "VacancyRegistered", "H-8v", post | {"temporary_ground": ground}, HR
        )
        assert (other.rule, other.field) == ("PR-2012 § 15", "payload.temporary_ground")
        assert register.case("hiring-H-8v") is None
    assert (await step(send, "VacancyRegistered", "H-8v", post, HR))["state"] == "council"


async def test_only_the_administration_states_an_applicant_is_known(
    send: Sender, env: WorkflowEnvironment
) -> None:
    """PR-2012 § 8 nr. 1: "Det er ikke nødvendig å innkalle søkere som er kjent fra før": a
    known applicant may be ranked without an interview, so whether they are known is the
    administration's statement, not the applicant's (audit of issue 13). The applicant's own
    claim is refused naming the field, and nothing is taken in; HR serving the unit states it."""
    case = "H-8k"
    await announced(send, env, case)
    own = await refused(send, "ApplicationReceived", case, applicant("k7", "male", known=True),
                        member("k7", "applicant"))  # fmt: skip
    assert (own.rule, own.field) == ("PR-2012 § 8 nr. 1", "payload.known")
    assert (await view(send, case)).details["applicants"]["total"] == 0
    await step(send, "ApplicationReceived", case, applicant("k7", "male"),
               member("k7", "applicant"))  # fmt: skip
    await step(send, "ApplicationReceived", case, applicant("k8", "female", known=True), HR)
    assert (await view(send, case)).details["applicants"]["total"] == 2
    # Issue 13 review: HR can state it later for one who applied themselves (ApplicantKnownStated),
    # naming an applicant of the case; nobody else can; and not once interviews are planned.
    assert (await view(send, case)).details["known"] == 1
    stated = {"applicant_id": "k7", "basis": "Vikar ved enheten siden 2024."}
    by_rep = await refused(send, "ApplicantKnownStated", case, stated, REP_1)
    by_self = await refused(send, "ApplicantKnownStated", case, stated, member("k7", "applicant"))
    for r in (by_rep, by_self):
        assert (r.rule, r.field) == ("PR-2012 § 8 nr. 1", "actor.person_id")
    stranger = await refused(send, "ApplicantKnownStated", case, {"applicant_id": "k9"}, HR)
    assert (stranger.rule, stranger.field) == ("PR-2012 § 7 nr. 1", "payload.applicant_id")
    assert (await view(send, case)).details["known"] == 1  # nothing changed
    await step(send, "ApplicantKnownStated", case, stated, HR)
    assert (await view(send, case)).details["known"] == 2


async def test_announced_again_on_a_ground_of_section_6(
    send: Sender, env: WorkflowEnvironment
) -> None:
    """PR-2012 § 6: "En stilling skal lyses ut på nytt dersom det ikke har meldt seg et
    tilstrekkelig antall kvalifiserte søkere ..." -- back to drafting with the ground recorded;
    the earlier applicants stay (design choice)."""
    case = "H-10"
    on = await announced(send, env, case)
    await step(
        send, "ApplicationReceived", case, applicant("r1", "male"), member("r1", "applicant")
    )
    await sleep_until(env, on + timedelta(days=22))
    assert await state_is(send, case, "applications_closed")
    ground = {"reason": "too_few_qualified", "explanation": "Bare én søker, ikke kvalifisert."}
    by_rep = await refused(send, "VacancyReannounced", case, ground, REP_1)
    assert by_rep.rule == "PR-2012 § 4 nr. 1" and by_rep.field == "actor.role"
    again = await step(send, "VacancyReannounced", case, ground, HR)
    assert again["state"] == "drafting"
    v = await view(send, case)
    assert v.history[-1].rule == "PR-2012 § 6" and v.details["round"] == 2
    assert "application_deadline" not in {d.name for d in v.deadlines}
    assert v.details["applicants"]["total"] == 1
    # § 5 nr. 6 again: the new announcement starts with the salary to the representatives.
    early = await refused(send, "VacancyAnnounced", case, announcement(await today(env)), HR)
    assert early.rule == "PR-2012 § 5 nr. 6"


async def test_the_six_months_in_all_count_appointments_made_since_the_case_opened(
    send: Sender, env: WorkflowEnvironment, mail_dir: Path, register: Store
) -> None:
    """PR-2012 § 10 nr. 3: "Hvis tilsettingen forlenges slik at tilsettingsforholdet samlet
    strekker seg ut over seks måneder, må tilsettingen behandles i tilsettingsrådet" (council11):
    case A appoints d7 for four months, case B (opened later) for two; A's extension by two more
    would make eight in all, so it is refused naming payload.months, read from the register as
    it is judged, not from what A read when it opened. § 16 nr. 2 with arbeidsmiljøloven § 14-6
    (1) i and b: the short appointment's contract states pay and workplace."""
    rd = member("rd-east", "regional_director")
    post = vacancy(permanent=False, duration_months=4, probation_months=0,
                   temporary_ground="substitute")  # fmt: skip
    start = (await today(env)) + timedelta(days=7)
    made = {"appointee": applicant("d7", "female"), "start_date": start.isoformat(),
            "reasons": "Vikar."}  # fmt: skip
    await step(send, "VacancyRegistered", "H-30a", post, HR)
    await step(send, "ShortAppointmentMade", "H-30a", made, rd)
    contract = [t for t in letters(mail_dir, "hiring-H-30a") if "ARBEIDSAVTALE" in t]
    assert contract and "Lønn: Lønnstrinn 40" in contract[0]
    assert "Arbeidssted: Oslo fengsel" in contract[0]
    signed = {"signed_on": (await today(env)).isoformat()}
    await step(send, "ContractSigned", "H-30a", signed, member("d7", "applicant"))
    await step(send, "VacancyRegistered", "H-30b", post | {"duration_months": 2}, HR)
    assert (await step(send, "ShortAppointmentMade", "H-30b", made, rd))["state"] == (
        "awaiting_contract"
    )  # 4 + 2: six in all
    more = {"months": 2, "reasons": "Sykefravær."}
    past_six = await refused(send, "AppointmentExtended", "H-30a", more, rd)
    assert (past_six.rule, past_six.field) == ("PR-2012 § 10 nr. 3", "payload.months")
    assert "8 months" in past_six.message
    assert await state_is(send, "H-30a", "serving")
    row = register.appointment("hiring-H-30a")
    assert row is not None and row.months == 4  # the refusal changed nothing
    referred = await step(send, "ExtensionReferredToCouncil", "H-30a", more, rd)
    assert referred["state"] == "council"


async def test_the_nearest_superior_is_the_registers(send: Sender, register: Store) -> None:
    """PR-2012 § 9 nr. 1 and § 11 nr. 3 (council11): the nearest superior recommends and takes
    the council's per-case seat, so the register names them, not the form: a leader over the
    post's unit, or someone the register holds as nearest superior of staff there. A colleague
    or another unit's leader is refused naming payload.nearest_superior_id, and no case opens."""
    for who in ("emp-1", "krus-dir"):
        wrong = await refused(send, "VacancyRegistered", "H-31", vacancy(nearest_superior_id=who),
                              HR)  # fmt: skip
        assert (wrong.rule, wrong.field) == ("PR-2012 § 9 nr. 1", "payload.nearest_superior_id")
        assert register.case("hiring-H-31") is None
    leader = vacancy(nearest_superior_id="leader-oslo")
    assert (await step(send, "VacancyRegistered", "H-31", leader, HR))["state"] == "drafting"


async def test_a_council_appointment_counts_towards_the_six_months(
    send: Sender, env: WorkflowEnvironment, register: Store
) -> None:
    """PR-2012 § 10 nr. 3 "tilsettingsforholdet samlet strekker seg ut over seks måneder"
    (council11, docs/legal-choices.md): the whole relationship counts, so the regional
    director's short appointment of someone who held a twelve-month temporary post the council
    appointed after announcement is refused naming payload.appointee.applicant_id."""
    earlier = {"workflow_id": "hiring-H-0c", "person_id": "d3", "unit_id": "oslo-prison",
               "post_kind": "fengselsbetjent", "announced": True, "permanent": False,
               "months": 12, "appointed_on": date(2026, 9, 1)}  # fmt: skip
    register.record_appointment(AppointmentRow(**earlier))
    post = vacancy(permanent=False, duration_months=2, probation_months=0,
                   temporary_ground="substitute")  # fmt: skip
    await step(send, "VacancyRegistered", "H-32", post, HR)
    start = (await today(env)) + timedelta(days=7)
    made = {"appointee": applicant("d3", "male"), "start_date": start.isoformat(),
            "reasons": "Vikar."}  # fmt: skip
    rd = member("rd-east", "regional_director")
    counted = await refused(send, "ShortAppointmentMade", "H-32", made, rd)
    assert (counted.rule, counted.field) == ("PR-2012 § 10 nr. 3", "payload.appointee.applicant_id")
    assert "14 months in all" in counted.message

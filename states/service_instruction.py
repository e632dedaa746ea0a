"""Cases under the general service instruction (TI-2020): reports (§§ 2-4, 2-5), gifts and
private relations (§ 4-2), errands for inmates (§ 4-3)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field

from states.authority import Body, Decider, Grants, Matter, first_free_level, holders
from states.duties import (
    Action,
    DutyFile,
    DutySpec,
    Letter,
    Opening,
    Payload,
    check_party,
    decided_by,
    decisions,
)
from states.machine import MachineSpec, Step
from states.org import Org, Person
from states.rules import TI_2020, RuleViolation

TI_2_4, TI_2_5, TI_4_2, TI_4_3 = "TI-2020 § 2-4", "TI-2020 § 2-5", "TI-2020 § 4-2", "TI-2020 § 4-3"
FVL_6 = "fvl § 6"


class Reasons(Payload):
    reasons: str = Field(min_length=1)


# -- reports: TI-2020 § 2-4 and § 2-5 ---------------------------------------------------------


class ReportKind(StrEnum):
    service = "service"  # § 2-4: a matter of importance to the service
    neglect = "neglect"  # § 2-5: another employee's neglect of duty


class ServiceReport(Opening):
    """§ 2-4: "Rapport skal rettes til nærmeste leder, og som regel være skriftlig." """

    kind: ReportKind
    summary: str = Field(min_length=1)
    written: bool = True
    concerns_employee_id: str | None = None  # § 2-5: whose neglect
    danger_or_loss: bool = False  # § 2-5: "kan medføre fare eller påføre ... tap eller skade"


def check_report(grants: Grants, r: ServiceReport, unit_id: str | None) -> None:
    """Who may submit: the employee, or HR for them. TI-2020 §§ 2-4, 2-5 (council10): a report
    under the duty to report is never refused for its content (`neglect_assessed`)."""
    check_party(grants, r, unit_id)


def neglect_assessed(r: ServiceReport) -> bool:
    """TI-2020 § 2-5 applies: a neglect of another employee, named, that "kan medføre fare eller
    påføre ... tap eller skade". A report of kind neglect without these is received all the same
    and followed up by the nearest leader as a report of a matter of importance to the service
    (§ 2-4; docs/legal-choices.md "A report is never refused for its content")."""
    return (
        r.kind == ReportKind.neglect
        and bool(r.concerns_employee_id)
        and r.concerns_employee_id != r.employee_id
        and r.danger_or_loss
    )


def _service(case: DutyFile) -> bool:
    return not neglect_assessed(case.request)


def _neglect(case: DutyFile) -> bool:
    return neglect_assessed(case.request)


class FollowUp(Payload):
    outcome: str = Field(min_length=1)


class Warning(Payload):
    """A written warning (skriftlig advarsel): not ordensstraff, not appealable (legal-notes)."""

    reasons: str = Field(min_length=1)
    facts: str = Field(min_length=1)


class ReportFile(DutyFile):
    """A report; for a neglect (§ 2-5) also the employee concerned and their slice of the
    register, whose unit leader assesses it (issue 12's review; `reviewed` is False in cases
    recorded before, which replay with the reporter's leader)."""

    concerned: Person | None = None
    concerned_org: Org | None = None
    disqualified: list[str] = Field(default_factory=list)  # fvl § 6: leaders who stood aside
    reviewed: bool = False


def neglect_assessors(case: ReportFile) -> list[str]:
    """TI-2020 § 2-5: "enhetsleder må vurdere": the unit leader of the employee concerned (for a
    leader concerned, the leader above them: holders() climbs); with them disqualified (fvl
    § 6), the next level."""
    assert case.concerned is not None and case.concerned_org is not None
    owners = holders(Body.unit_leader, case.concerned, case.concerned_org, case.on())
    free = [o for o in owners if o not in case.disqualified and o != case.concerned.person_id]
    if free:
        return free
    # fvl § 6: up the line, one level at a time (unit leader, the regional director of the
    # unit's region, the KSF leader), to the first level with a leader who is not disqualified.
    return first_free_level(case.concerned, case.concerned_org, case.disqualified, case.on())


_LEGACY_ASSESSOR = decided_by(Matter.neglect_assessment, TI_2_5)


def neglect_assessor(case: ReportFile, data: dict[str, Any]) -> None:
    """The assessor of a neglect: never the employee concerned nor a leader who stood aside
    (fvl § 6); otherwise `neglect_assessors`."""
    if not case.reviewed:
        _LEGACY_ASSESSOR(case, data)
        return
    actor = data["actor"].person_id
    assert case.concerned is not None
    if actor == case.concerned.person_id or actor in case.disqualified:
        raise RuleViolation(
            FVL_6, "a leader concerned by the report, or disqualified, cannot assess it",
            "actor.person_id",
        )  # fmt: skip
    if actor not in neglect_assessors(case):
        raise RuleViolation(
            TI_2_5,
            "the unit leader of the employee concerned assesses a report of neglect "
            "(or the next level, when that leader is concerned or disqualified)",
            "actor.person_id",
        )
    data["decider"] = Decider(person_id=actor, body=Body.unit_leader, rule=TI_2_5)


def may_stand_aside(case: ReportFile, data: dict[str, Any]) -> None:
    """fvl § 6: the leader who would assess declares themselves disqualified."""
    if not case.reviewed or data["actor"].person_id not in neglect_assessors(case):
        raise RuleViolation(
            FVL_6, "only the leader who would assess the report may stand aside",
            "actor.person_id",
        )  # fmt: skip


def stood_aside(case: ReportFile, person_id: str) -> None:
    case.disqualified.append(person_id)


def warning_in_discipline(case: ReportFile, data: dict[str, Any]) -> None:
    """TI-2020 § 2-5 with fvl § 16 by analogy: the written warning is filed with the employee
    concerned, after their reply, in their own case, not in the reporter's."""
    if case.reviewed:
        raise RuleViolation(
            TI_2_5,
            "a written warning is given in the disciplinary case of the employee concerned, "
            "after they may reply: hand the report to discipline",
            "trigger",
        )


_ASSESSOR = (neglect_assessor,)


REPORT = DutySpec(
    case_type="report",
    ruleset=TI_2020,
    label="Rapport til nærmeste leder",
    machine=MachineSpec(
        name="report",
        states=(
            "submitted",
            "received",
            "followed_up",
            "no_action",
            "warned",
            "handed_to_discipline",
        ),
        initial="submitted",
        final=frozenset({"followed_up", "no_action", "warned", "handed_to_discipline"}),
        steps=(
            Step("register", "submitted", "received", TI_2_4),
            Step(
                "follow_up",
                "received",
                "followed_up",
                TI_2_4,
                (decided_by(Matter.nearest_leader, TI_2_4),),
                (_service,),
            ),
            # § 2-5: "enhetsleder må vurdere om det skal gis en skriftlig advarsel eller
            # reaksjoner etter statsansatteloven".
            Step("no_action", "received", "no_action", TI_2_5, _ASSESSOR, (_neglect,)),
            Step(
                "warn",
                "received",
                "warned",
                TI_2_5,
                (*_ASSESSOR, warning_in_discipline),
                (_neglect,),
            ),
            Step(
                "hand_to_discipline",
                "received",
                "handed_to_discipline",
                TI_2_5,
                _ASSESSOR,
                (_neglect,),
            ),
            Step("stand_aside", "received", "received", FVL_6, (may_stand_aside,), (_neglect,)),
        ),
    ),
    opening_event="ServiceReportSubmitted",
    opening=ServiceReport,
    check_opening=check_report,
    actions={
        "follow_up": Action("ServiceReportFollowedUp", FollowUp),
        "no_action": Action("NeglectAssessedNoAction", Reasons),
        "warn": Action(
            "NeglectWrittenWarning",
            Warning,
            Letter("written_warning", "Skriftlig advarsel", to="concerns_employee_id"),
        ),
        # The disciplinary case type takes it from here (issue 4): its workflow id is
        # `discipline-<case_id>`, recorded in the case details as the link point.
        "hand_to_discipline": Action("NeglectHandedToDiscipline", Reasons),
        "stand_aside": Action("NeglectAssessorDisqualified", Reasons),
    },
    file_model=ReportFile,
    registered_letter=Letter("report_received", "Rapporten er mottatt"),
    waiting={"received": "the nearest leader's follow-up"},
)


# -- gifts and private relations: TI-2020 § 4-2 -----------------------------------------------


class GiftKind(StrEnum):
    gift = "gift"
    service = "service"
    loan = "loan"
    agreement = "agreement"  # work, purchase, sale, exchange, rent or the like


class Giver(StrEnum):
    inmate = "inmate"
    relative = "relative"  # "pårørende"
    close_contact = "close_contact"  # "andre med nære forbindelser"
    # council8: the duty to report holds whoever gave it; a report is never refused because
    # the employee does not know the giver (docs/legal-choices.md "A gift's unknown giver")
    unknown = "unknown"


class GiftReport(Opening):
    """TI-2020 § 4-2: what the employee discloses. Only what they know is asked: the day may be
    unknown (`received_on` None), and a gift "ved mellommenn" (through an intermediary) is
    reported as such (council8)."""

    what: GiftKind
    giver: Giver
    # council11: a report is never refused for its content: what was given may be left for the
    # nearest leader to ask (then the gift is not kept on an unknown description, `keep_refusal`)
    description: str = Field(default="", max_length=8000)
    received_on: date | None = None  # None: the employee does not know the day
    # "direkte eller ved mellommenn": given through someone else on the giver's behalf
    through_intermediary: bool = False
    value_nok: int | None = Field(default=None, ge=0)
    humane_reason: str = ""  # "av rent menneskelige hensyn"


def check_gift(grants: Grants, g: GiftReport, unit_id: str | None) -> None:
    """The duty to report never loses a report (issue 13): any disclosure under § 4-2 is
    accepted from the party; what it discloses decides how it may end (`_may_keep`)."""
    check_party(grants, g, unit_id)


def keep_refusal(g: GiftReport) -> RuleViolation | None:
    """§ 4-2: services, loans and agreements with inmates or their relatives are not allowed at
    all, and a gift only "av rent menneskelige hensyn": such a report ends in refusal/return."""
    if g.what != GiftKind.gift:
        return RuleViolation(
            TI_4_2,
            "employees may not receive services or loans from inmates or their relatives, nor "
            "enter agreements on work, purchase, sale, exchange, rent or the like with them: "
            "the report can only end in refusal (GiftMustBeReturned)",
            "report.what",
        )
    if not g.description.strip():  # council11: the report stands; the gift is not judged unseen
        return RuleViolation(
            TI_4_2,
            "the report does not describe what was given: the nearest leader asks the employee; "
            "a gift nobody has described is not kept",
            "report.description",
        )
    if not g.humane_reason.strip():
        return RuleViolation(
            TI_4_2,
            "a gift may only be accepted for purely humane reasons, and the report states none: "
            "it must be returned",
            "report.humane_reason",
        )
    return None


def _may_keep(case: DutyFile, data: dict[str, Any]) -> None:
    if why := keep_refusal(case.request):
        raise why


class KeepDecision(Payload):
    reasons: str = Field(min_length=1)
    instruction: str = ""  # what to do with a gift that may not be kept


GIFT = DutySpec(
    case_type="gift",
    ruleset=TI_2020,
    label="Gave fra innsatt eller pårørende",
    machine=MachineSpec(
        name="gift",
        states=("reported", "awaiting_assessment", "may_keep", "must_return"),
        initial="reported",
        final=frozenset({"may_keep", "must_return"}),
        steps=(
            Step("register", "reported", "awaiting_assessment", TI_4_2),
            *decisions(
                "awaiting_assessment",
                {"refuse_keep": "must_return"},
                TI_4_2,
                decided_by(Matter.nearest_leader, TI_4_2),
            ),
            Step(
                "allow_keep",
                "awaiting_assessment",
                "may_keep",
                TI_4_2,
                (decided_by(Matter.nearest_leader, TI_4_2), _may_keep),
            ),
        ),
    ),
    opening_event="GiftReported",
    opening=GiftReport,
    check_opening=check_gift,
    actions={
        "allow_keep": Action(
            "GiftMayBeKept", KeepDecision, Letter("gift_decision", "Vurdering av gave")
        ),
        "refuse_keep": Action(
            "GiftMustBeReturned", KeepDecision, Letter("gift_decision", "Vurdering av gave")
        ),
    },
    waiting={"awaiting_assessment": "the nearest leader's assessment"},
)


class RelationStatus(StrEnum):
    former_inmate = "former_inmate"
    current_inmate = "current_inmate"


class RelationDisclosure(Opening):
    """§ 4-2 last paragraph: private relations with former or current inmates are disclosed."""

    status: RelationStatus
    relation: str = Field(min_length=1)
    since: date | None = None


class RelationAssessment(Payload):
    reasons: str = Field(min_length=1)
    measures: str = ""  # e.g. not to serve where the person is held


RELATION = DutySpec(
    case_type="relation",
    ruleset=TI_2020,
    label="Privat relasjon til innsatt eller domfelt",
    machine=MachineSpec(
        name="relation",
        states=("disclosed", "awaiting_assessment", "assessed"),
        initial="disclosed",
        final=frozenset({"assessed"}),
        steps=(
            Step("register", "disclosed", "awaiting_assessment", TI_4_2),
            Step(
                "assess",
                "awaiting_assessment",
                "assessed",
                TI_4_2,
                (decided_by(Matter.nearest_leader, TI_4_2),),
            ),
        ),
    ),
    opening_event="PrivateRelationDisclosed",
    opening=RelationDisclosure,
    check_opening=check_party,
    actions={
        "assess": Action(
            "PrivateRelationAssessed",
            RelationAssessment,
            Letter("relation_assessment", "Vurdering av privat relasjon"),
        )
    },
    waiting={"awaiting_assessment": "the nearest leader's assessment"},
)


# -- errands: TI-2020 § 4-3 -------------------------------------------------------------------


class ErrandRequest(Opening):
    """§ 4-3: nothing physical, electronic or oral in or out without the unit leader's consent."""

    direction: str = Field(pattern="^(into_unit|out_of_unit)$")
    form: str = Field(pattern="^(physical|electronic|oral)$")
    description: str = Field(min_length=1)
    inmate_ref: str = Field(min_length=1, max_length=64)  # a reference number, never a name


class Consent(Payload):
    conditions: str = ""


ERRAND = DutySpec(
    case_type="errand",
    ruleset=TI_2020,
    label="Oppdrag for innsatt",
    machine=MachineSpec(
        name="errand",
        states=("requested", "awaiting_consent", "consented", "refused"),
        initial="requested",
        final=frozenset({"consented", "refused"}),
        steps=(
            Step("register", "requested", "awaiting_consent", TI_4_3),
            *decisions(
                "awaiting_consent",
                {"consent": "consented", "refuse": "refused"},
                TI_4_3,
                decided_by(Matter.errand_consent, TI_4_3),
            ),
        ),
    ),
    opening_event="ErrandConsentRequested",
    opening=ErrandRequest,
    check_opening=check_party,
    actions={
        "consent": Action(
            "ErrandConsented", Consent, Letter("errand_decision", "Svar på søknad om samtykke")
        ),
        "refuse": Action(
            "ErrandRefused", Reasons, Letter("errand_decision", "Svar på søknad om samtykke")
        ),
    },
    waiting={"awaiting_consent": "the unit leader's consent"},
)

"""The rest of PR-2012 Del VI: secondary employment (§ 24), certificates (§ 25) and exit
interviews (§ 26)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from pydantic import Field

from states.authority import Body, Matter, council_for, row_for
from states.calendar import shift_months
from states.council import Collegial, SittingFile, for_case
from states.duties import (
    Action,
    DutyFile,
    DutySpec,
    Letter,
    Opening,
    Payload,
    Timer,
    by_party,
    check_party,
    decided_by,
)
from states.machine import MachineSpec, Step
from states.org import Council
from states.rules import RuleViolation
from states.service_instruction import Consent, Reasons
from states.service_time import Employment, Notice, notice_period

PR_24, PR_25, PR_26 = "PR-2012 § 24", "PR-2012 § 25", "PR-2012 § 26"


# -- secondary employment: PR-2012 § 24 -------------------------------------------------------


class WorkKind(StrEnum):
    public_post = "public_post"
    private_post = "private_post"
    business = "business"  # "drive privat erverv"
    short_or_occasional = "short_or_occasional"  # "kortvarig eller tilfeldig art"
    own_property = "own_property"  # "arbeid som er knyttet til egen eiendom"


class SecondaryWorkNotice(Opening):
    kind: WorkKind
    description: str = Field(min_length=1)
    hours_per_month: int | None = Field(default=None, ge=0)
    affects_service: bool  # the exemption holds only "såfremt det ikke går ut over tjenesten"


def _exempt(case: DutyFile) -> bool:
    """§ 24 second sentence: no consent needed for short or occasional work, or work on one's
    own property, as long as it does not affect the service."""
    r: SecondaryWorkNotice = case.request
    exempt_kind = r.kind in (WorkKind.short_or_occasional, WorkKind.own_property)
    return exempt_kind and not r.affects_service


def _needs_consent(case: DutyFile) -> bool:
    return not _exempt(case)


class SecondaryWorkFile(SittingFile, DutyFile):
    request: SecondaryWorkNotice


def _consenting_council(case: SecondaryWorkFile) -> Council | None:
    """§ 24 "tilsettingsmyndighetens samtykke": the council that appoints to the employee's post
    (§ 10 nr. 2), as it sits for the case (§ 11); None where the Department appoints."""
    person = case.subject()
    if row_for(Matter.secondary_work, person, case.org).body != Body.appointment_council:
        return None
    council = council_for(person, case.org)
    return for_case(council, person.unit_id, case.sitting.superior_id or "") if council else None


# The appointing authority is a council: it consents or refuses by its members' votes.
SECONDARY_COUNCIL = Collegial(PR_24, _consenting_council, ("consent", "refuse"))


SECONDARY_WORK = DutySpec(
    case_type="secondary_work",
    label="Erverv eller arbeid utenfor tjenesten",
    machine=MachineSpec(
        name="secondary_work",
        states=("notified", "no_consent_needed", "awaiting_consent", "consented", "refused"),
        initial="notified",
        final=frozenset({"no_consent_needed", "consented", "refused"}),
        steps=(
            Step("register", "notified", "no_consent_needed", PR_24, when=(_exempt,)),
            Step("register", "notified", "awaiting_consent", PR_24, when=(_needs_consent,)),
            *SECONDARY_COUNCIL.rows("awaiting_consent"),
            *(
                Step(t, "awaiting_consent", dest, PR_24, (decided_by(Matter.secondary_work, PR_24),
                     SECONDARY_COUNCIL.decision(lambda data, t=t: t)))
                for t, dest in (("consent", "consented"), ("refuse", "refused"))
            ),
        ),
    ),
    opening_event="SecondaryWorkNotified",
    opening=SecondaryWorkNotice,
    check_opening=check_party,
    actions={
        **{t: Action(e, m) for t, (e, m) in SECONDARY_COUNCIL.actions("SecondaryWork").items()},
        "consent": Action("SecondaryWorkConsented", Consent,
                          Letter("secondary_work_decision", "Svar om samtykke til bierverv")),
        "refuse": Action("SecondaryWorkRefused", Reasons,
                         Letter("secondary_work_decision", "Svar om samtykke til bierverv")),
    },
    automatic_letters={
        "no_consent_needed": Letter("secondary_work_decision", "Bierverv: samtykke trengs ikke")
    },
    waiting={"awaiting_consent": "the appointing authority's consent (its council's votes)"},
    file_model=SecondaryWorkFile,
    council=SECONDARY_COUNCIL,
)  # fmt: skip


# -- certificate: PR-2012 § 25 ----------------------------------------------------------------


class CertificateGround(StrEnum):
    after_termination = "after_termination"  # "fratrer sin stilling etter oppsigelse"
    after_dismissal = "after_dismissal"  # "eller avskjed"
    on_request = "on_request"  # "eller som ber om det"


class CertificateRequest(Opening):
    ground: CertificateGround
    assessment_wanted: bool = False  # § 25 third paragraph: only if the employee wants it


class Position(Payload):
    title: str = Field(min_length=1)
    start: date
    end: date | None = None


class CertificateContent(Payload):
    """§ 25 second paragraph: positions, dates of joining and leaving, work areas."""

    positions: list[Position] = Field(min_length=1)
    work_areas: list[str] = Field(min_length=1)
    assessment: str | None = None


def _content(case: DutyFile, data: dict[str, Any]) -> None:
    c: CertificateContent = data["payload"]
    if c.assessment and not case.request.assessment_wanted:
        raise RuleViolation(
            PR_25,
            "the certificate may assess the employee and the work only if the employee wants it",
            "payload.assessment",
        )
    if case.subject().birth_date is None:
        raise RuleViolation(
            PR_25,
            "the certificate states the birth date: the register has none for this person",
            "person.birth_date",
        )
    for i, p in enumerate(c.positions):
        if p.end is not None and p.end < p.start:
            raise RuleViolation(
                PR_25, "a position ends before it starts", f"payload.positions.{i}.end"
            )


CERTIFICATE = DutySpec(
    case_type="certificate",
    label="Attest",
    machine=MachineSpec(
        name="certificate",
        states=("requested", "awaiting_issue", "issued"),
        initial="requested",
        final=frozenset({"issued"}),
        steps=(
            Step("register", "requested", "awaiting_issue", PR_25),
            Step("issue", "awaiting_issue", "issued", PR_25,
                 (decided_by(Matter.certificate, PR_25), _content)),
        ),
    ),
    opening_event="CertificateRequested",
    opening=CertificateRequest,
    check_opening=check_party,
    actions={"issue": Action("CertificateIssued", CertificateContent,
                             Letter("certificate", "Attest"))},
    waiting={"awaiting_issue": "the employer to issue the certificate"},
)  # fmt: skip


# -- exit interview: PR-2012 § 26 -------------------------------------------------------------


class EmploymentEnding(Opening):
    last_day: date
    # How the last day was found (issue 13: the notice period of an oppsigelse and its rule)
    basis: str = ""


class InterviewNotes(Payload):
    held_on: date
    notes: str = ""


# Issue 13: an oppsigelse or avskjed decided in a disciplinary case offers the interview itself.
# An avskjed ends the employment at once, so that offer stands for one month from the decision
# (docs/legal-choices.md); an oppsigelse's stands until the employment ends, the last day of
# its notice period (tjml §§ 8–10 with PR-2012 § 17, `states/service_time.py`).
DESIGN_EXIT_AFTER_DISMISSAL = (
    "design choice: after an avskjed the exit interview is open for one month from the decision"
)


def interview_open_until(decided_on: date) -> date:
    """§ 26 after an avskjed (and, before issue 13's notice period, an oppsigelse): the last day
    the offered interview stands."""
    return shift_months(decided_on, 1)


def employment_ends(
    reaction: str, employment: Employment | None, decided_on: date, received: date
) -> Notice:
    """§ 26 "ved opphør av arbeidsforhold": the day the offered interview stands until. An
    oppsigelse ends the employment on the last day of its notice period, which runs "fra dato
    til dato" from the day the decision reached the employee (`received`); an avskjed at once,
    and the offer then stands a month from the decision (design choice)."""
    if reaction == "oppsigelse":
        return notice_period(employment, received)
    return Notice(
        last_day=interview_open_until(decided_on),
        rule=PR_26,
        explanation=DESIGN_EXIT_AFTER_DISMISSAL,
    )


def _after_last_day(case: DutyFile) -> date:
    return case.request.last_day + timedelta(days=1)


_HOLDER = (decided_by(Matter.nearest_leader, PR_26),)

EXIT_INTERVIEW = DutySpec(
    case_type="exit_interview",
    label="Sluttsamtale",
    machine=MachineSpec(
        name="exit_interview",
        states=("ending", "offered", "accepted", "declined", "held", "not_held"),
        initial="ending",
        final=frozenset({"declined", "held", "not_held"}),
        steps=(
            # "Arbeidsgiver skal tilby tjenestemannen sluttsamtale ved opphør av arbeidsforhold"
            Step("register", "ending", "offered", PR_26),
            Step("accept", "offered", "accepted", PR_26, (by_party,)),
            # "... men tjenestemannen har ingen plikt til å gjennomføre samtalen."
            Step("decline", ("offered", "accepted"), "declined", PR_26, (by_party,)),
            Step("record_held", "accepted", "held", PR_26, _HOLDER),
            Step("lapse", ("offered", "accepted"), "not_held", PR_26),
        ),
    ),
    opening_event="EmploymentEnding",
    opening=EmploymentEnding,
    actions={
        "accept": Action("ExitInterviewAccepted"),
        "decline": Action("ExitInterviewDeclined"),
        "record_held": Action("ExitInterviewHeld", InterviewNotes),
    },
    registered_letter=Letter("exit_interview_offer", "Tilbud om sluttsamtale"),
    timers=(
        Timer("offered", "lapse", _after_last_day),
        Timer("accepted", "lapse", _after_last_day),
    ),
    waiting={"offered": "the employee's answer", "accepted": "the interview to be held"},
)  # fmt: skip

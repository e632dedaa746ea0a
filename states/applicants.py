"""Applications, applicant lists, interviews and the recommendation (PR-2012 §§ 7–9).

A hiring case may hold thousands of applications, so the workflow keeps only what the rules
read about each applicant (`Applicant`); names, ages, education and experience live in the
register (the applicants table) and in the lists rendered from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from states.calendar import Deadline, add_working_days
from states.duties import Payload
from states.rules import RuleViolation

PR_7_1, PR_7_2, PR_7_3 = "PR-2012 § 7 nr. 1", "PR-2012 § 7 nr. 2", "PR-2012 § 7 nr. 3"
PR_8_1, PR_8_2, PR_8_3, PR_8_4, PR_8_5 = (f"PR-2012 § 8 nr. {n}" for n in range(1, 6))
PR_9_1, PR_9_2, PR_9_3, PR_9_4, PR_9_5 = (f"PR-2012 § 9 nr. {n}" for n in range(1, 6))
OFFL_25 = "offentleglova § 25"
DESIGN_LIST_WAITS = (
    "design choice: the public applicant list is not published while a request to be left off "
    "it is undecided"
)
WITHDRAW_WORKING_DAYS = 3  # § 7 nr. 2: time to withdraw after a refused exemption (design choice)
DESIGN_WITHDRAW = (
    "design choice: an applicant refused exemption has three working days to withdraw before "
    "the public list is published"
)
APPLICANT_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"  # a reference, never a name
RANKED = 3  # § 9 nr. 4: "vanligvis innstille tre søkere"


class Gender(StrEnum):
    female = "female"
    male = "male"
    other = "other"
    unspecified = "unspecified"


class Application(Payload):
    """`ApplicationReceived`: what the public and extended lists need (§ 7 nr. 1-2), and the
    applicant's own requests: to be left off the public list (offentleglova § 25) and that no
    former employer be asked (§ 8 nr. 5)."""

    applicant_id: str = Field(pattern=APPLICANT_ID)
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$", max_length=200)
    birth_date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    gender: Gender
    title: str = Field(default="", max_length=200)  # stilling eller yrkestittel
    municipality: str = Field(default="", max_length=100)  # bosteds- eller arbeidskommune
    education: str = Field(default="", max_length=4000)
    experience: str = Field(default="", max_length=4000)
    exemption_requested: bool = False
    exemption_reason: str = Field(default="", max_length=2000)
    references_objection: bool = False
    known: bool = False  # known to the service already (§ 8 nr. 1 third sentence)


class ApplicationWithdrawal(Payload):
    applicant_id: str = Field(pattern=APPLICANT_ID)


class Exemption(StrEnum):
    none = "none"
    requested = "requested"
    granted = "granted"
    refused = "refused"


class Applicant(BaseModel):
    """What the rules read about one applicant; the rest is in the register."""

    applicant_id: str
    gender: Gender
    late: bool = False
    withdrawn: bool = False
    exemption: Exemption = Exemption.none
    refused_on: date | None = None  # § 7 nr. 2: told of the refusal that day (issue 13 on)
    objects_to_references: bool = False
    known: bool = False
    qualified: bool | None = None  # the administration's assessment (§ 8 nr. 2: left to people)
    interviewed: bool = False
    references_checked: bool = False

    @classmethod
    def of(cls, a: Application, late: bool) -> Applicant:
        return cls(
            applicant_id=a.applicant_id,
            gender=a.gender,
            late=late,
            exemption=Exemption.requested if a.exemption_requested else Exemption.none,
            objects_to_references=a.references_objection,
            known=a.known,
        )


class Pool(BaseModel):
    """The applicants of one case and the choices made about them."""

    applicants: dict[str, Applicant] = Field(default_factory=dict)
    late_considered: bool = False  # § 7 nr. 3: all late applications, or none
    interviewees: list[str] = Field(default_factory=list)
    demanded: list[str] = Field(default_factory=list)  # § 8 nr. 1: called at a member's demand
    interviews_planned: bool = False  # § 8 nr. 1: "known" is stated before this only
    public_list_versions: int = 0

    def counted(self) -> list[Applicant]:
        """The applications the case considers: withdrawn ones out; late ones only when the
        appointing authority chose to consider them, and then all of them (§ 7 nr. 3)."""
        return [
            a
            for a in self.applicants.values()
            if not a.withdrawn and (not a.late or self.late_considered)
        ]

    def qualified(self) -> list[Applicant]:
        return [a for a in self.counted() if a.qualified]

    def get(self, applicant_id: str, field: str) -> Applicant:
        a = self.applicants.get(applicant_id)
        if a is None:
            raise RuleViolation(PR_7_1, f"{applicant_id} has not applied for this post", field)
        if a.withdrawn:
            raise RuleViolation(PR_7_1, f"{applicant_id} has withdrawn the application", field)
        if a.late and not self.late_considered:
            raise RuleViolation(
                PR_7_3,
                f"{applicant_id} applied after the deadline, and late applications are not "
                "being considered",
                field,
            )
        return a

    def undecided_exemptions(self) -> list[str]:
        return [
            a.applicant_id for a in self.applicants.values() if a.exemption == Exemption.requested
        ]

    def counts(self) -> dict[str, int]:
        """§ 7 nr. 2: how many applied, and their gender (the public list states both)."""
        out: dict[str, int] = {"total": len(self.counted())}
        for a in self.counted():
            out[a.gender.value] = out.get(a.gender.value, 0) + 1
        return out


# -- applicant lists (§ 7) --------------------------------------------------------------------


class QualificationAssessment(Payload):
    """The administration's assessment of who is qualified (§ 8 nr. 2 is a broad judgment left
    to people; the system records its result). Sent in parts for large cases."""

    qualified: list[str] = Field(default_factory=list, max_length=2000)
    not_qualified: list[str] = Field(default_factory=list, max_length=2000)


class ExemptionDecisions(Payload):
    """offentleglova § 25: who is left off the public list; refused applicants are told before
    the list is published, so that they can withdraw."""

    granted: list[str] = Field(default_factory=list, max_length=2000)
    refused: list[str] = Field(default_factory=list, max_length=2000)
    reasons: str = Field(min_length=1)


class LateDecision(Payload):
    consider: bool
    reasons: str = Field(min_length=1)


def check_exemptions(pool: Pool, d: ExemptionDecisions) -> None:
    for field, ids in (("payload.granted", d.granted), ("payload.refused", d.refused)):
        for applicant_id in ids:
            a = pool.applicants.get(applicant_id)
            if a is None or a.exemption != Exemption.requested:
                raise RuleViolation(
                    OFFL_25, f"{applicant_id} has no undecided request to be left off", field
                )


def withdrawal_window(refused_on: date) -> Deadline:
    """§ 7 nr. 2 with offentleglova § 25: the refused applicant may withdraw until this day."""
    return add_working_days(refused_on, WITHDRAW_WORKING_DAYS, name="withdraw_before_list",
                            rule=PR_7_2)  # fmt: skip


def exemptions_decided(pool: Pool, d: ExemptionDecisions, today: date | None) -> Pool:
    """The effect of `decide_exemptions` (pure): granted ones left off the list; refused ones
    told `today` (None for cases recorded before issue 13, which had no window)."""
    applicants = dict(pool.applicants)
    for ids, outcome in ((d.granted, Exemption.granted), (d.refused, Exemption.refused)):
        for applicant_id in ids:
            refused_on = today if outcome == Exemption.refused else None
            applicants[applicant_id] = applicants[applicant_id].model_copy(
                update={"exemption": outcome, "refused_on": refused_on}
            )
    return pool.model_copy(update={"applicants": applicants})


def check_withdrawal(pool: Pool, data: dict[str, Any], hr: bool, filled: bool) -> None:
    """§ 7: the applicant withdraws, or HR serving the post's unit for them, until the post is
    filled. Who acts is judged before whose application (the form's content): the work queue
    judges the actor without the form (states/tasks.py, issue 15 review)."""
    actor = data["actor"].person_id
    who = "the applicant, or HR serving the post's unit, withdraws"
    if actor not in pool.applicants and not hr:
        raise RuleViolation(PR_7_1, who, "actor.person_id")
    if filled:
        raise RuleViolation(PR_7_1, "the post has been filled")
    applicant_id = data["payload"].applicant_id
    # The actor before the named applicant: an applicant naming another learns nothing of
    # whether that one applied (fvl § 13, issue 15 review).
    if actor != applicant_id and not hr:
        raise RuleViolation(PR_7_1, who, "actor.person_id")
    if applicant_id not in pool.applicants:
        raise RuleViolation(PR_7_1, f"{applicant_id} has not applied", "payload.applicant_id")


def check_public_list(pool: Pool, today: date) -> None:
    if waiting := pool.undecided_exemptions():
        raise RuleViolation(
            DESIGN_LIST_WAITS,
            f"{len(waiting)} request(s) to be left off the public list are undecided (§ 7 nr. 2, "
            "offentleglova § 25): decide them, and tell those refused, first",
        )
    windows = [withdrawal_window(a.refused_on).due for a in pool.applicants.values()
               if a.refused_on is not None and not a.withdrawn]  # fmt: skip
    if windows and today <= max(windows):
        raise RuleViolation(
            PR_7_2,
            f"an applicant refused exemption may withdraw until {max(windows)} before the public "
            f"list is published ({DESIGN_WITHDRAW})",
        )


# -- interviews (§ 8) ------------------------------------------------------------------------


class InterviewPlan(Payload):
    """§ 7 nr. 1, § 8 nr. 1: whom the administration will call; the extended list, the text and
    this plan go to the council's members."""

    interviewees: list[str] = Field(min_length=1, max_length=200)
    reasons: str = Field(min_length=1)


class InterviewDemand(Payload):
    applicant_id: str = Field(pattern=APPLICANT_ID)


class KnownStatement(Payload):
    """§ 8 nr. 1 third sentence ("søkere som er kjent fra før"): HR serving the post's unit
    states that an applicant is known to the service already (issue 13 review), also for one
    who applied in their own name — before the interviews are planned."""

    applicant_id: str = Field(pattern=APPLICANT_ID)
    basis: str = Field(default="", max_length=2000)


class Interview(Payload):
    """§ 8 nr. 3: who took part; § 8 nr. 4: new information of importance, recorded."""

    applicant_id: str = Field(pattern=APPLICANT_ID)
    participants: list[str] = Field(min_length=1, max_length=20)
    new_information: str = Field(default="", max_length=8000)


class ReferenceCheck(Payload):
    applicant_id: str = Field(pattern=APPLICANT_ID)
    referee: str = Field(min_length=1, max_length=200)


class CaseNote(Payload):
    """§ 8 nr. 4: new information of importance that comes up in the process."""

    applicant_id: str | None = Field(default=None, pattern=APPLICANT_ID)
    information: str = Field(min_length=1, max_length=8000)


def check_interviewees(pool: Pool, ids: Iterable[str], field: str) -> None:
    """§ 8 nr. 1: the best qualified are called (so: qualified ones); and where one or more of
    the qualified applicants is a woman, at least one woman is called."""
    chosen = [pool.get(i, field) for i in ids]
    for a in chosen:
        if not a.qualified:
            raise RuleViolation(PR_8_1, f"{a.applicant_id} is not assessed as qualified", field)
    women = [a for a in pool.qualified() if a.gender == Gender.female]
    if women and not any(a.gender == Gender.female for a in chosen):
        raise RuleViolation(
            PR_8_1,
            f"{len(women)} qualified applicant(s) are women: at least one woman must be called "
            "to interview",
            field,
        )


def check_known(a: Application, own: bool) -> None:
    """§ 8 nr. 1 third sentence (audit of issue 13): whether an applicant "er kjent fra før" is
    the administration's statement (HR serving the post's unit, or its recruitment system), not
    the applicant's own: it lets the recommendation rank them without an interview. An
    application in the applicant's own name that claims it is refused, naming the field; sent
    again without it, the application is taken in as any other."""
    if a.known and own:
        raise RuleViolation(
            PR_8_1,
            "whether an applicant is known to the service already is stated by the "
            "administration (HR serving the post's unit), not by the applicant",
            "payload.known",
        )


def needs_interview(pool: Pool, a: Applicant) -> bool:
    """§ 8 nr. 1 third sentence: "Det er ikke nødvendig å innkalle søkere som er kjent fra
    før, med mindre minst ett av tilsettingsrådets medlemmer krever det": a known applicant may
    be recommended without an interview, unless a member demanded one."""
    return not a.known or a.applicant_id in pool.demanded


def check_demand(pool: Pool, applicant_id: str) -> None:
    a = pool.get(applicant_id, "payload.applicant_id")
    if not a.qualified:
        raise RuleViolation(
            PR_8_1,
            "a member may demand that other qualified applicants are called",
            "payload.applicant_id",
        )
    if applicant_id in pool.interviewees:
        raise RuleViolation(PR_8_1, f"{applicant_id} is called already", "payload.applicant_id")


def check_interview(pool: Pool, i: Interview, superior: str) -> None:
    pool.get(i.applicant_id, "payload.applicant_id")
    if i.applicant_id not in pool.interviewees:
        raise RuleViolation(
            PR_8_1, f"{i.applicant_id} is not on the interview list", "payload.applicant_id"
        )
    if superior not in i.participants:
        raise RuleViolation(
            PR_8_3,
            "the post's nearest superior takes part in the interview",
            "payload.participants",
        )


def check_reference(pool: Pool, r: ReferenceCheck) -> None:
    a = pool.get(r.applicant_id, "payload.applicant_id")
    if a.objects_to_references:
        raise RuleViolation(
            PR_8_5,
            f"{r.applicant_id} asked that no present or former employer be contacted",
            "payload.applicant_id",
        )


# -- the recommendation (§ 9) ----------------------------------------------------------------


class RecommendationKind(StrEnum):
    innstilling = "innstilling"  # § 9 nr. 1: the nearest superior, not on the council
    forslag = "forslag"  # § 9 nr. 2: the nearest superior sits on the council


class Recommendation(Payload):
    ranked: list[str] = Field(min_length=1, max_length=10)  # in the order they should be considered
    reasons: str = Field(min_length=1, max_length=8000)
    fewer_reason: str = ""  # § 9 nr. 4: why fewer than three, where several are qualified


def check_recommendation(pool: Pool, r: Recommendation, interviews_needed: bool) -> None:
    if len(set(r.ranked)) != len(r.ranked):
        raise RuleViolation(PR_9_4, "an applicant is ranked twice", "payload.ranked")
    field = "payload.ranked"
    for applicant_id in r.ranked:
        a = pool.get(applicant_id, field)
        if not a.qualified:
            raise RuleViolation(
                PR_9_4, f"{applicant_id} is not assessed as qualified", "payload.ranked"
            )
        if interviews_needed and not a.interviewed and needs_interview(pool, a):
            raise RuleViolation(
                PR_8_1, f"{applicant_id} has not been interviewed", "payload.ranked"
            )
    wanted = min(RANKED, len(pool.qualified()))
    if len(r.ranked) < wanted and not r.fewer_reason.strip():
        raise RuleViolation(
            PR_9_4,
            f"{len(pool.qualified())} applicants are qualified: rank {wanted}, or say why fewer",
            "payload.fewer_reason",
        )

"""Hiring cases, from vacancy to signed contract (PR-2012 §§ 2–16).

Routes (states/announcement.py `Route`): a post of six months or less is appointed directly
by the regional director or whoever they authorise (§ 2, § 10 nr. 3); the directors' posts are
announced and appointed by the Justice Department on the KSF leader's recommendation (§ 4 nr. 1,
§ 9 nr. 3, § 10 nr. 1); every other post goes through announcement (§§ 4-5), applications and
lists (§ 7), interviews (§ 8), the nearest superior's recommendation (§ 9) and the council of
§ 10 nr. 2 (§§ 11, 13), which may be overruled by the central council (§ 13 nr. 5-6, a child
case). § 15 makes a temporary appointment permanent without a new announcement. After the
decision (§ 16): the written notice, the probation rules confirmed in writing, the contract,
every applicant told, and probation followed to its end.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

from pydantic import Field

from states import applicants as ap
from states.announcement import (
    COMMENT_WORKING_DAYS,
    DEPARTMENT_POSTS,
    DESIGN_COMMENT,
    LEADER_POSTS,
    PR_2,
    PR_4_1,
    PR_4_2,
    PR_5_4,
    PR_5_6,
    PR_6,
    PR_10_1,
    PR_10_2,
    PR_10_3,
    PR_15,
    SHORT_MONTHS,
    Announcement,
    Reannouncement,
    Route,
    Vacancy,
    check_channels,
    check_content,
    check_vacancy,
)
from states.applicants import (
    Applicant,
    Application,
    Gender,
    Pool,
    Recommendation,
    RecommendationKind,
)
from states.authority import Grants, Matter, Subject, authorise, council_for_post, decision_date
from states.calendar import Deadline, add_days, add_working_days, shift_months
from states.council import (
    OWN_CASE,
    Convening,
    Protocol,
    Sitting,
    SittingFile,
    Vote,
    cast,
    central_council_for,
    check_convening,
    check_demand,
    check_demand_stands,
    check_in_meeting,
    check_meeting_demand,
    check_session,
    check_signature,
    check_vote,
    check_written_agreement,
    decide,
    demand,
    demanded_meeting,
    for_case,
    protocol,
    seat_of,
    sign,
    tally,
)
from states.duties import (
    Action,
    DutyFile,
    DutySpec,
    Payload,
    Timer,
)
from states.machine import MachineSpec, Step
from states.org import Council, DesignationKind, Person, Role, Seat, UnitKind
from states.rules import RuleViolation

PR_9_1, PR_9_2, PR_9_3 = ap.PR_9_1, ap.PR_9_2, ap.PR_9_3
PR_13_1, PR_13_2, PR_13_3, PR_13_4, PR_13_5, PR_13_6 = (
    f"PR-2012 § 13 nr. {n}" for n in range(1, 7)
)
PR_14 = "PR-2012 § 14"
PR_26 = "PR-2012 § 26"
PR_16_1, PR_16_2, PR_16_3 = "PR-2012 § 16 nr. 1", "PR-2012 § 16 nr. 2", "PR-2012 § 16 nr. 3"
TJML_8 = "tjml § 8"
ESCALATION_REASONS_DAYS = 3  # § 13 nr. 5: "en kort frist" for written reasons (design choice)
REPS_COMMENT_WORKING_DAYS = 5  # § 9 nr. 3: the representatives' time to comment (design choice)
DESIGN_REPS_COMMENT = (
    "design choice: the two representatives of § 9 nr. 3 have five working days from the "
    "innstilling to comment"
)
REMINDER_DAYS = 14  # design choice: remind the appointee every two weeks until they confirm


# -- payloads -----------------------------------------------------------------------------------


class SalaryInformation(Payload):
    """§ 5 nr. 6: the representatives told the post's salary; § 5 nr. 4: the draft text, for
    their comments."""

    salary: str = Field(min_length=1)
    draft_text: str = Field(min_length=1)


class Comment(Payload):
    comment: str = Field(min_length=1, max_length=8000)


class InternalAgreement(Payload):
    """§ 4 nr. 2: the representatives agree to internal-only announcement, for this case or for
    a period (then until `valid_to`)."""

    scope: str = Field(pattern="^(case|period)$")
    valid_to: date | None = None
    reference: str = Field(min_length=1)  # the agreement's reference (minutes, letter)


class Distribution(Convening, Payload):
    """§ 13 nr. 1-2: the documents go to every member, with time to prepare; the case is treated
    in a meeting unless written procedure is agreed and the case is uncontroversial (the one
    convening of every council, states/council.py `Convening`)."""


class MoreApplications(Payload):
    applicant_ids: list[str] = Field(min_length=1, max_length=50)  # § 13 nr. 1 last sentence


class CandidateVote(Payload):
    applicant_id: str = Field(pattern=ap.APPLICANT_ID)
    reasons: str = Field(default="", max_length=8000)  # § 13 nr. 4


class Escalation(Payload):
    reasons: str = Field(default="", max_length=8000)  # § 13 nr. 5: may follow within days


class StatementRequest(Payload):
    applicant_id: str = Field(pattern=ap.APPLICANT_ID)


class Statement(Payload):
    recommends: bool
    statement: str = Field(min_length=1, max_length=8000)


class CouncilDecision(Payload):
    reasons: str = Field(min_length=1, max_length=8000)
    special_terms: str = Field(default="", max_length=4000)  # § 16 nr. 1 "særvilkår"


class Appointment(Payload):
    """The Justice Department's appointment (§ 10 nr. 1)."""

    applicant_id: str = Field(pattern=ap.APPLICANT_ID)
    reasons: str = Field(min_length=1, max_length=8000)
    special_terms: str = Field(default="", max_length=4000)


class DirectAppointment(Payload):
    """§ 10 nr. 3: an appointment of six months or less, without announcement (§ 2)."""

    appointee: Application
    start_date: date
    reasons: str = Field(min_length=1, max_length=8000)
    special_terms: str = Field(default="", max_length=4000)


class Extension(Payload):
    months: int = Field(ge=1, le=60)
    reasons: str = Field(min_length=1)


class Confirmation(Payload):
    confirmed_on: date


class Signature(Payload):
    signed_on: date


class AccessRequest(Payload):
    applicant_id: str = Field(pattern=ap.APPLICANT_ID)


# -- the case file --------------------------------------------------------------------------------


class HiringFile(SittingFile, DutyFile):
    # The work queue's copy of the file (workflows/case.py `queue_file`) leaves out the
    # applications: thousands, on every write; the queue's probe reads them as none (issue 15).
    QUEUE_OMITS: ClassVar[dict[str, Any]] = {"pool": {"applicants": True}}

    request: Vacancy
    round: int = 1  # the announcement round; § 6 starts another
    reps_informed_on: date | None = None
    salary_discussion: str = "none"  # none | demanded | held (§ 5 nr. 6)
    commented_by: list[str] = Field(default_factory=list)  # § 5 nr. 4
    internal_agreed_until: date | None = None  # § 4 nr. 2, a period agreement
    internal_agreed_case: bool = False
    internal_agreements: dict[str, InternalAgreement] = Field(default_factory=dict)  # seat ->
    announcement: Announcement | None = None
    deadline: Deadline | None = None
    pool: Pool = Field(default_factory=Pool)
    recommendation: Recommendation | None = None
    recommendation_kind: RecommendationKind | None = None
    statements: dict[str, bool] = Field(default_factory=dict)  # § 13 nr. 6: candidate -> yes/no
    statement_for: str | None = None  # the applicant a statement was asked about
    representative_comments: list[str] = Field(default_factory=list)  # § 9 nr. 3
    recommended_on: date | None = None  # § 9 nr. 3: the innstilling's day (issue 13 on)
    # § 9 nr. 3 (council8): the central representatives told of the innstilling ([]: none is
    # registered for the unit; None: a case recorded before, or not the Department's post)
    representatives_told: list[str] | None = None
    distributed_on: date | None = None
    meeting_on: date | None = None
    escalated_by: str | None = None
    central_rule: str | None = None
    central_allowed: list[str] = Field(default_factory=list)
    referrals: int = 0
    appointee: str | None = None
    appointed_on: date | None = None
    start_date: date | None = None
    special_terms: str = ""
    last_reminder: date | None = None
    probation_ends: date | None = None
    serving_until: date | None = None
    months_served: int = 0  # a short appointment's total, extensions included (§ 10 nr. 3)
    # § 10 nr. 3 (issue 13): each person's months in earlier temporary appointments to this post,
    # from the register when the case opened (council11: again as a short appointment or its
    # extension is judged); None while being read
    earlier_months: dict[str, int] | None = Field(default_factory=dict)
    extension_months: int = 0  # an extension referred to the council, until it decides
    # § 26 (issue 13): the exit interview is offered before a temporary appointment ends; False
    # in cases recorded before (they replay without the offer).
    exit_interview: bool = False
    exit_offered_for: date | None = None  # the last day the latest offer was made for
    exit_offers: int = 0

    # -- who is who ---------------------------------------------------------------------------

    def post(self) -> Person:
        """The vacant post as a subject of the authority table: its unit."""
        v = self.request
        return Person(person_id=f"post:{v.unit_id}", name="", email="", unit_id=v.unit_id)

    def post_subject(self) -> Subject:
        if self.request.post_kind in DEPARTMENT_POSTS:
            return Subject.director
        unit = self.org.unit(self.request.unit_id)
        kind = unit.kind if unit else None
        return {UnitKind.krus: Subject.krus_staff, UnitKind.kitt: Subject.kitt_staff}.get(
            kind,  # type: ignore[arg-type]
            Subject.staff,
        )

    def council(self) -> Council | None:
        """The council of § 10 nr. 2 as it sits for this case (§ 11 nr. 3-4 seats filled)."""
        v = self.request
        council = council_for_post(v.unit_id, v.post_kind in LEADER_POSTS, self.org)
        return for_case(council, v.unit_id, v.nearest_superior_id) if council else None

    def central_council(self) -> Council | None:
        """§ 11 nr. 6: the central council as it sits for this case."""
        v = self.request
        return central_council_for(self.org, v.unit_id, v.post_kind in LEADER_POSTS)

    def representative_seats(self) -> dict[str, str]:
        """The employees' representatives and their deputies -> the seat each speaks for
        (design choice: the council that appoints, or for the Department's posts the central
        council)."""
        council = self.council() if self.request.route == Route.council else self.central_council()
        if council is None:
            return {}
        reps = {m.person_id for m in council.members if m.represents == Seat.employees}
        deputies = {m.person_id: m.deputy_for for m in council.members if m.deputy_for in reps}
        return {r: r for r in reps} | {d: str(seat) for d, seat in deputies.items()}

    def tillitsvalgte(self) -> dict[str, str]:
        """§ 5 nr. 4 and 6: "de tillitsvalgte for organisasjonene": the unions' designated
        representatives (register `union_representative`) -> their organisation; not the
        council's employee representatives, who once appointed "representerer ikke sin egen
        organisasjon" (§ 12). The level nearest the post answers (design choice): those for the
        post's unit, else its region, else the central ones; the Department's posts: central."""
        v = self.request
        valid = [
            d for d in self.org.designations
            if d.kind == DesignationKind.union_representative and d.valid_on(self.today)
        ]  # fmt: skip
        region = self.org.region_of(v.unit_id)
        levels: list[list[str]] = [[v.unit_id], *([[region]] if region else []), []]
        if v.route == Route.department:
            levels = [[]]
        for level in levels:
            found = {d.person_id: d.organisation for d in valid
                     if (set(level) & set(d.unit_ids) if level else not d.unit_ids)}  # fmt: skip
            if found:
                return found
        return {}

    def representatives(self) -> set[str]:
        """Who is told the salary and may comment (§ 5 nr. 4 and 6)."""
        if not self.collegial:  # cases recorded before issue 13
            return set(self.representative_seats())
        return set(self.tillitsvalgte())

    def all_representatives_commented(self) -> bool:
        """§ 5 nr. 4: every organisation's tillitsvalgte have commented (one voice each,
        design choice); before issue 13, each council representative seat."""
        if not self.collegial:
            seats = self.representative_seats()
            return bool(seats) and set(seats.values()) <= {seats.get(p) for p in self.commented_by}
        by_org = self.tillitsvalgte()
        return bool(by_org) and set(by_org.values()) <= {by_org.get(p) for p in self.commented_by}

    def internal_agreed(self) -> bool:
        """§ 4 nr. 2: "Dersom det er enighet med tjenestemannsrepresentantene i
        tilsettingsrådet": every employee seat of the council (or its personal deputy) agreed,
        for this case or for a period that covers today."""
        if not self.collegial:
            return self.internal_agreed_case or (
                self.internal_agreed_until is not None and self.today <= self.internal_agreed_until
            )
        seats = set(self.representative_seats().values())
        return bool(seats) and all(
            (a := self.internal_agreements.get(seat)) is not None
            and (a.scope == "case" or (a.valid_to is not None and self.today <= a.valid_to))
            for seat in seats
        )

    def recommender(self) -> str | None:
        """§ 9 nr. 1: the nearest superior; § 9 nr. 3: the KSF leader for the directors."""
        if self.request.route == Route.department:
            leaders = self.org.holders(Role.ksf_leader)
            return leaders[0] if leaders else None
        return self.request.nearest_superior_id

    @property
    def votes(self) -> list[Vote]:
        return self.sitting.votes

    @property
    def procedure(self) -> str:
        return self.sitting.procedure

    def candidates(self) -> set[str]:
        return self.sitting.choices()

    def majority(self) -> str | None:
        council = self.council()
        return tally(council, self.votes).majority if council else None

    def needs_statement(self, applicant_id: str) -> bool:
        """§ 13 nr. 6: only against a formal innstilling, not a forslag."""
        rec = self.recommendation
        return (
            self.recommendation_kind == RecommendationKind.innstilling
            and rec is not None
            and applicant_id not in rec.ranked
        )

    def earlier(self, person_id: str | None) -> int:
        """§ 10 nr. 3: "samlet": the person's earlier temporary appointments to this post."""
        if self.earlier_months is None:
            raise RuleViolation(
                PR_10_3, "the register's earlier appointments to this post are being read: try "
                "again in a moment",
            )  # fmt: skip
        return self.earlier_months.get(person_id or "", 0)

    def total_months(self, extra: int) -> int:
        return self.earlier(self.appointee) + self.months_served + extra


# -- guards --------------------------------------------------------------------------------


def _actor(data: dict[str, Any]) -> str:
    return str(data["actor"].person_id)


def _grants(data: dict[str, Any]) -> Grants:
    """What the register holds for the actor on the day (sent by the door with the command)."""
    grants: Grants | None = data.get("grants")
    if grants is None:
        raise RuleViolation(PR_4_1, "nobody acts without authority from the register", "actor")
    return grants


def _on(case: HiringFile, data: dict[str, Any]) -> date:
    """The day authority is judged on: the event's effective date (issue 11)."""
    return decision_date(data.get("grants"), case.today)


def _hr_for_post(case: HiringFile, data: dict[str, Any]) -> bool:
    """An HR officer serving the post's unit (or its region)."""
    return _grants(data).serves(case.request.unit_id)


def _not_applicant(case: HiringFile, data: dict[str, Any]) -> None:
    """fvl § 6 første ledd bokstav a: "når han selv er part i saken" — an applicant takes no
    part in their own appointment, neither as council member nor as its administration; the
    personal deputy (§ 11 nr. 1-4) or another officer takes the step (issue 15 review H1)."""
    if _actor(data) in case.pool.applicants:
        raise RuleViolation(
            OWN_CASE,
            "an applicant is disqualified in the appointment they applied for; their personal "
            "deputy or another officer takes the step",
            "actor.person_id",
        )


def _administration(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 4 nr. 1: the Justice Department announces the directors' posts; the service the rest:
    a leader over the post's unit, or an HR officer serving it (never an applicant, fvl § 6)."""
    check_administration(_grants(data), case.request)
    _not_applicant(case, data)


def check_administration(grants: Grants, v: Vacancy) -> None:
    """§ 4 nr. 1, for the opening and the administration's steps: the Department for its
    posts; otherwise a leader who heads the post's unit (`Grants.heads`: the unit's leader,
    the region's director, the KSF leader) or HR serving it. A leader elsewhere is refused."""
    if v.route == Route.department:
        if not grants.holds(Role.justice_department):
            raise RuleViolation(PR_4_1, "the Justice Department announces this post", "actor.role")
        return
    if not (grants.heads(v.unit_id) or grants.serves(v.unit_id)):
        raise RuleViolation(
            PR_4_1,
            f"a leader over the post's unit ({v.unit_id}), or HR serving it, does this step",
            "actor.role",
        )


def check_opening(grants: Grants, v: Vacancy, unit_id: str | None) -> None:
    check_vacancy(v)
    check_administration(grants, v)


def _representative(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 5 nr. 4 and 6: a union's tillitsvalgt for the post, designated in the register on the
    day (issue 11 item 6); before issue 13, a council representative."""
    if not case.collegial:
        if _actor(data) not in case.representatives():
            raise RuleViolation(PR_5_4, f"{_actor(data)} is not an employees' representative here",
                                "actor.person_id")  # fmt: skip
        return
    kind, unit = DesignationKind.union_representative, case.request.unit_id
    if _actor(data) not in case.tillitsvalgte() or not _grants(data).designated(kind, None):
        raise RuleViolation(
            PR_5_4,
            f"{_actor(data)} is not a union's tillitsvalgt for this post ({unit}) in the register",
            "actor.person_id",
        )


def _council_representative(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 4 nr. 2: "enighet med tjenestemannsrepresentantene i tilsettingsrådet": an employee
    representative of the council (or their personal deputy), each seat once."""
    if not case.collegial:
        _representative(case, data)
        return
    seat = case.representative_seats().get(_actor(data))
    if seat is None:
        raise RuleViolation(
            PR_4_2,
            f"{_actor(data)} is not an employees' representative on the appointing council",
            "actor.person_id",
        )


def _informed(case: HiringFile, data: dict[str, Any]) -> None:
    if case.reps_informed_on is None:
        raise RuleViolation(PR_5_6, "the representatives have not been told the salary yet")


def _ready_to_publish(case: HiringFile, data: dict[str, Any]) -> None:
    a: Announcement = data["payload"]
    v = case.request
    if case.reps_informed_on is None:
        raise RuleViolation(PR_5_6, "before announcing, tell the representatives the post's salary")
    if case.salary_discussion == "demanded":
        raise RuleViolation(
            PR_5_6, "the representatives demanded to discuss the salary: record the discussion"
        )
    both = case.all_representatives_commented()
    window = add_working_days(case.reps_informed_on, COMMENT_WORKING_DAYS, name="c", rule=PR_5_4)
    if not both and case.today < window.due:
        raise RuleViolation(
            PR_5_4,
            f"the representatives may comment on the text until {window.due} ({DESIGN_COMMENT})",
        )
    check_content(a, v)
    check_channels(a, v, case.internal_agreed())
    if a.internal_only:
        authorise(_actor(data), Matter.internal_only, case.post(), case.org, _on(case, data),
                  case.post_subject())  # fmt: skip


def _period_agreement(case: HiringFile, data: dict[str, Any]) -> None:
    p: InternalAgreement = data["payload"]
    if (p.scope == "period") != (p.valid_to is not None):
        raise RuleViolation(
            PR_4_2,
            "an agreement for a period states its end (valid_to), one for the case not",
            "payload.valid_to",
        )


def _appointing_authority(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 7 nr. 3: "Tilsettingsmyndigheten kan velge ...": the council's leader for the council,
    the Justice Department for its posts."""
    if case.request.route == Route.department:
        if not _grants(data).holds(Role.justice_department):
            raise RuleViolation(ap.PR_7_3, "the Justice Department decides this", "actor.role")
        return
    council = case.council()
    if council is None or council.leader != _actor(data):
        raise RuleViolation(
            ap.PR_7_3, "the appointing council's leader decides this", "actor.person_id"
        )


def _assessment(case: HiringFile, data: dict[str, Any]) -> None:
    _administration(case, data)
    p: ap.QualificationAssessment = data["payload"]
    for field, ids in (("payload.qualified", p.qualified), ("payload.not_qualified",
                                                             p.not_qualified)):  # fmt: skip
        for applicant_id in ids:
            case.pool.get(applicant_id, field)


def _exemptions(case: HiringFile, data: dict[str, Any]) -> None:
    _administration(case, data)
    ap.check_exemptions(case.pool, data["payload"])


def _public_list(case: HiringFile, data: dict[str, Any]) -> None:
    _administration(case, data)
    ap.check_public_list(case.pool, case.today)


def _interview_plan(case: HiringFile, data: dict[str, Any]) -> None:
    _administration(case, data)
    ap.check_interviewees(case.pool, data["payload"].interviewees, "payload.interviewees")


def _council_member(case: HiringFile, data: dict[str, Any], rule: str) -> Council:
    council = case.council()
    if council is None:
        raise RuleViolation(PR_10_2, "no appointing council is registered for this post")
    members = {m.person_id for m in council.members}
    if _actor(data) not in members:
        raise RuleViolation(
            rule, f"{_actor(data)} is not a member of {council.name}", "actor.person_id"
        )
    _not_applicant(case, data)  # fvl § 6 første ledd a: the deputy takes an applicant's seat
    return council


def _known_stated(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 8 nr. 1: "Det er ikke nødvendig å innkalle søkere som er kjent fra før": whether an
    applicant is known is the administration's statement — HR serving the post's unit (the
    register's grants) — made before the interviews are planned, of an applicant in the case."""
    if not _grants(data).serves(case.request.unit_id):
        raise RuleViolation(
            ap.PR_8_1,
            "whether an applicant is known to the service already is stated by HR serving the "
            "post's unit",
            "actor.person_id",
        )
    if case.council11:  # fvl § 6 første ledd a: HR who applied says nothing of the applicants
        _not_applicant(case, data)
    applicant_id = data["payload"].applicant_id
    case.pool.get(applicant_id, "payload.applicant_id")
    if case.pool.interviews_planned or case.pool.interviewees:
        raise RuleViolation(
            ap.PR_8_1,
            f"the interviews are planned: {applicant_id} is no longer stated known (the plan "
            "was made on who must be called)",
            "payload.applicant_id",
        )


def _member_demand(case: HiringFile, data: dict[str, Any]) -> None:
    _council_member(case, data, ap.PR_8_1)
    ap.check_demand(case.pool, data["payload"].applicant_id)


def _interview(case: HiringFile, data: dict[str, Any]) -> None:
    _administration(case, data)
    ap.check_interview(case.pool, data["payload"], case.request.nearest_superior_id)


def _reference(case: HiringFile, data: dict[str, Any]) -> None:
    _administration(case, data)
    ap.check_reference(case.pool, data["payload"])


def _recommender(case: HiringFile, data: dict[str, Any]) -> None:
    rule = PR_9_3 if case.request.route == Route.department else PR_9_1
    if _actor(data) != case.recommender():
        who = "the KSF leader" if rule == PR_9_3 else "the post's nearest superior"
        raise RuleViolation(rule, f"{who} gives the recommendation", "actor.person_id")
    if case.council11:  # fvl § 6 første ledd a: a superior who applied recommends no one
        _not_applicant(case, data)
    ap.check_recommendation(
        case.pool, data["payload"], interviews_needed=case.request.route == Route.council
    )


def _access(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 9 nr. 5: an applicant (a party) may see the innstilling, and a forslag alike. Who may
    ask is judged before what is asked (the form's applicant): the work queue judges the actor
    without the form, and offers the step only to those who pass (issue 15 review)."""
    who = "the applicant, or HR serving the post's unit for them, asks for access"
    hr = _hr_for_post(case, data)
    if not hr:  # an applicant, for themselves: their application stands (§ 7)
        if _actor(data) not in case.pool.applicants:
            raise RuleViolation(ap.PR_9_5, who, "actor.person_id")
        case.pool.get(_actor(data), "actor.person_id")
    applicant_id = data["payload"].applicant_id
    # The actor before the named applicant: an applicant naming another learns nothing of
    # whether that one applied (fvl § 13, issue 15 review).
    if _actor(data) != applicant_id and not hr:
        raise RuleViolation(ap.PR_9_5, who, "actor.person_id")
    case.pool.get(applicant_id, "payload.applicant_id")
    if _actor(data) == applicant_id:
        return
    _not_applicant(case, data)  # fvl § 6 første ledd a: HR who applied asks for no one else


def _rep_comment(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 9 nr. 3: "To representanter for de tilsatte i virksomheten, utpekt av organisasjonene
    sentralt" may comment: people the register holds with that designation on the day."""
    if not _grants(data).designated(DesignationKind.central_representative, case.request.unit_id):
        raise RuleViolation(
            PR_9_3,
            "an employees' representative designated by the organisations centrally comments",
            "actor.role",
        )
    if _actor(data) in case.representative_comments or len(case.representative_comments) >= 2:
        raise RuleViolation(PR_9_3, "two representatives comment, once each", "actor.person_id")


def representatives_window(case: HiringFile) -> Deadline | None:
    """§ 9 nr. 3: "To representanter ... har rett til å uttale seg om stillingen": until this
    day, unless both have spoken (None: a case recorded before issue 13)."""
    if case.recommended_on is None:
        return None
    return add_working_days(case.recommended_on, REPS_COMMENT_WORKING_DAYS,
                            name="representatives_comment", rule=PR_9_3)  # fmt: skip


def _department(case: HiringFile, data: dict[str, Any]) -> None:
    if not _grants(data).holds(Role.justice_department):
        raise RuleViolation(PR_10_1, "the Justice Department appoints", "actor.role")
    window = representatives_window(case)
    if window and len(case.representative_comments) < 2 and case.today <= window.due:
        raise RuleViolation(
            PR_9_3,
            f"{len(case.representative_comments)} of the two representatives have commented: "
            f"appoint once both have, or after {window.due} ({DESIGN_REPS_COMMENT})",
            "representative_comments",
        )
    applicant_id = data["payload"].applicant_id
    case.pool.get(applicant_id, "payload.applicant_id")
    rec = case.recommendation
    if rec is None or applicant_id not in rec.ranked:
        raise RuleViolation(
            ap.PR_9_3,
            f"{applicant_id} is not in the KSF leader's innstilling: ask for a new one",
            "payload.applicant_id",
        )


def _short_authority(case: HiringFile, data: dict[str, Any]) -> None:
    data["decider"] = authorise(
        _actor(data), Matter.short_appointment, case.post(), case.org, _on(case, data),
        case.post_subject(),
    )  # fmt: skip


def _direct_total(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 10 nr. 3: the total counts the appointee's earlier appointments to the same post in the
    register; past six months in all the council decides."""
    p: DirectAppointment = data["payload"]
    before = case.earlier(p.appointee.applicant_id)
    total = before + (case.request.duration_months or 0)
    if before and total > SHORT_MONTHS:
        raise RuleViolation(
            PR_10_3,
            f"{p.appointee.applicant_id} has served {before} months in earlier appointments to "
            f"this post: {total} months in all, so the council decides (announce the post)",
            "payload.appointee.applicant_id",
        )


def announced(case: HiringFile) -> bool:
    """§ 15 "tilsatt etter offentlig kunngjøring": an announcement that was public. An
    internal-only one (§ 4 nr. 2, council11) is not; a conversion carries the announcement of
    the appointment it converts, which the door read from the register's row (§ 15)."""
    route = case.request.route
    if route == Route.conversion:
        return True
    internal = case.announcement is not None and case.announcement.internal_only
    return route in (Route.council, Route.department) and not (case.council11 and internal)


def appointment_record(case: HiringFile) -> dict[str, Any]:
    """§ 10 nr. 3, § 15: what the register keeps about this case's appointment (pure)."""
    permanent = _permanent(case)
    return {
        "person_id": case.appointee or "",
        "unit_id": case.request.unit_id,
        "post_kind": str(case.request.post_kind),
        "announced": announced(case),
        "permanent": permanent,
        "months": 0
        if permanent
        else case.months_served
        + (0 if case.request.route == Route.short else case.request.duration_months or 0),
        "appointed_on": case.appointed_on or case.today,
        # § 15 "forlengelse av vikariat" (audit of issue 13): the ground a later case reads
        "temporary_ground": None
        if permanent or case.request.temporary_ground is None
        else str(case.request.temporary_ground),
    }


def _council_leader(case: HiringFile, data: dict[str, Any], rule: str) -> Council:
    council = _council_member(case, data, rule)
    if council.leader != _actor(data):
        raise RuleViolation(rule, "the council's leader does this", "actor.person_id")
    return council


def _distribution(case: HiringFile, data: dict[str, Any]) -> None:
    council = _council_leader(case, data, PR_13_1)
    check_convening(council, case.today, data["payload"])
    if not case.council9:
        return  # cases opened before council9 replay the distributions they took
    if case.votes:
        raise RuleViolation(PR_13_1, "the council has started voting: its convening stands",
                            "payload.meeting_on")  # fmt: skip
    check_demand_stands(case.sitting, data["payload"].procedure)


def _distributed(case: HiringFile, data: dict[str, Any], rule: str) -> None:
    if case.distributed_on is None:
        raise RuleViolation(rule, "the case documents have not been distributed to the members")


def _more_applications(case: HiringFile, data: dict[str, Any]) -> None:
    _council_member(case, data, PR_13_1)
    for applicant_id in data["payload"].applicant_ids:
        if applicant_id not in case.pool.applicants:
            raise RuleViolation(PR_13_1, f"{applicant_id} has not applied", "payload.applicant_ids")


def _meeting_demand(case: HiringFile, data: dict[str, Any]) -> None:
    _council_member(case, data, PR_13_2)
    check_meeting_demand(case.procedure)


def _vote(case: HiringFile, data: dict[str, Any]) -> None:
    council = _council_member(case, data, PR_13_3)
    _distributed(case, data, PR_13_1)
    check_vote(council, case.votes, _actor(data))
    if case.council10:  # § 13 nr. 1-2: in the convened meeting, or an agreed written procedure
        check_session(council, case.sitting, case.today, case.meeting_on)
    applicant_id = data["payload"].applicant_id
    case.pool.get(applicant_id, "payload.applicant_id")
    single = case.request.route == Route.conversion or case.serving_until
    if single and applicant_id != case.appointee:
        raise RuleViolation(
            PR_15, "the council decides on the appointee alone here", "payload.applicant_id"
        )


def _in_meeting(case: HiringFile, data: dict[str, Any], rule: str) -> None:
    check_in_meeting(case.procedure, case.meeting_on, case.today, rule)


def _escalation(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 13 nr. 5: a member who disagrees about whom to appoint may demand, in the meeting, that
    the central council decides."""
    _council_member(case, data, PR_13_5)
    _in_meeting(case, data, PR_13_5)
    mine = next((v for v in case.votes if v.member_id == _actor(data)), None)
    if mine is None or len(case.candidates()) < 2:
        raise RuleViolation(
            PR_13_5,
            "only a member who disagrees with another about whom to appoint may demand it",
            "actor.person_id",
        )
    if case.collegial:
        council = case.council()
        assert council is not None
        check_demand(council, case.sitting, _actor(data), PR_13_5)


def _statement_request(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 13 nr. 6: the appointing body (or a minority of it) asks the recommending authority for
    a written statement on an applicant not in the innstilling."""
    _council_member(case, data, PR_13_6)
    applicant_id = data["payload"].applicant_id
    case.pool.get(applicant_id, "payload.applicant_id")
    if not case.needs_statement(applicant_id):
        raise RuleViolation(
            PR_13_6,
            "a statement is asked only for an applicant outside a formal innstilling "
            "(not for a forslag)",
            "payload.applicant_id",
        )
    if applicant_id in case.statements:
        raise RuleViolation(PR_13_6, "the statement has been given", "payload.applicant_id")


def _statement(case: HiringFile, data: dict[str, Any]) -> None:
    if _actor(data) != case.recommender():
        raise RuleViolation(PR_13_6, "the recommending authority gives it", "actor.person_id")


def _referral(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 13 nr. 6: the recommending authority will not recommend the applicant and the council
    holds to its choice: the central council decides."""
    _council_leader(case, data, PR_13_6)
    wanted = case.majority()
    if wanted is None or case.statements.get(wanted) is not False:
        raise RuleViolation(
            PR_13_6,
            "the central council decides only where the council's majority holds to an applicant "
            "the recommending authority, asked, will not recommend",
        )


def _decision(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 13 nr. 2-4 and 6: the leader enters the decision of a quorate council, with its
    protocol (signed by at least half the members, § 13 nr. 3)."""
    council = _council_leader(case, data, PR_10_2)
    _distributed(case, data, PR_13_1)
    if case.procedure == "meeting":
        _in_meeting(case, data, PR_13_2)
    if not case.collegial:  # cases recorded before issue 13: the leader's written mode
        if case.procedure == "written" and len(case.candidates()) > 1:
            raise RuleViolation(PR_13_2, "the members disagree: the council must meet")
        case = case.model_copy(update={"sitting": case.sitting.model_copy(
            update={"procedure": "meeting"})})  # fmt: skip
    try:
        result = decide(council, case.sitting, PR_13_5, signatures=case.collegial)
    except RuleViolation as exc:
        if exc.rule == PR_13_5:
            raise RuleViolation(
                PR_13_5,
                "no majority for one applicant: vote again, or a member may demand the central "
                "council (§ 13 nr. 5)",
            ) from None
        raise
    assert result.majority is not None
    if case.needs_statement(result.majority):
        said = case.statements.get(result.majority)
        raise RuleViolation(
            PR_13_6,
            f"{result.majority} is not in the innstilling: "
            + (
                "ask the recommending authority for a written statement first"
                if said is None
                else "the recommending authority will not recommend them, so the central council "
                "decides (refer the disagreement)"
            ),
        )
    data["decided"] = result.majority


def _written_agreement(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 13 nr. 2: each member records their own agreement to written procedure."""
    council = _council_member(case, data, PR_13_2)
    _distributed(case, data, PR_13_1)
    if case.procedure != "written":
        raise RuleViolation(PR_13_2, "the council meets: there is no written procedure to agree to")
    check_written_agreement(council, case.sitting, _actor(data))


def _protocol_signature(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 13 nr. 3-4: a member who took part signs the protocol."""
    council = _council_member(case, data, PR_13_4)
    check_signature(council, case.sitting, _actor(data), voter_signs=case.voter_signs)


# -- effects of the council's rows (pure: the new sitting; the workflow assigns it) --------------


def voted(case: HiringFile, member_id: str, p: CandidateVote) -> Sitting:
    """§ 13 nr. 4: the vote with the member's reasons; § 13 nr. 2: disagreement means a
    meeting."""
    vote = Vote(member_id=member_id, choice=p.applicant_id, reasons=p.reasons)
    return cast(case.sitting, vote, case.council11)  # council11: a split in writing voids


def agreed_in_writing(case: HiringFile, member_id: str) -> Sitting:
    council = case.council()
    assert council is not None
    seat = check_written_agreement(council, case.sitting, member_id)
    return case.sitting.model_copy(update={"written_agreed": [*case.sitting.written_agreed, seat]})


def distributed(case: HiringFile, procedure: str) -> Sitting:
    """§ 13 nr. 1-2: the papers distributed (anew) set the procedure; written agreements given
    to an earlier distribution do not carry over (council9)."""
    agreed = [] if case.council9 else case.sitting.written_agreed
    return case.sitting.model_copy(update={"procedure": procedure, "written_agreed": agreed})


def meeting_demanded(case: HiringFile, member_id: str) -> Sitting:
    """§ 13 nr. 2: the council meets; in cases opened after council9 the protocol records whose
    seat demanded it, and the demand stands against a later distribution."""
    council = case.council()
    assert council is not None
    if case.council10:  # § 13 nr. 2: the written votes lapse; the leader convenes the meeting
        return demanded_meeting(case.sitting, seat_of(council, member_id), True)
    demanders = case.sitting.meeting_demanded_by
    if case.council9:
        demanders = [*demanders, seat_of(council, member_id)]
    return case.sitting.model_copy(
        update={"procedure": "meeting", "meeting_demanded_by": demanders}
    )


def signed(case: HiringFile, member_id: str) -> Sitting:
    council = case.council()
    assert council is not None
    return sign(council, case.sitting, member_id)


def escalated(case: HiringFile, member_id: str, p: Escalation) -> tuple[Sitting, Protocol]:
    """§ 13 nr. 5: "Slikt krav må fremsettes i møtet, og kravet skal protokollføres": the
    demand in the council's protocol, which follows the case to the central council (§ 13
    nr. 4)."""
    council = case.council()
    assert council is not None
    sitting = demand(case.sitting, member_id, case.today, p.reasons)
    return sitting, protocol(council, sitting, "det sentrale tilsettingsrådet", PR_13_5, case.today)


def referred(case: HiringFile) -> Protocol:
    """§ 13 nr. 6: the council's protocol as it refers the disagreement."""
    council = case.council()
    assert council is not None
    return protocol(council, case.sitting, "det sentrale tilsettingsrådet", PR_13_6, case.today)


def council_decided(case: HiringFile) -> Protocol:
    """§ 13 nr. 4: the protocol the leader enters the decision with."""
    council = case.council()
    assert council is not None
    chosen = tally(council, case.votes).majority or ""
    return protocol(council, case.sitting, chosen, PR_10_2, case.today)


def central_representatives(case: HiringFile) -> list[str]:
    """§ 9 nr. 3: "To representanter for de tilsatte i virksomheten, utpekt av organisasjonene
    sentralt": the register's designations of that kind valid today for the post's unit (or
    for all units). They are told the innstilling is given and until when they may comment."""
    unit = case.request.unit_id
    return sorted({
        d.person_id for d in case.org.designations
        if d.kind == DesignationKind.central_representative and d.valid_on(case.today)
        and (not d.unit_ids or unit in d.unit_ids)
    })  # fmt: skip


def representatives_told_note(case: HiringFile, window: Deadline) -> str:
    """§ 9 nr. 3 (council8): what the case says of who was told (docs/legal-choices.md "No
    central representative in the register")."""
    told = case.representatives_told or []
    if told:
        return f"told of the innstilling: {', '.join(told)}; they may comment until {window.due}"
    return (
        "no central representative (PR-2012 § 9 nr. 3) is registered for the unit on "
        f"{case.today}: nobody was told; the five working days run to {window.due} for the "
        "organisations to designate one, and the Department appoints after them"
    )


def salary_letter_recipients(case: HiringFile) -> list[str]:
    """§ 5 nr. 6: "orientere de tillitsvalgte for organisasjonene om stillingens lønn"."""
    return sorted(case.representatives())


def internal_agreement(case: HiringFile, member_id: str, p: InternalAgreement) -> dict[str, Any]:
    """§ 4 nr. 2: the agreement of one employee seat of the council (before issue 13: the
    whole agreement). The file's fields that change."""
    if not case.collegial:
        if p.scope == "case":
            return {"internal_agreed_case": True}
        return {"internal_agreed_until": p.valid_to}
    seat = case.representative_seats()[member_id]
    return {"internal_agreements": {**case.internal_agreements, seat: p}}


def reannounced_sitting() -> Sitting:
    """§ 6: a new round starts with a new sitting."""
    return Sitting()


def _appointee_or_hr(case: HiringFile, data: dict[str, Any]) -> None:
    if _actor(data) != case.appointee and not _hr_for_post(case, data):
        raise RuleViolation(
            PR_16_1, "the appointee, or HR serving the post's unit, records this", "actor.person_id"
        )


def _extension_short(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 10 nr. 3: the regional director (or fullmakt) extends within six months in all."""
    _short_authority(case, data)
    if case.total_months(data["payload"].months) > SHORT_MONTHS:
        raise RuleViolation(
            PR_10_3,
            f"the appointment would last {case.total_months(data['payload'].months)} months in "
            "all: past six months the council decides (refer the extension to it)",
            "payload.months",
        )


def _extension_referral(case: HiringFile, data: dict[str, Any]) -> None:
    _short_authority(case, data)
    if case.total_months(data["payload"].months) <= SHORT_MONTHS:
        raise RuleViolation(
            PR_10_3, "six months or less in all: the regional director extends", "payload.months"
        )


def _extension_council(case: HiringFile, data: dict[str, Any]) -> None:
    """§ 15 second sentence: the council extends a substitute post without a new announcement."""
    _council_leader(case, data, PR_15)


# -- conditions -------------------------------------------------------------------------------


def _route(route: Route) -> Any:
    def cond(case: HiringFile) -> bool:
        return case.request.route == route

    cond.__name__ = f"_{route.value}_route"
    return cond


def _probation(case: HiringFile) -> bool:
    return case.request.probation_months > 0


def _no_probation(case: HiringFile) -> bool:
    return case.request.probation_months == 0


def _permanent_no_probation(case: HiringFile) -> bool:
    return case.request.probation_months == 0 and _permanent(case)


def _temporary_no_probation(case: HiringFile) -> bool:
    return case.request.probation_months == 0 and not _permanent(case)


def _permanent(case: HiringFile) -> bool:
    c = case.request.conversion
    return case.request.permanent or (c is not None and c.kind == "permanent")


def _temporary(case: HiringFile) -> bool:
    return not _permanent(case)


def _announced_post(case: HiringFile) -> bool:
    return case.request.route != Route.short


def _short_post(case: HiringFile) -> bool:
    return case.request.route == Route.short


# -- timers ----------------------------------------------------------------------------------------


def _deadline_passed(case: HiringFile) -> date | None:
    return case.deadline.due + timedelta(days=1) if case.deadline else None


def _next_reminder(case: HiringFile) -> date | None:
    return case.last_reminder + timedelta(days=REMINDER_DAYS) if case.last_reminder else None


def _probation_end(case: HiringFile) -> date | None:
    return case.probation_ends


def _appointment_end(case: HiringFile) -> date | None:
    return case.serving_until + timedelta(days=1) if case.serving_until else None


EXIT_OFFER_DAYS = 14  # § 26: offered two weeks before the last day (design choice)
DESIGN_EXIT_OFFER = "design choice: the exit interview is offered 14 days before the last day"


def exit_offer_due(case: HiringFile) -> date | None:
    """PR-2012 § 26 "ved opphør av arbeidsforhold": a temporary appointment's end is known, so
    the offer goes out 14 days before its last day (at once if less remains), once per last day
    (an extension moves the end and brings a new offer)."""
    end = case.serving_until
    if not case.exit_interview or end is None or case.exit_offered_for == end:
        return None
    return end - timedelta(days=EXIT_OFFER_DAYS)


def probation_end(start: date, months: int) -> Deadline:
    return add_days(shift_months(start, months), -1, name="probation", rule=TJML_8, roll=False)


# -- the machine -----------------------------------------------------------------------------------

_SELECTION = ("applications_closed", "interviewing", "council", "department")
_LISTS = ("applications_closed", "interviewing", "council", "awaiting_statement", "department")

HIRING = DutySpec(
    case_type="hiring",
    label="Tilsettingssak",
    machine=MachineSpec(
        name="hiring",
        states=(
            "opened",
            "direct",
            "drafting",
            "announced",
            "applications_closed",
            "interviewing",
            "department",
            "council",
            "awaiting_statement",
            "central_council",
            "appointed",
            "awaiting_confirmation",
            "awaiting_contract",
            "probation",
            "serving",
            "employed",
            "ended",
        ),
        initial="opened",
        final=frozenset({"employed", "ended"}),
        preconditions={"publish": PR_5_6, "decide": PR_13_1, "vote": PR_13_1},
        steps=(
            # § 2: six months or less: no announcement, no recommendation, no council.
            Step("register", "opened", "direct", PR_2, when=(_route(Route.short),)),
            Step("register", "opened", "drafting", PR_4_1, when=(_route(Route.council),)),
            Step("register", "opened", "drafting", PR_4_1, when=(_route(Route.department),)),
            Step("register", "opened", "council", PR_15, when=(_route(Route.conversion),)),
            Step(
                "appoint_directly",
                "direct",
                "appointed",
                PR_10_3,
                (_short_authority, _direct_total),
            ),
            # §§ 4-5: the announcement.
            Step("inform_representatives", "drafting", "drafting", PR_5_6, (_administration,)),
            Step(
                "demand_salary_discussion",
                "drafting",
                "drafting",
                PR_5_6,
                (_representative, _informed),
            ),
            Step("record_salary_discussion", "drafting", "drafting", PR_5_6, (_administration,)),
            Step("comment_on_text", "drafting", "drafting", PR_5_4, (_representative, _informed)),
            Step(
                "agree_internal_only",
                "drafting",
                "drafting",
                PR_4_2,
                (_council_representative, _period_agreement),
            ),
            Step("publish", "drafting", "announced", PR_4_1, (_administration, _ready_to_publish)),
            # § 7: applications until the deadline, then the lists.
            Step("deadline_passes", "announced", "applications_closed", ap.PR_7_1),
            Step("consider_late", _SELECTION, "=", ap.PR_7_3, (_appointing_authority,)),
            Step("assess_qualifications", _SELECTION, "=", ap.PR_8_2, (_assessment,)),
            Step("decide_exemptions", _LISTS, "=", ap.OFFL_25, (_exemptions,)),
            Step("publish_public_list", _LISTS, "=", ap.PR_7_2, (_public_list,)),
            # § 6: announced again, with the reason.
            Step("reannounce", _SELECTION, "drafting", PR_6, (_administration,)),
            # § 8: interviews.
            Step(
                "plan_interviews",
                "applications_closed",
                "interviewing",
                ap.PR_7_1,
                (_interview_plan,),
            ),
            Step("state_known", ("announced", *_SELECTION), "=", ap.PR_8_1, (_known_stated,)),
            Step("demand_interview", "interviewing", "=", ap.PR_8_1, (_member_demand,)),
            Step("record_interview", "interviewing", "=", ap.PR_8_3, (_interview,)),
            Step("check_references", ("interviewing", "council"), "=", ap.PR_8_5, (_reference,)),
            Step(
                "record_information",
                ("interviewing", "council", "department"),
                "=",
                ap.PR_8_4,
                (_administration,),
            ),
            # § 9: the recommendation.
            Step(
                "recommend",
                "interviewing",
                "council",
                PR_9_1,
                (_recommender,),
                (_route(Route.council),),
            ),
            Step(
                "recommend",
                "interviewing",
                "department",
                PR_9_3,
                (_recommender,),
                (_route(Route.department),),
            ),
            Step(
                "request_access",
                ("council", "department", "awaiting_statement"),
                "=",
                ap.PR_9_5,
                (_access,),
            ),
            Step("comment_as_representative", "department", "=", PR_9_3, (_rep_comment,)),
            Step("appoint", "department", "appointed", PR_10_1, (_department,)),
            # §§ 11, 13: the council.
            Step("distribute_documents", "council", "=", PR_13_1, (_distribution,)),
            Step("request_applications", "council", "=", PR_13_1, (_more_applications,)),
            Step("demand_meeting", "council", "=", PR_13_2, (_meeting_demand,)),
            Step("vote", "council", "=", PR_13_4, (_vote,)),
            Step("agree_written", "council", "=", PR_13_2, (_written_agreement,)),
            Step("sign_protocol", "council", "=", PR_13_4, (_protocol_signature,)),
            Step("escalate", "council", "central_council", PR_13_5, (_escalation,)),
            Step("ask_statement", "council", "awaiting_statement", PR_13_6, (_statement_request,)),
            Step("give_statement", "awaiting_statement", "council", PR_13_6, (_statement,)),
            Step("refer_disagreement", "council", "central_council", PR_13_6, (_referral,)),
            Step("decide", "council", "appointed", PR_10_2, (_decision,)),
            Step("central_council_decided", "central_council", "appointed", PR_13_5),
            # § 16: after the decision.
            Step(
                "notify_appointment",
                "appointed",
                "awaiting_confirmation",
                PR_16_1,
                when=(_probation,),
            ),
            Step(
                "notify_appointment",
                "appointed",
                "awaiting_contract",
                PR_16_1,
                when=(_no_probation,),
            ),
            Step("remind_confirmation", "awaiting_confirmation", "=", PR_16_1),
            Step(
                "confirm_notice",
                "awaiting_confirmation",
                "awaiting_contract",
                PR_16_1,
                (_appointee_or_hr,),
            ),
            Step(
                "sign_contract",
                "awaiting_contract",
                "probation",
                PR_16_2,
                (_appointee_or_hr,),
                (_probation,),
            ),
            Step(
                "sign_contract",
                "awaiting_contract",
                "employed",
                PR_16_2,
                (_appointee_or_hr,),
                (_permanent_no_probation,),
            ),
            Step(
                "sign_contract",
                "awaiting_contract",
                "serving",
                PR_16_2,
                (_appointee_or_hr,),
                (_temporary_no_probation,),
            ),
            Step("probation_ends", "probation", "employed", TJML_8, when=(_permanent,)),
            Step("probation_ends", "probation", "serving", TJML_8, when=(_temporary,)),
            # § 10 nr. 3: a short appointment extended; past six months the council decides.
            # § 15: the council extends a substitute post without a new announcement.
            Step("extend", "serving", "=", PR_10_3, (_extension_short,), (_short_post,)),
            Step(
                "refer_extension",
                "serving",
                "council",
                PR_10_3,
                (_extension_referral,),
                (_short_post,),
            ),
            Step("extend", "serving", "=", PR_15, (_extension_council,), (_announced_post,)),
            Step("appointment_ends", "serving", "ended", PR_16_1),
            # § 26: "Arbeidsgiver skal tilby tjenestemannen sluttsamtale ved opphør av
            # arbeidsforhold": the exit interview case opens before the appointment ends.
            Step("offer_exit_interview", "serving", "=", PR_26),
        ),
    ),
    opening_event="VacancyRegistered",
    opening=Vacancy,
    check_opening=check_opening,
    actions={
        "appoint_directly": Action("ShortAppointmentMade", DirectAppointment),
        "inform_representatives": Action("SalaryInformationGiven", SalaryInformation),
        "demand_salary_discussion": Action("SalaryDiscussionDemanded", Comment),
        "record_salary_discussion": Action("SalaryDiscussionHeld", Comment),
        "comment_on_text": Action("AnnouncementTextCommented", Comment),
        "agree_internal_only": Action("InternalAnnouncementAgreed", InternalAgreement),
        "publish": Action("VacancyAnnounced", Announcement),
        "consider_late": Action("LateApplicationsDecided", ap.LateDecision),
        "assess_qualifications": Action("QualificationsAssessed", ap.QualificationAssessment),
        "decide_exemptions": Action("ListExemptionsDecided", ap.ExemptionDecisions),
        "publish_public_list": Action("PublicApplicantListPublished", Comment),
        "reannounce": Action("VacancyReannounced", Reannouncement),
        "plan_interviews": Action("InterviewsPlanned", ap.InterviewPlan),
        "state_known": Action("ApplicantKnownStated", ap.KnownStatement),
        "demand_interview": Action("InterviewDemanded", ap.InterviewDemand),
        "record_interview": Action("InterviewHeld", ap.Interview),
        "check_references": Action("ReferencesChecked", ap.ReferenceCheck),
        "record_information": Action("CaseInformationRecorded", ap.CaseNote),
        "recommend": Action("RecommendationGiven", Recommendation),
        "request_access": Action("RecommendationAccessRequested", AccessRequest),
        "comment_as_representative": Action("RepresentativeCommented", Comment),
        "appoint": Action("DepartmentAppointed", Appointment),
        "distribute_documents": Action("CouncilDocumentsDistributed", Distribution),
        "request_applications": Action("CouncilApplicationsRequested", MoreApplications),
        "demand_meeting": Action("CouncilMeetingDemanded", Comment),
        "vote": Action("HiringVoteCast", CandidateVote),
        "agree_written": Action("CouncilWrittenProcedureAgreed", Payload),
        "sign_protocol": Action("CouncilProtocolSigned", Payload),
        "escalate": Action("CentralCouncilDemanded", Escalation),
        "ask_statement": Action("StatementRequested", StatementRequest),
        "give_statement": Action("StatementGiven", Statement),
        "refer_disagreement": Action("DisagreementReferred", Comment),
        "decide": Action("CouncilDecided", CouncilDecision),
        "confirm_notice": Action("AppointmentConfirmed", Confirmation),
        "sign_contract": Action("ContractSigned", Signature),
        "extend": Action("AppointmentExtended", Extension),
        "refer_extension": Action("ExtensionReferredToCouncil", Extension),
    },
    timers=(
        Timer("announced", "deadline_passes", _deadline_passed, "application_deadline"),
        Timer("awaiting_confirmation", "remind_confirmation", _next_reminder),
        Timer("probation", "probation_ends", _probation_end, "probation"),
        Timer("serving", "appointment_ends", _appointment_end),
        Timer("serving", "offer_exit_interview", exit_offer_due),
    ),
    waiting={
        "direct": "the regional director's appointment (six months or less)",
        "drafting": "the announcement: salary to the representatives, their comments, the text",
        "announced": "applications until the deadline",
        "applications_closed": "assessment, applicant lists and the interview plan",
        "interviewing": "interviews and the recommendation",
        "department": "the Justice Department's appointment",
        "council": "the council: documents, votes, decision",
        "awaiting_statement": "the recommending authority's written statement",
        "central_council": "the central council's decision",
        "appointed": "the notice of appointment",
        "awaiting_confirmation": "the appointee's written confirmation of the probation rules",
        "awaiting_contract": "the signed employment contract",
        "probation": "the end of probation",
        "serving": "the end of the temporary appointment",
    },
    file_model=HiringFile,
)


__all__ = ["HIRING", "Applicant", "Application", "Gender", "HiringFile"]

"""Announcing a vacant post (PR-2012 §§ 4–6): the vacancy, the announcement text, where it is
published, and when it must be announced again. Pure checks; the hiring machine calls them."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from pydantic import Field, model_validator

from states.contract import TemporaryGround, check_contract_basis
from states.duties import CaseOpening, Payload
from states.rules import RuleViolation

PR_2, PR_6, PR_15 = "PR-2012 § 2", "PR-2012 § 6", "PR-2012 § 15"
PR_4_1, PR_4_2, PR_4_3, PR_4_4 = (
    "PR-2012 § 4 nr. 1", "PR-2012 § 4 nr. 2", "PR-2012 § 4 nr. 3", "PR-2012 § 4 nr. 4",
)  # fmt: skip
PR_5_1, PR_5_2, PR_5_3, PR_5_4, PR_5_5, PR_5_6 = (f"PR-2012 § 5 nr. {n}" for n in range(1, 7))
PR_10_1, PR_10_2, PR_10_3 = "PR-2012 § 10 nr. 1", "PR-2012 § 10 nr. 2", "PR-2012 § 10 nr. 3"
PR_16_2 = "PR-2012 § 16 nr. 2"

SHORT_MONTHS = 6  # § 2, § 10 nr. 3: "seks måneder eller kortere"
INTERNAL_ONLY_MONTHS = 12  # § 4 nr. 2: "midlertidige stillinger på tolv måneder eller kortere"
MIN_APPLICATION_DAYS = 14  # § 5 nr. 1: "minst to uker"
COMMENT_WORKING_DAYS = 3  # design choice: the representatives' time to comment (§ 5 nr. 4)
DESIGN_COMMENT = (
    "design choice: the representatives have three working days to comment on the text "
    "unless both have commented"
)


class PostKind(StrEnum):
    regional_director = "regional_director"
    krus_director = "krus_director"
    kitt_director = "kitt_director"
    assistant_director = "assistant_director"
    unit_leader = "unit_leader"
    fengselsbetjent = "fengselsbetjent"
    fengselsforstebetjent = "fengselsforstebetjent"
    other = "other"


DEPARTMENT_POSTS = {PostKind.regional_director, PostKind.krus_director, PostKind.kitt_director}
LEADER_POSTS = {PostKind.assistant_director, PostKind.unit_leader}  # § 10 nr. 2 first council
INTERNAL_ONLY_POSTS = {PostKind.fengselsbetjent, PostKind.fengselsforstebetjent}  # § 4 nr. 2


class Route(StrEnum):
    """Which procedure the post follows."""

    council = "council"  # §§ 4-9, 11-13: announced, recommended, the council of § 10 nr. 2
    department = "department"  # § 4 nr. 1, § 9 nr. 3, § 10 nr. 1: the Justice Department
    short = "short"  # § 2, § 10 nr. 3: six months or less, no announcement, no council
    conversion = "conversion"  # § 15: temporary to permanent, or a substitute post extended


class Conversion(Payload):
    """§ 15: the council may make a temporary appointment permanent, or extend a substitute
    post, without a new announcement or a new recommendation."""

    employee_id: str = Field(min_length=1)
    previous_case_id: str = Field(min_length=1)
    # Issue 13: read from the register's earlier case (`check_conversion`), never from this flag,
    # which events recorded before still carry.
    appointed_after_announcement: bool | None = None
    kind: str = Field(pattern="^(permanent|substitute_extension)$")


class Vacancy(CaseOpening):
    """`VacancyRegistered`: a vacant post at a unit, with its nearest superior (who gives the
    recommendation, § 9 nr. 1, and interviews, § 8 nr. 3)."""

    unit_id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    post_kind: PostKind
    nearest_superior_id: str = Field(min_length=1)
    permanent: bool
    duration_months: int | None = Field(default=None, ge=1, le=120)
    full_time: bool = True
    probation_months: int = Field(default=0, ge=0, le=12)  # tjml § 8: six months as a rule
    training_duty: bool = False  # § 5 nr. 5: the text must say so
    ordering_duty: bool = False  # § 5 nr. 5: beordringsplikt
    conversion: Conversion | None = None
    # § 16 nr. 2 with aml § 14-6: what the contract states (the ground refused if missing)
    weekly_hours: float = Field(default=37.5, gt=0, le=60)
    temporary_ground: TemporaryGround | None = None
    temporary_ground_details: str = Field(default="", max_length=2000)
    # § 16 nr. 2 with aml § 14-6 (1) i and b (council11): pay and workplace, for a contract with
    # no announcement to take them from (a short appointment, a § 15 conversion)
    salary: str = Field(default="", max_length=500)
    workplace: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _duration(self) -> Vacancy:
        if self.permanent == (self.duration_months is not None):
            raise ValueError("duration_months: required for a temporary post, and only for it")
        return self

    def subject_id(self) -> str:
        return self.nearest_superior_id

    def case_unit(self) -> str | None:
        return self.unit_id

    def party_roles(self) -> list[tuple[str, str]]:
        return [(self.nearest_superior_id, "nearest_superior")]

    @property
    def route(self) -> Route:
        if self.conversion is not None:
            return Route.conversion
        if not self.permanent and (self.duration_months or 0) <= SHORT_MONTHS:
            return Route.short  # § 2 comes first: even a director's stand-in is not announced
        if self.post_kind in DEPARTMENT_POSTS:
            return Route.department
        return Route.council


def check_vacancy(v: Vacancy) -> None:
    """§ 15: only a temporary appointment made after public announcement and the ordinary
    procedure may be made permanent (or extended) without a new announcement."""
    check_contract_basis(v)
    if v.route in (Route.short, Route.conversion):
        for field, item in (("salary", "i"), ("workplace", "b")):
            if not getattr(v, field).strip():
                raise RuleViolation(
                    PR_16_2,
                    f"a post appointed without announcement states its {field} when it is "
                    f"registered: the contract must name it (arbeidsmiljøloven § 14-6 (1) {item})",
                    f"payload.{field}",
                )


class EarlierAppointment(Payload):
    """What the register holds about an appointment an earlier hiring case made."""

    person_id: str
    announced: bool
    permanent: bool
    unit_id: str = ""  # the post it was to (audit of issue 13): "" for a record without it
    post_kind: str = ""
    temporary_ground: str | None = None  # None: the register does not say (before 0015)


def check_conversion(
    c: Conversion, earlier: EarlierAppointment | None, vacancy: Vacancy | None = None
) -> None:
    """§ 15: "En midlertidig tilsatt tjenestemann, tilsatt etter offentlig kunngjøring og vanlig
    tilsettingsprosedyre": the register's record of the earlier case says so, or nothing does.
    "Overgang fra midlertidig til fast tilsetting" (and "forlengelse av vikariat") is of the post
    the employee holds: the same unit and kind of post as the earlier appointment."""
    field = "payload.conversion.previous_case_id"
    if earlier is None or earlier.person_id != c.employee_id:
        raise RuleViolation(
            PR_15,
            f"the register holds no appointment of {c.employee_id} by hiring case "
            f"{c.previous_case_id}",
            field,
        )
    if not earlier.announced or earlier.permanent:
        raise RuleViolation(
            PR_15,
            "the earlier appointment was not a temporary one made after public announcement and "
            "the ordinary procedure: the post must be announced (§ 4 nr. 1)",
            field,
        )
    if c.kind == "substitute_extension" and earlier.temporary_ground != "substitute":
        raise RuleViolation(
            PR_15,
            '"Det samme gjelder ved forlengelse av vikariat": the register does not show the '
            "earlier appointment as a substitute post (vikariat), so it is not extended without "
            "a new announcement",
            "payload.conversion.kind",
        )
    if vacancy is None:
        return
    if c.kind == "substitute_extension" and vacancy.temporary_ground != "substitute":
        # Issue 13 review: the extension is itself a vikariat, on the ground it extends.
        raise RuleViolation(
            PR_15,
            '"Det samme gjelder ved forlengelse av vikariat": an extension of a substitute post '
            f"is itself a vikariat; this post's temporary ground is {vacancy.temporary_ground!r}, "
            "not 'substitute'",
            "payload.temporary_ground",
        )
    for name, theirs, ours in (
        ("unit_id", earlier.unit_id, vacancy.unit_id),
        ("post_kind", earlier.post_kind, str(vacancy.post_kind)),
    ):
        if theirs != ours:
            raise RuleViolation(
                PR_15,
                f"the earlier appointment was to another post ({name} {theirs!r}, not {ours!r}): "
                "only the post the employee holds is made permanent or extended without a new "
                "announcement (§ 4 nr. 1)",
                f"payload.{name}",
            )


class Channel(StrEnum):
    public = "public"  # § 4 nr. 1: "offentlig"
    internal = "internal"  # § 4 nr. 1: "internt"
    nav = "nav"  # § 4 nr. 4: reported to NAV and published on nav.no


class Announcement(Payload):
    """The announcement text and where and when it is published (§§ 4-5). Fields are checked
    by the rules (so a refusal names the paragraph), not by the event schema."""

    description: str = ""  # § 5 nr. 1: a description of the post and its work area
    qualifications: str = ""
    salary: str = ""
    workplace: str = ""
    probation: str = ""  # "6 måneder" or "ingen prøvetid"
    available_from: date
    full_time: bool
    permanent: bool
    conduct_clause: bool = False  # § 5 nr. 1: nothing to object to in the appointee's conduct
    health_requirement: str = ""
    health_reason: str = ""  # § 5 nr. 1: health only where the post's content justifies it
    chain_vacancy: str = ""  # § 5 nr. 2: a lower post an internal appointee would leave
    contact: str = ""  # § 5 nr. 3
    training: str = ""  # § 5 nr. 5
    ordering: str = ""  # § 5 nr. 5: beordringsplikt
    nav_registered_on: date
    own_pages_on: date
    deadline: date
    channels: list[Channel] = Field(min_length=1)
    absent_employee_ids: list[str] = Field(default_factory=list, max_length=500)  # § 4 nr. 3

    def person_refs(self) -> list[tuple[str, str]]:
        return [(f"payload.absent_employee_ids.{i}", p) for i, p in
                enumerate(self.absent_employee_ids)]  # fmt: skip

    @property
    def internal_only(self) -> bool:
        return set(self.channels) == {Channel.internal}

    @property
    def earliest_deadline(self) -> date:
        """§ 5 nr. 1: at least two weeks from the day the post is both reported to NAV and on
        the service's own vacancy pages."""
        return max(self.nav_registered_on, self.own_pages_on) + timedelta(days=MIN_APPLICATION_DAYS)


def check_content(a: Announcement, v: Vacancy) -> None:
    """§ 5 nr. 1-3 and 5: what every announcement must say."""
    required = [
        (PR_5_1, "description", a.description),
        (PR_5_1, "qualifications", a.qualifications),
        (PR_5_1, "salary", a.salary),
        (PR_5_1, "workplace", a.workplace),
        (PR_5_1, "probation", a.probation),
        (PR_5_3, "contact", a.contact),
        *([(PR_5_5, "training", a.training)] if v.training_duty else []),
        *([(PR_5_5, "ordering", a.ordering)] if v.ordering_duty else []),
    ]
    for rule, field, value in required:
        if not value.strip():
            raise RuleViolation(rule, f"the announcement must state {field}", f"payload.{field}")
    if not a.conduct_clause:
        raise RuleViolation(
            PR_5_1,
            "the text must say there may be nothing to object to in the appointee's conduct",
            "payload.conduct_clause",
        )
    if a.health_requirement.strip() and not a.health_reason.strip():
        raise RuleViolation(
            PR_5_1,
            "a health requirement only where the post's content justifies it: state why",
            "payload.health_reason",
        )
    if (a.full_time, a.permanent) != (v.full_time, v.permanent):
        raise RuleViolation(
            PR_5_2,
            "the text must say truly whether the post is full or part time, permanent or temporary",
            "payload.permanent" if a.permanent != v.permanent else "payload.full_time",
        )
    if a.deadline < a.earliest_deadline:
        raise RuleViolation(
            PR_5_1,
            f"the application deadline {a.deadline} is less than two weeks after the post was "
            f"reported to NAV and on the service's pages (earliest {a.earliest_deadline})",
            "payload.deadline",
        )


def check_channels(a: Announcement, v: Vacancy, agreed_internal: bool) -> None:
    """§ 4 nr. 1 and 4: publicly, internally and to NAV; § 4 nr. 2: internal only for temporary
    fengselsbetjent/fengselsførstebetjent posts of twelve months or less, with the
    representatives' agreement (for this case or a period)."""
    if a.internal_only:
        if v.permanent or (v.duration_months or 0) > INTERNAL_ONLY_MONTHS:
            raise RuleViolation(
                PR_4_2,
                f"internal-only announcement is for temporary posts of {INTERNAL_ONLY_MONTHS} "
                f"months or less; this post is "
                f"{'permanent' if v.permanent else f'{v.duration_months} months'}",
                "payload.channels",
            )
        if v.post_kind not in INTERNAL_ONLY_POSTS:
            raise RuleViolation(
                PR_4_2,
                "internal-only announcement is only for fengselsbetjent and "
                "fengselsførstebetjent posts",
                "payload.channels",
            )
        if not agreed_internal:
            raise RuleViolation(
                PR_4_2,
                "internal-only announcement needs the representatives' agreement, for this case "
                "or for a period",
                "payload.channels",
            )
        return
    for channel, rule in ((Channel.public, PR_4_1), (Channel.internal, PR_4_1),
                          (Channel.nav, PR_4_4)):  # fmt: skip
        if channel not in a.channels:
            raise RuleViolation(
                rule, f"the post must also be announced: {channel.value}", "payload.channels"
            )


class ReannounceReason(StrEnum):
    """§ 6: the four grounds on which a post is announced again."""

    too_few_qualified = "too_few_qualified"
    deviate_from_qualifications = "deviate_from_qualifications"
    too_long_since = "too_long_since"
    changed_conditions = "changed_conditions"


class Reannouncement(Payload):
    reason: ReannounceReason
    explanation: str = Field(min_length=1)

"""Disciplinary cases (PR-2012 §§ 17–20, § 3; TI-2020 § 2-5; fvl §§ 16, 24, 27, 29–33, 42).

assessing → no action | written warning | advance notice (fvl § 16) → reply or its deadline
→ deliberation: the appointing body's council votes (§ 19 nr. 2; the Justice Department for
embetsmenn and directors, § 19 nr. 1); no majority for a reaction: a minority member may take
it to the central council (§ 20 nr. 1) → decided (letter with reasons and appeal information,
fvl §§ 24, 27) → the three-week appeal window (fvl § 29) → stands, or an appeal (a linked
AppealCase) whose outcome resumes this case. An ordensstraff is deleted after five years
(§ 18). An urgent suspension or temporary transfer (§ 19 nr. 3) can come at any point and
lapses after six months without a dismissal decision (tjml § 16 nr. 2).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, model_validator

from states.authority import Body, Decider, Grants, Matter, council_for, first_free_level, grants_of
from states.calendar import (
    Deadline,
    add_days,
    add_working_days,
    fmt,
    shift_months,
)
from states.council import (
    QUORUM,
    SUPERIOR,
    Collegial,
    CouncilVote,
    Protocol,
    Sitting,
    Tally,
    Vote,
    central_council_for_person,
    check_composition,
    check_not_party,
    check_sitting,
    check_superior,
    check_vote,
    demand,
    for_case,
    leader_enters,
    protocol,
    seat_of,
    seated,
    tally,
    voting_seats,
)
from states.duties import (
    Action,
    DutyFile,
    DutySpec,
    Letter,
    Opening,
    Payload,
    Timer,
    by_party,
    decided_by,
)
from states.machine import MachineSpec, Step
from states.org import Council, CouncilKind, Org, Person, Role, Seat
from states.party_requests import (
    APPEAL_BODY_SUSPENSIVE,
    FVL_18,
    AccessDecision,
    AccessRequest,
    SuspensiveDecision,
    SuspensiveRecord,
    SuspensiveRequest,
    appeal_body_decides,
    check_access,
    may_decide_suspensive,
    request_pending,
)
from states.retention import PR18_YEARS as DELETION_YEARS  # PR-2012 § 18: one figure (M6)
from states.rules import RuleViolation
from states.suspension import (
    SuspensionExtension,
    appeal_window,
    decided_lapse,
    extendable,
    may_appeal_suspension,
    may_extend,
)

PR_18, PR_19_1, PR_19_2, PR_19_3 = (
    "PR-2012 § 18",
    "PR-2012 § 19 nr. 1",
    "PR-2012 § 19 nr. 2",
    ("PR-2012 § 19 nr. 3"),
)
PR_20_1, PR_20_2 = "PR-2012 § 20 nr. 1", "PR-2012 § 20 nr. 2"
TI_2_5 = "TI-2020 § 2-5"
FVL_16, FVL_24, FVL_27, FVL_29, FVL_30, FVL_31, FVL_42 = (
    "fvl § 16", "fvl § 24", "fvl § 27", "fvl § 29", "fvl § 30", "fvl § 31", "fvl § 42",
)  # fmt: skip
TJML_16 = "tjml § 16 nr. 2"
FVL_28_3 = "fvl § 28 tredje ledd"
# Oppsigelse is a tjenestemann's (tjml § 10; PR-2012 § 19 nr. 2 "si opp ... en tjenestemann");
# an embetsmann is removed only by judgment (Grunnloven § 22 second paragraph).
EMBETSMANN_NO_NOTICE = "Grunnloven § 22; tjml § 10"
# The default before issue 12 (cases that replay the old path keep it).
DESIGN_RECEIPT = (
    "design choice: without a recorded receipt, the letter reached the employee the day it was sent"
)
RECEIPT_DAYS = 3  # working days (docs/legal-choices.md "When receipt is unknown")
DESIGN_RECEIPT_PRESUMED = (
    "design choice: without a recorded receipt, the decision is presumed to have reached the "
    "employee on the third working day after it was sent; a recorded receipt replaces it"
)
NOTICE_DAYS = 14  # legal-notes: design choice, configurable per case
SUSPENSION_MONTHS = 6
LATE_LIMIT_MONTHS = 12  # fvl § 31: "ett år siden vedtaket ble truffet"


class Reaction(StrEnum):
    """Reactions under the act; each an enkeltvedtak (PR-2012 § 3 third paragraph)."""

    ordensstraff = "ordensstraff"
    oppsigelse = "oppsigelse"
    avskjed = "avskjed"
    suspensjon = "suspensjon"
    forflytting = "forflytting"


# § 20 nr. 1: "oppsigelse, avskjed eller ordensstraff"; forflytting is an ordensstraff (tjml § 14,
# statsansatteloven § 25: "forflytting"), so a minority wanting it may demand the central council.
ESCALATABLE = {Reaction.ordensstraff, Reaction.forflytting, Reaction.oppsigelse, Reaction.avskjed}
NONE = "none"

# How harsh a reaction is (docs/legal-choices.md "The ladder of reactions"): an ordensstraff
# grows with the months of seniority lost; suspension and transfer sit between it and oppsigelse.
RANK = {NONE: 0, Reaction.ordensstraff: 1, Reaction.forflytting: 2, Reaction.suspensjon: 2,
        Reaction.oppsigelse: 3, Reaction.avskjed: 4}  # fmt: skip


def harshness(choice: str | None, months: int | None = None) -> tuple[int, int]:
    choice = choice or NONE
    return RANK[choice], (months or 0) if choice == Reaction.ordensstraff else 0


def within_notice(notice: Notice, reaction: str, months: int | None) -> bool:
    """fvl § 16: the decision may be what the notice named or milder; a suspension only where
    the notice named it, or oppsigelse or avskjed (tjml § 16: pending those)."""
    if reaction == Reaction.suspensjon or notice.reaction == Reaction.suspensjon:
        named = {Reaction.suspensjon, Reaction.oppsigelse, Reaction.avskjed}
        return reaction == notice.reaction or (
            reaction == Reaction.suspensjon and notice.reaction in named
        )
    return harshness(reaction, months) <= harshness(notice.reaction, notice.seniority_months)


def majority_decision(votes: list[Vote], majority: str) -> tuple[Reaction, int | None]:
    """§ 19 nr. 2, § 20 nr. 1: the reaction more than half the votes cast agree on, and for an
    ordensstraff the longest term more than half the votes cast stand behind (a vote for a
    longer term counts for every shorter one): the majority's own term, never a median."""
    reaction = Reaction(majority)
    if reaction != Reaction.ordensstraff:
        return reaction, None
    terms = sorted({v.severity for v in votes if v.choice == majority}, reverse=True)
    for term in terms:
        behind = sum(1 for v in votes if v.choice == majority and v.severity >= term)
        if behind * 2 > len(votes):
            return reaction, term
    return reaction, min(terms)  # unreachable: the majority stands behind its shortest term


class DisciplineOpening(Opening):
    """Opened by a leader, or by a report of neglect handed over (TI-2020 § 2-5)."""

    summary: str = Field(min_length=1)
    report_case_id: str | None = None
    # fvl § 6: the leaders who stood aside in the report handed over (attack review): they stay
    # disqualified in the disciplinary case, whose leader steps go to the next level.
    disqualified: list[str] = Field(default_factory=list)


def check_opening(grants: Grants, opening: DisciplineOpening, unit_id: str | None) -> None:
    """TI-2020 § 2-5: a leader opens the case (or a report of neglect handed over): someone the
    register holds as a leader over the employee's unit on the day (`Grants.heads`), or an HR
    officer serving that unit."""
    if not (grants.heads(unit_id) or grants.serves(unit_id)):
        raise RuleViolation(
            TI_2_5,
            f"a disciplinary case is opened by a leader over the employee's unit ({unit_id})",
            "actor.role",
        )
    if grants.person_id == opening.employee_id:
        raise RuleViolation("fvl § 6", "nobody opens a case against themselves", "actor.person_id")


class OrdensstraffForm(StrEnum):
    """The form of an ordensstraff (tjml § 14; statsansatteloven § 25, legal-notes: "loss of
    seniority (1 month to 2 years), written reprimand (embetsmenn) or transfer")."""

    seniority = "seniority"  # tap av ansiennitet: `seniority_months`
    reprimand = "skriftlig_irettesettelse"  # an embetsmann's ordensstraff (disc6)


def _graded(reaction: Reaction | None, months: int | None, form: OrdensstraffForm | None) -> None:
    """An ordensstraff states its months of seniority lost, unless it is a written reprimand
    (no months); no other reaction has months or a form."""
    if reaction != Reaction.ordensstraff:
        if months is not None or form is not None:
            raise ValueError("seniority_months, form: only for ordensstraff")
    elif form == OrdensstraffForm.reprimand:
        if months is not None:
            raise ValueError("seniority_months: a skriftlig irettesettelse has none")
    elif months is None:
        raise ValueError("seniority_months: required for ordensstraff, and only for it")


class Notice(Payload):
    """fvl § 16: what the case is about, the facts, the legal basis; the letter adds the right
    to a representative and to see the documents (fvl § 18), and the reply deadline."""

    reaction: Reaction
    seniority_months: int | None = Field(default=None, ge=1, le=24)
    form: OrdensstraffForm | None = None  # an ordensstraff's form; None: loss of seniority
    facts: str = Field(min_length=1)
    legal_basis: str = Field(min_length=1)
    reply_days: int = Field(default=NOTICE_DAYS, ge=7, le=60)

    @model_validator(mode="after")
    def _graded(self) -> Notice:
        _graded(self.reaction, self.seniority_months, self.form)
        return self


class WarningNotice(Payload):
    """The warning the unit leader intends to give, and the reply deadline (TI-2020 § 2-5)."""

    facts: str = Field(min_length=1)
    reasons: str = Field(min_length=1)
    reply_days: int = Field(default=NOTICE_DAYS, ge=7, le=60)


class Reply(Payload):
    statement: str = ""
    representative: str | None = None
    documents_seen: bool = False
    # fvl § 16 (disc9): the party has said all they will; an HR officer who records the reply
    # for them must have that from them before it ends the reply period early.
    nothing_more: bool = False


def check_party_reply(statement: str, nothing_more: bool, own: bool) -> None:
    """fvl § 16 ("høve til å uttale seg innen en nærmere angitt frist"; disc8, disc9): a reply is
    the party's. One recorded for them (`by_party`: an HR officer serving the unit) carries the
    party's statement; an empty one is nobody's reply and is refused. `own`: the party acts.
    Used for the advance notice, the warning and the appeal's detriment notice alike."""
    if not statement.strip() and not (own and nothing_more):
        raise RuleViolation(
            FVL_16,
            "a reply states what the party says (or, their own, that they have nothing more "
            "to say): an empty reply recorded for them is not their reply",
            "payload.statement",
        )


def reply_ends_period(nothing_more: bool, own: bool) -> bool:
    """fvl § 16 (disc8, disc9): the party's own reply ends the reply period early, or one
    recorded for them that says they have nothing more to say; any other reply recorded by HR
    is kept, and the period runs to its last day (the party may still add to it)."""
    return own or nothing_more


class VotePayload(Payload):
    choice: str = Field(pattern="^(none|ordensstraff|oppsigelse|avskjed|suspensjon|forflytting)$")
    seniority_months: int | None = Field(default=None, ge=1, le=24)
    reasons: str = ""


class DecisionPayload(Payload):
    """The decision's reasons (fvl § 24) and its suspensive effect (fvl § 42). Where the body
    is one person (the Justice Department, the central council's leader for it), the reaction."""

    reasons: str = Field(min_length=1)
    facts: str = Field(min_length=1)
    reaction: Reaction | None = None
    seniority_months: int | None = Field(default=None, ge=1, le=24)
    form: OrdensstraffForm | None = None  # an ordensstraff's form (disc6)
    suspensive_effect: bool = False  # fvl § 42: the decision waits for the appeal
    suspensive_reasons: str = ""

    @model_validator(mode="after")
    def _form(self) -> DecisionPayload:
        if self.form is not None:
            _graded(self.reaction, self.seniority_months, self.form)
        return self


class Escalation(Payload):
    reasons: str = ""  # § 13 nr. 5 by analogy: a short deadline for written reasons


class ReceiptSource(StrEnum):
    """fvl § 29: who knows the day the decision reached the party."""

    delivery_receipt = "delivery_receipt"  # the HR system's receipt for a letter
    digital_delivery = "digital_delivery"  # the timestamp of a digital delivery
    party = "party"  # the employee says so


class PostedSource(StrEnum):
    """fvl § 30 (disc11): who shows the day an appeal was posted or sent, when it is earlier
    than the day it was registered: HR serving the unit records either from its own records."""

    postmark = "postmark"  # the envelope's postmark, recorded by HR
    digital_channel = "digital_channel"  # the digital channel's timestamp


class Receipt(Payload):
    received_on: date
    source: ReceiptSource = ReceiptSource.party


class Appeal(Payload):
    grounds: str = Field(min_length=1)
    # fvl § 30: the day the appeal was handed to the post or sent (the day it reached the
    # body when handed in): in time if that day is within the window, whenever it is registered.
    posted_on: date
    # fvl § 29: the day the decision reached the party, when the appeal brings it (a party's
    # rights are not lost to the form of the event: it counts as a DecisionReceived would).
    received_on: date | None = None
    source: ReceiptSource = ReceiptSource.party
    # fvl § 30 (disc11): what shows a posting day earlier than the registration day; None: the
    # party's own word, which the appeal body weighs in late review (docs/legal-choices.md).
    posted_source: PostedSource | None = None


class UrgentSuspension(Payload):
    measure: str = Field(pattern="^(suspension|temporary_transfer)$")
    reasons: str = Field(min_length=1)


class Closing(Payload):
    reasons: str = Field(min_length=1)


class ClosedRound(BaseModel):
    """fvl § 16 (disc10): the council's votes on an earlier advance notice, closed when a new
    notice was sent; kept on the record (the case view, the journal), never wiped."""

    n: int
    notice: Notice
    closed_on: date
    votes: list[Vote]  # the appointing council's (§ 19 nr. 2)
    main: Sitting  # its sitting: convening, signatures, reasons
    central: Sitting  # the central council's, once the minority took it there (§ 20 nr. 1)
    sent_by: str
    why: str


def department_decides(person: Person, org: Org, on: date) -> bool:
    """PR-2012 § 19 nr. 1 (an embetsmann) and § 10 nr. 1 (the directors the Department
    appoints): the Department decides the disciplinary case; the door's Department ground
    (intake/access.py) asks the same question (issue 15 re-review M3)."""
    directors = {Role.regional_director, Role.krus_director, Role.kitt_director}
    return person.embetsmann or bool(org.roles_of(person.person_id, on=on) & directors)


class DisciplineFile(DutyFile):
    notice: Notice | None = None
    notice_sent: date | None = None
    reply_due: Deadline | None = None
    votes: list[Vote] = Field(default_factory=list)
    escalated: bool = False
    reaction: Reaction | None = None
    seniority_months: int | None = None
    decided_on: date | None = None
    received_on: date | None = None
    received_source: str | None = None  # fvl § 29: who recorded the receipt (issue 12 review)
    # fvl § 29 (disc9): the receipt recorded by HR (True) or by the party (False); None before
    received_by_hr: bool | None = None
    window: Deadline | None = None
    reasons_pending: bool = False  # fvl § 24: a request for reasons keeps the window open
    appeals: int = 0
    appeal_late: bool = False
    appeal_decided: bool = False  # fvl § 28 third paragraph: no appeal against it
    # fvl § 28 third paragraph with § 2 third paragraph (appeal10): the deciding body's avvisning
    # of the last appeal (its rule and why), the day and the three weeks to appeal it (fvl § 29);
    # `barred`: the rule and reason of an appeal opened to be dismissed, until it is.
    barred: str | None = None
    avvisning: str | None = None
    avvisning_on: date | None = None
    avvisning_window: Deadline | None = None
    suspension_lapses: date | None = None
    # The suspension's own appeal, extension and lapse (states/suspension.py).
    suspended_on: date | None = None
    suspension_ended: bool = False  # lapsed or lifted; a dismissal decision ends only its limit
    suspended_by: str | None = None
    suspension_window: Deadline | None = None
    suspension_appeal_open: bool = False
    council_suspension: bool = False
    # TI-2020 § 2-5: the employee's reply before a written warning (issue 12's review; False
    # in cases recorded before, which gave warnings without it).
    hear_before_warning: bool = False
    warning_due: Deadline | None = None
    warning_heard: bool = False
    # fvl § 42 and §§ 18–19: the party's requests and their decisions (states/party_requests.py).
    suspensive_requested_on: date | None = None
    suspensive: SuspensiveRecord | None = None
    access_requested_on: date | None = None
    access_given: list[str] = Field(default_factory=list)
    document_ids: list[str] = Field(default_factory=list)  # the case's documents, in order
    # Issue 13: the central council decides an escalation as a council (§ 11 nr. 6, § 13).
    central: Sitting = Field(default_factory=Sitting)
    collegial: bool = False
    protocol: Protocol | None = None
    # Lawyer's review: the central council's close without reaction needs its signed protocol
    # (§ 13 nr. 3-4), as its decisions do; set when the case is escalated (workflow.patched).
    central_close_protocol: bool = False
    # § 18 for a forflytting (an ordensstraff, § 20 nr. 1; tjml § 14): the five-year deletion
    # runs for it too; set when the decision is made (workflow.patched), False in older cases.
    forflytting_deleted: bool = False
    exit_offers: int = 0  # § 26 exit interviews offered by this case (each its own case id)
    exit_until: date | None = None  # § 26: the last day the newest offer stands until
    # Lawyer's review: where the deciding body is a council, its § 42 decision and the
    # suspension's extension are the council's (votes, composition, quorum, protocol), as its
    # other decisions; set when the case opens (workflow.patched), False in older cases.
    council_matters: bool = False
    matters: Sitting = Field(default_factory=Sitting)
    matter_protocol: Protocol | None = None
    # fvl § 42 (appeal10): the central council as appeal body on suspensive effect
    appeal_body_matters: Sitting = Field(default_factory=Sitting)
    appeal_body_protocol: Protocol | None = None
    # Issue 12's legal review: the main vote and decision of the appointing council go through
    # the one collegial machinery (`MAIN_COUNCIL`): § 11 composition with the per-case seat of
    # the nearest superior, § 13 quorum, votes with reasons, the signed protocol (§ 13 nr. 4).
    # Set when the case opens (workflow.patched "disc6-main-council"), False in older cases.
    main_council: bool = False
    # statsansatteloven § 25 (disc6): the ordensstraff's form, a skriftlig irettesettelse for
    # an embetsmann; None: loss of seniority (or a case decided before disc6)
    ordensstraff_form: str | None = None
    main: Sitting = Field(default_factory=Sitting)
    main_protocol: Protocol | None = None
    # The lawyer's review of issue 12 (disc7): the leader enters only what the majority voted
    # (§ 19 nr. 2, § 13 nr. 4), signatures by the person who cast the seat's vote, the seated
    # superior checked at each step, the minority read from the protocol. Set when the case
    # opens (workflow.patched "disc7-review"), False in older cases.
    disc7: bool = False
    # disc8: when the register names no usable nearest superior, the § 11 nr. 3-4 seat stays
    # empty (`usable_superior`); set when the case opens (workflow.patched
    # "disc8-superior-fallback"), False in older cases.
    superior_fallback: bool = False
    # Issue 15's review (queue4): the deciding council sits only on a matter before it (a
    # request for suspensive effect, a suspension whose limit may be extended); set when the
    # case opens (workflow.patched "queue4-matter-pending"), False in older cases.
    matter_pending: bool = False
    # The lawyer's review of issue 12 (disc9): a receipt date brought with an appeal never
    # refuses the appeal once a receipt is recorded (fvl §§ 29-30); set when the case opens
    # (workflow.patched "disc9-review"), False in older cases.
    disc9: bool = False
    # disc10 (workflow.patched "disc10-review", set when the case opens): a new notice after the
    # council voted only as fvl § 16 needs it, sent by the deciding body, the votes kept as a
    # closed round; no § 20 nr. 1 demand once the decision is made (fvl § 35); the central
    # council's ordensstraff vote states its months (§ 18); the urgent suspension lapses with a
    # case that ends without a dismissal (§ 19 nr. 3). False in older cases.
    disc10: bool = False
    rounds: list[ClosedRound] = Field(default_factory=list)  # fvl § 16: votes on earlier notices
    # § 13 nr. 1-2 for the central council (workflow.patched "disc10-convene", set when the
    # case opens): convened before it votes. False in older cases.
    convene10: bool = False
    # § 13 nr. 1-2 for the appointing council's main vote (workflow.patched "mainconv-convene",
    # set when the case opens): its leader convenes it before it votes. False in older cases.
    convene_main: bool = False
    # Issue 12's appeal review (appeal10, workflow.patched "appeal10-review", set when the case
    # opens): fvl § 31's year is measured on the day the appeal was posted or sent (fvl § 30),
    # not the day it was registered; a receipt brought with it is recorded by that measure.
    appeal10: bool = False
    # The attack review of disc10+appeal10 (disc11, workflow.patched "disc11-review", set when the
    # case opens): the minority's § 20 nr. 1 demand is not cut off by the leader's entry; a
    # decided suspension appeal is not heard again, a late one opens to be dismissed (fvl §§ 28,
    # 31); the appeal body's fvl § 42 council sits only once seized of the appeal. False before.
    disc11: bool = False
    under_appeal: bool = False  # disc11: an appeal of the decision is before the bodies
    # fvl § 28 third paragraph (disc11): the suspension (its day and lapse) whose appeal the
    # appeal body decided; a later appeal against the same decision is dismissed.
    suspension_appeal_decided: str | None = None
    suspension_extensions: int = 0  # tjml § 16 nr. 2: each extension a decision of its own
    suspension_received_on: date | None = None  # fvl § 29 (disc11): recorded once, it stands
    # The final review of issue 12 (disc12, workflow.patched "disc12-review", set when the case
    # opens): the minority's § 20 nr. 1 chance lasts to the end of the day it voted, where the
    # council votes after its meeting day; the suspension's avvisning is not appealed in the
    # case (fvl § 28 third paragraph). False before.
    disc12: bool = False

    def council(self) -> Council | None:
        """§ 10 nr. 2: the appointing council, seated as the register has it on the step's
        date (`register_org`, cases opened after disc6)."""
        return council_for(self.subject(), self.register_org(), self.on())

    def central_sitting(self) -> Council | None:
        """§ 11 nr. 6: the central council as it sits for this employee's case."""
        person = self.subject()
        org = self.register_org()
        return central_council_for_person(org, person.person_id, person.unit_id, self.on())

    def central_council(self) -> Council | None:
        return next((c for c in self.register_org().councils if c.kind == CouncilKind.central),
                    None)  # fmt: skip

    def by_department(self) -> bool:
        """§ 19 nr. 1 (embetsmenn) and § 10 nr. 1 (the directors the Department appoints)."""
        return department_decides(self.subject(), self.org, self.on())

    def late(self, posted_on: date) -> bool:
        """fvl §§ 29–30: late when posted or sent after the window's last day; never while a
        request for reasons is pending (fvl § 24: a new window runs from the reasons)."""
        if self.reasons_pending:
            return False
        return self.window is not None and posted_on > self.window.due

    def set_aside(self) -> None:
        """§ 20 nr. 1 within the appeal window: the council's decision gives way to the central
        council's; its window and receipt go with it."""
        self.reaction = self.seniority_months = self.window = None
        self.received_on = self.received_source = None
        self.reasons_pending = False

    def open_window(self, start: date, why: str) -> None:
        """fvl § 29: three weeks from the day the notification reached the employee."""
        self.window = appeal_window(start, why)


# -- guards ---------------------------------------------------------------------------------


def _register(case: DisciplineFile, data: dict[str, Any]) -> Grants:
    """The actor's grants from the command; for a command recorded before issue 11 (no grants),
    the case's register slice on the day, which these guards read then too."""
    grants: Grants | None = data.get("grants")
    if grants is None or grants.legacy:
        return grants_of(case.org, data["actor"].person_id, case.on())
    return grants


def _deciding_body(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 19: the council's leader closes its vote; the Justice Department decides alone."""
    actor = data["actor"].person_id
    if case.by_department():
        if not _register(case, data).holds(Role.justice_department):
            raise RuleViolation(
                PR_19_1,
                "the Justice Department decides for embetsmenn and the directors it appoints",
                "actor.person_id",
            )
        p = data["payload"]
        if p.reaction is None:
            raise RuleViolation(PR_19_1, "state the reaction decided", "payload.reaction")
        check_embetsmann(case, p.reaction, "payload.reaction")
        check_form(case, p.reaction, p.form)
        _no_harsher(case, p.reaction, p.seniority_months, "payload.reaction")
        return
    council = main_sitting(case) if case.main_council else case.council()
    if council is None or council.leader != actor:
        raise RuleViolation(
            PR_19_2,
            "the appointing body decides: its council's leader enters "
            "the decision the council voted",
            "actor.person_id",
        )
    if case.main_council:
        # § 11, § 13 nr. 3-4: composed (the nearest superior seated, still theirs on the day),
        # a quorum that voted and signed the protocol as it stands; entered with the protocol.
        check_sitting(council, case.main)
        check_seated_superior(case)
        MAIN_COUNCIL.check_in_session(case)  # § 13 nr. 1-2 (mainconv): convened, in session
    result = tally(council, case.votes)
    if not result.quorum:
        raise RuleViolation(
            "PR-2012 § 13 nr. 3",
            f"{result.cast} of {result.voters} members have voted: at least half must take part",
        )
    if result.majority in (None, NONE):
        raise RuleViolation(
            PR_19_2,
            "no majority for a reaction: close the case, or a minority "
            "member may take it to the central council (§ 20 nr. 1)",
        )
    reaction, months = majority_decision(seated(council, case.votes), result.majority)
    if case.disc7:
        as_voted(data["payload"], reaction, months)
    if case.disc11 and case.main_council:
        _minority_had_its_chance(case, council, reaction, months)
    _no_harsher(case, reaction, months, "votes")
    data["decided"] = result.majority
    if case.main_council:
        check_not_party(actor, _party(case))  # fvl § 6 første ledd bokstav a
        data["council_decision"] = protocol(council, case.main, result.majority, PR_19_2,
                                            case.today)  # fmt: skip
        data["collegial"] = MAIN_COUNCIL


def _minority_had_its_chance(
    case: DisciplineFile, council: Council, reaction: Reaction, months: int | None
) -> None:
    """PR-2012 § 20 nr. 1 with § 13 nr. 3-5 (disc11; docs/legal-choices.md "The minority's
    chance to demand"): the demand is made in the meeting, before the leader enters the decision
    (which closes it, disc10); so the leader enters it only once every seat that voted for a
    harsher reaction than the majority's has signed the protocol as it stands (seen the
    decision, and not demanded), or the meeting day set when the council was convened is past
    (§ 13 nr. 3: a member who stays away or will not sign does not hold the decision up);
    disc12: and the day the vote was finished (every seat's vote cast), where the council met
    later."""
    decided = harshness(reaction, months)
    harsher_votes = [
        v
        for v in seated(council, case.votes)
        if v.choice in ESCALATABLE and harshness(v.choice, v.severity) > decided
    ]
    meeting = case.main.meeting_on
    # disc12: a council that votes after its meeting day (check_in_meeting: "on or after")
    # meets that day. The minority may demand only once every seat has voted
    # (`_voting_finished`), so its chance ends with the day the vote was finished — the latest
    # vote of any seat, not only the harsher ones (a harsher vote cast early must not lose it).
    seated_votes = seated(council, case.votes)
    cast = [v.cast_on for v in seated_votes if v.cast_on is not None] if case.disc12 else []
    ends = max([meeting, *cast]) if meeting is not None else None
    if ends is not None and case.today > ends:
        return
    harsher = {seat_of(council, v.member_id) for v in harsher_votes}
    missing = sorted(harsher - case.main.signed())
    if missing:
        raise RuleViolation(
            PR_20_1,
            "the minority that voted for a harsher reaction may demand the central council in "
            "the meeting: the decision waits for their signature on the protocol as it stands, "
            f"or the end of the meeting day; not signed: {', '.join(missing)}",
            "signatures",
        )


def as_voted(payload: Any, reaction: Reaction, months: int | None, rule: str = PR_19_2) -> None:
    """PR-2012 § 19 nr. 2 with § 13 nr. 4 (disc7): the council decides by its members' votes;
    the leader enters the majority's reaction and term, nothing else. A reaction, term or form
    in the payload is refused unless it is what the majority voted (a council's vote carries
    no form: a skriftlig irettesettelse is the Justice Department's, § 19 nr. 1). `rule`: the
    rule the council decides under (§ 20 nr. 2 for the central council's change on appeal)."""
    term = f" ({months} months)" if months else ""
    if payload.reaction is not None and payload.reaction != reaction:
        raise RuleViolation(
            rule,
            f"the council's majority decided {reaction}{term}, not {payload.reaction}: "
            "the leader enters the decision the council voted",
            "payload.reaction",
        )
    if payload.reaction is not None and payload.seniority_months != months:
        raise RuleViolation(
            rule,
            f"the council's majority decided {reaction}{term}, not "
            f"{payload.seniority_months} months: the leader enters the term the council voted",
            "payload.seniority_months",
        )
    if payload.seniority_months is not None and payload.reaction is None:
        raise RuleViolation(
            rule,
            "the term is the majority's (its votes): state none, or the majority's reaction "
            "with it",
            "payload.seniority_months",
        )
    if payload.form is not None:
        raise RuleViolation(
            rule,
            "the council's members voted no form: the leader cannot add one (a skriftlig "
            "irettesettelse is the Justice Department's, § 19 nr. 1)",
            "payload.form",
        )


def _no_suspensive_flag(case: DisciplineFile, data: dict[str, Any]) -> None:
    """fvl § 42: "Underinstansen eller klageinstansen kan etter anmodning fra en part eller av
    eget tiltak beslutte at vedtaket ikke skal iverksettes før klagefristen er ute eller klagen
    er avgjort": a decision of its own, with reasons (SuspensiveEffectRequested/Decided), not a
    yes/no flag on the main decision (cases opened after the attack review)."""
    p = data["payload"]
    if case.review5 and (p.suspensive_effect or p.suspensive_reasons.strip()):
        raise RuleViolation(
            FVL_42,
            "suspensive effect is decided on its own, with reasons, by the body that may make "
            "it (SuspensiveEffectRequested, SuspensiveEffectDecided): not a flag on the decision",
            "payload.suspensive_effect",
        )


def _no_harsher(case: DisciplineFile, reaction: str, months: int | None, field: str) -> None:
    """fvl § 16: the party was warned of one reaction; a harsher one needs a new notice and a
    new reply period (send_notice again from deliberation or the central council)."""
    if case.notice and not within_notice(case.notice, reaction, months):
        named = case.notice.reaction + (
            f" ({case.notice.seniority_months} months)" if case.notice.seniority_months else ""
        )
        raise RuleViolation(
            FVL_16,
            f"{reaction} is harsher than the advance notice named ({named}): "
            "send a new notice and wait for the reply first",
            field,
        )


def check_embetsmann(case: DutyFile, reaction: str, field: str) -> None:
    """§ 19 nr. 1: for an embetsmann (the register's Person.embetsmann) the Department decides
    ordensstraff; oppsigelse does not exist for an embetsmann (Grunnloven § 22; tjml § 10);
    the other reactions are not the Department's under § 19 nr. 1."""
    if not case.subject().embetsmann:
        return
    if reaction == Reaction.oppsigelse:
        raise RuleViolation(
            EMBETSMANN_NO_NOTICE,
            "an embetsmann cannot be given oppsigelse: only a tjenestemann can (tjml § 10); "
            "an embetsmann is removed only by judgment",
            field,
        )
    if reaction != Reaction.ordensstraff:
        raise RuleViolation(
            PR_19_1,
            "for an embetsmann the Justice Department decides ordensstraff (and avskjed on "
            f"application or at the age limit, the end of a suspension), not {reaction}",
            field,
        )


def _notice_for_embetsmann(case: DisciplineFile, data: dict[str, Any]) -> None:
    check_embetsmann(case, data["payload"].reaction, "payload.reaction")
    check_form(case, data["payload"].reaction, data["payload"].form)


def _new_notice(case: DisciplineFile, data: dict[str, Any]) -> None:
    """fvl § 16 with § 19 nr. 1-2 and § 20 nr. 1 (disc10; docs/legal-choices.md "A new notice
    after the council voted"): once the case is before the deciding body, a new notice is that
    body's step, never the unit leader's alone: the Justice Department (§ 19 nr. 1), or the
    leader of the council that has the case (§ 19 nr. 2; the central council's, § 20 nr. 1),
    who enters what the council wants. Before its members vote the body may order it; once they
    have voted only when their majority (with a quorum, § 13 nr. 3) wants a reaction harsher
    than the notice named, and the new notice names at least that. Cases opened before disc10:
    the unit leader's step, as then (TI-2020 § 2-5)."""
    if not case.disc10:
        _leader_step(case, data)
        return
    actor, notice = data["actor"].person_id, data["payload"]
    if case.by_department():
        if not _register(case, data).holds(Role.justice_department):
            raise RuleViolation(PR_19_1, "the Justice Department decides this case: it sends a "
                                "new notice, not the unit leader", "actor.person_id")  # fmt: skip
        data["decider"] = Decider(person_id=actor, body=Body.justice_department, rule=PR_19_1)
        return
    rule = PR_20_1 if case.escalated else PR_19_2
    if case.escalated:
        council = case.central_sitting() if case.collegial else case.central_council()
        votes = case.central.votes
    else:
        council, votes = _main(case), case.votes
    council = leader_enters(council, actor, rule)  # the deciding council's leader, for it
    data["decider"] = Decider(person_id=actor, body=Body.appointment_council, rule=rule,
                              on_behalf_of=council.council_id)  # fmt: skip
    if not votes:
        return
    result = tally(council, votes)
    wanted = None
    if result.quorum and result.majority not in (None, NONE):
        wanted = majority_decision(seated(council, votes), result.majority)
    if wanted is None or (case.notice and within_notice(case.notice, *wanted)):
        raise RuleViolation(
            FVL_16,
            f"{council.name} has voted on the notice ({len(votes)} votes): a new notice only "
            "when its majority wants a reaction harsher than the notice named; otherwise it "
            "decides on the votes cast",
            "votes",
        )
    if not within_notice(notice, *wanted):
        term = f" ({wanted[1]} months)" if wanted[1] else ""
        raise RuleViolation(FVL_16, f"the council's majority wants {wanted[0]}{term}: the new "
                            "notice names that reaction", "payload.reaction")  # fmt: skip


def notice_sent(case: DisciplineFile, notice: Notice, by: str) -> str | None:
    """The effect of `send_notice` (fvl § 16): the notice and its reply period; the votes on an
    earlier notice close as a round kept on the record (disc10), and the councils vote anew on
    the new notice after the reply, convened anew (§ 13 nr. 1: the reply is a new paper).
    Returns the journal's note of the closed round, if any (pure but for the case file)."""
    note = None
    if case.notice is not None and (case.votes or case.central.votes):
        n = len(case.rounds) + 1
        why = "a new notice (fvl § 16): the council votes anew after the reply"
        case.rounds.append(ClosedRound(
            n=n, notice=case.notice, closed_on=case.today, votes=case.votes, main=case.main,
            central=case.central, sent_by=by, why=why,
        ))  # fmt: skip
        named = case.notice.reaction + (
            f" ({case.notice.seniority_months} months)" if case.notice.seniority_months else ""
        )
        # The count and the votes stay internal (fvl § 18 a): the party reads this journal.
        note = f"round {n} closed: the votes on the notice of {named} kept in the record; {why}"
    case.votes = []
    case.central = Sitting(demands=case.central.demands)  # the central council's round too
    case.main = Sitting(superior_id=case.main.superior_id)  # the seated superior stays
    case.notice, case.notice_sent = notice, case.today
    case.reply_due = notice_deadline(case.today, notice.reply_days)
    return note


# statsansatteloven § 25 (tjml § 14) with PR-2012 § 19 nr. 1: an embetsmann's ordensstraff is
# a skriftlig irettesettelse (docs/legal-choices.md "An embetsmann's ordensstraff").
EMBETSMANN_ORDENSSTRAFF = "statsansatteloven § 25; PR-2012 § 19 nr. 1"


def check_form(case: DisciplineFile, reaction: Reaction | None, form: str | None) -> None:
    """An embetsmann's ordensstraff only as a skriftlig irettesettelse (not loss of seniority,
    not forflytting); a written reprimand only for an embetsmann (a tjenestemann's ordensstraff
    is loss of seniority or forflytting). Cases opened after disc6 (`case.main_council`)."""
    if not case.main_council or reaction is None:
        return
    check_ordensstraff_form(case.subject().embetsmann, reaction, form)


def check_ordensstraff_form(embetsmann: bool, reaction: Reaction, form: str | None) -> None:
    """statsansatteloven § 25 with § 19 nr. 1: the form of an ordensstraff follows the person
    (the register's `embetsmann`), whoever decides it, the appeal body included (disc8)."""
    reprimand = form == OrdensstraffForm.reprimand
    if embetsmann and reaction in (Reaction.ordensstraff, Reaction.forflytting) and not reprimand:
        raise RuleViolation(
            EMBETSMANN_ORDENSSTRAFF,
            "an embetsmann's ordensstraff is a skriftlig irettesettelse (form "
            f"'{OrdensstraffForm.reprimand}'): not loss of seniority or forflytting",
            "payload.form",
        )
    if reprimand and not embetsmann:
        raise RuleViolation(
            EMBETSMANN_ORDENSSTRAFF,
            "a skriftlig irettesettelse is an embetsmann's ordensstraff; a tjenestemann's is "
            "loss of seniority or forflytting",
            "payload.form",
        )


def _council_vote(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 19 nr. 2 with § 13 nr. 4: a member of the appointing council as it sits for the case
    (in cases opened after disc6: the nearest superior seated, § 11 nr. 3-4; the seat judged on
    the step's date from the register, `DisciplineFile.council`) votes once, with reasons. The
    actor's checks come before the payload's (the work queue reads them so, states/tasks.py)."""
    if case.by_department():
        raise RuleViolation(PR_19_1, "the Justice Department decides this case; no council vote")
    council = main_sitting(case) if case.main_council else case.council()
    if council is None:
        raise RuleViolation(PR_19_2, "no appointing council is registered for this post")
    # fvl § 6 første ledd bokstav a: never the employee the case is about (their deputy votes).
    check_vote(council, case.votes, data["actor"].person_id, _party(case))
    v: VotePayload = data["payload"]
    if (v.choice == Reaction.ordensstraff) != (v.seniority_months is not None):
        raise RuleViolation(
            PR_19_2,
            "a vote for ordensstraff states the months of seniority lost",
            "payload.seniority_months",
        )
    if case.main_council:
        # § 11: the council votes as composed for the case, the nearest superior seated first
        # (before § 13 nr. 1-2's convening, which needs the composed council: mainconv).
        check_composition(council, "council", ": the leader seats the employee's nearest "
                          "superior first (DisciplineCouncilSuperiorSeated)")  # fmt: skip
        _current_superior(case, data)  # § 11 nr. 3-4 (disc7): seated superior still theirs
        MAIN_COUNCIL.check_vote(case, data)  # the one collegial machinery's vote row


def _party(case: DisciplineFile) -> str | None:
    """fvl § 6 første ledd bokstav a: the employee the case is about, who takes no part in the
    council's handling of it (cases opened after the attack review)."""
    return case.subject().person_id if case.review5 else None


def _no_majority_against(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 19 nr. 2: the council's majority voted for no reaction: its leader closes the case."""
    council = _main(case)
    result = tally(council, case.votes) if council else None
    if case.by_department() or result is None or result.majority != NONE or not result.quorum:
        raise RuleViolation(
            PR_19_2,
            "the case is closed without reaction only when the council's majority votes for none",
        )
    if council and council.leader != data["actor"].person_id:
        raise RuleViolation(PR_19_2, "the council's leader closes the case", "actor.person_id")
    _main_protocol(case, data, NONE)


def _no_majority_for_reaction(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 20 nr. 1: "Dersom det i tilsettingsrådet ikke er flertall for oppsigelse, avskjed eller
    ordensstraff, kan hvert medlem av mindretallet kreve saken avgjort av det sentrale
    tilsettingsrådet": with a quorum and no majority for anything, no reaction is decided; the
    leader closes the case, and the minority's demand stays open for a window
    (docs/legal-choices.md "No majority for a reaction")."""
    council = _main(case)
    result = tally(council, case.votes) if council else None
    if case.by_department() or result is None or not _council_split(case):
        raise RuleViolation(PR_20_1, "only a council with no majority for anything closes so")
    if not result.quorum:
        raise RuleViolation(PR_19_2, "the council has no quorum yet (§ 13 nr. 3)", "votes")
    if council and council.leader != data["actor"].person_id:
        raise RuleViolation(PR_19_2, "the council's leader closes the case", "actor.person_id")
    _main_protocol(case, data, result.majority or "no majority")


def _main(case: DisciplineFile) -> Council | None:
    """The appointing council as it decides the main case: as it sits for it (the per-case
    seat, § 11 nr. 3-4) in cases opened after disc6, else as the register slice has it."""
    return main_sitting(case) if case.main_council else case.council()


def _main_protocol(case: DisciplineFile, data: dict[str, Any], decision: str) -> None:
    """§ 13 nr. 3-4 (cases opened after disc6): a close without reaction is a decision of the
    council like any other: composed (§ 11), a quorum that took part and signed the protocol as
    it stands; the leader enters it with the protocol (the central council's close likewise)."""
    council = main_sitting(case) if case.main_council else None
    if council is None:
        return
    check_sitting(council, case.main)
    check_seated_superior(case)
    MAIN_COUNCIL.check_in_session(case)  # § 13 nr. 1-2 (mainconv): convened, in session
    data["council_decision"] = protocol(council, case.main, decision, PR_19_2, case.today)
    data["collegial"] = MAIN_COUNCIL


def _central_no_reaction(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 20 nr. 1: the central council decides the case; when its majority votes for no
    reaction, or it has a quorum and no majority for a reaction, no reaction is decided and its
    leader closes the case (the central council is the last instance: no further demand)."""
    if case.collegial:
        council = case.central_sitting()
        result = tally(council, case.central.votes) if council else None
        if result is None or not result.quorum or result.majority not in (None, NONE):
            raise RuleViolation(
                PR_20_1,
                "the central council closes without reaction only with a quorum and no "
                "majority for a reaction",
                "votes",
            )
    else:
        council = case.central_council()
    if council is None or council.leader != data["actor"].person_id:
        raise RuleViolation(
            PR_20_1, "the central council's leader closes the case", "actor.person_id"
        )
    if case.central_close_protocol:
        # § 13 nr. 3-4: the close is a decision of the council like any other: composed, a
        # quorum that took part and signed the protocol as it stands; the protocol is entered.
        CENTRAL_DISCIPLINE.check_in_session(case)  # § 13 nr. 1-2 (disc10)
        result = check_sitting(council, case.central)
        data["council_decision"] = protocol(
            council, case.central, result.majority or NONE, PR_20_1, case.today
        )


def _minority_may_escalate(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 20 nr. 1: no majority for oppsigelse, avskjed or ordensstraff: each minority member
    may demand the central council; also a minority wanting a harsher ordensstraff."""
    council = _main(case)
    if council is None or case.by_department():
        raise RuleViolation(PR_20_1, "only a council's minority may take the case further")
    actor = data["actor"].person_id
    check_not_party(actor, _party(case))  # fvl § 6 første ledd bokstav a
    entered = case.main_protocol if case.disc7 else None
    if entered is not None:
        # § 13 nr. 4 (disc7): once decided, the minority is the minority of the protocol the
        # leader entered, not of the register's council on the day of the demand.
        votes, result = entered.votes, protocol_tally(entered)
    else:
        votes = seated(council, case.votes)  # disc6: a replaced member's vote left with them
        result = tally(council, case.votes)
    mine = next((v for v in votes if v.member_id == actor), None)
    if mine is None:
        raise RuleViolation(PR_20_1, "only a member who voted may demand it", "actor.person_id")
    if case.review5:
        _voting_finished(case, council, result)
    decided = (0, 0)
    if result.majority not in (None, NONE):
        decided = harshness(*majority_decision(votes, result.majority))
    if mine.choice not in ESCALATABLE or harshness(mine.choice, mine.severity) <= decided:
        raise RuleViolation(
            PR_20_1,
            "only a member who voted for a harsher reaction (oppsigelse, avskjed or "
            "ordensstraff, or a harsher ordensstraff) than the majority's may take the case "
            "to the central council",
            "actor.person_id",
        )


def protocol_tally(entered: Protocol) -> Tally:
    """The tally of an entered protocol (§ 13 nr. 4): its seats and its seated votes."""
    counts = Counter(v.choice for v in entered.votes)
    top = counts.most_common(1)
    majority = top[0][0] if top and top[0][1] * 2 > len(entered.votes) else None
    return Tally(
        voters=len(entered.members),
        cast=len(entered.votes),
        counts=dict(counts),
        quorum=len(entered.votes) * 2 >= len(entered.members),
        majority=majority,
        minority=[v.member_id for v in entered.votes if v.choice != majority],
    )


def _voting_finished(case: DisciplineFile, council: Council, result: Tally) -> None:
    """§ 13 nr. 3: "Rådet er beslutningsdyktig om minst halvparten av medlemmene deltar": a
    demand under § 20 nr. 1 needs a council's result, so a quorum; and before the leader has
    closed the vote (a decision, or a close without a majority) every seat has voted, so that
    a minority is a minority of the finished vote (docs/legal-choices.md "The minority's demand
    needs a finished vote")."""
    if not result.quorum:
        raise RuleViolation(
            QUORUM,
            f"{result.cast} of {result.voters} members have voted: at least half must take part "
            "before there is a minority that may demand the central council",
            "votes",
        )
    if case.reaction is None and case.window is None:  # the vote is not closed yet
        votes = seated(council, case.votes) if case.disc7 else case.votes  # disc7: as seated
        voted = {seat_of(council, v.member_id) for v in votes}
        missing = sorted(set(voting_seats(council)) - voted)
        if missing:
            raise RuleViolation(
                QUORUM,
                "the vote is not finished (no vote from " + ", ".join(missing) + "): the "
                "minority may demand the central council once every member has voted or the "
                "leader has closed the vote",
                "votes",
            )


def closed_without_majority(case: DisciplineFile) -> None:
    """§ 20 nr. 1 (docs/legal-choices.md "No majority for a reaction"): the minority's demand
    stays open three weeks from the day the leader closes the case, as after a decision."""
    case.open_window(case.today, "no majority for a reaction: the minority may demand the "
                     "central council (PR-2012 § 20 nr. 1)")  # fmt: skip


def _central_sitting(case: DisciplineFile) -> Council | None:
    return case.central_sitting() if case.collegial else None


# § 20 nr. 1, § 11 nr. 6, § 13 nr. 3-4: the central council decides by its members' votes;
# § 13 nr. 1-2: convened before it votes, in cases opened after "disc10-convene" (`convene10`).
CENTRAL_DISCIPLINE = Collegial(
    PR_20_1, _central_sitting, tuple([NONE, *Reaction]), field="central",
    convene_flag="convene10",
)  # fmt: skip


def deciding_council(case: DisciplineFile) -> Council | None:
    """The council that decides the main case, as it sits for it: the central council once the
    minority took the case there (§ 20 nr. 1, § 11 nr. 6), else the appointing council with the
    post's nearest superior (§ 19 nr. 2, § 11 nr. 3-4). None where one body decides (the
    Justice Department, § 19 nr. 1) and in cases opened before the lawyer's review."""
    if not case.council_matters or case.by_department():
        return None
    if case.escalated:
        return case.central_sitting()
    council = case.council()
    if council is None:
        return None
    return for_case(council, case.subject().unit_id, case.matters.superior_id or "")


# fvl § 42 and tjml § 16 nr. 2 (the suspension's extension): where the body that decides the
# case is a council, it decides these too by its members' votes, with a signed protocol.
DECIDING_COUNCIL = Collegial(
    PR_19_2,
    deciding_council,
    ("grant", "refuse", "extend"),
    field="matters",
    prefix="matter_",
    protocol_field="matter_protocol",
)


def _matter_before_council(case: DisciplineFile, data: dict[str, Any]) -> None:
    """fvl § 42 and tjml § 16 nr. 2: the deciding council votes, agrees, signs and is seated on
    a matter before it: the party's request that the decision wait for the appeal (fvl § 42
    first paragraph: "grant", "refuse"), or a suspension in force whose time limit may be
    extended (tjml § 16 nr. 2: "extend"). With neither, no vote is counted (issue 15 review).
    The actor's check (the row's first guard) comes before; the vote's choice, the content,
    last (the work queue reads them so, states/tasks.py)."""
    if not case.matter_pending:
        return  # cases opened before the review replay as recorded
    request, extension = case.suspensive_requested_on is not None, extendable(case)
    if not (request or extension):
        raise RuleViolation(
            FVL_42,
            "no matter is before the deciding council: the party has not asked that the "
            "decision wait for the appeal (fvl § 42), and no suspension in force may be "
            "extended (tjml § 16 nr. 2)",
            "matters",
        )
    payload = data.get("payload")
    choice = payload.choice if isinstance(payload, CouncilVote) else None  # the vote row's
    if choice in ("grant", "refuse") and not request:
        raise RuleViolation(FVL_42, "the party has not asked for suspensive effect",
                            "payload.choice")  # fmt: skip
    if choice == "extend" and not extension:
        raise RuleViolation(TJML_16, "no suspension in force may be extended", "payload.choice")


def _matter_row(row: Step) -> Step:
    return replace(row, guards=(*row.guards, _matter_before_council))


def main_sitting(case: DisciplineFile) -> Council | None:
    """§ 19 nr. 2 with § 11 nr. 3-4: the appointing council as it sits for the main case, the
    employee's nearest superior in the per-case seat (cases opened after disc6; None where the
    Justice Department decides, § 19 nr. 1, or once the central council has the case). Where
    the register names no usable nearest superior on the step's date (disc8), the seat stays
    empty, and a superior seated before leaves with their vote (`seated`)."""
    if not case.main_council or case.by_department() or case.escalated:
        return None
    council = case.council()
    if council is None:
        return None
    if case.superior_fallback and usable_superior(case, council)[0] is None:
        sitting = for_case(council, case.subject().unit_id, "")
        return sitting.model_copy(update={"vacant": [Seat.nearest_superior]})
    return for_case(council, case.subject().unit_id, case.main.superior_id or "")


def usable_superior(case: DisciplineFile, council: Council | None) -> tuple[str | None, str]:
    """PR-2012 § 11 nr. 3-4 ("nærmeste overordnede for stillingen") with fvl § 6 (disc8): the
    person who takes the per-case seat on the step's date, or None and why the seat stays
    empty: the register names nobody; the one it names is the employee, or stood aside in the
    report handed over (fvl § 6: `request.disqualified`); or already sits in the council
    (`council`, as the register seats it), where one person holds one seat and one vote. The
    next superior up the line in a unit is its leader, who leads the council already, and the
    regulation names no other stand-in than the person who acts in the post (§ 11 nr. 5), whom
    the register records as the nearest superior for the period; so no one else is seated and
    § 13 nr. 3 counts the quorum on the members who sit (docs/legal-choices.md)."""
    on, person = case.on(), case.subject()
    registered = person.nearest_superior(on)
    if registered is None:
        return None, f"the register names no nearest superior of the employee on {on.isoformat()}"
    if registered == person.person_id:
        return None, "the register names the employee as their own superior (fvl § 6)"
    if registered in case.request.disqualified:
        return None, f"{registered} stood aside in the report handed over (fvl § 6)"
    if council is not None and registered in voting_seats(council):
        return None, f"{registered} sits in {council.name} already: one person, one seat"
    return registered, ""


def check_seated_superior(case: DisciplineFile, field: str = "main.superior_id") -> None:
    """§ 11 nr. 3-4 at each step of the main council (disc6, disc7): the seated superior is the
    register's nearest superior on the day; in cases opened after disc8 the seat may be empty
    only while the register names no usable one (`usable_superior`)."""
    if not case.superior_fallback:
        check_superior(case, case.main.superior_id, field)
        return
    wanted, _ = usable_superior(case, case.council())
    if wanted is None:
        return  # the seat stays empty: a superior seated before no longer sits (main_sitting)
    if case.main.superior_id != wanted:
        check_superior(case, case.main.superior_id, field)


# § 19 nr. 2, §§ 11, 13: the main vote and decision of the appointing council, by the one
# collegial machinery (the vote itself keeps its event, `CouncilVoteCast`, the "vote" row).
MAIN_COUNCIL = Collegial(
    PR_19_2,
    main_sitting,
    (NONE, *Reaction),
    field="main",
    prefix="main_",
    protocol_field="main_protocol",
    # § 13 nr. 1-2: convened before it votes, in cases opened after "mainconv-convene"
    convene_flag="convene_main",
)


def _current_superior(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 11 nr. 3-4 (disc7): the per-case seat is the register's nearest superior on the day of
    each step, the signature's included, not only the day the seat was taken or the decision."""
    if case.disc7:
        check_seated_superior(case)


def _seat_superior(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 11 nr. 3-4 (disc7): where the register names a new nearest superior while the council
    votes, the leader seats them; the old superior's vote leaves with them, as a replaced
    member's does (`seated`, docs/legal-choices.md "A replaced member's vote")."""
    if case.superior_fallback:
        wanted, why = usable_superior(case, case.council())
        if wanted is None:
            # The actor's check before the payload's (the work queue reads them so).
            leader_enters(main_sitting(case), data["actor"].person_id, SUPERIOR)
            raise RuleViolation(
                SUPERIOR,
                f"{why}: the nearest superior's seat stays empty for this case, and the quorum "
                "is counted on the members who sit (§ 13 nr. 3)",
                "payload.person_id",
            )
    stale = case.main.superior_id != case.subject().nearest_superior(case.on())
    if case.disc7 and case.main.votes and stale:
        # The actor's check before the payload's (the work queue reads them so, states/tasks.py).
        leader_enters(main_sitting(case), data["actor"].person_id, SUPERIOR)
        person = data["payload"].person_id
        check_not_party(person, case.subject().person_id)
        check_superior(case, person, "payload.person_id")
        return
    MAIN_COUNCIL._seat(case, data)


def _main_row(row: Step) -> Step:
    if row.trigger == "main_seat_superior":
        return replace(row, guards=(_seat_superior,))
    if row.trigger == "main_sign_protocol":
        return replace(row, guards=(_current_superior, *row.guards))
    return row


_MAIN_ROWS = tuple(
    _main_row(r) for r in MAIN_COUNCIL.rows("deliberation") if r.trigger != "main_council_vote"
)
_MAIN_ACTIONS = {
    t: Action(e, m)
    for t, (e, m) in MAIN_COUNCIL.actions("Discipline").items()
    if t != "main_council_vote"
}

_SUSPENSIVE_BY_COUNCIL = DECIDING_COUNCIL.decision(
    lambda data: "grant" if data["payload"].granted else "refuse"
)


def _suspensive_by_council(case: DisciplineFile, data: dict[str, Any]) -> None:
    """fvl § 42: the deciding body's decision on suspensive effect is its council's where it
    is a council (the appeal body's, entered from its own case, is not judged here)."""
    from states.appeals import deciding_body_of  # appeals imports discipline

    if data["actor"].person_id in deciding_body_of(case):
        _SUSPENSIVE_BY_COUNCIL(case, data)
    else:  # appeal10: the appeal body's, where it is a council
        _seized_of_appeal(case, data)  # disc11: only once the appeal is before it
        appeal_body_decides(case, data)


def _central_council(case: DisciplineFile, data: dict[str, Any]) -> None:
    if case.collegial:
        _central_majority(case, data)
        return
    central = case.central_council()
    if central is None or central.leader != data["actor"].person_id:
        raise RuleViolation(
            PR_20_1, "the central council's leader enters its decision", "actor.person_id"
        )
    p = data["payload"]
    if p.reaction is None:
        raise RuleViolation(PR_20_1, "state the reaction decided", "payload.reaction")
    _no_harsher(case, p.reaction, p.seniority_months, "payload.reaction")


def escalation_demand(case: DisciplineFile, member_id: str, reasons: str) -> Sitting:
    """§ 20 nr. 1 with § 13 nr. 5: the minority member's demand, protocolled with the central
    council's handling of the case (pure: the new sitting)."""
    return demand(case.central, member_id, case.today, reasons)


def escalated(case: DisciplineFile, member_id: str, reasons: str, signed_close: bool) -> None:
    """The effect of `escalate` (§ 20 nr. 1): a decision within its window is set aside with
    its window (decided anew); after a close without majority the minority's window goes; the
    demand is protocolled (§ 13 nr. 5); `signed_close`: the central council's close needs its
    signed protocol (§ 13 nr. 3-4; cases escalated before the lawyer's review: not)."""
    case.escalated = True
    if case.reaction is not None:
        case.set_aside()
    elif case.window is not None:
        case.window = None
    if case.collegial:
        case.central = escalation_demand(case, member_id, reasons)
    case.central_close_protocol = signed_close


def _central_majority(case: DisciplineFile, data: dict[str, Any]) -> None:
    """The leader enters the reaction and term the central council's majority voted (the
    majority's own term, § 20 nr. 1), no harsher than the notice (fvl § 16)."""
    p = data["payload"]
    if p.reaction is None:
        raise RuleViolation(PR_20_1, "state the reaction decided", "payload.reaction")
    _no_harsher(case, p.reaction, p.seniority_months, "payload.reaction")
    council = case.central_sitting()
    result = tally(council, case.central.votes) if council else None
    if result is None or result.majority in (None, NONE):
        raise RuleViolation(PR_20_1, "the central council's majority has voted no reaction yet",
                            "votes")  # fmt: skip
    reaction, months = majority_decision(case.central.votes, result.majority)
    if (p.reaction, p.seniority_months) != (reaction, months):
        raise RuleViolation(
            PR_20_1,
            f"the central council's majority decided {reaction}"
            + (f" ({months} months)" if months else "")
            + ": the leader enters that",
            "payload.reaction",
        )


SYSTEM_SOURCES = {ReceiptSource.delivery_receipt, ReceiptSource.digital_delivery}


def check_receipt(
    case: DisciplineFile, receipt: Receipt, own: bool | None = None, on: date | None = None
) -> None:
    """fvl § 29: the window runs from the day the decision reached the employee. That day lies
    between the decision and today; it is recorded once, except that a delivery system's record
    (a delivery receipt, a digital-delivery timestamp) replaces the party's own; nothing is
    recorded once the appeal is decided (fvl § 28 third paragraph) or a year after the decision
    (fvl § 31: no appeal can be taken up then, so no window can open)."""
    received = receipt.received_on
    if case.decided_on is None or received < case.decided_on:
        raise RuleViolation(
            FVL_29, "the decision cannot have reached the employee before it was made",
            "payload.received_on",
        )  # fmt: skip
    if received > case.today:
        raise RuleViolation(FVL_29, "a receipt cannot lie in the future", "payload.received_on")
    if case.appeal_decided:
        raise RuleViolation(
            FVL_28_3, "the appeal is decided: no appeal window runs any more", "payload.received_on"
        )
    limit = late_limit(case)
    if limit and (on or case.today) > limit:  # `on`: an appeal's posting day (appeal10)
        raise RuleViolation(
            FVL_31,
            f"more than a year has passed since the decision ({case.decided_on}): "
            "no appeal can be taken up, so the receipt changes nothing",
            "payload.received_on",
        )
    if own is False and receipt.source not in SYSTEM_SOURCES:
        # disc9: HR records what a delivery system knows; the party states their own day.
        raise RuleViolation(
            FVL_29,
            "HR records a delivery system's receipt (a delivery receipt, a digital delivery); "
            "the day the decision reached the employee by their own say is theirs to record",
            "payload.source",
        )
    if case.received_on is None:
        return
    if own and case.received_by_hr:
        return  # disc9: the party's own statement replaces an entry HR recorded
    before = case.received_source or ReceiptSource.party
    if before in SYSTEM_SOURCES or receipt.source not in SYSTEM_SOURCES:
        raise RuleViolation(
            FVL_29,
            f"the receipt is already recorded ({case.received_on}, by {before}); only a "
            "delivery system's record replaces the party's own",
            "payload.source",
        )


def appeal_receipt(case: DisciplineFile, appeal: Appeal) -> None:
    """fvl §§ 29–30: a receipt date that comes with the appeal is recorded and opens the window
    before the appeal's lateness is read from it (checked by `check_receipt` first)."""
    if appeal.received_on is None:
        return
    case.received_on, case.received_source = appeal.received_on, appeal.source
    case.open_window(appeal.received_on, f"the decision reached the employee "
                     f"{appeal.received_on.isoformat()} (stated with the appeal)")  # fmt: skip


def check_source(case: DisciplineFile, source: ReceiptSource, data: dict[str, Any]) -> None:
    """fvl § 29: a delivery system's record (a delivery receipt, a digital-delivery timestamp)
    comes from the HR side (an HR officer serving the unit, or their system's key), never from
    the party's own say-so, which counts as the party's (attack review)."""
    if not case.review5 or source not in SYSTEM_SOURCES:
        return
    grants = _register(case, data)
    if grants.person_id == case.request.employee_id or not grants.serves(case.unit_id()):
        raise RuleViolation(
            FVL_29,
            f"a {source} record comes from the HR system (an HR officer serving the unit); "
            "the employee records their own receipt as source 'party'",
            "payload.source",
        )


def _receipt_plausible(case: DisciplineFile, data: dict[str, Any]) -> None:
    check_source(case, data["payload"].source, data)
    check_receipt(case, data["payload"], _own(case, data) if case.disc9 else None)


def check_not_appeal_decided(case: DisciplineFile) -> None:
    """fvl § 28 third paragraph: "Vedtak i klagesak ... kan ikke påklages": once the appeal
    body has decided, the decision cannot be appealed again (a late appeal neither)."""
    if case.appeal_decided:
        raise RuleViolation(
            FVL_28_3,
            "the appeal against this decision is decided; a decision in an appeal case "
            "cannot be appealed",
            "payload.posted_on",
        )


def late_limit(case: DisciplineFile) -> date | None:
    """fvl § 31: "ikke i noe tilfelle ... dersom det er gått mer enn ett år siden vedtaket ble
    truffet": the last day a late appeal may be taken up."""
    return shift_months(case.decided_on, LATE_LIMIT_MONTHS) if case.decided_on else None


def year_measured_on(case: DisciplineFile, posted: date) -> date:
    """fvl § 31 with § 30 (appeal10): the year is measured on the day the appeal was posted or
    sent, as its lateness is; cases opened before measure it on the day it was registered."""
    return posted if case.appeal10 else case.today


def inadmissible(case: DisciplineFile, posted: date) -> tuple[str, str] | None:
    """The rule that keeps an appeal posted on `posted` from being considered, and why: fvl
    § 28 third paragraph ("Vedtak i klagesak ... kan ikke påklages"), or fvl § 31 (late, and
    more than a year since the decision). Such an appeal is still an appeal: its case opens
    and is dismissed by an appealable decision (fvl § 2 third paragraph, § 33 second)."""
    if case.appeal_decided:
        return FVL_28_3, "the appeal against this decision is decided"
    limit = late_limit(case)
    if case.late(posted) and limit and year_measured_on(case, posted) > limit:
        return FVL_31, (
            f"late, and more than a year has passed since the decision ({case.decided_on}); "
            f"the last day was {limit}"
        )
    return None


def _appeal_dates(case: DisciplineFile, data: dict[str, Any]) -> None:
    """fvl § 30: an appeal is in time when posted or sent within the window, whenever it is
    registered; a late one goes to late review by itself (fvl § 31). One that cannot be
    considered (`inadmissible`) is taken in and dismissed in its own case, never refused here.
    Only a date that cannot be is refused, by field."""
    appeal: Appeal = data["payload"]
    posted = appeal.posted_on
    if posted > case.today:
        raise RuleViolation(FVL_30, "the posting date lies in the future", "payload.posted_on")
    if case.disc11 and appeal.posted_source is not None:
        grants = _register(case, data)  # disc11: a postmark or timestamp is HR's record
        if grants.person_id == case.request.employee_id or not grants.serves(case.unit_id()):
            raise RuleViolation(
                FVL_30,
                f"a {appeal.posted_source} is recorded by an HR officer serving the unit; the "
                "employee states the posting day without a source",
                "payload.posted_source",
            )
    if case.disc9 and case.received_on is not None:
        return  # fvl §§ 29-30 (disc9): the recorded receipt stands (`appeal_receipt_conflict`)
    if appeal.received_on is not None and _receipt_counts(case, appeal):
        check_source(case, appeal.source, data)
        check_receipt(case, Receipt(received_on=appeal.received_on, source=appeal.source),
                      on=year_measured_on(case, posted))  # fmt: skip
    # A posting date before the decision is not refused: it cannot make the appeal late, and
    # recorded cases carry such dates (the recorder's clock); it counts as in time.


def _receipt_counts(case: DisciplineFile, appeal: Appeal) -> bool:
    """fvl § 29: a receipt brought with an appeal counts while a window can still open (not once
    the appeal is decided, nor a year after the decision, when it would change nothing)."""
    limit = late_limit(case)
    measured = year_measured_on(case, appeal.posted_on)
    return not case.appeal_decided and not (limit and measured > limit)


def appeal_receipt_conflict(case: DisciplineFile, appeal: Appeal) -> str | None:
    """fvl §§ 29-30, "a late appeal is still an appeal" (disc9): once a receipt is recorded, a
    receipt date brought with the appeal is not recorded again; the same date is fine, another
    is set aside (the recorded one stands) and this note says so for the journal. The appeal is
    never refused for it."""
    if not case.disc9 or case.received_on is None or appeal.received_on is None:
        return None
    if appeal.received_on == case.received_on:
        return None
    return (
        f"the appeal states receipt {fmt(appeal.received_on)}; the receipt recorded "
        f"({fmt(case.received_on)}, by {case.received_source or ReceiptSource.party}) stands "
        "(fvl § 29)"
    )


def appeal_lodged(case: DisciplineFile, appeal: Appeal, receipt: bool) -> tuple[str, str] | None:
    """The effect of `appeal`/`appeal_late` (pure on the file): a receipt brought with it is
    recorded first (`receipt`: cases opened after the review), lateness is read from the
    posting date (fvl §§ 30-31), and the inadmissibility, if any, is returned."""
    recorded = case.disc9 and case.received_on is not None  # disc9: the recorded one stands
    receipt = receipt and not recorded
    if appeal.received_on is not None and receipt and _receipt_counts(case, appeal):
        appeal_receipt(case, appeal)
    if case.appeal10 and case.avvisning is not None:
        # fvl § 28 third paragraph: an appeal after an avvisning is against it: in time within
        # three weeks of the avvisning's arrival (fvl § 29), and it may be considered.
        w = case.avvisning_window
        case.appeal_late = w is not None and appeal.posted_on > w.due
        return None
    case.appeal_late = case.late(appeal.posted_on) or unsourced_in_time(case, appeal)
    return inadmissible(case, appeal.posted_on)


def unsourced_in_time(case: DisciplineFile, appeal: Appeal) -> bool:
    """fvl §§ 30-31 (disc11; docs/legal-choices.md "A posting day without a source"): an appeal
    registered after the window closed but stating an earlier posting day within it, with no
    postmark or timestamp behind it (`posted_source`), is not taken as in time on the party's
    word alone: it goes to late review, where the appeal body weighs the stated day (fvl § 31
    first paragraph: "parten ... ikke kan lastes for å ha oversittet fristen")."""
    posted = appeal.posted_on
    return (
        case.disc11
        and appeal.posted_source is None
        and posted < case.today
        and not case.late(posted)
        and case.late(case.today)
    )


def appeal10_request(
    case: DisciplineFile, appeal: Appeal, barred: tuple[str, str] | None
) -> dict[str, Any]:
    """What an appeal case opened after appeal10 carries besides the rest (and the effect on the
    file): the day it was posted (fvl § 30: fvl § 31's year is measured on it); whether it is
    against the deciding body's avvisning (fvl § 28 third paragraph), whose year then runs from
    the avvisning; and the rule that bars it, kept until it is dismissed (`avvist`)."""
    extra: dict[str, Any] = {"posted_on": appeal.posted_on.isoformat(),
                             "against_avvisning": case.avvisning or ""}  # fmt: skip
    if case.disc11:  # fvl § 30: what shows the posting day, for the appeal body to see
        extra["posted_source"] = appeal.posted_source or "party"
    if case.avvisning and case.avvisning_on:
        extra["decided_on"] = case.avvisning_on.isoformat()
    case.barred, case.avvisning = (f"{barred[0]}: {barred[1]}" if barred else None), None
    return extra


def avvist(case: DisciplineFile, decided_before: bool) -> None:
    """The effect of the deciding body's avvisning (fvl § 33 second paragraph; appeal10): an
    enkeltvedtak (fvl § 2 third paragraph) the party may appeal (fvl § 28 third paragraph) within
    three weeks of its letter's presumed arrival (fvl § 29, `appeal_window`). The decision it
    targeted stands; whether an appeal against that decision was decided stays as it was."""
    case.appeal_decided = decided_before
    case.avvisning, case.barred, case.avvisning_on = case.barred, None, case.today
    arrives = presumed_receipt(case.today)
    why = f"the avvisning's letter presumed to arrive {arrives}"
    case.avvisning_window = appeal_window(arrives, why, "avvisning_appeal_window")


def changed_on_appeal(case: DisciplineFile, change: dict[str, Any], keep_form: bool) -> None:
    """The effect of `appeal_changed` (fvl § 34, PR-2012 § 20 nr. 2): the appeal body's new
    reaction and term drive this case. `keep_form` (changes after disc8): its form too
    (statsansatteloven § 25): a skriftlig irettesettelse the King keeps stays one, and no form
    of the decision appealed outlives a change to something else."""
    case.reaction = Reaction(change["reaction"])
    case.seniority_months = change.get("seniority_months")
    if keep_form:
        case.ordensstraff_form = change.get("form")


def _reasons_in_window(case: DisciplineFile, data: dict[str, Any]) -> None:
    if case.window and case.today > case.window.due:
        raise RuleViolation(FVL_24, "reasons may be asked for within the appeal deadline")


def _superior(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 19 nr. 3: the KSF leader, the regional director, the KRUS/KITT directors or the local
    unit leader, over the employee."""
    actor = data["actor"].person_id
    person = case.subject()
    grants = _register(case, data)
    region = case.org.region_of(person.unit_id)
    superior = (
        grants.holds(Role.ksf_leader)
        or (region is not None and grants.holds(Role.regional_director, region))
        or any(
            grants.holds(r, person.unit_id)
            for r in (Role.krus_director, Role.kitt_director, Role.unit_leader)
        )
    )
    if not superior or actor == person.person_id:
        raise RuleViolation(
            PR_19_3,
            "only the superior authority may suspend or transfer in haste",
            "actor.person_id",
        )


def _heard(case: DisciplineFile, data: dict[str, Any]) -> None:
    """TI-2020 § 2-5 with fvl § 16 by analogy: the employee may reply before a written warning
    is filed with them."""
    if case.hear_before_warning and not case.warning_heard:
        raise RuleViolation(
            TI_2_5,
            "the employee may reply before a written warning is filed: announce it first "
            "(WrittenWarningAnnounced) and wait for the reply or its deadline",
        )


def warning_announced(case: DisciplineFile, notice: WarningNotice) -> None:
    case.warning_due = add_days(case.today, notice.reply_days, name="warning_reply", rule=TI_2_5)
    case.warning_heard = False


def _window_running(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 20 nr. 1: the minority's demand after the decision, only while it can still be set
    aside: before the appeal window has run out (a pending request for reasons keeps it open)."""
    if case.window and case.today > case.window.due and not case.reasons_pending:
        raise RuleViolation(
            PR_20_1,
            f"the appeal window ran out {case.window.due}: the decision stands, and the "
            "minority can no longer demand the central council",
        )


FVL_35 = "fvl § 35"


def _demand_before_decision(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 20 nr. 1 with § 13 nr. 5 and fvl § 35 (disc10; docs/legal-choices.md "The minority's
    demand closes with the decision"): the demand is made in the council, before its leader
    enters the decision; a decision made and sent to the party is not set aside by a member's
    later demand (fvl § 35 limits reversal to the appeal and its own grounds). Cases opened
    before disc10 keep the demand while the appeal window runs."""
    if case.disc10:
        raise RuleViolation(
            f"{PR_20_1}; {FVL_35}",
            f"the decision was made {case.decided_on}: a minority member demands the central "
            "council in the council, before its leader enters the decision; the decision stands "
            "unless it is appealed (fvl § 35)",
            "trigger",
        )


def _central_vote_graded(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 18 with § 20 nr. 1 (disc10): a central council member's vote for an ordensstraff states
    the months of seniority lost (the majority's own term is read from them, `majority_decision`);
    no other vote states months. After the actor's checks (the collegial row's own guard)."""
    v = data["payload"]
    if case.disc10 and (v.choice == Reaction.ordensstraff) != (v.seniority_months is not None):
        raise RuleViolation(
            f"{PR_20_1}; {PR_18}",
            "a vote for ordensstraff states the months of seniority lost, and only it",
            "payload.seniority_months",
        )


def _central_row(row: Step) -> Step:
    if row.trigger == "council_vote":
        return replace(row, guards=(*row.guards, _central_vote_graded))
    return row


def _council_split(case: DisciplineFile) -> bool:
    """Votes cast in a council and no majority for anything (§ 20 nr. 1); in cases opened after
    the attack review also a majority for no reaction while any vote asked for one: "Dersom det
    i tilsettingsrådet ikke er flertall for oppsigelse, avskjed eller ordensstraff, kan hvert
    medlem av mindretallet kreve saken avgjort av det sentrale tilsettingsrådet", so the close
    keeps the minority's three weeks (docs/legal-choices.md "No majority for a reaction")."""
    council = None if case.by_department() else _main(case)
    if not (council and case.votes):
        return False
    majority = tally(council, case.votes).majority
    if majority is None:
        return True
    return case.review5 and majority == NONE and any(v.choice != NONE for v in case.votes)


def _decided_by_council(case: DisciplineFile) -> bool:
    return not case.escalated and not case.by_department()


def runs_deletion(case: DisciplineFile) -> bool:
    """§ 18: "Ordensstraffer ... slettes etter fem år": an ordensstraff, and a forflytting, which
    is an ordensstraff (§ 20 nr. 1 names it among them; tjml § 14, statsansatteloven § 25)."""
    if case.reaction == Reaction.forflytting:
        return case.forflytting_deleted
    return case.reaction == Reaction.ordensstraff


def _is_ordensstraff(case: DisciplineFile) -> bool:
    return runs_deletion(case)


def _not_ordensstraff(case: DisciplineFile) -> bool:
    return not runs_deletion(case)


def _by_department(case: DisciplineFile) -> bool:
    return case.by_department()


def _by_council(case: DisciplineFile) -> bool:
    return not case.by_department()


def _decided_centrally(case: DisciplineFile) -> bool:
    """§ 20 nr. 1: the central council decided the case (escalated; cases opened after the
    attack review: before it, a sent-back case went to the local council)."""
    return case.escalated and case.review5


def _escalated(case: DisciplineFile) -> bool:
    return case.escalated


def _not_escalated(case: DisciplineFile) -> bool:
    return not case.escalated


def _replies_move(case: DisciplineFile) -> bool:
    """Cases opened before disc9: any reply recorded ended the reply period."""
    return not case.disc9


def _replies_kept(case: DisciplineFile) -> bool:
    return case.disc9


def _party_reply(case: DisciplineFile, data: dict[str, Any]) -> None:
    reply: Reply = data["payload"]
    check_party_reply(reply.statement, reply.nothing_more, _own(case, data))


def _own(case: DisciplineFile, data: dict[str, Any]) -> bool:
    return data["grants"].person_id == case.request.employee_id


# -- timers -----------------------------------------------------------------------------------


def _warning_reply_passed(case: DisciplineFile) -> date | None:
    return case.warning_due.due + timedelta(days=1) if case.warning_due else None


def _reply_deadline_passed(case: DisciplineFile) -> date | None:
    return case.reply_due.due + timedelta(days=1) if case.reply_due else None


def _window_closed(case: DisciplineFile) -> date | None:
    return case.window.due + timedelta(days=1) if case.window else None


def _deletion_day(case: DisciplineFile) -> date | None:
    return shift_months(case.decided_on, 12 * DELETION_YEARS) if case.decided_on else None


def _late_period_end(case: DisciplineFile) -> date | None:
    """fvl § 31: the day after the last day a late appeal may be taken up (from the decision)."""
    limit = late_limit(case)
    return limit + timedelta(days=1) if limit else None


def _suspension_lapse(case: DisciplineFile) -> date | None:
    return case.suspension_lapses


_OPEN = ("assessing", "awaiting_reply", "deliberation", "central_council", "decided",
         "appeal_window", "reasons_requested", "under_appeal", "warning_reply",
         "no_majority")  # fmt: skip
_BY_UNIT_LEADER = decided_by(Matter.neglect_assessment, TI_2_5)


def _leader_step(case: DisciplineFile, data: dict[str, Any]) -> None:
    """TI-2020 § 2-5: the unit leader of the employee concerned takes the leader's steps; with
    fvl § 6 a leader who stood aside in the report handed over stays disqualified, and the
    first level of the line (`leader_line`: unit leader, regional director, KSF leader) with a
    leader who is not takes them (attack review; older cases: the unit leader's authority)."""
    disqualified = case.request.disqualified
    if not (case.review5 and disqualified):
        _BY_UNIT_LEADER(case, data)
        return
    actor, person = data["actor"].person_id, case.subject()
    if actor == person.person_id or actor in disqualified:
        raise RuleViolation(
            "fvl § 6",
            "a leader who stood aside in the report (or the employee concerned) takes no step "
            "in the disciplinary case",
            "actor.person_id",
        )
    if actor not in first_free_level(person, case.org, disqualified, case.on()):
        raise RuleViolation(
            TI_2_5,
            "the next level of the line above the employee takes the leader's steps when the "
            "unit leader stood aside (fvl § 6)",
            "actor.person_id",
        )
    data["decider"] = Decider(person_id=actor, body=Body.unit_leader, rule=TI_2_5)


def _seized_of_appeal(case: DisciplineFile, data: dict[str, Any]) -> None:
    """fvl § 42 ("klageinstansen ... kan beslutte", disc11): the appeal body decides suspensive
    effect once an appeal is before it, not while the window runs with none lodged."""
    if case.disc11 and not case.under_appeal:
        raise RuleViolation(
            FVL_42,
            "no appeal is before the appeal body: the deciding body decides suspensive effect "
            "until the decision is appealed",
            "trigger",
        )


_UNIT_LEADER = (_leader_step,)
_STANDS = ("stands", "ordensstraff_registered")
_APPEALABLE = ("appeal_window", "reasons_requested", "under_appeal")
# fvl §§ 30-31: `appeal` and `appeal_late` take the same rows (lateness is read from the posting
# date, and a late appeal is still an appeal): the work queue offers one name for the act,
# "Klag" while the window runs, "Klag etter fristen" after it (issue 15 review M2); the door
# takes both in every one of these states.
OFFERED_APPEAL = {
    **dict.fromkeys(("appeal_window", "reasons_requested"), "appeal"),
    **dict.fromkeys(_STANDS, "appeal_late"),
}

DISCIPLINE = DutySpec(
    case_type="discipline",
    label="Disiplinærsak",
    machine=MachineSpec(
        name="discipline",
        states=(
            "opened",
            *_OPEN,
            "closed",
            "warned",
            "stands",
            "ordensstraff_registered",
            "reversed",
            "ordensstraff_deleted",
            "concluded",
        ),
        initial="opened",
        final=frozenset({"closed", "warned", "concluded", "reversed", "ordensstraff_deleted"}),
        preconditions={"decide": FVL_16, "vote": FVL_16, "appeal": FVL_29},
        steps=(
            Step("register", "opened", "assessing", TI_2_5),
            # TI-2020 § 2-5: "enhetsleder må vurdere om det skal gis en skriftlig advarsel
            # eller reaksjoner etter statsansatteloven".
            Step("no_action", "assessing", "closed", TI_2_5, _UNIT_LEADER),
            Step("written_warning", "assessing", "warned", TI_2_5, (*_UNIT_LEADER, _heard)),
            # TI-2020 § 2-5 with fvl § 16 by analogy: the employee may reply before a written
            # warning is filed (docs/legal-choices.md "Hearing before a written warning").
            Step("announce_warning", "assessing", "warning_reply", TI_2_5, _UNIT_LEADER),
            Step(
                "record_warning_reply",
                "warning_reply",
                "assessing",
                TI_2_5,
                (by_party,),
                (_replies_move,),
            ),
            # fvl § 16 (disc9): the reply is kept; only the party's own, or their "nothing
            # more", ends the period early (`reply_heard`), else the period runs out.
            Step(
                "record_warning_reply",
                "warning_reply",
                "warning_reply",
                TI_2_5,
                (by_party, _party_reply),
                (_replies_kept,),
            ),
            Step("warning_reply_heard", "warning_reply", "assessing", TI_2_5),
            Step("warning_reply_passed", "warning_reply", "assessing", TI_2_5),
            # fvl § 16: the unit leader's advance notice (TI-2020 § 2-5 hands the case on);
            # again from deliberation or the central council when a harsher reaction than the
            # notice named is wanted: the deciding body's step (disc10, `_new_notice`).
            Step(
                "send_notice",
                "assessing",
                "awaiting_reply",
                FVL_16,
                (*_UNIT_LEADER, _notice_for_embetsmann),
            ),
            Step(
                "send_notice",
                ("deliberation", "central_council"),
                "awaiting_reply",
                FVL_16,
                (_new_notice, _notice_for_embetsmann),
            ),
            Step(
                "record_reply",
                "awaiting_reply",
                "deliberation",
                FVL_16,
                (by_party,),
                (_replies_move, _not_escalated),
            ),
            Step(
                "record_reply",
                "awaiting_reply",
                "central_council",
                FVL_16,
                (by_party,),
                (_replies_move, _escalated),
            ),
            # fvl § 16 (disc9): the reply is the party's; it ends the period early only when it
            # is their own or says they have nothing more (`reply_heard`).
            Step(
                "record_reply",
                "awaiting_reply",
                "awaiting_reply",
                FVL_16,
                (by_party, _party_reply),
                (_replies_kept,),
            ),
            Step("reply_heard", "awaiting_reply", "deliberation", FVL_16, when=(_not_escalated,)),
            Step("reply_heard", "awaiting_reply", "central_council", FVL_16, when=(_escalated,)),
            Step(
                "reply_deadline_passed",
                "awaiting_reply",
                "deliberation",
                FVL_16,
                when=(_not_escalated,),
            ),
            Step(
                "reply_deadline_passed",
                "awaiting_reply",
                "central_council",
                FVL_16,
                when=(_escalated,),
            ),
            Step("vote", "deliberation", "deliberation", PR_19_2, (_council_vote,)),
            Step(
                "decide",
                "deliberation",
                "decided",
                PR_19_1,
                (_no_suspensive_flag, _deciding_body),
                (_by_department,),
            ),
            Step(
                "decide",
                "deliberation",
                "decided",
                PR_19_2,
                (_no_suspensive_flag, _deciding_body),
                (_by_council,),
            ),
            # § 20 nr. 1: no majority for anything: no reaction, and the minority's demand stays
            # open for the window a decided case gives it (docs/legal-choices.md).
            Step(
                "dismiss",
                "deliberation",
                "no_majority",
                PR_20_1,
                (_no_majority_for_reaction,),
                (_council_split,),
            ),
            Step("dismiss", "deliberation", "closed", PR_19_2, (_no_majority_against,)),
            Step(
                "escalate",
                "no_majority",
                "central_council",
                PR_20_1,
                (_window_running, _minority_may_escalate),
            ),
            Step("minority_window_closes", "no_majority", "closed", PR_20_1),
            Step("dismiss", "central_council", "closed", PR_20_1, (_central_no_reaction,)),
            Step("escalate", "deliberation", "central_council", PR_20_1, (_minority_may_escalate,)),
            # § 20 nr. 1 after the council's decision: the minority's demand while the appeal
            # window runs (docs/legal-choices.md "The minority's demand after the decision").
            Step(
                "escalate",
                ("appeal_window", "reasons_requested"),
                "central_council",
                PR_20_1,
                (_demand_before_decision, _window_running, _minority_may_escalate),
                (_decided_by_council,),
            ),
            *_MAIN_ROWS,
            *(_central_row(r) for r in CENTRAL_DISCIPLINE.rows("central_council")),
            *(_matter_row(r) for r in DECIDING_COUNCIL.rows((*_OPEN, "stands"))),
            # fvl § 42 (appeal10): the central council as appeal body, on the party's request
            *(
                replace(r, guards=(*r.guards, request_pending, _seized_of_appeal))
                for r in APPEAL_BODY_SUSPENSIVE.rows(_APPEALABLE)
            ),
            Step(
                "decide",
                "central_council",
                "decided",
                PR_20_1,
                (
                    _no_suspensive_flag,
                    _central_council,
                    CENTRAL_DISCIPLINE.decision(lambda data: data["payload"].reaction),
                ),
            ),
            # fvl § 27: the decision in writing with the appeal information.
            Step("notify", "decided", "appeal_window", FVL_27),
            # fvl § 29: receipt recorded by the HR system, the digital delivery or the party, also
            # after the presumed window closed; a window still open then opens the case again.
            *(
                Step("record_receipt", s, s, FVL_29, (by_party, _receipt_plausible))
                for s in ("appeal_window", "reasons_requested", *_STANDS)
            ),
            *(Step("window_reopens", s, "appeal_window", FVL_29) for s in _STANDS),
            Step(
                "request_reasons",
                "appeal_window",
                "reasons_requested",
                FVL_24,
                (by_party, _reasons_in_window),
            ),
            Step("send_reasons", "reasons_requested", "appeal_window", FVL_24, _UNIT_LEADER),
            # fvl §§ 30–31: in time or late is read from the posting date, whichever event
            # brings the appeal and whenever it is registered; a late one goes to late review.
            *(
                Step(
                    t,
                    ("appeal_window", "reasons_requested", *_STANDS),
                    "under_appeal",
                    PR_20_2,
                    (by_party, _appeal_dates),
                )
                for t in ("appeal", "appeal_late")
            ),
            Step(
                "window_closes",
                "appeal_window",
                "ordensstraff_registered",
                FVL_29,
                when=(_is_ordensstraff,),
            ),
            Step("window_closes", "appeal_window", "stands", FVL_29, when=(_not_ordensstraff,)),
            # The appeal's outcome resumes the case (PR-2012 § 20 nr. 2).
            Step(
                "appeal_upheld",
                "under_appeal",
                "ordensstraff_registered",
                PR_20_2,
                when=(_is_ordensstraff,),
            ),
            Step("appeal_upheld", "under_appeal", "stands", PR_20_2, when=(_not_ordensstraff,)),
            Step(
                "appeal_changed",
                "under_appeal",
                "ordensstraff_registered",
                PR_20_2,
                when=(_is_ordensstraff,),
            ),
            Step("appeal_changed", "under_appeal", "stands", PR_20_2, when=(_not_ordensstraff,)),
            Step("appeal_reversed", "under_appeal", "reversed", PR_20_2),
            # fvl § 34 fourth paragraph: sent back to the body that decided: the central council
            # in an escalated case (attack review), never the local council it overruled.
            Step(
                "appeal_sent_back",
                "under_appeal",
                "central_council",
                PR_20_1,
                when=(_decided_centrally,),
            ),
            Step("appeal_sent_back", "under_appeal", "deliberation", PR_20_2),
            # A decision that stands may still be appealed late for a year (fvl § 31).
            Step("late_appeal_period_ends", "stands", "concluded", FVL_31),
            # § 18: "Ordensstraffer ... slettes etter fem år."
            Step("delete_ordensstraff", "ordensstraff_registered", "ordensstraff_deleted", PR_18),
            # fvl § 42: the party asks that the decision wait for the appeal; the deciding body or
            # the appeal body decides, with reasons, while an appeal can still come or is heard.
            *(
                Step(t, s, s, FVL_42, g)
                for s in _APPEALABLE
                for t, g in (
                    ("request_suspensive_effect", (by_party,)),
                    ("decide_suspensive_effect", (may_decide_suspensive, _suspensive_by_council)),
                )
            ),
            # fvl §§ 18–19: the party's request to see the documents, and its decision.
            *(
                Step(t, s, s, FVL_18, g)
                for s in (*_OPEN, *_STANDS)
                for t, g in (
                    ("request_access", (by_party,)),
                    ("decide_access", (*_UNIT_LEADER, check_access)),
                )
            ),
            # § 19 nr. 3 at any point, and its lapse after six months (tjml § 16 nr. 2).
            *(Step("suspend_urgently", s, s, PR_19_3, (_superior,)) for s in _OPEN),
            *(Step("suspension_lapses", s, s, TJML_16) for s in _OPEN),
            # A council-decided suspension lapses as well once its decision stands.
            Step("decided_suspension_lapses", "stands", "stands", TJML_16),
            # § 20 nr. 2: the suspension appealed as its own linked case; tjml § 16 nr. 2: its
            # extension by the body that decides the main case.
            *(
                Step(t, s, s, r, g)
                for s in (*_OPEN, "stands")
                for t, r, g in (
                    ("appeal_suspension", PR_20_2, (by_party, may_appeal_suspension)),
                    ("suspension_appeal_decided", PR_20_2, ()),
                    (
                        "extend_suspension",
                        TJML_16,
                        (may_extend, DECIDING_COUNCIL.decision(lambda data: "extend")),
                    ),
                )
            ),
        ),
    ),
    opening_event="DisciplinaryCaseOpened",
    opening=DisciplineOpening,
    check_opening=check_opening,
    actions={
        "no_action": Action("DisciplineNoAction", Closing),
        "announce_warning": Action(
            "WrittenWarningAnnounced",
            WarningNotice,
            Letter("discipline_warning_notice", "Varsel om skriftlig advarsel"),
        ),
        "record_warning_reply": Action("WrittenWarningReplyReceived", Reply),
        "written_warning": Action(
            "DisciplineWrittenWarning", Closing, Letter("discipline_warning", "Skriftlig advarsel")
        ),
        "send_notice": Action(
            "DisciplineNoticeSent", Notice, Letter("discipline_notice", "Forhåndsvarsel")
        ),
        "record_reply": Action("DisciplineReplyReceived", Reply),
        "vote": Action("CouncilVoteCast", VotePayload),
        **_MAIN_ACTIONS,
        **{
            t: Action(e, m) for t, (e, m) in CENTRAL_DISCIPLINE.actions("DisciplineCentral").items()
        },
        **{
            t: Action(e, m)
            for t, (e, m) in DECIDING_COUNCIL.actions("DisciplineDecidingBody").items()
        },
        **{
            t: Action(e, m)
            for t, (e, m) in APPEAL_BODY_SUSPENSIVE.actions("DisciplineAppealBody").items()
        },
        # The decision letter goes out with the `notify` step (fvl § 27) right after.
        "decide": Action("DisciplineDecided", DecisionPayload),
        "dismiss": Action("DisciplineDismissed", Closing),
        "escalate": Action("DisciplineEscalated", Escalation),
        "record_receipt": Action("DecisionReceived", Receipt),
        "request_reasons": Action("DecisionReasonsRequested"),
        "send_reasons": Action(
            "DecisionReasonsSent", Closing, Letter("discipline_reasons", "Begrunnelse for vedtaket")
        ),
        "appeal": Action("DecisionAppealed", Appeal),
        "appeal_late": Action("DecisionAppealedLate", Appeal),
        "request_suspensive_effect": Action("SuspensiveEffectRequested", SuspensiveRequest),
        "decide_suspensive_effect": Action(
            "SuspensiveEffectDecided",
            SuspensiveDecision,
            Letter("discipline_suspensive", "Avgjørelse om utsatt iverksetting"),
        ),
        "request_access": Action("DocumentAccessRequested", AccessRequest),
        "decide_access": Action(
            "DocumentAccessDecided",
            AccessDecision,
            Letter("discipline_access", "Innsyn i sakens dokumenter"),
        ),
        "appeal_suspension": Action("SuspensionAppealed", Appeal),
        "extend_suspension": Action(
            "SuspensionExtended",
            SuspensionExtension,
            Letter("discipline_suspension_extended", "Suspensjonen er forlenget"),
        ),
        "suspend_urgently": Action(
            "UrgentSuspension",
            UrgentSuspension,
            Letter("discipline_suspension", "Vedtak om suspensjon"),
        ),
    },
    timers=(
        Timer("awaiting_reply", "reply_deadline_passed", _reply_deadline_passed, "notice_reply"),
        Timer("warning_reply", "warning_reply_passed", _warning_reply_passed, "warning_reply"),
        Timer("appeal_window", "window_closes", _window_closed, "appeal_window"),
        Timer("no_majority", "minority_window_closes", _window_closed, "appeal_window"),
        Timer("ordensstraff_registered", "delete_ordensstraff", _deletion_day),
        Timer("stands", "late_appeal_period_ends", _late_period_end),
        Timer("*", "suspension_lapses", _suspension_lapse),
        Timer("stands", "decided_suspension_lapses", decided_lapse),
    ),
    automatic_letters={
        "ordensstraff_deleted": Letter("discipline_deleted", "Ordensstraff er slettet"),
    },
    waiting={
        "assessing": "the unit leader's assessment",
        "warning_reply": "the employee's reply before a written warning",
        "awaiting_reply": "the employee's reply to the advance notice",
        "deliberation": "the deciding body's vote and decision",
        "central_council": "the central council's decision",
        "no_majority": "a minority member's demand for the central council (§ 20 nr. 1)",
        "appeal_window": "the appeal deadline",
        "reasons_requested": "the reasons the employee asked for",
        "under_appeal": "the appeal case",
        "ordensstraff_registered": "deletion of the ordensstraff after five years",
        "stands": "the end of the year in which a late appeal may be considered",
    },
    file_model=DisciplineFile,
    council=CENTRAL_DISCIPLINE,
    councils=(DECIDING_COUNCIL, MAIN_COUNCIL, APPEAL_BODY_SUSPENSIVE),
)


# -- letters (fvl §§ 24, 27): what the decision rests on and who made it -----------------------

DEPARTMENT = "Justis- og beredskapsdepartementet"
CENTRAL_COUNCIL = "Det sentrale tilsettingsrådet"


def competence_rule(case: DisciplineFile) -> str:
    """The competence rule of the decision: § 19 nr. 1 (the Department), § 20 nr. 1 (the
    central council on the minority's demand) or § 19 nr. 2 (the appointing body)."""
    if case.by_department():
        return PR_19_1
    return PR_20_1 if case.escalated else PR_19_2


def decider_title(case: DisciplineFile) -> str:
    """The capacity in which the decision is signed (fvl § 27: who decided)."""
    if case.by_department():
        return f"for {DEPARTMENT}"
    if case.escalated:
        return f"leder av {CENTRAL_COUNCIL}"
    council = case.council()
    return f"leder av {council.name}" if council else "leder av tilsettingsrådet"


def presumed_receipt(sent: date) -> date:
    """fvl § 29 (docs/legal-choices.md "When receipt is unknown"): a letter is presumed to
    reach the employee on the third working day after it was sent."""
    return add_working_days(sent, RECEIPT_DAYS, name="receipt", rule=FVL_29).due


def notice_deadline(sent: date, days: int) -> Deadline:
    """fvl § 16: the reply deadline runs from the day the notice is sent."""
    return add_days(sent, days, name="notice_reply", rule=FVL_16)

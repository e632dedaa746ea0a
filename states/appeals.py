"""Appeals against disciplinary decisions (PR-2012 § 20 nr. 2; fvl §§ 28–34): a case of its
own, run as a child of the decision it challenges; its end state resumes that case."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from states.calendar import Deadline, add_months, add_working_days, shift_months
from states.council import (
    Collegial,
    Protocol,
    Sitting,
    Vote,
    central_council_for_person,
    for_case,
    seated,
)
from states.discipline import (
    FVL_31,
    LATE_LIMIT_MONTHS,
    PR_20_2,
    DisciplineFile,
    OrdensstraffForm,
    Reaction,
    _graded,
    as_voted,
    check_embetsmann,
    check_ordensstraff_form,
    check_party_reply,
    harshness,
    majority_decision,
    reply_ends_period,
)
from states.duties import Action, DutyFile, DutySpec, Letter, Opening, Payload, by_party
from states.machine import MachineSpec, Step
from states.org import Council, CouncilKind, Role
from states.rules import RuleViolation
from states.suspension import suspension_late


class AppealBody(StrEnum):
    central_council = "central_council"
    king_in_council = "king_in_council"
    # fvl § 28: "nærmeste overordnede forvaltningsorgan" above the central council, when the
    # central council decided in first instance (docs/legal-choices.md, issue 13).
    justice_department = "justice_department"


FVL_28 = "fvl § 28"
_BODY_NAMES = {
    AppealBody.central_council: "Det sentrale tilsettingsrådet",
    AppealBody.king_in_council: "Kongen i statsråd",
    AppealBody.justice_department: "Justis- og beredskapsdepartementet",
}


class AppealOpening(Opening):
    """Made by the disciplinary case when the employee appeals; carries who decides."""

    parent_case_id: str
    reaction: str
    seniority_months: int | None = None  # fvl § 34: what a change is measured against
    late: bool = False
    decided_on: date | None = None  # fvl § 31: the year runs from the decision
    # fvl § 30 (appeal10): the day the appeal was posted or sent: fvl § 31's year is measured on
    # it. None in appeals opened before (measured on the day of the step).
    posted_on: date | None = None
    # fvl § 30 (disc11): what shows the posting day: "postmark", "digital_channel" (HR's
    # records), or "party" (the appellant's own word); "" in appeals opened before.
    posted_source: str = ""
    deciding_body: list[str]  # who may reverse the decision first (fvl § 33)
    appeal_body: AppealBody
    appeal_body_deciders: list[str]
    grounds: str = ""
    # fvl § 34: the day the deciding body received the appeal (the three months run from it).
    lodged_on: date | None = None
    # fvl § 2 third paragraph, § 33 second paragraph: an appeal that cannot be considered (more
    # than a year after the decision, fvl § 31; against a decided appeal, fvl § 28 third
    # paragraph) is still an appeal: its case opens and is dismissed with the rule and the route.
    inadmissible: str | None = None  # the rule
    inadmissible_reason: str = ""
    # fvl § 28 third paragraph (appeal10): the appeal is against the deciding body's avvisning
    # of an earlier one (its rule and why): the appeal body tries it, and may decide the matter.
    against_avvisning: str = ""
    appeal_body_name: str = ""
    # fvl § 33 (lawyer's review): the deciding council as it sat for the case, which reverses,
    # forwards or dismisses by its members' votes; None where one body decides, and in appeals
    # opened before the review (the leader alone, as then).
    deciding_council: Council | None = None


def appeal_body_for(case: DisciplineFile) -> tuple[AppealBody, list[str]]:
    """§ 20 nr. 2: the King for an embetsmann's ordensstraff and for the regional director and
    the KRUS/KITT directors; the central council for everyone else. The King's decision is
    entered by the Justice Department."""
    person, on = case.subject(), case.on()
    directors = {Role.regional_director, Role.krus_director, Role.kitt_director}
    king = bool(case.org.roles_of(person.person_id, on=on) & directors) or (
        person.embetsmann and case.reaction == Reaction.ordensstraff
    )
    if king:
        return AppealBody.king_in_council, case.org.holders(Role.justice_department, on=on)
    if case.escalated and case.collegial:
        # The central council decided in first instance: never back to itself (fvl § 28).
        return AppealBody.justice_department, case.org.holders(Role.justice_department, on=on)
    central = case.central_council()
    return AppealBody.central_council, [central.leader] if central and central.leader else []


def suspension_appeal_body_for(case: DisciplineFile) -> tuple[AppealBody, list[str]]:
    """§ 20 nr. 2 for a suspension: the King for the regional director and the KRUS/KITT
    directors (the Department enters it), the central council for everyone else."""
    directors, on = {Role.regional_director, Role.krus_director, Role.kitt_director}, case.on()
    if case.org.roles_of(case.subject().person_id, on=on) & directors:
        return AppealBody.king_in_council, case.org.holders(Role.justice_department, on=on)
    if centrally_suspended(case):
        # fvl § 28: the central council decided the suspension: the appeal goes above it.
        return AppealBody.justice_department, case.org.holders(Role.justice_department, on=on)
    central = case.central_council()
    return AppealBody.central_council, [central.leader] if central and central.leader else []


def centrally_suspended(case: DisciplineFile) -> bool:
    """A suspension the central council decided as a council (§ 20 nr. 1, escalated) in a case
    opened after the attack review: fvl § 28 ("nærmeste overordnede forvaltningsorgan") sends
    its appeal to the Department, as `appeal_body_for` does for the main decision."""
    return case.review5 and case.council_suspension and case.escalated and case.collegial


def suspension_appeal_request(
    case: DisciplineFile, case_id: str, appeal: Any, barred: tuple[str, str] | None = None
) -> dict[str, Any]:
    """The linked appeal case against the suspension (§ 20 nr. 2): its deciding body is the
    one who suspended (fvl § 33), its year runs from the suspension (fvl § 31). A suspension a
    council decided (attack review): the council reverses or forwards by its votes (fvl § 33),
    the three months of fvl § 34 run from the day it received the appeal."""
    body, deciders = suspension_appeal_body_for(case)
    extra: dict[str, Any] = {}
    if case.review5:
        from states.discipline import deciding_council  # the council as it sat for the case

        council = deciding_council(case) if case.council_suspension else None
        extra = {
            "lodged_on": case.today.isoformat(),
            "deciding_council": council.model_dump(mode="json") if council else None,
            "appeal_body_name": _BODY_NAMES.get(body, ""),
        }
        if case.council_suspension:
            extra["deciding_body"] = deciding_body_of(case)
    if case.appeal10:  # fvl § 30: fvl § 31's year is measured on the day it was sent
        extra["posted_on"] = appeal.posted_on.isoformat()
    if barred:  # disc11: fvl § 28 third paragraph, § 31: opened to be dismissed
        extra |= {"inadmissible": barred[0], "inadmissible_reason": barred[1]}
    request = {
        "employee_id": case.request.employee_id,
        "parent_case_id": case_id,
        "reaction": "suspensjon",
        "late": suspension_late(case, appeal),
        "decided_on": case.suspended_on.isoformat() if case.suspended_on else None,
        "deciding_body": [case.suspended_by] if case.suspended_by else deciding_body_of(case),
        "appeal_body": body.value,
        "appeal_body_deciders": deciders,
        "grounds": appeal.grounds,
    }
    return request | extra  # a council's suspension: the council is the deciding body


def deciding_body_of(case: DisciplineFile) -> list[str]:
    if case.by_department():
        return case.org.holders(Role.justice_department, on=case.on())
    council = case.central_council() if case.escalated else case.council()
    return [council.leader] if council and council.leader else []


class AppealFile(DutyFile):
    """The appeal, and (§ 20 nr. 2) the central council's sitting when it is the appeal body;
    (fvl § 33) the deciding council's sitting when it is a council."""

    request: AppealOpening
    sitting: Sitting = Field(default_factory=Sitting)
    collegial: bool = False
    protocol: Protocol | None = None
    first: Sitting = Field(default_factory=Sitting)
    first_protocol: Protocol | None = None
    # fvl § 34 third paragraph with § 16 (disc6): the notice of a change to the appellant's
    # detriment as a step of its own, with a reply period in working days, before the change.
    # Set when the appeal opens (workflow.patched "disc6-detriment-notice"), False before.
    detriment_heard: bool = False
    detriment_notice: DetrimentNotice | None = None
    detriment_sent_on: date | None = None
    detriment_due: Deadline | None = None
    detriment_replied: bool = False
    # disc8 (workflow.patched "disc8-appeal-review", set when the appeal opens): a vote to change
    # carries its reaction and the leader enters the majority's (fvl § 34, § 13 nr. 4); the
    # change keeps the ordensstraff's form (statsansatteloven § 25); only the party's own reply,
    # or one that says they have nothing more, ends the detriment reply period (fvl § 16).
    disc8: bool = False
    # appeal10 (workflow.patched "appeal10-review", set when the appeal opens): the detriment
    # notice opens a new round of votes (fvl § 34 with § 16); the councils and their leaders are
    # read from the register on the step's date (`dated_seats`); the central council is
    # convened before it votes (PR-2012 § 13 nr. 1-2).
    appeal10: bool = False
    # disc11 (workflow.patched "disc11-review", set when the appeal opens): an appeal against an
    # avvisning tries the avvisning, never the decision's merits (fvl §§ 28, 31, 33).
    disc11: bool = False


def avvisning_in_case(case: AppealFile) -> bool:
    """fvl § 28 third paragraph (appeal10's route, disc12): the deciding body's avvisning of an
    appeal against the decision is appealed in the disciplinary case; that of a suspension
    appeal is not (`states.suspension.suspension_barred` dismisses it again), so its letter
    sends the party on rather than promise a route the case lacks."""
    return case.appeal10 and case.request.reaction != Reaction.suspensjon


def _deciding_council(case: AppealFile) -> Council | None:
    """fvl § 33: the council that made the decision, as it sits for the case (the post's nearest
    superior seated per case, § 11 nr. 3-4)."""
    council = case.request.deciding_council
    if council is None:
        return None
    if case.dated_seats:  # appeal10: as the register seats it on the step's date
        council = _registered(case, council)
        if council is None:
            return None
    return for_case(council, case.subject().unit_id, case.first.superior_id or "")


def _registered(case: AppealFile, council: Council) -> Council | None:
    """PR-2012 § 11 with the authority model (appeal10): the council that decided, as the
    register seats it on the step's date (`register_org`); the central council as it sits for
    the employee (§ 11 nr. 6)."""
    person, org = case.subject(), case.register_org()
    if council.kind == CouncilKind.central:
        return central_council_for_person(org, person.person_id, person.unit_id, case.on())
    return next((c for c in org.councils if c.council_id == council.council_id), None)


# fvl § 33: the deciding council reverses its decision, forwards or dismisses the appeal by its
# members' votes, composition, quorum and signed protocol (§ 13 nr. 3-4), its leader entering it.
FIRST_COUNCIL = Collegial(
    "fvl § 33",
    _deciding_council,
    ("reverse_own", "forward", "dismiss_inadmissible"),
    field="first",
    prefix="first_",
    protocol_field="first_protocol",
)


def _by_deciding_council(trigger: str) -> Any:
    return FIRST_COUNCIL.decision(lambda data: trigger)


def _appeal_council(case: AppealFile) -> Council | None:
    """§ 20 nr. 2: "Det sentrale tilsettingsrådet er klageinstans", sitting as § 11 nr. 6 says;
    None where the King (the Department) or the Department above the central council decides."""
    if case.request.appeal_body != AppealBody.central_council:
        return None
    person, org = case.subject(), case.register_org()  # appeal10: the register on the day
    return central_council_for_person(org, person.person_id, person.unit_id, case.on())


# The central council decides the appeal by its members' votes (§ 13 nr. 3-4, issue 12 nr. 7);
# a vote to change states the reaction (and term) it votes for (disc8).
APPEAL_COUNCIL = Collegial(
    PR_20_2,
    _appeal_council,
    ("consider_late", "dismiss_late", "uphold", "reverse", "send_back", "change"),
    per_case_seat=False,
    convene_flag="appeal10",  # § 13 nr. 1-2 in appeals opened after appeal10
    reacting=("change",),
)
CHANGE = "change"


def _change_vote(case: AppealFile, data: dict[str, Any]) -> None:
    """fvl § 34 with PR-2012 § 20 nr. 2 and § 13 nr. 4 (disc8): a member who votes to change the
    decision votes for the new reaction, with its months where it is graded (an ordensstraff of
    lost seniority), bound as the first decision was (§ 19 nr. 1: never oppsigelse of an
    embetsmann); a vote for anything else carries neither."""
    if not case.disc8:
        return
    v = data["payload"]
    if v.choice != CHANGE:
        if v.seniority_months is not None:
            raise RuleViolation(PR_20_2, f"a vote for {v.choice} carries no term",
                                "payload.seniority_months")  # fmt: skip
        return
    if v.reaction not in set(Reaction):
        raise RuleViolation(
            PR_20_2,
            "a vote to change states the reaction it votes for: one of "
            + ", ".join(r.value for r in Reaction),
            "payload.reaction",
        )
    if (v.reaction == Reaction.ordensstraff) != (v.seniority_months is not None):
        raise RuleViolation(
            PR_20_2,
            "a vote to change to an ordensstraff states its months of seniority lost, and only it",
            "payload.seniority_months",
        )
    check_embetsmann(case, v.reaction, "payload.reaction")


def _after_the_reply(case: AppealFile, data: dict[str, Any]) -> None:
    """fvl § 34 third paragraph with § 16 (appeal10): the detriment notice closed the votes cast
    before it; the members vote again once the appellant had their say: their reply ended the
    period, or it ran out."""
    due = case.detriment_due
    if not case.appeal10 or case.detriment_notice is None or case.detriment_replied:
        return
    if due is not None and case.today <= due.due:
        raise RuleViolation(
            FVL_16,
            f"the appellant may reply to the notice until {due.due}: the members vote again "
            "after the reply or the end of its period",
            "detriment_due",
        )


def _vote_row(row: Step) -> Step:
    if row.trigger == "council_vote":
        return replace(row, guards=(*row.guards, _change_vote, _after_the_reply))
    return row


def voted_change(votes: list[Vote]) -> tuple[Reaction, int | None] | None:
    """fvl § 34 with § 13 nr. 4 (disc8): the change the council's majority voted: a reaction
    more than half the votes cast agree on, and for an ordensstraff the longest term more than
    half stand behind (`majority_decision`, as in the first instance); None when the votes to
    change are split so that no reaction has a majority (docs/legal-choices.md)."""
    as_reactions = [
        v.model_copy(update={"choice": v.reaction}) if v.choice == CHANGE and v.reaction else v
        for v in votes
    ]
    counts = Counter(v.reaction for v in votes if v.choice == CHANGE and v.reaction)
    top = counts.most_common(1)
    if not top or top[0][1] * 2 <= len(votes):
        return None
    return majority_decision(as_reactions, top[0][0])


def _change_as_voted(case: AppealFile, data: dict[str, Any]) -> None:
    """PR-2012 § 20 nr. 2 with § 13 nr. 4 and fvl § 34 (disc8): the central council changes the
    decision by its members' votes; its leader enters the reaction and term the majority voted
    (`as_voted`, the first instance's rule), nothing else. Whether the change is to the
    appellant's detriment, and so needs its notice (fvl § 34 third paragraph with § 16), is
    then read from what the majority voted."""
    council = _appeal_council(case)
    if not (case.disc8 and case.collegial and council is not None):
        return
    voted = voted_change(seated(council, case.sitting.votes))
    if voted is None:
        raise RuleViolation(
            PR_20_2,
            "the votes to change are split: no reaction has a majority of the votes cast",
            "votes",
        )
    as_voted(data["payload"], *voted, rule=PR_20_2)


def _change_form(case: AppealFile, data: dict[str, Any]) -> None:
    """statsansatteloven § 25 with PR-2012 § 19 nr. 1 and § 20 nr. 2 (disc8): the appeal body's
    change carries the ordensstraff's form: an embetsmann's is a skriftlig irettesettelse (the
    King may keep it as one), a tjenestemann's is not."""
    if case.disc8:
        change: Change = data["payload"]
        check_ordensstraff_form(case.subject().embetsmann, change.reaction, change.form)


def _by_appeal_council(trigger: str) -> Any:
    return APPEAL_COUNCIL.decision(lambda data: trigger)


def deciders(case: AppealFile, field: str) -> list[str]:
    """Who enters the body's decision. appeal10 (`dated_seats`): read from the register on the
    step's date (the authority model): a council's leader as it sits that day (§ 11 nr. 5-6),
    the Department's holders (§ 20 nr. 2, fvl § 28); else the names frozen when it opened."""
    frozen: list[str] = getattr(case.request, field)
    if not case.dated_seats:
        return frozen
    council = _deciding_council(case) if field == "deciding_body" else _appeal_council(case)
    if council is not None:
        return [council.leader] if council.leader else []
    central = case.request.appeal_body == AppealBody.central_council
    if field == "appeal_body_deciders" and not central:  # the King (the Department), or above
        return case.org.holders(Role.justice_department, on=case.on())
    # fvl § 33: the one person who decided (an urgent suspension) stays the deciding body
    return [] if field == "appeal_body_deciders" else frozen


PR_11 = "PR-2012 § 11"


def _as_registered(case: AppealFile, field: str, data: dict[str, Any]) -> bool:
    """disc11, the authority model: who may act for the body is read from the register on the
    step's date, never from names frozen when the appeal opened. The Justice Department (the
    deciding body of a decision it made, § 19 nr. 1, or the appeal body above the central
    council or for the King, § 20 nr. 2) acts through whoever holds its role that day (the
    actor's grants); a deciding council missing from the register that day cannot act (refused
    naming PR-2012 § 11). Returns whether the actor may act for the body."""
    actor = data["actor"].person_id
    if field == "deciding_body" and case.request.deciding_council is not None:
        if _deciding_council(case) is None:
            raise RuleViolation(
                PR_11,
                f"the council that decided ({case.request.deciding_council.council_id}) is not "
                f"in the register on {case.on()}: nobody acts for it",
                "actor.person_id",
            )
        return actor in deciders(case, field)
    department = set(case.org.holders(Role.justice_department))
    frozen = set(getattr(case.request, field))
    central = case.request.appeal_body == AppealBody.central_council
    by_department = field == "appeal_body_deciders" and not central
    if by_department or (field == "deciding_body" and frozen and frozen <= department):
        from states.discipline import _register  # the actor's grants on the step's date

        return _register(case, data).holds(Role.justice_department)  # type: ignore[arg-type]
    return actor in deciders(case, field)


def _in(field: str, rule: str) -> Any:
    def _member(case: DutyFile, data: dict[str, Any]) -> None:
        if getattr(case, "disc11", False) and case.dated_seats:
            if not _as_registered(case, field, data):  # type: ignore[arg-type]
                raise RuleViolation(
                    rule, f"not for {data['actor'].person_id}: see {field}", "actor.person_id"
                )
            return
        if data["actor"].person_id not in deciders(case, field):  # type: ignore[arg-type]
            raise RuleViolation(
                rule, f"not for {data['actor'].person_id}: see {field}", "actor.person_id"
            )

    _member.__name__ = f"_by_{field}"
    return _member


def _within_a_year(case: DutyFile, data: dict[str, Any]) -> None:
    """fvl § 31: "Klagen kan ikke i noe tilfelle tas under behandling dersom det er gått mer enn
    ett år siden vedtaket ble truffet" (counted from the decision, not from the deadline)."""
    decided, posted = case.request.decided_on, case.request.posted_on
    measured = posted if posted is not None else case.today  # fvl § 30 (appeal10): when sent
    if decided and measured > shift_months(decided, LATE_LIMIT_MONTHS):
        raise RuleViolation(
            FVL_31,
            f"the appeal was sent {measured}, more than a year after the decision ({decided}): "
            "the late appeal cannot be considered",
            "request.posted_on",
        )


def _is_late(case: DutyFile) -> bool:
    return case.request.late


def _in_time(case: DutyFile) -> bool:
    return not case.request.late


class Outcome(Payload):
    reasons: str = Field(min_length=1)


FVL_34 = "fvl § 34"


class Change(Outcome):
    """fvl § 34: the appeal body may decide the matter anew; the new reaction drives the case
    appealed (PR-2012 § 18 deletion for an ordensstraff). A change to the appellant's
    detriment needs weighty reasons (public interest) and a prior notice (fvl § 16)."""

    reaction: Reaction
    seniority_months: int | None = Field(default=None, ge=1, le=24)
    # statsansatteloven § 25 (disc8): the ordensstraff's form; a skriftlig irettesettelse has no
    # months. None: loss of seniority.
    form: OrdensstraffForm | None = Field(
        default=None,
        description="The ordensstraff's form: skriftlig_irettesettelse for an embetsmann "
        "(statsansatteloven § 25); none for loss of seniority.",
    )
    detriment_reasons: str = ""
    notice_sent_on: date | None = None

    @model_validator(mode="after")
    def _graded(self) -> Change:
        _graded(self.reaction, self.seniority_months, self.form)
        return self


DETRIMENT_MONTHS = 3  # fvl § 34 third paragraph (docs/legal-choices.md "Change to detriment")
DETRIMENT_REPLY_DAYS = 10  # working days (docs/legal-choices.md "The reply to a detriment notice")
FVL_16 = "fvl § 16"


class DetrimentNotice(Payload):
    """fvl § 34 third paragraph with § 16: the appeal body tells the appellant the change to
    their detriment it considers, why their interests may have to yield, and the reply period."""

    reaction: Reaction
    seniority_months: int | None = Field(default=None, ge=1, le=24)
    reasons: str = Field(min_length=1)
    reply_days: int = Field(default=DETRIMENT_REPLY_DAYS, ge=5, le=30)  # working days

    @model_validator(mode="after")
    def _graded(self) -> DetrimentNotice:
        if (self.reaction == Reaction.ordensstraff) != (self.seniority_months is not None):
            raise ValueError("seniority_months: required for ordensstraff, and only for it")
        return self


class DetrimentReply(Payload):
    """fvl § 16: the appellant's reply to the notice: in their own words (`statement`), and
    whether they have said all they will (`nothing_more`), which an HR officer who records
    it must have from them."""

    statement: str = Field(default="", max_length=20000)
    nothing_more: bool = False


AppealFile.model_rebuild()  # its detriment notice is declared above


def _worse(case: AppealFile, reaction: str, months: int | None) -> bool:
    return harshness(reaction, months) > harshness(
        case.request.reaction or None, case.request.seniority_months
    )


def _detriment_notice(case: AppealFile, data: dict[str, Any]) -> None:
    """fvl § 34 third paragraph: the notice of a change to the appellant's detriment, sent no
    later than three months after the deciding body received the appeal; only for a change
    that is to their detriment; bound as the first decision was (PR-2012 § 19 nr. 1)."""
    notice: DetrimentNotice = data["payload"]
    if not case.detriment_heard:
        raise RuleViolation(FVL_34, "in this appeal the notice's date comes with the change",
                            "trigger")  # fmt: skip
    check_embetsmann(case, notice.reaction, "payload.reaction")
    if not _worse(case, notice.reaction, notice.seniority_months):
        raise RuleViolation(
            FVL_34, "not a change to the appellant's detriment: no notice is needed",
            "payload.reaction",
        )  # fmt: skip
    # The notice's date is the step's own (`detriment_sent_on`): the payload has no date.
    check_detriment_limits(case.request.lodged_on, case.today, "detriment_sent_on")


def _detriment_pending(case: AppealFile, data: dict[str, Any]) -> None:
    if case.detriment_notice is None or case.detriment_replied:
        raise RuleViolation(FVL_16, "no notice of a change awaits the appellant's reply",
                            "trigger")  # fmt: skip


def _detriment_reply(case: AppealFile, data: dict[str, Any]) -> None:
    """fvl § 16 ("høve til å uttale seg innen en nærmere angitt frist"; disc8): the reply is the
    party's. One recorded by HR (`by_party`: an HR officer serving the unit, for the party)
    carries the party's statement; an empty one is nobody's reply and is refused. Whether it
    ends the period early is `detriment_reply_recorded`'s."""
    if not case.disc8:
        return
    reply: DetrimentReply = data["payload"]
    own = data["grants"].person_id == case.request.employee_id
    check_party_reply(reply.statement, reply.nothing_more, own)


def detriment_reply_recorded(case: AppealFile, reply: DetrimentReply, actor_id: str) -> bool:
    """The effect of the reply (pure on the file), True when it ends the period (fvl § 16,
    disc8): the party's own reply does, or one recorded for them that says they have nothing
    more to say; any other reply recorded by HR is kept, and the period runs to its last day
    (the party may still add to it). Appeals opened before disc8: any reply ended it."""
    own = actor_id == case.request.employee_id
    ends = not case.disc8 or reply_ends_period(reply.nothing_more, own)
    if ends:
        case.detriment_replied = True
    return ends


def detriment_announced(case: AppealFile, notice: DetrimentNotice) -> Deadline:
    """The effect of the notice (pure on the file): the reply period in working days from the
    day it is sent (fvl § 16: "en frist for å uttale seg")."""
    case.detriment_notice, case.detriment_sent_on = notice, case.today
    case.detriment_replied = False
    if case.appeal10:  # fvl § 34 with § 16: the votes before the notice close on the record
        s = case.sitting
        case.sitting = s.model_copy(
            update={"votes": [], "signatures": [], "closed_votes": [*s.closed_votes, *s.votes]}
        )
    case.detriment_due = add_working_days(
        case.today, notice.reply_days, name="detriment_reply", rule=FVL_16
    )
    return case.detriment_due


def _heard_on_detriment(case: AppealFile, change: Change) -> None:
    """fvl § 34 third paragraph refers to § 16: no change to the appellant's detriment before
    they were told of it and had the chance to reply: the reply is in, or its period ran out;
    and the change is no harsher than the notice named (a harsher one needs a new notice)."""
    notice = case.detriment_notice
    if notice is None:
        raise RuleViolation(
            FVL_16,
            "a change to the appellant's detriment needs its notice first "
            "(AppealDetrimentNoticeSent) and the reply or the end of its period",
            "payload.reaction",
        )
    if harshness(change.reaction, change.seniority_months) > harshness(
        notice.reaction, notice.seniority_months
    ):
        raise RuleViolation(FVL_16, "harsher than the notice named: send a new notice",
                            "payload.reaction")  # fmt: skip
    due = case.detriment_due
    if not case.detriment_replied and due is not None and case.today <= due.due:
        raise RuleViolation(
            FVL_16,
            f"the appellant may reply to the notice until {due.due}: the change waits for the "
            "reply or the end of the period",
            "payload.reaction",
        )


def _within_34(case: DutyFile, data: dict[str, Any]) -> None:
    """fvl § 34 third paragraph: "Vedtaket kan ikke endres til skade for klageren med mindre
    dennes interesser må vike for omsynet til andre privatpersoner eller offentlige interesser"
    (the weighing: `detriment_reasons`); the appellant is told first (fvl § 16: the notice);
    and "Endring til skade for klageren kan ikke skje dersom underretning om endringen er sendt
    klageren senere enn tre måneder etter at underinstansen mottok klagen" (`lodged_on`)."""
    change: Change = data["payload"]
    if case.review5:
        # Grunnloven § 22, tjml § 10, PR-2012 § 19 nr. 1: what the appeal body decides anew is
        # bound as the first decision was: never oppsigelse of an embetsmann (attack review).
        check_embetsmann(case, change.reaction, "payload.reaction")
    before = harshness(case.request.reaction, case.request.seniority_months)
    if harshness(change.reaction, change.seniority_months) <= before:
        return
    if case.detriment_heard:  # disc6: the notice is a step; its date and reply are the case's
        if not change.detriment_reasons.strip():
            raise RuleViolation(
                FVL_34,
                "a change to the appellant's detriment needs the interests that outweigh theirs",
                "payload.detriment_reasons",
            )
        _heard_on_detriment(case, change)
        return
    check_detriment_limits(case.request.lodged_on, change.notice_sent_on)
    if not change.detriment_reasons.strip():
        raise RuleViolation(
            FVL_34,
            "a change to the appellant's detriment needs the interests that outweigh theirs",
            "payload.detriment_reasons",
        )
    if change.notice_sent_on is None or change.notice_sent_on > case.today:
        raise RuleViolation(
            FVL_34,
            "a change to the appellant's detriment needs a notice to them first (fvl § 16)",
            "payload.notice_sent_on",
        )


def check_detriment_limits(
    lodged: date | None, notice_sent_on: date | None, field: str = "payload.notice_sent_on"
) -> None:
    """fvl § 34 third paragraph: the notice of a change to the appellant's detriment is sent
    after the appeal came in and no later than three months after the deciding body received it
    (`lodged` is None only in appeals opened before the lawyer's review). `field`: where the
    notice's date comes from (the Change's `notice_sent_on`, or the notice step's own date)."""
    if lodged is None or notice_sent_on is None:
        return
    if notice_sent_on < lodged:
        raise RuleViolation(
            FVL_34, f"the notice cannot precede the appeal (received {lodged})", field,
        )  # fmt: skip
    # A limit ending on a weekend or holiday moves to the next working day (legal-notes).
    limit = add_months(lodged, DETRIMENT_MONTHS, name="detriment_notice", rule=FVL_34).due
    if notice_sent_on > limit:
        raise RuleViolation(
            FVL_34,
            f"a change to the appellant's detriment needs its notice sent within three months of "
            f"the day the deciding body received the appeal ({lodged}); the last day was {limit}",
            field,
        )


FVL_33 = "fvl § 33"


def _admissible(case: DutyFile, data: dict[str, Any]) -> None:
    """fvl § 33 second paragraph: an appeal that cannot be considered is dismissed, not heard."""
    rule = case.request.inadmissible
    if rule is not None:
        raise RuleViolation(
            rule, f"the appeal cannot be considered ({case.request.inadmissible_reason}): "
            "dismiss it (AppealDismissed)", "trigger",
        )  # fmt: skip


def _merits_open(case: DutyFile, data: dict[str, Any]) -> None:
    """fvl § 28 third paragraph, § 31 ("ikke i noe tilfelle"), § 33 (disc11; docs/legal-choices.md
    "The appeal against an avvisning"): an appeal against the deciding body's avvisning brings
    the avvisning before the bodies, not the decision it kept out. Under fvl § 28 third paragraph
    that decision was decided on appeal and is final; under fvl § 31 more than a year had passed.
    Neither body reverses, changes or sends back the decision through it: the deciding body
    forwards it, the appeal body upholds the avvisning."""
    against = case.request.against_avvisning
    if not (getattr(case, "disc11", False) and against):
        return
    rule = against.split(":", 1)[0]
    raise RuleViolation(
        rule,
        f"this appeal is against the avvisning of an earlier appeal ({against}): the decision "
        "appealed is not before the bodies; the deciding body forwards the appeal "
        "(AppealForwarded), the appeal body decides whether the avvisning stands (AppealUpheld)",
        "trigger",
    )


def _inadmissible(case: DutyFile, data: dict[str, Any]) -> None:
    if case.request.inadmissible is None:
        raise RuleViolation(
            FVL_33, "the appeal may be considered: reverse the decision or forward it", "trigger"
        )


APPEAL = DutySpec(
    case_type="appeal",
    label="Klage over vedtak",
    machine=MachineSpec(
        name="appeal",
        states=(
            "lodged",
            "with_deciding_body",
            "late_review",
            "with_appeal_body",
            "upheld",
            "reversed",
            "changed",
            "sent_back",
            "dismissed_late",
            "dismissed",
        ),
        initial="lodged",
        final=frozenset(
            {"upheld", "reversed", "changed", "sent_back", "dismissed_late", "dismissed"}
        ),
        steps=(
            # "Embets- eller tjenestemannen må fremsette klagen skriftlig for vedtaksorganet."
            Step("register", "lodged", "with_deciding_body", PR_20_2),
            # fvl § 33: the deciding body may reverse its own decision first.
            Step(
                "reverse_own",
                "with_deciding_body",
                "reversed",
                FVL_33,
                (
                    _in("deciding_body", FVL_33),
                    _admissible,
                    _merits_open,
                    _by_deciding_council("reverse_own"),
                ),
            ),
            *FIRST_COUNCIL.rows("with_deciding_body"),
            Step(
                "forward",
                "with_deciding_body",
                "with_appeal_body",
                FVL_33,
                (_in("deciding_body", FVL_33), _admissible, _by_deciding_council("forward")),
                (_in_time,),
            ),
            Step(
                "forward",
                "with_deciding_body",
                "late_review",
                FVL_33,
                (_in("deciding_body", FVL_33), _admissible, _by_deciding_council("forward")),
                (_is_late,),
            ),
            # fvl § 33 second paragraph with § 2 third paragraph: an appeal that cannot be
            # considered (fvl § 31, § 28 third paragraph) is dismissed by an appealable decision.
            Step(
                "dismiss_inadmissible",
                "with_deciding_body",
                "dismissed",
                FVL_33,
                (
                    _in("deciding_body", FVL_33),
                    _inadmissible,
                    _by_deciding_council("dismiss_inadmissible"),
                ),
            ),
            # fvl § 31: a late appeal: the appeal body decides whether to consider it.
            *(_vote_row(r) for r in APPEAL_COUNCIL.rows(("late_review", "with_appeal_body"))),
            Step(
                "consider_late",
                "late_review",
                "with_appeal_body",
                FVL_31,
                (
                    _in("appeal_body_deciders", FVL_31),
                    _within_a_year,
                    _by_appeal_council("consider_late"),
                ),
            ),
            Step(
                "dismiss_late",
                "late_review",
                "dismissed_late",
                FVL_31,
                (_in("appeal_body_deciders", FVL_31), _by_appeal_council("dismiss_late")),
            ),
            *(
                Step(
                    t,
                    "with_appeal_body",
                    d,
                    PR_20_2,
                    (
                        _in("appeal_body_deciders", PR_20_2),
                        *((_merits_open,) if t != "uphold" else ()),
                        _by_appeal_council(t),
                    ),
                )
                for t, d in (
                    ("uphold", "upheld"),
                    ("reverse", "reversed"),
                    ("send_back", "sent_back"),
                )
            ),
            # fvl § 34 third paragraph with § 16: the notice of a change to the detriment, and
            # the appellant's reply (disc6).
            Step(
                "announce_detriment",
                "with_appeal_body",
                "with_appeal_body",
                FVL_34,
                (_in("appeal_body_deciders", PR_20_2), _merits_open, _detriment_notice),
            ),
            Step(
                "record_detriment_reply",
                "with_appeal_body",
                "with_appeal_body",
                FVL_16,
                (by_party, _detriment_pending, _detriment_reply),
            ),
            Step(
                "change",
                "with_appeal_body",
                "changed",
                FVL_34,
                (
                    _in("appeal_body_deciders", PR_20_2),
                    _merits_open,
                    _change_form,
                    _within_34,
                    _by_appeal_council("change"),
                    _change_as_voted,
                ),
            ),
        ),
    ),
    opening_event="AppealLodged",
    opening=AppealOpening,
    opened_by_event=False,  # only a disciplinary case opens an appeal (its child workflow)
    file_model=AppealFile,
    council=APPEAL_COUNCIL,
    councils=(FIRST_COUNCIL,),
    actions={
        **{t: Action(e, m) for t, (e, m) in APPEAL_COUNCIL.actions("AppealCentral").items()},
        **{t: Action(e, m) for t, (e, m) in FIRST_COUNCIL.actions("AppealDecidingBody").items()},
        "reverse_own": Action(
            "AppealReversedByDecidingBody",
            Outcome,
            Letter("appeal_outcome", "Klagen er tatt til følge"),
        ),
        "forward": Action(
            "AppealForwarded",
            Outcome,
            Letter("appeal_forwarded", "Klagen er sendt til klageinstansen"),
        ),
        "dismiss_inadmissible": Action(
            "AppealDismissed", Outcome, Letter("appeal_dismissed", "Klagen er avvist")
        ),
        "consider_late": Action("LateAppealConsidered", Outcome),
        "dismiss_late": Action(
            "LateAppealDismissed", Outcome, Letter("appeal_outcome", "Klagen er avvist")
        ),
        **{
            t: Action(e, Outcome, Letter("appeal_outcome", "Klagesaken er avgjort"))
            for t, e in (
                ("uphold", "AppealUpheld"),
                ("reverse", "AppealReversed"),
                ("send_back", "AppealSentBack"),
            )
        },
        "change": Action(
            "AppealChanged", Change, Letter("appeal_outcome", "Klagesaken er avgjort")
        ),
        "announce_detriment": Action(
            "AppealDetrimentNoticeSent",
            DetrimentNotice,
            Letter("appeal_detriment_notice", "Varsel om endring til skade for deg"),
        ),
        "record_detriment_reply": Action("AppealDetrimentReplyReceived", DetrimentReply),
    },
    waiting={
        "with_deciding_body": "the deciding body: reverse its decision, forward the appeal, or "
        "dismiss one that cannot be considered",
        "late_review": "the appeal body: consider the late appeal or not",
        "with_appeal_body": "the appeal body's decision",
    },
)

# The appeal's end state -> the trigger that resumes the disciplinary case.
RESUME = {
    "upheld": "appeal_upheld",
    "changed": "appeal_changed",
    "reversed": "appeal_reversed",
    "sent_back": "appeal_sent_back",
    "dismissed_late": "appeal_upheld",
    "dismissed": "appeal_upheld",  # the decision stands as it stood
}

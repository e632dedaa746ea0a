"""LeaveCase on the time-skipping test server: every path and every refusal, with its rule."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from activities.store import Store
from states.calendar import (
    add_working_days,
    is_working_day,
    local_date,
    next_working_day,
    start_of_day,
)
from states.rules import DESIGN_WITHDRAWAL
from tests.helpers import (
    OSLO_SEATS,
    Sender,
    convene_in_writing,
    decision,
    event,
    eventually,
    leave_request,
)
from tests.helpers import letters as case_letters
from workflows.leave import LeaveCase


async def sleep_past(env: WorkflowEnvironment, day: date) -> None:
    """Skip time to one hour after midnight (Oslo) of `day`."""
    target = start_of_day(day) + timedelta(hours=1)
    await env.sleep(target - await env.get_current_time())


async def today(env: WorkflowEnvironment) -> date:
    return local_date(await env.get_current_time())


def working_day(day: date) -> date:
    return next_working_day(day)[0]


async def state_becomes(send: Sender, case_id: str, state: str) -> bool:
    async def check() -> bool:
        return (await send.view(case_id)).state == state

    return await eventually(check)


async def _async(value: bool) -> bool:
    return value


def letters(mail_dir: Path, case_id: str) -> list[str]:
    return case_letters(mail_dir, f"leave-{case_id}")


async def test_request_decide_timers_return(
    env: WorkflowEnvironment, send: Sender, register: Store, mail_dir: Path
) -> None:
    """PR-2012 § 23 nr. 4: "Regiondirektøren, eller den regiondirektøren gir fullmakt, avgjør
    søknader om tjenestefri med lønn. Tilsvarende gjelder permisjoner uten lønn inntil seks
    måneder." The HR chief decides under the regional director's fullmakt."""
    start = working_day(await today(env) + timedelta(days=14))
    end = start + timedelta(days=60)
    req = leave_request("T-1", start, end, kind="education", paid=False)
    assert (await send.send(req))["status"] == "accepted"

    result = await send.send(decision("T-1"))
    assert result["state"] == "scheduled"
    view = await send.view("T-1")
    decided = next(h for h in view.history if h.trigger == "grant")
    assert decided.rule == "PR-2012 § 23 nr. 4"
    assert decided.on_behalf_of == "rd-east"  # the fullmakt is recorded
    assert {d.name for d in view.deadlines} == {"leave_start", "return_reminder", "return_to_work"}
    [letter] = letters(mail_dir, "T-1")
    assert "Søknaden er innvilget" in letter
    assert "etter fullmakt fra Randi Eng" in letter
    assert "kan derfor ikke påklages" in letter  # a leave decision is not an enkeltvedtak

    await sleep_past(env, start)  # the durable timer fires
    assert await state_becomes(send, "T-1", "on_leave")
    reminder_due = next(d.due for d in view.deadlines if d.name == "return_reminder")
    await sleep_past(env, reminder_due)
    assert await eventually(
        lambda: _async(len(letters(mail_dir, "T-1")) == 2)
    )  # the reminder went out
    assert any("PÅMINNELSE" in x for x in letters(mail_dir, "T-1"))
    await sleep_past(env, end + timedelta(days=1))
    assert await state_becomes(send, "T-1", "return_due")

    back = event(
        "LeaveReturnReported",
        "T-1",
        {"returned_on": (end + timedelta(days=1)).isoformat()},
        "emp-1",
        "employee",
    )
    assert (await send.send(back))["state"] == "returned"
    handle = send.client.get_workflow_handle_for(LeaveCase.run, "leave-T-1")
    final = await handle.result()
    assert final.state == "returned"
    steps = [(h.trigger, h.dest) for h in final.history]
    assert steps == [
        ("register", "awaiting_decision"),
        ("grant", "granted"),
        ("schedule", "scheduled"),
        ("start", "on_leave"),
        ("end", "return_due"),
        ("report_return", "returned"),
    ]
    journal = register.journal("leave-T-1")
    assert [j.trigger for j in journal] == [s for s, _ in steps]
    assert all(j.rule for j in journal)
    assert register.case("leave-T-1").state == "returned"


COUNCIL = ("leader-oslo", "avd-oslo", "adm-oslo")  # three of the five seats of § 11 nr. 3


async def council_votes(send: Sender, case_id: str, outcome: str, seat: bool = False) -> None:
    """PR-2012 § 13 nr. 3-4: three of five members vote and sign the protocol (the leader first
    seats the employee's nearest superior, § 11 nr. 3)."""
    if seat:
        superior = {"person_id": "avd-oslo"}
        await send.send(event("LeaveCouncilSuperiorSeated", case_id, superior, "leader-oslo",
                              "unit_leader"))  # fmt: skip
    # § 13 nr. 1-2 (council8): convened for each matter (the extension anew), in writing
    await convene_in_writing(send, case_id, "Leave", "leader-oslo", OSLO_SEATS)
    for m in COUNCIL:
        vote = {"choice": outcome, "reasons": f"{m}: vurdert."}
        await send.send(event("LeaveCouncilVoteCast", case_id, vote, m, "employee"))
    for m in COUNCIL:
        await send.send(event("LeaveCouncilProtocolSigned", case_id, {}, m, "employee"))


async def test_extension_granted_and_refused(env: WorkflowEnvironment, send: Sender) -> None:
    """PR-2012 § 23 nr. 2: "Unntaksvis kan slik permisjon forlenges." An extension past one
    year needs a stated exceptional reason; a refused extension leaves the grant standing."""
    start = working_day(await today(env) + timedelta(days=3))
    end = start + timedelta(days=300)
    await send.send(leave_request("T-2", start, end, kind="other_state_post", paid=False))
    # Unpaid over six months: the appointment council decides, its leader enters it.
    refused = await send.refused(decision("T-2"))
    assert refused.rule == "PR-2012 § 23 nr. 4" and "tilsettingsrådet" in refused.message
    await council_votes(send, "T-2", "granted", seat=True)
    await send.send(decision("T-2", by="leader-oslo", role="unit_leader"))
    view = await send.view("T-2")
    assert next(h for h in view.history if h.trigger == "grant").on_behalf_of == (
        "council-oslo-prison"
    )
    await sleep_past(env, start)
    assert await state_becomes(send, "T-2", "on_leave")

    ext = {"new_end": (start + timedelta(days=500)).isoformat(), "reason": "Prosjektet forlenges"}
    without = await send.refused(event("LeaveExtensionRequested", "T-2", ext, "emp-1", "employee"))
    assert without.rule == "PR-2012 § 23 nr. 2" and without.field == "payload.exception_reason"
    assert (await send.view("T-2")).state == "on_leave"  # unchanged

    ext["exception_reason"] = "Særlig behov for kompetansen i departementet"
    await send.send(event("LeaveExtensionRequested", "T-2", ext, "emp-1", "employee"))
    assert (await send.view("T-2")).state == "awaiting_decision"
    await council_votes(send, "T-2", "refused")
    await send.send(decision("T-2", outcome="refused", by="leader-oslo", role="unit_leader"))
    view = await send.view("T-2")
    assert view.state == "on_leave"  # the earlier grant stands
    assert view.details["granted"][1] == end.isoformat()

    ext["new_end"] = (end + timedelta(days=30)).isoformat()
    await send.send(event("LeaveExtensionRequested", "T-2", ext, "emp-1", "employee"))
    await council_votes(send, "T-2", "granted")
    await send.send(decision("T-2", by="leader-oslo", role="unit_leader"))
    view = await send.view("T-2")
    assert view.state == "on_leave"
    assert view.details["granted"][1] == ext["new_end"]
    assert [h.trigger for h in view.history].count("request_extension") == 2


async def test_withdrawal_before_start_only(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """Design choice (legal-notes): a request may be withdrawn until the leave starts."""
    start = working_day(await today(env) + timedelta(days=10))
    await send.send(leave_request("T-3", start, start + timedelta(days=1)))
    await send.send(decision("T-3"))
    result = await send.send(event("LeaveWithdrawn", "T-3", {}, "emp-1", "employee"))
    assert result["state"] == "withdrawn"
    assert any("er trukket" in x for x in letters(mail_dir, "T-3"))

    await send.send(leave_request("T-4", start, start + timedelta(days=1)))
    await send.send(decision("T-4"))
    await sleep_past(env, start)
    assert await state_becomes(send, "T-4", "on_leave")
    late = await send.refused(event("LeaveWithdrawn", "T-4", {}, "emp-1", "employee"))
    assert late.rule == DESIGN_WITHDRAWAL and "on_leave" in late.message
    assert (await send.view("T-4")).state == "on_leave"


async def test_refusals_name_their_rule_and_change_nothing(
    env: WorkflowEnvironment, send: Sender, register: Store
) -> None:
    start = working_day(await today(env) + timedelta(days=20))
    await send.send(
        leave_request("T-5", start, start + timedelta(days=90), kind="education", paid=False)
    )
    before = await send.view("T-5")

    # PR-2012 § 23 nr. 4: a colleague without fullmakt may not decide.
    other = await send.refused(decision("T-5", by="emp-2", role="employee"))
    assert other.rule == "PR-2012 § 23 nr. 4" and other.field == "actor.person_id"
    # fvl § 6: nobody decides their own case.
    own = await send.refused(decision("T-5", by="emp-1", role="employee"))
    assert own.rule == "fvl § 6"
    # PR-2012 § 23 nr. 1: "Tjenestefri bør, så langt tjenesten tillater det, gis ..."
    bare = await send.refused(decision("T-5", outcome="refused"))
    assert bare.rule == "PR-2012 § 23 nr. 1" and bare.field == "payload.service_reason"
    # A partly granted leave must state a shorter period inside the one asked for.
    wide = await send.refused(
        decision(
            "T-5",
            outcome="partly_granted",
            granted_start=start.isoformat(),
            granted_end=(start + timedelta(days=200)).isoformat(),
        )
    )
    assert wide.rule == "PR-2012 § 23 nr. 4" and wide.field == "payload.granted_end"
    # Return is not possible before the leave.
    early = await send.refused(
        event("LeaveReturnReported", "T-5", {"returned_on": start.isoformat()}, "emp-1", "employee")
    )
    assert "not possible in state 'awaiting_decision'" in early.message

    after = await send.view("T-5")
    assert after.history == before.history and after.state == "awaiting_decision"
    assert len(register.journal("leave-T-5")) == 1

    ok = await send.send(
        decision(
            "T-5", outcome="refused", service_reason="Bemanningen i høst tillater ikke fravær."
        )
    )
    assert ok["state"] == "refused"


async def test_welfare_days_per_calendar_year(env: WorkflowEnvironment, send: Sender) -> None:
    """PR-2012 § 22 with Hovedtariffavtalen: up to 12 working days of welfare leave with pay
    (design choice: per calendar year), counted from the register across cases."""
    first = await today(env) + timedelta(days=30)
    if (first + timedelta(days=30)).year != first.year:  # keep both cases in one calendar year
        first = date(first.year + 1, 1, 15)
    first = working_day(first)
    days, end = 0, first
    while days < 10:  # ten working days in the first case
        days += is_working_day(end)
        end += timedelta(days=1)
    end -= timedelta(days=1)
    await send.send(leave_request("T-6", first, end, employee="emp-2"))
    await send.send(decision("T-6"))
    second = working_day(end + timedelta(days=1))
    third = working_day(second + timedelta(days=1))
    third = working_day(third + timedelta(days=1))
    assert third.year == first.year
    await send.send(leave_request("T-7", second, third, employee="emp-2"))
    over = await send.refused(decision("T-7"))
    assert over.rule == "PR-2012 § 22" and "10 working days" in over.message
    assert (await send.view("T-7")).state == "awaiting_decision"


async def test_directors_leave_goes_to_the_department(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 22: "Søknader om velferdspermisjon for regiondirektøren ... avgjøres av
    Justisdepartementet." No fullmakt from the director helps."""
    start = working_day(await today(env) + timedelta(days=5))
    await send.send(leave_request("T-8", start, start, employee="rd-east"))
    hr = await send.refused(decision("T-8"))
    assert hr.rule == "PR-2012 § 22" and "Justisdepartementet" in hr.message
    assert (await send.send(decision("T-8", by="jd-1", role="justice_department")))["state"] == (
        "scheduled"
    )


async def test_same_event_twice_changes_nothing(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """Event contract: the same event_id sent twice: one case, one letter."""
    start = working_day(await today(env) + timedelta(days=8))
    req = leave_request("T-9", start, start + timedelta(days=1), event_id="dup-req")
    assert (await send.send(req))["status"] == "accepted"
    assert (await send.send(req))["status"] == "duplicate"
    other = dict(req, event_id="another-id")
    assert (await send.refused(other)).field == "case_id"

    dec = decision("T-9", event_id="dup-dec")
    await send.send(dec)
    again = await send.send(dec)
    assert again["state"] == "scheduled"
    view = await send.view("T-9")
    assert [h.trigger for h in view.history].count("grant") == 1
    assert len(letters(mail_dir, "T-9")) == 1

    # Also once the case has closed.
    wd = event("LeaveWithdrawn", "T-9", {}, "emp-1", "employee", event_id="dup-wd")
    await send.send(wd)
    await send.client.get_workflow_handle("leave-T-9").result()
    repeat = await send.send(wd)
    assert repeat["status"] in ("accepted", "duplicate") and repeat["state"] == "withdrawn"
    assert [h.trigger for h in (await send.view("T-9")).history].count("withdraw") == 1
    closed = await send.refused(event("LeaveWithdrawn", "T-9", {}, "emp-1", "employee"))
    assert "closed" in closed.message


async def test_council_decides_unpaid_leave_over_six_months_by_vote(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """PR-2012 § 23 nr. 4: "Tilsettingsrådet avgjør søknader om permisjon uten lønn utover seks
    måneder" -- the council, by its members' votes (§ 13 nr. 3-4), composed as § 11 nr. 3 says,
    its protocol signed; the leader enters only that decision, with the protocol (issue 13)."""
    start = working_day(await today(env) + timedelta(days=10))
    await send.send(leave_request("T-40", start, start + timedelta(days=250), kind="education",
                                  paid=False))  # fmt: skip
    leader = ("leader-oslo", "unit_leader")
    # The leader alone decides nothing.
    alone = await send.refused(decision("T-40", by=leader[0], role=leader[1]))
    assert alone.rule == "PR-2012 § 11 nr. 1–4" and "nearest_superior" in alone.message
    vote = {"choice": "granted", "reasons": "Faglig relevant."}
    # § 11 nr. 3: the per-case seat (the employee's nearest superior) is filled first.
    unseated = await send.refused(
        event("LeaveCouncilVoteCast", "T-40", vote, "avd-oslo", "employee")
    )
    assert unseated.rule == "PR-2012 § 11 nr. 1–4" and unseated.field == "actor.person_id"
    own = await send.refused(event("LeaveCouncilSuperiorSeated", "T-40", {"person_id": "emp-1"},
                                   *leader))  # fmt: skip
    assert own.rule == "fvl § 6" and own.field == "payload.person_id"
    await send.send(event("LeaveCouncilSuperiorSeated", "T-40", {"person_id": "avd-oslo"}, *leader))
    stranger = await send.refused(event("LeaveCouncilVoteCast", "T-40", vote, "emp-2", "employee"))
    assert stranger.rule == "PR-2012 § 11 nr. 1–4"
    # § 13 nr. 1-2 (council8): the leader convenes the council; it votes in its meeting.
    meeting_on = add_working_days(await today(env), 3, name="prepare", rule="§ 13 nr. 1").due
    meeting = {"procedure": "meeting", "meeting_on": meeting_on.isoformat()}
    await send.send(event("LeaveCouncilConvened", "T-40", meeting, *leader))
    await sleep_past(env, meeting_on)
    for m in ("leader-oslo", "avd-oslo"):
        await send.send(event("LeaveCouncilVoteCast", "T-40", vote, m, "employee"))
    no_quorum = await send.refused(decision("T-40", by=leader[0], role=leader[1]))
    assert no_quorum.rule == "PR-2012 § 13 nr. 3" and no_quorum.field == "votes"
    against = {"choice": "refused", "reasons": "Tjenesten tillater det ikke."}
    await send.send(event("LeaveCouncilVoteCast", "T-40", against, "rep-1-dep", "employee"))
    twice = await send.refused(event("LeaveCouncilVoteCast", "T-40", vote, "rep-1", "employee"))
    assert twice.rule == "PR-2012 § 13 nr. 3"  # the deputy voted for rep-1's seat
    await send.send(event("LeaveCouncilVoteCast", "T-40", vote, "adm-oslo", "employee"))
    unsigned = await send.refused(decision("T-40", by=leader[0], role=leader[1]))
    assert (unsigned.rule, unsigned.field) == ("PR-2012 § 13 nr. 3", "signatures")
    for m in ("leader-oslo", "rep-1-dep", "adm-oslo"):
        await send.send(event("LeaveCouncilProtocolSigned", "T-40", {}, m, "employee"))
    # The majority granted: the leader cannot enter a refusal.
    other = await send.refused(
        decision("T-40", "refused", by=leader[0], role=leader[1], service_reason="Bemanning")
    )
    assert other.rule == "PR-2012 § 23 nr. 4" and other.field == "payload"
    assert (await send.view("T-40")).state == "awaiting_decision"
    done = await send.send(decision("T-40", by=leader[0], role=leader[1]))
    assert done["state"] == "scheduled"
    council = (await send.view("T-40")).details["council"]
    assert council["protocol"]["decision"] == "granted"
    assert council["protocol"]["signed_by"] == ["leader-oslo", "adm-oslo", "rep-1"]
    letter = next(t for t in letters(mail_dir, "T-40") if "SVAR PÅ SØKNAD" in t)
    assert "PROTOKOLL FRA TILSETTINGSRÅDET VED OSLO FENGSEL" in letter
    assert "Tjenesten tillater det ikke." in letter  # the minority's reasons are protocolled
    assert "ikke underskrevet av: rep-2, avd-oslo" in letter

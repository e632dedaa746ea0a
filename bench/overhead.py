"""Our layer's cost over bare Temporal: N complete cases of each type through the dispatcher,
against the null case (bench/null_case.py) making the same Updates and activities with no
domain logic, in the same process, in alternation. Target: ratio <= 1.10.

Run: .venv/bin/python bench/overhead.py [N]
"""

from __future__ import annotations

import asyncio
import sys
import time
import uuid
from typing import Any

from common import Bench, dev_server, event, report
from null_case import NullCase, noop
from temporalio.api.enums.v1 import EventType
from temporalio.worker import Worker

from activities.notifications import Mailer
from intake.dispatch import dispatch
from worker import create_worker

EMP = ("emp-1", "employee")
HR = ("hr-east", "hr_officer")
LEADER = ("leader-oslo", "unit_leader")

# Each case type's events from opening to a final state (fictional example data).
SCENARIOS: dict[str, list[tuple[str, dict[str, Any], tuple[str, str]]]] = {
    "leave": [
        ("LeaveRequested", {"employee_id": "emp-1", "kind": "education", "start": "2031-03-03",
                            "end": "2031-04-04", "paid": False}, EMP),
        ("LeaveWithdrawn", {"reason": "Endrede planer"}, EMP),
    ],
    "gift": [
        ("GiftReported", {"employee_id": "emp-1", "what": "gift", "giver": "inmate",
                          "description": "Tegning", "received_on": "2027-03-01",
                          "humane_reason": "Takk"}, EMP),
        ("GiftMayBeKept", {"reasons": "Ingen verdi"}, LEADER),
    ],
    "discipline": [
        ("DisciplinaryCaseOpened", {"employee_id": "emp-2", "summary": "Ulåst dør"}, LEADER),
        ("DisciplineNoAction", {"reasons": "Engangstilfelle, beklaget straks."}, LEADER),
    ],
    "hiring": [
        ("VacancyRegistered", {"unit_id": "oslo-prison", "title": "Fengselsbetjent",
                               "post_kind": "fengselsbetjent", "nearest_superior_id": "avd-oslo",
                               "permanent": False, "duration_months": 3,
                               "temporary_ground": "substitute", "probation_months": 0}, HR),
        ("ShortAppointmentMade", {"appointee": {"applicant_id": "v1", "name": "Vera Vikar",
                                                "email": "v1@soker.example", "gender": "female"},
                                  "start_date": "2027-04-01", "reasons": "Vikar"},
         ("rd-east", "regional_director")),
        ("ContractSigned", {"signed_on": "2027-03-05"}, HR),
        ("AppointmentExtended", {"months": 3, "reasons": "Fravær"},
         ("rd-east", "regional_director")),
    ],
}  # fmt: skip


async def real_case(b: Bench, case_type: str, case_id: str) -> None:
    for n, (type_, payload, (who, role)) in enumerate(SCENARIOS[case_type]):
        e = event(type_, case_id, payload, who, role, str(n))
        await dispatch(b.client, e, task_queue="bench", register=b.store)


async def shape_of(b: Bench, workflow_id: str) -> list[list[int]]:
    """(activities, local activities) per Update (the first: those run while the case opens;
    the intake's `registered` Update, which waits for that, is folded into it)."""
    shape = [[0, 0]]
    async for e in b.client.get_workflow_handle(workflow_id).fetch_history_events():
        if e.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
            if (
                e.workflow_execution_update_accepted_event_attributes.accepted_request.input.name
                != ("registered")
            ):
                shape.append([0, 0])
        elif e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            shape[-1][0] += 1
        elif e.event_type == EventType.EVENT_TYPE_MARKER_RECORDED and (
            e.marker_recorded_event_attributes.marker_name == "core_local_activity"
        ):
            shape[-1][1] += 1
    return shape


async def null_case(b: Bench, shape: list[list[int]]) -> None:
    handle = await b.client.start_workflow(
        NullCase.run, shape, id=f"null-{uuid.uuid4()}", task_queue="bench-null"
    )
    for n in range(len(shape)):
        await handle.execute_update(NullCase.step, n)


async def main(n: int) -> None:
    async with dev_server() as b:
        mailer = Mailer(b.tmp / "mail")
        real = create_worker(b.client, "bench", store=b.store, mailer=mailer)
        null = Worker(b.client, task_queue="bench-null", workflows=[NullCase], activities=[noop],
                      activity_executor=real.config()["activity_executor"])  # fmt: skip
        rows = []
        async with real, null:
            for case_type in SCENARIOS:
                await real_case(b, case_type, f"warm-{case_type}")
                shape = await shape_of(b, f"{case_type}-warm-{case_type}")
                await null_case(b, shape)
                t_real = t_null = 0.0
                for i in range(n):  # alternating, so drift hits both alike
                    t0 = time.perf_counter()
                    await real_case(b, case_type, f"o-{case_type}-{i}")
                    t1 = time.perf_counter()
                    await null_case(b, shape)
                    t2 = time.perf_counter()
                    t_real, t_null = t_real + t1 - t0, t_null + t2 - t1
                rows.append(
                    f"| {case_type} | {sum(s[0] for s in shape)} activities, "
                    f"{sum(s[1] for s in shape)} local, {len(shape) - 1} updates + start | "
                    f"{n / t_real:.2f} | {n / t_null:.2f} | {t_real / t_null:.2f} |"
                )
    report(
        "Overhead against the bare-Temporal floor",
        f".venv/bin/python bench/overhead.py {n}",
        [
            f"{n} complete cases per type, alternating with a null case of the same shape.",
            "",
            "| case type | shape | cases/s (ours) | cases/s (null) | ratio (target ≤ 1.10) |",
            "| --- | --- | --- | --- | --- |",
            *rows,
        ],
    )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 30))

"""Our layer's cost over bare Temporal: N complete cases of each type through the dispatcher,
against the null case (bench/null_case.py) making the same Updates and activities with no
domain logic, in the same process, in alternation. Target: ratio <= 1.10.

Run: .venv/bin/python bench/overhead.py [ROUNDS [N [OPENED]]]   (default 5 10 128)

Each round runs N cases of every type alternating with null cases, and then opens OPENED leave
cases and OPENED null cases under 64 concurrent senders; the report gives the median ratio of
the rounds with its spread, so 1.10 can be told from 1.30.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
import uuid
from typing import Any

from common import Bench, dev_server, event, figure, in_parallel, report
from null_case import NullCase, count_event, noop
from temporalio.api.enums.v1 import EventType
from temporalio.worker import Worker

from activities.notifications import Mailer
from intake.dispatch import dispatch
from worker import create_worker

# Where a shortfall is explained: bench/where_time_goes.py's profiles (bench/all.py runs it).
PROFILE = ("process CPU per case above; `bench/profiles/where-discipline-cases.txt`, "
           "`bench/profiles/where-leave-openings.txt`")  # fmt: skip
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
                               "temporary_ground": "substitute", "probation_months": 0,
                               "salary": "Lønnstrinn 40", "workplace": "Oslo fengsel"}, HR),
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
        if "appointee" in payload:  # a new substitute each time: § 10 nr. 3 counts earlier ones
            payload = {**payload, "appointee": {**payload["appointee"], "applicant_id": case_id}}
        e = event(type_, case_id, payload, who, role, str(n))
        await dispatch(b.client, e, task_queue="bench", register=b.store)


async def shape_of(b: Bench, workflow_id: str) -> list[list[int]]:
    """(activities, local activities, patch markers, search-attribute upserts) per Update (the
    first: those run while the case opens; the intake's `registered` Update, which waits for
    that, is folded into it): the null case's history is then the case's, event for event,
    but for the case's own work."""
    shape = [[0, 0, 0, 0]]
    async for e in b.client.get_workflow_handle(workflow_id).fetch_history_events():
        if e.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
            if (
                e.workflow_execution_update_accepted_event_attributes.accepted_request.input.name
                != ("registered")
            ):
                shape.append([0, 0, 0, 0])
        else:
            count_event(shape[-1], e)
    return shape


async def null_case(b: Bench, shape: list[list[int]]) -> None:
    handle = await b.client.start_workflow(
        NullCase.run, shape, id=f"null-{uuid.uuid4()}", task_queue="bench-null"
    )
    for n in range(len(shape)):
        await handle.execute_update(NullCase.step, n)


async def timed(fn: Any) -> float:
    t = time.perf_counter()
    await fn
    return time.perf_counter() - t


async def one_round(b: Bench, shapes: dict[str, list[list[int]]], r: int, n: int) -> dict:
    """One round: per case type, n real cases alternating with n null cases of its shape."""
    ratios = {}
    for case_type, shape in shapes.items():
        t_real = t_null = 0.0
        for i in range(n):  # alternating, so drift hits both alike
            t_real += await timed(real_case(b, case_type, f"o{r}-{case_type}-{i}"))
            t_null += await timed(null_case(b, shape))
        ratios[case_type] = t_real / t_null
    return ratios


async def opening(b: Bench, r: int, n: int, senders: int) -> tuple[float, float]:
    """Cases opened per second by `senders` concurrent senders: leave requests against null
    cases whose opening has the same shape (start + first Update)."""
    payload, who = SCENARIOS["leave"][0][1], SCENARIOS["leave"][0][2]

    async def ours(i: int) -> None:
        e = event("LeaveRequested", f"t{r}-{i}", payload, *who, "0")
        await dispatch(b.client, e, task_queue="bench", register=b.store)

    shape = [(await shape_of(b, "leave-warm-leave"))[0]]

    t_ours = await timed(in_parallel(n, senders, ours))
    t_null = await timed(in_parallel(n, senders, lambda i: null_case(b, shape)))
    return n / t_ours, n / t_null


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


async def main(rounds: int, n: int, opened: int, senders: int = 64) -> None:
    async with dev_server() as b:
        mailer = Mailer(b.tmp / "mail")
        real = create_worker(b.client, "bench", store=b.store, mailer=mailer)
        null = Worker(b.client, task_queue="bench-null", workflows=[NullCase], activities=[noop],
                      activity_executor=real.config()["activity_executor"])  # fmt: skip
        async with real, null:
            shapes = {}
            for case_type in SCENARIOS:
                await real_case(b, case_type, f"warm-{case_type}")
                shapes[case_type] = await shape_of(b, f"{case_type}-warm-{case_type}")
                await null_case(b, shapes[case_type])
            per_type: dict[str, list[float]] = {t: [] for t in SCENARIOS}
            throughput: list[tuple[float, float]] = []
            for r in range(rounds):
                for case_type, ratio in (await one_round(b, shapes, r, n)).items():
                    per_type[case_type].append(ratio)
                throughput.append(await opening(b, r, opened, senders))
    rows = [
        f"| {t} | {sum(s[0] for s in shapes[t])} activities, {sum(s[1] for s in shapes[t])} local, "
        f"{sum(s[2] for s in shapes[t])} patch markers, {sum(s[3] for s in shapes[t])} upserts, "
        f"{len(shapes[t]) - 1} updates + start | {spread(per_type[t])} |"
        for t in SCENARIOS
    ]
    ours, null = [o for o, _ in throughput], [x for _, x in throughput]
    ratio = [o / x for o, x in throughput]
    for t in SCENARIOS:
        figure(
            f"overhead, {t}: median ≤ 1.10 × null over {rounds} rounds of {n} "
            f"(`overhead.py {rounds} {n} {opened}`)",
            spread(per_type[t]),
            statistics.median(per_type[t]) <= 1.10,
            PROFILE,
        )
    figure(
        f"opening under {senders} senders ≥ 0.8 × null, same run ({opened} cases a round)",
        f"{spread(ratio)} ({statistics.median(ours):.1f} against {statistics.median(null):.1f} "
        "cases/s)",
        statistics.median(ratio) >= 0.8,
        PROFILE,
    )
    report(
        "Overhead against the bare-Temporal floor",
        f".venv/bin/python bench/overhead.py {rounds} {n} {opened}",
        [
            f"{rounds} rounds; in each, {n} complete cases per type alternating with a null case "
            "of the same shape. Median ratio of the rounds, with the lowest and highest.",
            "",
            "| case type | shape | ours/null: median (min–max) (target ≤ 1.10) |",
            "| --- | --- | --- |",
            *rows,
            "",
            f"Opening under {senders} concurrent senders, {opened} cases a round: ours "
            f"{statistics.median(ours):.1f} cases/s, null {statistics.median(null):.1f} cases/s, "
            f"ours/null {spread(ratio)} (target ≥ 0.8).",
        ],
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    rounds, n, opened = (args + [5, 10, 128][len(args) :])[:3]
    asyncio.run(main(rounds, n, opened))

"""10 000 cases parked on their timers: the worker's memory (target RSS <= 512 MiB), and the
time until every one answers a query after the worker is restarted (target <= 60 s; a new
worker has none of them cached and replays each history to answer).

Run: .venv/bin/python bench/open_cases.py [N] [C]
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, Bench, dev_server, event, in_parallel, percentile, report

from intake.dispatch import dispatch
from workflows.case import CaseView
from workflows.catalog import WORKFLOWS


def rss_mib(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process, MiB."""
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    field = {k: v for k, _, v in (line.partition(":") for line in status)}
    return int(field["VmRSS"].split()[0]) / 1024, int(field["VmHWM"].split()[0]) / 1024


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def dev_server_pid() -> int:
    """The `temporal` process this benchmark started."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            name, _, rest = stat.read_text().partition(") ")
            if name.endswith("(temporal") and int(rest.split()[1]) == os.getpid():
                return int(stat.parent.name)
    raise RuntimeError("no dev server process")


def start_worker(b: Bench, log: Path, profile: str = "") -> subprocess.Popen[bytes]:
    """`python -m worker`; with PERSONALSAK_PROFILE=<dir>, py-spy samples it for 30 s
    (collapsed stacks, for `py-spy`'s flame graph tools or a sort by count)."""
    env = {**os.environ, "TEMPORAL_ADDRESS": b.address, "TASK_QUEUE": "bench",
           "DATABASE_URL": b.store.url, "MAIL_DIR": str(b.tmp / "mail")}  # fmt: skip
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "worker"], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    if profile and os.environ.get("PERSONALSAK_PROFILE"):
        out_file = Path(os.environ["PERSONALSAK_PROFILE"]) / f"{profile}.txt"
        subprocess.Popen(["py-spy", "record", "--pid", str(proc.pid), "-d", "30", "--format",
                          "raw", "-o", str(out_file)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)  # fmt: skip
    return proc


async def main(n: int, concurrency: int) -> None:
    async with dev_server() as b:
        worker = start_worker(b, b.tmp / "worker1.log")
        ending = {"employee_id": "emp-2", "last_day": "2031-06-30"}

        async def open_case(i: int) -> None:
            e = event("EmploymentEnding", f"P-{i}", ending, "hr-east", "hr_officer", "open")
            result = await dispatch(b.client, e, task_queue="bench", register=b.store)
            assert result["state"] in ("offered", "requested"), result  # requested: not yet

        t0 = time.perf_counter()
        await in_parallel(n, concurrency, open_case)
        opened = time.perf_counter() - t0
        rss, peak = rss_mib(worker.pid)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)

        worker = start_worker(b, b.tmp / "worker2.log", profile="restarted-worker")
        describe = WORKFLOWS["exit_interview"].describe

        async def query(i: int) -> None:
            handle = b.client.get_workflow_handle(f"exit_interview-P-{i}")
            view = await handle.query(describe, result_type=CaseView)
            assert view.state == "offered" and [d.name for d in view.deadlines] == ["lapse"]

        pids = {"dev server": dev_server_pid(), "worker": worker.pid, "this process": os.getpid()}
        cpu0 = {k: cpu_seconds(p) for k, p in pids.items()}
        t1 = time.perf_counter()
        laps = await in_parallel(n, concurrency, query)
        answered = time.perf_counter() - t1
        cpu = {k: cpu_seconds(p) - cpu0[k] for k, p in pids.items()}
        rss2, peak2 = rss_mib(worker.pid)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    report(
        "Open cases parked on timers",
        f".venv/bin/python bench/open_cases.py {n} {concurrency}",
        [
            f"- {n} exit-interview cases (PR-2012 § 26) opened through the dispatcher by "
            f"{concurrency} senders in {opened:.0f} s ({n / opened:.0f} cases/s); each parked "
            "on its timer (the end of employment, 2031)",
            f"- worker process (`python -m worker`, default cache of 1 000 workflows) after "
            f"opening them: RSS {rss:.0f} MiB, peak {peak:.0f} MiB (target ≤ 512 MiB)",
            f"- worker restarted: every case answered its `describe` query within "
            f"{answered:.1f} s (target ≤ 60 s); per query p50 "
            f"{percentile(laps, 0.5) * 1000:.0f} ms, p99 {percentile(laps, 0.99) * 1000:.0f} ms; "
            f"new worker RSS {rss2:.0f} MiB, peak {peak2:.0f} MiB",
            f"- CPU during the queries ({os.cpu_count()} cores, {answered:.0f} s): "
            + ", ".join(f"{k} {v:.0f} s" for k, v in cpu.items()),
        ],
    )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000,
                     int(sys.argv[2]) if len(sys.argv) > 2 else 32))  # fmt: skip

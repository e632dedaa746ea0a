"""The CLI's own cost (issue 15): the median wall time of `python -c pass`, `personalsak --help`
and `personalsak event send FILE` (a new leave case each time, against a dev server with a worker
in this process), each run as its own process. Targets: --help ≤ 0.25 s, event send ≤ 0.8 s.

Run: .venv/bin/python bench/cli_time.py [K]   (default 15)
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import dev_server, event, figure, report

from activities.notifications import Mailer
from worker import create_worker

BIN = Path(sys.executable).parent


def run(args: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    lap = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"{args} failed: {done.stdout} {done.stderr}")
    return lap


async def timed_in_thread(args: list[str], env: dict[str, str]) -> float:
    # The worker runs in this process's event loop: the CLI must not block it.
    return await asyncio.to_thread(run, args, env)


async def main(k: int) -> None:
    async with dev_server() as b:
        env = {**os.environ, "TEMPORAL_ADDRESS": b.address, "TASK_QUEUE": "bench",
               "DATABASE_URL": b.store.url, "PERSONALSAK_DATA_DIR": str(b.tmp)}  # fmt: skip
        files = []
        for i in range(k + 1):
            payload = {"employee_id": "emp-1", "kind": "education", "start": "2031-03-03",
                       "end": "2031-04-04", "paid": False}  # fmt: skip
            path = b.tmp / f"event-{i}.json"
            path.write_text(json.dumps(event("LeaveRequested", f"cli-{i}", payload, "emp-1",
                                             "employee", "0")))  # fmt: skip
            files.append(path)
        real = create_worker(b.client, "bench", store=b.store, mailer=Mailer(b.tmp / "mail"))
        laps: dict[str, list[float]] = {"python -c pass": [], "personalsak --help": [],
                                        "personalsak event send FILE": []}  # fmt: skip
        async with real:
            await timed_in_thread([str(BIN / "personalsak"), "event", "send", str(files[k])], env)
            for i in range(k):  # alternating, so drift hits all alike
                for name, args in (
                    ("python -c pass", [sys.executable, "-c", "pass"]),
                    ("personalsak --help", [str(BIN / "personalsak"), "--help"]),
                    ("personalsak event send FILE",
                     [str(BIN / "personalsak"), "event", "send", str(files[i])]),
                ):  # fmt: skip
                    laps[name].append(await timed_in_thread(args, env))
    targets = {"personalsak --help": "≤ 0.25 s", "personalsak event send FILE": "≤ 0.8 s"}
    for name, limit in (("personalsak --help", 0.25), ("personalsak event send FILE", 0.8)):
        figure(
            f"CLI: `{name}` median ≤ {limit} s (`cli_time.py {k}`)",
            f"{statistics.median(laps[name]):.3f} s ({min(laps[name]):.3f}–{max(laps[name]):.3f})",
            statistics.median(laps[name]) <= limit,
        )
    report(
        "CLI time",
        f".venv/bin/python bench/cli_time.py {k}",
        [
            f"Median of {k} runs, each its own process (event send: a new leave case each time).",
            "",
            "| command | median s | min s | max s | target |",
            "| --- | --- | --- | --- | --- |",
            *(
                f"| `{name}` | {statistics.median(v):.3f} | {min(v):.3f} | {max(v):.3f} | "
                f"{targets.get(name, '')} |"
                for name, v in laps.items()
            ),
        ],
    )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 15))

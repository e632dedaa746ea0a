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

from common import ROOT, dev_server, event, figure, report

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


def import_profile(path: Path, env: dict[str, str]) -> Path:
    """One `event send` under `python -X importtime`: what its start costs, by the modules it
    imports (cumulative, the outer ones), kept as text in bench/profiles/."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "intake.cli", "event", "send",
                           str(path)], env=env, capture_output=True, text=True)  # fmt: skip
    rows = []  # (cumulative µs, self µs, depth, module)
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            own, cumulative, name = line.removeprefix("import time:").split("|")
            depth = (len(name) - len(name.lstrip()) - 1) // 2  # " " and two a level
            rows.append((int(cumulative), int(own), depth, name.strip()))
    total = sum(own for _, own, _, _ in rows) / 1e6
    outer = sorted((r for r in rows if r[2] <= 2), reverse=True)[:30]
    out = ROOT / "bench" / "profiles" / "cli-event-send-imports.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join([
        f"# `personalsak event send FILE`: imports {total:.2f} s of its start "
        "(python -X importtime; bench/cli_time.py)", "",
        "cumulative s  self s  module (depth 0-2, the 30 heaviest)",
        *(f"{c / 1e6:12.3f}  {o / 1e6:6.3f}  {'  ' * d}{n}" for c, o, d, n in outer), "",
    ]), encoding="utf-8")  # fmt: skip
    return out


async def main(k: int) -> None:
    async with dev_server() as b:
        env = {**os.environ, "TEMPORAL_ADDRESS": b.address, "TASK_QUEUE": "bench",
               "DATABASE_URL": b.store.url, "PERSONALSAK_DATA_DIR": str(b.tmp)}  # fmt: skip
        files = []
        for i in range(k + 2):
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
            imports = await asyncio.to_thread(import_profile, files[k + 1], env)
    targets = {"personalsak --help": "≤ 0.25 s", "personalsak event send FILE": "≤ 0.8 s"}
    for name, limit in (("personalsak --help", 0.25), ("personalsak event send FILE", 0.8)):
        figure(
            f"CLI: `{name}` median ≤ {limit} s (`cli_time.py {k}`)",
            f"{statistics.median(laps[name]):.3f} s ({min(laps[name]):.3f}–{max(laps[name]):.3f})",
            statistics.median(laps[name]) <= limit,
            f"`{imports.relative_to(ROOT)}`",
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

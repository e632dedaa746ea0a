"""Where our layer's time goes (issue 16): the process CPU per case, ours against the null case
(bench/null_case.py, the same Updates and activities), and a py-spy profile of our side grouped
by who owns the code. CPU per case is steadier than wall time on a machine others share.

Two workloads, each alternating ours and null in this process: N complete cases of one type
one after the other (bench/overhead.py's per-case figure), and N leave openings under 64
concurrent senders (its throughput figure). While ours runs, py-spy samples the thread holding
the GIL (`--gil`): one Python thread runs at a time, so these samples are where the process's
Python time goes, and what bounds throughput when the process is the bottleneck.

Both profiles are kept, small, as text: bench/profiles/where-<workload>.txt (the split by owner,
the functions where samples land, the heaviest stacks, trimmed).

Run: .venv/bin/python bench/where_time_goes.py [N [CASE_TYPE]]   (default 200 discipline)
"""

from __future__ import annotations

import asyncio
import collections
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from common import ROOT, dev_server, event, figure, in_parallel, report
from null_case import NullCase, noop
from overhead import SCENARIOS, null_case, real_case, shape_of
from temporalio.worker import Worker

from activities.notifications import Mailer
from intake.dispatch import dispatch
from worker import create_worker

# (owner, test on a sample's stack), first match wins: our code before the libraries it calls.
OWNERS: list[tuple[str, Callable[[str], bool]]] = [
    ("door: register reads and writes (intake/dispatch.py -> Store)",
     lambda s: "intake/dispatch.py" in s and "Store." in s),
    ("door: start_workflow/execute_update (encode, data key, RPC)",
     lambda s: "intake/dispatch.py" in s and "temporalio" in s),
    ("door: parse, sign, checks", lambda s: "intake/dispatch.py" in s),
    ("register local activities (open_case, record_step, record_view)",
     lambda s: "activities/case_activities.py" in s),
    ("state machine (transitions)", lambda s: "transitions/" in s),
    ("workflow code (workflows/, states/)", lambda s: "workflows/" in s or "states/" in s),
    ("codec (encrypt, per-case keys)", lambda s: "intake/codec.py" in s or "keyring.py" in s),
    ("SDK: workflow sandbox", lambda s: "workflow_sandbox" in s),
    ("SDK: temporalio (activations, converter, client)", lambda s: "temporalio" in s),
]  # fmt: skip


def owners(raw: Path) -> list[tuple[str, float]]:
    counts: collections.Counter[str] = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        owner = next((name for name, test in OWNERS if test(stack)), "other (asyncio, stdlib)")
        counts[owner] += int(n)
    total = sum(counts.values()) or 1
    return [(name, n / total) for name, n in counts.most_common()]


def frame(f: str) -> str:
    """`fn (path/to/module.py:line)` with the path from site-packages or the project on."""
    for cut in ("site-packages/", f"{ROOT}/"):
        f = f.split(cut, 1)[-1]
    return f


def keep(raw: Path, name: str, title: str, top: int = 25) -> Path:
    """A small text copy of a raw py-spy profile: owners, leaf functions, heaviest stacks."""
    leaves: collections.Counter[str] = collections.Counter()
    stacks: collections.Counter[str] = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        frames = [frame(f) for f in stack.split(";")]
        leaves[frames[-1]] += int(n)
        stacks[" <- ".join(reversed(frames[-6:]))] += int(n)
    total = sum(leaves.values()) or 1
    out = ROOT / "bench" / "profiles" / f"{name}.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        "\n".join(
            [
                f"# {title} ({total} GIL samples, 200 Hz, py-spy --gil; bench/where_time_goes.py)",
                "",
                "## By owner",
                *(f"{share:6.1%}  {owner}" for owner, share in owners(raw)),
                "",
                f"## Where samples land (top {top} functions, own time)",
                *(f"{n / total:6.1%}  {f}" for f, n in leaves.most_common(top)),
                "",
                f"## Heaviest stacks (top {top}, innermost 6 frames, innermost first)",
                *(f"{n / total:6.1%}  {s}" for s, n in stacks.most_common(top)),
                "",
            ]
        ),
        encoding="utf-8",
    )
    return out


async def cpu_ms(n: int, run: Awaitable[object]) -> tuple[float, float]:
    """(process CPU ms, wall ms) per case."""
    c, t = time.process_time(), time.perf_counter()
    await run
    return (time.process_time() - c) / n * 1000, (time.perf_counter() - t) / n * 1000


async def profiled(raw: Path, run: Callable[[], Awaitable[object]]) -> None:
    spy = Path(sys.executable).parent / "py-spy"
    proc = subprocess.Popen(
        [str(spy), "record", "--pid", str(os.getpid()), "--gil", "--rate", "200",
         "--format", "raw", "--output", str(raw), "--nonblocking"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    await asyncio.sleep(1.0)  # py-spy attached
    try:
        await run()
    finally:
        proc.send_signal(2)  # SIGINT: py-spy writes what it has
        proc.wait(timeout=30)


async def main(n: int, case_type: str) -> None:
    tmp = Path(tempfile.mkdtemp())
    async with dev_server() as b:
        real = create_worker(b.client, "bench", store=b.store, mailer=Mailer(b.tmp / "mail"))
        null = Worker(b.client, task_queue="bench-null", workflows=[NullCase], activities=[noop],
                      activity_executor=real.config()["activity_executor"])  # fmt: skip
        async with real, null:
            for t in SCENARIOS:
                await real_case(b, t, f"warm-{t}")
            shape = await shape_of(b, f"{case_type}-warm-{case_type}")
            first = [(await shape_of(b, "leave-warm-leave"))[0]]
            await null_case(b, shape)
            payload, who = SCENARIOS["leave"][0][1], SCENARIOS["leave"][0][2]

            async def cases(tag: str) -> None:
                for i in range(n):
                    await real_case(b, case_type, f"{tag}-{i}")

            async def nulls() -> None:
                for _ in range(n):
                    await null_case(b, shape)

            async def openings(tag: str) -> None:
                async def one(i: int) -> None:
                    e = event("LeaveRequested", f"{tag}-{i}", payload, *who, "0")
                    await dispatch(b.client, e, task_queue="bench", register=b.store)

                await in_parallel(n, 64, one)

            async def null_openings() -> None:
                await in_parallel(n, 64, lambda i: null_case(b, first))

            seq, par = [], []
            for tag in ("a", "b"):  # alternating, so drift hits both alike
                seq += [await cpu_ms(n, cases(tag)), await cpu_ms(n, nulls())]
            for tag in ("a", "b"):
                par += [await cpu_ms(n, openings(f"o{tag}")), await cpu_ms(n, null_openings())]
            await profiled(tmp / "case.raw", lambda: cases("p"))
            await profiled(tmp / "open.raw", lambda: openings("po"))

    def row(what: str, m: list[tuple[float, float]]) -> str:
        ours = [m[0], m[2]]
        nul = [m[1], m[3]]
        oc, nc = sum(c for c, _ in ours) / 2, sum(c for c, _ in nul) / 2
        ow, nw = sum(w for _, w in ours) / 2, sum(w for _, w in nul) / 2
        cpu = f"{oc:.1f} | {nc:.1f} | {oc / nc:.2f}"
        return f"| {what} | {cpu} | {ow:.1f} | {nw:.1f} | {ow / nw:.2f} |"

    def profile(title: str, raw: Path, name: str) -> list[str]:
        kept = keep(raw, name, title).relative_to(ROOT)
        return [f"{title} (`{kept}`):", "",
                *(f"- {name}: {share:.0%}" for name, share in owners(raw)), ""]  # fmt: skip

    opening = "a leave opening, 64 senders"
    for what, m in ((f"a {case_type} case, one after the other", seq), (opening, par)):
        oc, nc = (m[0][0] + m[2][0]) / 2, (m[1][0] + m[3][0]) / 2
        figure(f"process CPU per case, ours/null: {what} (`where_time_goes.py {n} {case_type}`)",
               f"{oc:.1f} / {nc:.1f} ms = {oc / nc:.2f}", None)  # fmt: skip

    report(
        "Where our time goes",
        f".venv/bin/python bench/where_time_goes.py {n} {case_type}",
        [
            f"Process CPU and wall time per case, ours against null, two alternating passes of "
            f"{n} each; load average at the end {os.getloadavg()[0]:.1f}.",
            "",
            "| workload | ours CPU ms | null CPU ms | CPU ratio | ours wall ms | null wall ms "
            "| wall ratio |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            row(f"{case_type} cases, one after the other", seq),
            row("leave openings, 64 senders (wall: per case of the batch)", par),
            "",
            *profile(
                f"Ours, {case_type} cases: GIL samples by owner",
                tmp / "case.raw",
                f"where-{case_type}-cases",
            ),
            *profile(
                "Ours, leave openings, 64 senders: GIL samples by owner",
                tmp / "open.raw",
                "where-leave-openings",
            ),
        ],
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    asyncio.run(main(int(args[0]) if args else 200, args[1] if len(args) > 1 else "discipline"))

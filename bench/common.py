"""What every benchmark shares: a real Temporal dev server, the register, events, the machine
line, and the results file (bench/RESULTS.md)."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import intake  # noqa: E402
from activities.store import Store  # noqa: E402
from intake import codec, signing  # noqa: E402
from intake.org_file import read_org  # noqa: E402
from workflows import search  # noqa: E402

# The door signs every command and the worker verifies it (intake/signing.py): a key for the run.
os.environ.setdefault(signing.ENV, signing.new_key_line())
# Payloads encrypted as in production: per-case data keys under a master key (intake/keyring.py).
os.environ.setdefault(codec.ENV, codec.new_key_line())


@dataclass
class Bench:
    env: WorkflowEnvironment
    client: Client
    store: Store
    tmp: Path

    @property
    def address(self) -> str:
        return str(self.env.client.service_client.config.target_host)


@asynccontextmanager
async def dev_server() -> AsyncIterator[Bench]:
    """A dev server (SQLite in memory), a client with the project's data converter, and a
    register with the example organisation."""
    tmp = Path(tempfile.mkdtemp())
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(Path(sys.executable).parent / "temporal"),
        search_attributes=search.ALL,
        dev_server_log_level="error",
    )
    try:
        store = Store(f"sqlite:///{tmp / 'register.db'}")
        store.migrate()
        store.load_org(read_org(ROOT / "examples" / "org.yaml"))
        client = await intake.connect(env.client.service_client.config.target_host, register=store)
        yield Bench(env, client, store, tmp)
    finally:
        await env.shutdown()


def event(type_: str, case_id: str, payload: dict[str, Any], who: str, role: str, n: str) -> dict:
    return {
        "event_id": f"{case_id}-{n}",
        "type": type_,
        "case_id": case_id,
        "occurred_at": datetime.now(UTC).isoformat(),
        "actor": {"person_id": who, "role": role},
        "payload": payload,
    }


async def in_parallel(n: int, concurrency: int, fn: Callable[[int], Awaitable[Any]]) -> list[float]:
    """fn(0) .. fn(n-1) by `concurrency` senders; each call's seconds."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)
    laps: list[float] = []

    async def one() -> None:
        while not queue.empty():
            i = queue.get_nowait()
            t = time.perf_counter()
            await fn(i)
            laps.append(time.perf_counter() - t)

    await asyncio.gather(*(one() for _ in range(concurrency)))
    return laps


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        "Temporal dev server (SQLite in memory)"
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def figure(target: str, value: str, met: bool | None, profile: str = "") -> None:
    """A figure beside its target, for bench/all.py's one table (met None: no target, shown
    for context); `profile`: where to read what limits it when it falls short. Without all.py
    (BENCH_FIGURES unset) the report's own lines carry it."""
    if path := os.environ.get("BENCH_FIGURES"):
        row = {"target": target, "figure": value, "met": met, "profile": profile}
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")


def report(title: str, command: str, lines: list[str]) -> None:
    """Print the figures and append them to bench/RESULTS.md; under bench/all.py
    (BENCH_DETAILS set) to its file instead, one level down, for its one dated section."""
    details = os.environ.get("BENCH_DETAILS")
    text = "\n".join(
        [
            f"{'###' if details else '##'} {title} — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"Command: `{command}`  ",
            f"Machine: {machine()}",
            "",
            *lines,
            "",
        ]
    )
    print(text)
    with Path(details or ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as out:
        out.write(text + "\n")

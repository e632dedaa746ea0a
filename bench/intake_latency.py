"""Intake latency: event -> case visible (the answer comes once the worker has registered the
case), p50/p99, through the three doors: the dispatcher in process (the code the CLI and the
API run), the HTTP API (uvicorn on loopback, target p99 <= 100 ms), and the CLI itself (a new
process per event: Python's start-up is most of it).

Run: .venv/bin/python bench/intake_latency.py [N] [N_CLI]
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from datetime import date, timedelta
from typing import Any

import httpx
from common import ROOT, Bench, dev_server, event, percentile, report

from activities.notifications import Mailer
from intake import apikeys
from intake.dispatch import dispatch
from worker import create_worker

START = date.today() + timedelta(days=200)


def leave(case_id: str) -> dict[str, Any]:
    payload = {"employee_id": "emp-1", "kind": "education", "start": START.isoformat(),
               "end": (START + timedelta(days=30)).isoformat(), "paid": False}  # fmt: skip
    return event("LeaveRequested", case_id, payload, "emp-1", "employee", "open")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def line(name: str, laps: list[float]) -> str:
    ms = [x * 1000 for x in laps]
    return (f"| {name} | {len(ms)} | {percentile(ms, 0.5):.0f} | {percentile(ms, 0.99):.0f} | "
            f"{max(ms):.0f} |")  # fmt: skip


async def main(n: int, n_cli: int) -> None:
    async with dev_server() as b:
        env = {**os.environ, "TEMPORAL_ADDRESS": b.address, "TASK_QUEUE": "bench",
               "DATABASE_URL": b.store.url, "PERSONALSAK_DATA_DIR": str(b.tmp)}  # fmt: skip
        port = free_port()
        api = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "intake.asgi:app", "--port", str(port),
             "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        key = apikeys.issue(b.store, "bench", [apikeys.ALL])
        try:
            async with create_worker(b.client, "bench", store=b.store, mailer=Mailer(b.tmp)):
                inproc = await dispatcher_path(b, n)
                http = await http_path(port, key, n)
                cli = await cli_path(env, n_cli)
        finally:
            api.terminate()
            api.wait(timeout=30)
    report(
        "Intake latency: event to case visible",
        f".venv/bin/python bench/intake_latency.py {n} {n_cli}",
        [
            "Each event opens a leave case; the answer comes when the worker has registered it "
            "(one sender at a time).",
            "",
            "| door | events | p50 ms | p99 ms | max ms |",
            "| --- | --- | --- | --- | --- |",
            line("dispatcher (in process)", inproc),
            line("HTTP `POST /events` (uvicorn, loopback; target p99 ≤ 100 ms)", http),
            line("CLI `personalsak event send` (a process per event)", cli),
        ],
    )


async def dispatcher_path(b: Bench, n: int) -> list[float]:
    laps = []
    for i in range(n):
        t = time.perf_counter()
        result = await dispatch(b.client, leave(f"D-{i}"), task_queue="bench", register=b.store)
        laps.append(time.perf_counter() - t)
        assert result["state"] == "awaiting_decision", result
    return laps


async def http_path(port: int, key: str, n: int) -> list[float]:
    laps = []
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
        for _ in range(100):  # the API process is up once it answers
            try:
                if (await http.get("/health")).status_code == 200:
                    break
            except httpx.TransportError:
                await asyncio.sleep(0.2)
        for i in range(n):
            body = json.dumps(leave(f"H-{i}"))
            t = time.perf_counter()
            r = await http.post("/events", content=body, headers={"X-API-Key": key})
            laps.append(time.perf_counter() - t)
            assert r.status_code == 200 and r.json()["state"] == "awaiting_decision", r.text
    return laps


async def cli_path(env: dict[str, str], n: int) -> list[float]:
    laps = []
    cli = os.path.join(os.path.dirname(sys.executable), "personalsak")
    for i in range(n):
        body = json.dumps(leave(f"C-{i}")).encode()
        t = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(
            cli, "event", "send", "-", env=env, cwd=ROOT,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, _ = await proc.communicate(body)
        laps.append(time.perf_counter() - t)
        assert proc.returncode == 0 and b'"awaiting_decision"' in out, out
    return laps


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000,
                     int(sys.argv[2]) if len(sys.argv) > 2 else 50))  # fmt: skip

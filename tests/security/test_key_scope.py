"""Issue 11: an HR system's key is scoped to the units whose cases it sends for and the people
it may name as actor (`personalsak apikey create NAME --events ... --units ... --act-for ...`).
An empty act-for list is nobody; `*` is anyone in its units. Outside its scope: 403 with the
rule and the field, and nothing changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
from temporalio.client import Client

from activities.store import Store
from intake import apikeys
from intake.apikeys import KEY_SCOPE
from tests.conftest import EXAMPLES, ROOT
from tests.helpers import event
from tests.security.sending import As, case_id, snapshot, welfare


def _key(register: Store, units: list[str], act_for: list[str]) -> dict[str, str]:
    name = f"sys-{uuid.uuid4().hex[:8]}"
    key = apikeys.issue(register, name, [apikeys.ALL], units=units, act_for=act_for)
    return {"X-API-Key": key}


async def _refused_403(
    door: httpx.AsyncClient,
    client: Client,
    register: Store,
    mail_dir: Path,
    headers: dict[str, str],
    ev: dict[str, Any],
    field: str,
) -> None:
    wid = f"{'leave' if ev['type'].startswith('Leave') else 'discipline'}-{ev['case_id']}"
    before = await snapshot(client, register, mail_dir, wid)
    r = await door.post("/events", json=ev, headers=headers)
    assert r.status_code == 403, r.text
    assert (r.json()["rule"], r.json()["field"]) == (KEY_SCOPE, field), r.json()
    assert await snapshot(client, register, mail_dir, wid) == before
    assert register.bindings(ev["event_id"]) == []


async def test_an_empty_act_for_is_nobody(
    door: httpx.AsyncClient, client: Client, register: Store, mail_dir: Path
) -> None:
    """A key issued for region øst with no one to act for sends nothing, not anything."""
    headers = _key(register, ["r-east"], [])
    ev = welfare(case_id("SEC-KEY"))
    await _refused_403(door, client, register, mail_dir, headers, ev, "actor.person_id")


async def test_a_key_sends_only_for_its_units_and_people(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """Oslo fengsel's system (act-for emp-1) opens emp-1's leave; not emp-2's (not named), not a
    KRUS lecturer's (not its unit), and no step in a KRUS case; with `*`, anyone in its units."""
    headers = _key(register, ["oslo-prison"], ["emp-1"])
    mine = welfare(case_id("SEC-KEY"))
    r = await door.post("/events", json=mine, headers=headers)
    assert r.status_code == 200 and r.json()["status"] == "accepted", r.text
    not_named = welfare(case_id("SEC-KEY"), employee="emp-2")
    await _refused_403(door, client, register, mail_dir, headers, not_named, "actor.person_id")
    krus = welfare(case_id("SEC-KEY"), employee="krus-emp")
    await _refused_403(door, client, register, mail_dir, headers, krus, "case_id")
    # A step in a case of another unit, opened by KRUS's own system.
    krus_case = case_id("SEC-KEY")
    await As(client, worker, register, "system:krus").send(welfare(krus_case, employee="krus-emp"))
    step = event("LeaveWithdrawn", krus_case, {}, "emp-1", "employee")
    await _refused_403(door, client, register, mail_dir, headers, step, "case_id")
    # The refusal is the same for a case that does not exist: the key learns nothing of it.
    there = (await door.post("/events", json=step, headers=headers)).json()["error"]
    nowhere = event("LeaveWithdrawn", case_id("SEC-KEY"), {}, "emp-1", "employee")
    missing = (await door.post("/events", json=nowhere, headers=headers)).json()["error"]
    assert there == missing and "krus" not in there.lower(), (there, missing)
    # `*`: anyone whose unit the key serves (a region covers its units), nobody outside them.
    anyone = _key(register, ["r-east"], ["*"])
    r = await door.post("/events", json=welfare(case_id("SEC-KEY"), employee="emp-2"),
                        headers=anyone)  # fmt: skip
    assert r.status_code == 200, r.text
    outsider = welfare(case_id("SEC-KEY")) | {"actor": {"person_id": "kdi-2"}}
    await _refused_403(door, client, register, mail_dir, anyone, outsider, "actor.person_id")


def test_apikey_create_and_list_show_the_scopes(tmp_path: Path) -> None:
    """`personalsak apikey create NAME --events ... --units ... --act-for ...`; `apikey list`
    shows the scopes (never the key); an unknown unit or person is refused by field."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'register.db'}",
           "PERSONALSAK_DATA_DIR": str(tmp_path / "data")}  # fmt: skip

    def cli(*args: str) -> tuple[int, str]:
        done = subprocess.run(
            [sys.executable, "-m", "intake.cli", *args], capture_output=True, text=True,
            env=env, cwd=ROOT, timeout=120,
        )  # fmt: skip
        return done.returncode, done.stdout

    assert cli("org", "load", str(EXAMPLES / "org.yaml"))[0] == 0
    code, out = cli("apikey", "create", "hr-oslo", "--events", "LeaveRequested",
                    "--units", "oslo-prison", "--act-for", "emp-1,emp-2")  # fmt: skip
    assert code == 0 and json.loads(out)["api_key"].startswith("psk_"), out
    code, out = cli("apikey", "create", "hr-none", "--events", "LeaveRequested",
                    "--units", "r-east")  # fmt: skip
    assert code == 0, out
    code, out = cli("apikey", "list")
    listed = {r["name"]: r for r in map(json.loads, out.splitlines())}
    assert (listed["hr-oslo"]["units"], listed["hr-oslo"]["act_for"]) == (
        ["oslo-prison"], ["emp-1", "emp-2"])  # fmt: skip
    assert (listed["hr-none"]["units"], listed["hr-none"]["act_for"]) == (["r-east"], [])
    assert all("api_key" not in r for r in listed.values())
    code, out = cli("apikey", "create", "bad", "--units", "nowhere", "--act-for", "*")
    assert code == 2 and json.loads(out)["field"] == "units"
    code, out = cli("apikey", "create", "bad", "--units", "r-east", "--act-for", "ghost")
    assert code == 2 and json.loads(out)["field"] == "act-for"

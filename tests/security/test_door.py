"""The door withstands abuse: identity before the body, the size limit while reading, hostile
JSON and unknown case types refused with the event contract, never a 500, nothing changed."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

import httpx
from temporalio.client import Client

from activities.store import Store
from intake.events import MAX_EVENT_BYTES
from tests.helpers import leave_request
from tests.security.conftest import Mint, bearer, cases_like, key, open_discipline

CHUNK = 16 * 1024


class Body:
    """A streamed request body that counts what the server pulled from it."""

    def __init__(self, total: int, fill: bytes = b" ") -> None:
        self.total, self.fill, self.sent = total, fill, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < self.total:
            self.sent += CHUNK
            yield self.fill * CHUNK


async def test_no_or_a_wrong_key_is_401_before_the_body_is_read(door: httpx.AsyncClient) -> None:
    for headers in ({}, {"X-API-Key": "psk_guess"}, {"Authorization": "Basic x"}):
        body = Body(10 * 1024 * 1024)
        r = await door.post("/events", content=body, headers=headers)  # type: ignore[arg-type]
        assert r.status_code == 401, r.text
        assert body.sent == 0  # not a byte pulled


async def test_an_oversized_body_is_413_without_reading_the_rest(
    door: httpx.AsyncClient, register: Store
) -> None:
    """Event contract (DESIGN.md): 64 KiB at most. 100 MB with a valid key: refused at once."""
    sender = key(register, send=["*"], types=[], units=[])
    body = Body(100 * 1024 * 1024, b"{")
    started = time.monotonic()
    r = await door.post("/events", content=body, headers=sender)  # type: ignore[arg-type]
    assert r.status_code == 413 and r.json()["rule"] == "event contract (DESIGN.md)"
    assert body.sent <= MAX_EVENT_BYTES + CHUNK  # the rest was never read
    assert time.monotonic() - started < 2
    declared = await door.post(
        "/events", content=b"x", headers={**sender, "content-length": str(10**9)}
    )
    assert declared.status_code == 413


async def test_deeply_nested_and_hostile_json_is_422(
    door: httpx.AsyncClient, register: Store
) -> None:
    sender = key(register, send=["*"], types=[], units=[])
    hostile = [
        b"[" * 30_000 + b"]" * 30_000,
        b'{"type": "LeaveRequested", "payload": ' + b'{"a":' * 5000 + b"1" + b"}" * 5001,
        b'{"type": "LeaveRequested", "case_id": ' + b"9" * 60_000 + b"}",  # int() digit limit
        b"\xff\xfe not utf-8",
        b"[]",
    ]
    for body in hostile:
        r = await door.post("/events", content=body, headers=sender)
        assert r.status_code == 422, (body[:40], r.status_code, r.text)
        assert r.json()["rule"] == "event contract (DESIGN.md)"


async def test_unknown_case_type_is_404(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store
) -> None:
    await open_discipline(client, worker, register, "SEC-DOOR-1")
    reader = key(register, send=[], types=["*"], units=["*"])
    r = await door.get("/cases/SEC-DOOR-1", params={"type": "no-such-type"}, headers=reader)
    assert r.status_code == 404
    assert (await door.get("/cases/SEC-DOOR-1", headers=reader)).status_code == 200


async def test_a_person_sends_only_as_themselves(
    door: httpx.AsyncClient, mint: Mint, register: Store
) -> None:
    """A token for emp-1 posting an event whose actor is emp-2: 403, no case started."""
    ev = leave_request(
        "SEC-DOOR-2", *[__import__("datetime").date(2031, 5, 5)] * 2, employee="emp-2"
    )
    r = await door.post("/events", json=ev, headers=bearer(mint("emp-1")))
    assert r.status_code == 403 and "actor.person_id" in r.json()["error"]
    assert cases_like(register, "SEC-DOOR-2") == []


async def test_an_abusive_request_does_not_stall_others(
    door: httpx.AsyncClient, register: Store
) -> None:
    sender = key(register, send=["*"], types=[], units=[])
    flood = [door.post("/events", content=b"[" * 60_000, headers=sender) for _ in range(8)]
    started = time.monotonic()
    health, *floods = await asyncio.gather(door.get("/health"), *flood)
    assert health.status_code == 200 and time.monotonic() - started < 5
    assert {f.status_code for f in floods} == {422}
    assert json.loads(floods[0].text)["rule"]

"""Event fuzzing (hypothesis): generated bad events through the dispatcher and the HTTP door.
Every one is refused with the field or rule named, none crashes, none creates or moves a case.
PERSONALSAK_FUZZ_EXAMPLES raises the count (the long variant: 10000)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select
from temporalio.client import Client

from activities.store import CaseRow, Store
from intake import apikeys
from intake.api import create_app
from intake.config import Settings
from intake.dispatch import dispatch
from states.rules import RuleViolation
from tests.conftest import EXAMPLES

EXAMPLES_COUNT = int(os.environ.get("PERSONALSAK_FUZZ_EXAMPLES", "150"))
VALID = json.loads((EXAMPLES / "leave-request.json").read_text())
# Every example event: their payload fields get values of the wrong JSON type.
EXAMPLE_EVENTS = [
    e for p in sorted(EXAMPLES.glob("*.json")) if "type" in (e := json.loads(p.read_text()))
]
FIELDS = ["event_id", "type", "case_id", "occurred_at", "actor", "payload"]

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def bad_events(draw: Any) -> Any:
    kind = draw(
        st.sampled_from(["raw", "drop", "wrong_type", "payload", "case", "bytes", "field_type"])
    )
    if kind == "field_type":  # any case type's event, one payload field of another JSON type
        event = json.loads(json.dumps(draw(st.sampled_from(EXAMPLE_EVENTS))))
        event["event_id"] = f"fuzz-{draw(st.uuids())}"
        event["case_id"] = f"FZ-{draw(st.integers(0, 10**6))}"
        key = draw(st.sampled_from(sorted(event["payload"])))
        original = event["payload"][key]
        event["payload"][key] = draw(
            junk.filter(lambda v: v is not None and json_type(v) != json_type(original))
        )
        return event
    event = json.loads(json.dumps(VALID))
    event["event_id"] = f"fuzz-{draw(st.uuids())}"
    event["case_id"] = f"FZ-{draw(st.integers(0, 10**6))}"
    if kind == "raw":
        return draw(junk)
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "drop":
        event.pop(draw(st.sampled_from(FIELDS)))
    elif kind == "wrong_type":  # anything but a string: a string event_id would be valid
        event[draw(st.sampled_from(FIELDS))] = draw(junk.filter(lambda v: not isinstance(v, str)))
    elif kind == "payload":  # a field of the payload broken
        key = draw(st.sampled_from(sorted(VALID["payload"])))
        event["payload"][key] = draw(junk.filter(lambda v: not isinstance(v, bool)))
        if key in ("reason",) and isinstance(event["payload"][key], str):
            event["payload"]["end"] = "2020-01-01"  # keep it bad: the period runs backwards
    else:  # an update for a case that does not exist
        event.update(type="LeaveDecided", payload={"outcome": "granted"})
    return event


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


async def check_refused(client: Client, worker: str, register: Store, event: Any) -> None:
    raw = event if isinstance(event, bytes) else json.dumps(event)
    try:
        result = await dispatch(client, raw, task_queue=worker, register=register)
    except RuleViolation as exc:
        assert exc.rule and exc.message
        return
    raise AssertionError(f"accepted a bad event: {event!r} -> {result}")


async def test_bad_events_are_refused_and_change_nothing(
    client: Client, worker: str, register: Store
) -> None:
    seen: list[Any] = []

    @settings(
        max_examples=EXAMPLES_COUNT,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(bad_events())
    def collect(event: Any) -> None:
        seen.append(event)

    collect()
    for event in seen:
        await check_refused(client, worker, register, event)
    assert len(seen) == EXAMPLES_COUNT
    with register.session() as s:  # nothing reached the register either
        assert not s.exec(select(CaseRow).where(CaseRow.case_id.like("FZ-%"))).all()  # type: ignore[attr-defined]


async def test_bad_events_through_the_http_door(
    client: Client, worker: str, register: Store, tmp_path: Path
) -> None:
    """The same generated events POSTed to /events with a key that may send every type: each
    one 422 with the rule (and the field where bad input caused it), nothing created."""
    door = Settings(tmp_path, "unused", worker, register.url, tmp_path, None, 0)
    key = apikeys.issue(register, "fuzzer", [apikeys.ALL], units=["*"], act_for=["*"])
    app = create_app(door, client)
    seen: list[Any] = []

    @settings(max_examples=EXAMPLES_COUNT, deadline=None, derandomize=True,
               suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(bad_events())
    def collect(event: Any) -> None:
        seen.append(event)

    collect()
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://door") as http,
    ):
        for event in seen:
            body = event if isinstance(event, bytes) else json.dumps(event).encode()
            r = await http.post("/events", content=body, headers={"X-API-Key": key})
            assert r.status_code == 422, (event, r.status_code, r.text)
            assert r.json()["rule"] and r.json()["error"]
    with register.session() as s:
        assert not s.exec(select(CaseRow).where(CaseRow.case_id.like("FZ-%"))).all()  # type: ignore[attr-defined]

"""The event contract: bad input is refused with the field or rule named (DESIGN.md "Events")."""

from __future__ import annotations

import json

import pytest

from intake.events import MAX_EVENT_BYTES, LeaveRequested, parse, schema
from states.rules import EVENT_CONTRACT, RuleViolation
from tests.conftest import EXAMPLES


def example() -> dict:  # type: ignore[type-arg]
    return json.loads((EXAMPLES / "leave-request.json").read_text())


def refused(raw: object) -> RuleViolation:
    with pytest.raises(RuleViolation) as e:
        parse(raw)  # type: ignore[arg-type]
    assert e.value.rule == EVENT_CONTRACT
    return e.value


def test_example_parses() -> None:
    ev = parse(json.dumps(example()))
    assert isinstance(ev, LeaveRequested) and ev.workflow_id == "leave-2027-0001"


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda e: e.pop("event_id"), "event_id"),
        (lambda e: e["payload"].pop("kind"), "payload.kind"),
        (lambda e: e["payload"].update(start="not-a-date"), "payload.start"),
        (lambda e: e.update(occurred_at="2027-03-01T09:00:00"), "occurred_at"),  # no time zone
        (lambda e: e.update(case_id="Kari Nordmann"), "case_id"),  # names never in workflow ids
        (lambda e: e["actor"].update(role="king"), "actor.role"),
        (lambda e: e.update(extra="x"), "extra"),
        (lambda e: e.update(type="Nonsense"), "type"),
    ],
)
def test_bad_fields_are_named(mutate, field: str) -> None:  # type: ignore[no-untyped-def]
    ev = example()
    mutate(ev)
    err = refused(ev)
    assert err.field == field, err.message


def test_not_json_and_oversized() -> None:
    assert "not JSON" in refused("{nope").message
    assert "larger than" in refused("x" * (MAX_EVENT_BYTES + 1)).message
    assert "JSON object" in refused("[1, 2]").message


def test_period_backwards_names_end() -> None:
    ev = example()
    ev["payload"]["end"] = "2027-08-01"
    assert "end" in refused(ev).message


def test_schema_lists_every_type() -> None:
    s = json.dumps(schema())
    for name in (
        "LeaveRequested",
        "LeaveDecided",
        "LeaveWithdrawn",
        "LeaveExtensionRequested",
        "LeaveReturnReported",
    ):
        assert name in s

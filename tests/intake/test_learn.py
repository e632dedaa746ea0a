"""Events a newcomer can learn (issue 15): clean schema names, a description on every event and
field, one type's schema, and a valid example of every event type generated from its model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from intake import learn
from intake.events import BY_NAME, parse

CLI = str(Path(sys.executable).parent / "personalsak")


def test_schema_names_are_clean_and_every_event_and_field_is_described() -> None:
    """No module paths (`intake__events__X`) in the schema's names; every definition and every
    property carries a description (intake/fields.py for fields, the machine rows for events)."""
    schema = learn.schema()
    assert not [name for name in schema["$defs"] if "__" in name]
    assert {"EmploymentEnding", "EmploymentEndingPayload"} <= set(schema["$defs"])
    undescribed = [
        f"{name}.{field}"
        for name, model in schema["$defs"].items()
        for field, prop in model.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert not undescribed
    assert all(model.get("description") for model in schema["$defs"].values())
    assert "PR-2012 § 23 nr. 4" in schema["$defs"]["LeaveDecided"]["description"]


def test_one_types_schema_holds_only_what_it_uses() -> None:
    one = learn.schema("DisciplineNoticeSent")
    assert one["properties"]["type"]["const"] == "DisciplineNoticeSent"
    assert set(one["$defs"]) == {"ActorRef", "Notice", "OrdensstraffForm", "Reaction", "Role"}
    with pytest.raises(KeyError):
        learn.schema("NoSuchEvent")


@pytest.mark.parametrize("event_type", sorted(BY_NAME))
def test_every_event_type_has_an_example_the_door_parses(event_type: str) -> None:
    """The event contract (DESIGN.md): each generated example passes the door's parse (strict
    JSON, every field's constraints and the payload's own validators)."""
    event = learn.example(event_type)
    assert parse(json.loads(json.dumps(event))).type == event_type  # type: ignore[attr-defined]


def test_every_machine_trigger_an_event_fires_exists() -> None:
    """docs/machines name the events beside each trigger: every event names real triggers."""
    from states.catalog import MACHINES

    for cls in BY_NAME.values():
        spec = MACHINES[cls.case_type]
        triggers = {s.trigger for s in spec.steps}
        steps = learn.event_steps(cls)
        assert set(steps) <= triggers, cls.__name__
        # Only an application (its own Update, PR-2012 § 7) is no step of the machine.
        assert steps or cls.update in ("apply", "withdraw_application"), cls.__name__


def test_cli_prints_one_types_schema_and_example() -> None:
    done = subprocess.run([CLI, "event", "example", "LeaveDecided"], capture_output=True,
                          text=True, timeout=30)  # fmt: skip
    assert done.returncode == 0 and json.loads(done.stdout)["type"] == "LeaveDecided"
    done = subprocess.run([CLI, "event", "schema", "LeaveDecided"], capture_output=True,
                          text=True, timeout=30)  # fmt: skip
    assert json.loads(done.stdout)["properties"]["type"]["const"] == "LeaveDecided"
    done = subprocess.run([CLI, "event", "schema", "Leave"], capture_output=True, text=True,
                          timeout=30)  # fmt: skip
    assert done.returncode == 2 and "LeaveDecided" in json.loads(done.stdout)["known"]

"""`personalsak event example TYPE` (issue 15): the example of every opening event type, sent as
printed, opens its case through the door on the test server (a new case is the state every
opening fits). The steps' examples are accepted in the demos' cases (tests/test_demo.py), and
every example passes the door's contract (tests/intake/test_learn.py)."""

from __future__ import annotations

import pytest

from intake.events import BY_NAME
from intake.learn import example
from tests.helpers import Sender

OPENINGS = sorted(t for t, cls in BY_NAME.items() if cls.update is None)


@pytest.mark.parametrize("event_type", OPENINGS)
async def test_every_opening_example_is_accepted_by_the_door(send: Sender, event_type: str) -> None:
    """The door's guards (authority from the register, the opening's own rules, e.g. PR-2012
    § 10 nr. 1 for acting service, § 22 for welfare leave) accept the example unchanged."""
    event = example(event_type)
    event["case_id"] = f"EX-{event_type}"[:64]
    result = await send.send(event)
    assert result["status"] == "accepted", result

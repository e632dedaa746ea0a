"""Every example event parses, and every case type has an opening example."""

from __future__ import annotations

import json

from intake.events import BY_NAME, parse
from states.catalog import DUTIES
from tests.conftest import EXAMPLES


def test_examples_parse_and_cover_every_case_type() -> None:
    types = set()
    for path in EXAMPLES.glob("*.json"):
        data = json.loads(path.read_text())
        if "type" in data:
            types.add(parse(data).type)  # type: ignore[attr-defined]
    openings = {s.opening_event for s in DUTIES.values() if s.opened_by_event} | {"LeaveRequested"}
    assert openings <= types, openings - types
    assert types <= set(BY_NAME)

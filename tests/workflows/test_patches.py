"""The patches folded into one (workflows/patches.py, issue 16): a case started now records one
patch marker, `BASELINE`, where it recorded one per patch it reached (each with an upsert of
Temporal's `TemporalChangeVersion` search attribute). The cases recorded before it replay on
their own markers (tests/workflows/test_replay.py)."""

from __future__ import annotations

import json

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client

from tests.helpers import Sender, step
from workflows import patches

LEADER = {"person_id": "leader-oslo", "role": "unit_leader"}


async def patch_ids(client: Client, workflow_id: str) -> list[str]:
    ids = []
    async for e in client.get_workflow_handle(workflow_id).fetch_history_events():
        if e.event_type == EventType.EVENT_TYPE_MARKER_RECORDED:
            a = e.marker_recorded_event_attributes
            if a.marker_name == "core_patch":
                ids.append(json.loads(a.details["patch-data"].payloads[0].data)["id"])
    return ids


async def test_a_new_case_records_one_patch_marker(send: Sender, client: Client) -> None:
    """A disciplinary case closed without a reaction (TI-2020 § 2-5, PR-2012 § 19) reaches 22
    of the folded patches; its history holds the baseline's marker alone."""
    opened = {"employee_id": "emp-2", "summary": "Ulåst dør"}
    await step(send, "DisciplinaryCaseOpened", "PATCH-1", opened, LEADER)
    await step(send, "DisciplineNoAction", "PATCH-1", {"reasons": "Beklaget straks."}, LEADER)
    assert await patch_ids(client, "discipline-PATCH-1") == [patches.BASELINE]


def test_a_later_patch_is_not_folded() -> None:
    """A patch added after the baseline must be asked on its own: a case started under the
    baseline takes its old path on replay. The fold refuses an id it does not hold."""
    assert patches.BASELINE not in patches.FOLDED and len(patches.FOLDED) == 51
    try:
        patches.patched("a-later-patch")
    except ValueError as exc:
        assert "not folded" in str(exc)
    else:
        raise AssertionError("a patch not folded was taken by the baseline")

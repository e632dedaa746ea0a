"""Replay suite: the recorded histories of each case type's main scenario replay against the
current workflow code. A change that breaks a running case fails here; keep the old path
behind `workflow.patched(...)` instead, or, for a change meant to alter only new cases,
re-record with `.venv/bin/python tests/histories/record.py`."""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from intake import data_converter
from worker import PASSTHROUGH
from workflows.catalog import WORKFLOWS

# The cases recorded before the patches were folded into one (workflows/patches.py), and those
# recorded after (perf5-baseline/): both must replay.
HISTORIES = sorted((Path(__file__).parent.parent / "histories").rglob("*.json"))
IDS = [p.relative_to(p.parent.parent).with_suffix("").as_posix() for p in HISTORIES]


def test_every_case_type_with_a_scenario_is_recorded() -> None:
    for folder in {p.parent for p in HISTORIES}:
        recorded = {p.stem.split("-", 1)[0] for p in HISTORIES if p.parent == folder}
        assert {"leave", "gift", "discipline", "appeal", "hiring", "central_council"} <= recorded
        assert recorded <= set(WORKFLOWS)


@pytest.mark.parametrize("path", HISTORIES, ids=IDS)
async def test_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, path.read_text())
    replayer = Replayer(
        workflows=list(WORKFLOWS.values()),
        data_converter=data_converter(keys=[]),  # recorded unencrypted: fictional example data
        workflow_runner=SandboxedWorkflowRunner(
            restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH)
        ),
    )
    # PASSTHROUGH, not the worker's: the workflow modules are re-imported into the sandbox with
    # every restriction, so a clock, I/O or random call in workflow code fails here.
    result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
    assert result.replay_failure is None, result.replay_failure

"""The door and a case that continues as new (issue 16): a run winding down rejects Updates
with WINDING_DOWN and the server aborts Updates whose workflow task failed (WorkflowNotReady);
the door sends the same Update again, so the sender never sees either. A refusal by a rule
(e.g. PR-2012 § 7 nr. 1, no applications before the post is announced) is not sent again."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from google.protobuf import any_pb2
from temporalio.api.common.v1 import GrpcStatus
from temporalio.api.errordetails.v1 import WorkflowNotReadyFailure
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from intake import dispatch, signing
from workflows.case import REFUSED, WINDING_DOWN


def not_ready() -> RPCError:
    detail = any_pb2.Any()
    detail.Pack(WorkflowNotReadyFailure())
    status = GrpcStatus(code=9, message="update due to unexpected workflow task failure")
    status.details.append(detail)
    return RPCError(status.message, RPCStatusCode.FAILED_PRECONDITION, status.SerializeToString())


class Handle:
    """A workflow handle whose first answers are the given errors."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors, self.ids = list(errors), []

    async def execute_update(self, name: str, cmd: Any, *, id: str, result_type: Any) -> Any:
        self.ids.append(id)
        if self.errors:
            raise self.errors.pop(0)
        return result_type(state="announced")


EVENT = SimpleNamespace(workflow_id="hiring-W-1", update="apply")
CMD = SimpleNamespace(sender="system:hr", event_id="evt-1")


@pytest.fixture(autouse=True)
def door_keys() -> None:
    """The door's signing keys, which key the Update id (issue 14 review)."""
    signing.ensure_installed(None)


def same_event() -> str:
    """The Update id of CMD: a keyed tag of (sender, event id), the same for every retry."""
    return signing.update_id("system:hr", "evt-1")


async def test_a_run_winding_down_and_an_aborted_update_are_sent_again() -> None:
    """Both retried with the same Update id (the same event), and the answer is the next
    run's."""
    winding = WorkflowUpdateFailedError(ApplicationError("continuing", type=WINDING_DOWN))
    handle = Handle(winding, not_ready(), winding)
    outcome = await dispatch._execute(handle, EVENT, CMD)  # type: ignore[arg-type]
    assert outcome.state == "announced"
    assert handle.ids == [same_event()] * 4


async def test_a_refusal_is_not_sent_again() -> None:
    """PR-2012 § 7 nr. 1: a refused application is the sender's answer, sent once."""
    refused = WorkflowUpdateFailedError(ApplicationError("no applications now", type=REFUSED))
    handle = Handle(refused)
    with pytest.raises(WorkflowUpdateFailedError):
        await dispatch._execute(handle, EVENT, CMD)  # type: ignore[arg-type]
    assert handle.ids == [same_event()]


async def test_another_rpc_error_is_not_sent_again() -> None:
    """A failed precondition that is not WorkflowNotReady (a closed case, say) goes back."""
    handle = Handle(RPCError("closed", RPCStatusCode.FAILED_PRECONDITION, b""))
    with pytest.raises(RPCError):
        await dispatch._execute(handle, EVENT, CMD)  # type: ignore[arg-type]
    assert handle.ids == [same_event()]

"""Reading cases for the CLI and the API: one case's view, and lists from Temporal visibility."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from activities.store import Store
from workflows import search
from workflows.case import CaseView
from workflows.catalog import WORKFLOWS


async def show(
    client: Client,
    case_id: str,
    case_type: str | None = None,
    register: Store | None = None,
    live: bool = False,
) -> CaseView | None:
    """The case's view: from the register's read model (no replay; answers with the worker
    stopped), or, with `live` or for a case that wrote none, from the workflow's query."""
    replay = live and not (register and erased(register, case_id, case_type))
    if (
        register is not None
        and not replay
        and (view := from_register(register, case_id, case_type))
    ):
        return view
    for kind in [case_type] if case_type else list(WORKFLOWS):
        handle = client.get_workflow_handle(f"{kind}-{case_id}")
        try:
            return await handle.query(WORKFLOWS[kind].describe, result_type=CaseView)
        except RPCError as exc:
            if exc.status != RPCStatusCode.NOT_FOUND:
                raise
    return None


def from_register(register: Store, case_id: str, case_type: str | None = None) -> CaseView | None:
    """The view the case last wrote to the read model, if it wrote one."""
    text = register.read_view(case_id, case_type)
    return CaseView.model_validate_json(text) if text is not None else None


def erased(register: Store, case_id: str, case_type: str | None = None) -> bool:
    """A case erased by rule (issue 14) answers from the register's anonymous trail only: its
    history can no longer be decoded, so it is never asked live."""
    from activities.store import ErasureRow

    with register.session() as s:
        # the case erased whole: not a hiring case whose unsuccessful applications went,
        # which runs on and is asked live (issue 14 review)
        stmt = select(ErasureRow).where(ErasureRow.erased_at != None, ErasureRow.scope == "family")  # noqa: E711
        ids = [f"{case_type}-{case_id}"] if case_type else [f"{k}-{case_id}" for k in WORKFLOWS]
        return s.exec(stmt.where(ErasureRow.workflow_id.in_(ids))).first() is not None  # type: ignore[attr-defined]


def trail_lines(view: CaseView) -> list[str]:
    """The case's legal trail as `case show` prints it: state, every step with its rule and
    who took it, deadlines, documents."""
    lines = [f"{view.case_type} {view.case_id}: {view.state} ({view.ruleset})"]
    if view.waiting_for:
        lines.append(f"  waiting for: {view.waiting_for}")
    for h in view.history:
        behalf = f" on behalf of {h.on_behalf_of}" if h.on_behalf_of else ""
        lines.append(
            f"  {h.at:%Y-%m-%d %H:%M} {h.trigger}: {h.source} -> {h.dest} [{h.rule}] "
            f"by {h.actor.person_id}{behalf}" + (f" (sent by {h.sender})" if h.sender else "")
        )
    lines += [f"  deadline {d.name}: {d.due} [{d.rule}] {d.explanation}" for d in view.deadlines]
    lines += [f"  document {doc.doc_id}: {doc.title}" for doc in view.documents]
    return lines


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def list_query(
    case_type: str | None = None, state: str | None = None, unit: str | None = None
) -> str:
    """A visibility query over the search attributes (no personal data in any of them)."""
    parts = [f"{search.CASE_TYPE.name} IS NOT NULL"]
    for key, value in (
        (search.CASE_TYPE, case_type),
        (search.CASE_STATE, state),
        (search.ORG_UNIT, unit),
    ):
        if value:
            parts.append(f"{key.name} = {_quote(value)}")
    return " AND ".join(parts)


async def list_cases(
    client: Client,
    case_type: str | None = None,
    state: str | None = None,
    unit: str | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    async for wf in client.list_workflows(list_query(case_type, state, unit), limit=limit):
        attrs = wf.typed_search_attributes
        deadline = attrs.get(search.NEXT_DEADLINE)
        out.append(
            {
                "workflow_id": wf.id,
                "case_type": attrs.get(search.CASE_TYPE),
                "state": attrs.get(search.CASE_STATE),
                "org_unit": attrs.get(search.ORG_UNIT),
                "next_deadline": deadline.isoformat() if deadline else None,
                "status": wf.status.name if wf.status else None,
            }
        )
    return out

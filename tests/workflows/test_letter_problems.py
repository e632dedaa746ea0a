"""A letter that cannot be made (issue 13): its template fails, or a recipient is not in the
register. Never retried forever, never failing the case: the case journals it with the rule and
the field, shows it in the view's `problems`, and goes on (docs/legal-choices.md)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from jinja2 import TemplateSyntaxError
from sqlmodel import select

from activities import case_activities
from activities.store import PersonRow, Store
from states.calendar import local_date, next_working_day
from tests.helpers import Sender, decision, event, leave_request
from workflows.case import LETTER_NOT_SENT


async def _start(env: Any, days: int) -> date:
    return next_working_day(local_date(await env.get_current_time()) + timedelta(days=days))[0]


async def test_a_template_that_fails_is_journalled_not_retried(
    env: Any, send: Sender, register: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fvl § 27 (the decision told in writing) needs the letter; a template that does not render
    fails the same way each time, so it is not retried: PR-2012 § 22's decision stands, the case
    goes on to `scheduled`, and the journal names the rule and the template."""
    real = case_activities.render

    def broken(template: str, context: dict[str, Any]) -> str:
        if template == "leave_decision":
            raise TemplateSyntaxError("unexpected '}'", 3)
        return real(template, context)

    monkeypatch.setattr(case_activities, "render", broken)
    start = await _start(env, 20)
    await send.send(leave_request("LP-1", start, start))
    result = await send.send(decision("LP-1"))
    assert result["state"] == "scheduled"  # the case went on
    view = await send.view("LP-1")
    [problem] = view.problems
    assert problem.what == LETTER_NOT_SENT and problem.rule == "PR-2012 § 22"
    assert "template:leave_decision" in problem.note and "does not render" in problem.note
    journal = register.journal("leave-LP-1")
    assert [j.trigger for j in journal].count(LETTER_NOT_SENT) == 1
    assert not [d for d in register.documents("leave-LP-1") if d.kind == "leave_decision"]


async def test_a_recipient_missing_from_the_register_is_journalled(
    env: Any, send: Sender, register: Store
) -> None:
    """A recipient removed from the register since the case opened: the withdrawal stands
    (design choice: a leave request may be withdrawn until the leave starts), the letter is not
    retried, and the journal names the field `recipients`."""
    with register.session() as s:
        emp = s.exec(select(PersonRow).where(PersonRow.person_id == "emp-1")).one()
        s.add(PersonRow(**{**emp.model_dump(), "person_id": "emp-gone", "email": "g@x.no"}))
    start = await _start(env, 25)
    await send.send(leave_request("LP-2", start, start, employee="emp-gone"))
    with register.session() as s:
        s.delete(s.get(PersonRow, "emp-gone"))
    done = await send.send(event("LeaveWithdrawn", "LP-2", {}, "hr-east", "hr_officer"))
    assert done["state"] == "withdrawn"
    view = await send.view("LP-2")
    [problem] = view.problems
    assert problem.what == LETTER_NOT_SENT
    assert "[field: recipients]" in problem.note and "emp-gone" in problem.note
    await send.client.get_workflow_handle("leave-LP-2").result()  # closed, not failed

"""No guard in states/ reads a role from the event (issue 11: "Authority from the register,
never from the event"): the lint fails on any `.role` of an actor."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

STATES = ROOT / "states"


def _is_actor(node: ast.expr) -> bool:
    """`actor`, `cmd.actor`, `something_actor`, or `data["actor"]`."""
    if isinstance(node, ast.Name):
        return "actor" in node.id.lower()
    if isinstance(node, ast.Attribute):
        return "actor" in node.attr.lower()
    if isinstance(node, ast.Subscript):
        key = node.slice
        return isinstance(key, ast.Constant) and key.value == "actor"
    return False


def role_claims(source: str) -> list[int]:
    """Lines where code reads `.role` of an actor (or `getattr(actor, "role")`)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "role" and _is_actor(node.value):
            lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and len(node.args) >= 2
            and _is_actor(node.args[0])
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == "role"
        ):
            lines.append(node.lineno)
    return lines


def test_the_lint_catches_the_old_guards() -> None:
    """The guards as they were before issue 11 (states/hiring.py, leave.py, discipline.py)."""
    old = """
def _department(case, data):
    if data["actor"].role != Role.justice_department.value:
        raise RuleViolation(PR_10_1, "the Justice Department appoints", "actor.role")

def check_requester(actor, request):
    if actor.person_id != request.employee_id and actor.role != Role.hr_officer:
        raise RuleViolation(PARTY, "only the employee", "actor.person_id")

def withdrawal(self, cmd):
    return cmd.actor.role == "hr_officer" or getattr(cmd.actor, "role") == "x"
"""
    assert role_claims(old) == [3, 7, 11, 11]
    # What the register says is fine: a role assignment's `.role`, the grants' predicates.
    assert role_claims("any(r.role == Role.hr_officer for r in org.roles)") == []
    assert role_claims('data["grants"].holds(Role.justice_department)') == []


def test_no_guard_reads_a_role_from_the_event() -> None:
    found = {
        path.name: lines
        for path in sorted(STATES.glob("*.py"))
        if (lines := role_claims(path.read_text(encoding="utf-8")))
    }
    assert found == {}, f"guards read actor.role (ask states/authority.py instead): {found}"


def _inside(source: str, function: str) -> set[int]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return set()


def test_no_workflow_check_reads_a_role_from_the_event() -> None:
    """The workflows' own checks (Update validators, the metrics) too; the one exception is
    `grants_for`, which turns the claim of a command recorded before issue 11 into legacy
    grants so that old histories replay."""
    found = {}
    for path in sorted((ROOT / "workflows").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = set(role_claims(source)) - _inside(source, "grants_for")
        if lines:
            found[path.name] = sorted(lines)
    assert found == {}, f"workflow code reads actor.role: {found}"

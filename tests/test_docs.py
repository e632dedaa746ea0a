"""docs/ stays true: every provision has its coverage row, every cited rule is covered, and
the machine diagrams match the rule rows they are generated from."""

from __future__ import annotations

import re

import pytest

from states.catalog import MACHINES
from tests.conftest import ROOT

COVERAGE = (ROOT / "docs" / "regulation-coverage.md").read_text(encoding="utf-8")
PROVISIONS = ROOT.parent / "shared" / "regulations" / "provisions.md"


def covered_ids() -> set[str]:
    return {
        m.group(1).strip()
        for m in re.finditer(r"^\| ((?:PR|TI)-20\d\d [^|]+)\|", COVERAGE, re.MULTILINE)
    }


def test_every_provision_has_a_row() -> None:
    if not PROVISIONS.exists():
        pytest.skip("../shared/regulations is not beside this checkout")
    ids = {
        m.group(1).strip()
        for m in re.finditer(
            r"^\| ((?:PR|TI)-20\d\d [^|]+)\|", PROVISIONS.read_text(encoding="utf-8"), re.MULTILINE
        )
    }
    assert ids and ids <= covered_ids(), sorted(ids - covered_ids())


def test_every_cited_rule_is_covered_as_done() -> None:
    rows = {
        line.split("|")[1].strip(): line for line in COVERAGE.splitlines() if line.startswith("| ")
    }
    for spec in MACHINES.values():
        for step in spec.steps:
            if step.rule.startswith(("PR-", "TI-")):
                assert "| done |" in rows[step.rule], step.rule
            else:
                assert step.rule in COVERAGE, step.rule


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_machine_diagrams_are_current(name: str) -> None:
    """Regenerate with `personalsak docs`."""
    from intake.learn import events_by_trigger

    path = ROOT / "docs" / "machines" / f"{name}.md"
    assert path.read_text(encoding="utf-8") == MACHINES[name].document(events_by_trigger(name))


def test_readme_authority_table_is_current() -> None:
    """README "Who may do what" is rendered from states/authority.py; regenerate with
    `personalsak docs`."""
    from states.authority import README_BEGIN, with_authority_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_BEGIN in readme
    assert readme == with_authority_table(readme)

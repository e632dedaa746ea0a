"""`personalsak demo CASE_TYPE` (issue 15): a whole case on the time-skipping test server, its
legal trail and letters printed; run as a user runs it, from a directory that is not the
repository."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e  # it starts a time-skipping server and a worker of its own
CLI = str(Path(sys.executable).parent / "personalsak")

# case type -> (final states, rules the printed trail must show)
DEMOS = {
    "leave": (
        {"leave-2027-0001": "returned"},
        ["start: scheduled -> on_leave", "report_return: return_due -> returned",
         "PR-2012 § 23 nr. 4"],
    ),
    "discipline": (
        {"discipline-D-2027-0001": "ordensstraff_registered", "appeal-D-2027-0001-1": "upheld"},
        ["send_notice: assessing -> awaiting_reply [fvl § 16]", "[PR-2012 § 19 nr. 2]",
         "record_receipt: appeal_window -> appeal_window [fvl § 29]",
         "appeal_upheld: under_appeal -> ordensstraff_registered [PR-2012 § 20 nr. 2]"],
    ),
    "hiring": (
        {"hiring-H-2027-0001": "awaiting_confirmation"},
        ["[PR-2012 § 13", "[PR-2012 § 9", "[PR-2012 § 5"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case_type", sorted(DEMOS))
def test_demo_runs_a_whole_case_and_prints_its_trail_and_letters(
    case_type: str, tmp_path: Path
) -> None:
    """Each demo reaches its end through the door's refusals and guards (any refusal ends the
    demo with an error), and prints every step with its rule and the letters sent."""
    done = subprocess.run([CLI, "demo", case_type], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    states, rules = DEMOS[case_type]
    assert result["cases"] == states
    assert result["letters"] >= 2
    for rule in rules:
        assert rule in done.stdout, rule
    assert "--- " in done.stdout  # the letters themselves
    assert not (tmp_path / "data").exists()  # nothing left where it ran


def test_demo_of_an_unknown_case_type_is_a_one_line_error(tmp_path: Path) -> None:
    done = subprocess.run([CLI, "demo", "nope"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 2 and json.loads(done.stdout)["known"] == sorted(DEMOS)

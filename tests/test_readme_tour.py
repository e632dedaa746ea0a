"""The README's five-minute tour, run as written (issue 15): the `sh` blocks of its "Five-minute
tour" section, line by line and in order, against `personalsak up`, from a directory that is
not the repository (the data directory is its `./data`). A comment on a command states what it
answers: `exit N` (else 0) and `"key": "value"` pairs its output must contain. The test breaks
when the README's commands or their stated answers stop being true."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.test_end_to_end import System

pytestmark = pytest.mark.e2e
COMMENT = re.compile(r"\s{2,}#\s?(.*)$")


def tour_commands(readme: str) -> list[tuple[str, str]]:
    """(command, comment) for each line of the tour's `sh` blocks, in order."""
    section = readme.split("## Five-minute tour", 1)[1].split("\n## ", 1)[0]
    out = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            found = COMMENT.search(line)
            command = line[: found.start()] if found else line
            out.append((command.strip(), found.group(1) if found else ""))
    return out


def expected(comment: str) -> tuple[int, list[str]]:
    code = re.search(r"\bexit (\d+)", comment)
    return int(code.group(1)) if code else 0, re.findall(r'"[a-z_]+": "[^"]*"', comment)


@pytest.fixture
def system(tmp_path: Path) -> Iterator[System]:
    (tmp_path / "examples").symlink_to(EXAMPLES)
    s = System(tmp_path / "data")
    s.up()
    yield s
    if s.proc and s.proc.poll() is None:
        s.down()


def test_the_readme_tour_works_in_the_order_written(system: System, tmp_path: Path) -> None:
    """README "Five-minute tour": every command answers as the README says, the refusal names
    PR-2012 § 23 nr. 4 and leaves the case unchanged, the same event twice changes nothing."""
    commands = tour_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert any("event send -" in c and "exit 2" in n for c, n in commands)  # the refusal
    env = {**system.env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    ran = 0
    for command, comment in commands:
        if command.startswith("source "):
            continue  # the venv's bin is on PATH
        done = subprocess.run(
            ["bash", "-c", f"set -o pipefail; {command}"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        code, fragments = expected(comment)
        said = f"{command}\n-> {done.returncode}: {done.stdout}{done.stderr}"
        assert done.returncode == code, said
        for fragment in fragments:
            assert fragment in done.stdout, said
        ran += 1
    assert ran >= 9
    letters = list((tmp_path / "data" / "mail").glob("leave-2027-0001+*.eml"))
    assert len(letters) == 1  # the duplicate sent nothing
    # README: `up`'s logs are in the data directory (the worker's: the letter's delivery).
    assert "message delivered" in (tmp_path / "data" / "personalsak.log").read_text()
    assert (tmp_path / "data" / "temporal.log").exists()
    # The codec endpoint answers the UI on whatever --ui-port `up` was given (README, issue 15).
    for host in ("localhost", "127.0.0.1"):
        origin = f"http://{host}:{system.ports['ui']}"
        preflight = httpx.options(
            f"http://127.0.0.1:{system.ports['api']}/codec/decode",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert preflight.headers.get("access-control-allow-origin") == origin

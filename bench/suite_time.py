"""The whole test suite's time: the pytest of `bash deploy/dev.sh test` (two xdist workers,
pyproject's addopts), its wall as pytest reports it, the CPU of pytest and its children, and
the slowest tests. Target: ≤ 120 s. Under the machine's shared pytest lock when there is one
(`flock -o /tmp/pytest.lock`), so other suites do not run at the same time; the wait for the
lock is not counted. Without deploy/dev.sh's setup, which would reinstall into a worktree's
shared .venv.

Run: .venv/bin/python bench/suite_time.py [PYTEST ARGS]   (e.g. one module, to try it)
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys

from common import ROOT, figure, report

LOCK = "/tmp/pytest.lock"
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def with_postgres() -> dict[str, str]:
    """The environment deploy/dev.sh gives the suite: the PostgreSQL tests run when a server
    answers on 127.0.0.1:5432 (CI's machine has one), so the time is CI's, not 7 tests short."""
    env = dict(os.environ)
    if not env.get("PERSONALSAK_TEST_POSTGRES_URL"):
        try:
            import psycopg

            psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres",
                            connect_timeout=3).close()  # fmt: skip
            env["PERSONALSAK_TEST_POSTGRES_URL"] = POSTGRES
        except Exception:  # no server here: the suite skips those tests, as on any machine
            pass
    return env


def main(extra: list[str]) -> None:
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2",
              "--dist", "loadgroup", "--durations=5", *extra]  # fmt: skip
    command = ["flock", "-o", LOCK, *pytest] if shutil.which("flock") else pytest
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          env=with_postgres())  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_user, cpu_sys = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    out = done.stdout + done.stderr
    summary = next((ln for ln in reversed(out.splitlines()) if " passed" in ln), "no summary")
    took = re.search(r" in ([\d.]+)s", summary)
    wall = float(took.group(1)) if took else float("nan")
    slow = re.findall(r"^([\d.]+)s call\s+(\S+)$", out, re.MULTILINE)
    command_line = " ".join([".venv/bin/python bench/suite_time.py", *extra])
    short = command_line.removeprefix(".venv/bin/python bench/")
    figure(
        f"suite ≤ 120 s, every test in it (`{short}`)",
        f"{wall:.0f} s wall, CPU {cpu_user:.0f} + {cpu_sys:.0f} s (exit {done.returncode})",
        done.returncode == 0 and wall <= 120,
        "the slowest tests in its lines below",
    )
    report(
        "Suite time",
        command_line,
        [
            f"- pytest (`-n 2 --dist loadgroup`): {wall:.1f} s wall, CPU user {cpu_user:.0f} s "
            f"+ sys {cpu_sys:.0f} s (pytest and its children); exit {done.returncode}; "
            f"{summary.strip('= ')}",
            "- slowest: " + "; ".join(f"{name.split('@')[0]} {secs} s" for secs, name in slow[:5]),
        ],
    )


if __name__ == "__main__":
    main(sys.argv[1:])

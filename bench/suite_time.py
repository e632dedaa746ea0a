"""The whole test suite's wall time (`bash deploy/dev.sh test`: ruff, then pytest), and its
slowest tests. Appends to bench/RESULTS.md.

Run: .venv/bin/python bench/suite_time.py
"""

from __future__ import annotations

import re
import subprocess
import time

from common import ROOT, report


def main() -> None:
    t0 = time.perf_counter()
    done = subprocess.run(
        ["bash", "deploy/dev.sh", "test", "--durations=5"], cwd=ROOT, capture_output=True, text=True
    )
    wall = time.perf_counter() - t0
    out = done.stdout + done.stderr
    summary = next((ln for ln in reversed(out.splitlines()) if " passed" in ln), "no summary")
    slow = re.findall(r"^([\d.]+)s call\s+(\S+)$", out, re.MULTILINE)
    report(
        "Suite time",
        ".venv/bin/python bench/suite_time.py",
        [
            f"- `bash deploy/dev.sh test`: {wall:.0f} s wall (exit {done.returncode}); "
            f"{summary.strip('= ')}",
            "- slowest: " + "; ".join(f"{name} {secs} s" for secs, name in slow[:5]),
        ],
    )


if __name__ == "__main__":
    main()

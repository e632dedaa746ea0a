"""`personalsak up` (issue 11, point 8): one `up` per data directory, SIGTERM stops everything it
started (no dev server left holding the ports), its files are private."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        out |= {int(p) for p in text.split()}
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def up(data: Path, ports: list[int], log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PERSONALSAK_")}
    env |= {"PERSONALSAK_DATA_DIR": str(data), "HOME": str(data.parent)}
    cmd = [sys.executable, "-m", "intake.cli", "up", "--temporal-port", str(ports[0]),
           "--ui-port", str(ports[1]), "--api-port", str(ports[2])]  # fmt: skip
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def test_a_second_up_is_refused_and_sigterm_stops_everything(tmp_path: Path) -> None:
    """Issue 11 § 8: "a lock on the data directory (a second `up` on it: a one-line error),
    SIGTERM stops everything it started (no orphaned dev server holding the ports)"."""
    data = tmp_path / "data"
    ports = [free_port(), free_port(), free_port()]
    log = tmp_path / "up.log"
    first = up(data, ports, log)
    try:
        deadline = time.monotonic() + 90
        while "Personalsak is up" not in log.read_text(errors="replace"):
            assert first.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.3)
        started = children(first.pid)
        assert started, "the dev server runs as a child of up"

        # The same data directory, other ports: refused in one line, nothing of the first touched.
        second_log = tmp_path / "second.log"
        second = up(data, [free_port(), free_port(), free_port()], second_log)
        assert second.wait(timeout=60) != 0
        said = second_log.read_text().strip().splitlines()
        assert len(said) == 1 and "another `personalsak up`" in said[0], said
        assert first.poll() is None and all(alive(p) for p in started)

        # What the first `up` keeps is for this user only.
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        for name in ("codec-keys", "signing-keys", "personalsak.db"):
            assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name

        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=60) == 0, log.read_text(errors="replace")
    finally:
        if first.poll() is None:
            first.kill()
    deadline = time.monotonic() + 10
    while any(alive(p) for p in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(p) for p in started), "a child of up outlived it"
    assert all(port_free(p) for p in ports), "a port is still held"

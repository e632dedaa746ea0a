"""End to end as a user: `personalsak up` starts a real dev server on a SQLite file, the worker
and the API; `personalsak` commands load the organisation, send events and read the case."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from intake.org_file import read_org
from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.e2e
CLI = str(Path(sys.executable).parent / "personalsak")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class System:
    def __init__(self, data: Path) -> None:
        self.data = data
        self.ports = {"temporal": free_port(), "ui": free_port(), "api": free_port()}
        self.env = {
            **os.environ,
            "PERSONALSAK_DATA_DIR": str(data),
            "TEMPORAL_ADDRESS": f"127.0.0.1:{self.ports['temporal']}",
            "TASK_QUEUE": "e2e",
        }
        for key in ("DATABASE_URL", "MAIL_DIR", "SMTP_URL"):
            self.env.pop(key, None)
        self.proc: subprocess.Popen[str] | None = None

    def up(self) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        log = self.data / f"up-{time.monotonic_ns()}.log"
        with log.open("w") as out:  # a file, not a pipe: a full pipe would block the process
            self.proc = subprocess.Popen(
                [CLI, "up", "--temporal-port", str(self.ports["temporal"]),
                 "--ui-port", str(self.ports["ui"]), "--api-port", str(self.ports["api"])],
                env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True,
            )  # fmt: skip

        def started() -> bool:
            assert self.proc is not None and self.proc.poll() is None, log.read_text()
            return "Personalsak is up" in log.read_text()

        assert eventually(started, 60), log.read_text()
        self.log = log

    def codec_signin(self) -> str:
        """The one-time sign-in link for the UI's codec that `up` printed on its terminal."""
        found = re.search(r"(http://\S+/codec/signin\?code=\S+)", self.log.read_text())
        assert found, self.log.read_text()
        return found.group(1)

    def down(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGINT)  # Ctrl-C
        return self.proc.wait(timeout=60)

    def run(self, *args: str, stdin: str | None = None) -> tuple[int, Any]:
        done = subprocess.run(
            [CLI, *args],
            env=self.env,
            cwd=ROOT,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.last_stderr = done.stderr
        out = done.stdout.strip()
        try:
            return done.returncode, json.loads(out) if out else None
        except json.JSONDecodeError:
            return done.returncode, out + done.stderr


@pytest.fixture
def system(tmp_path: Path) -> Iterator[System]:
    s = System(tmp_path / "data")
    s.up()
    yield s
    if s.proc and s.proc.poll() is None:
        s.down()


def show(system: System, case_id: str) -> dict[str, Any]:
    code, view = system.run("case", "show", case_id, "--json")
    assert code == 0, view
    return view  # type: ignore[no-any-return]


def eventually(fn: Any, seconds: float = 20) -> Any:
    end = time.monotonic() + seconds
    while True:
        value = fn()
        if value or time.monotonic() > end:
            return value
        time.sleep(0.2)


def test_tour_on_the_dev_server(system: System) -> None:
    code, loaded = system.run("org", "load", str(EXAMPLES / "org.yaml"))
    assert code == 0 and loaded["loaded"]["people"] == len(read_org(EXAMPLES / "org.yaml").people)

    request = (EXAMPLES / "leave-request.json").read_text()
    code, result = system.run("event", "send", "-", stdin=request)
    assert code == 0 and result["status"] == "accepted", result
    code, again = system.run("event", "send", "-", stdin=request)
    assert code == 0 and again["status"] == "duplicate"

    # PR-2012 § 23 nr. 2: fourteen months for another state post, without the exception.
    long = json.loads(request)
    long.update(event_id="evt-long", case_id="2027-0002")
    long["payload"].update(kind="other_state_post", start="2027-01-01", end="2028-02-29")
    code, refused = system.run("event", "send", "-", stdin=json.dumps(long))
    assert code == 2 and refused["rule"] == "PR-2012 § 23 nr. 2", refused
    code, missing = system.run("case", "show", "2027-0002", "--json")
    assert code == 2 and "no case" in missing["error"]  # nothing was created

    # A decision by someone without authority: exit 2, the rule named, the case unchanged.
    decision = json.loads((EXAMPLES / "leave-decision.json").read_text())
    wrong = dict(decision, event_id="evt-wrong", actor={"person_id": "emp-2", "role": "employee"})
    code, refused = system.run("event", "send", "-", stdin=json.dumps(wrong))
    assert code == 2 and refused["rule"] == "PR-2012 § 23 nr. 4", refused
    assert [h["trigger"] for h in show(system, "2027-0001")["history"]] == ["register"]

    code, decided = system.run("event", "send", str(EXAMPLES / "leave-decision.json"))
    assert code == 0 and decided["state"] == "scheduled", decided
    code, _ = system.run("event", "send", str(EXAMPLES / "leave-decision.json"))
    assert code == 0
    view = show(system, "2027-0001")
    assert view["case_type"] == "leave" and view["ruleset"] == "PR-2012"
    assert [(h["trigger"], h["rule"]) for h in view["history"]] == [
        ("register", "PR-2012 § 23 nr. 4"),
        ("grant", "PR-2012 § 23 nr. 4"),
        ("schedule", "PR-2012 § 23 nr. 4"),
    ]
    assert all(d["explanation"] for d in view["deadlines"])
    letters = list((system.data / "mail").glob("*.eml"))
    assert len(letters) == 1 and "Søknaden er innvilget" in letters[0].read_text()

    # The UI finds the case by its search attributes (visibility is eventually consistent).
    def listed() -> list[Any]:
        code, out = system.run("case", "list", "--type", "leave", "--state", "scheduled")
        return [out] if code == 0 and out else []

    [row] = eventually(listed)
    assert row["workflow_id"] == "leave-2027-0001" and row["org_unit"] == "oslo-prison"

    # The HTTP door gives the same contract, to HR systems with their own key.
    api = f"http://127.0.0.1:{system.ports['api']}"
    code, issued = system.run(
        "apikey", "create", "hr-system", "--events", "LeaveDecided,LeaveRequested",
        "--read-types", "leave", "--read-units", "*", "--units", "r-east", "--act-for", "*",
    )  # fmt: skip
    assert code == 0, issued
    key = {"X-API-Key": issued["api_key"]}
    assert httpx.post(f"{api}/events", content=json.dumps(wrong)).status_code == 401
    bad_key = httpx.post(f"{api}/events", content=json.dumps(wrong), headers={"X-API-Key": "x"})
    assert bad_key.status_code == 401
    r = httpx.post(f"{api}/events", content=json.dumps(wrong), headers=key)
    assert r.status_code == 422 and r.json()["rule"] == "PR-2012 § 23 nr. 4"
    not_allowed = dict(wrong, type="LeaveWithdrawn", payload={})
    assert (
        httpx.post(f"{api}/events", content=json.dumps(not_allowed), headers=key).status_code == 403
    )
    assert httpx.get(f"{api}/cases/2027-0001").status_code == 401
    assert httpx.get(f"{api}/cases/2027-0001", headers=key).json()["state"] == "scheduled"
    assert httpx.get(f"{api}/events/schema").status_code == 200

    # A duty case through the same door (TI-2020 § 4-2): reported, assessed, letter sent.
    code, gift = system.run("event", "send", str(EXAMPLES / "gift-reported.json"))
    assert code == 0 and gift["state"] == "awaiting_assessment", gift
    code, kept = system.run("event", "send", str(EXAMPLES / "gift-may-be-kept.json"))
    assert code == 0 and kept["state"] == "may_keep", kept
    assert list((system.data / "mail").glob("gift-G-2027-0001+*.eml"))
    code, reps = system.run(
        "council", "representatives", str(EXAMPLES / "council-organisations.json")
    )
    assert code == 0 and [a["name"] for a in reps["appointers"]] == ["LO", "Parat"]

    # A hiring case (PR-2012 § 2, § 10 nr. 3, § 16): a four-month substitute appointed by the
    # regional director without announcement, to the signed contract.
    code, opened = system.run("event", "send", str(EXAMPLES / "hiring-short-registered.json"))
    assert code == 0 and opened["state"] == "direct", opened
    appointed = json.loads((EXAMPLES / "hiring-short-appointed.json").read_text())
    by_hr = dict(
        appointed, event_id="evt-by-hr", actor={"person_id": "hr-east", "role": "hr_officer"}
    )
    code, refused = system.run("event", "send", "-", stdin=json.dumps(by_hr))
    assert code == 2 and refused["rule"] == "PR-2012 § 10 nr. 3", refused
    code, done = system.run("event", "send", str(EXAMPLES / "hiring-short-appointed.json"))
    assert code == 0 and done["state"] == "awaiting_contract", done
    code, signed = system.run("event", "send", str(EXAMPLES / "hiring-contract-signed.json"))
    assert code == 0 and signed["state"] == "serving", signed
    hiring = show(system, "2027-H-0002")
    assert [(h["trigger"], h["rule"]) for h in hiring["history"]] == [
        ("register", "PR-2012 § 2"),
        ("appoint_directly", "PR-2012 § 10 nr. 3"),
        ("notify_appointment", "PR-2012 § 16 nr. 1"),
        ("sign_contract", "PR-2012 § 16 nr. 2"),
    ]
    # PR-2012 § 26 (issue 13): the exit interview is offered before the appointment ends.
    assert {d["name"] for d in hiring["deadlines"]} == {"appointment_ends", "offer_exit_interview"}
    mail = [p.read_text() for p in (system.data / "mail").glob("hiring-2027-H-0002+*.eml")]
    assert any("MELDING OM TILSETTING" in m and "vera.vikar@soker.example" in m for m in mail)
    assert any("ARBEIDSAVTALE" in m for m in mail)

    # Ctrl-C stops everything; a second `up` on the same file finds the case again.
    assert system.down() == 0
    system.up()
    assert show(system, "2027-0001")["state"] == "scheduled"


def test_up_refuses_a_taken_port(tmp_path: Path) -> None:
    s = System(tmp_path / "data")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", s.ports["temporal"]))
        busy.listen()
        done = subprocess.run(
            [CLI, "up", "--temporal-port", str(s.ports["temporal"])],
            env=s.env,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == 1
    assert f"port {s.ports['temporal']} (Temporal) is taken" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1

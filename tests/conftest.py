"""Shared fixtures: a real time-skipping Temporal test server, a real SQLite register."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from temporalio.api.enums.v1 import EventType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.client import Client
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

import intake
from activities import logs
from activities.notifications import Mailer
from activities.store import AccessRegister, CaseRow, Store
from intake import signing
from intake.codec import ENCODING, new_key_line
from intake.org_file import read_org
from tests.helpers import APPLICANT_NAMES
from worker import create_worker
from workflows import search

# Payloads are encrypted in every test, as in production: one fresh key per test session;
# and every command the door sends is signed (intake/signing.py), with a test key.
os.environ.setdefault("PERSONALSAK_CODEC_KEYS", new_key_line())
os.environ.setdefault("PERSONALSAK_SIGNING_KEYS", signing.new_key_line())

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BIN = Path(sys.executable).parent


# The session's time-skipping server, for module fixtures that may not ask for async fixtures.
SESSION: dict[str, Any] = {}


def binary(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not found:
        pytest.exit(f"{name} not found: pip install -e .[dev] installs it", returncode=3)
    return found


@pytest.fixture(scope="session", autouse=True)
def no_people_in_logs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every log line of the whole run (this process's, and the log files of the processes it
    starts under the run's temp dir) is checked for the test people's names and addresses."""
    log_file = tmp_path_factory.mktemp("logs") / "session.log"
    stream = log_file.open("w")
    logs.configure(stream)
    yield
    stream.close()
    people = read_org(EXAMPLES / "org.yaml").people
    base = tmp_path_factory.getbasetemp()
    for path in [log_file, *base.rglob("*.log")]:
        text = path.read_text(errors="replace")
        for p in people:
            assert p.name not in text and p.email not in text, f"{p.person_id} in {path}"
        for name in APPLICANT_NAMES:
            assert name not in text, f"applicant {name} in {path}"


# The processes the tests start (the CLI, `up`, workers, demos: about a hundred) keep the
# project's compiled bytecode (in __pycache__, which git ignores). With PYTHONDONTWRITEBYTECODE
# set, as on this machine, each one compiled the project's modules again: a quarter of a CLI
# command's 1.4 s of CPU (issue 16).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


@pytest.fixture(scope="session")
async def env() -> AsyncIterator[WorkflowEnvironment]:
    environment = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=binary("temporal-test-server")
    )
    # Search attributes must exist before a workflow upserts them (DESIGN.md).
    await environment.client.operator_service.add_search_attributes(
        AddSearchAttributesRequest(namespace="default", search_attributes=search.registration())
    )
    SESSION["env"] = environment
    skip = environment.sleep

    async def sleep(duration: timedelta | float) -> None:
        """The server's sleep, saying on a stall what holds its clock (issue 16: it skips no
        time while any case has a task in progress, and a stall once failed every later test
        of the run with "Timeout expired" alone)."""
        try:
            await skip(duration)
        except RPCError as exc:
            ids = _case_ids(SESSION["register"]) if "register" in SESSION else set()
            held = await what_holds_the_clock(environment.client, ids)
            raise AssertionError(f"the clock did not move by {duration} ({exc}): {held}") from exc

    environment.sleep = sleep  # type: ignore[method-assign]
    yield environment
    await environment.shutdown()


# A history that ends in one of these is closed: nothing of it holds the clock.
_CLOSED = frozenset(
    f"EVENT_TYPE_WORKFLOW_EXECUTION_{kind}"
    for kind in ("COMPLETED", "FAILED", "TIMED_OUT", "CANCELED", "TERMINATED", "CONTINUED_AS_NEW")
)


async def _pending(raw: Client, workflow_id: str) -> tuple[bool, int, list[str]] | None:
    """What a running case has pending, read from its history (the test server's `describe`
    reports neither, and the SDK cannot decode its datetime attributes): a workflow task, how
    often it failed since the last that completed, the activity types scheduled and not
    closed. None when the case is closed or not on this server."""
    try:
        history = await raw.get_workflow_handle(workflow_id).fetch_history()
    except RPCError:  # no such case on this server
        return None
    if history.events and EventType.Name(history.events[-1].event_type) in _CLOSED:
        return None
    task, failed, activities = False, 0, {}
    for e in history.events:
        kind = EventType.Name(e.event_type).removeprefix("EVENT_TYPE_")
        if kind in ("WORKFLOW_TASK_SCHEDULED", "WORKFLOW_TASK_STARTED"):
            task = True
        elif kind == "WORKFLOW_TASK_COMPLETED":
            task, failed = False, 0
        elif kind in ("WORKFLOW_TASK_FAILED", "WORKFLOW_TASK_TIMED_OUT"):
            task, failed = False, failed + 1
        elif kind == "ACTIVITY_TASK_SCHEDULED":
            activities[e.event_id] = e.activity_task_scheduled_event_attributes.activity_type.name
        elif kind.startswith("ACTIVITY_TASK_") and kind != "ACTIVITY_TASK_STARTED":
            closed = getattr(e, f"{kind.lower()}_event_attributes")
            activities.pop(closed.scheduled_event_id, None)
    return task, failed, list(activities.values())


async def what_holds_the_clock(raw: Client, workflow_ids: set[str]) -> str:
    """Every one of the cases still running with a workflow task or an activity pending: ids,
    activity types and how often the task failed — no payloads, no personal data. A case whose
    workflow task keeps failing is terminated, so that one stuck case fails one test, not
    every test after it."""
    found = []
    for workflow_id in sorted(workflow_ids):
        pending = await _pending(raw, workflow_id)
        if pending is None or not (pending[0] or pending[2]):
            continue
        task, failed, activities = pending
        line = workflow_id + (f": workflow task pending, failed {failed} times" if task else "")
        line += "".join(f"; activity {a} pending" for a in activities)
        if failed > 2:
            await raw.get_workflow_handle(workflow_id).terminate(
                "stalled the test server's clock (tests/conftest.py)"
            )
            line += " [terminated]"
        found.append(line)
    return "; ".join(found) or "no case has a pending task"


async def _settled(raw: Client, workflow_ids: set[str], seconds: float = 5.0) -> None:
    """Wait (at most `seconds`) until no case of `workflow_ids` has a workflow task pending:
    the test server keeps its clock held for a case terminated with one, and every `sleep` of
    the next modules then timed out after 30 s (9 hiring tests in a row, twice, on a slow
    machine: the worker had not yet taken a task of the module's last case when it ended)."""
    waiting = set(workflow_ids)
    deadline = asyncio.get_running_loop().time() + seconds
    while waiting and asyncio.get_running_loop().time() < deadline:
        waiting = {w for w in waiting if (p := await _pending(raw, w)) is not None and p[0]}
        if waiting:
            await asyncio.sleep(0.05)


@pytest.fixture
async def dev_server() -> AsyncIterator[WorkflowEnvironment]:
    """A real Temporal dev server (for what the time-skipping server does not do like the real
    one: worker restarts, continue-as-new under a stream of updates)."""
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=binary("temporal"), search_attributes=search.ALL
    )
    yield env
    await env.shutdown()


@pytest.fixture(scope="session")
async def client(env: WorkflowEnvironment, register: Store) -> Client:
    """The project's client on the session's register: per-case data keys (intake/keyring.py)."""
    return await intake.connect(env.client.service_client.config.target_host, register=register)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    db = Store(f"sqlite:///{tmp_path / 'register.db'}")
    db.migrate()
    db.load_org(read_org(EXAMPLES / "org.yaml"))
    yield db
    db.engine.dispose()


@pytest.fixture(scope="session")
def register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The register the session's worker writes to (cases use distinct ids and people)."""
    db = Store(f"sqlite:///{tmp_path_factory.mktemp('register') / 'register.db'}")
    db.migrate()
    db.load_org(read_org(EXAMPLES / "org.yaml"))
    SESSION["register"] = db
    yield db
    db.engine.dispose()


@pytest.fixture(scope="session")
def mail_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="session")
async def worker(
    env: WorkflowEnvironment, client: Client, register: Store, mail_dir: Path
) -> AsyncIterator[str]:
    """One worker for the whole session, so that the timers of every case started in any
    test keep being served (the test server stops skipping time while a task waits for a
    worker that is gone). Yields its task queue."""
    queue = f"test-{uuid.uuid4()}"
    w = create_worker(client, queue, store=register, mailer=Mailer(mail_dir))
    async with w:
        yield queue
    await no_people_in_histories(env.client, register)


async def no_people_in_histories(raw: Client, register: Store) -> None:
    """Temporal stores what the worker and the intake send it: read every case's history
    without the codec (as someone with the server's database would) and look for the test
    people. Only ciphertext may carry them (DESIGN.md, personal data)."""
    people = read_org(EXAMPLES / "org.yaml").people
    secrets = [s.encode() for p in people for s in (p.name, p.email)]
    secrets += [name.encode() for name in APPLICANT_NAMES]
    with register.session() as s:
        workflow_ids = list(s.exec(select(CaseRow.workflow_id)).all())
    assert workflow_ids, "the session's worker registered no case"
    encrypted = 0
    for workflow_id in workflow_ids:
        history = await raw.get_workflow_handle(workflow_id).fetch_history()
        data = b"".join(e.SerializeToString() for e in history.events)
        encrypted += ENCODING in data  # the check reads the payloads, which are there
        for secret in secrets:
            assert secret not in data, f"plaintext personal data in {workflow_id}'s history"
    assert encrypted, "no encrypted payload in any history: the check read nothing"
    # The access log names readers and cases by id and ground, never by name.
    logged = [
        " ".join(str(v) for v in row.model_dump().values())
        for row in AccessRegister(register).entries()
    ]
    for line in logged:
        for secret in secrets:
            assert secret.decode() not in line, "personal data in the access log"


def postgres_url() -> str | None:
    return os.environ.get("PERSONALSAK_TEST_POSTGRES_URL") or None


@pytest.fixture(scope="module", autouse=True)
async def close_the_modules_cases(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Each module's cases on the session's time-skipping server are closed when the module
    ends. The server skips time for all cases at once: a later module that jumps years ahead
    (discipline's five-year deletion, 2043 dates) would otherwise also drive every earlier
    module's parked cases through years of deadlines, and its `sleep` can time out waiting."""
    if not _uses_session_worker(request):
        yield
        return
    register: Store = request.getfixturevalue("register")  # a plain fixture: safe to ask here
    before = _case_ids(register)
    yield
    env = SESSION["env"]  # the module's tests used the worker, so the server is up
    cases = _case_ids(register) - before
    await _settled(env.client, cases)
    for workflow_id in cases:
        handle = env.client.get_workflow_handle(workflow_id)
        with contextlib.suppress(RPCError):  # already closed: nothing to do
            await handle.terminate("test module finished (tests/conftest.py)")


def _uses_session_worker(request: pytest.FixtureRequest) -> bool:
    """Whether any test of the module asks for the session's worker (directly or through
    `send`, `door` and the like)."""
    return any(
        getattr(item, "module", None) is request.module
        and "worker" in getattr(item, "fixturenames", ())
        for item in request.session.items
    )


def _case_ids(register: Store) -> set[str]:
    with register.session() as s:
        return set(s.exec(select(CaseRow.workflow_id)).all())


# Clock modules that take the second time-skipping server (the second xdist worker's session
# starts one), so that the two workers finish together (issue 16: measured with --durations=0,
# the clock group was 374 s of test time on one worker and everything else 348 s on the other;
# test_door_review's 15 s evens them). Each needs no earlier module's clock: test_work_queue_door
# dates everything from the server's day; test_door_review sleeps nothing and dates from today,
# and ran before any clock module moved the clock. Kept in written order on their server, as on
# the shared one. xdist hands this group to the second worker first (the first two groups in
# the order below go one to each worker); without xdist each module keeps its place on the one
# server.
OWN_CLOCK = frozenset(
    {"tests/security/test_door_review.py", "tests/workflows/test_work_queue_door.py"}
)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With pytest-xdist (`-n 2 --dist loadgroup`, the README's command), every module with a
    test on the session's time-skipping server runs on one worker in the written order — the
    server's clock only moves forward, and modules are dated in that order — while the modules
    that start their own processes (dev servers, workers, the browser) run beside it. A module
    stays whole on one worker: its tests share module fixtures and the cases they leave."""
    on_clock = {item.path for item in items if "env" in getattr(item, "fixturenames", ())}
    for item in items:
        group = "clock" if item.path in on_clock else str(item.path)
        if item.path.relative_to(ROOT).as_posix() in OWN_CLOCK:
            group = "own-clock"
        item.add_marker(pytest.mark.xdist_group(group))

    # Longest work first (issue 16: the suite within 120 s), as xdist hands out groups in this
    # order (`--no-loadscope-reorder` in pyproject.toml; by default it orders them by how many
    # tests they have, which put the few long tests that start processes last, one worker
    # finishing them alone): the clock's modules, in their written order, then the modules that
    # start processes (`e2e`), then the rest. A stable sort: each module stays in its order.
    def weight(item: pytest.Item) -> int:
        return 0 if item.path in on_clock else 1 if item.get_closest_marker("e2e") else 2

    items.sort(key=weight)

"""Builds and runs the worker: every workflow and activity, the data converter, logging."""

from __future__ import annotations

import asyncio
import os
import signal
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities import logs
from activities.case_activities import CaseActivities
from activities.erasure import ErasureActivities
from activities.hiring_activities import HiringActivities
from activities.notifications import Mailer
from activities.store import Store
from intake import signing
from intake.config import Settings
from workflows.catalog import WORKFLOWS
from workflows.erasure import RetentionSweep

# Pure modules the workflows import: passed through the sandbox instead of re-imported.
PASSTHROUGH = ("transitions", "pydantic", "states", "activities", "workflows.search")
# The workflow modules too, in the worker: re-importing them into a fresh sandbox for every
# workflow instance cost ~270 ms of CPU per case started or replayed (bench/open_cases.py; with
# them passed through, ~26 ms). They hold classes and constants only. The sandbox's checks on
# workflow code (no clock, no I/O, no randomness) still run in CI: the replay suite replays
# every recorded history with them re-imported under the full restrictions.
WORKER_PASSTHROUGH = (*PASSTHROUGH, "workflows")


def configure_logging() -> None:
    logs.configure()


def install_signing_keys(settings: Settings) -> None:
    """The keys the workflows verify the door's signatures with: loaded here, on the host, into
    a module the sandbox passes through (workflow code never reads the environment)."""
    keys = signing.load_keys(settings.data_dir)
    if not keys:
        raise signing.SigningError(
            f"no signing keys: set {signing.ENV} (as for the intake) or run `personalsak up`"
        )
    signing.install(keys)


def check_retention_setting() -> None:
    """PERSONALSAK_RETENTION_CONFIRMED, checked once at start (issue 14 review M3): a typo is a
    one-line error now, not a sweep that quietly erases no stated-choice row."""
    from states.retention import CONFIRMED_ENV, confirmed_rows
    from states.rules import RuleViolation

    try:
        confirmed_rows(os.environ.get(CONFIRMED_ENV))
    except RuleViolation as exc:
        raise SystemExit(f"{CONFIRMED_ENV}: {exc.message} ({exc.rule})") from None


STICKY_TIMEOUT = timedelta(seconds=4)


def create_worker(
    client: Client,
    task_queue: str = "personalsak",
    *,
    store: Store | None = None,
    mailer: Mailer | None = None,
    settings: Settings | None = None,
) -> Worker:
    """A ready Worker with all workflows and activities. Store and mailer default to settings."""
    settings = settings or Settings.from_env()
    install_signing_keys(settings)
    if store is None:
        store = Store(settings.database_url)
        store.migrate()
    mailer = mailer or Mailer(settings.mail_dir, settings.smtp_url)
    acts = CaseActivities(store, mailer)
    # Erasure destroys keys through the codec's own keyring, so its cache forgets them at once.
    keyring = getattr(client.data_converter.payload_codec, "keyring", None)
    erasure = ErasureActivities(store, keyring, client, getattr(mailer, "mail_dir", None))
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[*WORKFLOWS.values(), RetentionSweep],
        activities=acts.all() + HiringActivities(acts).all() + erasure.all(),
        activity_executor=ThreadPoolExecutor(max_workers=16),
        graceful_shutdown_timeout=timedelta(seconds=10),
        # A worker that died without saying so (SIGKILL, a lost node) holds its cached cases'
        # next tasks on its own queue this long before any worker may take them (SDK: 10 s).
        sticky_queue_schedule_to_start_timeout=STICKY_TIMEOUT,
        workflow_runner=SandboxedWorkflowRunner(
            restrictions=SandboxRestrictions.default.with_passthrough_modules(*WORKER_PASSTHROUGH)
        ),
    )


async def run(settings: Settings) -> None:
    from intake import connect

    configure_logging()
    check_retention_setting()
    client = await connect(settings.temporal_address, register=Store(settings.database_url))
    worker = create_worker(client, settings.task_queue, settings=settings)
    from intake.sweep import ensure_sweep

    await ensure_sweep(client, settings.task_queue)  # the daily retention sweep (issue 14)
    # SIGTERM (Kubernetes, compose, systemd) and Ctrl-C stop the worker gracefully: running
    # activities get their grace period and the server is told the worker is gone, so cases it
    # held in its cache go to another worker at once instead of after a sticky-queue timeout.
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    logs.get().info("worker started", task_queue=settings.task_queue)
    async with worker:
        await stop.wait()
    logs.get().info("worker stopped", task_queue=settings.task_queue)


def main() -> None:
    asyncio.run(run(Settings.from_env()))


if __name__ == "__main__":
    main()

"""Builds and runs the worker: every workflow and activity, the data converter, logging."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities import logs
from activities.case_activities import CaseActivities
from activities.hiring_activities import HiringActivities
from activities.notifications import Mailer
from activities.store import Store
from intake.config import Settings
from workflows.catalog import WORKFLOWS

# Pure modules the workflows import: passed through the sandbox instead of re-imported.
PASSTHROUGH = ("transitions", "holidays", "pydantic", "states", "activities", "workflows.search")


def configure_logging() -> None:
    logs.configure()


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
    if store is None:
        store = Store(settings.database_url)
        store.migrate()
    mailer = mailer or Mailer(settings.mail_dir, settings.smtp_url)
    acts = CaseActivities(store, mailer)
    return Worker(
        client,
        task_queue=task_queue,
        workflows=list(WORKFLOWS.values()),
        activities=acts.all() + HiringActivities(acts).all(),
        activity_executor=ThreadPoolExecutor(max_workers=16),
        graceful_shutdown_timeout=timedelta(seconds=10),
        workflow_runner=SandboxedWorkflowRunner(
            restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH)
        ),
    )


async def run(settings: Settings) -> None:
    from intake import connect

    configure_logging()
    client = await connect(settings.temporal_address)
    worker = create_worker(client, settings.task_queue, settings=settings)
    logs.get().info("worker started", task_queue=settings.task_queue)
    await worker.run()


def main() -> None:
    asyncio.run(run(Settings.from_env()))


if __name__ == "__main__":
    main()

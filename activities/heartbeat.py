"""Heartbeats for a synchronous activity that blocks in I/O (SMTP): a background thread beats
in the activity's context, so the server learns within the heartbeat timeout that a worker died
mid-call instead of waiting out the whole start-to-close timeout."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from temporalio import activity

BEAT_SECONDS = 2.0


@contextmanager
def heartbeating(every: float = BEAT_SECONDS) -> Iterator[None]:
    """Heartbeat every `every` seconds while the block runs; outside an activity, do nothing."""
    if not activity.in_activity():
        yield
        return
    done = threading.Event()
    context = contextvars.copy_context()  # activity.heartbeat reads the activity's context

    def beat() -> None:
        while not done.wait(every):
            context.run(activity.heartbeat)

    thread = threading.Thread(target=beat, name="heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()

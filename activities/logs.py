"""Logging: structlog configured once, JSON when not a terminal, with the Temporal context of
the workflow or activity, and personal data redacted before anything is written."""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any, TextIO

from temporalio import activity

# Keys whose values are personal data (names, addresses, reasons, free text about a person).
PERSONAL = frozenset({
    "name", "email", "birth_date", "reason", "reasons", "statement", "facts", "summary",
    "description", "relation", "grounds", "notes", "payload", "request", "body", "to_address",
    "humane_reason", "exception_reason", "service_reason", "assessment", "context",
})  # fmt: skip
REDACTED = "[redacted]"


def redact(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in list(event):
        if key in PERSONAL:
            event[key] = REDACTED
    return event


def temporal_context(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Who is logging: the activity's workflow and type (stdlib records from the SDK carry
    their own `temporal_workflow` / `temporal_activity` context)."""
    if activity.in_activity():
        info = activity.info()
        event.setdefault("workflow_id", info.workflow_id)
        event.setdefault("activity", info.activity_type)
    for key in ("temporal_workflow", "temporal_activity"):
        extra = event.pop(key, None)
        if isinstance(extra, dict):
            for k in ("workflow_id", "run_id", "workflow_type", "activity_type"):
                if k in extra:
                    event.setdefault(k, extra[k])
    return event


def _processors() -> list[Any]:
    import structlog

    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso"),
        temporal_context,
        redact,
    ]


def configure(stream: TextIO | None = None, level: int = logging.INFO) -> None:
    """structlog and the stdlib (the SDK's `workflow.logger`, silent during replay) through
    one pipeline."""
    import structlog

    out = stream or sys.stderr
    processors = _processors()
    renderer: Any = (
        structlog.dev.ConsoleRenderer() if out.isatty() else structlog.processors.JSONRenderer()
    )
    structlog.configure(
        processors=[*processors, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
            foreign_pre_chain=[*processors[1:], _extras],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    for name in ("personalsak", "temporalio.workflow", "temporalio.activity"):
        logging.getLogger(name).setLevel(level)


def _extras(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Lift the SDK's context from a stdlib record's extras into the event."""
    record = event.get("_record")
    for key in ("temporal_workflow", "temporal_activity"):
        if record is not None and hasattr(record, key):
            event[key] = getattr(record, key)
    return temporal_context(_, __, event)


class _Logger:
    """structlog's logger, imported on first use: the activity modules are imported by every
    CLI call (through the workflows' definitions), which never logs (issue 15)."""

    def __init__(self, name: str) -> None:
        self._name, self._logger = name, None

    def __getattr__(self, attr: str) -> Any:
        if self._logger is None:
            import structlog

            self._logger = structlog.get_logger(self._name)
        return getattr(self._logger, attr)


def get(name: str = "personalsak") -> Any:
    return _Logger(name)

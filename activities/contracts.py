"""What the workflows send to and get from the activities: plain pydantic, no database types."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from states.machine import HistoryEntry
from states.org import Org, Person


class OpenCase(BaseModel):
    workflow_id: str
    case_id: str
    case_type: str
    ruleset: str
    person_id: str
    opened_at: datetime


class CaseContext(BaseModel):
    """The slice of the register a case's rules need."""

    person: Person
    org: Org
    unit_name: str
    region: str | None
    welfare_days_used: dict[int, int] = Field(default_factory=dict)


class StepRecord(BaseModel):
    workflow_id: str
    seq: int
    entry: HistoryEntry


class LeavePeriod(BaseModel):
    workflow_id: str
    person_id: str
    kind: str
    start: date
    end: date | None  # None: the period no longer stands (withdrawn)


class Letter(BaseModel):
    """A document rendered from a template and sent to `recipients` through the outbox.

    `people` maps names used in the template ("employee", "decider") to person ids;
    the activity looks up their names and addresses in the register, so names never
    pass through the workflow.
    """

    key: str  # idempotency key: the same step renders and queues once
    workflow_id: str
    template: str
    title: str
    recipients: list[str]
    people: dict[str, str] = Field(default_factory=dict)
    context: dict[str, Any] = Field(default_factory=dict)


class LetterSent(BaseModel):
    doc_id: str
    title: str
    outbox_keys: list[str]

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
    unit_id: str | None = None  # the case's unit when it is not the person's (a vacant post)
    run_id: str | None = None  # the first run of the workflow (issue 11: a case opens once)
    # Temporal's parent of the run (a report's handover, a discipline's appeal): the register's
    # link, never taken from an event (issue 14 review: PR-2012 § 18 erases through it).
    parent_workflow_id: str | None = None


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


class ViewRecord(BaseModel):
    """A case's view for the read model (the CaseView as JSON: activities import no workflow)."""

    workflow_id: str
    case_id: str
    case_type: str
    view: dict[str, Any]
    # What the case's guards read (its file, without the register's slice and the day), so the
    # work queue judges an action on the file the door's guards judge it on (issue 15). None
    # in records from before, and once the case is erased.
    file: dict[str, Any] | None = None


class LeavePeriod(BaseModel):
    workflow_id: str
    person_id: str
    kind: str
    start: date
    end: date | None  # None: the period no longer stands (withdrawn)
    # PR-2012 § 22 (council10): paid welfare leave's working days as granted, each segment (the
    # first grant, every extension) on the days that held when it was granted; None: before
    working_days: list[date] | None = None


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
    applicants_of: str | None = None  # a hiring case: its applicants are recipients too
    # The case's own time (workflow.now()) the letter is dated and filed at; None in letters
    # from before issue 12's review and from cases that do not set it: the server's clock.
    dated: datetime | None = None
    # The rule of the step that sends it: named when the letter cannot be made (issue 13).
    rule: str | None = None


class ApplicationRecord(BaseModel):
    """An application (or its withdrawal) for the register (PR-2012 § 7)."""

    workflow_id: str
    applicant_id: str
    received_on: date
    late: bool = False
    withdrawn: bool = False
    data: dict[str, Any] = Field(default_factory=dict)  # the Application's fields


class ApplicantDocument(BaseModel):
    """A document rendered from a hiring case's applicants in the register: an applicant list
    (§ 7), or the council's papers (§ 13 nr. 1). `key` makes each version its own document."""

    key: str
    workflow_id: str
    template: str
    title: str
    recipients: list[str]
    late_considered: bool
    left_off: list[str] = Field(default_factory=list)  # exemptions granted (offentleglova § 25)
    only: list[str] | None = None  # just these applicants (the interviewed, the asked-for)
    context: dict[str, Any] = Field(default_factory=dict)


class ApplicantsNotice(BaseModel):
    """§ 16 nr. 3: every applicant told who was appointed; one message each, sent in bulk."""

    key: str
    workflow_id: str
    template: str
    title: str
    appointee: str
    context: dict[str, Any] = Field(default_factory=dict)


class LetterSent(BaseModel):
    doc_id: str
    title: str
    outbox_keys: list[str]


class AppointmentRecord(BaseModel):
    """A hiring case's appointment for the register (PR-2012 § 10 nr. 3, § 15)."""

    workflow_id: str
    person_id: str
    unit_id: str
    post_kind: str
    announced: bool
    permanent: bool
    months: int
    appointed_on: date
    temporary_ground: str | None = None  # § 15: a vikariat ("substitute") may be extended


class PostQuery(BaseModel):
    """§ 10 nr. 3: whose earlier appointments to this post count (the case's own excluded)."""

    workflow_id: str
    unit_id: str
    post_kind: str
    # council11: every earlier temporary appointment counts, the council's after announcement
    # too ("tilsettingsforholdet samlet"); False in cases opened before (direct ones only)
    every_temporary: bool = False

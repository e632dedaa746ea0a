"""Versioned HR event models (the event contract of DESIGN.md).

Every event is `{"event_id", "type", "case_id", "occurred_at", "actor", "payload"}`
with an optional `"version"` (1). `personalsak event schema` prints the JSON Schema.
"""

from __future__ import annotations

import json
from functools import cache, reduce
from operator import or_
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    create_model,
)

from states.applicants import Application, ApplicationWithdrawal
from states.authority import recorded_role
from states.catalog import DUTIES
from states.council import council_actions
from states.duties import DutySpec
from states.leave import ExtensionRequest, LeaveDecision, LeaveRequest, ReturnReport, Withdrawal
from states.machine import Actor
from states.org import Role
from states.rules import EVENT_CONTRACT, RuleViolation

MAX_EVENT_BYTES = 64 * 1024

# Case ids go into workflow ids and the UI: a reference number, never a name.
CASE_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


class ActorRef(BaseModel):
    """Who acts: a person in the register (or an applicant, as themselves). `role` is at most a
    claim: the door refuses one the register does not hold for the person on the event's date
    (states/authority.py `verify_claim`), and guards never read it."""

    model_config = ConfigDict(extra="forbid")
    person_id: str = Field(min_length=1, max_length=64)
    role: Role | None = None

    def to_actor(self) -> Actor:
        return Actor(person_id=self.person_id, role=recorded_role(self.role))


class EventBase(BaseModel):
    # Each event type's validator is built when it is first used: a CLI call parses one event,
    # and building all of them costs every call 0.1 s (issue 15).
    model_config = ConfigDict(extra="forbid", defer_build=True)

    case_type: ClassVar[str]
    update: ClassVar[str | None] = None  # the workflow Update it drives; None opens a case
    trigger: ClassVar[str | None] = None  # for a duty case's `act` Update: the machine step

    event_id: str = Field(pattern=r"^[\x21-\x7e]{1,128}$")  # printable ASCII: an idempotency key
    version: Literal[1] = 1
    case_id: str = Field(pattern=CASE_ID)
    occurred_at: AwareDatetime
    actor: ActorRef

    @property
    def workflow_id(self) -> str:
        return f"{self.case_type}-{self.case_id}"


class LeaveRequested(EventBase):
    case_type: ClassVar[str] = "leave"
    type: Literal["LeaveRequested"]
    payload: LeaveRequest


class LeaveDecided(EventBase):
    case_type: ClassVar[str] = "leave"
    update: ClassVar[str | None] = "decide"
    type: Literal["LeaveDecided"]
    payload: LeaveDecision


class LeaveWithdrawn(EventBase):
    case_type: ClassVar[str] = "leave"
    update: ClassVar[str | None] = "withdraw"
    type: Literal["LeaveWithdrawn"]
    payload: Withdrawal


class LeaveExtensionRequested(EventBase):
    case_type: ClassVar[str] = "leave"
    update: ClassVar[str | None] = "request_extension"
    type: Literal["LeaveExtensionRequested"]
    payload: ExtensionRequest


class LeaveReturnReported(EventBase):
    case_type: ClassVar[str] = "leave"
    update: ClassVar[str | None] = "report_return"
    type: Literal["LeaveReturnReported"]
    payload: ReturnReport


class ApplicationReceived(EventBase):
    """An application for an announced post (PR-2012 § 7); its own Update, not a step."""

    case_type: ClassVar[str] = "hiring"
    update: ClassVar[str | None] = "apply"
    type: Literal["ApplicationReceived"]
    payload: Application


class ApplicationWithdrawn(EventBase):
    case_type: ClassVar[str] = "hiring"
    update: ClassVar[str | None] = "withdraw_application"
    type: Literal["ApplicationWithdrawn"]
    payload: ApplicationWithdrawal


def _event(
    name: str, case_type: str, payload: type[BaseModel], trigger: str | None = None
) -> type[EventBase]:
    """An event type for a duty case, declared from its spec (states/duties.py)."""
    cls = create_model(  # type: ignore[call-overload]
        name,
        __base__=EventBase,
        __module__=__name__,
        type=(Literal[name], ...),
        payload=(payload, ...),
    )
    cls.case_type, cls.trigger = case_type, trigger
    cls.update = "act" if trigger else None
    return cls  # type: ignore[no-any-return]


def _duty_events(spec: DutySpec) -> list[type[EventBase]]:
    out = [_event(spec.opening_event, spec.case_type, spec.opening)] if spec.opened_by_event else []
    out += [
        _event(a.event, spec.case_type, a.model, trigger) for trigger, a in spec.actions.items()
    ]
    return out


def _leave_council_events() -> list[type[EventBase]]:
    """PR-2012 § 23 nr. 4 with § 13: the council's rows of a leave case, through its
    `council` Update (states/council.py `council_actions`)."""
    out = []
    for trigger, (name, model) in council_actions("Leave").items():
        cls = _event(name, "leave", model, trigger)
        cls.update = "council"
        out.append(cls)
    return out


EVENT_TYPES: tuple[type[EventBase], ...] = (
    LeaveRequested,
    LeaveDecided,
    LeaveWithdrawn,
    LeaveExtensionRequested,
    LeaveReturnReported,
    *_leave_council_events(),
    ApplicationReceived,
    ApplicationWithdrawn,
    *(event for spec in DUTIES.values() for event in _duty_events(spec)),
)
BY_NAME = {t.model_fields["type"].annotation.__args__[0]: t for t in EVENT_TYPES}  # type: ignore[union-attr]

Event = Annotated[reduce(or_, EVENT_TYPES), Field(discriminator="type")]  # type: ignore[valid-type]


@cache
def _adapter() -> TypeAdapter[Event]:
    return TypeAdapter(Event)


def schema() -> dict[str, Any]:
    return _adapter().json_schema()


def parse(raw: str | bytes | dict[str, Any]) -> EventBase:
    """An event, or a RuleViolation that names the first bad field."""
    if isinstance(raw, str | bytes):
        if len(raw) > MAX_EVENT_BYTES:
            raise RuleViolation(EVENT_CONTRACT, f"event larger than {MAX_EVENT_BYTES} bytes")
        try:
            raw = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise RuleViolation(EVENT_CONTRACT, f"not JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise RuleViolation(EVENT_CONTRACT, "an event is a JSON object")
    if not isinstance(raw.get("type"), str) or raw["type"] not in BY_NAME:
        raise RuleViolation(EVENT_CONTRACT, f"type: unknown event type {raw.get('type')!r}", "type")
    try:
        # Strict JSON: a timestamp is an ISO string, a flag is true/false, a number a number
        # (lax mode would read occurred_at: -10977 as a Unix time, paid: 1 as true).
        # The type's own model (the union would build every type's validator), as the union
        # would choose it by its `type` tag.
        return BY_NAME[raw["type"]].model_validate_json(json.dumps(raw), strict=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(p) for p in first["loc"]]
        if loc and loc[0] == raw.get("type"):
            loc = loc[1:]  # drop the discriminator's tag
        field = ".".join(loc) or "event"
        raise RuleViolation(EVENT_CONTRACT, f"{field}: {first['msg']}", field) from None

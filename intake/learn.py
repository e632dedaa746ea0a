"""Events a newcomer can learn (issue 15): the JSON Schema with clean names and a description
on every event and field, one event type's schema, a valid example of every event type
generated from its model, and which events drive each machine trigger (docs/machines/).

`personalsak event schema [TYPE]`, `personalsak event example TYPE`, `GET /events/schema` and
the OpenAPI document all read from here."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from intake.events import BY_NAME, EVENT_TYPES, EventBase
from intake.events import schema as raw_schema
from intake.fields import FIELDS
from states.leave import TRIGGER_FOR_OUTCOME

OPENS = "register"  # the machine trigger an opening event fires


def _camel(module: str) -> str:
    return "".join(part.capitalize() for part in module.split("_"))


def _clean_name(name: str, events: set[str]) -> str:
    """`intake__events__X` -> `X` (the event); a payload model whose name an event or another
    module's model also has -> `XPayload` or `<Module>X` (no module paths in the schema)."""
    if "__" not in name:
        return name
    *module, short = name.split("__")
    if module[:2] == ["intake", "events"]:
        return short
    return f"{short}Payload" if short in events else f"{_camel(module[-1])}{short}"


def _rename(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {
            k: (
                "#/$defs/" + names.get(v.removeprefix("#/$defs/"), v.removeprefix("#/$defs/"))
                if k == "$ref" and isinstance(v, str)
                else _rename(v, names)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rename(v, names) for v in node]
    return node


def event_steps(cls: type[EventBase]) -> list[str]:
    """The machine triggers an event type fires: an opening registers the case; a leave
    decision grants, grants partly or refuses by its outcome; otherwise its trigger or Update.
    None for an event that is no step (an application to a hiring case: its own Update)."""
    from states.catalog import MACHINES

    if cls.update is None:
        return [OPENS]
    if cls.__name__ == "LeaveDecided":
        return list(TRIGGER_FOR_OUTCOME.values())
    step = cls.trigger or cls.update
    spec = MACHINES.get(cls.case_type)
    return [step] if spec and any(s.trigger == step for s in spec.steps) else []


def events_by_trigger(case_type: str) -> dict[str, list[str]]:
    """Trigger -> the event types that fire it, for one case type's machine."""
    out: dict[str, list[str]] = {}
    for cls in EVENT_TYPES:
        if cls.case_type == case_type:
            for trigger in event_steps(cls):
                out.setdefault(trigger, []).append(cls.__name__)
    return out


def _rules(cls: type[EventBase]) -> list[str]:
    from states.catalog import MACHINES

    spec = MACHINES.get(cls.case_type)
    triggers = set(event_steps(cls))
    rules = [s.rule for s in spec.steps if s.trigger in triggers] if spec else []
    return list(dict.fromkeys(rules))


def event_description(cls: type[EventBase]) -> str:
    steps = event_steps(cls)
    what = (
        f"Opens a `{cls.case_type}` case"
        if cls.update is None
        else f"A step in a `{cls.case_type}` case: trigger {', '.join(f'`{t}`' for t in steps)}"
        if steps
        else f"Recorded by a `{cls.case_type}` case (Update `{cls.update}`), not a machine step"
    )
    rules = _rules(cls)
    text = what + (f" ({'; '.join(rules)})." if rules else ".")
    own = (cls.__doc__ or "").strip()
    return f"{text} {own}" if own and not own.startswith("Usage docs") else text


def _describe(schema: dict[str, Any], defs_users: dict[str, list[str]]) -> None:
    for name, model in schema["$defs"].items():
        if "description" not in model:
            if name in BY_NAME:
                model["description"] = event_description(BY_NAME[name])
            elif "enum" in model:
                model["description"] = "One of: " + ", ".join(f"`{v}`" for v in model["enum"])
            elif users := defs_users.get(name):
                model["description"] = f"The payload of {', '.join(sorted(set(users)))}."
            else:
                model["description"] = f"Part of an event: {name}."
        for field, prop in model.get("properties", {}).items():
            if "description" not in prop and field in FIELDS:
                prop["description"] = FIELDS[field]


def schema(event_type: str | None = None) -> dict[str, Any]:
    """The JSON Schema of every event (a discriminated union on `type`), or of one type with
    only the definitions it uses. Raises KeyError for an unknown type. The caller's own copy:
    it may change it."""
    if event_type is None:
        return copy.deepcopy(_full())
    if event_type not in BY_NAME:
        raise KeyError(event_type)
    return copy.deepcopy(_one(event_type))


@cache
def _full() -> dict[str, Any]:
    """The whole schema, built once: pydantic's generation takes ~0.1 s of CPU, and every
    `example` (the demo, the door tests: hundreds of events) would pay it again (issue 16)."""
    full = copy.deepcopy(raw_schema())
    events = set(BY_NAME)
    names = {k: _clean_name(k, events) for k in full["$defs"]}
    if len(set(names.values())) != len(names):
        raise RuntimeError(f"schema names collide: {names}")
    full = _rename(full, names)
    full["$defs"] = {names[k]: v for k, v in full["$defs"].items()}
    users: dict[str, list[str]] = {}
    for name in events:
        ref = full["$defs"][name]["properties"]["payload"].get("$ref", "")
        users.setdefault(ref.removeprefix("#/$defs/"), []).append(name)
    _describe(full, users)
    full["description"] = (
        "An HR event (DESIGN.md event contract): the envelope (event_id, case_id, "
        "occurred_at, actor, type) and a payload whose shape the type decides."
    )
    return full


@cache
def _one(event_type: str) -> dict[str, Any]:
    return _only(_full()["$defs"], event_type)


def _only(defs: dict[str, Any], root: str) -> dict[str, Any]:
    """One definition as a schema of its own, with the definitions it reaches."""
    seen: list[str] = []
    todo = [root]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.append(name)
        todo += re.findall(r'"#/\$defs/([^"]+)"', json.dumps(defs[name]))
    one = copy.deepcopy(defs[root])
    others = {n: defs[n] for n in sorted(seen) if n != root}
    return {**one, "$defs": others} if others else one


# -- examples ------------------------------------------------------------------------------

# Register ids from examples/org.yaml, so an example names people and units that exist.
IDS = {
    "employee_id": "emp-1",
    "concerns_employee_id": "emp-1",
    "person_id": "hr-east",
    "nearest_superior_id": "avd-oslo",
    "substitute_id": "rep-1-dep",
    "deputy_id": "rep-1-dep",
    "acting_for": "emp-2",
    "appointee": "emp-2",
    "unit_id": "oslo-prison",
    "council_id": "council-oslo-prison",
    "previous_case_id": "H-2026-0001",
    "applicant_id": "app-1",
    "doc_id": "doc-1",
    "inmate_ref": "INN-1001",
    "email": "kari.nordmann@kriminalomsorg.example",
    "birth_date": "1988-04-12",
}
# Where a model's validator ties fields together (a reaction and its months, a temporary post
# and its duration), the example takes the combination these name.
PAYLOADS: dict[str, dict[str, Any]] = {
    "DisciplineNoticeSent": {"seniority_months": 3},
    "AppealChanged": {"seniority_months": 3},
    "AppealDetrimentNoticeSent": {"seniority_months": 3},
    "VacancyRegistered": {"permanent": True, "post_kind": "fengselsbetjent"},
    "LeaveRequested": {"kind": "education", "paid": False},  # § 23 nr. 1 (welfare: a quota)
    "SecondaryWorkCouncilVoteCast": {"choice": "consent"},  # one of the outcomes, § 24
}
# The per-case seat (§ 11 nr. 3-4) is the register's nearest superior of the example employee.
PAYLOADS |= {
    f"{council}CouncilSuperiorSeated": {"person_id": "avd-oslo"}
    for council in ("Leave", "SecondaryWork", "Discipline", "DisciplineCentral",
                    "DisciplineDecidingBody", "AppealDecidingBody")
}  # fmt: skip
# Who acts in an example: the register person (examples/org.yaml) the step's guards look for,
# by the guard's name (states/ rows); anyone else is refused with the guard's rule.
ACTORS: tuple[tuple[tuple[str, ...], tuple[str, str]], ...] = (
    (("orderer",), ("rd-east", "regional_director")),
    (("nearest_leader", "errand_consent", "neglect_assess", "superior", "seat", "written",
      "deciding_body", "stand_aside"), ("leader-oslo", "unit_leader")),
    (("vote", "sign"), ("adm-oslo", "employee")),
    (("representative",), ("tv-oslo", "employee")),
    (("recommender",), ("avd-oslo", "employee")),
)  # fmt: skip
HR = ("hr-east", "hr_officer")  # HR serving the region: opens cases, records for a party


def example_actor(cls: type[EventBase]) -> tuple[str, str]:
    from states.catalog import MACHINES

    spec = MACHINES.get(cls.case_type)
    triggers = set(event_steps(cls))
    guards = [g.__name__ for s in (spec.steps if spec else []) if s.trigger in triggers
              for g in s.guards]  # fmt: skip
    for words, actor in ACTORS:
        if any(w in g for g in guards for w in words):
            return actor
    return HR


CASE_IDS = {"discipline": "D-2027-0001", "appeal": "D-2027-0001-1", "hiring": "H-2027-0001"}


class _Maker:
    def __init__(self, defs: dict[str, Any], today: date) -> None:
        self.defs, self.today = defs, today

    def value(self, name: str, node: dict[str, Any]) -> Any:
        if "$ref" in node:
            return self.value(name, self.defs[node["$ref"].removeprefix("#/$defs/")])
        if "const" in node:
            return node["const"]
        if "enum" in node:
            return node["enum"][0]
        if "default" in node and node["default"] is not None:
            return node["default"]
        if "anyOf" in node or "oneOf" in node:
            options = [
                o for o in node.get("anyOf", node.get("oneOf", [])) if o.get("type") != "null"
            ]
            return self.value(name, options[0])
        kind = node.get("type")
        if kind == "object":
            return self.obj(node)
        if kind == "array":
            return [self.value(name.rstrip("s"), node.get("items", {}))
                    for _ in range(max(1, node.get("minItems", 1)))]  # fmt: skip
        if kind == "boolean":
            return False
        if kind in ("integer", "number"):
            low = node.get("minimum", node.get("exclusiveMinimum", 0) + 1)
            return min(max(low, 1), node.get("maximum", max(low, 1)))
        return self.text(name, node)

    def text(self, name: str, node: dict[str, Any]) -> str:
        fmt = node.get("format")
        if fmt == "date-time":
            return datetime.now(UTC).replace(microsecond=0).isoformat()
        if fmt == "date":
            # a period of two weeks a month ahead (acting service: at most four, § 10 nr. 1)
            shift = 44 if name in ("end", "new_end", "granted_end", "valid_to", "last_day") else 30
            past = name.endswith("_on") or name in ("birth_date", "since")
            return (
                self.today - timedelta(days=1) if past else self.today + timedelta(shift)
            ).isoformat()
        if name in IDS:
            return IDS[name]
        if choice := re.fullmatch(r"\^\(([\w|]+)\)\$", node.get("pattern", "")):
            return choice.group(1).split("|")[0]
        if name.endswith("_ids") or name.endswith("_id"):
            return IDS.get(name.removesuffix("s"), "emp-1")
        text = FIELDS.get(name, "Eksempel").split(" (")[0].rstrip(".")
        low, high = node.get("minLength", 1), node.get("maxLength", 200)
        return (text * (1 + low // max(len(text), 1)))[:high]

    def obj(self, node: dict[str, Any]) -> dict[str, Any]:
        required = node.get("required", [])
        return {k: self.value(k, v) for k, v in node.get("properties", {}).items() if k in required}


def example(event_type: str, today: date | None = None) -> dict[str, Any]:
    """A valid event of `event_type`, generated from its model: every required field, with
    register ids from examples/org.yaml and dates around `today`. Raises KeyError."""
    one = schema(event_type)
    maker = _Maker(one.get("$defs", {}), today or date.today())
    cls = BY_NAME[event_type]
    slug = re.sub(r"(?<!^)(?=[A-Z])", "-", event_type).lower()
    return {
        "event_id": f"ex-{slug}-1",
        "type": event_type,
        "case_id": CASE_IDS.get(cls.case_type, "2027-0001"),
        "occurred_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "actor": dict(zip(("person_id", "role"), example_actor(cls), strict=True)),
        "payload": {
            **maker.value("payload", one["properties"]["payload"]),
            **PAYLOADS.get(event_type, {}),
        },
    }

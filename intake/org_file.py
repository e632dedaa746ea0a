"""Reading an organisation file (YAML or JSON) for `personalsak org load`."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from states.org import Org
from states.rules import RuleViolation


def read_org(path: Path) -> Org:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    try:
        org = Org.model_validate(data or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise RuleViolation("org file", f"{field}: {first['msg']}", field) from None
    check_references(org)
    return org


def check_references(org: Org) -> None:
    """Every id an org file refers to must be defined in it: no half-loaded organisation."""
    units = {u.unit_id for u in org.units}
    people = {p.person_id for p in org.people}
    refs: list[tuple[str, str, set[str]]] = []
    refs += [
        (f"units[{i}].region_id", u.region_id, units)
        for i, u in enumerate(org.units)
        if u.region_id
    ]
    refs += [(f"people[{i}].unit_id", p.unit_id, units) for i, p in enumerate(org.people)]
    for i, r in enumerate(org.roles):
        refs += [
            (f"roles[{i}].person_id", r.person_id, people),
            (f"roles[{i}].unit_id", r.unit_id, units),
            *((f"roles[{i}].serves", u, units) for u in r.serves),
        ]
    for i, c in enumerate(org.councils):
        refs += [(f"councils[{i}].unit_ids", u, units) for u in c.unit_ids]
        refs += [(f"councils[{i}].members", m.person_id, people) for m in c.members]
    for i, d in enumerate(org.delegations):
        refs += [
            (f"delegations[{i}].from_person_id", d.from_person_id, people),
            (f"delegations[{i}].to_person_id", d.to_person_id, people),
        ]
    for i, g in enumerate(org.designations):
        refs += [(f"designations[{i}].person_id", g.person_id, people)]
        refs += [(f"designations[{i}].unit_ids", u, units) for u in g.unit_ids]
    unions = {u.name for u in org.unions}
    refs += [
        (f"unions[{i}].confederation", u.confederation, unions)
        for i, u in enumerate(org.unions)
        if u.confederation
    ]
    for field, value, known in refs:
        if value not in known:
            raise RuleViolation("org file", f"{field}: unknown id '{value}'", field)

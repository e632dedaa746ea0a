"""A form for an action, generated from its event's payload model (intake/events.py), and the
payload read back from what the browser sent. Only the shape is decided here: every value is
judged by the same event parsing and guards at the door (intake/dispatch.py)."""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

LONG_TEXT = ("reasons", "facts", "text", "summary", "statement", "comment", "note", "reply")


@dataclass
class FormField:
    name: str
    label: str
    kind: Literal["text", "textarea", "number", "checkbox", "date", "select", "json"]
    required: bool
    choices: list[str] = field(default_factory=list)
    description: str = ""
    default: str = ""


def _plain(annotation: Any) -> tuple[Any, bool]:
    """The annotation without None, and whether None was allowed."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else annotation), True
    return annotation, False


def _pattern_choices(info: FieldInfo) -> list[str]:
    for m in info.metadata:
        pattern = getattr(m, "pattern", None)
        if pattern and (found := re.fullmatch(r"\^\(([\w|]+)\)\$", pattern)):
            return found.group(1).split("|")
    return []


def fields_of(model: type[BaseModel]) -> list[FormField]:
    out = []
    for name, info in model.model_fields.items():
        annotation, optional = _plain(info.annotation)
        required = info.is_required()
        default = "" if required or info.default in (None, "") else str(info.default)
        common = {"name": name, "label": name.replace("_", " "), "required": required,
                  "description": info.description or "", "default": default}  # fmt: skip
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            choices = [str(e.value) for e in annotation]
            out.append(FormField(kind="select", choices=choices, **common))
        elif typing.get_origin(annotation) is Literal:
            choices = [str(a) for a in typing.get_args(annotation)]
            out.append(FormField(kind="select", choices=choices, **common))
        elif annotation is bool:
            out.append(FormField(kind="checkbox", **common))
        elif annotation is int:
            out.append(FormField(kind="number", **common))
        elif annotation is date:
            out.append(FormField(kind="date", **common))
        elif annotation is str and (choices := _pattern_choices(info)):
            out.append(FormField(kind="select", choices=choices, **common))
        elif annotation is str:
            long = any(word in name for word in LONG_TEXT)
            out.append(FormField(kind="textarea" if long else "text", **common))
        else:  # lists and nested models: written as JSON
            out.append(FormField(kind="json", **common))
        del optional
    return out


def payload_from(
    model: type[BaseModel], form: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The payload the form's values make, and the fields that could not be read (by name).
    A blank optional field is left out, so the model's default applies."""
    payload: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in fields_of(model):
        raw = form.get(f.name, "")
        if f.kind == "checkbox":
            payload[f.name] = raw in ("on", "true", "1")
            continue
        if raw.strip() == "":
            if f.required:
                payload[f.name] = "" if f.kind in ("text", "textarea") else None
            continue
        if f.kind == "number":
            try:
                payload[f.name] = int(raw)
            except ValueError:
                errors[f.name] = "skriv et heltall"
        elif f.kind == "json":
            try:
                payload[f.name] = json.loads(raw)
            except json.JSONDecodeError as exc:
                errors[f.name] = f"ikke gyldig JSON: {exc.msg}"
        else:
            payload[f.name] = raw
    return payload, errors

"""Letters in bokmål from Jinja2 templates (activities/templates/)."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates"

_MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def norwegian_date(value: date | str) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day}. {_MONTHS[day.month - 1]} {day.year}"


@cache
def _env() -> Any:
    """Jinja2's environment, made on the first letter: every CLI call imports this module
    (through the workflows' definitions) and most write no letter (issue 15)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,  # a missing field is an error, never a blank in a letter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dato"] = norwegian_date
    return env


def render(template: str, context: dict[str, Any]) -> str:
    return _env().get_template(f"{template}.txt.j2").render(**context)

"""Shared machinery: a case machine built from rule rows.

Every case type declares its transitions once, as `Step` rows with the citation
that allows the step and the guards that can refuse it. `CaseMachine` wraps the
synchronous `transitions.Machine` (no side effects in callbacks: the workflow
runs activities after a transition) and keeps the legal trail (`history`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel
from transitions import Machine, State

from states.rules import RuleViolation

# A guard gets the case and the action's data and raises RuleViolation to refuse.
Guard = Callable[[Any, dict[str, Any]], None]
# A condition routes between rows of the same trigger (no refusal, just "not this row").
Condition = Callable[[Any], bool]


@dataclass(frozen=True)
class Step:
    trigger: str
    source: str | tuple[str, ...]
    dest: str
    rule: str
    guards: tuple[Guard, ...] = ()
    when: tuple[Condition, ...] = ()
    label: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else self.source


class Actor(BaseModel):
    person_id: str
    role: str


SYSTEM = Actor(person_id="system", role="system")


class HistoryEntry(BaseModel):
    trigger: str
    source: str
    dest: str
    rule: str
    actor: Actor
    at: datetime
    on_behalf_of: str | None = None
    event_id: str | None = None
    note: str | None = None
    sender: str | None = None  # who sent the event through the door (system:, person:, cli:)


@dataclass
class MachineSpec:
    """A case type's machine: its states, rows and which states end the case."""

    name: str
    states: Sequence[str]
    initial: str
    final: frozenset[str]
    steps: Sequence[Step]
    # The rule that forbids a trigger before its time, where that is not the row's own rule
    # (e.g. no disciplinary decision before the advance notice: fvl § 16).
    preconditions: dict[str, str] = field(default_factory=dict)

    def triggers(self) -> list[str]:
        return list(dict.fromkeys(s.trigger for s in self.steps))

    def rows(self, trigger: str) -> list[Step]:
        return [s for s in self.steps if s.trigger == trigger]

    def mermaid(self) -> str:
        """The state diagram: transitions' own mermaid output from the same rows (docs/)."""
        from transitions.extensions import GraphMachine

        class _Model:
            pass

        model = _Model()
        GraphMachine(
            model=model,
            states=list(self.states),
            transitions=[
                {"trigger": s.trigger, "source": list(s.sources), "dest": s.dest}
                for s in self.steps
            ],
            initial=self.initial,
            auto_transitions=False,
            graph_engine="mermaid",
            title=f"{self.name} (rules per row in the table below)",
        )
        return str(model.get_graph().draw(None)).rstrip() + "\n"  # type: ignore[attr-defined]

    def document(self, events: Mapping[str, Sequence[str]] | None = None) -> str:
        """The machine as Markdown: its diagram and rows; with `events` (trigger -> the event
        types that fire it, intake/learn.py), each trigger's events beside it."""
        events = events or {}

        def fired_by(trigger: str) -> str:
            return ", ".join(f"`{e}`" for e in events.get(trigger, ())) or "— (the case itself)"

        rows = "\n".join(
            f"| `{s.trigger}` | {fired_by(s.trigger)} | {', '.join(s.sources)} | {s.dest} | "
            f"{s.rule} | "
            f"{', '.join(c.__name__.strip('_') for c in s.when) or '—'} | "
            f"{', '.join(g.__name__.strip('_') for g in s.guards) or '—'} |"
            for s in self.steps
        )
        return (
            f"# The {self.name} machine\n\n"
            "Generated from the rule rows in `states/` by `personalsak docs`; "
            "a test fails when this file is stale. `personalsak event example EVENT` prints a "
            "valid example of each event type.\n\n"
            f"```mermaid\n{self.mermaid()}```\n\n"
            "| trigger | event | from | to | rule | when | guards |\n"
            "| --- | --- | --- | --- | --- | --- | --- |\n"
            f"{rows}\n"
        )


class _State(State):
    """A state named by a string, as all of ours are: its name without transitions' check for
    an Enum, and no `on_enter_<state>` methods looked for on the model (none are used). Inside
    the workflow sandbox every `isinstance` goes through its wrapper, so building a case's
    machine cost ~10 x what it does outside (issue 16, bench/where_time_goes.py)."""

    dynamic_methods: ClassVar[list[str]] = []

    @property
    def name(self) -> str:
        return str(self._name)


class _Machine(Machine):
    state_cls = _State


@dataclass
class CaseMachine:
    """Runs a MachineSpec for one case. `case` is the object guards and conditions read."""

    spec: MachineSpec
    case: Any
    state: str = ""
    history: list[HistoryEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.state:
            self.state = self.spec.initial
        self._machine = _Machine(
            model=self,
            states=list(self.spec.states),
            initial=self.state,
            auto_transitions=False,
            send_event=False,
            model_attribute="state",
        )
        # A trigger's rows go into the machine when the case first checks that trigger: the
        # same rows, so the same answers, without building all of them for every case (a
        # disciplinary case has 131 rows and takes a few; bench/overhead.py, issue 16).
        self._triggers: set[str] = set()

    def _add_rows(self, trigger: str) -> None:
        if trigger in self._triggers:
            return
        self._triggers.add(trigger)
        for step in self.spec.rows(trigger):
            self._machine.add_transition(
                step.trigger,
                list(step.sources),
                step.dest,
                conditions=[self._condition(c) for c in step.when],
            )

    def _condition(self, cond: Condition) -> Callable[[], bool]:
        return lambda: cond(self.case)

    @property
    def is_final(self) -> bool:
        return self.state in self.spec.final

    def select(self, trigger: str) -> Step:
        """The row that `trigger` would take now, or a RuleViolation naming its rule."""
        rows = self.spec.rows(trigger)
        if not rows:
            raise RuleViolation("event contract (DESIGN.md)", f"unknown action '{trigger}'")
        here = [r for r in rows if self.state in r.sources]
        if not here:
            allowed = sorted({s for r in rows for s in r.sources})
            raise RuleViolation(
                self.spec.preconditions.get(trigger, rows[0].rule),
                f"'{trigger}' is not possible in state '{self.state}' "
                f"(only in: {', '.join(allowed)})",
            )
        for row in here:
            if all(cond(self.case) for cond in row.when):
                return row
        raise RuleViolation(here[0].rule, f"'{trigger}' does not apply to this case now")

    def check(
        self,
        trigger: str,
        data: dict[str, Any] | None = None,
        passed_over: tuple[type[Exception], ...] = (),
    ) -> Step:
        """Validate without changing anything: the update validators call this, and so does
        the work queue (states/tasks.py), which passes over (`passed_over`) a guard that stops
        at content not yet written: one computation for the offer and the door (issue 15)."""
        row = self.select(trigger)
        self._add_rows(trigger)
        if not getattr(self, f"may_{trigger}")():
            raise RuleViolation(row.rule, f"'{trigger}' is not possible now")
        for guard in row.guards:
            try:
                guard(self.case, data or {})
            except passed_over:
                continue
        return row

    def fire(
        self,
        trigger: str,
        *,
        actor: Actor,
        at: datetime,
        data: dict[str, Any] | None = None,
        rule: str | None = None,
        on_behalf_of: str | None = None,
        event_id: str | None = None,
        note: str | None = None,
    ) -> HistoryEntry:
        row = self.check(trigger, data)
        source = self.state
        getattr(self, trigger)()
        entry = HistoryEntry(
            trigger=trigger,
            source=source,
            dest=self.state,
            rule=rule or row.rule,
            actor=actor,
            at=at,
            on_behalf_of=on_behalf_of,
            event_id=event_id,
            note=note,
        )
        self.history.append(entry)
        return entry

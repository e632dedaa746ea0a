"""Every case type's machine, by case type: diagrams and coverage checks read this."""

import importlib
import pkgutil

import states
from states.acting import ACTING_SERVICE
from states.appeals import APPEAL
from states.central_council import CENTRAL_COUNCIL
from states.council import Collegial
from states.discipline import DISCIPLINE
from states.duties import DutySpec
from states.employment import CERTIFICATE, EXIT_INTERVIEW, SECONDARY_WORK
from states.hiring import HIRING
from states.leave import LEAVE
from states.machine import MachineSpec
from states.representatives import REPRESENTATIVE_TERM
from states.service_instruction import ERRAND, GIFT, RELATION, REPORT

DUTIES: dict[str, DutySpec] = {
    spec.case_type: spec
    for spec in (
        REPORT,
        GIFT,
        RELATION,
        ERRAND,
        SECONDARY_WORK,
        CERTIFICATE,
        EXIT_INTERVIEW,
        REPRESENTATIVE_TERM,
        DISCIPLINE,
        APPEAL,
        HIRING,
        CENTRAL_COUNCIL,
        ACTING_SERVICE,
    )
}
MACHINES: dict[str, MachineSpec] = {LEAVE.name: LEAVE} | {
    name: spec.machine for name, spec in DUTIES.items()
}


def _collegials() -> tuple[Collegial, ...]:
    """Every council of the catalogue (states/council.py `Collegial`): each case type's own
    (`DutySpec.council`) and every one a states module names (a second council matter, e.g.
    the deciding council's `matter_` rows, the appeal's `first_` ones). fvl § 18 a: the party's
    lens hides all their rows and sittings, so a new council can't leak (issue 15 review H2)."""
    found: dict[int, Collegial] = {
        id(s.council): s.council for s in DUTIES.values() if s.council is not None
    }
    for info in pkgutil.iter_modules(states.__path__):
        module = importlib.import_module(f"states.{info.name}")
        found.update({id(v): v for v in vars(module).values() if isinstance(v, Collegial)})
    return tuple(found.values())


COLLEGIALS = _collegials()

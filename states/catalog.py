"""Every case type's machine, by case type: diagrams and coverage checks read this."""

from states.acting import ACTING_SERVICE
from states.appeals import APPEAL
from states.central_council import CENTRAL_COUNCIL
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

"""Every case type's machine, by case type: diagrams and coverage checks read this."""

from states.leave import LEAVE
from states.machine import MachineSpec

MACHINES: dict[str, MachineSpec] = {LEAVE.name: LEAVE}

"""Every case type's workflow class, by case type (worker and intake read this)."""

from typing import Any

from workflows.central_council import CentralCouncilCase
from workflows.discipline import AppealCase, DisciplinaryCase
from workflows.duties import (
    ActingServiceCase,
    CertificateCase,
    ErrandCase,
    ExitInterviewCase,
    GiftCase,
    RelationCase,
    ReportCase,
    RepresentativeTermCase,
    SecondaryWorkCase,
)
from workflows.hiring import HiringCase
from workflows.leave import LeaveCase

WORKFLOWS: dict[str, Any] = {
    "leave": LeaveCase,
    **{
        c.spec.case_type: c
        for c in (ReportCase, GiftCase, RelationCase, ErrandCase, SecondaryWorkCase,
                  CertificateCase, ExitInterviewCase, RepresentativeTermCase, DisciplinaryCase,
                  AppealCase, HiringCase, CentralCouncilCase, ActingServiceCase)
    },
}  # fmt: skip

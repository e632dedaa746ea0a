"""Issue 11: a leader acts only for what they lead (states/authority.py `Grants.heads`, from the
register): the unit leader for their unit, the regional director for the units of their
region, the KSF leader for the service. Before, any holder of a leader role acted anywhere."""

from __future__ import annotations

from pathlib import Path

from temporalio.client import Client

from activities.store import Store
from tests.helpers import event
from tests.security.sending import As, case_id, snapshot, view
from tests.workflows.test_hiring import HR, LEADER, vacancy

KRUS_DIRECTOR = ("krus-dir", "krus_director")
REGIONAL_DIRECTOR = ("rd-east", "regional_director")
SALARY = {"salary": "Lønnstrinn 40", "draft_text": "Fengselsbetjent"}


async def test_a_unit_leader_opens_no_disciplinary_case_outside_their_unit(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """TI-2020 § 2-5: "enhetsleder må vurdere" -- the leader of Oslo fengsel heads Oslo fengsel,
    not KRUS: they open no disciplinary case against a KRUS lecturer. Nothing is created."""
    send = As(client, worker, register, "system:hr-test")
    case = case_id("SEC-LEAD")
    opening = {"employee_id": "krus-emp", "summary": "Ulåst dør"}
    refusal = await send.refused(event("DisciplinaryCaseOpened", case, opening, *LEADER.values()))
    assert (refusal.rule, refusal.field) == ("TI-2020 § 2-5", "actor.role")
    assert "krus" in refusal.message
    wid = f"discipline-{case}"
    assert await view(client, wid) is None and register.case(wid) is None
    assert await snapshot(client, register, mail_dir, wid) == (None, None, [], [], [], [])
    # Over their own unit they do (the control: the refusal is the unit, not the role).
    ok = {"employee_id": "emp-2", "summary": "Ulåst dør"}
    own = await send.send(event("DisciplinaryCaseOpened", case + "-own", ok, *LEADER.values()))
    assert own["status"] == "accepted"


async def test_a_director_registers_no_vacancy_outside_what_they_lead(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """PR-2012 § 4 nr. 1 (the service announces): the KRUS director heads KRUS, the regional
    director of region øst its units -- not Oslo fengsel, not KRUS, respectively."""
    send = As(client, worker, register, "system:hr-test")
    for (person, role), unit in ((KRUS_DIRECTOR, "oslo-prison"), (REGIONAL_DIRECTOR, "krus")):
        case = case_id("SEC-VAC")
        superior = "krus-dir" if unit == "krus" else "avd-oslo"
        post = vacancy(unit_id=unit, nearest_superior_id=superior)
        refusal = await send.refused(event("VacancyRegistered", case, post, person, role))
        assert (refusal.rule, refusal.field) == ("PR-2012 § 4 nr. 1", "actor.role"), person
        wid = f"hiring-{case}"
        assert await snapshot(client, register, mail_dir, wid) == (None, None, [], [], [], [])
    # The KSF leader heads the whole service.
    central = await send.send(
        event("VacancyRegistered", case_id("SEC-VAC"), vacancy(), "kdi-dir", "ksf_leader")
    )
    assert central["status"] == "accepted"


async def test_a_director_takes_no_administration_step_for_another_units_post(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """PR-2012 § 4 nr. 1 and § 5 nr. 6: the KRUS director may not tell Oslo fengsel's
    tillitsvalgte a post's salary (the case does not move); Oslo fengsel's leader may."""
    send = As(client, worker, register, "system:hr-test")
    case = case_id("SEC-ADM")
    await send.send(event("VacancyRegistered", case, vacancy(), *HR.values()))
    wid = f"hiring-{case}"
    before = await snapshot(client, register, mail_dir, wid)
    refusal = await send.refused(event("SalaryInformationGiven", case, SALARY, *KRUS_DIRECTOR))
    assert (refusal.rule, refusal.field) == ("PR-2012 § 4 nr. 1", "actor.role")
    assert await snapshot(client, register, mail_dir, wid) == before
    done = await send.send(event("SalaryInformationGiven", case, SALARY, *LEADER.values()))
    assert done["status"] == "accepted"

"""Issue 12, disc8: the § 11 nr. 3-4 seat when the register names no usable nearest superior.
On the time-skipping server with exact dates in May 2053 (after
test_discipline_review_voted_appeal.py's April; the test server's clock only moves forward)."""

from __future__ import annotations

from datetime import date

import pytest
from temporalio.testing import WorkflowEnvironment

from activities.store import Store
from intake.org_file import read_org
from states.org import Superior
from tests.conftest import EXAMPLES
from tests.helpers import Sender, convene_main
from tests.workflows.test_discipline import DECISION, LEADER, to_deliberation, view
from tests.workflows.test_discipline_review_sitting import Dated

SUPERIOR = "PR-2012 § 11 nr. 3"


def member(person_id: str) -> dict[str, str]:
    return {"person_id": person_id, "role": "employee"}


def vote(months: int = 1) -> dict[str, object]:
    return {"choice": "ordensstraff", "seniority_months": months, "reasons": "Alvorlig brudd."}


@pytest.fixture
def dated(env: WorkflowEnvironment, send: Sender, monkeypatch: pytest.MonkeyPatch) -> Dated:
    return Dated(env, send, monkeypatch)


def _with_superiors(register: Store, superiors: list[Superior]) -> None:
    """The example register with emp-2's nearest superiors replaced."""
    org = read_org(EXAMPLES / "org.yaml")
    people = [p.model_copy(update={"superiors": superiors}) if p.person_id == "emp-2" else p
              for p in org.people]  # fmt: skip
    register.load_org(org.model_copy(update={"people": people}))


async def test_no_usable_nearest_superior_leaves_the_seat_empty(
    send: Sender, register: Store, dated: Dated
) -> None:
    """PR-2012 § 11 nr. 3: "Tilsettingsrådet for øvrige tjenestemenn ved lokal enhet skal bestå
    av: Leder for enheten (rådets leder), Nærmest foresatte, ..."; § 11 nr. 5: "Stedfortredere
    for administrasjonens faste representanter er de personene som normalt fungerer i
    stillingene"; § 13 nr. 3: "Rådet er beslutningsdyktig om minst halvparten av medlemmene
    deltar". The register names leader-oslo, who leads the council, as emp-2's nearest superior
    (Mon 2053-05-05): one person holds one seat; nobody is seated in the superior's seat, the
    council votes as the four members who sit, one vote of four is no quorum, two are, and the
    protocol shows four members. The same holds on Tue 05-06 when the register names nobody."""
    try:
        _with_superiors(register, [Superior(person_id="leader-oslo")])
        await dated.to(date(2053, 5, 5))  # Monday
        await to_deliberation(send, "WS-1")
        twice = await dated.refused("DisciplineCouncilSuperiorSeated", "WS-1",
                                    {"person_id": "leader-oslo"}, LEADER)  # fmt: skip
        assert (twice.rule, twice.field) == (SUPERIOR, "payload.person_id")
        assert "sits in" in twice.message and "stays empty" in twice.message
        other = await dated.refused("DisciplineCouncilSuperiorSeated", "WS-1",
                                    {"person_id": "avd-oslo"}, LEADER)  # fmt: skip
        assert (other.rule, other.field) == (SUPERIOR, "payload.person_id")
        await convene_main(send, "WS-1", {"ordensstraff"})  # § 13 nr. 1-2: in writing
        await dated.act("CouncilVoteCast", "WS-1", vote(), member("leader-oslo"))
        await dated.act("DisciplineCouncilProtocolSigned", "WS-1", {}, member("leader-oslo"))
        one = await dated.refused("DisciplineDecided", "WS-1", DECISION, LEADER)
        assert (one.rule, one.field) == ("PR-2012 § 13 nr. 3", "votes")
        assert "1 of 4 members" in one.message  # the empty seat is not a member who sits
        await dated.act("CouncilVoteCast", "WS-1", vote(), member("adm-oslo"))
        await dated.act("DisciplineCouncilProtocolSigned", "WS-1", {}, member("leader-oslo"))
        await dated.act("DisciplineCouncilProtocolSigned", "WS-1", {}, member("adm-oslo"))
        await dated.act("DisciplineDecided", "WS-1", DECISION, LEADER)
        protocol = (await view(send, "discipline-WS-1")).details["main"]["protocol"]
        assert protocol["members"] == ["leader-oslo", "adm-oslo", "rep-1", "rep-2"]

        _with_superiors(register, [Superior(person_id="avd-oslo", valid_to=date(2053, 5, 5))])
        await dated.to(date(2053, 5, 6))  # Tuesday: the register names nobody from today
        await to_deliberation(send, "WS-2")
        nobody = await dated.refused("DisciplineCouncilSuperiorSeated", "WS-2",
                                     {"person_id": "avd-oslo"}, LEADER)  # fmt: skip
        assert (nobody.rule, nobody.field) == (SUPERIOR, "payload.person_id")
        assert "names no nearest superior" in nobody.message
        await convene_main(send, "WS-2", {"ordensstraff"})  # § 13 nr. 1-2: in writing
        for m in ("leader-oslo", "adm-oslo"):
            await dated.act("CouncilVoteCast", "WS-2", vote(), member(m))
        for m in ("leader-oslo", "adm-oslo"):
            await dated.act("DisciplineCouncilProtocolSigned", "WS-2", {}, member(m))
        await dated.act("DisciplineDecided", "WS-2", DECISION, LEADER)
        assert (await view(send, "discipline-WS-2")).details["reaction"] == "ordensstraff"
    finally:
        register.load_org(read_org(EXAMPLES / "org.yaml"))

"""Reading cases: an HR system reads what its key's scope names, a person what the register
gives them a ground for; every allowed read is in the access log with its ground, a refused one
does no work and writes nothing (tests/security/test_read_side.py).

404 for a case the caller may not read, the same answer as for no case (docs/legal-choices.md:
the existence of a disciplinary case is itself personal data, fvl § 13 / GDPR art. 5)."""

from __future__ import annotations

from datetime import date

import httpx
from temporalio.client import Client

from activities.store import Store
from tests.helpers import Sender, leave_request
from tests.security.conftest import Mint, bearer, key, open_discipline, reads


async def test_a_gift_only_key_cannot_read_a_disciplinary_case(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store
) -> None:
    await open_discipline(client, worker, register, "SEC-D-1")
    gifts = key(register, send=["GiftReported"], types=["gift"], units=["*"])
    r = await door.get("/cases/SEC-D-1", headers=gifts)
    assert r.status_code == 404 and "SEC-D-1" in r.json()["error"]
    assert "emp-2" not in r.text and "Celledør" not in r.text
    assert reads(register, "SEC-D-1") == []
    # The same key with the case type in scope reads it, and that read is logged too.
    hr = key(register, send=["GiftReported"], types=["discipline"], units=["oslo-prison"])
    ok = await door.get("/cases/SEC-D-1", headers=hr)
    assert ok.status_code == 200 and ok.json()["case_type"] == "discipline"
    assert reads(register, "discipline-SEC-D-1")[-1].ground == "api key scope"


async def test_a_key_scoped_to_a_unit_cannot_read_another_units_case(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store
) -> None:
    await open_discipline(client, worker, register, "SEC-D-2")  # Oslo prison
    probation = key(register, send=["*"], types=["*"], units=["oslo-probation"])
    assert (await door.get("/cases/SEC-D-2", headers=probation)).status_code == 404
    assert reads(register, "SEC-D-2") == []


async def test_a_person_with_no_part_in_a_case_cannot_read_it(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """krus-emp works at KRUS: no party, no council seat, no role over Oslo prison."""
    await open_discipline(client, worker, register, "SEC-D-3")
    r = await door.get("/cases/SEC-D-3", headers=bearer(mint("krus-emp")))
    assert r.status_code == 404 and "Celledør" not in r.text
    assert reads(register, "SEC-D-3") == []


async def test_the_party_the_leader_and_the_council_read_theirs(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """The employee the case is about (a party, fvl § 2 e), the unit's leader, a
    deputy on the unit's appointment council (PR-2012 § 11 nr. 3) and the region's HR officer."""
    await open_discipline(client, worker, register, "SEC-D-4")
    for person, ground in (
        ("emp-2", "party"),
        ("leader-oslo", "unit leader"),
        ("rep-1-dep", "council member"),
        ("hr-east", "hr for unit"),
        ("rd-east", "regional director"),
    ):
        r = await door.get("/cases/SEC-D-4", headers=bearer(mint(person)))
        assert r.status_code == 200, (person, r.text)
        assert r.json()["case_id"] == "SEC-D-4"
        assert reads(register, "SEC-D-4")[-1].reader == person
        assert reads(register, "SEC-D-4")[-1].ground == ground


async def test_a_person_unknown_to_the_register_is_refused(
    door: httpx.AsyncClient, mint: Mint
) -> None:
    r = await door.get("/cases/SEC-D-4", headers=bearer(mint("nobody-7")))
    assert r.status_code == 403 and "register" in r.json()["error"]


async def test_a_council_seat_gives_no_ground_to_read_a_colleagues_leave(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """A welfare leave is decided by the regional director (PR-2012 § 22), not the council: an
    employees' representative on Oslo prison's council reads no colleague's leave there."""
    ev = leave_request("SEC-L-1", date(2040, 5, 2), date(2040, 5, 3), employee="emp-1")
    await Sender(client, worker, register).send(ev)
    r = await door.get("/cases/SEC-L-1?type=leave", headers=bearer(mint("rep-1")))
    assert r.status_code == 404 and "Begravelse" not in r.text
    assert reads(register, "SEC-L-1") == []
    own = await door.get("/cases/SEC-L-1?type=leave", headers=bearer(mint("emp-1")))
    assert own.status_code == 200

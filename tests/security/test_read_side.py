"""The read side as a lawyer and an attacker found it (issue 11, review of the reads): each test
makes the attack, asserts the refusal, and that nothing leaked and nothing was logged wrongly.

- an applicant read the whole appointment case as a "party" (fvl § 3 second paragraph)
- a council seat read the cases of another council, and a per-case seat read forever
- reads did work (a workflow query per case type, a log row) before deciding; listings had no cap
- the local codec session travelled in a URL
- a case with no unit matched every unit leader
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads
from temporalio.client import Client
from temporalio.converter import WorkflowSerializationContext
from temporalio.testing import WorkflowEnvironment

from activities.store import AccessRegister, Store
from intake import cases
from intake.access import Caller, CaseFacts, Reader, leads
from intake.codec import EncryptionCodec, parse_keys
from intake.org_file import read_org
from states.calendar import add_working_days
from tests.conftest import EXAMPLES
from tests.helpers import OSLO_SEATS, Sender, applicant, convene_in_writing, step
from tests.security.conftest import Mint, bearer, key, reads
from tests.workflows.test_hiring import (
    HR,
    LEADER,
    SUPERIOR,
    announced,
    member,
    sign,
    sleep_until,
    state_is,
    today,
)

SECRET = Payload(metadata={"encoding": b"json/plain"}, data=b'{"note": "hemmelig"}')


def sealed_for(workflow_id: str) -> str:
    codec = EncryptionCodec(parse_keys(os.environ["PERSONALSAK_CODEC_KEYS"]))
    bound = codec.with_context(WorkflowSerializationContext("default", workflow_id))
    return json_format.MessageToJson(Payloads(payloads=[bound.encrypt(SECRET)]))


def still_encrypted(response: httpx.Response) -> bool:
    meta = response.json()["payloads"][0]["metadata"]["encoding"]
    return base64.b64decode(meta) == b"binary/encrypted"


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """Every read of a case's view the door makes (the read model, or with `live` the
    workflow's query): (case id, case type)."""
    made: list[tuple[str, str | None]] = []
    real = cases.show

    async def counted(
        client: Client, case_id: str, case_type: str | None = None, *args: Any, **kw: Any
    ) -> Any:
        made.append((case_id, case_type))
        return await real(client, case_id, case_type, *args, **kw)

    monkeypatch.setattr(cases, "show", counted)
    return made


# -- 1. an applicant reads their own application, the public list and their decision ---------

APPLICANTS = {
    "sx-1": ("female", {"exemption_requested": True, "exemption_reason": "Arbeidsgiver vet ikke"}),
    "sx-2": ("male", {}),
    "sx-3": ("female", {}),
}


async def decided_hiring(send: Sender, env: WorkflowEnvironment, case: str) -> None:
    """A post at Oslo fengsel decided by its council: sx-1 was granted exemption from the public
    list, sx-3 ranked first and appointed, with votes and reasons in the protocol."""
    on = await announced(send, env, case)
    for a, (gender, extra) in APPLICANTS.items():
        application = applicant(a, gender, education=f"Utdanning {a}", experience=f"Erfaring {a}")
        await step(send, "ApplicationReceived", case, application | extra, member(a, "applicant"))
    await sleep_until(env, on + timedelta(days=22))
    assert await state_is(send, case, "applications_closed")
    ids = list(APPLICANTS)
    await step(send, "QualificationsAssessed", case, {"qualified": ids}, HR)
    exemption = {"granted": ["sx-1"], "reasons": "Vernet etter offentleglova § 25"}
    await step(send, "ListExemptionsDecided", case, exemption, HR)
    await step(send, "PublicApplicantListPublished", case, {"comment": "v1"}, HR)
    await step(send, "InterviewsPlanned", case, {"interviewees": ids, "reasons": "Alle."}, HR)
    for a in ids:
        await step(send, "InterviewHeld", case, {"applicant_id": a, "participants": ["avd-oslo"]},
                   HR)  # fmt: skip
    ranked = {"ranked": ["sx-3", "sx-1", "sx-2"], "reasons": "Rangert etter intervju RKX."}
    await step(send, "RecommendationGiven", case, ranked, SUPERIOR)
    meeting = add_working_days(await today(env), 3, name="m", rule="").due
    papers = {"procedure": "meeting", "meeting_on": meeting.isoformat()}
    await step(send, "CouncilDocumentsDistributed", case, papers, LEADER)
    await sleep_until(env, meeting)
    vote = {"applicant_id": "sx-3", "reasons": "Sterkest faglig VTX."}
    for m in (LEADER, SUPERIOR, member("adm-oslo")):
        await step(send, "HiringVoteCast", case, vote, m)
    await sign(send, case, "leader-oslo", "avd-oslo", "adm-oslo")
    await step(send, "CouncilDecided", case, {"reasons": "Enstemmig.", "special_terms": ""}, LEADER)


async def test_an_applicant_sees_only_their_own_application_the_public_list_and_the_decision(
    door: httpx.AsyncClient, send: Sender, env: WorkflowEnvironment, register: Store, mint: Mint
) -> None:
    """fvl § 3 second paragraph: in appointment cases (tilsettingssaker) fvl §§ 18-19 do not
    apply; the applicant sees the public applicant list (offentleglova § 25, PR-2012 § 7 nr. 2,
    without those granted exemption), their own application and the decision about them."""
    case = "SEC-RH-1"
    await decided_hiring(send, env, case)

    r = await door.get(f"/cases/{case}", headers=bearer(mint("sx-2")))
    assert r.status_code == 200, r.text
    seen, text = r.json(), r.text
    assert seen["parties"] == [{"person_id": "sx-2", "role": "applicant"}]
    own = seen["details"]["own_application"]
    assert (own["name"], own["education"]) == ("Bjørn Fjeld", "Utdanning sx-2")
    assert seen["details"]["decision"]["outcome"] == "not appointed"
    [public] = seen["details"]["public_applicant_list"]
    assert "Cecilie Moen" in public["text"] and "Antall søkere: 3" in public["text"]
    # Nothing of the others beyond the public list; no assessment, ranking, vote or protocol.
    for other in ("Astrid Berg", "sx-1", "sx-3", "Utdanning sx-3", "Erfaring sx-1",
                  "Arbeidsgiver vet ikke", "Vernet etter", "RKX", "VTX", "Enstemmig"):  # fmt: skip
        assert other not in text, other
    for hidden in ("votes", "recommendation", "protocol", "interviewees", "qualified", "left_off"):
        assert hidden not in seen["details"]
    assert seen["councils"] == []
    # The appointee learns the same way that the decision is theirs.
    appointee = await door.get(f"/cases/{case}", headers=bearer(mint("sx-3")))
    assert appointee.json()["details"]["decision"]["outcome"] == "appointed"
    assert "VTX" not in appointee.text and "Astrid Berg" not in appointee.text
    # The exempted applicant is on no list the others get; they see their own request.
    exempted = (await door.get(f"/cases/{case}", headers=bearer(mint("sx-1")))).json()
    assert exempted["details"]["own_application"]["left_off_public_list"] is True
    # Each read logged once, on the applicant's ground; the HR officer still sees everything.
    assert [(x.reader, x.ground, x.channel) for x in reads(register, case)] == [
        ("sx-2", "applicant", "api"), ("sx-3", "applicant", "api"), ("sx-1", "applicant", "api"),
    ]  # fmt: skip
    full = await door.get(f"/cases/{case}", headers=bearer(mint("hr-east")))
    assert "VTX" in full.text and full.json()["details"]["votes"]


async def test_an_applicant_decodes_nothing_of_the_appointment_case(
    door: httpx.AsyncClient, send: Sender, env: WorkflowEnvironment, register: Store, mint: Mint
) -> None:
    """The raw history holds every applicant's data: the codec endpoint cannot reduce it to the
    applicant's view (fvl § 3 second paragraph), so an applicant gets no decode, and no row."""
    case = "SEC-RH-2"
    on = await announced(send, env, case)
    await step(send, "ApplicationReceived", case, applicant("sx-2", "male"),
               member("sx-2", "applicant"))  # fmt: skip
    assert on
    r = await door.post(
        "/codec/decode", content=sealed_for(f"hiring-{case}"), headers=bearer(mint("sx-2"))
    )
    assert r.status_code == 200 and still_encrypted(r)
    assert reads(register, case) == []


# -- 2. a council reads exactly the cases it decides --------------------------------------------


async def test_a_seat_on_another_council_of_the_unit_reads_nothing(
    door: httpx.AsyncClient, send: Sender, register: Store, mint: Mint,
    queries: list[tuple[str, str | None]],
) -> None:  # fmt: skip
    """PR-2012 § 10 nr. 2: the unit leader's post belongs to the region's council for leaders,
    not to the prison's own council: an employees' representative there (rep-1) does not read
    a disciplinary case about their own leader. Refused on the register: no query, no row."""
    opened = {"employee_id": "leader-oslo", "summary": "Manglende oppfølging LDX."}
    await step(send, "DisciplinaryCaseOpened", "SEC-RC-1", opened,
               {"person_id": "hr-east", "role": "hr_officer"})  # fmt: skip
    r = await door.get("/cases/SEC-RC-1", headers=bearer(mint("rep-1")))
    assert r.status_code == 404 and "LDX" not in r.text
    assert queries == [] and reads(register, "SEC-RC-1") == []
    # The council that decides for a leader's post reads it, confirmed against the view.
    ok = await door.get("/cases/SEC-RC-1", headers=bearer(mint("ad-east")))
    assert ok.status_code == 200
    assert ok.json()["councils"][0]["council_id"] == "council-east-leaders"
    assert [(x.reader, x.ground) for x in reads(register, "SEC-RC-1")] == [
        ("ad-east", "council member")
    ]

    # Listings likewise: the region's council lists it, the prison's council does not.
    def listed(r: httpx.Response) -> set[str]:
        return {row["workflow_id"] for row in r.json()}

    params = {"type": "discipline"}
    assert "discipline-SEC-RC-1" in listed(
        await door.get("/cases", params=params, headers=bearer(mint("ad-east")))
    )
    assert "discipline-SEC-RC-1" not in listed(
        await door.get("/cases", params=params, headers=bearer(mint("rep-1")))
    )


@pytest.fixture
def org_restored(register: Store) -> Iterator[None]:
    yield
    register.load_org(read_org(EXAMPLES / "org.yaml"))


async def test_a_per_case_seat_ends_with_the_decision_and_a_replaced_member_reads_no_more(
    door: httpx.AsyncClient, send: Sender, register: Store, mint: Mint, org_restored: None
) -> None:
    """PR-2012 § 11 nr. 3: the employee's nearest superior sits per case; once the council has
    decided (§ 13 nr. 4: the protocol) that seat gives no read. A member the register no longer
    seats reads none of the council's cases; their successor reads them (§ 24 consent)."""
    case, post = "SEC-RC-2", {"employee_id": "emp-1", "kind": "private_post",
                              "description": "Vekter", "hours_per_month": 10,
                              "affects_service": False}  # fmt: skip
    await step(send, "SecondaryWorkNotified", case, post, member("emp-1"))
    await step(send, "SecondaryWorkCouncilSuperiorSeated", case, {"person_id": "avd-oslo"}, LEADER)
    await convene_in_writing(send, case, "SecondaryWork", "leader-oslo", OSLO_SEATS)  # § 13
    for m in ("leader-oslo", "avd-oslo", "adm-oslo"):
        vote = {"choice": "consent", "reasons": "Greit"}
        await step(send, "SecondaryWorkCouncilVoteCast", case, vote, member(m))
    sitting = await door.get(f"/cases/{case}?type=secondary_work", headers=bearer(mint("avd-oslo")))
    assert sitting.status_code == 200
    assert reads(register, case)[-1].ground == "council member (per-case seat)"
    for m in ("leader-oslo", "avd-oslo", "adm-oslo"):
        await step(send, "SecondaryWorkCouncilProtocolSigned", case, {}, member(m))
    await step(send, "SecondaryWorkConsented", case, {}, LEADER)
    after = await door.get(f"/cases/{case}?type=secondary_work", headers=bearer(mint("avd-oslo")))
    assert after.status_code == 404 and len(reads(register, case)) == 1
    # A standing member reads what their council decided ...
    assert (await door.get(f"/cases/{case}", headers=bearer(mint("rep-2")))).status_code == 200
    # ... until the register replaces them (tv-oslo takes rep-2's seat).
    org = read_org(EXAMPLES / "org.yaml")
    council = next(c for c in org.councils if c.council_id == "council-oslo-prison")
    for m in council.members:
        m.person_id = {"rep-2": "tv-oslo"}.get(m.person_id, m.person_id)
        m.deputy_for = {"rep-2": "tv-oslo"}.get(m.deputy_for or "", m.deputy_for)
    register.load_org(org)
    before = len(reads(register, case))
    assert (await door.get(f"/cases/{case}", headers=bearer(mint("rep-2")))).status_code == 404
    successor = await door.get(f"/cases/{case}", headers=bearer(mint("tv-oslo")))
    assert successor.status_code == 200
    assert [(x.reader, x.ground) for x in reads(register, case)[before:]] == [
        ("tv-oslo", "council member")
    ]


# -- 3. the register decides first; listings are capped; one row per allowed read --------------


async def test_a_refused_read_does_no_work_and_an_allowed_read_one_query_one_row(
    door: httpx.AsyncClient, send: Sender, register: Store, mint: Mint,
    queries: list[tuple[str, str | None]],
) -> None:  # fmt: skip
    """Issue 11 point 2: "GET /cases* returns only what the key may read"; the check runs on the
    register's row before the view is read, before any workflow query (`?live=true`) and before
    any log row (a query per case type and a row per guess let anyone probe which cases exist
    and fill the access log)."""
    opened = {"employee_id": "emp-2", "summary": "Ulåst dør QDX.", "report_case_id": "R-1"}
    await step(send, "DisciplinaryCaseOpened", "SEC-RQ-1", opened, LEADER)
    gifts = key(register, send=["GiftReported"], types=["gift"], units=["*"])
    for headers in (gifts, bearer(mint("krus-emp")), bearer(mint("leader-oslo"))):
        probe = await door.get("/cases/SEC-RQ-NOPE", headers=headers)
        assert probe.status_code == 404
    for headers in (gifts, bearer(mint("krus-emp"))):
        for params in ({}, {"live": "true"}, {"type": "discipline", "live": "true"}):
            r = await door.get("/cases/SEC-RQ-1", params=params, headers=headers)
            assert r.status_code == 404 and r.json() == {"error": "no case SEC-RQ-1"}
    assert queries == [] and reads(register, "SEC-RQ-1") == [] and reads(register, "NOPE") == []
    ok = await door.get("/cases/SEC-RQ-1?live=true", headers=bearer(mint("emp-2")))
    assert ok.status_code == 200 and ok.json()["case_id"] == "SEC-RQ-1"
    assert queries == [("SEC-RQ-1", "discipline")]
    assert [(x.reader, x.ground, x.channel) for x in reads(register, "SEC-RQ-1")] == [
        ("emp-2", "party", "api")
    ]


async def test_listings_are_capped_and_list_only_what_the_caller_reads(
    door: httpx.AsyncClient, send: Sender, register: Store,
    queries: list[tuple[str, str | None]],
) -> None:  # fmt: skip
    """A listing names cases (their existence is personal data, fvl § 13): only those the key's
    scope covers, at most 100 per request, each logged once; no workflow is asked."""
    for n in range(3):
        opened = {"employee_id": "emp-1", "summary": "Forsinket LSX.", "report_case_id": "R-2"}
        await step(send, "DisciplinaryCaseOpened", f"SEC-RL-{n}", opened, LEADER)
    krus = key(register, send=["*"], types=["*"], units=["krus"])
    oslo = key(register, send=["*"], types=["discipline"], units=["oslo-prison"])
    assert (await door.get("/cases", params={"limit": 101}, headers=oslo)).status_code == 422
    assert (await door.get("/cases", params={"type": "nope"}, headers=oslo)).status_code == 404
    none = await door.get("/cases", params={"type": "discipline"}, headers=krus)
    assert none.status_code == 200 and not any(
        r["workflow_id"].startswith("discipline-SEC-RL-") for r in none.json()
    )
    assert AccessRegister(register).entries(reader=krus["x-name"]) == []
    two = await door.get("/cases", params={"type": "discipline", "limit": 2}, headers=oslo)
    rows = two.json()
    assert len(rows) == 2 and all(r["org_unit"] == "oslo-prison" for r in rows)
    assert "LSX" not in two.text and queries == []
    logged = AccessRegister(register).entries(reader=oslo["x-name"])
    assert sorted((x.workflow_id, x.ground, x.channel) for x in logged) == sorted(
        (r["workflow_id"], "api key scope", "list") for r in rows
    )


async def test_a_refused_decode_writes_nothing(
    door: httpx.AsyncClient, send: Sender, register: Store, mint: Mint
) -> None:
    """Issue 11 point 5: decodes only for a person who may read the case; a payload claiming a
    case the register does not hold, or one the person has no part in, stays encrypted and
    leaves no row (a row per forged case id would let anyone fill the access log)."""
    opened = {"employee_id": "emp-2", "summary": "Ulåst dør CDX.", "report_case_id": "R-3"}
    await step(send, "DisciplinaryCaseOpened", "SEC-RD-1", opened, LEADER)
    for wid in ("discipline-SEC-RD-1", "discipline-SEC-RD-FORGED"):
        outsider = bearer(mint("rep-e1"))
        r = await door.post("/codec/decode", content=sealed_for(wid), headers=outsider)
        assert r.status_code == 200 and still_encrypted(r)
    assert reads(register, "SEC-RD-1") == [] and reads(register, "SEC-RD-FORGED") == []
    ok = await door.post(
        "/codec/decode", content=sealed_for("discipline-SEC-RD-1"), headers=bearer(mint("hr-east"))
    )
    assert json.loads(base64.b64decode(ok.json()["payloads"][0]["data"])) == {"note": "hemmelig"}
    assert [(x.reader, x.ground, x.channel) for x in reads(register, "SEC-RD-1")] == [
        ("hr-east", "hr for unit", "codec")
    ]


# -- 4. the local codec session is a cookie, never a URL -------------------------------------


async def test_the_local_codec_session_is_an_httponly_strict_cookie(
    door: httpx.AsyncClient,
) -> None:
    """Issue 11 point 5: "for the local single-user `up`, a way that is not exposed in `ps` or
    in the UI's settings": the session never appears in a URL or an answer a script can read."""
    code = door.app.state.local_signin.new_code()  # type: ignore[attr-defined]
    signed = await door.get("/codec/signin", params={"code": code})
    assert signed.status_code == 200
    cookie = signed.headers["set-cookie"]
    session = cookie.split(";")[0].split("=", 1)[1]
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    # Secure outside `up` (issue 15 review L2): behind a TLS proxy the app itself sees http.
    assert {"httponly", "samesite=strict", "path=/codec", "secure"} <= flags
    assert session not in signed.text and signed.json()["codec_endpoint"] == "http://door/codec"
    # No session in a path any more, and the cookie alone signs in (the browser sends it).
    assert (await door.post(f"/codec/session/{session}/decode", content=b"{}")).status_code in (
        404, 405
    )  # fmt: skip
    door.cookies.clear()
    body = sealed_for("discipline-SEC-RS-1")
    assert (await door.post("/codec/decode", content=body)).status_code == 401
    with_cookie = await door.post("/codec/decode", content=body,
                                  headers={"cookie": f"personalsak_codec={session}"})  # fmt: skip
    assert with_cookie.status_code == 200


# -- 5. a unit leader reads their own unit's cases; no unit, no leader ------------------------


def test_a_case_without_a_unit_matches_no_unit_leader(register: Store) -> None:
    """TI-2020 § 2-5 and the read grounds: a unit leader handles the cases of the unit they
    lead. A case with no unit is no unit's: Grants.holds(role, None) means "anywhere" to the
    guards, and reads must not inherit that."""
    facts = CaseFacts("report-SEC-RU-1", "SEC-RU-1", "report", None, None, "emp-9")
    for leader in ("leader-oslo", "krus-dir"):
        reader = Reader(register, Caller("person", leader), date(2030, 1, 1))
        assert not leads(reader.grants, None)
        assert reader.ground(facts) is None
    oslo = CaseFacts("report-SEC-RU-2", "SEC-RU-2", "report", "oslo-prison", "r-east", "emp-9")
    assert Reader(register, Caller("person", "leader-oslo")).ground(oslo) == "unit leader"
    assert Reader(register, Caller("person", "krus-dir")).ground(oslo) is None


def test_an_applicant_reads_no_central_council_case_of_their_appointment(store: Store) -> None:
    """fvl § 3 second paragraph: the appointment case carried on by the central council
    (`central_council-<case>-<n>`, PR-2012 § 9 nr. 4) holds the candidates and the votes. An
    applicant to that post has no ground to read it, whatever role or seat they also hold —
    here the HR officer serving the unit, who reads every other case of it."""
    reader = Reader(store, Caller("person", "hr-east"))
    reader.applied = {"hiring-SX-CC"}  # the register's applications of this person
    facts = CaseFacts("central_council-SX-CC-1", "SX-CC-1", "central_council", "oslo-prison",
                      "east", "avd-oslo")  # fmt: skip
    assert reader.ground(facts) is None
    other = CaseFacts("central_council-SX-OTHER-1", "SX-OTHER-1", "central_council",
                      "oslo-prison", "east", "avd-oslo")  # fmt: skip
    assert reader.ground(other) is not None  # the officer's own ground on the unit's cases

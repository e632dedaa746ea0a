"""Issue 11, the attacker's review of main (trust5): each test makes the attack as the review
did, asserts the refusal, and that nothing leaked and nothing changed.

1. a union representative who made the one PR-2012 § 5 nr. 4 comment read the whole hiring case
   and decrypted its raw history; their designation gave a part in any council case
2. `GET /cases` showed a reporter the colleague's outcome and `?state=` was an oracle
   (TI-2020 § 2-5 with fvl § 13)
3. a refusal told a stranger whether a case existed, its state and its last step's date
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from activities.store import Store
from intake import apikeys
from intake.access import ACT_GROUND, REPRESENTATIVE, Caller, CaseFacts, Reader
from intake.apikeys import KEY_SCOPE
from tests.helpers import Sender, applicant, step
from tests.helpers import event as helper_event
from tests.security.conftest import Mint, bearer, open_discipline, reads
from tests.security.sending import case_id, snapshot, welfare
from tests.security.test_read_side import sealed_for, still_encrypted
from tests.workflows.test_discipline import DECISION, LEADER
from tests.workflows.test_hiring import HR, announced, member, vacancy

EXEMPTION = "UNNTAK-GRUNN-5K"  # an applicant's reason to be left off the public list
EDUCATION = "UTDANNING-8P"
LIVE = {"live": "true"}  # the running workflow: the read model may not yet hold the last step


def event(type_: str, case: str, payload: dict[str, Any], person: str, days_ago: int = 0) -> dict:
    at = datetime.now(UTC) - timedelta(days=days_ago)
    return {
        "event_id": f"rv-{uuid.uuid4().hex[:8]}", "type": type_, "case_id": case,
        "occurred_at": at.isoformat(), "actor": {"person_id": person}, "payload": payload,
    }  # fmt: skip


# -- 1. a representative's comment is no key to the whole appointment case ------------------


async def test_a_union_representative_reads_only_what_section_5_gives_them(
    door: httpx.AsyncClient, client: Client, send: Sender, env: WorkflowEnvironment,
    register: Store, mail_dir: Path, mint: Mint,
) -> None:  # fmt: skip
    """PR-2012 § 5 nr. 4 and 6: tv-oslo, Parat's tillitsvalgt at Oslo prison, was told the salary
    with the draft text and commented on it. Reading the case later they get the
    representative's view: the salary information, the step that gave it, their own comment;
    not the applications, an exemption reason or the applicant's education (fvl § 13), and no
    decode of the raw history. tv-central, a tillitsvalgt who did not comment here, reads
    nothing (404). Each read changes nothing but its one access-log row."""
    case = case_id("RV-HIRE")
    await announced(send, env, case)
    wid = f"hiring-{case}"
    a = applicant("rv-1", "female", education=EDUCATION)
    a |= {"exemption_requested": True, "exemption_reason": EXEMPTION}
    await step(send, "ApplicationReceived", case, a, member("rv-1", "applicant"))
    # The region's HR sees the whole view: the applicants counted in it (the control). The
    # application itself (education, exemption reason) is in the raw history only.
    whole = await door.get(f"/cases/{case}", params=LIVE, headers=bearer(mint("hr-east")))
    assert whole.json()["details"]["applicants"] == {"total": 1, "female": 1}
    before = await snapshot(client, register, mail_dir, wid)
    logged = len(reads(register, case))

    token = bearer(mint("tv-oslo"))
    r = await door.get(f"/cases/{case}", params=LIVE, headers=token)
    assert r.status_code == 200, r.text
    for secret in ("rv-1", EXEMPTION, EDUCATION, "applicants", "votes"):
        assert secret not in r.text, secret
    seen = r.json()
    assert {h["trigger"] for h in seen["history"]} == {"inform_representatives", "comment_on_text"}
    assert all(h["actor"]["person_id"] == "tv-oslo" for h in seen["history"]
               if h["trigger"] == "comment_on_text")  # fmt: skip
    assert "Lønnstrinn 40-50" in str(seen["details"]["salary_information"])
    decoded = await door.post("/codec/decode", content=sealed_for(wid), headers=token)
    assert decoded.status_code == 200 and still_encrypted(decoded)
    assert [row.ground for row in reads(register, case)[logged:]] == [REPRESENTATIVE]

    listed = await door.get("/cases", params={"type": "hiring"}, headers=token)
    assert wid in {c["workflow_id"] for c in listed.json()}

    # tv-central is designated for all units (examples/org.yaml): § 5 nr. 4 lets them comment
    # too, so before their first comment they read the representative's view, no more (issue
    # 15 review: the queue shows what the door accepts); nothing of the applicants.
    other = bearer(mint("tv-central"))
    theirs = await door.get(f"/cases/{case}", headers=other)
    assert theirs.status_code == 200, theirs.text
    for secret in ("rv-1", EXEMPTION, EDUCATION, "applicants", "votes", "emp-2"):
        assert secret not in theirs.text, secret
    decoded = await door.post("/codec/decode", content=sealed_for(wid), headers=other)
    assert decoded.status_code == 200 and still_encrypted(decoded)
    assert await snapshot(client, register, mail_dir, wid) == before
    assert [row.ground for row in reads(register, case)[logged:]][-1] == REPRESENTATIVE
    assert "emp-2" not in r.text  # another union's comment is not theirs


async def test_a_designation_gives_no_part_in_a_disciplinary_case(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mail_dir: Path,
    mint: Mint,
) -> None:  # fmt: skip
    """PR-2012 § 5 nr. 4 and 6, § 9 nr. 3 give the designated representatives a part in hiring
    only. tv-oslo (Oslo prison's tillitsvalgt) and tv-central cast a vote, a backdated vote and
    a decision in a disciplinary case at Oslo prison: 403 ACT_GROUND, word for word the answer
    for a case that does not exist (no state, no last step's date), and nothing changes; nor
    do they read it."""
    case = case_id("RV-DISC")
    await open_discipline(client, worker, register, case)
    wid = f"discipline-{case}"
    before = await snapshot(client, register, mail_dir, wid)
    missing = case_id("RV-NONE")
    vote = {"choice": "ordensstraff", "seniority_months": 1, "reasons": "x"}
    for who in ("tv-oslo", "tv-central"):
        token = bearer(mint(who))
        for type_, payload, days_ago in (
            ("CouncilVoteCast", vote, 0),
            ("CouncilVoteCast", vote, 400),
            ("DisciplineDecided", DECISION, 0),
        ):
            answers = []
            for c in (case, missing):
                r = await door.post("/events", json=event(type_, c, payload, who, days_ago),
                                    headers=token)  # fmt: skip
                assert r.status_code == 403, r.text
                answers.append({k: str(v).replace(c, "X") for k, v in r.json().items()})
            assert answers[0] == answers[1]
            assert answers[0]["rule"] == ACT_GROUND
        assert (await door.get(f"/cases/{case}", headers=token)).status_code == 404
    assert await snapshot(client, register, mail_dir, wid) == before
    assert reads(register, case) == []


# -- 2. a listing shows a case's state as the reader's lens does ----------------------------


async def test_a_reporter_lists_the_state_their_view_shows_and_cannot_filter_for_more(
    door: httpx.AsyncClient, client: Client, send: Sender, register: Store, mail_dir: Path,
    mint: Mint,
) -> None:  # fmt: skip
    """TI-2020 § 2-5 with fvl § 13: emp-1 reported a colleague's neglect and the leader handed it
    to discipline. `GET /cases/{id}` shows emp-1 "assessed"; `GET /cases` lists the same state,
    `?state=handed_to_discipline` does not find the case (no oracle) and `?state=assessed`
    does; the listing and its filter change nothing, and a case filtered out is no read."""
    case = case_id("RV-REP")
    wid = f"report-{case}"
    report = {"employee_id": "emp-1", "kind": "neglect", "summary": "Celledør ulåst.",
              "concerns_employee_id": "emp-2", "danger_or_loss": True}  # fmt: skip
    await step(send, "ServiceReportSubmitted", case, report, member("emp-1"))
    await step(send, "NeglectHandedToDiscipline", case, {"reasons": "VURDERING-4K"}, LEADER)
    assert register.case(wid).state == "handed_to_discipline"
    token = bearer(mint("emp-1"))
    one = await door.get(f"/cases/{case}", headers=token)
    assert one.json()["state"] == "assessed"
    before = await snapshot(client, register, mail_dir, wid)
    logged = len(reads(register, case))

    async def listed(**params: str) -> list[dict[str, Any]]:
        r = await door.get("/cases", params={"type": "report", **params}, headers=token)
        assert r.status_code == 200, r.text
        return [c for c in r.json() if c["workflow_id"] == wid]

    assert [c["state"] for c in await listed()] == ["assessed"]
    assert await listed(state="handed_to_discipline") == []
    assert [c["state"] for c in await listed(state="assessed")] == ["assessed"]
    assert await snapshot(client, register, mail_dir, wid) == before
    assert [r.ground for r in reads(register, case)[logged:]] == ["reporter", "reporter"]
    # The work queue shows the reporter no task (and so no state) in the colleague's case.
    tasks = await door.get("/tasks", headers=token)
    assert wid not in tasks.text


# -- 8. an HR key's scope is checked before anything about the actor ------------------------


async def test_an_out_of_scope_key_learns_nothing_of_a_person(
    door: httpx.AsyncClient, client: Client, register: Store, mail_dir: Path
) -> None:
    """Issue 11 (key scope): Oslo prison's key acts for emp-1 only. Naming krus-emp (in the
    register, not holding the role claimed) or a person who does not exist as actor gets the
    same 403 `api key scope` on `actor.person_id`: no role refusal that would say whether the
    person exists or what the register gives them; nothing changes, nothing is bound."""
    name = f"sys-{uuid.uuid4().hex[:8]}"
    headers = {"X-API-Key": apikeys.issue(register, name, [apikeys.ALL], units=["oslo-prison"],
                                          act_for=["emp-1"])}  # fmt: skip
    mine = welfare(case_id("RV-KEY"))
    assert (await door.post("/events", json=mine, headers=headers)).status_code == 200
    wid = f"leave-{mine['case_id']}"
    before = await snapshot(client, register, mail_dir, wid)
    answers = []
    for who in ("krus-emp", "rv-ghost-1"):
        for ev in (
            helper_event("LeaveWithdrawn", mine["case_id"], {}, who, "justice_department"),
            welfare(case_id("RV-KEY"), employee="emp-1")
            | {"actor": {"person_id": who, "role": "justice_department"}},
        ):
            r = await door.post("/events", json=ev, headers=headers)
            assert r.status_code == 403, r.text
            assert (r.json()["rule"], r.json()["field"]) == (KEY_SCOPE, "actor.person_id")
            assert register.bindings(ev["event_id"]) == []
            answers.append(r.json()["error"].replace(who, "X"))
    assert len(set(answers)) == 1, answers
    assert await snapshot(client, register, mail_dir, wid) == before


# -- 3. an application to a post that is not open tells nothing of it ----------------------


async def test_an_application_to_an_unannounced_post_is_answered_as_no_case(
    door: httpx.AsyncClient, client: Client, send: Sender, env: WorkflowEnvironment,
    register: Store, mail_dir: Path, mint: Mint,
) -> None:  # fmt: skip
    """PR-2012 § 7 nr. 1 with fvl § 13: emp-1 (registered, no part in it) applies to a vacancy
    registered but not announced, today and backdated: 403 ACT_GROUND, word for word the answer
    for a case that does not exist (not "not announced yet", not the last step's date), and
    nothing changes. To an announced post, the same application is accepted."""
    case = case_id("RV-APPLY")
    wid = f"hiring-{case}"
    await step(send, "VacancyRegistered", case, vacancy(), HR)
    before = await snapshot(client, register, mail_dir, wid)
    token = bearer(mint("emp-1"))
    missing = case_id("RV-NOPOST")
    for days_ago in (0, 400):
        answers = []
        for c in (case, missing):
            ev = event("ApplicationReceived", c, applicant("emp-1", "male"), "emp-1", days_ago)
            r = await door.post("/events", json=ev, headers=token)
            assert r.status_code == 403, r.text
            answers.append({k: str(v).replace(c, "X") for k, v in r.json().items()})
        assert answers[0] == answers[1] and answers[0]["rule"] == ACT_GROUND
    assert await snapshot(client, register, mail_dir, wid) == before
    open_post = case_id("RV-OPEN")
    await announced(send, env, open_post)
    ev = event("ApplicationReceived", open_post, applicant("emp-1", "male"), "emp-1")
    r = await door.post("/events", json=ev, headers=token)
    assert r.status_code == 200 and r.json()["status"] == "accepted", r.text


# -- 7. a fullmakt's matter names its case types explicitly ---------------------------------


def test_a_fullmakt_grounds_the_case_types_of_its_matters(register: Store) -> None:
    """PR-2012 § 25 with § 22 (fullmakt): rd-east's fullmakt to hr-east names `leave` and
    `employment.certificate`. It grounds a certificate case in the region (the prefix match never
    did: "employment" is no case type) and a leave case, and no disciplinary case."""
    reader = Reader(register, Caller("person", "hr-east"))

    def facts(case_type: str) -> CaseFacts:
        return CaseFacts(f"{case_type}-RV-F", "RV-F", case_type, "r-east-adm", "r-east", None)

    assert reader.fullmakt(facts("certificate")) == "fullmakt from rd-east"
    assert reader.fullmakt(facts("leave")) == "fullmakt from rd-east"
    assert reader.fullmakt(facts("discipline")) is None


# -- 6. login CSRF: another site's form signs no one in --------------------------------------


async def test_a_cross_site_form_signs_no_one_in(door: httpx.AsyncClient, mint: Mint) -> None:
    """Login CSRF (issue 11, sessions bound to a verified identity): a page on another site posts
    the attacker's valid token to `/logginn` from the victim's browser: refused (403), no
    session cookie set. From the door's own page the same token signs in."""
    http = httpx.AsyncClient(transport=door._transport, base_url="http://door", timeout=30)
    token = mint("emp-1")
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}):
        r = await http.post("/logginn", data={"token": token}, headers=headers)
        assert r.status_code == 403 and "set-cookie" not in r.headers, headers
    own = await http.post("/logginn", data={"token": token}, headers={"origin": "http://door"})
    assert own.status_code == 303


# -- 4. form bodies: capped while read, on every route -----------------------------------------


async def test_an_oversized_form_body_is_refused_while_read(door: httpx.AsyncClient) -> None:
    """Issue 11 item 6, "the size limit applies while reading": the people's sign-in and action
    forms parse their body before any check, so the cap sits in front of every route
    (intake/bodylimit.py). A declared and a streamed body over the cap get 413 with the rule
    and field; the stream is not read to its end; no session is made."""
    from intake.bodylimit import MAX_BODY_BYTES

    http = httpx.AsyncClient(transport=door._transport, base_url="http://door", timeout=30)
    big = b"token=" + b"x" * (MAX_BODY_BYTES + 1)
    headers = {"content-type": "application/x-www-form-urlencoded"}
    r = await http.post("/logginn", content=big, headers=headers)
    assert r.status_code == 413 and r.json()["field"] == "body" and "set-cookie" not in r.headers
    sent = 0

    async def stream() -> AsyncIterator[bytes]:  # no Content-Length: chunked, 512 KiB fields
        nonlocal sent
        for i in range(64):
            sent += 1
            yield b"f%d=" % i + b"x" * (512 * 1024) + b"&"

    r = await http.post("/logginn", content=stream(), headers=headers)
    assert r.status_code == 413 and r.json()["rule"] == "event contract"
    assert sent < 64  # refused once past the cap, not after reading all 32 MiB
    small = await http.post("/logginn", data={"token": "not-a-token"}, headers=headers)
    assert small.status_code != 413  # an ordinary form still reaches its route

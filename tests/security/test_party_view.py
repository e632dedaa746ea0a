"""Issue 11, the lawyer's review of the read side: a party read the whole case view. Now a
party sees what fvl § 18 gives them, less what fvl §§ 18 a-19 exempt (the gap shown with its
rule), and a reporter only their own report (TI-2020 § 2-5 with fvl § 13); neither decodes
anything (the raw history holds what their view leaves out). Each test reads as the attacker
would (their own valid token), asserts what is kept from them, and that the read changed
nothing but its one access-log row."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import httpx
from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads
from temporalio.client import Client
from temporalio.converter import WorkflowSerializationContext

from activities.store import Store
from intake.codec import EncryptionCodec, parse_keys
from intake.views import WITHHELD
from tests.helpers import Sender, council_votes, step
from tests.security.conftest import Mint, bearer, reads
from tests.security.sending import case_id, snapshot
from tests.workflows.test_discipline import DECISION, EMPLOYEE, LEADER, NOTICE, state_is

VOTE_REASONS = "INTERNT-VOTUM-7Q"  # a council member's reasons: fvl § 18 a
NOTICE_FACTS = "UNNTATT-FAKTUM-9Z"  # in the notice the access decision withholds: fvl § 19
SEALED = Payload(metadata={"encoding": b"json/plain"}, data=b'{"statement": "hemmelig"}')


def sealed_for(workflow_id: str) -> str:
    codec = EncryptionCodec(parse_keys(os.environ["PERSONALSAK_CODEC_KEYS"]))
    bound = codec.with_context(WorkflowSerializationContext("default", workflow_id))
    return json_format.MessageToJson(Payloads(payloads=[bound.encrypt(SEALED)]))


def still_encrypted(response: httpx.Response) -> bool:
    meta = response.json()["payloads"][0]["metadata"]["encoding"]
    return base64.b64decode(meta) == b"binary/encrypted"


async def _decided_with_access_decision(send: Sender, case: str) -> str:
    """A disciplinary case about emp-2, decided by the council's votes with reasons, then
    emp-2's request for access answered: the advance notice withheld under fvl § 19."""
    opening = {"employee_id": "emp-2", "summary": "Ulåst celledør"}
    await step(send, "DisciplinaryCaseOpened", case, opening, LEADER)
    await step(send, "DisciplineNoticeSent", case, NOTICE | {"facts": NOTICE_FACTS}, LEADER)
    await step(send, "DisciplineReplyReceived", case, {"statement": "Beklager."}, EMPLOYEE)
    # PR-2012 § 11 nr. 3: the leader seats the nearest superior; § 13 nr. 1-2: convenes the
    # council; § 13 nr. 3-4: votes with reasons, signatures.
    members = ("leader-oslo", "adm-oslo", "rep-1")
    await council_votes(send, case, *((m, "ordensstraff", 1) for m in members),
                        reasons=VOTE_REASONS)  # fmt: skip
    await step(send, "DisciplineDecided", case, DECISION, LEADER)
    await step(send, "DocumentAccessRequested", case, {}, EMPLOYEE)
    wid = f"discipline-{case}"
    notice = next(d for d in send.store.documents(wid) if d.title == "Forhåndsvarsel")
    withheld = {"doc_id": notice.doc_id, "rule": "fvl § 19 andre ledd bokstav b",
                "reasons": "Opplysninger om en annen ansatts personlige forhold"}  # fmt: skip
    await step(send, "DocumentAccessDecided", case, {"withheld": [withheld]}, LEADER)
    return notice.doc_id


async def _read(
    door: httpx.AsyncClient, client: Client, register: Store, mail_dir: Path,
    wid: str, case: str, token: str, params: dict[str, str] | None = None, rows: int = 1,
) -> tuple[httpx.Response, httpx.Response]:  # fmt: skip
    """The reader's view and their decode of the case's payload; asserts that neither changed
    anything but the access log: `rows` new rows (a reduced view's reader: the view's only)."""
    before = await snapshot(client, register, mail_dir, wid)
    logged = len(reads(register, case))
    r = await door.get(f"/cases/{case}", params=params or {}, headers=bearer(token))
    decoded = await door.post("/codec/decode", content=sealed_for(wid), headers=bearer(token))
    assert await snapshot(client, register, mail_dir, wid) == before
    assert len(reads(register, case)) == logged + rows
    return r, decoded


async def test_the_employee_sees_their_case_less_internal_and_withheld_documents(
    door: httpx.AsyncClient, client: Client, send: Sender, register: Store, mail_dir: Path,
    mint: Mint,
) -> None:  # fmt: skip
    """fvl § 18: the party sees the case's documents, decisions, letters and deadlines; the
    council's votes and protocol are internal (fvl § 18 a); the notice the access decision
    withheld (fvl § 19 andre ledd bokstav b) is a gap showing its rule, and its content is not
    in the view either. The unit leader, who handles the case, sees it all."""
    case = case_id("SEC-PV")
    wid = f"discipline-{case}"
    notice_id = await _decided_with_access_decision(send, case)

    r, decoded = await _read(door, client, register, mail_dir, wid, case, mint("emp-2"))
    assert r.status_code == 200, r.text
    seen = r.json()
    assert VOTE_REASONS not in r.text and NOTICE_FACTS not in r.text
    assert "votes" not in seen["details"] and "council" not in seen["details"]
    assert "rounds" not in seen["details"]  # disc10: a closed round's votes and notice
    internal = {"vote", "council_vote", "sign_protocol", "main_sign_protocol",
                "main_seat_superior"}  # fmt: skip
    assert not internal & {h["trigger"] for h in seen["history"]}
    assert {"send_notice", "vote"}.isdisjoint(seen["details"]["taken"])
    assert seen["details"][WITHHELD] == [
        {"doc_id": notice_id, "title": "Forhåndsvarsel", "rule": "fvl § 19 andre ledd bokstav b"}
    ]
    documents = {d["title"] for d in seen["documents"]}
    assert "Forhåndsvarsel" not in documents
    assert {"Innsyn i sakens dokumenter", "Vedtak om ordensstraff"} & documents
    assert seen["details"]["reaction"] == "ordensstraff"  # the decision is theirs
    assert {d["name"] for d in seen["deadlines"]} >= {"appeal_window"}
    assert [p["person_id"] for p in seen["parties"]] == ["emp-2"]
    assert still_encrypted(decoded)  # the raw history holds what the view leaves out
    assert [(x.reader, x.ground, x.channel) for x in reads(register, case)] == [
        ("emp-2", "party", "api")
    ]

    leader = mint("leader-oslo")
    whole, decoded = await _read(door, client, register, mail_dir, wid, case, leader, rows=2)
    assert VOTE_REASONS in whole.text and NOTICE_FACTS in whole.text
    assert not still_encrypted(decoded)


async def test_the_employee_sees_their_appeal_case_without_the_councils_sitting(
    door: httpx.AsyncClient, client: Client, send: Sender, register: Store, mail_dir: Path,
    mint: Mint,
) -> None:  # fmt: skip
    """The same rule in the appeal case the decision started (fvl § 28): the party's view of it,
    without the council's handling, and no decode."""
    case = case_id("SEC-PVA")
    await _decided_with_access_decision(send, case)
    today = (await send.view(case, "discipline")).history[-1].at.date().isoformat()
    appeal = {"grounds": "For streng", "posted_on": today}
    await step(send, "DecisionAppealed", case, appeal, EMPLOYEE)
    appeal_wid = f"appeal-{case}-1"
    assert await state_is(send, appeal_wid, "with_deciding_body")
    r, decoded = await _read(
        door, client, register, mail_dir, appeal_wid, f"{case}-1", mint("emp-2"),
        {"type": "appeal"},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    assert "council" not in r.json()["details"] and "votes" not in r.json()["details"]
    assert VOTE_REASONS not in r.text and still_encrypted(decoded)
    assert [(x.ground, x.channel) for x in reads(register, f"{case}-1")] == [("party", "api")]


async def test_a_reporter_does_not_read_the_outcome_for_the_colleague(
    door: httpx.AsyncClient, client: Client, send: Sender, register: Store, mail_dir: Path,
    mint: Mint,
) -> None:  # fmt: skip
    """TI-2020 § 2-5: emp-1 reports emp-2's neglect; the unit leader hands it to a disciplinary
    case. The reporter is not a party to what follows for emp-2 (fvl § 13): they see their
    report was received and assessed, their own letters, never the outcome, its reasons, the
    disciplinary case's id, or emp-2."""
    case = case_id("SEC-REP")
    wid = f"report-{case}"
    report = {"employee_id": "emp-1", "kind": "neglect", "summary": "Celledør ulåst.",
              "concerns_employee_id": "emp-2", "danger_or_loss": True}  # fmt: skip
    await step(
        send, "ServiceReportSubmitted", case, report, {"person_id": "emp-1", "role": "employee"}
    )
    await step(send, "NeglectHandedToDiscipline", case, {"reasons": "VURDERING-4K"}, LEADER)
    assert await state_is(send, wid, "handed_to_discipline")

    r, decoded = await _read(door, client, register, mail_dir, wid, case, mint("emp-1"))
    assert r.status_code == 200, r.text
    seen = r.json()
    assert seen["state"] == "assessed" and seen["waiting_for"] == ""
    assert "VURDERING-4K" not in r.text and "emp-2" not in r.text and "Ola Hansen" not in r.text
    assert "hand_to_discipline" not in {h["trigger"] for h in seen["history"]}
    assert "discipline-" not in r.text
    assert {d["title"] for d in seen["documents"]} == {"Rapporten er mottatt"}
    assert still_encrypted(decoded)
    assert [(x.reader, x.ground, x.channel) for x in reads(register, case)] == [
        ("emp-1", "reporter", "api")
    ]

"""The work queue and the people's pages (issue 15) through the real door: tasks from the rule
rows and the register, pages that show only what access.py lets the reader see, and forms whose
submission goes through the same door, with the same refusals and nothing changed on one."""

from __future__ import annotations

import re
from typing import Any

import httpx
from temporalio.client import Client

from activities.store import Store
from tests.helpers import Sender, convene_main, event
from tests.security.conftest import Mint, bearer, open_discipline
from tests.security.sending import case_id

NOTICE = {"reaction": "ordensstraff", "seniority_months": 3, "facts": "Ulåst celledør",
          "legal_basis": "tjenestemannsloven § 14"}  # fmt: skip


async def to_reply(client: Client, worker: str, register: Store) -> str:
    case = case_id("WQ")
    await open_discipline(client, worker, register, case)
    notice = event("DisciplineNoticeSent", case, NOTICE, "leader-oslo", "unit_leader")
    await Sender(client, worker, register).send(notice)
    return case


async def signed_in(door: httpx.AsyncClient, person: str) -> httpx.AsyncClient:
    """The local sign-in `up` offers: its one-time link, then a register person."""
    door.app.state.web.local_allowed = True  # type: ignore[attr-defined]  # as under `up`
    code = door.app.state.web.sessions.new_local_code()  # type: ignore[attr-defined]
    http = httpx.AsyncClient(transport=door._transport, base_url="http://door", timeout=30)
    page = await http.get(f"/logginn?kode={code}", follow_redirects=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf, page.text
    done = await http.post("/logginn", data={"person_id": person, "csrf": csrf.group(1)})
    assert done.status_code == 303, done.text
    return http


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def hidden(page: httpx.Response) -> dict[str, str]:
    """The form's hidden fields: the session's CSRF token and the event minted with the form
    (its id, time and signature)."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))


async def view(register: Store, case: str) -> dict[str, Any]:
    text = register.read_view(case, "discipline")
    assert text
    import json

    return json.loads(text)  # type: ignore[no-any-return]


async def test_tasks_follow_the_rows_and_the_register(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """fvl § 16: after the notice the party's reply waits (the employee, or HR serving the
    unit); a council member has no vote on the case yet (PR-2012 § 19 nr. 2 comes after the
    reply); a person without a part in the case gets neither tasks nor the case (404)."""
    case = await to_reply(client, worker, register)
    mine = (await door.get("/tasks", headers=bearer(mint("emp-2")))).json()
    assert {(t["case_id"], t["trigger"], t["rule"]) for t in mine} >= {
        (case, "record_reply", "fvl § 16")
    }
    member = (await door.get("/tasks", headers=bearer(mint("rep-1")))).json()
    # The vote on the case comes after the reply.
    assert not [t for t in member if t["case_id"] == case and t["trigger"] == "vote"]
    outsider = await door.get(f"/cases/{case}/actions", headers=bearer(mint("emp-1")))
    assert outsider.status_code == 404
    actions = (await door.get(f"/cases/{case}/actions", headers=bearer(mint("emp-2")))).json()
    assert "record_reply" in {a["trigger"] for a in actions if a["status"] == "allowed"}


MATTER_ROWS = {"matter_council_vote", "matter_agree_written", "matter_sign_protocol",
               "matter_seat_superior", "matter_demand_meeting"}  # fmt: skip
# A member's matter rows with no matter: refused by fvl § 42, or as not convened (PR-2012 § 13
# nr. 1, council8), since the leader cannot convene on no matter (fvl § 42).
NO_MATTER = {("blocked", "fvl § 42"), ("blocked", "PR-2012 § 13 nr. 1")}


async def test_no_matter_vote_without_a_matter(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """fvl § 42 ("kan beslutte at vedtaket ikke skal iverksettes") and tjml § 16 nr. 2 (the
    suspension's extension): the deciding council's matter rows decide a matter before it.
    With no request for suspensive effect and no suspension in force, the queue offers no
    member a matter vote, and the door refuses one forced (rule fvl § 42), counting nothing."""
    case = await to_reply(client, worker, register)
    member = (await door.get("/tasks", headers=bearer(mint("rep-1")))).json()
    assert not [t for t in member if t["case_id"] == case and t["trigger"] in MATTER_ROWS]
    theirs = (await door.get(f"/cases/{case}/actions", headers=bearer(mint("rep-1")))).json()
    matter = [a for a in theirs if a["trigger"] in MATTER_ROWS]
    assert matter and {(a["status"], a["rule"]) for a in matter} <= NO_MATTER
    send = Sender(client, worker, register)
    vote = {"choice": "grant", "reasons": "Enig."}
    forced = await send.refused(event("DisciplineDecidingBodyCouncilVoteCast", case, vote,
                                      "rep-1", "employee"))  # fmt: skip
    assert (forced.rule, forced.field) in {
        ("fvl § 42", "matters"),
        ("PR-2012 § 13 nr. 1", "sitting.convened_on"),
    }
    assert (await view(register, case))["details"].get("matter_protocol") is None
    assert not [h for h in (await view(register, case))["history"]
                if h["trigger"] in MATTER_ROWS]  # fmt: skip


async def test_forms_go_through_the_door(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """The party replies by form (fvl § 16); a council member's vote for ordensstraff without
    its months is refused with PR-2012 § 19 nr. 2 beside the field and nothing changes; a vote
    forced by someone without a seat is refused before the door."""
    case = await to_reply(client, worker, register)
    employee = await signed_in(door, "emp-2")
    page = await employee.get("/oppgaver")
    assert f"/saker/discipline/{case}/handling/record_reply" in page.text
    form = await employee.get(f"/saker/discipline/{case}/handling/record_reply")
    sent = await employee.post(
        f"/saker/discipline/{case}/handling/record_reply",
        data={"statement": "Jeg beklager.", **hidden(form)},
    )
    assert sent.status_code == 303, sent.text
    assert (await view(register, case))["state"] == "deliberation"

    member = await signed_in(door, "rep-1")
    form = await member.get(f"/saker/discipline/{case}/handling/vote")
    assert form.status_code == 200 and 'name="choice"' in form.text
    bad = await member.post(
        f"/saker/discipline/{case}/handling/vote",
        data={"choice": "ordensstraff", **hidden(form)},
    )
    assert bad.status_code == 422
    assert "PR-2012 § 19 nr. 2" in bad.text and 'id="error-seniority_months"' in bad.text
    assert (await view(register, case))["details"]["votes"] == []  # nothing changed

    # The party reads the case but holds no seat: a crafted vote is refused before the door.
    crafted = await employee.post(
        f"/saker/discipline/{case}/handling/vote",
        data={"choice": "none", "csrf": csrf_of(await employee.get("/oppgaver"))},
    )
    assert crafted.status_code == 403
    assert (await view(register, case))["details"]["votes"] == []

    outsider = await signed_in(door, "emp-1")
    assert (await outsider.get(f"/saker/discipline/{case}")).status_code == 404
    forced = await outsider.post(
        f"/saker/discipline/{case}/handling/vote",
        data={"choice": "none", "csrf": csrf_of(await outsider.get("/oppgaver"))},
    )
    assert forced.status_code == 403
    assert (await view(register, case))["details"]["votes"] == []


async def test_sign_in_with_the_identity_providers_token(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """Production: the identity provider's token signs a person in (checked as the API checks
    it; the cookie is Secure, so the browser sends it over TLS only: https here); a forged
    one does not, and the local sign-in needs the one-time link `up` prints."""
    case = await to_reply(client, worker, register)
    http = httpx.AsyncClient(transport=door._transport, base_url="https://door", timeout=30)
    assert (await http.post("/logginn", data={"token": "not-a-jwt"})).status_code == 403
    local = await http.post("/logginn", data={"person_id": "emp-2", "csrf": "x"})
    assert local.status_code == 403  # no one-time link redeemed: no local sign-in
    done = await http.post("/logginn", data={"token": mint("emp-2")})
    assert done.status_code == 303
    assert f"/saker/discipline/{case}/handling/record_reply" in (await http.get("/oppgaver")).text
    proxied = await door.get("/oppgaver", headers=bearer(mint("emp-2")))  # a reverse proxy's
    assert f"/saker/discipline/{case}" in proxied.text


async def test_the_employee_reads_his_own_case_reduced_hr_sees_the_week(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """fvl § 18 a: on his case page the employee does not see the council's sitting (a
    member's vote is not in his trail), while HR serving the unit sees the whole trail; the
    reduced view (intake/views.py) is the page's as it is the API's. fvl § 16: the reply HR may
    record for him falls due two weeks after the notice, so it is on HR's "Mine oppgaver" but
    not under "Forfaller denne uken" (GET /tasks?within_days=7 alike)."""
    case = await to_reply(client, worker, register)
    hr = await signed_in(door, "hr-east")
    links = f"/saker/discipline/{case}/handling/record_reply"
    assert links in (await hr.get("/oppgaver")).text
    week = await hr.get("/oppgaver?uke=1")
    assert week.status_code == 200 and 'id="all-tasks"' in week.text and links not in week.text
    soon = (await door.get("/tasks?within_days=7", headers=bearer(mint("hr-east")))).json()
    assert not [t for t in soon if t["case_id"] == case]
    send = Sender(client, worker, register)
    await send.send(event("DisciplineReplyReceived", case, {"statement": "Beklager."}, "emp-2",
                          "employee"))  # fmt: skip
    # PR-2012 § 11 nr. 3-4: the leader seats the register's nearest superior before any vote
    await send.send(event("DisciplineCouncilSuperiorSeated", case, {"person_id": "avd-oslo"},
                          "leader-oslo", "employee"))  # fmt: skip
    await convene_main(send, case, {"ordensstraff"})  # PR-2012 § 13 nr. 1-2 (mainconv)
    await send.send(event("CouncilVoteCast", case, {"choice": "ordensstraff",
                          "seniority_months": 2, "reasons": "Alvorlig."}, "rep-1",
                          "employee"))  # fmt: skip
    employee = await signed_in(door, "emp-2")
    own = await employee.get(f"/saker/discipline/{case}")
    whole = await hr.get(f"/saker/discipline/{case}")
    assert own.status_code == 200 and whole.status_code == 200
    assert "<td>record_reply</td>" in own.text and "<td>vote</td>" in whole.text
    assert "<td>vote</td>" not in own.text


async def test_a_form_sent_twice_is_one_event_and_bearer_sessions_post(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """fvl § 16: the party's reply, sent from a page behind a reverse proxy (the identity
    provider's bearer token, no cookie session): the form carries the event minted when it was
    shown, signed for the person and the action, so it posts without a session, and a second
    submit is the same event: the door answers it as a duplicate and the trail holds one reply.
    A form whose signature is forged, or minted for another person, is refused before the
    door (the signature is the form's CSRF check)."""
    case = await to_reply(client, worker, register)
    proxy = bearer(mint("emp-2"))
    where = f"/saker/discipline/{case}/handling/record_reply"
    form = await door.get(where, headers=proxy)
    assert form.status_code == 200
    fields = hidden(form)
    assert fields["event_id"].startswith("web-") and fields["form_token"]
    forged = await door.post(where, headers=proxy,
                             data={"statement": "x", **fields, "form_token": "0" * 64})  # fmt: skip
    # Not sent: the blank form comes back with a new event (issue 15 review L5), never the
    # posted text (a bearer post carries no session CSRF token to show it came from here).
    assert forged.status_code == 409 and 'id="stale"' in forged.text
    hr_form = hidden(await door.get(where, headers=bearer(mint("hr-east"))))
    foreign = await door.post(where, headers=proxy, data={"statement": "xyzzy", **hr_form})
    assert foreign.status_code == 409  # minted for HR, sent as the employee
    assert "xyzzy" not in foreign.text
    assert (await view(register, case))["state"] == "awaiting_reply"
    first = await door.post(where, headers=proxy, data={"statement": "Beklager.", **fields})
    assert first.status_code == 303 and "igjen" not in first.headers["location"]
    second = await door.post(where, headers=proxy, data={"statement": "Beklager.", **fields})
    assert second.status_code == 303 and "igjen=1" in second.headers["location"], second.text
    replies = [h for h in (await view(register, case))["history"]
               if h["trigger"] == "record_reply"]  # fmt: skip
    assert len(replies) == 1 and replies[0]["event_id"] == fields["event_id"]


async def test_mine_oppgaver_separates_what_waits_from_what_may_be_done_in_bokmal(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """fvl § 16: the party's reply has its deadline (the case moves on without it): "Må
    gjøres". fvl § 18: asking to see the documents is open to the party, with no deadline
    running for it: "Kan gjøres"; HR's recording of the reply for the party too. The page,
    its headings and the form's labels are bokmål; every payload field of every event type
    has a bokmål label."""
    from intake.events import EVENT_TYPES
    from intake.forms import LABELS

    case = await to_reply(client, worker, register)
    employee = await signed_in(door, "emp-2")
    page = (await employee.get("/oppgaver")).text
    must = page[page.index('id="must-heading"') : page.index('id="may-heading"')]
    may = page[page.index('id="may-heading"') :]
    assert f"/saker/discipline/{case}/handling/record_reply" in must
    assert f"/saker/discipline/{case}/handling/request_access" in may
    assert f"/saker/discipline/{case}/handling/request_access" not in must
    assert "Må gjøres" in page and "Kan gjøres" in page and "Disiplinærsak" in page
    tasks = (await door.get("/tasks", headers=bearer(mint("emp-2")))).json()
    assert {(t["trigger"], t["must"]) for t in tasks if t["case_id"] == case} >= {
        ("record_reply", True),
        ("request_access", False),
    }
    # The reply is the party's right; HR may record it for them (by_party, fvl § 2 e), but it
    # is no duty of HR's: "kan gjøres" in HR's queue (issue 15 review).
    hr = (await door.get("/tasks", headers=bearer(mint("hr-east")))).json()
    hr_must = {(t["trigger"], t["must"]) for t in hr if t["case_id"] == case}
    assert ("record_reply", False) in hr_must, hr
    form = (await employee.get(f"/saker/discipline/{case}/handling/record_reply")).text
    assert ">Uttalelse</label>" in form and "Gi uttalelse til forhåndsvarselet" in form
    fields = {n for c in EVENT_TYPES for n in c.model_fields["payload"].annotation.model_fields}
    assert fields - set(LABELS) == set()


async def test_a_form_refused_for_its_time_is_shown_again_as_a_new_event(
    door: httpx.AsyncClient,
    client: Client,
    worker: str,
    register: Store,
    mint: Mint,
    monkeypatch: Any,
) -> None:
    """Event contract (intake/dispatch.py `_not_before_last_step`): a person's step dated
    before the case's last recorded step is refused. A form shown yesterday (its event minted
    then) is refused today; the page shows it again with a new event, minted now, so the same
    reply sent again is taken (fvl § 16: the party's reply is not lost to the form's age)."""
    from datetime import UTC, datetime, timedelta

    from intake.web import Sessions

    monkeypatch.setattr(Sessions, "seconds", 3 * 24 * 3600.0)  # a form kept open for a day
    case = await to_reply(client, worker, register)
    proxy = bearer(mint("emp-2"))
    where = f"/saker/discipline/{case}/handling/record_reply"
    web = door.app.state.web  # type: ignore[attr-defined]
    at = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    stale = {"event_id": "web-stale-form", "occurred_at": at,
             "form_token": web.form_token("emp-2", f"discipline/{case}/record_reply",
                                          "web-stale-form", at)}  # fmt: skip
    refused = await door.post(where, headers=proxy, data={"statement": "Beklager.", **stale})
    assert refused.status_code == 422 and "occurred_at" in refused.text, refused.text
    again = hidden(refused)
    assert again["event_id"] != stale["event_id"] and again["occurred_at"] > at
    taken = await door.post(where, headers=proxy, data={"statement": "Beklager.", **again})
    assert taken.status_code == 303, taken.text
    assert (await view(register, case))["state"] != "awaiting_reply"


async def test_the_queue_shows_what_the_door_accepts_before_a_first_step(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """PR-2012 § 5 nr. 4: the union's tillitsvalgt designated for Oslo fengsel may comment on
    the draft text of a post there before it is announced. Before their first comment (no step
    in the case yet) the door takes the comment, so the queue lists it, the case page shows
    the case through the representative's lens (the salary letter, no applicants or the
    superior who asked, fvl § 13) and the form is taken. The Department, which appoints only
    on its own route (PR-2012 § 10 nr. 1), has no part in it."""
    from tests.workflows.test_hiring import HR, vacancy

    case = case_id("WQH")
    send = Sender(client, worker, register)
    await send.send(event("VacancyRegistered", case, vacancy(), HR["person_id"], HR["role"]))
    info = {"salary": "Lønnstrinn 40-50", "draft_text": "Utkast: fengselsbetjent"}
    await send.send(event("SalaryInformationGiven", case, info, HR["person_id"], HR["role"]))
    rep = bearer(mint("tv-oslo"))
    tasks = (await door.get("/tasks", headers=rep)).json()
    assert ("comment_on_text", "allowed") in {
        (t["trigger"], t["status"]) for t in tasks if t["case_id"] == case
    }, tasks
    page = await door.get(f"/saker/hiring/{case}", headers=rep)
    assert page.status_code == 200, page.text
    shown = (await door.get(f"/cases/{case}?type=hiring", headers=rep)).json()
    assert shown["parties"] == [] and set(shown["details"]) <= {"salary_information"}, shown
    assert "avd-oslo" not in page.text  # the superior who asked for the post
    where = f"/saker/hiring/{case}/handling/comment_on_text"
    form = await door.get(where, headers=rep)
    assert form.status_code == 200, form.text
    sent = await door.post(where, headers=rep, data={"comment": "Greit.", **hidden(form)})
    assert sent.status_code == 303, sent.text
    text = register.read_view(case, "hiring")
    assert text and "tv-oslo" in text
    # Issue 15 re-review M3: a post at Oslo fengsel is not on the Department's route (PR-2012
    # § 10 nr. 2, not nr. 1): its officer neither reads the case nor finds it listed.
    jd = bearer(mint("jd-1"))
    assert (await door.get(f"/saker/hiring/{case}", headers=jd)).status_code == 404
    assert (await door.get(f"/cases/{case}?type=hiring", headers=jd)).status_code == 404
    listed = (await door.get("/cases?type=hiring", headers=jd)).json()
    assert f"hiring-{case}" not in {c["workflow_id"] for c in listed}


async def test_forms_and_sessions_hold_across_replicas(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store
) -> None:
    """deploy/k8s/api.yaml runs the API as replicas: a session cookie and a form minted by one
    app are taken by another built from the same configuration (the signing keys), so the
    party's reply (fvl § 16) is not lost to the load balancer; other keys take neither."""
    from intake.api import create_app
    from intake.config import Settings
    from intake.web import COOKIE, Sessions, derive

    case = await to_reply(client, worker, register)
    base = Settings.from_env()
    settings = Settings(base.data_dir, "unused", worker, register.url, base.mail_dir, None, 0)
    other = create_app(settings, client)
    other.state.web.local_allowed = True  # two replicas of `up`'s app: its local sign-in
    first = await signed_in(door, "emp-2")
    cookie = first.cookies[COOKIE]
    where = f"/saker/discipline/{case}/handling/record_reply"
    fields = hidden(await first.get(where))
    async with (
        other.router.lifespan_context(other),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=other), base_url="http://door",
                          timeout=30, cookies={COOKIE: cookie}) as second,
    ):  # fmt: skip
        page = await second.get("/oppgaver")
        assert page.status_code == 200 and where in page.text, page.text
        sent = await second.post(where, data={"statement": "Beklager.", **fields})
        assert sent.status_code == 303, sent.text
    assert (await view(register, case))["state"] != "awaiting_reply"
    assert Sessions(derive([b"k" * 32], "sessions")).get(cookie) is None


async def seated(client: Client, worker: str, register: Store) -> str:
    """A disciplinary case in deliberation whose council sits with the nearest superior seated
    for it (PR-2012 § 11 nr. 3-4): avd-oslo, on no council of the register; convened in
    writing by its leader (§ 13 nr. 1-2, mainconv)."""
    case = await to_reply(client, worker, register)
    send = Sender(client, worker, register)
    await send.send(event("DisciplineReplyReceived", case, {"statement": "Beklager."}, "emp-2",
                          "employee"))  # fmt: skip
    await send.send(event("DisciplineCouncilSuperiorSeated", case, {"person_id": "avd-oslo"},
                          "leader-oslo", "employee"))  # fmt: skip
    await convene_main(send, case, {"ordensstraff"})
    return case


async def test_a_per_case_seat_opens_the_vote_its_queue_lists(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """PR-2012 § 11 nr. 3-4, § 19 nr. 2 (issue 15 review H1): the nearest superior seated for
    the case sees the vote in "Mine oppgaver", and before their first step reads the case
    (GET /cases/{id}), its actions and the form, and votes through it: one path decides."""
    case = await seated(client, worker, register)
    seat = bearer(mint("avd-oslo"))
    tasks = (await door.get("/tasks", headers=seat)).json()
    assert ("vote", "allowed") in {(t["trigger"], t["status"]) for t in tasks
                                   if t["case_id"] == case}, tasks  # fmt: skip
    assert (await door.get(f"/cases/{case}", headers=seat)).status_code == 200
    actions = (await door.get(f"/cases/{case}/actions", headers=seat)).json()
    assert "vote" in {a["trigger"] for a in actions if a["status"] == "allowed"}, actions
    where = f"/saker/discipline/{case}/handling/vote"
    form = await door.get(where, headers=seat)
    assert form.status_code == 200, form.text
    sent = await door.post(where, headers=seat, data={"choice": "ordensstraff",
                           "seniority_months": "2", **hidden(form)})  # fmt: skip
    assert sent.status_code == 303, sent.text
    votes = [h for h in (await view(register, case))["history"] if h["trigger"] == "vote"]
    assert [h["actor"]["person_id"] for h in votes] == ["avd-oslo"]


async def test_the_department_does_not_read_a_report(
    door: httpx.AsyncClient, register: Store, mint: Mint
) -> None:
    """TI-2020 § 2-4, fvl § 13 (issue 15 review H2): a report at Oslo fengsel names no
    Department in any row or guard: the Department's officer neither reads it (404 alike),
    nor finds it listed in GET /cases or GET /tasks."""
    from datetime import UTC, datetime

    from activities.store import CaseRow, CaseViewRow
    from tests.intake.test_tasks import _put_case

    case = case_id("WQR")
    view_ = {"case_id": case, "case_type": "report", "state": "opened", "ruleset": "TI-2020",
             "org_unit": "oslo-prison", "opened_by_event": "e1", "history": [],
             "deadlines": [], "documents": [], "parties": [], "waiting_for": "x",
             "details": {}}  # fmt: skip
    with register.session() as s:
        _put_case(s, wid=f"report-{case}", case_id=case, case_type="report", state="opened",
                  person_id="emp-2", view=view_, now=datetime.now(UTC))  # fmt: skip
        s.commit()
    jd = bearer(mint("jd-1"))
    try:
        assert (await door.get(f"/cases/{case}", headers=jd)).status_code == 404
        assert (await door.get(f"/cases/{case}/actions", headers=jd)).status_code == 404
        listed = (await door.get("/cases?type=report", headers=jd)).json()
        assert f"report-{case}" not in {c["workflow_id"] for c in listed}
        assert case not in {t["case_id"] for t in (await door.get("/tasks", headers=jd)).json()}
    finally:  # no workflow behind the rows: the session's history check reads every case's
        with register.session() as s:
            for model in (CaseViewRow, CaseRow):
                found = s.get(model, f"report-{case}")
                if found is not None:
                    s.delete(found)
            s.commit()


async def test_sessions_cookies_and_banners_hold_in_production(
    door: httpx.AsyncClient,
    client: Client,
    worker: str,
    register: Store,
    mint: Mint,
    monkeypatch: Any,
) -> None:
    """Issue 15 review L1-L4: a local "sign in as anyone" session is no session outside `up`
    (L3); the identity provider's sign-in sets a Secure cookie even behind a TLS proxy (L2);
    signing out needs the session's CSRF token, and a person out of the register has no session
    (L1); the "done" banner names only an action of the case type, never the URL's text (L4)."""
    from intake.web import COOKIE

    web = door.app.state.web  # type: ignore[attr-defined]
    local = web.sessions.new("emp-2", local=True)
    cookies = {COOKIE: local}
    assert (await door.get("/oppgaver", cookies=cookies)).status_code == 303  # to /logginn
    web.local_allowed = True
    assert (await door.get("/oppgaver", cookies=cookies)).status_code == 200
    web.local_allowed = False
    http = httpx.AsyncClient(transport=door._transport, base_url="https://door", timeout=30)
    signin = await http.post("/logginn", data={"token": mint("emp-2")})
    assert signin.status_code == 303, signin.text
    flags = {p.strip().lower() for p in signin.headers["set-cookie"].split(";")[1:]}
    assert {"secure", "httponly", "samesite=strict"} <= flags
    out = await http.post("/loggut", data={"csrf": "forged"})
    assert out.status_code == 403  # another site's form cannot sign the person out
    from activities.store import AccessRegister

    known = AccessRegister.known_person
    monkeypatch.setattr(AccessRegister, "known_person", lambda self, p: p != "emp-2")
    assert (await http.get("/oppgaver")).status_code == 303  # out of the register: no session
    monkeypatch.setattr(AccessRegister, "known_person", known)
    out = await http.post("/loggut", data={"csrf": csrf_of(await http.get("/oppgaver"))})
    assert out.status_code == 303 and COOKIE in out.headers["set-cookie"]
    case = await to_reply(client, worker, register)
    page = await door.get(f"/saker/discipline/{case}?utfort=<b>pwned</b>",
                          headers=bearer(mint("emp-2")))  # fmt: skip
    assert page.status_code == 200 and "pwned" not in page.text
    page = await door.get(f"/saker/discipline/{case}?utfort=record_reply",
                          headers=bearer(mint("emp-2")))  # fmt: skip
    assert "Handlingen er registrert" in page.text


async def test_a_stale_form_an_outage_and_a_forced_vote(
    door: httpx.AsyncClient,
    client: Client,
    worker: str,
    register: Store,
    mint: Mint,
    monkeypatch: Any,
) -> None:
    """Issue 15 review L5-L6 (fvl § 16: the party's reply is not lost): a form whose token no
    key signs any more is shown again with what was written and a new event, in bokmål; a
    Temporal outage is "Tjenesten er utilgjengelig", not a 500, and changes nothing; a vote
    forced with a valid form token minted for emp-1 is refused for authority (PR-2012 § 11:
    no seat), not for its token. Trail times are Oslo's."""
    from datetime import UTC, datetime

    from temporalio.service import RPCError, RPCStatusCode

    from intake import web as web_module
    from intake.tasks import Task

    case = await to_reply(client, worker, register)
    employee = await signed_in(door, "emp-2")
    where = f"/saker/discipline/{case}/handling/record_reply"
    fields = hidden(await employee.get(where))
    rotated = {**fields, "form_token": "0" * 64}
    shown = await employee.post(where, data={"statement": "Min tekst.", **rotated})
    assert shown.status_code == 409 and 'id="stale"' in shown.text, shown.text
    assert "Min tekst." in shown.text and hidden(shown)["event_id"] != fields["event_id"]

    async def down(*_: Any, **__: Any) -> Any:
        raise RPCError("unavailable", RPCStatusCode.UNAVAILABLE, b"")

    monkeypatch.setattr(web_module, "dispatch", down)
    out = await employee.post(where, data={"statement": "x", **hidden(shown)})
    assert out.status_code == 503 and "Tjenesten er utilgjengelig" in out.text
    assert (await view(register, case))["state"] == "awaiting_reply"
    monkeypatch.undo()

    vote = f"discipline/{case}/vote"
    minted = door.app.state.web.mint("emp-1", vote)  # type: ignore[attr-defined]
    forced = await door.post(f"/saker/{vote.replace('/vote', '/handling/vote')}",
                             headers=bearer(mint("emp-1")),
                             data={"choice": "none", **minted})  # fmt: skip
    assert forced.status_code == 403 and 'id="refused-authority"' in forced.text, forced.text

    task = Task("hiring-H", "H", "hiring", "council", "withdraw_application",
                "ApplicationWithdrawn", "PR-2012 § 7 nr. 1", "allowed")  # fmt: skip
    assert web_module.preset(task) == {}  # HR withdrawing names the applicant, not itself
    assert web_module.oslo_time(datetime(2027, 3, 16, 9, tzinfo=UTC)) == "2027-03-16 10:00"


async def test_the_department_assesses_a_report_on_a_director_whose_ksf_leader_stood_aside(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """TI-2020 § 2-5 with fvl § 6 (issue 15 re-review M1): a report of neglect about the
    regional director is assessed by the KSF leader; with them standing aside, `leader_line`
    climbs to the Department. Before that the Department's officer has no part (404); after,
    the queue offers jd-1 the assessment and the door takes it through the form."""
    case = case_id("WQN")
    send = Sender(client, worker, register)
    neglect = {"employee_id": "hr-east", "kind": "neglect", "summary": "Låste ikke porten",
               "danger_or_loss": True, "concerns_employee_id": "rd-east"}  # fmt: skip
    await send.send(event("ServiceReportSubmitted", case, neglect, "hr-east", "employee"))
    jd = bearer(mint("jd-1"))
    assert (await door.get(f"/cases/{case}?type=report", headers=jd)).status_code == 404
    aside = {"reasons": "Nær venn"}
    await send.send(event("NeglectAssessorDisqualified", case, aside, "kdi-dir", "ksf_leader"))
    actions = (await door.get(f"/cases/{case}/actions?type=report", headers=jd)).json()
    assert {"no_action", "hand_to_discipline"} <= {
        a["trigger"] for a in actions if a["status"] == "allowed"
    }, actions
    tasks = (await door.get("/tasks", headers=jd)).json()
    assert "hand_to_discipline" in {t["trigger"] for t in tasks if t["case_id"] == case}, tasks
    where = f"/saker/report/{case}/handling/no_action"
    form = await door.get(where, headers=jd)
    assert form.status_code == 200, form.text
    sent = await door.post(where, headers=jd, data={"reasons": "Ikke grunnlag.", **hidden(form)})
    assert sent.status_code == 303, sent.text
    text = register.read_view(case, "report")
    assert text and '"state":"no_action"' in text.replace(" ", ""), text


async def test_the_department_reads_a_directors_or_embetsmanns_discipline_only(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """PR-2012 § 19 nr. 1, § 10 nr. 1 (issue 15 re-review M3): the Department decides the
    disciplinary case of an embetsmann (and a director), and reads it; an ordinary officer's
    case at Oslo fengsel is the appointing council's, so the Department's officer gets 404 on
    it and does not find it in GET /cases (fvl § 13)."""
    ordinary = await to_reply(client, worker, register)
    official = case_id("WQE")
    opening = {"employee_id": "emb-1", "summary": "Ulåst dør"}
    send = Sender(client, worker, register)
    await send.send(event("DisciplinaryCaseOpened", official, opening, "leader-oslo",
                          "unit_leader"))  # fmt: skip
    jd = bearer(mint("jd-1"))
    assert (await door.get(f"/cases/{official}?type=discipline", headers=jd)).status_code == 200
    assert (await door.get(f"/cases/{ordinary}?type=discipline", headers=jd)).status_code == 404
    listed = {c["workflow_id"] for c in (await door.get("/cases", headers=jd)).json()}
    assert f"discipline-{official}" in listed and f"discipline-{ordinary}" not in listed


async def test_a_bad_page_offset_is_the_first_page_in_bokmal(
    door: httpx.AsyncClient, mint: Mint
) -> None:
    """Issue 15 re-review L2 (fvl § 11 e: the people's pages speak bokmål): `?fra=` that is no
    count (negative, text, a superscript digit) shows the first page of "Mine oppgaver", never
    the API's English 422; a huge one an empty page."""
    person = bearer(mint("emp-2"))
    for fra in ("-1", "abc", "²", "", "99999999999999999999"):
        page = await door.get(f"/oppgaver?fra={fra}", headers=person)
        assert page.status_code == 200 and "Mine oppgaver" in page.text, (fra, page.text)
        assert "prev-page" not in page.text or fra == "99999999999999999999", fra
    # L5: GET /tasks says whether more cases follow the page.
    everything = await door.get("/tasks?limit=500", headers=person)
    assert everything.headers["X-More"] == "false"
    if len({t["workflow_id"] for t in everything.json()}) > 1:
        assert (await door.get("/tasks?limit=1", headers=person)).headers["X-More"] == "true"

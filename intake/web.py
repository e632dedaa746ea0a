"""The web page for people (issue 15): server-rendered bokmål pages, plain forms, no script.

- Sign in: the identity provider's access token (a reverse proxy's `Authorization: Bearer`,
  or the token pasted once into the sign-in form: checked like the API's, then a session
  cookie), or under `personalsak up` the local sign-in: `up` prints a one-time link, and the
  browser that opens it may sign in as any register person (a single-user development setup).
- "Mine oppgaver": the person's tasks (intake/tasks.py), nearest deadline first.
- A case page: the legal trail, deadlines, letters and documents, parties, as the reader may see
  them (intake/access.py decides, intake/views.py reduces: the API's own path).
- For each action the person may take: a form generated from its payload model
  (intake/forms.py); submitting sends the same event through the same door (intake/dispatch.py)
  as the person, so a refusal is the door's, shown with its rule beside its field, and
  nothing changes. An action not offered is refused before the door.

Also the JSON reads: `GET /tasks` and `GET /cases/{id}/actions` (a person's bearer token).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from temporalio.service import RPCError

from activities.store import AccessRegister, Store
from intake import bokmal
from intake.access import Caller, CaseFacts, Reader, first_readable, record
from intake.apikeys import Denied
from intake.dispatch import dispatch, door_day
from intake.events import BY_NAME
from intake.forms import LABELS, fields_of, payload_from
from intake.identity import Unauthenticated, Verifier
from intake.tasks import PAGE, Task, case_tasks, door_actions, readable, running, task_page
from intake.views import view_for
from states.calendar import OSLO, local_date
from states.leave import TRIGGER_FOR_OUTCOME
from states.rules import RuleViolation
from states.tasks import WITHDRAW
from workflows.case import CaseView
from workflows.catalog import WORKFLOWS

COOKIE = "personalsak_web"
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
STATUS_NAMES = bokmal.STATUSES


def action_name(trigger: str, event: str) -> str:
    return bokmal.action(trigger, event)


def oslo_time(at: datetime) -> str:
    """A trail's time as the reader's clock shows it (Europe/Oslo), not UTC."""
    return at.replace(tzinfo=at.tzinfo or UTC).astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


TEMPLATES.env.filters.update(oslo=oslo_time, state=bokmal.state, deadline=bokmal.deadline,
                             waiting=bokmal.waiting, choice_name=bokmal.choice,
                             deadline_line=bokmal.deadline_line)  # fmt: skip
TEMPLATES.env.globals.update(action_name=action_name, case_type_name=bokmal.case_type,
                             ground_name=bokmal.ground, role_name=bokmal.role,
                             status_names=bokmal.STATUSES)  # fmt: skip


@dataclass
class Session:
    expires: float  # wall-clock seconds (time.time()): any replica reads the same clock
    person: str | None  # None: a local sign-in that has not chosen a person yet
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    local: bool = False


def derive(keys: list[bytes], purpose: str) -> list[bytes]:
    """One secret per configured key for `purpose` (issue 15 review: the API runs replicas,
    deploy/k8s/api.yaml): every replica built from the same configuration signs and checks
    alike. The first signs, all verify, as for the keys themselves (intake/signing.py)."""
    return [hmac.new(k, f"personalsak web: {purpose}".encode(), hashlib.sha256).digest()
            for k in keys]  # fmt: skip


def _sign(secret: bytes, text: str) -> str:
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()


class Sessions:
    """Sessions held by the browser in a signed cookie (HttpOnly, SameSite=Strict): person,
    CSRF token, expiry, signed with the configured key material, so a session from one
    replica is valid on another. Signing out deletes the cookie; a copy taken before stays
    valid until it expires (`seconds`). The one-time local codes are `up`'s single process."""

    seconds = 12 * 3600.0
    code_seconds = 600.0

    def __init__(self, secrets_: list[bytes] | None = None) -> None:
        self._secrets = secrets_ or [secrets.token_bytes(32)]
        self._codes: dict[str, float] = {}

    def new_local_code(self) -> str:
        """A one-time code for the local sign-in (`personalsak up` prints it)."""
        code = secrets.token_urlsafe(24)
        self._codes[code] = time.monotonic() + self.code_seconds
        return code

    def redeem(self, code: str) -> str | None:
        expires = self._codes.pop(code, None)
        if expires is None or expires < time.monotonic():
            return None
        return self.new(None, local=True)

    def new(self, person: str | None, local: bool = False) -> str:
        body = json.dumps({"p": person, "c": secrets.token_urlsafe(24), "l": local,
                           "x": time.time() + self.seconds}, separators=(",", ":"))  # fmt: skip
        text = base64.urlsafe_b64encode(body.encode()).decode()
        return f"{text}.{_sign(self._secrets[0], text)}"

    def get(self, sid: str | None) -> Session | None:
        text, _, mac = (sid or "").partition(".")
        if not any(hmac.compare_digest(_sign(k, text), mac) for k in self._secrets):
            return None
        data = json.loads(base64.urlsafe_b64decode(text.encode()))
        if data["x"] < time.time():
            return None
        return Session(data["x"], data["p"], csrf=data["c"], local=bool(data["l"]))

    def end(self, sid: str | None) -> None:
        """Nothing held here: the response deletes or replaces the cookie."""


@dataclass
class Web:
    register: Store
    client: Callable[[], Any]
    task_queue: str
    verifier: Verifier | None
    sessions: Sessions = field(default_factory=Sessions)
    # Sign each form's event id (`form_token`): derived from the configured keys (`derive`)
    # where the app is built, so a form minted on one replica is taken on another; a form
    # outlives no key rotation's removal of its key, nor `Sessions.seconds`.
    secrets: list[bytes] = field(default_factory=lambda: [secrets.token_bytes(32)])
    # Set by `personalsak up` alone (issue 15 review L3): a local "sign in as anyone" session
    # is taken only there; the same cookie shown to a production replica with shared signing
    # keys is no session. Cookies are `Secure` everywhere else (L2: behind a TLS proxy the
    # app sees http).
    local_allowed: bool = False

    def session(self, sid: str | None) -> Session | None:
        """The cookie's session, unless it is a local one and this app is not `up`."""
        found = self.sessions.get(sid)
        if found is not None and found.local and not self.local_allowed:
            return None
        return found

    def form_token(self, person: str, where: str, event_id: str, at: str, n: int = 0) -> str:
        return _sign(self.secrets[n], "\n".join((person, where, event_id, at)))

    def mint(self, person: str, where: str) -> dict[str, str]:
        """The event a form will send, minted when the form is shown: its id and time in
        hidden fields, signed for this person and this action. Sent twice (a double click, a
        reload), it is the same event, and the door answers the second as a duplicate."""
        event_id, at = _event_id(), datetime.now(UTC).isoformat()
        return {"event_id": event_id, "occurred_at": at,
                "form_token": self.form_token(person, where, event_id, at)}  # fmt: skip

    def minted(self, person: str, where: str, form: dict[str, str]) -> tuple[str, str] | None:
        """The form's event id and time if minted (by any replica with these keys) for this
        person and action within a session's lifetime; None for a forged, foreign or stale
        form. It is also the form's CSRF check: another site cannot sign for the person."""
        event_id, at = form.get("event_id", ""), form.get("occurred_at", "")
        token = form.get("form_token", "")
        if not any(
            hmac.compare_digest(self.form_token(person, where, event_id, at, n), token)
            for n in range(len(self.secrets))
        ):
            return None
        try:
            age = datetime.now(UTC) - datetime.fromisoformat(at)
        except ValueError:
            return None
        if not timedelta(0) <= age <= timedelta(seconds=Sessions.seconds):
            return None
        return event_id, at


def _cookie(response: Response, web: Web, sid: str) -> None:
    response.set_cookie(COOKIE, sid, max_age=int(Sessions.seconds), path="/", httponly=True,
                        samesite="strict", secure=not web.local_allowed)  # fmt: skip


def _event_id() -> str:
    return f"web-{uuid.uuid4()}"


def same_site(request: Request) -> bool:
    """Login CSRF (attacker's review, issue 11): another site's page must not sign this browser
    in as the attacker's person. A browser names a cross-site form's origin (`Origin`, and
    `Sec-Fetch-Site`); such a sign-in is refused. A client that sends neither (no browser) has
    no victim's cookie jar to fill."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host", "")


def install(app: FastAPI, web: Web, identify: Callable[[Request], Caller]) -> None:
    """Add the pages and the task reads to the door's app."""
    app.state.web = web
    store = web.register

    async def off(fn: Callable[..., Any], *args: Any) -> Any:
        return await run_in_threadpool(fn, *args)

    def bearer_person(request: Request) -> str | None:
        """A person from a reverse proxy's bearer token (the identity provider's)."""
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or web.verifier is None:
            return None
        try:
            person = web.verifier.person(token.strip())
        except Unauthenticated:
            return None
        return person if AccessRegister(store).known_person(person) else None

    async def page_person(request: Request) -> tuple[str | None, Session | None]:
        session = web.session(request.cookies.get(COOKIE))
        if session is not None and session.person:
            # Issue 15 review L1: a person taken out of the register loses the session on
            # their next request, not when the cookie expires.
            if await off(AccessRegister(store).known_person, session.person):
                return session.person, session
            return None, None
        return await off(bearer_person, request), session

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        if context.get("person") and "names" not in context:
            context["names"] = _names(store, [context["person"]])
        return TEMPLATES.TemplateResponse(request, name, context, status_code=status)

    def person_caller(request: Request) -> Caller:
        caller = identify(request)
        if caller.kind != "person":
            raise Denied(403, "tasks are a person's: sign in with the identity provider's token")
        return caller

    async def readable_case(
        caller: Caller, case_id: str, case_type: str | None
    ) -> tuple[CaseFacts, str, CaseView, CaseView]:
        """The case as the caller may read it: intake/access.py decides (404 alike for no case
        and no ground), intake/views.py reduces; the read is logged once. Returns the reduced
        view (what the page shows) and the register's full view (what the guards judge)."""
        reader = Reader(store, caller)
        try:
            facts, ground = await off(first_readable, reader, case_id, case_type)
        except LookupError:
            raise Denied(404, f"no case {case_id}") from None
        text = await off(store.read_view, facts.case_id, facts.case_type)
        view = CaseView.model_validate_json(text) if text else None
        ground = await off(readable, reader, facts, view) if view else None
        if view is None or ground is None:
            raise Denied(404, f"no case {case_id}")
        await off(record, store, caller, facts, ground, "api")
        return facts, ground, await off(view_for, store, ground, caller.name, view), view

    async def actions(
        caller: Caller, facts: CaseFacts, shown: CaseView, full: CaseView
    ) -> list[Task]:
        """The door's own judgement of each action for the caller (intake/tasks.py): their
        ground to act (`act_ground`) and the case's guards on the full view; shown as their
        reduced view shows the case."""
        row = await off(store.case, facts.workflow_id)
        if row is None:
            return []
        reader = Reader(store, caller, door_day())
        return await off(lambda: case_tasks(store, row, full, caller.name, door_day(), True,
                                            shown=shown, reader=reader))  # fmt: skip

    # -- JSON ------------------------------------------------------------------------------

    @app.get("/tasks", tags=["tasks"])
    async def get_tasks(
        request: Request,
        response: Response,
        within_days: int | None = Query(None, ge=0, le=3660),
        limit: int = Query(PAGE, ge=1, le=500),
        offset: int = Query(0, ge=0),
    ) -> list[dict[str, Any]]:
        """The authenticated person's tasks across the open cases they may read: each action
        the case's rule rows allow in its state that the authority model gives them today,
        with the rule and the case's deadlines; nearest deadline first. `within_days=7`: what
        falls due this week (overdue included). A page: the tasks of `limit` cases (default
        50) after `offset` cases, the cases by their tasks' own earliest due date; the header
        `X-More: true` says more cases follow (ask again with `offset + limit`)."""
        caller = await off(person_caller, request)
        found, more = await off(task_page, store, caller, door_day(), None, within_days, None,
                                limit, offset)  # fmt: skip
        response.headers["X-More"] = "true" if more else "false"
        return [t.as_dict() for t in found]

    @app.get("/cases/{case_id}/actions", tags=["tasks"])
    async def get_actions(
        request: Request, case_id: str, type: str | None = None
    ) -> list[dict[str, Any]]:
        """One case's actions for the authenticated person: those they may take now
        (`allowed`) and those theirs but not possible now (`blocked`, with the rule)."""
        caller = await off(person_caller, request)
        if type is not None and type not in WORKFLOWS:
            raise Denied(404, f"no case type {type}")
        facts, _, view, full = await readable_case(caller, case_id, type)
        return [t.as_dict() for t in await actions(caller, facts, view, full)]

    # -- pages -----------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/oppgaver", status_code=303)

    @app.get("/logginn", include_in_schema=False)
    async def signin_page(request: Request, kode: str = "") -> Response:
        if kode:  # the one-time link `up` printed
            sid = web.sessions.redeem(kode)
            if sid is None:
                return render(request, "signin.html", 403, error="Ukjent eller brukt kode.")
            response = RedirectResponse("/logginn", status_code=303)
            _cookie(response, web, sid)
            return response
        session = web.session(request.cookies.get(COOKIE))
        return render(request, "signin.html", session=session, person=None,
                      provider=web.verifier is not None)  # fmt: skip

    @app.post("/logginn", include_in_schema=False)
    async def signin(
        request: Request, token: str = Form(""), person_id: str = Form(""), csrf: str = Form("")
    ) -> Response:
        session = web.session(request.cookies.get(COOKIE))
        person: str | None = None
        if person_id and session is not None and session.local and csrf == session.csrf:
            if await off(AccessRegister(store).known_person, person_id):
                person = person_id
        elif token and web.verifier is not None and same_site(request):
            try:
                person = await off(web.verifier.person, token.strip())
            except Unauthenticated:
                person = None
            if person and not await off(AccessRegister(store).known_person, person):
                person = None
        if person is None:
            return render(request, "signin.html", 403, session=session, person=None,
                          provider=web.verifier is not None,
                          error="Innloggingen ble ikke godtatt.")  # fmt: skip
        sid = web.sessions.new(person, local=bool(session and session.local))
        web.sessions.end(request.cookies.get(COOKIE))
        response = RedirectResponse("/oppgaver", status_code=303)
        _cookie(response, web, sid)
        return response

    @app.post("/loggut", include_in_schema=False)
    async def signout(request: Request, csrf: str = Form("")) -> Response:
        session = web.session(request.cookies.get(COOKIE))
        if session is not None and not hmac.compare_digest(csrf, session.csrf):
            # Issue 15 review L1: another site's form must not sign the person out (CSRF).
            return render(request, "signin.html", 403, session=session, person=session.person,
                          provider=web.verifier is not None,
                          error="Utloggingen ble ikke godtatt.")  # fmt: skip
        local = bool(session and session.local)
        web.sessions.end(request.cookies.get(COOKIE))
        response = RedirectResponse("/logginn", status_code=303)
        if local:  # the local sign-in may choose another person
            _cookie(response, web, web.sessions.new(None, local=True))
        else:
            response.delete_cookie(COOKIE, path="/")
        return response

    async def who(request: Request) -> tuple[Caller, Session | None] | None:
        person, session = await page_person(request)
        return (Caller("person", person), session) if person else None

    @app.get("/oppgaver", include_in_schema=False)
    async def my_tasks(request: Request, uke: str = "", fra: str = "") -> Response:
        """ "Mine oppgaver"; `?uke=1`: only what falls due within a week (overdue too); `?fra=`:
        the page after that many cases (PAGE cases a page, issue 15 review M4); anything but a
        count (`-1`, `abc`) is the first page, never an English JSON error on a page (L2)."""
        found = await who(request)
        if found is None:
            return RedirectResponse("/logginn", status_code=303)
        caller, session = found
        week = 7 if uke else None
        start = min(int(fra), 10**6) if fra.isascii() and fra.isdigit() else 0  # clamped
        tasks, more = await off(task_page, store, caller, door_day(), None, week, None, PAGE,
                                start)  # fmt: skip
        names = await off(_names, store, [caller.name])
        soon = (door_day() + timedelta(days=7)).isoformat()
        return render(request, "tasks.html", person=caller.name, names=names, tasks=tasks,
                      session=session, today=door_day(), week=bool(week), soon=soon,
                      start=start, page=PAGE, more=more)  # fmt: skip

    @app.get("/saker/{case_type}/{case_id}", include_in_schema=False)
    async def case_page(request: Request, case_type: str, case_id: str) -> Response:
        found = await who(request)
        if found is None:
            return RedirectResponse("/logginn", status_code=303)
        caller, session = found
        try:
            facts, ground, view, full = await readable_case(caller, case_id, case_type)
        except Denied:
            return render(request, "missing.html", 404, person=caller.name, session=session,
                          case_id=case_id)  # fmt: skip
        offered = await actions(caller, facts, view, full)
        letters = await off(_letters, store, facts.workflow_id, view)
        names = await off(_names, store, [caller.name, *(p.person_id for p in view.parties)])
        # Issue 15 review L4: the banner names an action of this case type, never the URL's text.
        done = request.query_params.get("utfort", "")
        known = {**door_actions(facts.case_type), WITHDRAW[0]: WITHDRAW[1]}
        return render(request, "case.html", person=caller.name, session=session, view=view,
                      ground=ground, actions=offered, letters=letters, names=names,
                      status_names=STATUS_NAMES, done=done if done in known else "",
                      deadlines=running(facts.case_type, view))  # fmt: skip

    async def offered_action(
        caller: Caller, case_type: str, case_id: str, trigger: str
    ) -> tuple[CaseView, Task, type[Any]] | None:
        """The action if the person is offered it now (the same computation as the task
        list): a crafted request for any other is refused here, before the door."""
        try:
            facts, _, view, full = await readable_case(caller, case_id, case_type)
        except Denied:
            return None
        task = next(
            (t for t in await actions(caller, facts, view, full)
             if t.trigger == trigger and t.status == "allowed"),
            None,
        )  # fmt: skip
        if task is None:
            return None
        return view, task, payload_model(task.event)

    @app.get("/saker/{case_type}/{case_id}/handling/{trigger}", include_in_schema=False)
    async def action_form(request: Request, case_type: str, case_id: str, trigger: str) -> Response:
        found = await who(request)
        if found is None:
            return RedirectResponse("/logginn", status_code=303)
        caller, session = found
        offered = await offered_action(caller, case_type, case_id, trigger)
        if offered is None:
            return render(request, "refused.html", 403, person=caller.name, session=session,
                          case_id=case_id, case_type=case_type, trigger=trigger)  # fmt: skip
        view, task, model = offered
        where = f"{case_type}/{case_id}/{trigger}"
        held = await off(fixed, store, task, caller.name)
        return render(request, "action.html", person=caller.name, session=session, view=view,
                      task=task, fields=fields_of(model), values={**preset(task), **held},
                      errors={}, refusal=None, minted=web.mint(caller.name, where),
                      fixed=held)  # fmt: skip

    @app.post("/saker/{case_type}/{case_id}/handling/{trigger}", include_in_schema=False)
    async def action_submit(
        request: Request, case_type: str, case_id: str, trigger: str
    ) -> Response:
        found = await who(request)
        if found is None:
            return RedirectResponse("/logginn", status_code=303)
        caller, session = found
        form = {k: str(v) for k, v in (await request.form()).items()}
        where, sender = f"{case_type}/{case_id}/{trigger}", f"person:{caller.name}"

        def refused(token: bool = False) -> Response:
            return render(request, "refused.html", 403, person=caller.name, session=session,
                          case_id=case_id, case_type=case_type, trigger=trigger,
                          token=token)  # fmt: skip

        # The form's signed event (minted when it was shown) is its CSRF check, for a session
        # and for a reverse proxy's bearer token alike; a session's own token is checked too.
        minted = web.minted(caller.name, where, form)
        signed_in = session is not None and session.person == caller.name
        if signed_in and form.get("csrf") != session.csrf:  # type: ignore[union-attr]
            return refused(token=True)
        if minted is None:
            # Issue 15 review L5: a form too old, or signed with a key since rotated out, is
            # shown again with what was written and a new event, if the action is still
            # offered; nothing was sent (a page answer changes nothing: no CSRF gain).
            again = await offered_action(caller, case_type, case_id, trigger)
            if again is None:
                return refused(token=True)
            view, task, model = again
            held = await off(fixed, store, task, caller.name)
            # What was written comes back only to a session whose own CSRF token came with it
            # (this site's page): another site's post gets the blank form, never its text.
            values = {**form, **held} if signed_in else {**preset(task), **held}
            return render(request, "action.html", 409, person=caller.name, session=session,
                          view=view, task=task, fields=fields_of(model), values=values,
                          errors={}, refusal=None, stale=True,
                          minted=web.mint(caller.name, where), fixed=held)  # fmt: skip
        event_id, occurred_at = minted
        offered = await offered_action(caller, case_type, case_id, trigger)
        if offered is None:
            # Not offered now. The same form sent again after it was taken (a double submit)
            # goes to the door, which answers it as the event it already has; anything else
            # is refused here, before the door.
            again = await off(store.received_event, event_id, sender)
            found_again = await action_again(caller, case_type, case_id, trigger) if again else None
            if found_again is None:
                return refused()
            offered = found_again
        view, task, model = offered
        held = await off(fixed, store, task, caller.name)
        form.update(held)  # an applicant's own application, whatever the form says
        payload, errors = payload_from(model, form)
        refusal: dict[str, str] | None = None
        if not errors:
            event = {
                "event_id": event_id,
                "type": task.event,
                "case_id": case_id,
                "occurred_at": occurred_at,
                "actor": {"person_id": caller.name},
                "payload": payload,
            }
            try:
                result = await dispatch(web.client(), event, task_queue=web.task_queue,
                                        register=store, sender=sender)  # fmt: skip
            except RPCError:
                # Temporal unreachable: nothing was taken (the door answers the same event
                # again once it is back), and the person is told so, not shown a 500.
                return render(request, "unavailable.html", 503, person=caller.name,
                              session=session, case_id=case_id,
                              case_type=case_type)  # fmt: skip
            except RuleViolation as exc:
                refusal = exc.as_dict()
                label = (exc.field or "").removeprefix("payload.").split(".")[0]
                # Issue 15 review M3: the page's line in bokmål from the rule and the field's
                # bokmål label; the rule's English message beside it (lang="en").
                refusal["bokmal"] = bokmal.refusal(exc.rule, LABELS.get(label, label))
                # The door took nothing (a duplicate is no refusal: it redirects above), so the
                # form shown again carries a new event: the old one's time would be refused for
                # ever once the case took a later step (event contract, issue 15 review), and
                # an event changed after it was taken is a conflict.
                form.update(web.mint(caller.name, where))
                name = (exc.field or "").removeprefix("payload.").split(".")[0]
                if exc.field and exc.field.startswith("payload.") and name:
                    errors[name] = f"Ikke godtatt etter {exc.rule}: se begrunnelsen over."
            else:
                again_note = "&igjen=1" if result.get("status") == "duplicate" else ""
                return RedirectResponse(
                    f"/saker/{case_type}/{case_id}?utfort={trigger}{again_note}", status_code=303
                )
        return render(request, "action.html", 422, person=caller.name, session=session,
                      view=view, task=task, fields=fields_of(model), values=form,
                      errors=errors, refusal=refusal, minted=minted_fields(form),
                      fixed=held)  # fmt: skip

    async def action_again(
        caller: Caller, case_type: str, case_id: str, trigger: str
    ) -> tuple[CaseView, Task, type[Any]] | None:
        """A form sent again whose event the door has already: the action's event type (the
        door's own map), so the repeat reaches the door's idempotency, whatever the case's
        state is now."""
        try:
            facts, _, view, _ = await readable_case(caller, case_id, case_type)
        except Denied:
            return None
        event = {**door_actions(facts.case_type), WITHDRAW[0]: WITHDRAW[1]}.get(trigger)
        if event is None:
            return None
        task = Task(workflow_id=facts.workflow_id, case_id=facts.case_id,
                    case_type=facts.case_type, state=view.state, trigger=trigger, event=event,
                    rule="", status="allowed")  # fmt: skip
        return view, task, payload_model(event)


def fixed(store: Store, task: Task, person: str) -> dict[str, str]:
    """The fields an applicant cannot change: their own id in their own step on their own
    application (PR-2012 § 7, § 9 nr. 5; fvl § 13: no asking after another's). HR serving the
    post names the applicant it acts for."""
    own = task.event in ("ApplicationWithdrawn", "RecommendationAccessRequested")
    if own and task.workflow_id in AccessRegister(store).applied_to(person):
        return {"applicant_id": person}
    return {}


def preset(task: Task) -> dict[str, str]:
    """A leave decision's form opens on the outcome its trigger takes (PR-2012 § 23 nr. 4:
    grant, grant partly, refuse are one event, `LeaveDecided`, by its `outcome`). An appeal's
    posting date opens on the door's day in Oslo (fvl § 30: the day it is posted or sent;
    issue 15 re-review L6), which the party changes for a letter posted earlier. An
    applicant's own id is `fixed`'s, only in their own application: HR withdrawing for an
    applicant names the applicant (issue 15 review L5), never HR's own id."""
    out: dict[str, str] = {}
    outcome = {t: o for o, t in TRIGGER_FOR_OUTCOME.items()}.get(task.trigger)
    if task.event == "LeaveDecided" and outcome:
        out["outcome"] = outcome
    if "posted_on" in payload_model(task.event).model_fields:
        out["posted_on"] = door_day().isoformat()
    return out


def minted_fields(form: dict[str, str]) -> dict[str, str]:
    """The minted event's hidden fields on a form shown again: those it was sent with after
    a payload error the page found (nothing reached the door), a new event after the door's
    refusal (`action_submit`)."""
    return {k: form.get(k, "") for k in ("event_id", "occurred_at", "form_token")}


def payload_model(event: str) -> type[Any]:
    """The payload model of an event type, as the door parses it (intake/events.py)."""
    return BY_NAME[event].model_fields["payload"].annotation  # type: ignore[no-any-return]


def _names(store: Store, ids: list[str]) -> dict[str, str]:
    out = {}
    for pid in dict.fromkeys(ids):
        person = store.person(pid)
        out[pid] = person.name if person else pid
    return out


def _letters(store: Store, workflow_id: str, view: CaseView) -> list[dict[str, Any]]:
    """The text of the documents the reader's view lists (intake/views.py chose which)."""
    shown = {d.doc_id for d in view.documents}
    return [
        {"doc_id": d.doc_id, "title": d.title, "body": d.body, "kind": d.kind,
         "created": local_date(d.created_at.replace(tzinfo=d.created_at.tzinfo or UTC))}
        for d in store.documents(workflow_id)
        if d.doc_id in shown
    ]  # fmt: skip


__all__ = ["Sessions", "Web", "install"]

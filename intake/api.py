"""The HTTP door: HR systems (API keys) and people (OIDC bearer tokens) send events and read
cases; the Temporal UI decrypts through the codec endpoint for identified officers.

Every request is identified before its body is read; bodies are read with the size limit
enforced while streaming; every read of a case is decided by intake.access and logged."""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from google.protobuf import json_format
from starlette.concurrency import run_in_threadpool
from temporalio.api.common.v1 import Payload, Payloads
from temporalio.client import Client

from activities.store import AccessRegister, Store
from intake import apidocs, cases, connect, events, signing, web
from intake.access import (
    CANDIDATE,
    REDUCED,
    Caller,
    CaseFacts,
    Reader,
    facts_for,
    facts_of,
    first_readable,
    local_caller,
    record,
)
from intake.apikeys import Denied, OutOfScope, authorise, may_send, send_scope
from intake.bodylimit import BodyLimit
from intake.codec import ENCODING, CodecError, EncryptionCodec, case_of, load_keys
from intake.config import Settings
from intake.dispatch import dispatch
from intake.identity import OidcConfig, Unauthenticated, Verifier
from intake.keyring import Keyring
from intake.views import shown_state, view_for
from states.rules import EVENT_CONTRACT, EventConflict, RuleViolation
from workflows.case import CaseView
from workflows.catalog import WORKFLOWS

MAX_DEPTH = 32  # an event nests a few levels; deeper is hostile (json.loads would recurse)
MAX_CODEC_BYTES = 4 * 1024 * 1024  # a page of the UI asks for a few payloads at a time
LIST_CAP = 100  # cases per listing request
LIST_SCAN = 5_000  # register rows a listing looks at, at most, to fill one answer
CODEC_COOKIE = "personalsak_codec"  # the local sign-in's session: HttpOnly, SameSite=Strict
T = TypeVar("T")


class TooLarge(Exception):
    pass


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, or TooLarge as soon as it (declared or streamed) passes `limit` bytes: the
    rest is never read."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge
    return bytes(body)


def too_deep(body: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text nests arrays/objects deeper than `limit` (strings skipped)."""
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def hostile_json(body: bytes) -> dict[str, Any]:
    """The event as a JSON object, or the event contract's refusal (never a RecursionError
    or an integer-conversion ValueError surfacing as a 500)."""
    if too_deep(body):
        raise RuleViolation(EVENT_CONTRACT, f"event nests deeper than {MAX_DEPTH} levels")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise RuleViolation(EVENT_CONTRACT, f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise RuleViolation(EVENT_CONTRACT, "an event is a JSON object")
    return data


@dataclass
class LocalSignin:
    """The local officer's sign-in for the single-user `up`: `up` prints a one-time code on its
    terminal; redeeming it gives a codec session that only this browser's data encoder setting
    holds (never the dev server's arguments, never the UI's settings endpoint)."""

    code_seconds: float = 600.0
    session_seconds: float = 12 * 3600.0

    def __post_init__(self) -> None:
        self._codes: dict[str, tuple[float, str | None]] = {}
        self._sessions: dict[str, tuple[float, str | None]] = {}

    def new_code(self, person_id: str | None = None) -> str:
        """A one-time code; with `person_id` the session reads as that register person."""
        code = secrets.token_urlsafe(24)
        self._codes[code] = (time.monotonic() + self.code_seconds, person_id)
        return code

    def redeem(self, code: str) -> str | None:
        found = self._codes.pop(code, None)
        if found is None or found[0] < time.monotonic():
            return None
        session = secrets.token_urlsafe(32)
        self._sessions[session] = (time.monotonic() + self.session_seconds, found[1])
        return session

    def caller(self, session: str) -> Caller | None:
        found = self._sessions.get(session)
        if found is None or found[0] < time.monotonic():
            return None
        return Caller("person", found[1]) if found[1] else local_caller()


def create_app(settings: Settings, client: Client | None = None) -> FastAPI:
    state: dict[str, Any] = {"client": client}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if state["client"] is None:
            state["client"] = await connect(settings.temporal_address, register=register)
        yield

    app = FastAPI(
        title="Personalsak", version="1", lifespan=lifespan, docs_url=None, redoc_url=None
    )
    app.add_middleware(BodyLimit)  # every route's body capped while read (issue 11 item 6)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=os.environ.get("PERSONALSAK_UI_ORIGIN", "http://localhost:8233").split(","),
        allow_credentials=True,
        allow_methods=["POST"],
        allow_headers=["content-type", "x-namespace", "authorization"],
    )
    register = Store(settings.database_url)
    state["register"] = register
    keys = load_keys(settings.data_dir)
    # The codec endpoint reads per-case data keys from the register (intake/keyring.py).
    keyring = Keyring(register, keys) if keys else None
    payload_codec = EncryptionCodec(keys, keyring=keyring) if keys else None
    oidc = OidcConfig.from_env()
    verifier = Verifier(oidc) if oidc else None
    signin = LocalSignin()
    app.state.local_signin = signin  # `up` prints a sign-in link from it
    app.state.verifier = verifier

    async def off_loop(fn: Callable[..., T], *args: Any) -> T:
        return await run_in_threadpool(fn, *args)

    def person_from_bearer(authorization: str) -> Caller:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Denied(401, "Authorization: Bearer <token> expected")
        if verifier is None:
            raise Denied(401, "no identity provider configured (PERSONALSAK_OIDC_ISSUER)")
        try:
            person = verifier.person(token.strip())
        except Unauthenticated as exc:
            raise Denied(401, str(exc)) from None
        if not AccessRegister(register).known_person(person):
            raise Denied(403, "the token's person is not in the register")
        return Caller("person", person)

    def identify(request: Request) -> Caller:
        """The caller from X-API-Key (an HR system) or a bearer token (a person); 401 else."""
        if request.headers.get("x-api-key"):
            return authorise(register, request.headers["x-api-key"])
        if request.headers.get("authorization"):
            return person_from_bearer(request.headers["authorization"])
        raise Denied(401, "an API key (X-API-Key) or a bearer token (Authorization) is required")

    @app.exception_handler(RuleViolation)
    async def _refused(_: Request, exc: RuleViolation) -> JSONResponse:
        return JSONResponse(status_code=422, content=exc.as_dict())

    @app.exception_handler(EventConflict)  # an event id reused with other content
    async def _conflict(_: Request, exc: EventConflict) -> JSONResponse:
        return JSONResponse(status_code=409, content=exc.as_dict())

    @app.exception_handler(OutOfScope)
    async def _out_of_scope(_: Request, exc: OutOfScope) -> JSONResponse:
        return JSONResponse(status_code=403, content=exc.as_dict())

    @app.exception_handler(Denied)
    async def _denied(_: Request, exc: Denied) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content={"error": str(exc)})

    @app.exception_handler(TooLarge)
    async def _too_large(_: Request, exc: TooLarge) -> JSONResponse:
        return JSONResponse(
            status_code=413,
            content={
                "error": f"larger than {events.MAX_EVENT_BYTES} bytes",
                "rule": EVENT_CONTRACT,
            },
            headers={"connection": "close"},
        )

    @app.post("/events")
    async def post_event(request: Request) -> dict[str, Any]:
        """Accept one HR event (JSON) with the sender's X-API-Key or a person's bearer token.
        200 accepted or duplicate; 422 refused with the rule; 401 without a valid identity,
        403 for an event type or an actor the caller may not send; 413 over 64 KiB."""
        caller = await off_loop(identify, request)  # before a byte of the body is read
        data = hostile_json(await read_limited(request, events.MAX_EVENT_BYTES))
        event_type = data.get("type")
        if caller.kind == "system":
            may_send(caller, str(event_type))
        actor = data.get("actor")
        actor_id = actor.get("person_id") if isinstance(actor, dict) else None
        if caller.kind == "person" and actor_id != caller.name:
            raise Denied(
                403, f"actor.person_id: a person sends events as themselves ({caller.name})"
            )
        # An HR system sends only for the units and people its key names (issue 11).
        system = caller.kind == "system"
        scope = await off_loop(send_scope, register, caller.name) if system else None
        return await dispatch(
            state["client"],
            data,
            task_queue=settings.task_queue,
            register=register,
            sender=f"{caller.kind}:{caller.name}",
            scope=scope,
        )

    @app.get("/events/schema")
    async def event_schema() -> dict[str, Any]:
        """The JSON Schema of every event, each event and field described (intake/learn.py)."""
        from intake.learn import schema

        return schema()

    async def confirmed(
        reader: Reader, facts: CaseFacts, ground: str | None, live: bool = False
    ) -> tuple[str | None, CaseView | None]:
        """The ground and the case's view (the register's read model, or with `live` the
        workflow's query), for a caller the register gave a ground: a council seat is confirmed
        against the council the view names (None: not theirs after all)."""
        view = await cases.show(state["client"], facts.case_id, facts.case_type, register, live)
        if view is not None and ground == CANDIDATE:
            ground = await off_loop(reader.ground, facts, view)
        return (ground, view) if view is not None else (None, None)

    @app.get("/cases/{case_id}", response_model=CaseView)
    async def get_case(
        request: Request, case_id: str, type: str | None = None, live: bool = False
    ) -> CaseView:
        """One case, if the caller may read it, as their ground lets them see it
        (intake/views.py). The register decides before anything else: 404 alike for a case
        that does not exist and one the caller may not read (docs/legal-choices.md), with no
        read of the view (but for someone the register could seat on the case's council, whom
        only the view names: `Reader.may_sit_per_case`), no workflow query (`?live=true`) and
        no log row; an allowed read is
        logged once with its ground. From the register's read model; `?live=true` asks the
        running workflow."""
        caller = await off_loop(identify, request)
        if type is not None and type not in WORKFLOWS:
            raise Denied(404, f"no case type {type}")
        reader = Reader(register, caller)
        try:
            facts, ground = await off_loop(first_readable, reader, case_id, type)
        except LookupError:
            raise Denied(404, f"no case {case_id}") from None
        ground, view = await confirmed(reader, facts, ground, live)
        if view is None or ground is None:
            raise Denied(404, f"no case {case_id}")
        await off_loop(record, register, caller, facts, ground, "api")
        return await off_loop(view_for, register, ground, caller.name, view)

    @app.get("/cases")
    async def list_cases(
        request: Request,
        type: str | None = None,
        state_: str | None = Query(None, alias="state"),
        unit: str | None = None,
        limit: int = Query(LIST_CAP, ge=1, le=LIST_CAP),
    ) -> list[dict[str, Any]]:
        """The cases the caller may read (at most `limit`, at most LIST_CAP), newest change
        first, from the register's rows (type, state, unit: no personal data). Each listed case
        is a read, logged once with its ground (channel `list`). A listing looks at LIST_SCAN
        register rows and asks at most LIST_CAP cases which council sits for them; narrow it
        with `type`, `state` or `unit`. Each case's state is the one its reader's lens shows
        (intake/views.py), as in `GET /cases/{id}`, and `state` filters on that."""
        caller = await off_loop(identify, request)
        if type is not None and type not in WORKFLOWS:
            raise Denied(404, f"no case type {type}")
        reader = Reader(register, caller)
        access = AccessRegister(register)
        out: list[dict[str, Any]] = []
        asked = 0
        for offset in range(0, LIST_SCAN, 500):
            # The state filter follows the reader's lens (below), never the register's column:
            # a reporter's `?state=` is no oracle for the colleague's outcome (TI-2020 § 2-5
            # with fvl § 13).
            page = await off_loop(access.listing, type, None, unit, offset, 500)
            for row in page:
                facts = await off_loop(facts_of, register, row)
                ground = await off_loop(reader.ground, facts)
                if ground == CANDIDATE:  # a council seat: the case says which council sits
                    asked += 1
                    if asked > LIST_CAP:
                        continue  # at most LIST_CAP cases asked per listing
                    ground, _ = await confirmed(reader, facts, ground)
                if not ground:
                    continue
                shown = await off_loop(shown_state, register, ground, caller.name, row)
                if shown is None or (state_ is not None and shown != state_):
                    continue
                await off_loop(record, register, caller, facts, ground, "list")
                out.append({
                    "workflow_id": row.workflow_id, "case_type": row.case_type,
                    "state": shown, "org_unit": row.org_unit,
                    "updated_at": row.updated_at.isoformat(),
                })  # fmt: skip
                if len(out) >= limit:
                    return out
            if len(page) < 500:
                break
        return out

    async def codec(caller: Caller | None, op: str, request: Request) -> JSONResponse:
        if caller is None:
            return JSONResponse(status_code=401, content={"error": "sign in first"})
        if op == "encode":
            return JSONResponse(
                status_code=403,
                content={"error": "the codec endpoint only decodes: cases move through the door"},
            )
        if op != "decode":
            return JSONResponse(status_code=404, content={"error": f"no codec operation {op}"})
        if payload_codec is None:
            return JSONResponse(status_code=503, content={"error": "no codec keys configured"})
        try:
            body = await read_limited(request, MAX_CODEC_BYTES)
            if too_deep(body):
                raise ValueError("nested too deeply")
            payloads = list(json_format.Parse(body, Payloads()).payloads)
            grounds = await decode_grounds(caller, payloads)
            out = await off_loop(decode_for, grounds, payloads, caller.kind == "local")
        except TooLarge:
            return JSONResponse(status_code=413, content={"error": "codec request too large"})
        except (CodecError, json_format.ParseError, ValueError, TypeError, RecursionError) as exc:
            return JSONResponse(status_code=400, content={"error": f"malformed payloads: {exc}"})
        return JSONResponse(content=json_format.MessageToDict(Payloads(payloads=out)))

    async def decode_grounds(caller: Caller, payloads: list[Payload]) -> dict[str, str]:
        """The cases (workflow ids) whose payloads the caller may see decrypted, each decided
        on the register first and logged once per request. A reduced view's ground (applicant,
        party, reporter, representative) gives no decode: the raw history holds what that view
        leaves out (intake/views.py)."""
        reader = Reader(register, caller)
        wids = {case_of(p) for p in payloads if p.metadata.get("encoding") == ENCODING}
        grounds: dict[str, str] = {}
        for wid in sorted(w for w in wids if w):
            if keyring is not None and await off_loop(keyring.destroyed, wid):
                continue  # erased (PR-2012 § 18, docs/retention.md): its payloads stay sealed
            if await off_loop(register.undecodable, wid):
                # erased by the register's record whatever key sealed the payload: a case from
                # before per-case keys, or erased where no keyring ran, has payloads under the
                # master key, which no destroyed data key covers (issue 14 review); erased in
                # part (a running hiring case's applicants not appointed), or a § 18 deletion
                # not yet swept: never decoded either (review M4, L1)
                continue
            facts = await off_loop(facts_for, register, caller, wid)
            ground = await off_loop(reader.ground, facts) if facts else None
            if facts is None or ground is None or ground in REDUCED:
                continue
            if ground == CANDIDATE:
                ground, _ = await confirmed(reader, facts, ground)
            # confirmed with the view, a ground may be a reduced one (a § 9 nr. 3 representative)
            if ground and ground not in REDUCED:
                await off_loop(record, register, caller, facts, ground, "codec")
                grounds[wid] = ground
        return grounds

    def decode_for(grounds: dict[str, str], payloads: list[Payload], local: bool) -> list[Payload]:
        """Decrypt the payloads of the cases in `grounds`; others come back still encrypted. A
        payload bound to no case is the local operator's only."""
        assert payload_codec is not None

        def readable(p: Payload) -> bool:
            wid = case_of(p)
            return wid in grounds if wid else local

        return [
            payload_codec.decrypt(p)
            if p.metadata.get("encoding") == ENCODING and readable(p)
            else p
            for p in payloads
        ]

    def session_caller(request: Request) -> Caller | None:
        session = request.cookies.get(CODEC_COOKIE)
        return signin.caller(session) if session else None

    @app.post("/codec/{op}")
    async def codec_endpoint(op: str, request: Request) -> JSONResponse:
        """The codec server for the Temporal UI: an officer's access token forwarded by the
        UI (codec.passAccessToken), or under the single-user `up` the local sign-in's cookie
        (the UI's "Include cross-origin credentials"). Decodes the cases that person may read."""
        if request.headers.get("authorization"):
            try:
                caller = await off_loop(person_from_bearer, request.headers["authorization"])
            except Denied as exc:
                return JSONResponse(status_code=exc.status, content={"error": str(exc)})
        else:
            caller = session_caller(request)
        return await codec(caller, op, request)

    @app.get("/codec/signin")
    async def codec_signin(request: Request, code: str = "") -> JSONResponse:
        """Redeem the one-time code `up` printed on its terminal: this browser gets the codec
        session as an HttpOnly, SameSite=Strict cookie (never in a URL, never readable by a
        script), and the answer names the codec endpoint to set in the UI's data encoder
        setting with "Include cross-origin credentials" on."""
        session = signin.redeem(code)
        if session is None:
            return JSONResponse(status_code=403, content={"error": "unknown or used code"})
        base = str(request.base_url).rstrip("/")
        response = JSONResponse(
            content={"codec_endpoint": f"{base}/codec", "include_credentials": True}
        )
        response.set_cookie(
            CODEC_COOKIE,
            session,
            max_age=int(signin.session_seconds),
            path="/codec",
            httponly=True,
            samesite="strict",
            # Secure unless under `up` on localhost (issue 15 review L2): behind a TLS proxy
            # the app sees http, and the cookie must still go only over TLS.
            secure=request.url.scheme == "https" or not request.app.state.web.local_allowed,
        )
        return response

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    # The people's pages and task reads (intake/web.py): the same register, access and door.
    # Forms and sessions signed with key material from the configured signing keys (the
    # door's own, `PERSONALSAK_SIGNING_KEYS` or `up`'s key file): every replica alike; none
    # configured is the door's own startup error (issue 15 review).
    signing.ensure_installed(settings.data_dir)
    signers = [k for _, k in signing.installed()]
    page = web.Web(register, lambda: state["client"], settings.task_queue, verifier,
                   sessions=web.Sessions(web.derive(signers, "sessions")),
                   secrets=web.derive(signers, "forms"))  # fmt: skip
    web.install(app, page, identify)
    apidocs.install(app)  # /docs from local assets; the OpenAPI body of POST /events
    return app


__all__ = ["LocalSignin", "create_app"]

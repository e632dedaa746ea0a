"""The HTTP door for HR systems: the same contract and results as `personalsak event send`."""

from __future__ import annotations

import contextlib
import hmac
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from google.protobuf import json_format
from temporalio.api.common.v1 import Payloads
from temporalio.client import Client

from activities.store import Store
from intake import cases, connect, events
from intake.apikeys import Denied, authorise
from intake.codec import CodecError, EncryptionCodec, load_keys
from intake.config import Settings
from intake.dispatch import dispatch
from states.rules import EventConflict, RuleViolation
from workflows.case import CaseView


def codec_token(settings: Settings) -> str | None:
    if os.environ.get("PERSONALSAK_CODEC_TOKEN"):
        return os.environ["PERSONALSAK_CODEC_TOKEN"]
    path = settings.data_dir / "codec-token"
    return path.read_text().strip() if path.exists() else None


def create_app(settings: Settings, client: Client | None = None) -> FastAPI:
    state: dict[str, Any] = {"client": client}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if state["client"] is None:
            state["client"] = await connect(settings.temporal_address)
        state["register"] = Store(settings.database_url)
        yield

    app = FastAPI(title="Personalsak", version="1", lifespan=lifespan)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[os.environ.get("PERSONALSAK_UI_ORIGIN", "http://localhost:8233")],
        allow_credentials=True,
        allow_methods=["POST"],
        allow_headers=["content-type", "x-namespace", "authorization"],
    )
    keys = load_keys(settings.data_dir)
    payload_codec = EncryptionCodec(keys) if keys else None

    async def codec_endpoint(token: str, op: str, request: Request) -> JSONResponse:
        expected = codec_token(settings)
        if payload_codec is None or not expected or not hmac.compare_digest(token, expected):
            return JSONResponse(status_code=403, content={"error": "not authorised"})
        if op not in ("encode", "decode"):
            return JSONResponse(status_code=404, content={"error": f"no codec operation {op}"})
        try:
            payloads = json_format.Parse(await request.body(), Payloads())
            fn = payload_codec.encode if op == "encode" else payload_codec.decode
            out = Payloads(payloads=await fn(payloads.payloads))
        except (CodecError, json_format.ParseError) as exc:
            return JSONResponse(status_code=400, content={"error": str(exc)})
        return JSONResponse(content=json_format.MessageToDict(out))

    @app.exception_handler(RuleViolation)
    async def _refused(_: Request, exc: RuleViolation) -> JSONResponse:
        return JSONResponse(status_code=422, content=exc.as_dict())

    @app.exception_handler(EventConflict)  # an event id reused with other content
    async def _conflict(_: Request, exc: EventConflict) -> JSONResponse:
        return JSONResponse(status_code=409, content=exc.as_dict())

    @app.exception_handler(Denied)
    async def _denied(_: Request, exc: Denied) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content={"error": str(exc)})

    def caller(request: Request, event_type: str | None = None) -> str:
        return authorise(state["register"], request.headers.get("x-api-key"), event_type)

    @app.post("/events")
    async def post_event(request: Request) -> dict[str, Any]:
        """Accept one HR event (JSON) with the sender's X-API-Key. 200 accepted or duplicate;
        422 refused with the rule; 401/403 for a wrong key or an event type not allowed."""
        body = await request.body()
        event_type = None
        with contextlib.suppress(ValueError, AttributeError):
            event_type = json.loads(body).get("type")
        name = caller(request, str(event_type))  # before anything is parsed further or sent on
        return await dispatch(
            state["client"],
            body,
            task_queue=settings.task_queue,
            register=state["register"],
            sender=f"system:{name}",
        )

    @app.get("/events/schema")
    async def event_schema() -> dict[str, Any]:
        return events.schema()

    @app.get("/cases/{case_id}", response_model=CaseView)
    async def get_case(request: Request, case_id: str, type: str | None = None) -> CaseView:
        caller(request)
        view = await cases.show(state["client"], case_id, type)
        if view is None:
            raise HTTPException(404, f"no case {case_id}")
        return view

    @app.get("/cases")
    async def list_cases(
        request: Request,
        type: str | None = None,
        state_: str | None = Query(None, alias="state"),
        unit: str | None = None,
    ) -> list[dict[str, Any]]:
        caller(request)
        return await cases.list_cases(state["client"], type, state_, unit)

    @app.post("/codec/{token}/{op}")
    async def codec_route(token: str, op: str, request: Request) -> JSONResponse:
        """The codec server for the Temporal UI: an officer whose UI's data encoder points at
        /codec/<their token> sees decrypted payloads; anyone else sees ciphertext."""
        return await codec_endpoint(token, op, request)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app

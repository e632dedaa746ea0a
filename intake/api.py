"""The HTTP door for HR systems: the same contract and results as `personalsak event send`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from temporalio.client import Client

from activities.store import Store
from intake import cases, connect, events
from intake.config import Settings
from intake.dispatch import dispatch
from states.rules import RuleViolation
from workflows.case import CaseView


def create_app(settings: Settings, client: Client | None = None) -> FastAPI:
    state: dict[str, Any] = {"client": client}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if state["client"] is None:
            state["client"] = await connect(settings.temporal_address)
        state["register"] = Store(settings.database_url)
        yield

    app = FastAPI(title="Personalsak", version="1", lifespan=lifespan)

    @app.exception_handler(RuleViolation)
    async def _refused(_: Request, exc: RuleViolation) -> JSONResponse:
        return JSONResponse(status_code=422, content=exc.as_dict())

    @app.post("/events")
    async def post_event(request: Request) -> dict[str, Any]:
        """Accept one HR event (JSON). 200 accepted or duplicate; 422 refused with the rule."""
        body = await request.body()
        return await dispatch(
            state["client"], body, task_queue=settings.task_queue, register=state["register"]
        )

    @app.get("/events/schema")
    async def event_schema() -> dict[str, Any]:
        return events.schema()

    @app.get("/cases/{case_id}", response_model=CaseView)
    async def get_case(case_id: str, type: str | None = None) -> CaseView:
        view = await cases.show(state["client"], case_id, type)
        if view is None:
            raise HTTPException(404, f"no case {case_id}")
        return view

    @app.get("/cases")
    async def list_cases(
        type: str | None = None,
        state_: str | None = Query(None, alias="state"),
        unit: str | None = None,
    ) -> list[dict[str, Any]]:
        return await cases.list_cases(state["client"], type, state_, unit)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app

"""The door as an attacker meets it: the real app (httpx ASGI transport), the session's
time-skipping Temporal server and worker, the session register, and a local identity provider
(an RSA key generated here, its JWKS in a file: no network)."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlmodel import select
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from activities.store import AccessLogRow, AccessRegister, CaseRow, Store
from intake import apikeys
from intake.api import create_app
from intake.config import Settings
from states.calendar import local_date
from tests.conftest import EXAMPLES
from tests.helpers import Sender
from tests.security import sending
from tests.workflows import conftest as workflow_fixtures

send = workflow_fixtures.send  # the forged-role tests send through the dispatcher
ISSUER, AUDIENCE = "https://idp.kriminalomsorg.example", "personalsak"
Mint = Callable[..., str]


@pytest.fixture(scope="session")
def idp_key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "idp-1", "use": "sig"})


@pytest.fixture(scope="session", autouse=True)
def oidc_env(idp_key: RSAKey, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    jwks = tmp_path_factory.mktemp("idp") / "jwks.json"
    jwks.write_text(json.dumps({"keys": [idp_key.as_dict(private=False)]}))
    values = {
        "PERSONALSAK_OIDC_ISSUER": ISSUER,
        "PERSONALSAK_OIDC_AUDIENCE": AUDIENCE,
        "PERSONALSAK_OIDC_JWKS": str(jwks),
    }
    os.environ.update(values)
    yield jwks
    for name in values:
        os.environ.pop(name, None)


@pytest.fixture
def mint(idp_key: RSAKey) -> Mint:
    """A token as the identity provider issues it; keyword arguments override claims."""

    def make(sub: str, key: RSAKey | None = None, alg: str = "RS256", **claims: Any) -> str:
        body = {"iss": ISSUER, "aud": AUDIENCE, "sub": sub, "exp": int(time.time()) + 300}
        body |= claims
        return jwt.encode({"alg": alg, "kid": "idp-1"}, body, key or idp_key)

    return make


@pytest.fixture
async def door(client: Client, worker: str, register: Store) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings.from_env()
    settings = Settings(
        settings.data_dir, "unused", worker, register.url, settings.mail_dir, None, 0
    )
    app = create_app(settings, client)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://door", timeout=30) as http,
    ):
        http.app = app  # type: ignore[attr-defined]
        yield http


def key(register: Store, *, send: list[str], types: list[str], units: list[str]) -> dict[str, str]:
    name = f"sys-{uuid.uuid4().hex[:8]}"
    return {"X-API-Key": apikeys.issue(register, name, send, types, units), "x-name": name}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def reads(register: Store, case: str) -> list[AccessLogRow]:
    return AccessRegister(register).entries(case)


def cases_like(register: Store, prefix: str) -> list[CaseRow]:
    with register.session() as s:
        return list(s.exec(select(CaseRow).where(CaseRow.case_id.like(f"{prefix}%"))).all())  # type: ignore[attr-defined]


async def open_discipline(client: Client, worker: str, register: Store, case_id: str) -> None:
    """A disciplinary case at Oslo prison about emp-2, opened by the unit leader."""
    ev = json.loads((EXAMPLES / "discipline-opened.json").read_text())
    ev |= {"case_id": case_id, "event_id": f"evt-{case_id}"}
    await Sender(client, worker, register).send(ev)


@pytest.fixture(autouse=True)
async def server_today(env: WorkflowEnvironment) -> None:
    """The day the sending tests count "ahead" from (tests/security/sending.py)."""
    sending.SERVER_TODAY[0] = local_date(await env.get_current_time())

"""People's tokens: only a token the identity provider signed, for this API, unexpired, with an
allowed algorithm, names a person; anything else is 401 and nothing is read or logged."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from activities.store import Store
from intake.identity import OidcConfig, Unauthenticated, Verifier
from tests.security.conftest import AUDIENCE, ISSUER, Mint, bearer, reads


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "case",
    ["expired", "wrong audience", "wrong issuer", "badly signed", "alg none", "HS256", "garbage"],
)
async def test_bad_tokens_are_401(
    door: httpx.AsyncClient, mint: Mint, register: Store, case: str
) -> None:
    other = RSAKey.generate_key(2048)
    token = {
        "expired": lambda: mint("emp-2", exp=int(time.time()) - 600),
        "wrong audience": lambda: mint("emp-2", aud="another-api"),
        "wrong issuer": lambda: mint("emp-2", iss="https://evil.example"),
        "badly signed": lambda: mint("emp-2", key=other),
        "alg none": lambda: (
            _b64({"alg": "none"})
            + "."
            + _b64({"iss": ISSUER, "aud": AUDIENCE, "sub": "emp-2", "exp": int(time.time()) + 60})
            + "."
        ),
        "HS256": lambda: jwt.encode(
            {"alg": "HS256"},
            {"iss": ISSUER, "aud": AUDIENCE, "sub": "emp-2", "exp": int(time.time()) + 60},
            __import__("joserfc.jwk", fromlist=["OctKey"]).OctKey.import_key("x" * 32),
        ),
        "garbage": lambda: "not.a.token",
    }[case]()
    r = await door.get("/cases/SEC-ID-1", headers=bearer(token))
    assert r.status_code == 401, r.text
    assert token not in r.text
    assert reads(register, "SEC-ID-1") == []  # refused before any case is looked at


@pytest.fixture
def jwks_server() -> Iterator[tuple[str, list[dict[str, object]], list[int]]]:
    """The provider's JWKS endpoint on 127.0.0.1 (in-process); its keys can be rotated."""
    keys: list[dict[str, object]] = []
    hits = [0]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits[0] += 1
            body = json.dumps({"keys": keys}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/jwks", keys, hits
    server.shutdown()


def test_jwks_fetched_cached_and_refetched_for_a_new_key(
    jwks_server: tuple[str, list[dict[str, object]], list[int]],
) -> None:
    url, keys, hits = jwks_server
    old = RSAKey.generate_key(2048, parameters={"kid": "old"})
    keys.append(old.as_dict(private=False))
    verifier = Verifier(OidcConfig(ISSUER, AUDIENCE, url))
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "hr-east", "exp": int(time.time()) + 60}
    assert verifier.person(jwt.encode({"alg": "RS256", "kid": "old"}, claims, old)) == "hr-east"
    assert verifier.person(jwt.encode({"alg": "RS256", "kid": "old"}, claims, old)) == "hr-east"
    assert hits[0] == 1  # cached
    new = RSAKey.generate_key(2048, parameters={"kid": "new"})
    keys.append(new.as_dict(private=False))  # the provider rotates
    fresh = jwt.encode({"alg": "RS256", "kid": "new"}, claims, new)
    with pytest.raises(Unauthenticated):  # bounded: no re-fetch within the interval
        verifier.person(fresh)
    assert hits[0] == 1
    verifier.refetch_seconds = 0
    assert verifier.person(fresh) == "hr-east"
    assert hits[0] == 2

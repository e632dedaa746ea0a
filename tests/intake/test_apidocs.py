"""The HTTP door documents itself offline (issue 15): Swagger UI from local assets, and an
OpenAPI document that declares the body of POST /events and how callers identify."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from intake.api import create_app
from intake.config import Settings


@pytest.mark.parametrize(("path", "least"), [("/docs", 2), ("/redoc", 1)])
def test_docs_are_served_from_local_assets_only(path: str, least: int) -> None:
    """`/docs` (Swagger UI) and `/redoc` (ReDoc) load no script or style from another host
    (blank offline otherwise)."""
    http = TestClient(create_app(Settings.from_env()))
    page = http.get(path)
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"|url: ?[\'"]([^\'"]+)', page.text)
    assert sources and all(not (a or b).startswith(("http:", "https:", "//")) for a, b in sources)
    assets = re.findall(r'(?:src|href)="(/(?:docs|redoc)-assets/[^"]+)"', page.text)
    assert len(assets) >= least and all(http.get(a).status_code == 200 for a in assets)


def test_openapi_declares_the_event_body_and_the_security_schemes() -> None:
    """POST /events takes an Event (the union of every event type, described); X-API-Key for
    HR systems and a bearer token for people; no module paths in the component names."""
    doc = TestClient(create_app(Settings.from_env())).get("/openapi.json").json()
    schemes = doc["components"]["securitySchemes"]
    assert schemes["ApiKey"] == {**schemes["ApiKey"], "type": "apiKey", "in": "header",
                                 "name": "X-API-Key"}  # fmt: skip
    assert schemes["Bearer"]["scheme"] == "bearer"
    post = doc["paths"]["/events"]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Event"}
    assert {"ApiKey": []} in post["security"] and {"Bearer": []} in post["security"]
    schemas = doc["components"]["schemas"]
    assert "LeaveDecided" in schemas["Event"]["discriminator"]["mapping"]
    assert schemas["LeaveDecided"]["description"] and not [n for n in schemas if "__" in n]
    refs = re.findall(r'"\$ref": "([^"]+)"', str(doc).replace("'", '"'))
    assert all(r.removeprefix("#/components/schemas/") in schemas for r in refs)

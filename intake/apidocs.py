"""The HTTP door's own documentation (issue 15): Swagger UI from local assets (the PyPI package
`swagger-ui-bundle`, nothing fetched at run time, so `/docs` works offline), and an OpenAPI
document that declares the body of `POST /events` (every event type, described) and the two
ways to identify a caller: an HR system's `X-API-Key`, a person's bearer token.

ReDoc is not served: no package on PyPI in this project's environment ships its standalone
bundle, and it is not fetched from a CDN."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
REDOC_ASSETS = "/redoc-assets"  # ReDoc's standalone bundle, shipped by fastapi-offline
API_KEY, BEARER = "ApiKey", "Bearer"
SECURITY_SCHEMES = {
    API_KEY: {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "An HR system's key (`personalsak apikey create NAME ...`): printed once, "
        "scoped to event types, units, the people it may act for and what it may read.",
    },
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A person's access token from the agency's identity provider (OIDC, "
        "PERSONALSAK_OIDC_*); the person sends events as themselves only.",
    },
}
IDENTIFIED = [{API_KEY: []}, {BEARER: []}]
OPEN = {"/events/schema", "/health", "/codec/signin"}


def _components(schema: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The event union and its definitions, with references into OpenAPI's components."""
    text = json.dumps(schema).replace('"#/$defs/', '"#/components/schemas/')
    moved = json.loads(text)
    return {k: v for k, v in moved.items() if k != "$defs"}, moved["$defs"]


def openapi_document(app: FastAPI) -> dict[str, Any]:
    from intake.learn import schema

    doc = get_openapi(
        title=app.title,
        version=app.version,
        description=(
            "HR systems (X-API-Key) and people (bearer token) send events and read cases. "
            "A refusal is 422 with `error`, `rule` and `field`; nothing changes. "
            "`personalsak event example TYPE` prints a valid event of each type."
        ),
        routes=app.routes,
    )
    union, defs = _components(schema())
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    clash = [n for n in defs if n in schemas and schemas[n] != defs[n]]
    if clash:
        raise RuntimeError(f"OpenAPI component names clash: {clash}")
    schemas.update(defs)
    schemas["Event"] = union
    components["securitySchemes"] = SECURITY_SCHEMES
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            if path not in OPEN and not path.startswith("/codec"):
                op.setdefault("security", IDENTIFIED)
            if path == "/events" and method == "post":
                op["requestBody"] = {
                    "required": True,
                    "description": "One HR event (at most 64 KiB); `type` selects the payload.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Event"}}
                    },
                }
    return doc


def install(app: FastAPI) -> None:
    """Serve /docs (Swagger UI) and /redoc (ReDoc), both from local assets, and /openapi.json
    (with the events and security). Create the app with `docs_url=None, redoc_url=None` first."""
    from pathlib import Path

    import fastapi_offline
    from swagger_ui_bundle import swagger_ui_path

    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")
    redoc = Path(fastapi_offline.__file__).parent / "static"
    app.mount(REDOC_ASSETS, StaticFiles(directory=str(redoc)), name="redoc-assets")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = openapi_document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title}: the HTTP door",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc_page() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title}: the HTTP door",
            redoc_js_url=f"{REDOC_ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon-32x32.png",
            with_google_fonts=False,
        )

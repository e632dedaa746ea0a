"""Every request body of the HTTP door is capped while it is read (issue 11, item 6): a body
larger than the cap is answered 413 before the rest is read, so no route — the people's forms
included, whose parser reads the whole body before any check — can be made to buffer hundreds
of megabytes. Routes with a smaller limit of their own (`POST /events`, the codec) keep it."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 4 * 1024 * 1024  # the largest any route takes (the codec's pages)
RULE = "event contract"


class _Over(Exception):
    pass


class BodyLimit:
    """ASGI middleware: 413 with the rule and field once a body passes `limit` bytes, whether
    declared in Content-Length or streamed in chunks."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        seen, over, answered = 0, False, False

        async def limited() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    over = True
                    raise _Over  # the route stops reading; whatever it answers becomes 413
            return message

        async def watched(message: Message) -> None:
            nonlocal answered
            if not over:
                answered = answered or message["type"] == "http.response.start"
                await send(message)
            elif not answered:  # the route's own answer to the broken read is replaced
                answered = True
                await self._refuse(send)

        try:
            await self.app(scope, limited, watched)
        except _Over:
            if not answered:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body: dict[str, Any] = {
            "rule": RULE,
            "field": "body",
            "error": f"the request body is larger than {self.limit} bytes",
        }
        data = json.dumps(body).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(data))]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": data})

"""API keys for the HR systems at the HTTP door: stored hashed, each limited to event types."""

from __future__ import annotations

import hashlib
import secrets

from activities.store import Store

ALL = "*"


def hash_key(key: str) -> str:
    # Keys are 32 random bytes: a plain SHA-256 is enough (no password to stretch).
    return hashlib.sha256(key.encode()).hexdigest()


def issue(store: Store, name: str, event_types: list[str]) -> str:
    """A new key for `name` (replacing any earlier one); only its hash is stored."""
    key = "psk_" + secrets.token_urlsafe(32)
    store.add_api_client(name, hash_key(key), event_types)
    return key


class Denied(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def authorise(store: Store, key: str | None, event_type: str | None = None) -> str:
    """The client's name, or Denied: 401 without a valid key, 403 for an event type it may not
    send."""
    if not key:
        raise Denied(401, "an API key is required (X-API-Key)")
    client = store.api_client(hash_key(key))
    if client is None:
        raise Denied(401, "unknown API key")
    if (
        event_type is not None
        and ALL not in client.event_types
        and (event_type not in client.event_types)
    ):
        raise Denied(403, f"{client.name} may not send {event_type}")
    return client.name

"""API keys for the HR systems at the HTTP door: stored hashed, each limited to the event types
it may send and to what it may read (case types and units)."""

from __future__ import annotations

import hashlib
import secrets

from activities.store import AccessRegister, Store
from intake.access import ALL, Caller

__all__ = ["ALL", "Denied", "authorise", "hash_key", "issue"]


def hash_key(key: str) -> str:
    # Keys are 32 random bytes: a plain SHA-256 is enough (no password to stretch).
    return hashlib.sha256(key.encode()).hexdigest()


def issue(
    store: Store,
    name: str,
    event_types: list[str],
    read_types: list[str] | None = None,
    read_units: list[str] | None = None,
) -> str:
    """A new key for `name` (replacing any earlier one); only its hash is stored. Without read
    scopes the key reads nothing."""
    key = "psk_" + secrets.token_urlsafe(32)
    store.add_api_client(name, hash_key(key), event_types)
    AccessRegister(store).set_read_scope(name, read_types or [], read_units or [])
    return key


class Denied(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def authorise(store: Store, key: str | None, event_type: str | None = None) -> Caller:
    """The HR system behind the key, or Denied: 401 without a valid key, 403 for an event type
    it may not send."""
    if not key:
        raise Denied(401, "an API key is required (X-API-Key)")
    client = store.api_client(hash_key(key))
    if client is None:
        raise Denied(401, "unknown API key")
    caller = system_caller(store, client.name, client.event_types)
    may_send(caller, event_type)
    return caller


def system_caller(store: Store, name: str, event_types: list[str]) -> Caller:
    scope = AccessRegister(store).read_scope(name)
    return Caller(
        "system",
        name,
        event_types=tuple(event_types),
        read_types=tuple(scope.case_types) if scope else (),
        read_units=tuple(scope.units) if scope else (),
    )


def may_send(caller: Caller, event_type: str | None) -> None:
    allowed = ALL in caller.event_types or event_type in caller.event_types
    if event_type is not None and not allowed:
        raise Denied(403, f"{caller.name} may not send {event_type}")

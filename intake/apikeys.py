"""API keys for the HR systems at the HTTP door: stored hashed, each limited to the event types
it may send, the units whose cases it may send for and the people it may name as actor
(`SendScope`), and to what it may read (case types and units)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from activities.store import AccessRegister, Store
from intake.access import ALL, Caller
from states.rules import RuleViolation

__all__ = ["ALL", "KEY_SCOPE", "Denied", "OutOfScope", "SendScope", "authorise", "hash_key",
           "issue"]  # fmt: skip

# The rule a key's scope refusal names (README "HR systems and their keys").
KEY_SCOPE = "api key scope (README: HR systems and their keys)"


def hash_key(key: str) -> str:
    # Keys are 32 random bytes: a plain SHA-256 is enough (no password to stretch).
    return hashlib.sha256(key.encode()).hexdigest()


def issue(
    store: Store,
    name: str,
    event_types: list[str],
    read_types: list[str] | None = None,
    read_units: list[str] | None = None,
    *,
    units: list[str] | None = None,
    act_for: list[str] | None = None,
) -> str:
    """A new key for `name` (replacing any earlier one); only its hash is stored. Without read
    scopes the key reads nothing; without `units` it sends for no case, and without `act_for`
    for nobody (`*`: anyone in its units)."""
    key = "psk_" + secrets.token_urlsafe(32)
    store.add_api_client(name, hash_key(key), event_types)
    AccessRegister(store).set_read_scope(name, read_types or [], read_units or [])
    store.set_send_scope(name, units or [], act_for or [])
    return key


@dataclass(frozen=True)
class SendScope:
    """What one key may send for: the units it serves (regions resolved to their units; `*`
    all) and the people it may act for (ids; `*`: anyone in its units)."""

    name: str
    units: frozenset[str]
    act_for: frozenset[str]


def send_scope(store: Store, name: str) -> SendScope:
    """The key's send scope from the register; a key without one sends for nobody."""
    row = store.send_scope(name)
    units = list(row.units) if row else []
    covered = {ALL} if ALL in units else store.units_covered(units)
    return SendScope(name, frozenset(covered), frozenset(row.act_for if row else []))


class OutOfScope(RuleViolation):
    """An event outside the sending key's scope: HTTP 403 with the rule and the field."""

    status = 403

    def __init__(self, message: str, field: str) -> None:
        super().__init__(KEY_SCOPE, message, field)


def check_send(store: Store, scope: SendScope, actor_id: str, unit_id: str | None) -> None:
    """The case's unit must be one the key serves, and the actor one it may act for: named, or
    with `*` anyone whose unit it serves (an applicant, outside the staff register, acts in
    the case of a unit it serves). An empty act-for list is nobody."""
    if ALL not in scope.units and (unit_id is None or unit_id not in scope.units):
        raise OutOfScope(
            # One message whether the case exists or not, and no unit: a key outside the
            # case's units learns nothing of it (reviewer's finding).
            f"case_id: the case is not in a unit {scope.name} serves, or there is no such case",
            "case_id",
        )
    if actor_id in scope.act_for:
        return
    if ALL in scope.act_for:
        person = store.person(actor_id)
        if person is None or ALL in scope.units or person.unit_id in scope.units:
            return
    raise OutOfScope(f"actor.person_id: {scope.name} may not act for {actor_id}", "actor.person_id")


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

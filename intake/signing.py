"""Only the door moves a case: the intake signs every command it sends to a workflow.

The signature is an HMAC-SHA256 over the event id, the update name ("start" for an opening),
the workflow id and a SHA-256 digest of the canonical JSON of the whole command or opening
input except the signature itself, so any field (payload, actor, sender, grants) is covered.
Keys come from configuration: `PERSONALSAK_SIGNING_KEYS` ("id=base64,...": the first signs,
all verify, so a new key is put first and the old one kept until no command signed with it is
in flight), else the file `<data dir>/signing-keys` that `personalsak up` creates (0600).

Workflow code never reads the environment: the worker installs the keys here at start, and
this module is passed through the sandbox, so the workflows verify with the installed keys.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from intake.codec import key_items

ENV = "PERSONALSAK_SIGNING_KEYS"
FILE = "signing-keys"
START = "start"  # the "update name" an opening input is signed under

_keys: list[tuple[str, bytes]] = []


class SigningError(ValueError):
    """Signing keys missing or malformed: a configuration problem, said in one line."""


def parse_keys(text: str) -> list[tuple[str, bytes]]:
    keys = []
    for kid, b64 in key_items(text):
        try:
            key = base64.b64decode(b64, validate=True)
        except ValueError:
            raise SigningError(f"{ENV}: key {kid!r} is not base64") from None
        if len(key) < 32 or not kid or ":" in kid:
            raise SigningError(f"{ENV}: key {kid!r} needs an id and 32 bytes or more")
        keys.append((kid, key))
    return keys


def new_key_line() -> str:
    return f"s{secrets.token_hex(4)}={base64.b64encode(secrets.token_bytes(32)).decode()}"


def load_keys(data_dir: Path | None) -> list[tuple[str, bytes]]:
    """The configured keys (host code only: reads the environment and the data directory)."""
    if os.environ.get(ENV):
        return parse_keys(os.environ[ENV])
    path = data_dir / FILE if data_dir else None
    return parse_keys(path.read_text()) if path and path.exists() else []


def ensure_key_file(data_dir: Path) -> Path:
    """`up` on a new data directory: one fresh signing key, readable by this user only."""
    path = data_dir / FILE
    if not path.exists() and not os.environ.get(ENV):
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(new_key_line() + "\n")
    return path


def install(keys: Sequence[tuple[str, bytes]]) -> None:
    """Make `keys` the ones this process signs and verifies with (worker start, the door)."""
    _keys[:] = list(keys)


def installed() -> list[tuple[str, bytes]]:
    return list(_keys)


def ensure_installed(data_dir: Path | None) -> None:
    """The door: load the configured keys once, or say how to configure them."""
    if not _keys:
        install(load_keys(data_dir))
    if not _keys:
        raise SigningError(
            f"no signing keys: set {ENV} or run `personalsak up` once to create {FILE}"
        )


# -- the signature ---------------------------------------------------------------------


def canonical(data: Any) -> bytes:
    """One byte string per JSON value: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(data: Any) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def body_digest(model: BaseModel) -> str:
    """The digest of everything a command or opening input carries except its signature."""
    return digest(model.model_dump(mode="json", exclude={"signature"}))


def _mac(key: bytes, event_id: str, name: str, workflow_id: str, model: BaseModel) -> str:
    message = "\n".join((event_id, name, workflow_id, body_digest(model))).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign(model: BaseModel, *, name: str, workflow_id: str) -> str:
    """`<key id>:<hex HMAC>` with the first installed key. `model` has an `event_id`."""
    if not _keys:
        raise SigningError(f"no signing keys installed: set {ENV}")
    kid, key = _keys[0]
    return f"{kid}:{_mac(key, model.event_id, name, workflow_id, model)}"  # type: ignore[attr-defined]


UPDATE_ID_PURPOSE = b"personalsak: Temporal Update id of an event (issue 14)"


def update_id(sender: str | None, event_id: str) -> str:
    """The Temporal Update id of (sender, event id): a keyed tag, not `person:<id>/<event id>`,
    for Temporal keeps Update ids in plain text in the history, where no data key reaches
    (issue 14 review). The same event gives the same id (the door's retries are one Update);
    another sender's event another. Keyed by the signing key (first installed), derived for
    this purpose alone, so the tag is no signature and cannot be checked against a guess."""
    if not _keys:
        raise SigningError(f"no signing keys installed: set {ENV}")
    kid, key = _keys[0]
    derived = hmac.new(key, UPDATE_ID_PURPOSE, hashlib.sha256).digest()
    text = f"{sender or ''}\x00{event_id}".encode()
    return f"{kid}:{hmac.new(derived, text, hashlib.sha256).hexdigest()[:40]}"


def problem(model: BaseModel, *, name: str, workflow_id: str) -> str | None:
    """Why the model's signature does not hold (None when it does). Pure: the keys installed
    in this module, no clock, no I/O, so workflow code may call it."""
    signature = getattr(model, "signature", None)
    if not signature:
        return "signature: missing (only the intake may send commands to a case)"
    kid, _, mac = str(signature).partition(":")
    key = dict(_keys).get(kid)
    if key is None:
        return f"signature: unknown signing key {kid!r}"
    expected = _mac(key, model.event_id, name, workflow_id, model)  # type: ignore[attr-defined]
    if not hmac.compare_digest(expected, mac):
        return "signature: does not match the command (forged or altered)"
    return None

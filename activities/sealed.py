"""Free-text personal fields encrypted at rest in the register (a copied database file reveals
no letter, statement or reason).

`Sealed` is a SQLAlchemy column type: AES-256-GCM with the configured codec keys
(`PERSONALSAK_CODEC_KEYS` or `<data dir>/codec-keys`: the first encrypts, all decrypt), the
value stored as `enc:<key id>:<base64 nonce+ciphertext>` with the key id authenticated. Values
written before this (no prefix) are read as they are; `personalsak up` always has keys. Without
any configured key the register stores plain text, as before (README "Configuration").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

PREFIX = "enc:"

_keys: dict[str, AESGCM] = {}
_current: list[str] = []  # the encrypting key's id, if any
# Per key, the key of `tags` (derived, so a tag is never the key's own use for sealing).
_tag_keys: dict[str, bytes] = {}
TAG_PURPOSE = b"personalsak: keyed tag of an erased case's identifiers (issue 14)"


class SealedError(ValueError):
    """A sealed value that cannot be opened: unknown key id, or altered."""


def install(keys: Sequence[tuple[str, bytes]]) -> None:
    """The keys the register encrypts with (the first) and decrypts with (all)."""
    _keys.clear()
    _keys.update({kid: AESGCM(key) for kid, key in keys})
    _current[:] = [keys[0][0]] if keys else []
    _tag_keys.clear()
    _tag_keys.update({kid: hmac.new(key, TAG_PURPOSE, hashlib.sha256).digest()
                      for kid, key in keys})  # fmt: skip


def tags(text: str) -> list[str]:
    """Keyed tags of `text` (HMAC-SHA256), one per configured key, the current key's first:
    what an erased case keeps of an identifier that must still be recognised (an event's
    sender and id, for idempotency) without naming anyone: a tag cannot be reversed, nor a
    guessed id checked against it, without the key (docs/retention.md). Without keys: an
    unkeyed SHA-256 (the register is then plain text anyway)."""
    if not _current:
        return ["-:" + hashlib.sha256(text.encode()).hexdigest()]
    order = [_current[0], *(k for k in _tag_keys if k != _current[0])]
    mac = [(k, hmac.new(_tag_keys[k], text.encode(), hashlib.sha256)) for k in order]
    return [f"{k}:{m.hexdigest()}" for k, m in mac]


TAG = re.compile(r"[^:]+:[0-9a-f]{64}")


def is_tag(text: str) -> bool:
    """Whether `text` is already a keyed tag (`tags`): an erasure replaced it."""
    return TAG.fullmatch(text) is not None


def seal(text: str) -> str:
    if not _current:
        return text
    kid = _current[0]
    nonce = os.urandom(12)
    data = nonce + _keys[kid].encrypt(nonce, text.encode(), kid.encode())
    return f"{PREFIX}{kid}:{base64.b64encode(data).decode()}"


def unseal(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before the register was encrypted
    kid, _, b64 = stored[len(PREFIX) :].partition(":")
    aes = _keys.get(kid)
    if aes is None:
        raise SealedError(f"register value sealed with unknown key id {kid!r}")
    data = base64.b64decode(b64)
    try:
        return aes.decrypt(data[:12], data[12:], kid.encode()).decode()
    except InvalidTag:
        raise SealedError("register value failed authentication (altered or wrong key)") from None


class Sealed(TypeDecorator[str]):
    """A text column stored encrypted (see the module)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else seal(str(value))

    def process_result_value(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else unseal(value)

"""Personal data encrypted at rest in Temporal: an AES-256-GCM payload codec with key ids.

Every payload (inputs, results, update arguments: names, reasons) is encrypted before it
leaves the process; search attributes are not payloads and hold no personal data. Keys come
from configuration, never from the repository: `PERSONALSAK_CODEC_KEYS` ("id=base64,...",
the first encrypts, all decrypt: rotation keeps old histories readable), else the file
`<data dir>/codec-keys` that `personalsak up` creates on first start.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"
ENV = "PERSONALSAK_CODEC_KEYS"


class CodecError(ValueError):
    """A payload that cannot be decrypted: unknown key id, or tampered with."""


class EncryptionCodec(PayloadCodec):
    def __init__(self, keys: Sequence[tuple[str, bytes]]) -> None:
        if not keys:
            raise ValueError("at least one key")
        for kid, key in keys:
            if len(key) != 32:
                raise ValueError(f"key {kid}: AES-256-GCM needs 32 bytes")
        self.current = keys[0][0]
        self._keys = {kid: AESGCM(key) for kid, key in keys}

    async def encode(self, payloads: Iterable[Payload]) -> list[Payload]:
        return [self.encrypt(p) for p in payloads]

    async def decode(self, payloads: Iterable[Payload]) -> list[Payload]:
        return [self.decrypt(p) for p in payloads]

    def encrypt(self, payload: Payload) -> Payload:
        nonce = os.urandom(12)
        # The key id is authenticated too: a payload cannot be moved to another key's name.
        kid = self.current.encode()
        data = nonce + self._keys[self.current].encrypt(nonce, payload.SerializeToString(), kid)
        return Payload(metadata={"encoding": ENCODING, KEY_ID: kid}, data=data)

    def decrypt(self, payload: Payload) -> Payload:
        if payload.metadata.get("encoding") != ENCODING:
            return payload  # written before encryption was configured
        kid = payload.metadata.get(KEY_ID, b"").decode()
        aes = self._keys.get(kid)
        if aes is None:
            raise CodecError(f"unknown encryption key id {kid!r}")
        try:
            plain = aes.decrypt(payload.data[:12], payload.data[12:], kid.encode())
        except InvalidTag:
            raise CodecError("payload failed authentication (tampered or wrong key)") from None
        return Payload.FromString(plain)


def parse_keys(text: str) -> list[tuple[str, bytes]]:
    keys = []
    for item in (part.strip() for part in text.replace("\n", ",").split(",")):
        if not item:
            continue
        kid, _, b64 = item.partition("=")
        keys.append((kid.strip(), base64.b64decode(b64.strip())))
    return keys


def new_key_line() -> str:
    return f"k{secrets.token_hex(4)}={base64.b64encode(secrets.token_bytes(32)).decode()}"


def load_keys(data_dir: Path | None = None) -> list[tuple[str, bytes]]:
    if os.environ.get(ENV):
        return parse_keys(os.environ[ENV])
    path = data_dir / "codec-keys" if data_dir else None
    return parse_keys(path.read_text()) if path and path.exists() else []


def ensure_key_file(data_dir: Path) -> Path:
    """`up` on a new data directory: one fresh key, readable by this user only."""
    path = data_dir / "codec-keys"
    if not path.exists() and not os.environ.get(ENV):
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(new_key_line() + "\n")
        path.chmod(0o600)
    return path

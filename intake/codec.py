"""Personal data encrypted at rest in Temporal: an AES-256-GCM payload codec with key ids.

Every payload (inputs, results, update arguments: names, reasons) is encrypted before it
leaves the process; search attributes are not payloads and hold no personal data. Keys come
from configuration, never from the repository: `PERSONALSAK_CODEC_KEYS` ("id=base64,...",
the first encrypts, all decrypt: rotation keeps old histories readable), else the file
`<data dir>/codec-keys` that `personalsak up` creates on first start.

Each payload is bound to its case: the SDK hands the codec a serialization context with the
workflow id (`WithSerializationContext.with_context`); the id goes into the metadata (so the
codec endpoint knows whose case a payload is) and into the AES-GCM associated data (so it
cannot be edited, and a payload copied into another case's start or Update is refused there).
A payload encoded without a workflow (none of this project's calls) is bound to no case, and
the codec endpoint treats it as nobody's (only the local operator sees it decoded).

With a keyring (intake/keyring.py, the register's per-case data keys) each case's payloads are
encrypted with the case's own data key (key id `case`), so destroying that key erases the case
everywhere; without one (tests of the codec alone, tools) the master key encrypts directly.
Both kinds decode, so histories written before per-case keys stay readable.

Decoding refuses anything not encrypted: a plaintext payload (a Temporal client without the
codec) fails the worker's task instead of reaching a case.
"""

from __future__ import annotations

import base64
import copy
import os
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Self

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec, SerializationContext, WithSerializationContext

if TYPE_CHECKING:
    from intake.keyring import Keyring

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"
CASE = "personalsak-case"  # the workflow id the payload belongs to
ENV = "PERSONALSAK_CODEC_KEYS"
DATA_KEY = "case"  # the key id of a payload encrypted with its case's own data key


class CodecError(ValueError):
    """A payload that cannot be decrypted: not encrypted, unknown key id, tampered with, or
    belonging to another case."""


def case_of(payload: Payload) -> str | None:
    """The workflow id an encrypted payload is bound to (authenticated on decryption)."""
    wid = payload.metadata.get(CASE)
    return wid.decode() if wid else None


class EncryptionCodec(PayloadCodec, WithSerializationContext):
    def __init__(
        self,
        keys: Sequence[tuple[str, bytes]],
        workflow_id: str | None = None,
        keyring: Keyring | None = None,
    ) -> None:
        if not keys:
            raise ValueError("at least one key")
        for kid, key in keys:
            if len(key) != 32:
                raise ValueError(f"key {kid}: AES-256-GCM needs 32 bytes")
        self.current = keys[0][0]
        self._keys = {kid: AESGCM(key) for kid, key in keys}
        self.workflow_id = workflow_id
        self.keyring = keyring

    def with_context(self, context: SerializationContext) -> Self:
        """The SDK's hook: workflow and activity contexts name the case's workflow id."""
        bound = copy.copy(self)  # shares the keys: this runs for every payload's context
        bound.workflow_id = getattr(context, "workflow_id", None) or None
        return bound

    async def encode(self, payloads: Iterable[Payload]) -> list[Payload]:
        return [self.encrypt(p) for p in payloads]

    async def decode(self, payloads: Iterable[Payload]) -> list[Payload]:
        return [self.decrypt(p) for p in payloads]

    def encrypt(self, payload: Payload) -> Payload:
        nonce = os.urandom(12)
        if self.keyring is not None and self.workflow_id:
            kid, aes = DATA_KEY, self._case_key(self.workflow_id, create=True)
        else:
            kid, aes = self.current, self._keys[self.current]
        metadata = {"encoding": ENCODING, KEY_ID: kid.encode()}
        if self.workflow_id:
            metadata[CASE] = self.workflow_id.encode()
        aad = _associated(kid, metadata.get(CASE))
        data = nonce + aes.encrypt(nonce, payload.SerializeToString(), aad)
        return Payload(metadata=metadata, data=data)

    def _case_key(self, workflow_id: str, create: bool) -> AESGCM:
        if self.keyring is None:
            raise CodecError(f"case {workflow_id}: its payloads need the register's keyring")
        try:
            return self.keyring.key_for(workflow_id, create)
        except LookupError as exc:  # KeyDestroyed (erased) or KeyError (no such key)
            erased = ": its data key is destroyed" if hasattr(exc, "rule") else ""
            raise CodecError(f"{exc.args[0] if exc.args else exc}{erased}") from None

    def decrypt(self, payload: Payload) -> Payload:
        encoding = payload.metadata.get("encoding", b"").decode(errors="replace")
        if encoding != ENCODING.decode():
            raise CodecError(
                f"payload is not encrypted (encoding {encoding!r}): refused, keys are configured "
                "and plaintext never reaches a case"
            )
        kid = payload.metadata.get(KEY_ID, b"").decode(errors="replace")
        bound = payload.metadata.get(CASE)
        if kid == DATA_KEY and bound:
            aes = self._case_key(bound.decode(errors="replace"), create=False)
        elif (master := self._keys.get(kid)) is not None:
            aes = master
        else:
            raise CodecError(f"unknown encryption key id {kid!r}")
        if self.workflow_id and bound and bound.decode(errors="replace") != self.workflow_id:
            raise CodecError(
                f"payload belongs to case {bound.decode(errors='replace')!r}, "
                f"not {self.workflow_id!r}: refused"
            )
        try:
            plain = aes.decrypt(payload.data[:12], payload.data[12:], _associated(kid, bound))
        except InvalidTag:
            raise CodecError("payload failed authentication (tampered or wrong key)") from None
        return Payload.FromString(plain)


def _associated(kid: bytes | str, case: bytes | None) -> bytes:
    """AES-GCM associated data: the key id, and the case when bound (the key id alone is what
    payloads written before the binding carry, so old histories stay readable)."""
    kid = kid.encode() if isinstance(kid, str) else kid
    return kid if not case else kid + b"\x00" + case


def key_items(text: str) -> list[tuple[str, str]]:
    """`id=base64,...` (commas or lines) as (id, base64) pairs: the codec's and the signing keys'
    one format."""
    items = (part.strip() for part in text.replace("\n", ",").split(","))
    return [(kid.strip(), b64.strip()) for kid, _, b64 in (i.partition("=") for i in items if i)]


def parse_keys(text: str) -> list[tuple[str, bytes]]:
    return [(kid, base64.b64decode(b64)) for kid, b64 in key_items(text)]


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

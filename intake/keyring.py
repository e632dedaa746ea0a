"""A data key per case (envelope encryption, issue 14).

Each case's payloads are encrypted with its own 256-bit data key; the register keeps the data
key only wrapped (AES-GCM) by the current master key from `PERSONALSAK_CODEC_KEYS`. The codec
chooses the key by the workflow id the SDK passes in its serialization context. Destroying a
case's data key makes every payload of that case unreadable wherever it is stored — Temporal's
history, exports, backups (crypto-shredding) — while other cases are untouched. Rotating the
master key re-wraps the data keys and touches no history.

Unwrapped keys are cached in memory with a bound (`CACHE`), so the register is read once per
case and process, not once per payload. A destroyed key must stop working in every process, not
only in the one that destroyed it (issue 14 review, GDPR art. 17 / PR-2012 § 18): each keyring
re-reads the register's count of destroyed keys at most every `RECHECK_SECONDS` and, when it
changed, drops every cached key the register records as destroyed; the next use then raises
`KeyDestroyed` (to encrypt and to decrypt alike). So another process (the API's codec endpoint,
another worker replica) stops using an erased case's key within `RECHECK_SECONDS`; the process
that destroyed it, at once. `destroyed(workflow_id)` is the exact, uncached answer.
"""

from __future__ import annotations

import base64
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select

from activities.store import CaseRow, DataKeyRow, Store, utcnow

CACHE = 4096  # unwrapped data keys kept in memory (32 bytes each, plus the AES object)
# The bound on how long another process may still use a key destroyed elsewhere (docs/retention.md).
RECHECK_SECONDS = 2.0


class KeyDestroyed(LookupError):
    """The case's data key was destroyed: its payloads are gone for good."""

    def __init__(self, workflow_id: str, rule: str | None) -> None:
        super().__init__(f"case {workflow_id} was erased ({rule or 'no rule recorded'})")
        self.workflow_id, self.rule = workflow_id, rule


class Keyring:
    def __init__(
        self,
        store: Store,
        masters: Sequence[tuple[str, bytes]],
        recheck: float = RECHECK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not masters:
            raise ValueError("a keyring needs at least one master key")
        self.store = store
        self.current = masters[0][0]
        self._masters = {kid: AESGCM(key) for kid, key in masters}
        self._cache: OrderedDict[str, AESGCM] = OrderedDict()
        self._lock = threading.Lock()
        self._recheck, self._clock = recheck, clock
        self._checked = clock()
        self._generation = -1  # read at the first re-check (no query before the migration)

    def key_for(self, workflow_id: str, create: bool = True) -> AESGCM:
        """The case's data key; a new one on the case's first payload (when `create`). A key
        destroyed in any process is refused within `RECHECK_SECONDS` (KeyDestroyed)."""
        if self._clock() - self._checked >= self._recheck:
            self._drop_destroyed()
        if (aes := self._cache.get(workflow_id)) is not None:  # the hot path: no lock
            return aes
        generation = self._generation
        aes = AESGCM(self._load(workflow_id, create))
        with self._lock:
            if generation != self._generation:
                return aes  # a key destroyed while this one loaded: read again next time
            self._cache[workflow_id] = aes
            while len(self._cache) > CACHE:  # oldest first out: a bound, not an LRU
                self._cache.popitem(last=False)
        return aes

    def _destroyed_count(self) -> int:
        """The register's destroy generation: destroyed keys never come back, so a count that
        did not change means no key was destroyed since it was read."""
        stmt = select(func.count()).where(col(DataKeyRow.destroyed_at).is_not(None))
        with self.store.session() as s:
            return int(s.exec(stmt).one())

    def _drop_destroyed(self) -> None:
        """Evict every cached key the register records as destroyed, if any was since the last
        look (one count query per `RECHECK_SECONDS`; the ids only when the count moved)."""
        if not self._lock.acquire(blocking=False):
            return  # another thread is at it
        try:
            self._checked = self._clock()
            generation = self._destroyed_count()
            if generation == self._generation:
                return
            stmt = select(DataKeyRow.workflow_id).where(col(DataKeyRow.destroyed_at).is_not(None))
            with self.store.session() as s:
                gone = set(s.exec(stmt).all())
            for wid in gone & set(self._cache):
                self._cache.pop(wid, None)
            self._generation = generation
        finally:
            self._lock.release()

    def destroyed(self, workflow_id: str) -> bool:
        """Whether the register records the case's data key as destroyed (no cache)."""
        with self.store.session() as s:
            row = s.get(DataKeyRow, workflow_id)
        return row is not None and row.destroyed_at is not None

    def _load(self, workflow_id: str, create: bool) -> bytes:
        with self.store.session() as s:
            row = s.get(DataKeyRow, workflow_id)
        if row is None:
            if not create:
                raise KeyError(f"no data key for case {workflow_id}")
            key = AESGCM.generate_key(256)
            wrapped = self._wrap(workflow_id, key)
            try:
                with self.store.session() as s:
                    s.add(DataKeyRow(workflow_id=workflow_id, master_kid=self.current,
                                     wrapped=wrapped, created_at=utcnow()))  # fmt: skip
                return key
            except IntegrityError:  # another process made the case's key first: use that one
                with self.store.session() as s:
                    row = s.get(DataKeyRow, workflow_id)
        assert row is not None
        if row.wrapped is None:
            raise KeyDestroyed(workflow_id, row.destroyed_by)
        return self._unwrap(row)

    def _wrap(self, workflow_id: str, key: bytes, kid: str | None = None) -> str:
        kid = kid or self.current
        nonce = os.urandom(12)
        sealed = self._masters[kid].encrypt(nonce, key, f"{kid}\0{workflow_id}".encode())
        return base64.b64encode(nonce + sealed).decode()

    def _unwrap(self, row: DataKeyRow) -> bytes:
        master = self._masters.get(row.master_kid)
        if master is None or row.wrapped is None:
            raise KeyError(f"case {row.workflow_id}: master key {row.master_kid!r} not configured")
        raw = base64.b64decode(row.wrapped)
        aad = f"{row.master_kid}\0{row.workflow_id}".encode()
        try:
            return master.decrypt(raw[:12], raw[12:], aad)
        except InvalidTag:
            raise KeyError(f"case {row.workflow_id}: wrapped data key altered") from None

    def destroy(self, workflow_ids: Iterable[str], rule: str) -> list[str]:
        """Destroy the data keys of these cases (crypto-shredding); returns those destroyed now.
        A case with no payloads yet gets a destroyed row, so nothing can be written for it; an
        id the register holds neither as a case nor as a key gets none (issue 14 review)."""
        done = []
        with self.store.session() as s:
            for wid in workflow_ids:
                row = s.get(DataKeyRow, wid)
                if row is None and s.get(CaseRow, wid) is None:
                    continue  # never a destroyed record for an id the register does not hold
                row = row or DataKeyRow(
                    workflow_id=wid, master_kid=self.current, created_at=utcnow()
                )
                if row.destroyed_at is None:
                    row.wrapped, row.destroyed_at, row.destroyed_by = None, utcnow(), rule
                    s.add(row)
                    done.append(wid)
        with self._lock:
            for wid in done:
                self._cache.pop(wid, None)
        return done

    def rotate(self) -> int:
        """Re-wrap every live data key with the current master key (after a new master key is
        put first in PERSONALSAK_CODEC_KEYS); the history is not touched. Returns how many."""
        n = 0
        with self.store.session() as s:
            stmt = select(DataKeyRow).where(DataKeyRow.master_kid != self.current)
            for row in s.exec(stmt):
                if row.wrapped is None:
                    continue
                key = self._unwrap(row)
                row.wrapped, row.master_kid = self._wrap(row.workflow_id, key), self.current
                s.add(row)
                n += 1
        return n

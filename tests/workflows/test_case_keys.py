"""A data key per case (issue 14): each case's payloads are encrypted with its own data key,
wrapped by the master key in the register; destroying it makes every payload of that case
unreadable wherever it is stored (crypto-shredding), and touches no other case. GDPR art. 5(1)(e):
personal data kept no longer than its purpose needs; PR-2012 § 18 is the first rule to use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from temporalio.api.common.v1 import Payload
from temporalio.converter import WorkflowSerializationContext
from temporalio.testing import WorkflowEnvironment

from activities.store import DataKeyRow, Store
from intake.codec import CASE, DATA_KEY, KEY_ID, CodecError, EncryptionCodec, parse_keys
from intake.keyring import RECHECK_SECONDS, KeyDestroyed, Keyring
from states.calendar import local_date, next_working_day
from tests.helpers import Sender, event, leave_request

PLAIN = Payload(metadata={"encoding": b"json/plain"}, data=b'{"name": "Kari Nordmann"}')


def bound(codec: EncryptionCodec, workflow_id: str) -> EncryptionCodec:
    return codec.with_context(WorkflowSerializationContext(namespace="default",
                                                           workflow_id=workflow_id))  # fmt: skip


def test_each_case_its_own_key_destroyed_alone_and_rotation_rewraps(store: Store) -> None:
    master = parse_keys("m1=" + "A" * 43 + "=")
    codec = EncryptionCodec(master, keyring=Keyring(store, master))
    a, b = bound(codec, "discipline-K-1").encrypt(PLAIN), bound(codec, "leave-K-2").encrypt(PLAIN)
    assert a.metadata[KEY_ID] == DATA_KEY.encode() and a.metadata[CASE] == b"discipline-K-1"
    assert b"Kari" not in a.data
    # A payload under one case's key cannot be passed off as another case's.
    swapped = Payload(metadata={**a.metadata, CASE: b"leave-K-2"}, data=a.data)
    with pytest.raises(CodecError):
        codec.decrypt(swapped)

    # Rotation: a new master key first; the data keys are re-wrapped, the payloads untouched,
    # and the old master key can then be dropped.
    new = parse_keys("m2=" + "B" * 43 + "=")
    assert Keyring(store, new + master).rotate() == 2
    rotated = EncryptionCodec(new, keyring=Keyring(store, new))
    assert rotated.decrypt(a) == PLAIN and rotated.decrypt(b) == PLAIN

    # Crypto-shredding: destroying K-1's key erases its payloads and nothing else.
    keyring = Keyring(store, new)
    assert keyring.destroy(["discipline-K-1"], "PR-2012 § 18") == ["discipline-K-1"]
    assert keyring.destroy(["discipline-K-1"], "PR-2012 § 18") == []  # once
    after = EncryptionCodec(new, keyring=keyring)
    with pytest.raises(CodecError, match="erased"):
        after.decrypt(a)
    assert after.decrypt(b) == PLAIN
    with pytest.raises(CodecError, match="erased"):  # nothing new can be written for it
        bound(after, "discipline-K-1").encrypt(PLAIN)
    with store.session() as s:
        row = s.get(DataKeyRow, "discipline-K-1")
        assert row is not None and row.wrapped is None and row.destroyed_by == "PR-2012 § 18"


async def test_a_destroyed_case_key_leaves_its_history_unreadable(
    env: WorkflowEnvironment, send: Sender, register: Store, mail_dir: Path
) -> None:
    """A real case's raw Temporal history: every payload is under the case's own key; once the
    key is destroyed no payload of it decodes, while another case's still do."""
    start = next_working_day(local_date(await env.get_current_time()) + timedelta(days=20))[0]
    for case in ("CK-1", "CK-2"):
        await send.send(leave_request(case, start, start + timedelta(days=5)))
        emp = {"person_id": "emp-1", "role": "employee"}
        withdrawn = event("LeaveWithdrawn", case, {"reason": "Endrede planer"}, emp["person_id"],
                          emp["role"])  # fmt: skip
        assert (await send.send(withdrawn))["state"] == "withdrawn"
        await send.client.get_workflow_handle(f"leave-{case}").result()  # closed: no more tasks

    codec = send.client.data_converter.payload_codec
    assert isinstance(codec, EncryptionCodec) and codec.keyring is not None

    async def payloads(workflow_id: str) -> list[Payload]:
        raw = env.client.get_workflow_handle(workflow_id)  # no codec: what the server stores
        found: list[Payload] = []
        async for e in raw.fetch_history_events():
            for field, value in e.ListFields():
                if field.name.endswith("_attributes"):
                    found += _payloads(value)
        return found

    ours, other = await payloads("leave-CK-1"), await payloads("leave-CK-2")
    assert ours and all(p.metadata[KEY_ID] == DATA_KEY.encode() for p in ours)
    assert all(codec.decrypt(p) for p in ours)
    codec.keyring.destroy(["leave-CK-1"], "test: erased")
    for p in ours:
        with pytest.raises(CodecError, match="erased"):
            codec.decrypt(p)
    assert all(codec.decrypt(p) for p in other)


def _payloads(message: object) -> list[Payload]:
    """Every Payload inside a history event's attributes (inputs, results, Update arguments)."""
    out: list[Payload] = []
    for _, value in message.ListFields():  # type: ignore[attr-defined]
        if hasattr(value, "ListFields"):
            items = [value]
        elif hasattr(value, "values"):  # a map field (headers, memo)
            items = list(value.values())
        elif isinstance(value, str | bytes | int | float):
            continue
        else:  # a repeated field
            items = list(value)
        for item in items:
            if isinstance(item, Payload):
                if item.metadata.get("encoding") == b"binary/encrypted":
                    out.append(item)
            elif hasattr(item, "ListFields"):
                out += _payloads(item)
    return out


def test_a_key_destroyed_in_one_process_stops_working_in_the_others(store: Store) -> None:
    """Issue 14 review H1: PR-2012 § 18 "slettes" (GDPR art. 17): a data key destroyed by one
    worker must stop working in every other process on the register (the API's codec
    endpoint, other worker replicas), within the documented bound RECHECK_SECONDS, for
    decrypting and encrypting alike."""
    master = parse_keys("m1=" + "A" * 43 + "=")
    now = [0.0]
    one = Keyring(store, master, clock=lambda: now[0])
    other = Keyring(store, master, clock=lambda: now[0])
    first = one.key_for("discipline-H-1")
    other.key_for("discipline-H-1")  # cached in the other process
    other.key_for("leave-H-2")
    assert one.destroy(["discipline-H-1"], "PR-2012 § 18") == ["discipline-H-1"]
    with pytest.raises(KeyDestroyed):  # at once where it was destroyed
        one.key_for("discipline-H-1")
    now[0] += RECHECK_SECONDS  # the bound
    with pytest.raises(KeyDestroyed):
        other.key_for("discipline-H-1", create=False)
    with pytest.raises(KeyDestroyed):  # nothing new is encrypted under it either
        other.key_for("discipline-H-1")
    assert other.key_for("leave-H-2") is not first  # other cases go on
    assert other.destroyed("discipline-H-1") and not other.destroyed("leave-H-2")
    # Through the codec: the other process's codec refuses the erased case.
    codec = EncryptionCodec(master, keyring=other)
    with pytest.raises(CodecError, match="erased"):
        bound(codec, "discipline-H-1").encrypt(PLAIN)


def test_keys_rotate_from_the_cli(store: Store) -> None:
    """`personalsak keys rotate` re-wraps every data key with the new first master key, after
    which the old master key can go and every case still decodes."""
    old, new = "m1=" + "A" * 43 + "=", "m2=" + "B" * 43 + "="
    codec = EncryptionCodec(parse_keys(old), keyring=Keyring(store, parse_keys(old)))
    sealed = bound(codec, "leave-R-1").encrypt(PLAIN)
    env = {**os.environ, "DATABASE_URL": store.url, "PERSONALSAK_CODEC_KEYS": f"{new},{old}"}
    cli = Path(sys.executable).parent / "personalsak"
    done = subprocess.run([cli, "keys", "rotate"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"rewrapped": 1, "master_key": "m2"}
    only_new = EncryptionCodec(parse_keys(new), keyring=Keyring(store, parse_keys(new)))
    assert only_new.decrypt(sealed) == PLAIN

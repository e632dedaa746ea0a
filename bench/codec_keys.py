"""The codec's cost per payload with a data key per case (intake/keyring.py) against one master
key for everything: N payloads of a typical size spread over C cases, encrypted and decrypted,
in alternating rounds. Target: per-case keys ≤ 1.2 × one key.

Run: .venv/bin/python bench/codec_keys.py [N [ROUNDS]]   (default 2000 15)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import figure, report
from temporalio.api.common.v1 import Payload
from temporalio.converter import WorkflowSerializationContext

from activities.store import Store
from intake.codec import EncryptionCodec, new_key_line, parse_keys
from intake.keyring import Keyring

CASES = 200
BODY = b'{"reasons": "' + b"x" * 600 + b'"}'  # a decision's payload: about 600 bytes of text


def per_payload(codec: EncryptionCodec, n: int) -> float:
    """Seconds per payload for encrypt + decrypt, over n payloads of CASES cases."""
    bound = [
        codec.with_context(WorkflowSerializationContext(namespace="default", workflow_id=f"c-{i}"))
        for i in range(CASES)
    ]
    plain = Payload(metadata={"encoding": b"json/plain"}, data=BODY)
    t = time.perf_counter()
    for i in range(n):
        c = bound[i % CASES]
        c.decrypt(c.encrypt(plain))
    return (time.perf_counter() - t) / n


def main(n: int, rounds: int) -> None:
    masters = parse_keys(new_key_line())
    store = Store(f"sqlite:///{Path(tempfile.mkdtemp()) / 'register.db'}")
    store.migrate()
    one = EncryptionCodec(masters)
    cased = EncryptionCodec(masters, keyring=Keyring(store, masters))
    per_payload(cased, CASES)  # each case's key made once, as on a case's first payload
    ones, caseds = [], []
    for _ in range(rounds):
        ones.append(per_payload(one, n))
        caseds.append(per_payload(cased, n))
    ratios = [c / o for c, o in zip(caseds, ones, strict=True)]
    figure(
        f"codec: a data key per case ≤ 1.2 × one key (`codec_keys.py {n} {rounds}`)",
        f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})",
        statistics.median(ratios) <= 1.2,
    )
    report(
        "Codec cost per payload: a data key per case against one key",
        f".venv/bin/python bench/codec_keys.py {n} {rounds}",
        [
            f"{n} payloads of {len(BODY)} bytes over {CASES} cases, encrypt + decrypt, "
            f"{rounds} alternating rounds (the case keys cached, as in a running worker).",
            "",
            "| codec | µs per payload (median) |",
            "| --- | --- |",
            f"| one master key | {statistics.median(ones) * 1e6:.1f} |",
            f"| a data key per case | {statistics.median(caseds) * 1e6:.1f} |",
            "",
            f"Per-case keys / one key: {statistics.median(ratios):.2f} "
            f"({min(ratios):.2f}–{max(ratios):.2f}) (target ≤ 1.2).",
        ],
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    count, rounds = (args + [2000, 15][len(args) :])[:2]
    main(count, rounds)

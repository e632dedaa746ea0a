"""The project's Temporal client: its data converter (pydantic JSON, encrypted) and metrics."""

from __future__ import annotations

import dataclasses
import os

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, DefaultFailureConverterWithEncodedAttributes
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

from activities.store import Store
from intake.codec import EncryptionCodec, load_keys
from intake.config import Settings
from intake.keyring import Keyring


def data_converter(
    keys: list[tuple[str, bytes]] | None = None, register: Store | None = None
) -> DataConverter:
    """The project's converter: pydantic JSON, encrypted when codec keys are configured (the
    failures' messages and stack traces too); with the register, each case's payloads under the
    case's own data key (intake/keyring.py)."""
    keys = load_keys(Settings.from_env().data_dir) if keys is None else keys
    if not keys:
        return pydantic_data_converter
    keyring = Keyring(register, keys) if register is not None else None
    codec = EncryptionCodec(keys, keyring=keyring)
    # A failure's message and stack trace go through the codec too (issue 14 review): they can
    # quote a name or a reason (an activity's error), and Temporal stores them in the history.
    failures = DefaultFailureConverterWithEncodedAttributes
    return dataclasses.replace(
        pydantic_data_converter, payload_codec=codec, failure_converter_class=failures
    )


_runtimes: dict[str, Runtime] = {}


def metrics_runtime(bind_address: str) -> Runtime:
    """A runtime that serves the SDK's and the cases' metrics for Prometheus (one per address)."""
    if bind_address not in _runtimes:
        _runtimes[bind_address] = Runtime(
            telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=bind_address))
        )
    return _runtimes[bind_address]


async def connect(
    address: str,
    namespace: str = "default",
    metrics_address: str | None = None,
    register: Store | None = None,
) -> Client:
    """A client with the project's data converter; tests and tools use this, never their own.
    With `metrics_address` (or PERSONALSAK_METRICS_ADDRESS) the worker built on it serves
    Prometheus metrics there. Everything that writes a case's payloads (the door, the worker,
    the CLI) passes the register, so they are encrypted with the case's own data key."""
    metrics_address = metrics_address or os.environ.get("PERSONALSAK_METRICS_ADDRESS")
    runtime = metrics_runtime(metrics_address) if metrics_address else None
    return await Client.connect(
        address,
        namespace=namespace,
        data_converter=data_converter(register=register),
        runtime=runtime,
    )

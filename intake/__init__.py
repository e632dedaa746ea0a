"""The door for HR events: event models, dispatcher, CLI and HTTP API."""

from __future__ import annotations

import dataclasses

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter

from intake.codec import EncryptionCodec, load_keys
from intake.config import Settings


def data_converter(keys: list[tuple[str, bytes]] | None = None) -> DataConverter:
    """The project's converter: pydantic JSON, encrypted when codec keys are configured."""
    keys = load_keys(Settings.from_env().data_dir) if keys is None else keys
    if not keys:
        return pydantic_data_converter
    return dataclasses.replace(pydantic_data_converter, payload_codec=EncryptionCodec(keys))


async def connect(address: str, namespace: str = "default") -> Client:
    """A client with the project's data converter; tests and tools use this, never their own."""
    return await Client.connect(address, namespace=namespace, data_converter=data_converter())

"""The door for HR events: event models, dispatcher, CLI and HTTP API."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter


async def connect(address: str, namespace: str = "default") -> Client:
    """A client with the project's data converter; tests and tools use this, never their own."""
    return await Client.connect(
        address, namespace=namespace, data_converter=pydantic_data_converter
    )

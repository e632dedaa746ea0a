"""The door for HR events: event models, dispatcher, CLI and HTTP API.

`intake.connect` and `intake.data_converter` live in intake/client.py and are imported on first
use: the CLI's `--help` and its register-only commands never load Temporal's SDK (issue 15).
"""

from __future__ import annotations

from typing import Any

_CLIENT = {"connect", "data_converter", "metrics_runtime"}


def __getattr__(name: str) -> Any:
    if name in _CLIENT:
        from intake import client

        return getattr(client, name)
    raise AttributeError(f"module 'intake' has no attribute {name!r}")

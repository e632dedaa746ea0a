"""Configuration from the environment (README "Configuration")."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    temporal_address: str
    task_queue: str
    database_url: str
    mail_dir: Path
    smtp_url: str | None
    api_port: int

    @classmethod
    def from_env(cls) -> Settings:
        data = Path(os.environ.get("PERSONALSAK_DATA_DIR", "./data")).resolve()
        return cls(
            data_dir=data,
            temporal_address=os.environ.get("TEMPORAL_ADDRESS", "localhost:7233"),
            task_queue=os.environ.get("TASK_QUEUE", "personalsak"),
            database_url=os.environ.get("DATABASE_URL", f"sqlite:///{data / 'personalsak.db'}"),
            mail_dir=Path(os.environ.get("MAIL_DIR", str(data / "mail"))).resolve(),
            smtp_url=os.environ.get("SMTP_URL") or None,
            api_port=int(os.environ.get("PERSONALSAK_API_PORT", "8000")),
        )

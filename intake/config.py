"""Configuration: the environment, else a config file, else the defaults (README
"Configuration").

The config file is TOML with the environment variables' own names as keys
(`PERSONALSAK_DATA_DIR = "/srv/personalsak"`); it is `$PERSONALSAK_CONFIG`, else
`$XDG_CONFIG_HOME/personalsak/config.toml` (`~/.config/personalsak/config.toml`). No file in the
working directory is read: the CLI finds the same configuration wherever it is run.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

CONFIG_ENV = "PERSONALSAK_CONFIG"


class ConfigError(ValueError):
    """A config file that cannot be read: said in one line."""


def config_path() -> Path:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "personalsak" / "config.toml"


def load_config_file() -> Path | None:
    """Put the config file's values into the environment where the environment has none (so
    that everything reading a variable, the key loaders too, sees them). Returns the file."""
    path = config_path()
    if not path.is_file():
        if os.environ.get(CONFIG_ENV):
            raise ConfigError(f"{CONFIG_ENV}: no config file at {path}")
        return None
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config file {path}: {exc}") from None
    for name, value in values.items():
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise ConfigError(f"config file {path}: {name} must be a string or a number")
        os.environ.setdefault(name, str(value))
    return path


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
        load_config_file()
        data = Path(os.environ.get("PERSONALSAK_DATA_DIR", "./data")).expanduser().resolve()
        return cls(
            data_dir=data,
            temporal_address=os.environ.get("TEMPORAL_ADDRESS", "localhost:7233"),
            task_queue=os.environ.get("TASK_QUEUE", "personalsak"),
            database_url=os.environ.get("DATABASE_URL", f"sqlite:///{data / 'personalsak.db'}"),
            mail_dir=Path(os.environ.get("MAIL_DIR", str(data / "mail"))).resolve(),
            smtp_url=os.environ.get("SMTP_URL") or None,
            api_port=int(os.environ.get("PERSONALSAK_API_PORT", "8000")),
        )


def private_dir(path: Path) -> Path:
    """A directory holding personal data or keys: made, or narrowed, to this user only."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path

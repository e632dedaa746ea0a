"""The CLI from any directory (issue 15, README "Configuration"): without configuration every
command that needs the register or the keys is a one-line error (exit 2, no traceback) and
leaves no `./data` where it ran; with the config file it finds the data directory anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CLI = str(Path(sys.executable).parent / "personalsak")
COMMANDS = [
    ["event", "send", str(EXAMPLES / "leave-request.json")],
    ["case", "show", "2027-0001"],
    ["case", "list"],
    ["org", "load", str(EXAMPLES / "org.yaml")],
    ["audit", "2027-0001"],
    ["apikey", "list"],
    ["apikey", "create", "hr", "--events", "LeaveRequested"],
    ["keys", "rotate"],
]


def bare_env(home: Path) -> dict[str, str]:
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    for key in ("PERSONALSAK_CODEC_KEYS", "PERSONALSAK_SIGNING_KEYS", "PERSONALSAK_DATA_DIR",
                "DATABASE_URL", "PERSONALSAK_CONFIG", "MAIL_DIR"):  # fmt: skip
        env.pop(key, None)
    return env


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_unconfigured_cli_elsewhere_is_a_one_line_error_and_makes_nothing(
    args: list[str], tmp_path: Path
) -> None:
    done = subprocess.run([CLI, *args], cwd=tmp_path, env=bare_env(tmp_path),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "PERSONALSAK_DATA_DIR" in json.loads(done.stdout)["error"]
    assert not (tmp_path / "data").exists()


def test_the_config_file_finds_the_data_directory_from_anywhere(tmp_path: Path) -> None:
    data, elsewhere = tmp_path / "srv", tmp_path / "elsewhere"
    data.mkdir()
    elsewhere.mkdir()
    config = tmp_path / ".config" / "personalsak" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'PERSONALSAK_DATA_DIR = "{data}"\n')
    done = subprocess.run([CLI, "org", "load", str(EXAMPLES / "org.yaml")], cwd=elsewhere,
                          env=bare_env(tmp_path), capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (data / "personalsak.db").exists() and not (elsewhere / "data").exists()

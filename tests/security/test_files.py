"""Files at rest (issue 11, point 7): the data directory 0700, the register and letters 0600, and
the register's free-text personal fields sealed, so a copied database file reveals none."""

from __future__ import annotations

import stat
import uuid
from datetime import date, timedelta
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from temporalio.client import Client

from activities.sealed import PREFIX
from activities.store import MIGRATIONS, ApplicantRow, Store, utcnow
from intake.config import private_dir
from tests.helpers import Sender, decision, leave_request

STATEMENT = "Hemmelig vurdering: den ansatte forklarte seg om sykdom i familien"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def raw_bytes(db: Path) -> bytes:
    """Everything SQLite keeps on disk for this database (the file, its WAL and shared memory)."""
    files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def sqlite_file(store: Store) -> Path:
    return Path(store.url.split("///", 1)[1])


async def test_a_copied_register_reveals_no_statement_and_letters_are_private(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """Issue 11 § 7: the reasons of a decision go into its letter (documents, outbox, the mail
    directory); the register file holds them sealed only, the letter file is 0600 in a 0700
    directory, the register and its WAL 0600."""
    send = Sender(client, worker, register)
    case_id = f"FILES-{uuid.uuid4().hex[:8]}"
    start = date.today() + timedelta(days=50)
    await send.send(leave_request(case_id, start, start + timedelta(days=2)))
    assert (await send.send(decision(case_id, reasons=STATEMENT)))["status"] == "accepted"
    wid = f"leave-{case_id}"

    bodies = [d.body for d in register.documents(wid)] + [o.body for o in register.outbox(wid)]
    assert any(STATEMENT in b for b in bodies)  # the register reads it back
    db = sqlite_file(register)
    with register.engine.connect() as conn:
        stored = conn.execute(text("SELECT body FROM documents WHERE workflow_id = :w"), {"w": wid})
        assert all(row[0].startswith(PREFIX) for row in stored)
    raw = raw_bytes(db)
    assert raw and STATEMENT.encode() not in raw
    assert b"sykdom i familien" not in raw

    for f in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        if f.exists():
            assert mode(f) == 0o600, f
    letters = [p for p in mail_dir.glob(f"{wid}+*.eml")]
    assert letters and all(mode(p) == 0o600 for p in letters)
    assert mode(mail_dir) == 0o700


def test_applicants_free_text_is_sealed(store: Store) -> None:
    """Issue 11 § 7: an applicant's education, experience and reason to be left off the public
    list (offentleglova § 25) are not readable from the file."""
    with store.session() as s:
        s.add(
            ApplicantRow(
                key="hiring-X:app-1", workflow_id="hiring-X", applicant_id="app-1",
                name="Kari Søkersen", email="kari@example.org", gender="female",
                education="Master i kriminologi", experience="Ti år i fengsel på Ila",
                received_on=date.today(), exemption_reason="Min nåværende arbeidsgiver vet ikke",
            )
        )  # fmt: skip
    row = store.applicants("hiring-X")[0]
    assert row.exemption_reason == "Min nåværende arbeidsgiver vet ikke"
    raw = raw_bytes(sqlite_file(store))
    for secret in ("Master i kriminologi", "Ti år i fengsel", "arbeidsgiver vet ikke", "Søkersen"):
        assert secret.encode() not in raw, secret


def test_the_upgrade_seals_what_was_written_before(tmp_path: Path) -> None:
    """An existing register (revision 0003, plain text) is sealed by the migration."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        conn.execute(
            text(
                "INSERT INTO documents (doc_id, workflow_id, kind, title, body, created_at) "
                "VALUES ('d1', 'w1', 'letter', 'Vedtak', :b, :t)"
            ),
            {"b": STATEMENT, "t": utcnow()},
        )
    store.migrate()
    assert store.documents("w1")[0].body == STATEMENT
    store.engine.dispose()
    assert STATEMENT.encode() not in raw_bytes(tmp_path / "old.db")


def test_data_and_register_files_are_private(tmp_path: Path) -> None:
    """Issue 11 § 7: "The data directory is 0700, the register ... 0600" — also when an older
    install left them wider."""
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    assert mode(private_dir(data)) == 0o700
    store = Store(f"sqlite:///{data / 'personalsak.db'}")
    store.migrate()
    for f in data.glob("personalsak.db*"):
        assert mode(f) == 0o600, f
    store.engine.dispose()

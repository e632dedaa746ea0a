"""Delivery of outbox messages: to a mail directory by default, over SMTP when SMTP_URL is set.

Idempotent by key: the message file is named by its key (written atomically, so a
repeated delivery replaces the same file), and over SMTP the key is the
Message-ID, so a receiver can drop the rare duplicate after a crash between
sending and marking the row sent.
"""

from __future__ import annotations

import os
import re
import smtplib
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlparse

SENDER = "personalsak@kriminalomsorgen.no"


def build_message(key: str, to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = SENDER
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{re.sub(r'[^A-Za-z0-9._-]', '.', key)}@personalsak>"
    msg.set_content(body, cte="8bit")  # readable in the mail directory; SMTP gets 8BITMIME
    return msg


# A message's key is `<workflow id>:<document>:<person id>`; its file name replaces every
# character outside the case id's alphabet (intake/events.py CASE_ID: letters, digits, ".",
# "_", "-") with SEP, which no workflow id holds: the name up to the first SEP is exactly the
# case's id (review M4 of erase7: with "_", `leave-RF-1_*` also matched case `RF-1_2`, and
# `exit_interview-...` split to `exit`).
SEP = "+"
OLD_SEP = "_"  # files delivered before erase8: found by their outbox keys or the register


def mail_name(key: str, sep: str = SEP) -> str:
    """The file a message goes to in the mail directory: its key made filename-safe."""
    return re.sub(r"[^A-Za-z0-9._-]", sep, key) + ".eml"


def _stem(path: Path) -> str:
    """A file's delivered name (a left-over temporary `.<name>.tmp` included)."""
    name = path.name
    return name[1:-4] if name.startswith(".") and name.endswith(".tmp") else name


def forget_mail(mail_dir: Path | None, key: str) -> int:
    """Delete the delivered file of the message `key` (and any left-over temporary file), under
    its name and the name it had before erase8: an erased message's text must not stay in the
    mail directory (issue 14 review H2). Returns the files deleted."""
    if mail_dir is None or not mail_dir.is_dir():
        return 0
    n = 0
    for name in {mail_name(key), mail_name(key, OLD_SEP)}:
        for path in (mail_dir / name, mail_dir / f".{name}.tmp"):
            if path.exists():
                path.unlink(missing_ok=True)
                n += 1
    return n


def forget_cases_mail(
    mail_dir: Path | None, workflow_ids: set[str], kept: frozenset[str] = frozenset()
) -> int:
    """Delete every file of the cases `workflow_ids` in one pass over the directory (an
    erasure, and the daily sweep's catch-up for cases erased before their letters were: review
    H2). A file's name up to its first SEP is its case's id, exactly; a file named before
    erase8 (`<id>_...`) goes if it begins with an erased case's id and "_" and is not in `kept`,
    the old names of every message the register still holds by its key for a case not erased
    (`<id>_2_...` of case `<id>_2`, review M4)."""
    if mail_dir is None or not mail_dir.is_dir() or not workflow_ids:
        return 0
    n = 0
    for path in list(mail_dir.iterdir()):
        name = _stem(path)
        if SEP in name:
            mine = name.split(SEP, 1)[0] in workflow_ids
        else:
            mine = name not in kept and any(name.startswith(w + OLD_SEP) for w in workflow_ids)
        if mine:
            path.unlink(missing_ok=True)
            n += 1
    return n


class Mailer:
    def __init__(self, mail_dir: Path, smtp_url: str | None = None) -> None:
        self.mail_dir = mail_dir
        self.smtp_url = smtp_url

    def send(self, key: str, msg: EmailMessage) -> str:
        """Deliver `msg`; returns where it went."""
        if self.smtp_url:
            return self._smtp(msg)
        return self._file(key, msg)

    def _file(self, key: str, msg: EmailMessage) -> str:
        # Letters hold names and reasons: the directory and every letter for this user only.
        self.mail_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.mail_dir.chmod(0o700)
        name = mail_name(key)
        tmp = self.mail_dir / f".{name}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(bytes(msg))
        tmp.chmod(0o600)  # a left-over temporary file from before keeps no wider mode
        tmp.replace(self.mail_dir / name)
        return str(self.mail_dir / name)

    def _smtp(self, msg: EmailMessage) -> str:
        url = urlparse(self.smtp_url or "")
        cls = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
        host, port = url.hostname or "localhost", url.port or (465 if url.scheme == "smtps" else 25)
        with cls(host, port, timeout=30) as smtp:
            if url.scheme == "smtp+starttls":
                smtp.starttls()
            if url.username:
                smtp.login(unquote(url.username), unquote(url.password or ""))
            smtp.send_message(msg)
        return f"smtp://{host}:{port}"

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


def mail_name(key: str) -> str:
    """The file a message goes to in the mail directory: its key made filename-safe."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", key) + ".eml"


def forget_mail(mail_dir: Path | None, pattern: str) -> int:
    """Delete the delivered files (and any left-over temporary file) whose name matches
    `pattern` (a `mail_name`, or `<safe case id>_*.eml`): an erased message's text must not
    stay in the mail directory (issue 14 review H2). Returns the files deleted."""
    if mail_dir is None or not mail_dir.is_dir():
        return 0
    n = 0
    for path in [*mail_dir.glob(pattern), *mail_dir.glob(f".{pattern}.tmp")]:
        path.unlink(missing_ok=True)
        n += 1
    return n


def forget_cases_mail(mail_dir: Path | None, workflow_ids: set[str]) -> int:
    """Delete every file of the cases `workflow_ids` in one pass over the directory (the daily
    sweep's catch-up for cases erased before their letters were: review H2). A message's file
    name begins with its case's workflow id (filename-safe already) and `_`."""
    if mail_dir is None or not mail_dir.is_dir() or not workflow_ids:
        return 0
    n = 0
    for path in list(mail_dir.iterdir()):
        if path.name.lstrip(".").split("_", 1)[0] in workflow_ids:
            path.unlink(missing_ok=True)
            n += 1
    return n


def case_mail(workflow_id: str) -> str:
    """Every message file of one case: each message's key begins `<workflow id>:`."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", workflow_id) + "_*.eml"


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

"""Notifications for the author: a command and/or an email (both off by default).

Payloads carry ids, titles (anonymized) and counts only: never letter text,
subjects as received, or addresses. A failing notification is logged and
never stops the service.
"""

from __future__ import annotations

import json
import logging
import smtplib
import ssl
import subprocess
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mailpub.config import Config

log = logging.getLogger(__name__)


def payload(event: str, **fields: Any) -> dict[str, Any]:
    """The JSON payload: ``event`` (``drafted`` | ``error`` | ``published`` | ``refused``)."""
    return {"event": event, **fields}


def send(cfg: Config, data: dict[str, Any]) -> None:
    """Run ``notify.command`` and/or email ``notify.smtp.to``; never raises."""
    notify = cfg.notify
    if notify.command:
        _run_command(notify.command, data, cfg.notify.timeout)
    if notify.smtp is not None:
        try:
            _send_mail(cfg, data)
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("notification email failed: %s", type(exc).__name__)
        except Exception as exc:  # noqa: BLE001 - a notification must never stop the service
            log.warning("notification email failed: %s", type(exc).__name__)


def _run_command(argv: tuple[str, ...], data: dict[str, Any], timeout: float) -> None:
    try:
        result = subprocess.run(
            list(argv),
            input=json.dumps(data, ensure_ascii=False).encode(),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("notify.command failed: %s", type(exc).__name__)
        return
    if result.returncode != 0:
        log.warning("notify.command exited with status %d", result.returncode)


def subject_line(data: dict[str, Any]) -> str:
    event = data.get("event")
    if event == "drafted":
        return f"mailpub: {data.get('count', 0)} new draft(s)"
    if event == "published":
        return f"mailpub: {data.get('count', 0)} post(s) published"
    if event == "refused":
        return f"mailpub: draft {data.get('draft_id')} refused by the gate"
    return "mailpub: error"


def _send_mail(cfg: Config, data: dict[str, Any]) -> None:
    smtp = cfg.notify.smtp
    assert smtp is not None
    message = EmailMessage()
    message["Subject"] = subject_line(data)
    message["From"] = smtp.sender or smtp.to[0]
    message["To"] = ", ".join(smtp.to)
    message.set_content(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    context = ssl.create_default_context(cafile=str(smtp.ca_file) if smtp.ca_file else None)
    port = smtp.effective_port
    client: smtplib.SMTP
    if smtp.security == "tls":
        client = smtplib.SMTP_SSL(smtp.host, port, timeout=cfg.notify.timeout, context=context)
    else:
        client = smtplib.SMTP(smtp.host, port, timeout=cfg.notify.timeout)
    with client:
        if smtp.security == "starttls":
            client.starttls(context=context)
        if smtp.username:
            client.login(smtp.username, smtp.password())
        client.send_message(message)

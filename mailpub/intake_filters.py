"""Which mailbox messages are letters, decided from their headers alone (pure).

:func:`skip_reason` returns why a message is not a letter, or None:

* automatic mail (always): ``Auto-Submitted`` other than ``no``; ``Precedence:
  bulk|junk|list``; a ``List-Id`` or ``List-Unsubscribe`` header; a sender whose
  local part is ``mailer-daemon`` or ``postmaster``; delivery and read reports
  (``multipart/report``, ``message/delivery-status``, ``message/disposition-notification``);
* mail from the author (``author.addresses``);
* the optional ``filters.*`` settings.

Reasons name the rule and, for automatic mail, the header's short keyword, never
an address or a subject.
"""

from __future__ import annotations

import email.header
import email.parser
import email.policy
import email.utils
import re
from collections.abc import Sequence
from email.message import Message

from mailpub.config import Config, FiltersConfig

_AUTOMATIC_DAEMONS = ("mailer-daemon", "postmaster")
_BULK = ("bulk", "junk", "list")
_REPORT_TYPES = (
    "multipart/report",
    "message/delivery-status",
    "message/disposition-notification",
)
_RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To")


def parse_header(header: bytes) -> Message:
    """The header block as a compat32 Message (never raises for malformed input)."""
    return email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(header)


def automatic_reason(headers: Message) -> str | None:
    """Why a message is automatic mail, or None."""
    auto = _value(headers, "Auto-Submitted").strip().lower()
    if auto and auto.split(";")[0].strip() != "no":
        return f"automatic message (Auto-Submitted: {auto.split(';')[0].strip()[:30]})"
    precedence = _value(headers, "Precedence").strip().lower()
    if precedence in _BULK:
        return f"automatic message (Precedence: {precedence})"
    if headers.get("List-Id") is not None:
        return "mailing list message (List-Id)"
    if headers.get("List-Unsubscribe") is not None:
        return "mailing list message (List-Unsubscribe)"
    ctype = _value(headers, "Content-Type").strip().lower()
    if any(ctype.startswith(t) for t in _REPORT_TYPES):
        return "delivery or read report (" + ctype.split(";")[0].strip() + ")"
    sender = sender_address(headers)
    if sender is not None and sender.split("@")[0] in _AUTOMATIC_DAEMONS:
        return "automatic message (mailer-daemon or postmaster sender)"
    return None


def filter_reason(headers: Message, filters: FiltersConfig) -> str | None:
    """Why ``filters.*`` leave a message out, or None when it passes."""
    sender = sender_address(headers)
    if (
        filters.senders_deny
        and sender is not None
        and _sender_matches(sender, filters.senders_deny)
    ):
        return "filtered out (filters.senders_deny)"
    if filters.senders_allow and (
        sender is None or not _sender_matches(sender, filters.senders_allow)
    ):
        return "filtered out (filters.senders_allow)"
    if filters.to:
        wanted = set(filters.to)
        if not wanted.intersection(recipients(headers)):
            return "filtered out (filters.to)"
    if filters.subject is not None:
        subject = decoded_subject(headers)
        if not re.search(filters.subject, subject, re.IGNORECASE):
            return "filtered out (filters.subject)"
    return None


def skip_reason(header: bytes, cfg: Config) -> str | None:
    """Why a message with this header block is not drafted, or None (pure)."""
    headers = parse_header(header)
    reason = automatic_reason(headers)
    if reason is not None:
        return reason
    sender = sender_address(headers)
    if sender is not None and sender in cfg.author.addresses:
        return "sent by the author (author.addresses)"
    return filter_reason(headers, cfg.filters)


def sender_address(headers: Message) -> str | None:
    """The lower-cased address of From (else Sender, else Return-Path), or None."""
    for name in ("From", "Sender", "Return-Path"):
        value = _value(headers, name)
        if value:
            address = email.utils.parseaddr(value)[1].strip().lower()
            if "@" in address:
                return address
            if address in _AUTOMATIC_DAEMONS:
                return address + "@"
    return None


def recipients(headers: Message) -> set[str]:
    """Every lower-cased address in To, Cc, Delivered-To and X-Original-To."""
    values = [str(v) for name in _RECIPIENT_HEADERS for v in headers.get_all(name) or []]
    return {a.strip().lower() for _, a in email.utils.getaddresses(values) if "@" in a}


def decoded_subject(headers: Message) -> str:
    raw = _value(headers, "Subject")
    try:
        pieces = email.header.decode_header(raw)
    except Exception:  # noqa: BLE001 - malformed encoded words: use the raw text
        return raw
    out = []
    for piece, charset in pieces:
        if isinstance(piece, bytes):
            try:
                out.append(piece.decode(charset or "ascii", "replace"))
            except LookupError:
                out.append(piece.decode("utf-8", "replace"))
        else:
            out.append(piece)
    return "".join(out)


def _sender_matches(sender: str, patterns: Sequence[str]) -> bool:
    domain = "@" + sender.rsplit("@", 1)[-1]
    return any(p == sender or (p.startswith("@") and p == domain) for p in patterns)


def _value(headers: Message, name: str) -> str:
    value = headers.get(name)
    return "" if value is None else str(value)

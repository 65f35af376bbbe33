"""Logging set-up: one stderr handler, plain or JSON lines, with redaction.

mailpub never logs letter bodies, subjects or addresses, and never
credentials; as a second line of defence every record passes a filter that
masks anything shaped like an email address and ``user:password@`` in URLs.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Literal

LogFormat = Literal["plain", "json"]

_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
_URL_CREDENTIALS = re.compile(r"(://)[^/@\s:]+:[^/@\s]+@")


def redact(text: str) -> str:
    """Mask email addresses and URL credentials in a log line."""
    return _EMAIL.sub("<address>", _URL_CREDENTIALS.sub(r"\1***@", text))


class RedactingFilter(logging.Filter):
    """Rewrites every record's message with :func:`redact` (and drops its args).

    A traceback may quote letter text (an exception's message), so above DEBUG
    (``-vv``) only the exception's type is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = redact(record.getMessage())
        if record.exc_info and record.levelno > logging.DEBUG:
            kind = record.exc_info[0]
            message += f" ({kind.__name__})" if kind is not None else ""
            record.exc_info = None
            record.exc_text = None
        record.msg = message
        record.args = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (+ exception type)."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="seconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("event", "counts", "draft_ids", "seconds"):
            value = getattr(record, key, None)
            if value is not None:
                data[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            data["exception"] = record.exc_info[0].__name__
        return json.dumps(data, ensure_ascii=False)


def setup_logging(verbosity: int, fmt: LogFormat = "plain") -> None:
    """Install the one stderr handler (replacing earlier ones)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("mailpub: %(levelname)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(
        logging.DEBUG if verbosity > 1 else logging.INFO if verbosity else logging.WARNING
    )
    # Libraries' own debug output may carry protocol data; keep it quiet.
    for noisy in ("imapclient", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # mail-parser warns about every content type it does not render; not for the author.
    logging.getLogger("mailparser").setLevel(logging.ERROR)

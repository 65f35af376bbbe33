"""A letter's attachments, listed for the author only: names and sizes, never content.

Parsing (:func:`mailpub.parse.parse_message`) fills ``Mail.attachments`` with
``(name, size)`` pairs: the file name as the sender gave it, made safe with
:func:`safe_name`, and the decoded size in bytes. Nothing is ever written to
disk or run; the list is kept privately in the state database
(:func:`record`) and shown by ``mailpub show`` (:func:`listed`). It never
reaches a draft, a preview or the blog.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

_SCHEMA = """
CREATE TABLE IF NOT EXISTS letter_attachments (
    letter_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (letter_id, position)
);
"""
MAX_NAME = 100
MAX_LISTED = 200  # a letter with more parts lists the first ones only
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_name(raw: str | None) -> str:
    """A decoded attachment file name made safe to show (pure, never raises).

    Hidden (zero-width, bidi) and control characters are removed, any folder
    part (``/`` or ``\\``) is dropped, whitespace is collapsed and the result
    is cut to ``MAX_NAME`` characters. An empty result is ``"(no name)"``.
    """
    from mailpub.markup import strip_hidden_controls

    text = _CONTROLS.sub("", strip_hidden_controls(raw or ""))
    text = re.split(r"[/\\]", text)[-1]
    text = re.sub(r"\s+", " ", text).strip().lstrip(".").strip()
    if len(text) > MAX_NAME:
        text = text[: MAX_NAME - 1] + "…"
    return text or "(no name)"


def record(db: sqlite3.Connection, letter_id: str, items: Sequence[tuple[str, int]]) -> None:
    """Keep a letter's attachment list (replacing any earlier one); idempotent."""
    db.executescript(_SCHEMA)
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("DELETE FROM letter_attachments WHERE letter_id = ?", (letter_id,))
        db.executemany(
            "INSERT INTO letter_attachments (letter_id, position, name, size) VALUES (?, ?, ?, ?)",
            [(letter_id, i, name, size) for i, (name, size) in enumerate(items[:MAX_LISTED])],
        )
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def listed(db: sqlite3.Connection, letter_id: str) -> list[tuple[str, int]]:
    """A letter's attachments as recorded at import, in message order ([] when none)."""
    db.executescript(_SCHEMA)
    rows = db.execute(
        "SELECT name, size FROM letter_attachments WHERE letter_id = ? ORDER BY position",
        (letter_id,),
    ).fetchall()
    return [(str(name), int(size)) for name, size in rows]

"""mailpub's own record of an IMAP folder, in the state database (two tables).

* ``imap_folders``: per account and folder, the UIDVALIDITY and the last UID
  below which every message has been decided (drafted, duplicate, skipped,
  quarantined or gone). It only ever moves forward, and only after the
  decisions below it are committed.
* ``imap_messages``: each decided UID, its outcome, its letter and whether the
  server-side mark (``imap.mark``) is done. Rows with ``marked = 0`` are marks
  still owed: the next poll retries them (a crash between committing a draft
  and marking it on the server loses nothing).

The tables live in the same SQLite file as :mod:`mailpub.state` (``State.db``)
and are created on first use.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from mailpub.state import now_iso

_SCHEMA = """
CREATE TABLE IF NOT EXISTS imap_folders (
    account TEXT NOT NULL,
    folder TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    last_uid INTEGER NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (account, folder)
);
CREATE TABLE IF NOT EXISTS imap_messages (
    account TEXT NOT NULL,
    folder TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    letter_id TEXT,
    marked INTEGER NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (account, folder, uidvalidity, uid)
);
CREATE INDEX IF NOT EXISTS imap_messages_unmarked
    ON imap_messages (account, folder, uidvalidity) WHERE marked = 0;
"""


@dataclass(frozen=True, slots=True)
class Cursor:
    uidvalidity: int
    last_uid: int


@dataclass(frozen=True, slots=True)
class Decided:
    """One UID's decision: ``marked`` False when a server-side mark is still owed."""

    uid: int
    outcome: str  # drafted, duplicate, skipped, quarantined, gone, marked-before
    letter_id: str | None
    marked: bool


class ImapState:
    """Read and advance the record of one account's folders (``db`` from ``State``)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.db.executescript(_SCHEMA)

    def cursor(self, account: str, folder: str) -> Cursor | None:
        row = self.db.execute(
            "SELECT uidvalidity, last_uid FROM imap_folders WHERE account = ? AND folder = ?",
            (account, folder),
        ).fetchone()
        return Cursor(int(row[0]), int(row[1])) if row else None

    def set_cursor(self, account: str, folder: str, uidvalidity: int, last_uid: int) -> None:
        """Record that every UID up to ``last_uid`` is decided (never moves back
        within one UIDVALIDITY)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self._advance(account, folder, uidvalidity, last_uid)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def record_batch(
        self,
        account: str,
        folder: str,
        uidvalidity: int,
        decided: Sequence[Decided],
        last_uid: int,
    ) -> None:
        """In one transaction: the decisions of a batch and the new last UID."""
        stamp = now_iso()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "INSERT INTO imap_messages (account, folder, uidvalidity, uid, outcome,"
                " letter_id, marked, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (account, folder, uidvalidity, uid) DO UPDATE SET"
                " outcome = excluded.outcome, letter_id = excluded.letter_id,"
                " marked = MAX(marked, excluded.marked), updated = excluded.updated",
                [
                    (
                        account,
                        folder,
                        uidvalidity,
                        d.uid,
                        d.outcome,
                        d.letter_id,
                        int(d.marked),
                        stamp,
                    )
                    for d in decided
                ],
            )
            self._advance(account, folder, uidvalidity, last_uid)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def pending_marks(self, account: str, folder: str, uidvalidity: int) -> list[int]:
        rows = self.db.execute(
            "SELECT uid FROM imap_messages WHERE account = ? AND folder = ? AND uidvalidity = ?"
            " AND marked = 0 ORDER BY uid",
            (account, folder, uidvalidity),
        ).fetchall()
        return [int(r[0]) for r in rows]

    def set_marked(self, account: str, folder: str, uidvalidity: int, uids: Sequence[int]) -> None:
        self.db.executemany(
            "UPDATE imap_messages SET marked = 1, updated = ? WHERE account = ? AND folder = ?"
            " AND uidvalidity = ? AND uid = ?",
            [(now_iso(), account, folder, uidvalidity, uid) for uid in uids],
        )

    def decided(self, account: str, folder: str, uidvalidity: int) -> list[Decided]:
        """Every recorded decision for one folder generation (for tests and doctor)."""
        rows = self.db.execute(
            "SELECT uid, outcome, letter_id, marked FROM imap_messages WHERE account = ?"
            " AND folder = ? AND uidvalidity = ? ORDER BY uid",
            (account, folder, uidvalidity),
        ).fetchall()
        return [
            Decided(int(u), str(o), None if li is None else str(li), bool(m))
            for u, o, li, m in rows
        ]

    def _advance(self, account: str, folder: str, uidvalidity: int, last_uid: int) -> None:
        self.db.execute(
            "INSERT INTO imap_folders (account, folder, uidvalidity, last_uid, updated)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, folder) DO UPDATE SET"
            " last_uid = CASE WHEN imap_folders.uidvalidity = excluded.uidvalidity"
            " THEN MAX(imap_folders.last_uid, excluded.last_uid) ELSE excluded.last_uid END,"
            " uidvalidity = excluded.uidvalidity, updated = excluded.updated",
            (account, folder, uidvalidity, last_uid, now_iso()),
        )

"""The private state: a SQLite database and the drafts folder.

This is the one module that touches the state database and writes draft
files. Folders are created on first use with mode 0700; the database and its
journal files are 0600. Draft files are written atomically (temporary file in
the same folder, fsync, rename, fsync of the folder); temporary files never
end in ``.md``.

Tables:

* ``letters``: every message mailpub has decided on: its Message-ID, the
  hash of its decoded text, where it came from, its outcome and reason.
* ``drafts``: id, letter, file path, status, title.
* ``redactions``: the redaction map (placeholder → original → detectors).
  Original strings live only here, never in a draft's public part.
* ``cuts``: what cleaning removed (for ``mailpub show``).
* ``sightings``: every source a letter was seen at (duplicates included).
* ``allowed_terms``: terms the author let through the publication gate.
* ``suspects``: words the anonymizer left in place near employment cues, for
  the author's review (``mailpub show``).

The sender's name and address are kept with the letter (privately) so the
publication gate can refuse a post that names them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from mailpub.errors import NotFound, StateError, UserError
from mailpub.model import Cut, Outcome, Redaction, Status

SCHEMA_VERSION = 1
DB_NAME = "mailpub.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS letters (
    letter_id TEXT PRIMARY KEY,
    message_id TEXT,
    text_hash TEXT,
    source TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT,
    draft_id TEXT,
    first_seen TEXT NOT NULL,
    updated TEXT NOT NULL,
    sender_name TEXT,
    sender_address TEXT
);
CREATE INDEX IF NOT EXISTS letters_by_hash ON letters (text_hash);
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY,
    letter_id TEXT NOT NULL UNIQUE REFERENCES letters (letter_id),
    path TEXT NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    format TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    publish_target TEXT,
    published_path TEXT,
    published_commit TEXT,
    published_at TEXT
);
CREATE TABLE IF NOT EXISTS allowed_terms (
    draft_id TEXT NOT NULL REFERENCES drafts (id),
    term TEXT NOT NULL,
    added TEXT NOT NULL,
    PRIMARY KEY (draft_id, term)
);
CREATE TABLE IF NOT EXISTS redactions (
    draft_id TEXT NOT NULL REFERENCES drafts (id),
    seq INTEGER NOT NULL,
    placeholder TEXT NOT NULL,
    kind TEXT NOT NULL,
    original TEXT NOT NULL,
    detectors TEXT NOT NULL,
    PRIMARY KEY (draft_id, seq)
);
CREATE TABLE IF NOT EXISTS cuts (
    letter_id TEXT NOT NULL REFERENCES letters (letter_id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (letter_id, seq)
);
CREATE TABLE IF NOT EXISTS suspects (
    draft_id TEXT NOT NULL REFERENCES drafts (id),
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (draft_id, seq)
);
CREATE TABLE IF NOT EXISTS sightings (
    letter_id TEXT NOT NULL,
    source TEXT NOT NULL,
    seen TEXT NOT NULL,
    PRIMARY KEY (letter_id, source)
);
"""

# Easy to type and read aloud: no 0/o, 1/l/i.
_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def letter_id_for(message_id: str | None, text_hash: str | None, source: str) -> str:
    """A stable id for a letter: from its Message-ID and text hash.

    A message that could not be read at all has no hash; its id then comes
    from where it was found, so retrying the same file finds the same record.
    """
    if text_hash is None:
        seed = "unreadable\0" + source
    else:
        seed = (message_id or "") + "\0" + text_hash
    return hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def draft_id_candidates(letter_id: str) -> Iterator[str]:
    """Short ids derived from the letter id: 5 characters, longer on collision."""
    digest = hashlib.sha256(letter_id.encode()).digest()
    number = int.from_bytes(digest, "big")
    chars = []
    while number:
        number, rem = divmod(number, len(_ID_ALPHABET))
        chars.append(_ID_ALPHABET[rem])
    text = "".join(chars)
    for length in range(5, len(text)):
        yield text[:length]


@dataclass(frozen=True, slots=True)
class LetterRow:
    letter_id: str
    message_id: str | None
    text_hash: str | None
    source: str
    outcome: Outcome
    reason: str | None
    draft_id: str | None
    first_seen: str


@dataclass(frozen=True, slots=True)
class DraftRow:
    id: str
    letter_id: str
    path: Path
    status: Status
    title: str
    format: str
    created: str
    updated: str
    publish_target: str | None = None  # repo-relative path chosen before writing
    published_path: str | None = None  # repo-relative path of the published post
    published_commit: str | None = None
    published_at: str | None = None


@dataclass(frozen=True, slots=True)
class RedactionRow:
    placeholder: str
    kind: str
    original: str
    detectors: tuple[str, ...]


def private_mkdir(path: Path) -> None:
    """Create a folder (and parents) and make sure it is mode 0700."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except OSError as exc:
        raise UserError(
            f"cannot create folder {path}: {exc.strerror or exc}",
            hint="check the permissions or set paths.drafts / paths.state",
        ) from exc


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write a file atomically with mode 0600 (text as UTF-8); the temporary name
    ends in ``.tmp``. Raises UserError when the disk or permissions refuse."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise UserError(
            f"cannot write {path}: {exc.strerror or exc}",
            hint="free some disk space or fix the folder's permissions; nothing was lost",
        ) from exc


def remove_stale_temporaries(folder: Path) -> int:
    """Remove temporary files (``.NAME.PID.tmp``) left by killed processes; returns how many.

    Only files whose process no longer runs are removed: a temporary file of a
    live writer is left alone. A temporary file never holds the only copy of
    anything (the rename is what makes a draft exist).
    """
    removed = 0
    try:
        candidates = list(folder.glob(".*.tmp"))
    except OSError:
        return 0
    for path in candidates:
        pid_text = path.name[: -len(".tmp")].rsplit(".", 1)[-1]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class State:
    """The state database plus the drafts folder. Use as a context manager."""

    def __init__(self, state_dir: Path, drafts_dir: Path) -> None:
        self.state_dir = state_dir
        self.drafts_dir = drafts_dir
        private_mkdir(state_dir)
        db_path = state_dir / DB_NAME
        if not db_path.exists():
            fd = os.open(db_path, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(fd)
        try:
            self.db = sqlite3.connect(db_path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(_SCHEMA)
            self.db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)",
                (str(SCHEMA_VERSION),),
            )
        except sqlite3.DatabaseError as exc:
            raise StateError(
                f"cannot open the state database {db_path}: {exc}",
                hint="check paths.state; restore the file from a backup if it is damaged",
            ) from exc
        for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
            with contextlib.suppress(OSError):
                (state_dir / name).chmod(0o600)
        if drafts_dir.is_dir():
            remove_stale_temporaries(drafts_dir)

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ----------------------------------------------------------------- letters

    def find_same_letter(self, message_id: str | None, text_hash: str) -> LetterRow | None:
        """The recorded letter that this one duplicates, if any.

        Same Message-ID and same text hash; when either side has no
        Message-ID, the hash alone decides. Only letters that were drafted or
        skipped count: a quarantined letter may be tried again.
        """
        rows = self.db.execute(
            "SELECT * FROM letters WHERE text_hash = ? AND outcome IN ('drafted', 'skipped')"
            " ORDER BY first_seen",
            (text_hash,),
        ).fetchall()
        for row in rows:
            letter = _letter(row)
            if message_id is None or letter.message_id is None or letter.message_id == message_id:
                return letter
        return None

    def get_letter(self, letter_id: str) -> LetterRow | None:
        row = self.db.execute("SELECT * FROM letters WHERE letter_id = ?", (letter_id,)).fetchone()
        return _letter(row) if row else None

    def record_sighting(self, letter_id: str, source: str) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO sightings (letter_id, source, seen) VALUES (?, ?, ?)",
            (letter_id, source, now_iso()),
        )

    def record_letter(
        self,
        *,
        letter_id: str,
        message_id: str | None,
        text_hash: str | None,
        source: str,
        outcome: Outcome,
        reason: str | None,
        cuts: Sequence[Cut] = (),
    ) -> None:
        """Record a skipped or quarantined letter (drafted ones: :meth:`record_draft`)."""
        with self.transaction() as db:
            self._upsert_letter(db, letter_id, message_id, text_hash, source, outcome, reason, None)
            self._replace_cuts(db, letter_id, cuts)

    def _upsert_letter(
        self,
        db: sqlite3.Connection,
        letter_id: str,
        message_id: str | None,
        text_hash: str | None,
        source: str,
        outcome: Outcome,
        reason: str | None,
        draft_id: str | None,
    ) -> None:
        stamp = now_iso()
        db.execute(
            "INSERT INTO letters (letter_id, message_id, text_hash, source, outcome, reason,"
            " draft_id, first_seen, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (letter_id) DO UPDATE SET outcome = excluded.outcome,"
            " reason = excluded.reason, draft_id = excluded.draft_id, source = excluded.source,"
            " text_hash = excluded.text_hash, updated = excluded.updated",
            (
                letter_id,
                message_id,
                text_hash,
                source,
                str(outcome),
                reason,
                draft_id,
                stamp,
                stamp,
            ),
        )
        db.execute(
            "INSERT OR IGNORE INTO sightings (letter_id, source, seen) VALUES (?, ?, ?)",
            (letter_id, source, stamp),
        )

    def _replace_cuts(self, db: sqlite3.Connection, letter_id: str, cuts: Sequence[Cut]) -> None:
        db.execute("DELETE FROM cuts WHERE letter_id = ?", (letter_id,))
        db.executemany(
            "INSERT INTO cuts (letter_id, seq, kind, text) VALUES (?, ?, ?, ?)",
            [(letter_id, i, str(cut.kind), cut.text) for i, cut in enumerate(cuts)],
        )

    def quarantined(self) -> list[LetterRow]:
        rows = self.db.execute(
            "SELECT * FROM letters WHERE outcome = 'quarantined' ORDER BY first_seen, letter_id"
        ).fetchall()
        return [_letter(row) for row in rows]

    def close_quarantine(self, letter_id: str, now_letter: str, draft_id: str | None) -> None:
        """Mark a quarantined record as handled by a retry that gave another letter id.

        It becomes a ``duplicate`` of ``now_letter`` (so it leaves the
        quarantine list and never counts for the same-letter rule)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE letters SET outcome = ?, reason = ?, draft_id = ?, updated = ?"
                " WHERE letter_id = ? AND outcome = ?",
                (
                    str(Outcome.DUPLICATE),
                    f"retried: now letter {now_letter}",
                    draft_id,
                    now_iso(),
                    letter_id,
                    str(Outcome.QUARANTINED),
                ),
            )

    def cuts_for(self, letter_id: str) -> list[Cut]:
        from mailpub.model import CutKind

        rows = self.db.execute(
            "SELECT kind, text FROM cuts WHERE letter_id = ? ORDER BY seq", (letter_id,)
        ).fetchall()
        return [Cut(CutKind(kind), text) for kind, text in rows]

    # ----------------------------------------------------------------- drafts

    def new_draft_id(self, letter_id: str) -> str:
        """The draft id for a letter: derived from it, so a retry gets the same id."""
        for candidate in draft_id_candidates(letter_id):
            row = self.db.execute(
                "SELECT letter_id FROM drafts WHERE id = ?", (candidate,)
            ).fetchone()
            if row is None or row[0] == letter_id:
                return candidate
        raise StateError("ran out of draft ids", hint="this should not happen; please report it")

    def record_draft(
        self,
        *,
        letter_id: str,
        message_id: str | None,
        text_hash: str,
        source: str,
        draft_id: str,
        path: Path,
        title: str,
        fmt: str,
        redactions: Sequence[Redaction],
        cuts: Sequence[Cut],
        sender_name: str | None = None,
        sender_address: str | None = None,
        suspects: Sequence[str] | None = None,
    ) -> None:
        """Record a drafted letter, its draft, redaction map and cuts in one transaction.

        ``suspects``: the review list (as :meth:`record_suspects`), written in the
        same transaction (one commit, one fsync) when given."""
        stamp = now_iso()
        with self.transaction() as db:
            self._upsert_letter(
                db, letter_id, message_id, text_hash, source, Outcome.DRAFTED, None, draft_id
            )
            db.execute(
                "UPDATE letters SET sender_name = ?, sender_address = ? WHERE letter_id = ?",
                (sender_name, sender_address, letter_id),
            )
            db.execute(
                "INSERT INTO drafts (id, letter_id, path, status, title, format, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (draft_id, letter_id, str(path), str(Status.DRAFT), title, fmt, stamp, stamp),
            )
            db.execute("DELETE FROM redactions WHERE draft_id = ?", (draft_id,))
            seq = 0
            for redaction in redactions:
                for original in redaction.originals:
                    db.execute(
                        "INSERT INTO redactions (draft_id, seq, placeholder, kind, original,"
                        " detectors) VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            draft_id,
                            seq,
                            redaction.placeholder,
                            str(redaction.kind),
                            original,
                            ",".join(redaction.detectors),
                        ),
                    )
                    seq += 1
            self._replace_cuts(db, letter_id, cuts)
            if suspects is not None:
                self._replace_suspects(db, draft_id, suspects)

    def drafts(self, status: Status | None = None) -> list[DraftRow]:
        if status is None:
            rows = self.db.execute("SELECT * FROM drafts ORDER BY created, id").fetchall()
        else:
            rows = self.db.execute(
                "SELECT * FROM drafts WHERE status = ? ORDER BY created, id", (str(status),)
            ).fetchall()
        return [_draft(row) for row in rows]

    def get_draft(self, draft_id: str) -> DraftRow:
        row = self.db.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise NotFound(
                f"no draft with id {draft_id!r}", hint="run `mailpub list` to see the draft ids"
            )
        return _draft(row)

    def set_status(self, draft_id: str, status: Status) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE drafts SET status = ?, updated = ? WHERE id = ?",
                (str(status), now_iso(), draft_id),
            )

    def redactions_for(self, draft_id: str) -> list[RedactionRow]:
        rows = self.db.execute(
            "SELECT placeholder, kind, original, detectors FROM redactions WHERE draft_id = ?"
            " ORDER BY seq",
            (draft_id,),
        ).fetchall()
        return [RedactionRow(p, k, o, tuple(d.split(",")) if d else ()) for p, k, o, d in rows]

    def message_id_for(self, letter_id: str) -> str | None:
        row = self.db.execute(
            "SELECT message_id FROM letters WHERE letter_id = ?", (letter_id,)
        ).fetchone()
        return row[0] if row else None

    def sender_of(self, letter_id: str) -> tuple[str | None, str | None]:
        row = self.db.execute(
            "SELECT sender_name, sender_address FROM letters WHERE letter_id = ?", (letter_id,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def record_suspects(self, draft_id: str, suspects: Sequence[str]) -> None:
        """Replace the review list of words left in place (``mailpub show``)."""
        with self.transaction() as db:
            self._replace_suspects(db, draft_id, suspects)

    @staticmethod
    def _replace_suspects(db: sqlite3.Connection, draft_id: str, suspects: Sequence[str]) -> None:
        db.execute("DELETE FROM suspects WHERE draft_id = ?", (draft_id,))
        db.executemany(
            "INSERT INTO suspects (draft_id, seq, text) VALUES (?, ?, ?)",
            [(draft_id, n, text) for n, text in enumerate(suspects)],
        )

    def suspects_for(self, draft_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT text FROM suspects WHERE draft_id = ? ORDER BY seq", (draft_id,)
        ).fetchall()
        return [row[0] for row in rows]

    def add_redaction(
        self, draft_id: str, placeholder: str, kind: str, original: str, detectors: str
    ) -> None:
        """Append one (placeholder, original) pair to a draft's redaction map."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT COALESCE(MAX(seq), -1) + 1 FROM redactions WHERE draft_id = ?", (draft_id,)
            ).fetchone()
            db.execute(
                "INSERT INTO redactions (draft_id, seq, placeholder, kind, original, detectors)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (draft_id, row[0], placeholder, kind, original, detectors),
            )

    def remove_redaction(self, draft_id: str, placeholder: str, allow: Sequence[str]) -> None:
        """Drop a placeholder from the map and allow its originals, in one transaction."""
        with self.transaction() as db:
            db.execute(
                "DELETE FROM redactions WHERE draft_id = ? AND placeholder = ?",
                (draft_id, placeholder),
            )
            db.executemany(
                "INSERT OR IGNORE INTO allowed_terms (draft_id, term, added) VALUES (?, ?, ?)",
                [(draft_id, term, now_iso()) for term in allow],
            )

    def allowed_terms(self, draft_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT term FROM allowed_terms WHERE draft_id = ? ORDER BY added, term", (draft_id,)
        ).fetchall()
        return [row[0] for row in rows]

    def allow_terms(self, draft_id: str, terms: Sequence[str]) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO allowed_terms (draft_id, term, added) VALUES (?, ?, ?)",
                [(draft_id, term, now_iso()) for term in terms],
            )

    def set_publish_target(self, draft_id: str, target: str | None) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE drafts SET publish_target = ?, updated = ? WHERE id = ?",
                (target, now_iso(), draft_id),
            )

    def mark_published(self, draft_id: str, path: str, commit: str, when: str) -> None:
        """Record a publication and move the draft to ``published`` in one transaction."""
        with self.transaction() as db:
            db.execute(
                "UPDATE drafts SET status = ?, published_path = ?, published_commit = ?,"
                " published_at = ?, publish_target = NULL, updated = ? WHERE id = ?",
                (str(Status.PUBLISHED), path, commit, when, now_iso(), draft_id),
            )

    def counts(self) -> dict[str, int]:
        """Drafts by status plus skipped and quarantined letters."""
        result = {str(s): 0 for s in Status}
        for status, count in self.db.execute("SELECT status, COUNT(*) FROM drafts GROUP BY status"):
            result[status] = count
        for outcome in (Outcome.SKIPPED, Outcome.QUARANTINED):
            row = self.db.execute(
                "SELECT COUNT(*) FROM letters WHERE outcome = ?", (str(outcome),)
            ).fetchone()
            result[str(outcome)] = row[0]
        return result


def _letter(row: tuple[object, ...]) -> LetterRow:
    letter_id, message_id, text_hash, source, outcome, reason, draft_id, first_seen = row[:8]
    return LetterRow(
        str(letter_id),
        None if message_id is None else str(message_id),
        None if text_hash is None else str(text_hash),
        str(source),
        Outcome(str(outcome)),
        None if reason is None else str(reason),
        None if draft_id is None else str(draft_id),
        str(first_seen),
    )


def _draft(row: tuple[object, ...]) -> DraftRow:
    draft_id, letter_id, path, status, title, fmt, created, updated = row[:8]
    target, published_path, published_commit, published_at = row[8:12]
    return DraftRow(
        str(draft_id),
        str(letter_id),
        Path(str(path)),
        Status(str(status)),
        str(title),
        str(fmt),
        str(created),
        str(updated),
        None if target is None else str(target),
        None if published_path is None else str(published_path),
        None if published_commit is None else str(published_commit),
        None if published_at is None else str(published_at),
    )

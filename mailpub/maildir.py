"""One poll cycle over a local Maildir (``source: maildir``): each letter exactly once.

For authors who keep a local copy of their mailbox with mbsync or offlineimap.
A message is known by its Maildir *unique name*, the part of its file name
before the ``:`` that starts the flags (``1715000000.M1P2.host,U=7:2,S`` →
``1715000000.M1P2.host,U=7``): it stays the same when a sync tool or a mail
client changes flags or moves the file from ``new/`` to ``cur/``.

Order of the steps for every batch of undecided messages (sorted by name):

1. ``new/`` and ``cur/`` are listed (``tmp/`` and dot-files never are); names
   already in the ``maildir_messages`` record are not looked at again, so a
   poll with nothing new costs two directory listings and one query;
2. each message is read once (its header alone when it is over
   ``limits.max_message_bytes``, then quarantined); automatic mail, the
   author's own mail and messages left out by ``filters.*`` are recorded as
   ``skipped`` (:func:`mailpub.intake_filters.skip_reason`);
3. :func:`mailpub.pipeline.process_message`: the draft is fsynced and the
   state committed (same-letter rule: a letter seen before is a
   ``duplicate``, never a second draft);
4. the batch's decisions are committed together, with the marks still owed;
5. with ``maildir.mark: seen`` the ``S`` flag is added to drafted letters (a
   rename inside the Maildir, into ``cur/``) and recorded as done.

A crash between any two steps is healed by the next poll: before step 4 the
messages are read again and the same-letter rule finds the drafts; after it,
the owed marks are retried. A file that vanishes between the listing and the
read is looked for once more (a sync tool may have just renamed it); if it is
really gone it is left undecided, so it is taken if it ever comes back. Mail is
never deleted, and never moved out of the Maildir. Sources in reports and in
the state are the file's path, as with ``mailpub import``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mailpub.errors import UserError
from mailpub.intake_filters import skip_reason
from mailpub.model import Outcome, RawMessage
from mailpub.pipeline import intake_lock, process_message, record_header_skip
from mailpub.poll import PollResult
from mailpub.sources import too_large_reason
from mailpub.state import State, now_iso

if TYPE_CHECKING:
    from mailpub.config import Config

log = logging.getLogger(__name__)

BATCH = 100  # decisions committed per transaction
SUBDIRS = ("new", "cur")
_HEADER_LIMIT = 256 * 1024  # header bytes read from a message over the size limit
_MARKED_OUTCOMES = (Outcome.DRAFTED, Outcome.DUPLICATE)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS maildir_messages (
    maildir TEXT NOT NULL,
    name TEXT NOT NULL,
    outcome TEXT NOT NULL,
    letter_id TEXT,
    marked INTEGER NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (maildir, name)
);
CREATE INDEX IF NOT EXISTS maildir_messages_unmarked
    ON maildir_messages (maildir) WHERE marked = 0;
"""


@dataclass(frozen=True, slots=True)
class MaildirDecided:
    """One message's decision: ``marked`` False when the ``S`` flag is still owed."""

    name: str  # the Maildir unique name
    outcome: str  # drafted, duplicate, skipped, quarantined
    letter_id: str | None
    marked: bool


class MaildirState:
    """mailpub's own record of the Maildir messages it has decided (``db`` from ``State``)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.db.executescript(_SCHEMA)

    def decided_names(self, maildir: str) -> set[str]:
        rows = self.db.execute("SELECT name FROM maildir_messages WHERE maildir = ?", (maildir,))
        return {str(r[0]) for r in rows}

    def record(self, maildir: str, decided: Sequence[MaildirDecided]) -> None:
        """Record a batch of decisions in one transaction (a mark done is never undone)."""
        stamp = now_iso()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "INSERT INTO maildir_messages (maildir, name, outcome, letter_id, marked, updated)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (maildir, name) DO UPDATE SET"
                " outcome = excluded.outcome, letter_id = excluded.letter_id,"
                " marked = MAX(marked, excluded.marked), updated = excluded.updated",
                [(maildir, d.name, d.outcome, d.letter_id, int(d.marked), stamp) for d in decided],
            )
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def pending_marks(self, maildir: str) -> list[str]:
        rows = self.db.execute(
            "SELECT name FROM maildir_messages WHERE maildir = ? AND marked = 0 ORDER BY name",
            (maildir,),
        ).fetchall()
        return [str(r[0]) for r in rows]

    def set_marked(self, maildir: str, names: Sequence[str]) -> None:
        self.db.executemany(
            "UPDATE maildir_messages SET marked = 1, updated = ? WHERE maildir = ? AND name = ?",
            [(now_iso(), maildir, name) for name in names],
        )

    def decided(self, maildir: str) -> list[MaildirDecided]:
        """Every recorded decision for one Maildir, by name (for tests and doctor)."""
        rows = self.db.execute(
            "SELECT name, outcome, letter_id, marked FROM maildir_messages WHERE maildir = ?"
            " ORDER BY name",
            (maildir,),
        ).fetchall()
        return [
            MaildirDecided(str(n), str(o), None if li is None else str(li), bool(m))
            for n, o, li, m in rows
        ]


# --------------------------------------------------------------------------- names and flags


def unique_name(filename: str) -> str:
    """The Maildir unique name: the file name up to its info part (``:2,FLAGS``)."""
    return filename.split(":", 1)[0]


def seen_name(filename: str) -> str | None:
    """The file name with the ``S`` flag (flags kept in ASCII order, as the Maildir
    specification asks): unchanged when it has it already, None when its info part
    is not ``2,`` (experimental semantics mailpub leaves alone)."""
    base, sep, info = filename.partition(":")
    if not sep:
        return f"{base}:2,S"
    if not info.startswith("2,"):
        return None
    flags = info[2:]
    if "S" in flags:
        return filename
    return f"{base}:2,{''.join(sorted(flags + 'S'))}"


def list_maildir(root: Path) -> dict[str, Path]:
    """Unique name → current file for every message in ``new/`` and ``cur/``.

    Only names are read (no stat). Raises UserError when the folder is not a
    readable Maildir."""
    found: dict[str, Path] = {}
    for sub in SUBDIRS:
        folder = root / sub
        try:
            names = os.listdir(folder)
        except OSError as exc:
            raise UserError(
                f"cannot read the Maildir folder {folder} ({exc.strerror or exc})",
                hint="check maildir.path (the folder holding cur/, new/ and tmp/) and its "
                "permissions; `mailpub doctor` checks it",
            ) from None
        for name in names:
            if not name.startswith("."):
                found[unique_name(name)] = folder / name
    return found


def _relocate(root: Path, name: str) -> Path | None:
    """Where the message ``name`` is now (a sync tool may have renamed it), or None."""
    for sub in SUBDIRS:
        with contextlib.suppress(OSError):
            for entry in os.listdir(root / sub):
                if unique_name(entry) == name:
                    return root / sub / entry
    return None


# --------------------------------------------------------------------------- the poll


def poll_maildir(
    cfg: Config,
    *,
    clock: Callable[[], datetime] | None = None,
    stop: Callable[[], bool] | None = None,
) -> PollResult:
    """Run one Maildir poll cycle under the intake lock and return what it did.

    ``PollResult.folder`` is the Maildir's path and ``bytes_received`` the bytes
    read from message files (0 when nothing was new); the IMAP-only fields keep
    their defaults. ``stop`` is checked between batches, as for IMAP.

    Raises UserError when ``maildir.path`` is unset or not a readable Maildir,
    or when a mark cannot be made (the drafts are safe; the mark is retried)."""
    root = cfg.maildir.path
    if root is None:
        raise UserError(
            "no Maildir configured (maildir.path is not set)",
            hint="set maildir.path to the folder holding cur/, new/ and tmp/; see docs/maildir.md",
        )
    with State(cfg.paths.state, cfg.paths.drafts) as state, intake_lock(cfg.paths.state):
        return poll_maildir_state(cfg, state, root, clock=clock, stop=stop)


def poll_maildir_state(
    cfg: Config,
    state: State,
    root: Path,
    *,
    clock: Callable[[], datetime] | None = None,
    stop: Callable[[], bool] | None = None,
) -> PollResult:
    """One Maildir poll cycle on an open state (the caller holds the intake lock)."""
    clock = clock or (lambda: datetime.now(UTC))
    key = str(root.absolute())
    store = MaildirState(state.db)
    result = PollResult(folder=str(root))
    listing = list_maildir(root)

    owed = store.pending_marks(key)
    if owed:
        _mark_seen(root, listing, owed, result)
        store.set_marked(key, owed)

    decided = store.decided_names(key)
    candidates = sorted(name for name in listing if name not in decided)
    for batch in _chunks(candidates, BATCH):
        if stop is not None and stop():
            result.stopped = True
            return result
        done = [
            d
            for name in batch
            if (d := _decide(cfg, state, root, name, listing[name], clock, result)) is not None
        ]
        store.record(key, done)
        to_mark = [d.name for d in done if not d.marked]
        if to_mark:
            _mark_seen(root, listing, to_mark, result)
            store.set_marked(key, to_mark)
    return result


def _decide(
    cfg: Config,
    state: State,
    root: Path,
    name: str,
    path: Path,
    clock: Callable[[], datetime],
    result: PollResult,
) -> MaildirDecided | None:
    """Read and decide one message; None when its file is gone (left undecided)."""
    limit = cfg.limits.max_message_bytes
    read = _read(path, limit)
    if isinstance(read, FileNotFoundError):
        moved = _relocate(root, name)
        if moved is None:
            log.info("message %s vanished from the Maildir before it was read", name)
            return None
        path, read = moved, _read(moved, limit)
        if isinstance(read, FileNotFoundError):
            return None
    source = str(path)
    if isinstance(read, OSError):
        raw = RawMessage(source, None, f"cannot read: {read.strerror or read}")
        entry = process_message(cfg, state, raw, today=clock().date())
    else:
        size, header, data = read
        result.bytes_received += len(data) if data is not None else len(header)
        reason = skip_reason(header, cfg)
        if reason is not None:
            entry = record_header_skip(state, header, source, reason)
        else:
            raw = (
                RawMessage(source, data)
                if data is not None
                else RawMessage(source, None, too_large_reason(size, limit))
            )
            entry = process_message(cfg, state, raw, today=clock().date())
    result.entries.append(entry)
    marked = cfg.maildir.mark == "none" or entry.outcome not in _MARKED_OUTCOMES
    return MaildirDecided(name, str(entry.outcome), entry.letter_id, marked)


def _read(path: Path, limit: int) -> tuple[int, bytes, bytes | None] | OSError:
    """(size, header block, whole message or None when over ``limit``), or the OSError."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                return size, _header_of(handle.read(_HEADER_LIMIT)), None
            data = handle.read(limit + 1)
    except OSError as exc:
        return exc
    if len(data) > limit:  # grew since fstat
        return len(data), _header_of(data[:_HEADER_LIMIT]), None
    return len(data), _header_of(data), data


def _header_of(data: bytes) -> bytes:
    ends = [i + len(sep) for sep in (b"\r\n\r\n", b"\n\n") if (i := data.find(sep)) >= 0]
    return data[: min(ends)] if ends else data


def _mark_seen(
    root: Path, listing: dict[str, Path], names: Sequence[str], result: PollResult
) -> None:
    """Add the ``S`` flag to each named message (``maildir.mark: seen``; ``none``: no-op).

    A message whose file is gone is given up on (there is nothing left to mark).
    Raises UserError when a rename fails for another reason (the mark stays owed)."""
    for name in names:
        path = listing.get(name)
        for _attempt in range(2):
            if path is None:
                break
            try:
                if _rename_seen(root, path):
                    result.marked += 1
                break
            except FileNotFoundError:  # renamed by a sync tool meanwhile: look again
                path = _relocate(root, name)
            except OSError as exc:
                raise UserError(
                    f"cannot mark a message seen in {root} ({exc.strerror or exc})",
                    hint="make the Maildir writable for mailpub, or set maildir.mark: none; "
                    "the drafts are safe and the mark is retried at the next poll",
                ) from None


def _rename_seen(root: Path, path: Path) -> bool:
    """Rename one file into ``cur/`` with the ``S`` flag; False when nothing was to do."""
    new_name = seen_name(path.name)
    if new_name is None:
        return False
    target = root / "cur" / new_name
    if target == path or target.exists():  # nothing to do; never overwrite another file
        return False
    os.rename(path, target)
    return True


def _chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])

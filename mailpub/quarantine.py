"""Quarantined letters: the private copy of their bytes, and ``mailpub retry``.

When a message is quarantined its raw bytes are kept privately at
``<paths.state>/quarantine/<letter_id>.eml`` (mode 0600, written atomically:
temporary file ending in ``.tmp``, fsync, rename), so that ``mailpub retry``
can run it through the pipeline again after a fix (a newer mailpub, a changed
configuration). A message that was never read (too large, unreadable) has no
copy: ``retry`` then reads its source file again if it still exists. A
letter from IMAP without a copy cannot be retried from here.

Also here: :func:`opaque_format`, which recognises files that are not RFC 822
messages at all (an Outlook ``.msg``, a PDF, an archive) so they are
quarantined with a clear reason instead of being drafted as binary noise.
Nothing is ever extracted from such files and no external tool is run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mailpub.errors import NotFound, ParseError, UserError
from mailpub.model import Outcome, RawMessage

if TYPE_CHECKING:
    from mailpub.config import Config
    from mailpub.pipeline import ImportEntry
    from mailpub.state import State

FOLDER = "quarantine"

# Magic numbers of files people drop into an import folder that are not mail.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Outlook .msg or other OLE2 (Office) file"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)


def opaque_format(data: bytes) -> str | None:
    """What non-mail file ``data`` is (by its first bytes), or None for anything else.

    Pure. Only the magic number is looked at: the file is never opened as
    the format it names.
    """
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    return None


def refuse_opaque(data: bytes) -> None:
    """Raise ParseError (the letter is quarantined) for a file that is not a message."""
    what = opaque_format(data)
    if what is not None:
        raise ParseError(
            f"not an email message: {what}; save it as .eml (RFC 822) and import that"
        )


def copy_path(state_dir: Path, letter_id: str) -> Path:
    """Where the private copy of a quarantined letter lives."""
    if not letter_id.isalnum():
        raise NotFound(f"no letter with id {letter_id!r}")
    return state_dir / FOLDER / f"{letter_id}.eml"


def store_copy(state_dir: Path, letter_id: str, data: bytes) -> Path:
    """Keep ``data`` privately (0600, atomic) for a later retry; return its path.

    Raises UserError when it cannot be written (the quarantine record itself
    is still made by the caller: nothing is lost but the chance to retry
    without the source)."""
    from mailpub.state import private_mkdir, write_atomic

    path = copy_path(state_dir, letter_id)
    private_mkdir(path.parent)
    try:
        write_atomic(path, data)
    except UserError as exc:
        raise UserError(
            f"cannot keep a copy of quarantined letter {letter_id}: {exc.message}",
            hint="free some disk space; the letter can still be imported again from its source",
        ) from exc
    return path


def load_copy(state_dir: Path, letter_id: str) -> bytes | None:
    """The stored bytes of a quarantined letter, or None when there is no copy."""
    try:
        return copy_path(state_dir, letter_id).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UserError(f"cannot read the copy of letter {letter_id}: {exc.strerror}") from exc


def discard_copy(state_dir: Path, letter_id: str) -> None:
    """Remove a letter's stored copy (once it is drafted, skipped or a duplicate)."""
    with contextlib.suppress(OSError, NotFound):
        copy_path(state_dir, letter_id).unlink()


def reread_source(source: str, max_bytes: int) -> RawMessage | None:
    """Read a quarantined letter again from where it was found, if that still exists.

    ``source`` is a file path, or ``path#N`` for the Nth message of an mbox.
    IMAP sources (``imap://…``) give None: they cannot be re-read here.
    """
    from mailpub.sources import iter_messages

    if source.startswith("imap://"):
        return None
    base, sep, number = source.rpartition("#")
    path = base if sep and number.isdigit() and Path(base).is_file() else source
    if not Path(path).is_file():
        return None
    for raw in iter_messages([path], max_bytes=max_bytes):
        if raw.source == source:
            return raw
    return None


def retry(
    cfg: Config,
    state: State,
    letter_id: str,
    *,
    clock: Callable[[], datetime] | None = None,
) -> ImportEntry:
    """Run a quarantined letter through the pipeline again; return its new entry.

    The bytes come from the stored copy, else from the source file again.
    When the letter now gets another outcome under another letter id (it can
    be parsed now), the old quarantine record is closed and points at the
    new one. Raises NotFound for an unknown id, UserError when the letter is
    not quarantined or its bytes are no longer available. The caller holds
    the intake lock.
    """
    from mailpub.pipeline import process_message

    letter = state.get_letter(letter_id)
    if letter is None:
        raise NotFound(
            f"no letter with id {letter_id!r}",
            hint="run `mailpub list --status quarantined` to see the quarantined letters",
        )
    if letter.outcome != Outcome.QUARANTINED:
        raise UserError(
            f"letter {letter_id} is not quarantined (it is {letter.outcome})",
            hint="only quarantined letters can be retried",
        )
    data = load_copy(state.state_dir, letter_id)
    raw = (
        RawMessage(letter.source, data)
        if data is not None
        else reread_source(letter.source, cfg.limits.max_message_bytes)
    )
    if raw is None:
        raise UserError(
            f"letter {letter_id} has no stored copy and its source cannot be read again",
            hint="import it again from a file (e.g. saved from your mail client)",
        )
    today = (clock or (lambda: datetime.now(UTC)))().date()
    entry = process_message(cfg, state, raw, today=today)
    if entry.letter_id != letter_id:
        # Read under another id now (e.g. it can be parsed): close the old record.
        state.close_quarantine(letter_id, entry.letter_id, entry.draft_id)
    if entry.letter_id != letter_id or entry.outcome != Outcome.QUARANTINED:
        discard_copy(state.state_dir, letter_id)
    return entry

"""One IMAP poll cycle: take each new letter from the mailbox exactly once.

Order of the steps for every batch of new UIDs (ascending):

1. sizes, flags and headers (``BODY.PEEK[HEADER]``); automatic mail, the
   author's own mail and messages left out by ``filters.*`` are recorded as
   ``skipped`` and never touched on the server; messages already carrying
   ``imap.mark_keyword`` were handled before and are left alone;
2. ordinary messages fetched whole with ``BODY.PEEK[]`` in one command; those
   over ``imap.large_message_bytes`` by their structure, text parts only (the
   batch's large ones together: :meth:`mailpub.imap.ImapSession.texts_only`);
   those over ``limits.max_message_bytes`` are quarantined unread;
3. :func:`mailpub.pipeline.process_message` for each, in UID order: the draft
   file is fsynced and the state committed (same-letter rule: a re-fetched
   letter is a ``duplicate``, never a second draft); for a backlog the pure
   stages run ahead on worker processes (:class:`mailpub.batch.Drafter`);
4. the batch's decisions and the new last UID are committed together, with
   the server-side marks still owed;
5. the marks are made (``imap.mark``) and recorded as done.

A crash between any two steps is healed by the next poll: before step 4 the
batch is fetched again and the same-letter rule finds the letters already
drafted; after it, the owed marks are retried. UIDs are only ever skipped
past once decided. When UIDVALIDITY changes, the folder is scanned again from
the start (bounded by ``imap.since``) and the same-letter rule prevents
duplicates. A poll with nothing new costs LOGIN, SELECT and LOGOUT: SELECT's
UIDNEXT tells that nothing arrived, whatever the folder's size.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from mailpub.batch import Drafter
from mailpub.errors import ImapError, ImapFolderError
from mailpub.imap import (
    SEEN,
    FolderStatus,
    ImapSession,
    account_key,
    connect,
    imap_url,
    keeps_keywords,
)
from mailpub.imap_state import Decided, ImapState
from mailpub.intake_filters import skip_reason
from mailpub.model import Outcome, RawMessage
from mailpub.pipeline import ImportEntry, intake_lock, process_message, record_header_skip
from mailpub.sources import too_large_reason
from mailpub.state import State

if TYPE_CHECKING:
    from mailpub.config import Config, ImapConfig

log = logging.getLogger(__name__)

BATCH = 100  # UIDs per header/body FETCH: 50-200 captures nearly all the gain
_MARKED_OUTCOMES = (Outcome.DRAFTED, Outcome.DUPLICATE)


@dataclass(slots=True)
class PollResult:
    """What one poll did. ``entries`` has the ``import --json`` shape."""

    entries: list[ImportEntry] = field(default_factory=list)
    folder: str = ""
    uidvalidity: int = 0
    last_uid: int = 0
    uidvalidity_changed: bool = False
    keywords_kept: bool = True  # False: the server drops custom keywords (own record only)
    already_marked: int = 0  # messages carrying imap.mark_keyword, left alone
    marked: int = 0  # server-side marks made in this poll (including owed ones)
    bytes_received: int = 0
    commands: int = 0
    stopped: bool = False  # ended early by ``stop``; the next poll carries on

    def count(self, outcome: Outcome) -> int:
        return sum(1 for e in self.entries if e.outcome == outcome)


SessionFactory = Callable[["ImapConfig"], ImapSession]


def poll(
    cfg: Config,
    *,
    clock: Callable[[], datetime] | None = None,
    connect_session: SessionFactory | None = None,
    env: Mapping[str, str] | None = None,
    stop: Callable[[], bool] | None = None,
) -> PollResult:
    """Run one poll cycle under the intake lock and return what it did.

    ``stop`` (e.g. a service's shutdown flag) is checked between batches: when it
    returns True the poll ends after the current batch is fully recorded, and the
    next poll carries on from there (``PollResult.stopped`` is then True).

    Raises ImapError subclasses for the server (one line each), ConfigError for
    the password or token source, UserError for the drafts/state folders.

    With ``source: maildir`` the cycle reads the local Maildir instead
    (:func:`mailpub.maildir.poll_maildir`, same result shape)."""
    if cfg.intake == "maildir":
        from mailpub.maildir import poll_maildir

        return poll_maildir(cfg, clock=clock, stop=stop)
    if cfg.imap.host is None:
        raise ImapError(
            "no mailbox configured (imap.host is not set)",
            hint="set imap.host, imap.username and a password source; see docs/imap.md",
        )

    def default_connect(imap: ImapConfig) -> ImapSession:
        return connect(imap, env=env)

    opener = connect_session or default_connect
    with (
        State(cfg.paths.state, cfg.paths.drafts) as state,
        intake_lock(cfg.paths.state),
        opener(cfg.imap) as session,
    ):
        return poll_session(cfg, state, session, clock=clock, stop=stop)


def poll_session(
    cfg: Config,
    state: State,
    session: ImapSession,
    *,
    clock: Callable[[], datetime] | None = None,
    stop: Callable[[], bool] | None = None,
) -> PollResult:
    """One poll cycle on an open session (the caller holds the intake lock)."""
    clock = clock or (lambda: datetime.now(UTC))
    imap = cfg.imap
    assert imap.host is not None and imap.username is not None
    account = account_key(imap.username, imap.host, imap.effective_port)
    store = ImapState(state.db)
    status = session.select(imap.folder)
    cursor = store.cursor(account, imap.folder)
    result = PollResult(folder=imap.folder, uidvalidity=status.uidvalidity)
    result.keywords_kept = keeps_keywords(status.permanent_flags, imap.mark_keyword)
    fresh = cursor is None or cursor.uidvalidity != status.uidvalidity
    result.uidvalidity_changed = cursor is not None and fresh
    if result.uidvalidity_changed:
        log.warning(
            "UIDVALIDITY of %s changed: scanning it again (letters already drafted are"
            " recognised and not drafted twice)",
            imap.folder,
        )
    last_uid = 0 if fresh or cursor is None else cursor.last_uid
    marker = _Marker(session, imap, status, result)

    owed = store.pending_marks(account, imap.folder, status.uidvalidity)
    if owed:
        marker.mark(owed)
        store.set_marked(account, imap.folder, status.uidvalidity, owed)

    if status.uidnext is not None and status.uidnext <= last_uid + 1 and not fresh:
        return _finish(result, session, last_uid)

    since = imap.since if fresh else None
    candidates = session.search_new(last_uid, since)
    url_for = _url_maker(imap, status.uidvalidity)
    with Drafter(cfg, state, clock=clock, process=process_message) as drafter:  # both cores
        for batch in _chunks(candidates, BATCH):
            if stop is not None and stop():
                result.stopped = True
                return _finish(result, session, last_uid)
            decided = _decide_batch(cfg, state, session, batch, url_for, drafter, result)
            last_uid = max(last_uid, batch[-1])
            store.record_batch(account, imap.folder, status.uidvalidity, decided, last_uid)
            to_mark = [d.uid for d in decided if not d.marked]
            if to_mark:
                marker.mark(to_mark)
                store.set_marked(account, imap.folder, status.uidvalidity, to_mark)
    if status.uidnext is not None:
        # Every UID below UIDNEXT existed at SELECT time, so the search saw it.
        last_uid = max(last_uid, status.uidnext - 1)
    store.set_cursor(account, imap.folder, status.uidvalidity, last_uid)
    return _finish(result, session, last_uid)


def _finish(result: PollResult, session: ImapSession, last_uid: int) -> PollResult:
    result.last_uid = last_uid
    result.bytes_received = session.bytes_received
    result.commands = session.commands
    return result


def _decide_batch(
    cfg: Config,
    state: State,
    session: ImapSession,
    batch: Sequence[int],
    url_for: Callable[[int], str],
    drafter: Drafter,
    result: PollResult,
) -> list[Decided]:
    imap, limit = cfg.imap, cfg.limits.max_message_bytes
    summaries = session.summaries(batch)
    decided: dict[int, Decided] = {}
    entries: dict[int, ImportEntry] = {}
    whole: list[int] = []
    large: list[int] = []
    keyword = imap.mark_keyword.lower()
    for uid in batch:
        summary = summaries.get(uid)
        if summary is None:
            decided[uid] = Decided(uid, "gone", None, True)
        elif imap.mark == "keyword" and keyword in (f.lower() for f in summary.flags):
            decided[uid] = Decided(uid, "marked-before", None, True)
            result.already_marked += 1
        elif (reason := skip_reason(summary.header, cfg)) is not None:
            entry = record_header_skip(state, summary.header, url_for(uid), reason)
            entries[uid] = entry
            decided[uid] = Decided(uid, str(entry.outcome), entry.letter_id, True)
        elif summary.size > limit:
            raw = RawMessage(url_for(uid), None, too_large_reason(summary.size, limit))
            entry = process_message(cfg, state, raw, today=drafter.clock().date())
            entries[uid] = entry
            decided[uid] = Decided(uid, str(entry.outcome), entry.letter_id, True)
        elif summary.size > imap.large_message_bytes:
            large.append(uid)
        else:
            whole.append(uid)
    bodies = session.bodies(whole)
    # the large ones by their text parts; their headers are not fetched again
    bodies.update(session.texts_only(large, {uid: summaries[uid].header for uid in large}))
    fetched: list[int] = []
    for uid in batch:
        if uid in decided:
            continue
        if uid not in bodies:  # expunged between the two fetches
            decided[uid] = Decided(uid, "gone", None, True)
            continue
        fetched.append(uid)
    drafted = drafter.draft([RawMessage(url_for(uid), bodies.pop(uid)) for uid in fetched])
    for uid, entry in zip(fetched, drafted, strict=True):  # recorded in UID order
        entries[uid] = entry
        marked = entry.outcome not in _MARKED_OUTCOMES  # only handled letters are marked
        decided[uid] = Decided(uid, str(entry.outcome), entry.letter_id, marked)
    result.entries.extend(entries[uid] for uid in batch if uid in entries)  # in UID order
    return [decided[uid] for uid in batch]


class _Marker:
    """Applies ``imap.mark`` to handled letters; never deletes anything."""

    def __init__(
        self, session: ImapSession, imap: ImapConfig, status: FolderStatus, result: PollResult
    ) -> None:
        self.session = session
        self.imap = imap
        self.status = status
        self.result = result
        self.checked_target = False

    def mark(self, uids: Sequence[int]) -> None:
        imap, session = self.imap, self.session
        if self.status.read_only:
            log.warning("folder %s is read-only: nothing is marked on the server", imap.folder)
            return
        if imap.mark in ("keyword", "move") and self.result.keywords_kept:
            session.add_flags(uids, [imap.mark_keyword])
        if imap.mark == "seen":
            session.add_flags(uids, [SEEN])
        elif imap.mark == "move":
            assert imap.move_to is not None
            if not self.checked_target:
                if not session.folder_exists(imap.move_to):
                    raise ImapFolderError(
                        f"folder {imap.move_to!r} (imap.move_to) does not exist on {session.where}",
                        hint="create it in your mail client or fix imap.move_to; the drafts "
                        "are safe and the letters will be moved at the next poll",
                    )
                self.checked_target = True
            session.move(uids, imap.move_to)
        self.result.marked += len(uids)


def _url_maker(imap: ImapConfig, uidvalidity: int) -> Callable[[int], str]:
    assert imap.host is not None and imap.username is not None
    user, host, port, folder = imap.username, imap.host, imap.effective_port, imap.folder
    return lambda uid: imap_url(user, host, port, folder, uidvalidity, uid)


def _chunks(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])

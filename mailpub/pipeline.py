"""Orchestration: one message in, one recorded outcome out.

``import_paths`` reads files, and for each message runs the pure stages
(parse → clean → anonymize → draft) and records the result in the state. The
draft file is written durably *before* the state records it, and its name
and id derive from the letter, so a crash between the two steps is healed on
the next run: the file is found again and adopted, never written twice.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mailpub.errors import MessageError
from mailpub.model import CleanMail, CutKind, Identity, Mail, Outcome, RawMessage
from mailpub.state import State, letter_id_for, write_atomic

if TYPE_CHECKING:
    from mailpub.batch import Prepared
    from mailpub.config import Config
    from mailpub.draft import PostSettings

log = logging.getLogger(__name__)

_AUTOMATIC_SUBMITTED = re.compile(r"^\s*(auto-generated|auto-replied|auto-notified)", re.I)


@dataclass(frozen=True, slots=True)
class ImportEntry:
    """One line of an import report (the ``--json`` objects)."""

    source: str
    outcome: Outcome
    draft_id: str | None
    letter_id: str
    reason: str | None

    def as_json(self) -> dict[str, str | None]:
        return {
            "source": self.source,
            "outcome": str(self.outcome),
            "draft_id": self.draft_id,
            "letter_id": self.letter_id,
            "reason": self.reason,
        }


def import_paths(
    cfg: Config,
    paths: list[str],
    *,
    clock: Callable[[], datetime] | None = None,
) -> list[ImportEntry]:
    """Import every message found under ``paths``; return one entry per message."""
    from mailpub.sources import iter_messages

    with State(cfg.paths.state, cfg.paths.drafts) as state, intake_lock(cfg.paths.state):
        return import_messages(
            cfg, state, iter_messages(paths, max_bytes=cfg.limits.max_message_bytes), clock=clock
        )


def import_messages(
    cfg: Config,
    state: State,
    messages: Iterable[RawMessage],
    *,
    clock: Callable[[], datetime] | None = None,
) -> list[ImportEntry]:
    """Decide on and record each message in order (a backlog's pure stages run on
    worker processes: :mod:`mailpub.batch`); one entry per message."""
    from mailpub.batch import draft_all

    return draft_all(cfg, state, messages, clock=clock or (lambda: datetime.now(UTC)))


def process_message(
    cfg: Config, state: State, raw: RawMessage, *, today: date, prepared: Prepared | None = None
) -> ImportEntry:
    """Decide on one message and record the decision. Pure stages run first.

    ``prepared``: the pure stages' results for ``raw`` computed ahead (by
    :mod:`mailpub.batch`, maybe in a worker process); the decision and the
    records are exactly those the stages run here would give."""
    from mailpub.parse import parse_message
    from mailpub.quarantine import refuse_opaque

    if raw.data is None:
        letter_id = letter_id_for(None, None, raw.source)
        return _quarantine(state, raw, letter_id, None, None, raw.error or "cannot read")
    raw_hash = "raw:" + hashlib.sha256(raw.data).hexdigest()
    try:
        refuse_opaque(raw.data)  # an Outlook .msg, a PDF...: never drafted as noise
        mail = prepared.mail if prepared is not None else parse_message(raw.data)
    except MessageError as exc:
        letter_id = letter_id_for(None, raw_hash, raw.source)
        return _quarantine(state, raw, letter_id, None, None, f"cannot parse: {exc.message}")

    same = state.find_same_letter(mail.message_id, mail.text_hash)
    if same is not None:
        state.record_sighting(same.letter_id, raw.source)
        return ImportEntry(raw.source, Outcome.DUPLICATE, same.draft_id, same.letter_id, None)

    letter_id = letter_id_for(mail.message_id, mail.text_hash, raw.source)
    skip = _skip_reason(cfg, raw.data, mail.sender_address)
    if skip:
        state.record_letter(
            letter_id=letter_id,
            message_id=mail.message_id,
            text_hash=mail.text_hash,
            source=raw.source,
            outcome=Outcome.SKIPPED,
            reason=skip,
        )
        return ImportEntry(raw.source, Outcome.SKIPPED, None, letter_id, skip)
    try:
        return _draft(cfg, state, raw, mail, letter_id, today, prepared)
    except MessageError as exc:
        return _quarantine(state, raw, letter_id, mail.message_id, mail.text_hash, exc.message)


def _draft(
    cfg: Config,
    state: State,
    raw: RawMessage,
    mail: object,
    letter_id: str,
    today: date,
    prepared: Prepared | None = None,
) -> ImportEntry:
    from mailpub.anonymize import anonymize
    from mailpub.anonymize.entities import suspects
    from mailpub.clean import clean_mail
    from mailpub.draft import build_document, render, slugify
    from mailpub.markup import strip_hidden_controls
    from mailpub.quarantine import discard_copy

    assert isinstance(mail, Mail)
    try:
        if prepared is not None and prepared.error is not None:
            raise MessageError(prepared.error)  # the reason the stages gave ahead
        cleaned = prepared.cleaned if prepared is not None else clean_mail(mail)
        assert cleaned is not None
        if not cleaned.text.strip():
            state.record_letter(
                letter_id=letter_id,
                message_id=mail.message_id,
                text_hash=mail.text_hash,
                source=raw.source,
                outcome=Outcome.SKIPPED,
                reason="no text left after cleaning",
                cuts=cleaned.cuts,
            )
            return ImportEntry(
                raw.source, Outcome.SKIPPED, None, letter_id, "no text left after cleaning"
            )
        if prepared is not None and prepared.anonymized is not None:
            result = prepared.anonymized
        else:
            result = anonymize(
                cleaned.subject,
                cleaned.text,
                identity=sender_identity(mail, cleaned),
                rules=cfg.rules(),
                ner=cfg.anonymize.ner,
            )  # raises ModelMissing (a MessageError: quarantined) when the NER model is missing
        draft_id = state.new_draft_id(letter_id)
        notes = [
            f"Draft {draft_id}. Write your answers in place of {cfg.post.reply_marker} and delete"
            " the reply slots you do not need; `mailpub show "
            f"{draft_id}` lists what was redacted and cut.",
            *mail.notes,
        ]
        if mail.was_html:
            notes.append("This letter had only an HTML body; it was converted to text.")
        document = build_document(
            title=result.subject,
            text=strip_hidden_controls(result.text),  # no bidi/zero-width tricks in the draft
            draft_id=draft_id,
            day=today,
            settings=post_settings(cfg),
            notes=notes,
        )
        text = render(
            document, fmt=cfg.post.format, published=False, templates_dir=cfg.post.templates_dir
        )
    except MessageError:
        raise
    except Exception as exc:
        log.debug("letter %s failed", letter_id, exc_info=True)
        raise MessageError(f"internal error while drafting ({type(exc).__name__})") from exc

    if prepared is not None and prepared.anonymized is not None:
        found = list(prepared.suspects)
    else:
        found = suspects(result.subject + "\n" + result.text, cfg.rules().keep)
    path = _place_draft(cfg.paths.drafts, draft_id, slugify(result.subject), text)
    if mail.attachments:  # private; before the draft row (idempotent), no write when none
        from mailpub.attachments import record as record_attachments

        record_attachments(state.db, letter_id, mail.attachments)
    state.record_draft(
        letter_id=letter_id,
        message_id=mail.message_id,
        text_hash=mail.text_hash,
        source=raw.source,
        draft_id=draft_id,
        path=path,
        title=result.subject,
        fmt=cfg.post.format,
        redactions=result.redactions,
        cuts=cleaned.cuts,
        sender_name=mail.sender_name,
        sender_address=mail.sender_address,
        suspects=found,  # in the same transaction: one commit per drafted letter
    )
    discard_copy(state.state_dir, letter_id)  # drafted now: its quarantine copy is not needed
    return ImportEntry(raw.source, Outcome.DRAFTED, draft_id, letter_id, None)


def sender_identity(mail: Mail, cleaned: CleanMail) -> Identity:
    """What the anonymizer knows of the sender: the From name and address and the
    text cleaning cut as signature or sign-off."""
    signature = "\n".join(
        c.text for c in cleaned.cuts if c.kind in (CutKind.SIGNATURE, CutKind.SIGNOFF)
    )
    return Identity(mail.sender_name, mail.sender_address, signature)


def post_settings(cfg: Config) -> PostSettings:
    """The drafter's view of the ``post.*`` settings."""
    from mailpub.draft import PostSettings

    post = cfg.post
    return PostSettings(
        format=post.format,
        reply_marker=post.reply_marker,
        categories=tuple(post.categories),
        tags=tuple(post.tags),
        layout=post.layout,
        intro=post.intro,
        closing=post.closing,
    )


def _place_draft(drafts_dir: Path, draft_id: str, slug: str, text: str) -> Path:
    """Write a new draft file, or adopt the one a crashed run already wrote."""
    from mailpub.state import private_mkdir

    private_mkdir(drafts_dir)
    for existing in sorted(drafts_dir.glob(f"{draft_id}-*.md")):
        if _draft_id_in(existing) == draft_id:
            return existing
    path = drafts_dir / f"{draft_id}-{slug}.md"
    write_atomic(path, text)
    return path


def _draft_id_in(path: Path) -> str | None:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return None
    match = re.search(r"(?m)^mailpub_id:\s*['\"]?([a-z0-9]+)", head)
    return match.group(1) if match else None


def _skip_reason(cfg: Config, data: bytes, sender: str | None) -> str | None:
    if sender and sender.lower() in {a.lower() for a in cfg.author.addresses}:
        return "sent by the author (author.addresses)"
    head = data[:65536]
    try:
        headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(head)
    except Exception:  # noqa: BLE001 - headers are only a hint here
        return None
    auto = str(headers.get("Auto-Submitted", "") or "")
    if _AUTOMATIC_SUBMITTED.match(auto):
        return f"automatic message (Auto-Submitted: {auto.strip().split(';')[0][:30]})"
    ctype = str(headers.get("Content-Type", "") or "").lower()
    if "multipart/report" in ctype:
        return "delivery or read report (multipart/report)"
    return None


def record_header_skip(state: State, header: bytes, source: str, reason: str) -> ImportEntry:
    """Record a message skipped by its headers alone (mailbox sources: IMAP, Maildir).

    It is never fetched or read whole; its letter id comes from its Message-ID
    and a hash of its header, so seeing it again finds the same record."""
    from mailpub.intake_filters import parse_header

    headers = parse_header(header)
    raw_id = headers.get("Message-ID")
    message_id = str(raw_id).strip() or None if raw_id is not None else None
    header_hash = "headers:" + hashlib.sha256(header).hexdigest()
    letter_id = letter_id_for(message_id, header_hash, source)
    state.record_letter(
        letter_id=letter_id,
        message_id=message_id,
        text_hash=header_hash,
        source=source,
        outcome=Outcome.SKIPPED,
        reason=reason,
    )
    return ImportEntry(source, Outcome.SKIPPED, None, letter_id, reason)


def _quarantine(
    state: State,
    raw: RawMessage,
    letter_id: str,
    message_id: str | None,
    text_hash: str | None,
    reason: str,
) -> ImportEntry:
    """Record a quarantined letter and keep its bytes privately for `mailpub retry`."""
    from mailpub.quarantine import store_copy

    if raw.data is not None:
        store_copy(state.state_dir, letter_id, raw.data)  # before the record: retry finds it
    state.record_letter(
        letter_id=letter_id,
        message_id=message_id,
        text_hash=text_hash,
        source=raw.source,
        outcome=Outcome.QUARANTINED,
        reason=reason,
    )
    return ImportEntry(raw.source, Outcome.QUARANTINED, None, letter_id, reason)


class intake_lock:
    """An exclusive lock on the state folder for intake (import, poll).

    Waits for another intake to finish instead of racing it.
    """

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / "intake.lock"
        self.fd = -1

    def __enter__(self) -> intake_lock:
        import fcntl
        import os

        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        import fcntl
        import os

        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)

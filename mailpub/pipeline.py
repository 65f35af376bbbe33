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
from mailpub.model import CutKind, Identity, Outcome, RawMessage
from mailpub.state import State, letter_id_for, write_atomic

if TYPE_CHECKING:
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
    clock = clock or (lambda: datetime.now(UTC))
    entries = []
    for raw in messages:
        entry = process_message(cfg, state, raw, today=clock().date())
        log.debug("%s: %s %s", entry.letter_id, entry.outcome, entry.draft_id or "")
        entries.append(entry)
    return entries


def process_message(cfg: Config, state: State, raw: RawMessage, *, today: date) -> ImportEntry:
    """Decide on one message and record the decision. Pure stages run first."""
    from mailpub.parse import parse_message

    if raw.data is None:
        letter_id = letter_id_for(None, None, raw.source)
        return _quarantine(state, raw, letter_id, None, None, raw.error or "cannot read")
    raw_hash = "raw:" + hashlib.sha256(raw.data).hexdigest()
    try:
        mail = parse_message(raw.data)
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
        return _draft(cfg, state, raw, mail, letter_id, today)
    except MessageError as exc:
        return _quarantine(state, raw, letter_id, mail.message_id, mail.text_hash, exc.message)


def _draft(
    cfg: Config, state: State, raw: RawMessage, mail: object, letter_id: str, today: date
) -> ImportEntry:
    from mailpub.anonymize import anonymize
    from mailpub.anonymize.entities import suspects
    from mailpub.clean import clean_mail
    from mailpub.draft import build_document, render, slugify
    from mailpub.model import Mail

    assert isinstance(mail, Mail)
    try:
        cleaned = clean_mail(mail)
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
        signature = "\n".join(
            c.text for c in cleaned.cuts if c.kind in (CutKind.SIGNATURE, CutKind.SIGNOFF)
        )
        identity = Identity(mail.sender_name, mail.sender_address, signature)
        result = anonymize(
            cleaned.subject,
            cleaned.text,
            identity=identity,
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
            text=result.text,
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

    path = _place_draft(cfg.paths.drafts, draft_id, slugify(result.subject), text)
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
    )
    state.record_suspects(draft_id, suspects(result.subject + "\n" + result.text, cfg.rules().keep))
    return ImportEntry(raw.source, Outcome.DRAFTED, draft_id, letter_id, None)


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


def _quarantine(
    state: State,
    raw: RawMessage,
    letter_id: str,
    message_id: str | None,
    text_hash: str | None,
    reason: str,
) -> ImportEntry:
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

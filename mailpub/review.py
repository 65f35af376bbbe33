"""The author's side of the queue: list, show, preview, approve, reject.

Library functions behind the CLI's review commands. The state is
authoritative for a draft's status; the ``status:`` line of the draft file
mirrors it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailpub.errors import NotFound, StateError, UserError
from mailpub.model import Cut, Status
from mailpub.state import DraftRow, LetterRow, RedactionRow, State, write_atomic

if TYPE_CHECKING:
    from mailpub.config import Config
    from mailpub.gate import Problem

#: The documented status transitions (docs/cli.md): from → allowed targets.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}),
    Status.APPROVED: frozenset({Status.DRAFT, Status.PUBLISHED, Status.REJECTED, Status.WITHDRAWN}),
    Status.PUBLISHED: frozenset({Status.WITHDRAWN}),
    Status.REJECTED: frozenset({Status.DRAFT}),
    Status.WITHDRAWN: frozenset({Status.DRAFT}),
}


def open_state(cfg: Config) -> State:
    return State(cfg.paths.state, cfg.paths.drafts)


@dataclass(frozen=True, slots=True)
class DraftInfo:
    row: DraftRow
    message_id: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.row.id,
            "status": str(self.row.status),
            "path": str(self.row.path.resolve()),
            "title": self.row.title,
            "message_id": self.message_id,
            "letter_id": self.row.letter_id,
            "format": self.row.format,
            "created": self.row.created,
            "updated": self.row.updated,
        }


def list_drafts(state: State, status: Status | None = None) -> list[DraftInfo]:
    sync_editor_status(state)
    return [DraftInfo(row, state.message_id_for(row.letter_id)) for row in state.drafts(status)]


def list_quarantined(state: State) -> list[LetterRow]:
    return state.quarantined()


@dataclass(frozen=True, slots=True)
class DraftDetails:
    row: DraftRow
    text: str
    redactions: list[RedactionRow]
    cuts: list[Cut]
    allowed: list[str]


def read_draft_file(row: DraftRow) -> str:
    try:
        return row.path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise StateError(
            f"the file of draft {row.id} is missing: {row.path}",
            hint=f"restore it, or reject the draft with `mailpub reject {row.id}`",
        ) from exc
    except OSError as exc:
        raise UserError(f"cannot read {row.path}: {exc.strerror or exc}") from exc


def details(state: State, draft_id: str) -> DraftDetails:
    row = state.get_draft(draft_id)
    return DraftDetails(
        row,
        read_draft_file(row),
        state.redactions_for(draft_id),
        state.cuts_for(row.letter_id),
        state.allowed_terms(draft_id),
    )


def preview(cfg: Config, state: State, draft_id: str, *, when: datetime | None = None) -> str:
    """Exactly the text publishing will write into the blog repository.

    The post's date is the publication time: ``when`` (default: now in
    ``blog.timezone``), so a preview run at the moment of publishing gives
    the same bytes.
    """
    from mailpub.publish import draft_format, publication_text, publication_time

    row = state.get_draft(draft_id)
    try:
        return publication_text(
            cfg, read_draft_file(row), draft_format(row), when or publication_time(cfg)
        )
    except ValueError as exc:
        raise UserError(
            f"draft {draft_id} cannot be read back: {exc}",
            hint=f"fix the front matter with `mailpub edit {draft_id}`",
        ) from exc


_STATUS_LINE = re.compile(r"(?m)^status:\s*['\"]?(\w+)['\"]?\s*$")


def editor_status(text: str) -> str | None:
    """The ``status:`` value of a draft file's front matter, if any."""
    match = re.match(r"\A---\r?\n(.*?)\r?\n---\r?\n", text, re.DOTALL)
    if not match:
        return None
    found = _STATUS_LINE.search(match.group(1))
    return found.group(1) if found else None


def sync_editor_status(state: State) -> list[tuple[str, Status]]:
    """Pick up ``status: approved`` / ``status: draft`` set by the author in the editor.

    A front-matter edit may only move a draft between ``draft`` and
    ``approved``; any other value is ignored (the state is authoritative).
    Returns the drafts moved.
    """
    moved = []
    for row in [*state.drafts(Status.DRAFT), *state.drafts(Status.APPROVED)]:
        try:
            text = row.path.read_text(encoding="utf-8")
        except OSError:
            continue
        wanted = editor_status(text)
        if wanted in (Status.DRAFT, Status.APPROVED) and wanted != row.status:
            state.set_status(row.id, Status(wanted))
            moved.append((row.id, Status(wanted)))
    return moved


def check(cfg: Config, state: State, draft_id: str, *, allow: Sequence[str] = ()) -> list[Problem]:
    """The publication gate for one draft; ``allow`` terms are recorded first."""
    from mailpub.publish import gate_problems

    row = state.get_draft(draft_id)
    if allow:
        state.allow_terms(draft_id, list(allow))
    return gate_problems(cfg, state, row, read_draft_file(row))


def transition(state: State, draft_id: str, target: Status) -> DraftRow:
    """Move a draft to ``target`` if the transition table allows it."""
    from mailpub.draft import set_status

    row = state.get_draft(draft_id)
    if row.status == target:
        return row
    if target not in TRANSITIONS[row.status]:
        allowed = ", ".join(sorted(str(s) for s in TRANSITIONS[row.status])) or "nothing"
        raise StateError(
            f"draft {draft_id} is {row.status}; it cannot become {target}",
            hint=f"from {row.status} it can become: {allowed}",
        )
    state.set_status(draft_id, target)
    if row.path.exists():
        text = read_draft_file(row)
        updated = set_status(text, str(target))
        if updated != text:
            write_atomic(row.path, updated)
    return state.get_draft(draft_id)


def find_letter(state: State, letter_id: str) -> LetterRow:
    letter = state.get_letter(letter_id)
    if letter is None:
        raise NotFound(
            f"no letter with id {letter_id!r}",
            hint="run `mailpub list --status quarantined` to see letter ids",
        )
    return letter


def draft_path(state: State, draft_id: str) -> Path:
    return state.get_draft(draft_id).path

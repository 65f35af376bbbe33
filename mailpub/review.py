"""The author's side of the queue: list, show, preview, approve, reject.

Library functions behind the CLI's review commands. The state is
authoritative for a draft's status; the ``status:`` line of the draft file
mirrors it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailpub.errors import NotFound, StateError, UserError
from mailpub.model import Cut, Status
from mailpub.state import DraftRow, LetterRow, RedactionRow, State, write_atomic

if TYPE_CHECKING:
    from mailpub.config import Config
    from mailpub.draft import Format

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
    return [DraftInfo(row, state.message_id_for(row.letter_id)) for row in state.drafts(status)]


def list_quarantined(state: State) -> list[LetterRow]:
    return state.quarantined()


@dataclass(frozen=True, slots=True)
class DraftDetails:
    row: DraftRow
    text: str
    redactions: list[RedactionRow]
    cuts: list[Cut]


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
        row, read_draft_file(row), state.redactions_for(draft_id), state.cuts_for(row.letter_id)
    )


def preview(cfg: Config, state: State, draft_id: str) -> str:
    """Exactly the text publishing will write into the blog repository."""
    from mailpub.draft import published_text

    row = state.get_draft(draft_id)
    fmt: Format = "markdown" if row.format == "markdown" else "gutenberg"
    try:
        return published_text(read_draft_file(row), fmt=fmt, templates_dir=cfg.post.templates_dir)
    except ValueError as exc:
        raise UserError(
            f"draft {draft_id} cannot be read back: {exc}",
            hint=f"fix the front matter with `mailpub edit {draft_id}`",
        ) from exc


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

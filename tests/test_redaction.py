"""mailpub redact / unredact: the reader's text only, the map, allowed terms, atomic edits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mailpub.config import load_config
from mailpub.errors import NotFound, UserError
from mailpub.model import RawMessage
from mailpub.pipeline import import_messages
from mailpub.redaction import redact, unredact
from mailpub.state import State

LETTER = (
    b"From: Jane Roe <jane.roe@gmail.com>\nTo: boris@example.org\nSubject: Leaving Initrode\n"
    b"Message-ID: <r1@example>\nContent-Type: text/plain; charset=utf-8\n\n"
    b"Hi Boris,\n\nI work at Google and my side project partner Initrode Labs ships tools.\n\n"
    b"Should I tell Initrode about it? My hobby is Python.\n\nThanks,\nJane\n"
)


@pytest.fixture(params=["gutenberg", "markdown"])
def setup(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[object, str, Path]:
    path = tmp_path / "config.yaml"
    path.write_text(
        "paths:\n  drafts: drafts\n  state: state\nauthor:\n  name: Boris\n"
        f"post:\n  format: {request.param}\n"
    )
    cfg = load_config(path)
    with State(cfg.paths.state, cfg.paths.drafts) as state:
        [entry] = import_messages(cfg, state, [RawMessage("a.eml", LETTER)])
        assert entry.draft_id is not None
        draft = state.get_draft(entry.draft_id)
    return cfg, entry.draft_id, draft.path


def _state(cfg: object) -> State:
    return State(cfg.paths.state, cfg.paths.drafts)  # type: ignore[attr-defined]


def _with_reply(path: Path, reply: str) -> None:
    text = path.read_text()
    path.write_text(text.replace("@@REPLY@@", reply, 1))


def test_redact_replaces_in_reader_text_only(setup: tuple[object, str, Path]) -> None:
    cfg, draft_id, path = setup
    _with_reply(path, "Python is a fine hobby, and my friend at Python Corp agrees.")
    before = path.read_text()
    with _state(cfg) as state:
        change = redact(state, draft_id, "Python")
        after = path.read_text()
        assert change.count == 1
        assert "My hobby is " + change.placeholder in after
        assert "Python is a fine hobby, and my friend at Python Corp agrees." in after
        assert ("Python", change.placeholder) in [
            (r.original, r.placeholder) for r in state.redactions_for(draft_id)
        ]
        assert len(after.splitlines()) == len(before.splitlines())


def test_redact_unknown_text_is_an_error(setup: tuple[object, str, Path]) -> None:
    cfg, draft_id, _path = setup
    with _state(cfg) as state, pytest.raises(UserError):
        redact(state, draft_id, "Nonexistent Widgets")


def test_unredact_restores_and_allows(setup: tuple[object, str, Path]) -> None:
    cfg, draft_id, path = setup
    _with_reply(path, "Keep <XXX> out of it, I wrote.")
    with _state(cfg) as state:
        rows = state.redactions_for(draft_id)
        google = next(r for r in rows if r.original == "Google")
        change = unredact(state, draft_id, google.placeholder)
        text = path.read_text()
        assert change.count >= 1
        assert "I work at Google" in text
        assert "Keep <XXX> out of it, I wrote." in text  # the author's reply is untouched
        assert google.placeholder not in {r.placeholder for r in state.redactions_for(draft_id)}
        assert "Google" in state.allowed_terms(draft_id)
        with pytest.raises(NotFound):
            unredact(state, draft_id, google.placeholder)


def test_cli_redact_and_show_suspects(
    setup: tuple[object, str, Path], run: Callable[..., object], tmp_path: Path
) -> None:
    cfg, draft_id, path = setup
    config = cfg.source  # type: ignore[attr-defined]
    shown = run("--config", str(config), "show", draft_id)
    assert shown.code == 0  # type: ignore[attr-defined]
    result = run("--config", str(config), "redact", draft_id, "Python", "--kind", "company")
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    assert "My hobby is Python" not in path.read_text()
    undo = run("--config", str(config), "unredact", draft_id, "XXX")
    assert undo.code == 0, undo.err  # type: ignore[attr-defined]

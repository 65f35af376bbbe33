"""The pipeline's promises: nothing lost, nothing duplicated, edits never overwritten."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailpub.config import load_config
from mailpub.model import Outcome, RawMessage
from mailpub.pipeline import import_messages
from mailpub.state import State
from tests.conftest import EXAMPLES

SEED = (EXAMPLES / "01-career-move.eml").read_bytes()
CLOCK = lambda: datetime(2026, 11, 30, tzinfo=UTC)  # noqa: E731


@pytest.fixture
def cfg(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "config.yaml"
    path.write_text(
        "paths:\n  drafts: drafts\n  state: state\nauthor:\n  name: Boris\n"
        "  addresses: [boris@example.org]\n"
    )
    return load_config(path)


def run_once(cfg, messages):  # type: ignore[no-untyped-def]
    with State(cfg.paths.state, cfg.paths.drafts) as state:
        return import_messages(cfg, state, messages, clock=CLOCK)


def test_reimport_never_overwrites_edits(cfg) -> None:  # type: ignore[no-untyped-def]
    [first] = run_once(cfg, [RawMessage("a.eml", SEED)])
    [path] = cfg.paths.drafts.glob("*.md")
    path.write_text(path.read_text().replace("@@REPLY@@", "My own answer.", 1))
    edited = path.read_text()
    [again] = run_once(cfg, [RawMessage("b.eml", SEED)])
    assert again.outcome == Outcome.DUPLICATE and again.draft_id == first.draft_id
    assert path.read_text() == edited
    assert len(list(cfg.paths.drafts.glob("*.md"))) == 1


def test_crash_after_file_before_state_is_healed(cfg, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mailpub import state as state_module

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(state_module.State, "record_draft", crash)
        with pytest.raises(KeyboardInterrupt):
            run_once(cfg, [RawMessage("a.eml", SEED)])
    [orphan] = cfg.paths.drafts.glob("*.md")
    orphan.write_text(orphan.read_text() + "\n<!-- author was already typing -->\n")
    kept = orphan.read_text()
    [entry] = run_once(cfg, [RawMessage("a.eml", SEED)])
    assert entry.outcome == Outcome.DRAFTED
    assert list(cfg.paths.drafts.glob("*.md")) == [orphan]
    assert orphan.read_text() == kept  # adopted, not rewritten
    [again] = run_once(cfg, [RawMessage("a.eml", SEED)])
    assert again.outcome == Outcome.DUPLICATE


def test_same_text_without_message_id_is_duplicate(cfg) -> None:  # type: ignore[no-untyped-def]
    no_id = SEED.replace(b"Message-ID: <demo-0001@mail.example.com>\n", b"")
    other_id = SEED.replace(b"<demo-0001@", b"<demo-9999@")
    entries = run_once(
        cfg, [RawMessage("a", SEED), RawMessage("b", no_id), RawMessage("c", other_id)]
    )
    assert [e.outcome for e in entries] == [Outcome.DRAFTED, Outcome.DUPLICATE, Outcome.DRAFTED]


def test_skips_author_and_automatic_mail(cfg) -> None:  # type: ignore[no-untyped-def]
    own = SEED.replace(b"Dana Whitfield <dana.whitfield@gmail.com>", b"Boris <boris@example.org>")
    auto = SEED.replace(b"MIME-Version", b"Auto-Submitted: auto-replied\nMIME-Version")
    auto = auto.replace(b"<demo-0001@", b"<demo-0002@")
    entries = run_once(cfg, [RawMessage("own", own), RawMessage("auto", auto)])
    assert [e.outcome for e in entries] == [Outcome.SKIPPED, Outcome.SKIPPED]
    assert all(e.reason for e in entries)


def test_bad_message_quarantined_others_continue(cfg) -> None:  # type: ignore[no-untyped-def]
    entries = run_once(
        cfg,
        [
            RawMessage("bad", b""),
            RawMessage("gone", None, "cannot read: x"),
            RawMessage("good", SEED),
        ],
    )
    assert [e.outcome for e in entries] == [
        Outcome.QUARANTINED,
        Outcome.QUARANTINED,
        Outcome.DRAFTED,
    ]
    assert entries[0].reason and entries[1].reason == "cannot read: x"


def test_drafting_failure_is_quarantined_without_letter_text(cfg, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import mailpub.anonymize

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("Dana Whitfield secret")

    monkeypatch.setattr(mailpub.anonymize, "anonymize", boom)
    [entry] = run_once(cfg, [RawMessage("a", SEED)])
    assert entry.outcome == Outcome.QUARANTINED
    assert entry.reason is not None and "Dana" not in entry.reason
    assert not list(cfg.paths.drafts.glob("*.md"))

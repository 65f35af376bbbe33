"""The state database, draft ids, atomic writes, transitions, and crash healing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailpub.errors import NotFound, StateError
from mailpub.model import Cut, CutKind, Outcome, Redaction, RedactionKind, Status
from mailpub.review import TRANSITIONS, transition
from mailpub.state import State, draft_id_candidates, letter_id_for, write_atomic


@pytest.fixture
def state(tmp_path: Path) -> State:
    with State(tmp_path / "state", tmp_path / "drafts") as st_:
        yield st_  # type: ignore[misc]


def _draft(state: State, tmp_path: Path, letter: str = "l1", mid: str | None = "<a@b>") -> str:
    letter_id = letter_id_for(mid, "hash-" + letter, "src")
    draft_id = state.new_draft_id(letter_id)
    path = tmp_path / f"{draft_id}.md"
    path.write_text("---\ntitle: t\nstatus: draft\nmailpub_id: x\n---\n\nbody\n")
    state.record_draft(
        letter_id=letter_id,
        message_id=mid,
        text_hash="hash-" + letter,
        source="src",
        draft_id=draft_id,
        path=path,
        title="t",
        fmt="gutenberg",
        redactions=[Redaction("<XXX>", RedactionKind.COMPANY, ("Intel", "intel"), ("cue",))],
        cuts=[Cut(CutKind.SIGNOFF, "Thanks,\nDana")],
    )
    return draft_id


def test_same_letter_rule(state: State, tmp_path: Path) -> None:
    _draft(state, tmp_path, "l1", "<a@b>")
    assert state.find_same_letter("<a@b>", "hash-l1") is not None
    assert state.find_same_letter(None, "hash-l1") is not None  # no Message-ID: hash decides
    assert state.find_same_letter("<other@b>", "hash-l1") is None  # different Message-ID
    assert state.find_same_letter("<a@b>", "hash-other") is None  # different text


def test_quarantined_letters_do_not_count_as_duplicates(state: State) -> None:
    state.record_letter(
        letter_id="q1",
        message_id=None,
        text_hash="h",
        source="s",
        outcome=Outcome.QUARANTINED,
        reason="cannot parse",
    )
    assert state.find_same_letter(None, "h") is None
    assert [q.reason for q in state.quarantined()] == ["cannot parse"]


def test_redactions_and_cuts_stored_privately(state: State, tmp_path: Path) -> None:
    draft_id = _draft(state, tmp_path)
    assert [(r.placeholder, r.original) for r in state.redactions_for(draft_id)] == [
        ("<XXX>", "Intel"),
        ("<XXX>", "intel"),
    ]
    row = state.get_draft(draft_id)
    assert state.cuts_for(row.letter_id) == [Cut(CutKind.SIGNOFF, "Thanks,\nDana")]


def test_unknown_draft(state: State) -> None:
    with pytest.raises(NotFound):
        state.get_draft("nope")


def test_draft_ids_short_typable_and_stable() -> None:
    ids = list(draft_id_candidates("abc"))
    assert ids[0] == next(draft_id_candidates("abc"))
    assert len(ids[0]) == 5 and not set(ids[0]) & set("01ilo")
    assert ids[1].startswith(ids[0])


def test_transitions_follow_table(state: State, tmp_path: Path) -> None:
    draft_id = _draft(state, tmp_path)
    assert transition(state, draft_id, Status.APPROVED).status == Status.APPROVED
    assert "status: approved" in state.get_draft(draft_id).path.read_text()
    transition(state, draft_id, Status.REJECTED)
    with pytest.raises(StateError, match="cannot become published"):
        transition(state, draft_id, Status.PUBLISHED)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(list(Status)), max_size=8))
def test_transition_state_machine(
    tmp_path_factory: pytest.TempPathFactory, moves: list[Status]
) -> None:
    base = tmp_path_factory.mktemp("sm")
    with State(base / "state", base / "drafts") as state:
        draft_id = _draft(state, base)
        current = Status.DRAFT
        for target in moves:
            if target == current or target in TRANSITIONS[current]:
                transition(state, draft_id, target)
                current = target
            else:
                with pytest.raises(StateError):
                    transition(state, draft_id, target)
            assert state.get_draft(draft_id).status == current


def test_write_atomic_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]
    assert target.stat().st_mode & 0o777 == 0o600


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path: Path) -> None:
    import os
    import subprocess

    from mailpub.state import remove_stale_temporaries

    finished = subprocess.Popen(["true"])
    finished.wait()
    stale = tmp_path / f".abcde-x.md.{finished.pid}.tmp"
    live = tmp_path / f".fghjk-y.md.{os.getpid()}.tmp"
    draft = tmp_path / "abcde-x.md"
    for path in (stale, live, draft):
        path.write_text("x")
    assert remove_stale_temporaries(tmp_path) == 1
    assert not stale.exists() and live.exists() and draft.exists()

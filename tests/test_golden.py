"""Golden files for rendered drafts: one folder per case under tests/data/golden/.

Each case has ``input.eml`` and optionally ``config.yaml`` (extra settings); the
expected draft file is ``expected-draft.md`` and the published form
``expected-preview.md``. Regenerate with ``pytest tests/test_golden.py
--update-golden`` and review the diff. A missing golden is written and the
test fails once, so every new golden is looked at.
"""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailpub.config import load_config
from mailpub.model import Outcome, RawMessage
from mailpub.pipeline import import_messages
from mailpub.review import preview
from mailpub.state import State

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.eml").exists())
WHEN = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
BASE_CONFIG = "paths:\n  drafts: drafts\n  state: state\nauthor:\n  name: Boris\n"


def _compare(path: Path, actual: str, update: bool) -> None:
    if update or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"golden {path} was missing and has been written: review it")
        return
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                str(path),
                "actual",
            )
        )
        pytest.fail(f"rendered output differs from {path}:\n{diff}")


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, tmp_path: Path, update_golden: bool) -> None:
    folder = GOLDEN / case
    extra = folder / "config.yaml"
    config = tmp_path / "config.yaml"
    config.write_text(BASE_CONFIG + (extra.read_text() if extra.exists() else ""))
    cfg = load_config(config)
    raw = RawMessage("input.eml", (folder / "input.eml").read_bytes())
    with State(cfg.paths.state, cfg.paths.drafts) as state:
        [entry] = import_messages(
            cfg, state, [raw], clock=lambda: datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
        )
        assert entry.outcome == Outcome.DRAFTED, entry.reason
        assert entry.draft_id is not None
        draft_text = state.get_draft(entry.draft_id).path.read_text(encoding="utf-8")
        published = preview(cfg, state, entry.draft_id, when=WHEN)
    _compare(folder / "expected-draft.md", draft_text, update_golden)
    _compare(folder / "expected-preview.md", published, update_golden)


def test_there_are_cases_for_both_formats() -> None:
    formats = {
        "markdown"
        if "format: markdown" in (GOLDEN / c / "config.yaml").read_text()
        else "gutenberg"
        for c in CASES
        if (GOLDEN / c / "config.yaml").exists()
    } | {"gutenberg" for c in CASES if not (GOLDEN / c / "config.yaml").exists()}
    assert formats == {"gutenberg", "markdown"}

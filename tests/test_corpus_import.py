"""The real-world corpus through ``mailpub import --json``, and ``mailpub retry``.

The corpus run is a real child process (benchmarks/corpus_report.py, the same
code that writes the RESULTS.md section). Files are only read as bytes.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus_report import run_corpus, source_file
from tests.conftest import EXAMPLES, Result
from tests.corpora import corpora_dir

OUTCOMES = {"drafted", "duplicate", "skipped", "quarantined"}
SEED = (EXAMPLES / "01-career-move.eml").read_bytes()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("corpus")
    result = run_corpus(corpora_dir(), work)
    result["work"] = work
    return result


def test_every_input_file_is_accounted_for(corpus: dict[str, Any]) -> None:
    files, entries = corpus["files"], corpus["entries"]
    assert len(files) >= 300
    assert corpus["code"] in (0, 3), corpus["stderr"][-2000:]
    assert "Traceback" not in corpus["stderr"]
    assert {source_file(e["source"]) for e in entries} == set(files)
    assert len(entries) >= len(files)
    mbox = [e for e in entries if "mailbox_01.mbox#" in e["source"]]
    assert len(mbox) >= 2, "an mbox gives one entry per message"
    for entry in entries:
        assert entry["outcome"] in OUTCOMES
        assert len(entry["letter_id"]) == 12
        if entry["outcome"] in ("skipped", "quarantined"):
            assert entry["reason"], entry
        if entry["outcome"] == "drafted":
            assert entry["draft_id"], entry


def test_list_agrees_with_the_import(corpus: dict[str, Any]) -> None:
    entries = corpus["entries"]
    drafted = {e["draft_id"] for e in entries if e["outcome"] == "drafted"}
    assert len(drafted) == sum(1 for e in entries if e["outcome"] == "drafted")
    assert {d["id"] for d in corpus["listed"]} == drafted
    for entry in entries:
        if entry["outcome"] == "duplicate":  # of a drafted letter, or of a skipped one
            assert entry["draft_id"] in drafted | {None}
    quarantined = {e["letter_id"] for e in entries if e["outcome"] == "quarantined"}
    assert {q["letter_id"] for q in corpus["quarantined"]} == quarantined
    assert all(q["reason"] for q in corpus["quarantined"])
    files = list((corpus["work"] / "drafts").glob("*.md"))
    assert len(files) == len(drafted)


def test_outlook_msg_is_quarantined_with_a_reason(corpus: dict[str, Any]) -> None:
    [entry] = [e for e in corpus["entries"] if e["source"].endswith("mails/mail_outlook_1")]
    assert entry["outcome"] == "quarantined"
    assert "Outlook .msg" in entry["reason"]


def test_quarantined_letters_keep_a_private_copy(corpus: dict[str, Any]) -> None:
    state = corpus["work"] / "state"
    folder = state / "quarantine"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    copies = {p.stem for p in folder.glob("*.eml")}
    quarantined = {e["letter_id"] for e in corpus["entries"] if e["outcome"] == "quarantined"}
    assert copies == quarantined  # every one of them was read, none is too large
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert not path.name.endswith(".tmp")


def test_retry_of_a_corpus_letter_without_a_fix_stays_quarantined(
    corpus: dict[str, Any], run: Callable[..., Result]
) -> None:
    config = corpus["work"] / "config.yaml"
    [entry] = [e for e in corpus["entries"] if e["source"].endswith("mails/mail_outlook_1")]
    result = run("--config", str(config), "retry", "--json", entry["letter_id"])
    assert result.code == 3, result.err
    [again] = json.loads(result.out)
    assert again["outcome"] == "quarantined" and again["letter_id"] == entry["letter_id"]
    assert (corpus["work"] / "state" / "quarantine" / f"{entry['letter_id']}.eml").exists()


# --------------------------------------------------------------------------- retry


def _quarantined(run: Callable[..., Result], config: Path) -> list[dict[str, Any]]:
    result = run("--config", str(config), "list", "--status", "quarantined", "--json")
    assert result.code == 0, result.err
    listed: list[dict[str, Any]] = json.loads(result.out)
    return listed


def test_retry_after_a_drafting_failure_drafts_and_drops_the_copy(
    config_file: Callable[..., Path], run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    import mailpub.anonymize

    config = config_file()
    letter = config.parent / "a.eml"
    letter.write_bytes(SEED)
    with monkeypatch.context() as patch:
        patch.setattr(mailpub.anonymize, "anonymize", _boom)
        first = run("--config", str(config), "import", "--json", str(letter))
    assert first.code == 3
    [entry] = json.loads(first.out)
    assert entry["outcome"] == "quarantined"
    copy = config.parent / "state" / "quarantine" / f"{entry['letter_id']}.eml"
    assert copy.read_bytes() == SEED and stat.S_IMODE(copy.stat().st_mode) == 0o600
    letter.unlink()  # the copy is enough
    [listed] = _quarantined(run, config)
    assert listed["letter_id"] == entry["letter_id"]
    done = run("--config", str(config), "retry", entry["letter_id"])
    assert done.code == 0, done.err
    assert done.out.startswith("drafted")
    assert not copy.exists()
    assert _quarantined(run, config) == []
    assert len(list((config.parent / "drafts").glob("*.md"))) == 1
    again = run("--config", str(config), "retry", entry["letter_id"])
    assert again.code == 1 and "not quarantined" in again.err


def test_retry_after_a_parse_failure_closes_the_old_record(
    config_file: Callable[..., Path], run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    import mailpub.parse
    from mailpub.errors import ParseError

    def refuse(data: bytes) -> object:
        raise ParseError("simulated parser bug")

    config = config_file()
    letter = config.parent / "a.eml"
    letter.write_bytes(SEED)
    with monkeypatch.context() as patch:
        patch.setattr(mailpub.parse, "parse_message", refuse)
        [entry] = json.loads(run("--config", str(config), "import", "--json", str(letter)).out)
    assert entry["outcome"] == "quarantined" and "simulated" in entry["reason"]
    [again] = json.loads(run("--config", str(config), "retry", "--json", entry["letter_id"]).out)
    assert again["outcome"] == "drafted" and again["letter_id"] != entry["letter_id"]
    assert _quarantined(run, config) == []
    assert not list((config.parent / "state" / "quarantine").iterdir())
    dup = json.loads(run("--config", str(config), "import", "--json", str(letter)).out)
    assert dup[0]["outcome"] == "duplicate"


def test_too_large_is_not_stored_and_retry_rereads_the_mbox(
    config_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    small = config_file("limits:\n  max_message_bytes: 1000\n")
    mbox = small.parent / "letters.mbox"
    mbox.write_bytes(b"From x@example.net Mon Jan  1 00:00:00 2024\n" + SEED + b"\n")
    [entry] = json.loads(run("--config", str(small), "import", "--json", str(mbox)).out)
    assert entry["outcome"] == "quarantined" and entry["reason"].startswith("too large")
    assert entry["source"].endswith("letters.mbox#1")
    assert not list((small.parent / "state" / "quarantine").glob("*"))
    still = run("--config", str(small), "retry", entry["letter_id"])
    assert still.code == 3 and "too large" in still.out
    small.write_text(small.read_text().replace("1000", "25MB"))
    done = json.loads(run("--config", str(small), "retry", "--json", entry["letter_id"]).out)
    assert done[0]["outcome"] == "drafted"
    assert _quarantined(run, small) == []


def test_retry_unknown_or_gone(
    config_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    config = config_file()
    result = run("--config", str(config), "retry", "abcdef123456")
    assert result.code == 1 and "no letter" in result.err
    bad = run("--config", str(config), "retry", "../../etc/passwd")
    assert bad.code == 1 and "Traceback" not in bad.err
    gone = config.parent / "gone.eml"
    [entry] = json.loads(run("--config", str(config), "import", "--json", str(gone)).out)
    assert entry["outcome"] == "quarantined"
    result = run("--config", str(config), "retry", entry["letter_id"])
    assert result.code == 1 and "cannot be read again" in result.err


def _boom(*args: object, **kwargs: object) -> object:
    raise RuntimeError("simulated drafting failure")

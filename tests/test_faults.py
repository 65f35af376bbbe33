"""Crash safety, proven: SIGKILL the real importer and poller, fill the disk, refuse writes.

``MAILPUB_FAULT_SEED`` fixes the random kill delays (the seed used is printed
on failure). The kills are split between file intake (a Maildir of 300 letters)
and IMAP intake (300 letters in the session's Dovecot).
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import frontmatter
import pytest
import yaml

from benchmarks.letters import letter
from mailpub.state import State
from tests.conftest import EXAMPLES, ROOT, Result

# The batched pipeline drafts 50–100 letters a second once the model is loaded: a backlog of
# 300 keeps each intake busy for all its kills (150 could be drafted before the 15th kill).
LETTERS = 300  # IMAP intake
FILE_LETTERS = 300  # file intake
KILLS = 15  # per intake: 30 in all
PW_VAR = "MAILPUB_TEST_FAULT_PW"
SEED = int(os.environ.get("MAILPUB_FAULT_SEED", str(random.SystemRandom().randrange(10**6))))


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(extra or {})}
    env.pop("MAILPUB_CONFIG", None)
    return env


def kill_repeatedly(
    command: list[str],
    env: dict[str, str],
    rng: random.Random,
    kills: int,
    drafts: Callable[[], int],
    total: int = LETTERS,
) -> list[int]:
    """Start ``command`` again and again and SIGKILL it, until ``kills`` kills.

    Most kills come 0.2–2 s after the start (during start-up, the model load,
    the first letters); every third one, while less than half the backlog is
    drafted, comes 0.05–0.6 s after the run's first new draft file (in the middle
    of the drafting loop). Returns the number of draft files at each kill."""
    progress: list[int] = []
    for _ in range(kills * 4):
        if len(progress) >= kills:
            break
        before = drafts()
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if len(progress) % 3 == 2 and before < total // 2:
            deadline = time.monotonic() + 20
            while drafts() == before and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(rng.uniform(0.05, 0.6))  # in the middle of the drafting loop
        else:
            time.sleep(rng.uniform(0.2, 2.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            progress.append(drafts())
        else:
            proc.wait()
    return progress


def check_drafts(tmp: Path, message_ids: set[str]) -> None:
    """Every letter has exactly one draft; files and state agree; no file is partial."""
    drafts_dir = tmp / "drafts"
    with State(tmp / "state", drafts_dir) as state:
        rows = state.drafts()
        by_letter = {state.message_id_for(row.letter_id) for row in rows}
        quarantined = state.quarantined()
    assert not quarantined, [q.reason for q in quarantined]
    assert len(rows) == len(message_ids)
    assert by_letter == message_ids  # one draft per letter, none twice
    files = sorted(drafts_dir.glob("*.md"))
    assert sorted(row.path for row in rows) == files  # no orphan .md, no missing file
    assert not [p for p in drafts_dir.iterdir() if p.name.startswith(".") and ".md" in p.suffix]
    for row in rows:
        post = frontmatter.loads(row.path.read_text(encoding="utf-8"))
        assert post["mailpub_id"] == row.id
        assert post["title"] and "<!-- /wp:paragraph -->" in post.content
        assert post.content.rstrip().endswith("-->")  # not cut short


def _message_ids(messages: list[bytes]) -> set[str]:
    import email

    return {str(email.message_from_bytes(m)["Message-ID"]).strip() for m in messages}


def test_sigkill_during_file_import(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    messages = [letter(i) for i in range(FILE_LETTERS)]
    for i, data in enumerate(messages):
        (maildir / "new" / f"{1700000000 + i}.{i}.host").write_bytes(data)
    config = tmp_path / "config.yaml"
    config.write_text(
        "paths:\n  drafts: drafts\n  state: state\n"
        "author:\n  name: Boris\n  addresses: [boris@example.org]\n"
    )
    command = [sys.executable, "-m", "mailpub", "--config", str(config), "import", str(maildir)]
    progress = kill_repeatedly(
        command, _env(), rng, KILLS, lambda: _count(tmp_path), total=FILE_LETTERS
    )
    assert len(progress) >= KILLS, f"seed {SEED}: only {len(progress)} kills"
    assert sum(1 for n in progress if n < FILE_LETTERS) >= KILLS // 2, (SEED, progress)
    final = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True)
    assert final.returncode == 0, (SEED, final.stderr[-2000:])
    assert "Traceback" not in final.stderr
    check_drafts(tmp_path, _message_ids(messages))
    again = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True)
    assert f"{FILE_LETTERS} messages: 0 drafted, {FILE_LETTERS} duplicate" in again.stdout
    print(f"file intake: seed {SEED}, drafts at each kill: {progress}")


def test_sigkill_during_imap_poll(dovecot: Any, tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    user, password = dovecot.add_user("fault")
    messages = [letter(1000 + i) for i in range(LETTERS)]
    dovecot.append(user, messages)
    config = tmp_path / "config.yaml"
    data = {
        "paths": {"drafts": str(tmp_path / "drafts"), "state": str(tmp_path / "state")},
        "author": {"name": "Boris", "addresses": ["boris@example.org"]},
        "imap": {
            "host": "127.0.0.1",
            "port": dovecot.port,
            "security": "none",
            "username": user,
            "password_env": PW_VAR,
            "timeout": 10,
        },
    }
    config.write_text(yaml.safe_dump(data))
    env = _env({PW_VAR: password})
    command = [sys.executable, "-m", "mailpub", "--config", str(config), "poll"]
    progress = kill_repeatedly(command, env, rng, KILLS, lambda: _count(tmp_path))
    assert len(progress) >= KILLS, f"seed {SEED}: only {len(progress)} kills"
    assert sum(1 for n in progress if n < LETTERS) >= KILLS // 2, (SEED, progress)
    final = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert final.returncode == 0, (SEED, final.stderr[-2000:])
    assert "Traceback" not in final.stderr
    check_drafts(tmp_path, _message_ids(messages))
    client = dovecot.client(user)
    try:
        client.select_folder("INBOX", readonly=True)
        uids = client.search(["ALL"])
        flags = client.get_flags(uids)
    finally:
        client.logout()
    assert len(uids) == LETTERS  # nothing deleted
    assert all(b"$MailpubDrafted" in f for f in flags.values())  # every letter marked
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert "0 new messages" in again.stdout
    print(f"IMAP intake: seed {SEED + 1}, drafts at each kill: {progress}")


def _count(tmp: Path) -> int:
    """Draft files written so far (read without touching the state database)."""
    folder = tmp / "drafts"
    return len(list(folder.glob("*.md"))) if folder.is_dir() else 0


# ------------------------------------------------------------------ full disk, no permission

SEED_LETTER = (EXAMPLES / "01-career-move.eml").read_bytes()


def _failing_os(error: int, fail: str) -> types.SimpleNamespace:
    """The os module as mailpub.state sees it, with one call failing like a full disk."""

    def broken(*args: object, **kwargs: object) -> Any:
        raise OSError(error, os.strerror(error))

    names = {name: getattr(os, name) for name in dir(os) if not name.startswith("__")}
    names[fail] = broken
    return types.SimpleNamespace(**names)


@pytest.mark.parametrize(
    ("error", "fail"),
    [
        (errno.ENOSPC, "write"),
        (errno.ENOSPC, "fsync"),
        (errno.EACCES, "open"),
        (errno.EROFS, "replace"),
    ],
)
def test_write_failure_is_clear_and_loses_nothing(
    error: int,
    fail: str,
    config_file: Callable[..., Path],
    run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mailpub.state

    config = config_file()
    folder = config.parent / "in"
    folder.mkdir()
    (folder / "a.eml").write_bytes(SEED_LETTER)
    run("--config", str(config), "list")  # creates the state before the fault
    with monkeypatch.context() as patch:
        patch.setattr(mailpub.state, "os", _failing_os(error, fail))
        failed = run("--config", str(config), "import", str(folder))
    assert failed.code == 1
    assert "cannot write" in failed.err and os.strerror(error) in failed.err
    assert "nothing was lost" in failed.err and "Traceback" not in failed.err
    assert "Dana" not in failed.err + failed.out  # no letter text or name in the error
    drafts = config.parent / "drafts"
    assert not list(drafts.iterdir())  # no partial draft, no temporary file left
    with State(config.parent / "state", drafts) as state:
        assert state.db.execute("SELECT COUNT(*) FROM letters").fetchone()[0] == 0
        assert state.drafts() == [] and state.quarantined() == []
    done = run("--config", str(config), "import", str(folder))
    assert done.code == 0 and "1 drafted" in done.out
    assert len(list(drafts.glob("*.md"))) == 1


# ------------------------------------------------------------------ the author's edits


def test_edits_survive_reimport_redact_and_unredact(
    config_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    config = config_file()
    letter = config.parent / "a.eml"
    letter.write_bytes(SEED_LETTER)
    assert run("--config", str(config), "import", str(letter)).code == 0
    [path] = (config.parent / "drafts").glob("*.md")
    draft_id = path.name.split("-", 1)[0]
    answer = "My own answer, written by hand: Spark is fine, learn it."
    path.write_text(path.read_text().replace("@@REPLY@@", answer, 1) + "<!-- my note -->\n")
    assert run("--config", str(config), "import", str(letter)).code == 0  # re-import
    assert answer in path.read_text() and "<!-- my note -->" in path.read_text()
    changed = run("--config", str(config), "redact", draft_id, "Spark", "--kind", "company")
    assert changed.code == 0, changed.err
    text = path.read_text()
    assert answer in text and "<!-- my note -->" in text  # replies are never touched
    placeholder = changed.out.rsplit(" by ", 1)[1].strip()
    assert run("--config", str(config), "unredact", draft_id, placeholder).code == 0
    text = path.read_text()
    assert answer in text and "<!-- my note -->" in text
    assert list((config.parent / "drafts").glob("*.md")) == [path]

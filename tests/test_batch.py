"""The batched path (mailpub.batch) decides and records exactly as the one-by-one path."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

import mailpub.anonymize as anonymize_pkg
from benchmarks.letters import letter
from mailpub import batch
from mailpub.anonymize import anonymize, ner_text
from mailpub.anonymize.entities import suspects
from mailpub.anonymize.ner import available
from mailpub.clean import clean_mail
from mailpub.config import Config, load_config
from mailpub.model import Outcome, RawMessage
from mailpub.parse import parse_message
from mailpub.pipeline import sender_identity
from mailpub.state import State

CLOCK = lambda: datetime(2026, 11, 30, tzinfo=UTC)  # noqa: E731
needs_model = pytest.mark.skipif(not available(), reason="NER model not installed")


def _mail(
    subject: str, body: str, sender: str = "Dana Whitfield <dana@gmail.com>", **headers: str
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "Boris <boris@example.org>"
    msg["Subject"] = subject
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


def mixed_messages() -> list[RawMessage]:
    """Ordinary letters and every early decision: duplicate, unreadable, skipped, empty."""
    raws = [RawMessage(f"l{i}.eml", letter(i, html=(i % 4 == 3))) for i in range(10)]
    raws.insert(3, RawMessage("copy.eml", raws[1].data))  # the same letter again: duplicate
    raws.insert(5, RawMessage("gone.eml", None, "cannot read"))
    raws.insert(
        6, RawMessage("own.eml", _mail("Re: hi", "My own text.", "Boris <boris@example.org>"))
    )
    raws.insert(
        7, RawMessage("auto.eml", _mail("Away", "Out of office.", Auto_Submitted="auto-replied"))
    )
    raws.insert(8, RawMessage("empty.eml", _mail("Re: x", "Sent from my iPhone\n")))
    raws.insert(9, RawMessage("junk.eml", b"\x00\x01\x02 not a message"))
    return raws


def make_cfg(root: Path, ner: bool = True) -> Config:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "config.yaml"
    path.write_text(
        "paths:\n  drafts: drafts\n  state: state\nauthor:\n  name: Boris\n"
        f"  addresses: [boris@example.org]\nanonymize:\n  ner: {'on' if ner else 'off'}\n"
    )
    return load_config(path)


def run(cfg: Config, raws: list[RawMessage], workers: int) -> list[tuple[Any, ...]]:
    with State(cfg.paths.state, cfg.paths.drafts) as state:
        entries = batch.draft_all(cfg, state, raws, clock=CLOCK, batch=7, workers=workers)
        rows = []
        for e in entries:
            redactions = suspects_ = None
            if e.draft_id:
                redactions = [(r.placeholder, r.original) for r in state.redactions_for(e.draft_id)]
                suspects_ = state.suspects_for(e.draft_id)
            rows.append(
                (e.source, e.outcome, e.draft_id, e.letter_id, e.reason, redactions, suspects_)
            )
    return rows


def drafts(cfg: Config) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(cfg.paths.drafts.glob("*.md"))}


@needs_model
def test_worker_pool_gives_the_same_outcomes_and_drafts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "MIN_POOL", 1)
    monkeypatch.setattr(batch, "CHUNK", 2)
    raws = mixed_messages()
    one = make_cfg(tmp_path / "one")
    pooled = make_cfg(tmp_path / "pool")
    expected = run(one, raws, workers=0)
    got = run(pooled, raws, workers=2)
    assert got == expected
    outcomes = [row[1] for row in got]
    assert outcomes.count(Outcome.DRAFTED) == 10
    assert {Outcome.DUPLICATE, Outcome.SKIPPED, Outcome.QUARANTINED} <= set(outcomes)
    assert drafts(pooled) == drafts(one) and len(drafts(one)) == 10
    # a second run over the same letters: only duplicates and the same records, no new files
    again = run(pooled, raws, workers=2)
    assert [r[1] for r in again if r[0].startswith("l")] == [Outcome.DUPLICATE] * 10
    assert drafts(pooled) == drafts(one)


@needs_model
def test_prepare_many_equals_the_stages_run_one_by_one() -> None:
    from mailpub.model import Rules

    rules = Rules(author_names=("Boris",), keep=("Python",))
    mails = [parse_message(letter(i, html=(i % 3 == 0))) for i in range(6)]
    prepared = batch.prepare_many(mails, rules, True)
    for mail, ahead in zip(mails, prepared, strict=True):
        cleaned = clean_mail(mail)
        alone = anonymize(cleaned.subject, cleaned.text, identity=sender_identity(mail, cleaned),
                          rules=rules, ner=True)  # fmt: skip
        assert ahead.error is None and ahead.cleaned == cleaned
        assert ahead.anonymized == alone
        assert ahead.suspects == tuple(suspects(alone.subject + "\n" + alone.text, rules.keep))
        assert "<NAME>" in alone.text or "<XXX>" in alone.text  # real work was done


def test_prepare_many_reports_failures_like_process_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mailpub.model import Rules

    mails = [parse_message(letter(i)) for i in range(3)]

    def broken(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError

    monkeypatch.setattr(anonymize_pkg, "anonymize", broken)
    prepared = batch.prepare_many(mails, Rules(), False)
    assert [p.error for p in prepared] == ["internal error while drafting (ZeroDivisionError)"] * 3


def test_ner_text_is_what_anonymize_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    from mailpub.model import Identity, Rules

    seen: list[str] = []

    def fake_entities(text: str) -> tuple[()]:
        seen.append(text)
        return ()

    monkeypatch.setattr(anonymize_pkg, "entities", fake_entities)
    monkeypatch.setattr(anonymize_pkg, "load_model", lambda: None)
    subject, text = (
        "Should I\r\nmove to Acme?",
        "I work at Acme and I like it a lot, but I want more.",
    )
    anonymize(subject, text, identity=Identity(), rules=Rules(), ner=True)
    assert seen == [ner_text(subject, text)]


class _DeadPool:
    """An executor whose workers died: every future fails as a broken pool's do."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(BrokenProcessPool("worker died"))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def test_dead_workers_fall_back_to_the_one_by_one_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "MIN_POOL", 1)
    raws = mixed_messages()
    one = make_cfg(tmp_path / "one", ner=False)
    dead = make_cfg(tmp_path / "dead", ner=False)
    expected = run(one, raws, workers=0)
    # ner off never uses the pool; force it to, with workers that are dead on arrival
    monkeypatch.setattr(batch.Drafter, "_may_pool", lambda self: not self._broken)
    monkeypatch.setattr(batch.Drafter, "_start", lambda self: _DeadPool())
    assert run(dead, raws, workers=2) == expected
    assert drafts(dead) == drafts(one)


def test_crash_between_batch_steps_is_healed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the stages ran ahead and some letters were recorded, in the middle
    of recording one (its file written, its state not): the next run drafts every
    letter exactly once and adopts the orphaned file."""
    from mailpub import state as state_module

    monkeypatch.setattr(batch, "MIN_POOL", 1)
    monkeypatch.setattr(batch.Drafter, "_may_pool", lambda self: not self._broken)

    class _InlinePool:  # prepares in this process, so the crash below is deterministic
        def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
            future: Future[Any] = Future()
            future.set_result(fn(*args))
            return future

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            pass

    monkeypatch.setattr(batch.Drafter, "_start", lambda self: _InlinePool())
    cfg = make_cfg(tmp_path / "crash", ner=False)
    raws = [RawMessage(f"l{i}.eml", letter(i)) for i in range(9)]
    real = state_module.State.record_draft
    calls = [0]

    def crash_on_fifth(self: State, **kwargs: Any) -> None:
        calls[0] += 1
        if calls[0] == 5:
            raise KeyboardInterrupt  # the process dies here
        real(self, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(state_module.State, "record_draft", crash_on_fifth)
        with pytest.raises(KeyboardInterrupt):
            run(cfg, raws, workers=2)
    assert len(drafts(cfg)) == 5  # four recorded, one orphaned file
    rows = run(cfg, raws, workers=2)
    outcomes = [r[1] for r in rows]
    assert outcomes == [Outcome.DUPLICATE] * 4 + [Outcome.DRAFTED] * 5
    assert len(drafts(cfg)) == 9 and len({r[2] for r in rows}) == 9
    reference = make_cfg(tmp_path / "ref", ner=False)
    run(reference, raws, workers=0)
    assert drafts(cfg) == drafts(reference)


def test_small_batches_and_ner_off_start_no_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(self: batch.Drafter) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(batch.Drafter, "_start", no_pool)
    cfg = make_cfg(tmp_path / "small", ner=False)
    raws = [RawMessage(f"l{i}.eml", letter(i)) for i in range(30)]
    rows = run(cfg, raws, workers=2)  # ner off: never pooled
    assert [r[1] for r in rows] == [Outcome.DRAFTED] * 30
    cfg_ner = make_cfg(tmp_path / "one-letter", ner=True)
    with State(cfg_ner.paths.state, cfg_ner.paths.drafts) as state:
        drafter = batch.Drafter(cfg_ner, state, clock=CLOCK, workers=2)
        assert drafter._use_pool(batch.MIN_POOL - 1) is False
        assert drafter._use_pool(batch.MIN_POOL) is True


def test_default_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(batch.WORKERS_ENV, raising=False)
    assert batch.default_workers(1) == 0
    assert batch.default_workers(2) == 1  # this process prepares too: one model less
    assert batch.default_workers(16) == 1
    monkeypatch.setenv(batch.WORKERS_ENV, "0")
    assert batch.default_workers(16) == 0


class _LazyFuture(Future[Any]):
    """Pending until its result is asked for (a worker that is always still busy)."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        super().__init__()
        self._call = (fn, args)

    def result(self, timeout: float | None = None) -> Any:
        if not self.done():
            fn, args = self._call
            self.set_result(fn(*args))
        return super().result(timeout)


class _BusyPool:
    def __init__(self) -> None:
        self.futures: list[_LazyFuture] = []

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        self.futures.append(_LazyFuture(fn, args))
        return self.futures[-1]

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def test_this_process_takes_back_chunks_from_busy_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the chunk to record next is still with the worker, this process prepares
    the last chunk not yet started: same outcomes, drafts and records, in order."""
    raws = mixed_messages()
    one = make_cfg(tmp_path / "one", ner=False)
    busy = make_cfg(tmp_path / "busy", ner=False)
    expected = run(one, raws, workers=0)
    monkeypatch.setattr(batch, "MIN_POOL", 1)
    monkeypatch.setattr(batch, "CHUNK", 2)
    monkeypatch.setattr(batch.Drafter, "_may_pool", lambda self: not self._broken)
    pool = _BusyPool()
    monkeypatch.setattr(batch.Drafter, "_start", lambda self: pool)
    with State(busy.paths.state, busy.paths.drafts) as state:
        drafter = batch.Drafter(busy, state, clock=CLOCK, workers=1)
        entries = drafter.draft(raws)
        # every letter that reaches the stages: 10, the in-batch copy, the one cleaned to nothing
        assert drafter.prepared_ahead == 12
        assert 0 < drafter.prepared_here < 12  # shared between the worker and this process
    assert [f.cancelled() for f in pool.futures].count(True) == drafter.prepared_here // 2
    assert [(e.source, e.outcome, e.draft_id, e.letter_id, e.reason) for e in entries] == [
        row[:5] for row in expected
    ]
    assert drafts(busy) == drafts(one)


def test_worker_does_not_outlive_a_killed_import(tmp_path: Path) -> None:
    """A SIGKILLed `mailpub import` leaves no orphan worker holding the model."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from benchmarks.letters import letter
    from tests.conftest import ROOT

    maildir = tmp_path / "maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for index in range(120):
        (maildir / "new" / f"{index:04d}.x").write_bytes(letter(70_000 + index))
    config = tmp_path / "config.yaml"
    config.write_text("paths:\n  drafts: drafts\n  state: state\nauthor:\n  name: Boris\n")
    env = {**os.environ, "MAILPUB_WORKERS": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mailpub", "--config", str(config), "import", str(maildir)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip

    def children() -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    status = (entry / "status").read_text()
                except OSError:
                    continue
                if f"\nPPid:\t{proc.pid}\n" in status:
                    found.append(int(entry.name))
        return found

    deadline = time.monotonic() + 60
    workers: list[int] = []
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        workers = [
            pid for pid in children()
            if b"multiprocessing" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]  # fmt: skip
        time.sleep(0.05)
    assert workers, "the import finished before a worker started; use more letters"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.1)
    left = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"orphan workers {left} outlived the killed import"

"""``mailpub run``: the background service, and ``mailpub status``.

The service is a loop around the library: an APScheduler 3 job polls the
mailbox every ``schedule.poll_interval`` (or on ``schedule.cron``), never two
at once, missed runs coalesced; with ``imap.idle`` a watcher thread holds an
IMAP IDLE and triggers the job as soon as mail arrives. After each poll,
``publish.auto`` publishes approved drafts through the same gate as
``mailpub publish``. Business logic stays in ``poll``/``publish``.

Signals: SIGTERM and SIGINT finish the letter in hand and exit 0; SIGHUP
reloads the configuration (an invalid new one is reported and the old one
kept). One summary line is logged per cycle; the status file
``service.json`` in the state folder tells ``mailpub status`` how things stand.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from mailpub.errors import LockedError, MailpubError
from mailpub.state import State, private_mkdir, write_atomic

if TYPE_CHECKING:
    from mailpub.config import Config

log = logging.getLogger(__name__)

STATUS_FILE = "service.json"
LOCK_FILE = "service.lock"


# --------------------------------------------------------------------------- lock


class ServiceLock:
    """One ``mailpub run`` per state folder (an exclusive, non-blocking flock)."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / LOCK_FILE
        self.fd = -1

    def acquire(self) -> None:
        private_mkdir(self.path.parent)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self.fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(self.fd)
            self.fd = -1
            raise LockedError(
                f"another `mailpub run` (pid {holder}) is already running for {self.path.parent}",
                hint="stop it first (`mailpub status` shows it), or use another paths.state",
            ) from None
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{os.getpid()}\n".encode(), 0)

    def release(self) -> None:
        if self.fd >= 0:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = -1


def service_pid(state_dir: Path) -> int | None:
    """The pid of the running service, or None when none holds the lock."""
    path = state_dir / LOCK_FILE
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.pread(fd, 32, 0).decode(errors="replace").strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- status


@dataclass(slots=True)
class ServiceRecord:
    """What the running service reports in ``service.json`` (documented in docs/service.md)."""

    pid: int
    started: str
    last_poll: str | None = None
    last_outcome: str | None = None  # "ok" | "error"
    last_summary: str | None = None
    next_poll: str | None = None
    last_error: str | None = None
    stopped: str | None = None

    def save(self, state_dir: Path) -> None:
        from dataclasses import asdict

        write_atomic(state_dir / STATUS_FILE, json.dumps(asdict(self), indent=2) + "\n")


def status(cfg: Config) -> dict[str, Any]:
    """The ``mailpub status --json`` object."""
    state_dir = cfg.paths.state
    record: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        record = json.loads((state_dir / STATUS_FILE).read_text(encoding="utf-8"))
    pid = service_pid(state_dir) if state_dir.exists() else None
    with State(cfg.paths.state, cfg.paths.drafts) as state:
        counts = state.counts()
    running = pid is not None
    return {
        "running": running,
        "pid": pid if running else None,
        "started": record.get("started") if running else None,
        "last_poll": record.get("last_poll"),
        "last_outcome": record.get("last_outcome"),
        "last_summary": record.get("last_summary"),
        "next_poll": record.get("next_poll") if running else None,
        "last_error": record.get("last_error"),
        "drafts": {
            key: counts[key] for key in ("draft", "approved", "published", "rejected", "withdrawn")
        },
        "skipped": counts["skipped"],
        "quarantined": counts["quarantined"],
    }


# --------------------------------------------------------------------------- the service


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Service:
    """The long-running loop. ``load`` re-reads the configuration (SIGHUP)."""

    cfg: Config
    load: Callable[[], Config]
    stop: threading.Event = field(default_factory=threading.Event)
    wake: threading.Event = field(default_factory=threading.Event)  # mail announced
    busy: threading.Lock = field(default_factory=threading.Lock)  # a cycle is running
    reload_requested: threading.Event = field(default_factory=threading.Event)
    reported: dict[str, float] = field(default_factory=dict)  # draft id -> file mtime refused
    last_error: str | None = None

    def run(self) -> int:
        import faulthandler

        from apscheduler.schedulers.background import BackgroundScheduler

        faulthandler.register(signal.SIGUSR1, all_threads=True)  # `kill -USR1 PID`: stacks
        lock = ServiceLock(self.cfg.paths.state)
        lock.acquire()
        self.record = ServiceRecord(pid=os.getpid(), started=_now())
        self.record.save(self.cfg.paths.state)
        self._install_signals()
        self._warm_up()
        scheduler = BackgroundScheduler(timezone=UTC)
        self.scheduler = scheduler
        self._schedule()
        scheduler.start()
        watcher = None
        if self.cfg.imap.idle and self.cfg.imap.host and self.cfg.intake == "imap":
            from mailpub.watch import IdleWatcher

            watcher = IdleWatcher(self.cfg, self.trigger, self.stop)
            watcher.start()
        log.info("service started (pid %d)", os.getpid())
        try:
            while not self.stop.wait(0.2):
                if self.reload_requested.is_set():
                    self.reload_requested.clear()
                    self._reload()
        finally:
            scheduler.shutdown(wait=True)
            if watcher is not None:
                watcher.join(timeout=3)
            self.record.next_poll = None
            self.record.stopped = _now()
            with contextlib.suppress(MailpubError):
                self.record.save(self.cfg.paths.state)
            lock.release()
            log.info("service stopped")
        return 0

    def _warm_up(self) -> None:
        """Load the word lists and the NER model before watching, so the first letter is
        not slowed by them."""
        from mailpub.anonymize import load_word_lists, ner

        started = time.monotonic()
        load_word_lists()
        if not self.cfg.anonymize.ner:
            gc.freeze()
            return
        try:
            ner.entities("Warm-up.")  # loads the model and runs it once
        except MailpubError as exc:  # letters needing it will be quarantined, as documented
            log.warning("%s", exc.message)
            return
        # The model's many long-lived objects leave the garbage collector's view:
        # shorter pauses while running, and a quick exit on SIGTERM.
        gc.freeze()
        log.info("NER model loaded in %.1f s", time.monotonic() - started)

    # ------------------------------------------------------------------ scheduling

    def _trigger(self) -> Any:
        from apscheduler.triggers.cron import CronTrigger
        from apscheduler.triggers.interval import IntervalTrigger

        schedule = self.cfg.schedule
        if schedule.cron:
            return CronTrigger.from_crontab(schedule.cron, timezone=UTC)
        return IntervalTrigger(seconds=schedule.poll_interval, timezone=UTC)

    def _schedule(self) -> None:
        self.trigger_obj = self._trigger()
        self.scheduler.add_job(
            self.tick,
            self.trigger_obj,
            id="poll",
            max_instances=2,  # a second instance returns at once: see tick()
            coalesce=True,
            misfire_grace_time=None,
            next_run_time=datetime.now(UTC),
            replace_existing=True,
        )

    def trigger(self) -> None:
        """Poll now (IDLE saw new mail). Never lost, never doubled: a cycle that is
        running when mail is announced may already be past the point where it would
        see it, so it runs once more when it ends (``wake``); otherwise the scheduler
        starts one now."""
        self.wake.set()
        with contextlib.suppress(Exception):  # the scheduler may be shutting down
            self.scheduler.modify_job("poll", next_run_time=datetime.now(UTC))

    def _install_signals(self) -> None:
        def stop(signum: int, frame: FrameType | None) -> None:
            self.stop.set()

        def hup(signum: int, frame: FrameType | None) -> None:
            self.reload_requested.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGHUP, hup)

    def _reload(self) -> None:
        try:
            new = self.load()
        except MailpubError as exc:
            log.error("configuration not reloaded: %s; the old one stays in force", exc.message)
            return
        if new.paths.state != self.cfg.paths.state:
            log.error("configuration not reloaded: paths.state cannot change while running")
            return
        self.cfg = new
        self._schedule()
        log.info("configuration reloaded")

    # ------------------------------------------------------------------ one cycle

    def tick(self) -> None:
        """Cycles until no mail was announced while one ran (see :meth:`trigger`)."""
        while not self.stop.is_set():
            if not self.busy.acquire(blocking=False):
                return  # another cycle runs and will see ``wake``
            try:
                self.wake.clear()
                self.cycle()
            finally:
                self.busy.release()
            # Checked after the release: a trigger that comes later finds the lock free
            # and its own scheduled run takes the mail.
            if not self.wake.is_set():
                return

    def cycle(self) -> None:
        """One cycle: poll, then auto-publish; one summary line; never raises."""
        started = time.monotonic()
        cfg = self.cfg
        parts: list[str] = []
        outcome = "ok"
        try:
            parts.append(self._poll(cfg))
        except MailpubError as exc:
            outcome = "error"
            self._error(cfg, f"poll failed: {exc.message}")
            parts.append("poll failed")
        except Exception as exc:
            outcome = "error"
            log.debug("poll failed", exc_info=True)
            self._error(cfg, f"poll failed: unexpected {type(exc).__name__}")
            parts.append("poll failed")
        if cfg.publish.auto and not self.stop.is_set():
            parts.append(self._auto_publish(cfg))
        seconds = time.monotonic() - started
        summary = "; ".join(p for p in parts if p) + f"; {seconds:.2f} s"
        log.info("cycle: %s", summary)
        if outcome == "ok":
            self.last_error = None
        self.record.last_poll = _now()
        self.record.last_outcome = outcome
        self.record.last_summary = summary
        self.record.last_error = self.last_error
        # From the trigger itself: asking the scheduler here could deadlock with its shutdown.
        next_time = self.trigger_obj.get_next_fire_time(None, datetime.now(UTC))
        self.record.next_poll = next_time.isoformat(timespec="seconds") if next_time else None
        with contextlib.suppress(MailpubError):
            self.record.save(cfg.paths.state)

    def _poll(self, cfg: Config) -> str:
        from mailpub import notify
        from mailpub.model import Outcome
        from mailpub.poll import poll

        result = poll(cfg, stop=self.stop.is_set)
        counts = {o: result.count(o) for o in Outcome}
        drafted = [e.draft_id for e in result.entries if e.outcome == Outcome.DRAFTED]
        if drafted:
            with State(cfg.paths.state, cfg.paths.drafts) as state:
                titles = [state.get_draft(d).title for d in drafted if d]
            notify.send(
                cfg,
                notify.payload("drafted", count=len(drafted), draft_ids=drafted, titles=titles),
            )
        return (
            f"{len(result.entries)} new: {counts[Outcome.DRAFTED]} drafted, "
            f"{counts[Outcome.DUPLICATE]} duplicate, {counts[Outcome.SKIPPED]} skipped, "
            f"{counts[Outcome.QUARANTINED]} quarantined"
        )

    def _auto_publish(self, cfg: Config) -> str:
        from mailpub import notify
        from mailpub.model import Status
        from mailpub.publish import publish
        from mailpub.review import sync_editor_status

        published = refused = 0
        with State(cfg.paths.state, cfg.paths.drafts) as state:
            sync_editor_status(state)
            for row in state.drafts(Status.APPROVED):
                mtime = _mtime(row.path)
                if self.reported.get(row.id) == mtime:
                    continue  # refused before and not edited since: not retried in a loop
                try:
                    [result] = publish(cfg, state, [row.id])
                except MailpubError as exc:
                    self.reported[row.id] = mtime
                    self._error(cfg, f"publishing {row.id} failed: {exc.message}")
                    continue
                if result.outcome == "refused":
                    refused += 1
                    self.reported[row.id] = mtime
                    log.warning(
                        "draft %s refused by the gate: %d problem(s); run `mailpub check %s`",
                        row.id,
                        len(result.problems),
                        row.id,
                    )
                    notify.send(
                        cfg,
                        notify.payload("refused", draft_id=row.id, problems=len(result.problems)),
                    )
                elif result.outcome == "published":
                    published += 1
                    self.reported.pop(row.id, None)
        if published:
            notify.send(cfg, notify.payload("published", count=published))
        return f"{published} published" + (f", {refused} refused" if refused else "")

    def _error(self, cfg: Config, message: str) -> None:
        from mailpub import notify

        log.error("%s", message)
        if message != self.last_error:  # notify once per distinct error, not every cycle
            notify.send(cfg, notify.payload("error", message=message))
        self.last_error = message


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0

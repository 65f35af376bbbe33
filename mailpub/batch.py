"""Draft many letters at once: the pure stages ahead, on a small pool of worker processes.

A backlog (the first poll of a full mailbox, ``mailpub import`` of an archive)
spends nearly all its time in the NER model (about 26 ms per letter of 300
words on one core). :class:`Drafter` takes the letters of one batch, in
order, and:

1. in this process, parses each letter and leaves out those whose decision
   needs no cleaning or anonymizing (unreadable, not parseable, the same
   letter as one already recorded, skipped by its headers);
2. splits the others into chunks of :data:`CHUNK` and has each chunk run
   through :func:`prepare_many` (clean, one ``nlp.pipe`` batch for the chunk,
   anonymize, suspects: all pure), either by a worker process or by this
   process itself;
3. records every letter **in this process, in order**, through
   :func:`mailpub.pipeline.process_message` with the prepared results: the same
   decisions, the same same-letter rule, the draft file fsynced before the
   state records it. A crash at any point leaves nothing half-recorded that the
   one-by-one path would not; the next run starts again from the records.

The chunks are shared out as the work goes (:meth:`Drafter._prepared`): all
are submitted to the workers in order, and whenever the next chunk to record is
still being prepared by a worker, this process takes back the last chunk no
worker has started and prepares it itself instead of waiting. So both cores work with a
single worker process (the default on two cores): the worker prepares, this
process records and prepares what the recording leaves it time for. The pool
is used only when it pays: the NER model is on, ``workers`` > 0 and a batch
holds at least :data:`MIN_POOL` letters to prepare (a single new letter is
drafted here at once, without starting processes). A worker that dies or
cannot be reached makes the remaining letters fall back to the one-by-one path
in this process.

Workers are started with ``spawn`` (never ``fork``: the service has threads),
load the model once, and end with the batch run. Each process that prepares
holds spaCy and the model (about 150-180 MB): with one worker, about 350 MB for
the two processes together during a backlog.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from mailpub.errors import MessageError
from mailpub.model import Anonymized, CleanMail, Mail, RawMessage, Rules

if TYPE_CHECKING:
    from mailpub.config import Config
    from mailpub.pipeline import ImportEntry
    from mailpub.state import State

log = logging.getLogger(__name__)

#: Letters per worker task: one ``nlp.pipe`` batch. Larger batches are not faster
#: with this model and raise each worker's peak memory by ~2 MB a letter.
CHUNK = 8
#: Fewer letters to prepare than this in a batch (and no pool running yet): one by one here.
MIN_POOL = 24
#: Environment variable that overrides the number of worker processes (0: none).
WORKERS_ENV = "MAILPUB_WORKERS"


@dataclass(frozen=True, slots=True)
class Prepared:
    """The pure stages' results for one parsed letter (picklable).

    ``error`` is the quarantine reason cleaning or anonymizing gave (then
    ``cleaned``/``anonymized`` may be None); ``anonymized`` is None when the
    cleaned text is empty (the letter is skipped).
    """

    mail: Mail
    cleaned: CleanMail | None = None
    anonymized: Anonymized | None = None
    suspects: tuple[str, ...] = ()
    error: str | None = None


def default_workers(cpu_count: int | None = None) -> int:
    """Worker processes for a backlog: ``$MAILPUB_WORKERS`` when set, else one fewer
    than the cores (this process prepares too), at most 1 (each holds the NER
    model: memory), and 0 on one core (everything in this process, one by one)."""
    value = os.environ.get(WORKERS_ENV, "").strip()
    if value.isdigit():
        return int(value)
    cores = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    return 1 if cores >= 2 else 0


def prepare_many(mails: Sequence[Mail], rules: Rules, ner: bool) -> list[Prepared]:
    """Clean and anonymize ``mails`` (pure; the NER model reads them in one batch).

    Each result is what :func:`mailpub.pipeline.process_message` would compute
    for that letter: a ``MessageError`` becomes ``error`` with its message, any
    other exception ``"internal error while drafting (TypeName)"``. Never raises
    for a letter's content.
    """
    from mailpub.anonymize import ner_text
    from mailpub.anonymize.entities import looks_english
    from mailpub.anonymize.ner import prefetch
    from mailpub.clean import clean_mail

    cleaned: list[CleanMail | str] = []
    for mail in mails:
        try:
            cleaned.append(clean_mail(mail))
        except MessageError as exc:
            cleaned.append(exc.message)
        except Exception as exc:  # noqa: BLE001 - reported as process_message reports it
            cleaned.append(_internal(exc))
    if ner:
        texts = [
            text
            for c in cleaned
            if isinstance(c, CleanMail) and c.text.strip()
            for text in [ner_text(c.subject, c.text)]
            if looks_english(text)
        ]
        try:
            prefetch(texts)
        except Exception:  # each letter meets the failure again, alone
            log.debug("NER batch failed; letters are analysed one by one", exc_info=True)
    return [_prepare_one(mail, c, rules, ner) for mail, c in zip(mails, cleaned, strict=True)]


def _prepare_one(mail: Mail, cleaned: CleanMail | str, rules: Rules, ner: bool) -> Prepared:
    from mailpub.anonymize import anonymize
    from mailpub.anonymize.entities import suspects
    from mailpub.pipeline import sender_identity

    if isinstance(cleaned, str):
        return Prepared(mail, error=cleaned)
    if not cleaned.text.strip():
        return Prepared(mail, cleaned)
    try:
        result = anonymize(
            cleaned.subject,
            cleaned.text,
            identity=sender_identity(mail, cleaned),
            rules=rules,
            ner=ner,
        )
        found = suspects(result.subject + "\n" + result.text, rules.keep)
    except MessageError as exc:
        return Prepared(mail, cleaned, error=exc.message)
    except Exception as exc:  # noqa: BLE001 - reported as process_message reports it
        return Prepared(mail, cleaned, error=_internal(exc))
    return Prepared(mail, cleaned, result, tuple(found))


def _internal(exc: Exception) -> str:
    return f"internal error while drafting ({type(exc).__name__})"


def _warm(ner: bool, parent: int) -> None:
    """Worker initializer: follow the parent, and load the model now while it fetches mail."""
    _exit_with_parent(parent)
    if ner:
        from mailpub.anonymize.ner import load

        with contextlib.suppress(MessageError):  # each letter is quarantined with the reason
            load()


def _exit_with_parent(parent: int) -> None:
    """End this worker when the process that started it is gone (killed, even by SIGKILL),
    so no orphan keeps a copy of the model in memory. The worker only prepares values;
    everything durable is written by the parent, so nothing is lost by ending it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="mailpub-parent-watch", daemon=True).start()


class Drafter:
    """Drafts batches of letters in order; see the module docstring. A context manager.

    ``workers``: worker processes (None: :func:`default_workers`). ``clock``
    gives each letter's draft date, read as the letter is recorded. ``process``
    records one letter (default :func:`mailpub.pipeline.process_message`).
    """

    def __init__(
        self,
        cfg: Config,
        state: State,
        *,
        clock: Callable[[], datetime] | None = None,
        workers: int | None = None,
        process: Callable[..., ImportEntry] | None = None,
    ) -> None:
        self.cfg = cfg
        self.process = process
        self.state = state
        self.clock = clock or (lambda: datetime.now(UTC))
        self.workers = default_workers() if workers is None else max(0, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False
        self.prepared_ahead = 0  # letters whose pure stages ran ahead (worker or here)
        self.prepared_here = 0  # of those, letters prepared by this process

    def __enter__(self) -> Drafter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (they hold no state; nothing is lost)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def draft(self, raws: Sequence[RawMessage]) -> list[ImportEntry]:
        """Decide on and record each of ``raws``, in order; one entry per message.

        Raises only what :func:`mailpub.pipeline.process_message` raises (state
        or drafts-folder errors)."""
        from mailpub.pipeline import process_message

        record = self.process or process_message
        candidates = self._candidates(raws) if self._may_pool() else {}
        if not self._use_pool(len(candidates)):
            candidates = {}
        ahead = self._prepared(list(candidates.values()))
        entries = []
        for index, raw in enumerate(raws):
            prepared = next(ahead) if index in candidates else None
            entry = record(self.cfg, self.state, raw, today=self.clock().date(), prepared=prepared)
            log.debug("%s: %s %s", entry.letter_id, entry.outcome, entry.draft_id or "")
            entries.append(entry)
        return entries

    # -- internals ---------------------------------------------------------------------

    def _may_pool(self) -> bool:
        return self.workers > 0 and self.cfg.anonymize.ner and not self._broken

    def _use_pool(self, count: int) -> bool:
        return count > 0 and (self._pool is not None or count >= MIN_POOL)

    def _candidates(self, raws: Sequence[RawMessage]) -> dict[int, Mail]:
        """Letters (by index) that will reach cleaning and anonymizing."""
        from mailpub.parse import parse_message
        from mailpub.pipeline import _skip_reason

        out: dict[int, Mail] = {}
        for index, raw in enumerate(raws):
            if raw.data is None:
                continue
            try:
                mail = parse_message(raw.data)
            except MessageError:
                continue
            if self.state.find_same_letter(mail.message_id, mail.text_hash) is not None:
                continue
            if _skip_reason(self.cfg, raw.data, mail.sender_address):
                continue
            out[index] = mail
        return out

    def _prepared(self, mails: list[Mail]) -> Iterator[Prepared | None]:
        """The prepared letters in order (None: prepare here, one by one).

        Every chunk is submitted to the workers, in order. While the chunk to
        record next is still with them, this process takes back the last chunk
        they have not started (``Future.cancel``) and prepares it itself."""
        if not mails:
            return iter(())
        rules, ner = self.cfg.rules(), self.cfg.anonymize.ner
        chunks = [mails[i : i + CHUNK] for i in range(0, len(mails), CHUNK)]
        futures: list[Future[list[Prepared]]] = []
        try:
            pool = self._start()
            futures = [pool.submit(prepare_many, chunk, rules, ner) for chunk in chunks]
        except Exception:  # no pool: the one-by-one path still works
            log.warning("worker processes unavailable; drafting in this process", exc_info=True)
            self._give_up()
        return self._collect(chunks, futures, rules, ner)

    def _collect(
        self,
        chunks: Sequence[Sequence[Mail]],
        futures: Sequence[Future[list[Prepared]]],
        rules: Rules,
        ner: bool,
    ) -> Iterator[Prepared | None]:
        here: dict[int, Sequence[Prepared | None]] = {}
        free = len(futures)  # chunks from here on were taken back and prepared here
        for index, chunk in enumerate(chunks):
            results: Sequence[Prepared | None]
            if index in here:
                results = here.pop(index)
            elif self._broken or index >= len(futures):
                results = [None] * len(chunk)
            else:
                future = futures[index]
                while not future.done() and free - 1 > index and not self._broken:
                    if not futures[free - 1].cancel():  # started or queued: nothing to take
                        break
                    free -= 1
                    here[free] = self._prepare_here(chunks[free], rules, ner)
                results = self._result(future, len(chunk))
            if len(results) != len(chunk):  # defensive: never pair a letter with another's
                results = [None] * len(chunk)
            self.prepared_ahead += sum(1 for r in results if r is not None)
            yield from results

    def _prepare_here(
        self, chunk: Sequence[Mail], rules: Rules, ner: bool
    ) -> Sequence[Prepared | None]:
        try:
            prepared = prepare_many(chunk, rules, ner)
        except Exception:  # never for a letter's content; the one-by-one path decides
            log.warning("preparing letters ahead failed; drafting one by one", exc_info=True)
            return [None] * len(chunk)
        self.prepared_here += len(prepared)
        return prepared

    def _result(self, future: Future[list[Prepared]], size: int) -> Sequence[Prepared | None]:
        if self._broken and not future.done():
            return [None] * size
        try:
            return future.result()
        except Exception:  # a dead worker (or a cancelled task): fall back for what is left
            log.warning("a worker process failed; drafting in this process", exc_info=True)
            self._give_up()
            return [None] * size

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm,
                initargs=(self.cfg.anonymize.ner, os.getpid()),
            )
        return self._pool

    def _give_up(self) -> None:
        self._broken = True
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def draft_all(
    cfg: Config,
    state: State,
    messages: Iterable[RawMessage],
    *,
    clock: Callable[[], datetime] | None = None,
    batch: int = 100,
    workers: int | None = None,
) -> list[ImportEntry]:
    """Draft a stream of messages ``batch`` at a time (see :class:`Drafter`)."""
    entries: list[ImportEntry] = []
    pending: list[RawMessage] = []
    with Drafter(cfg, state, clock=clock, workers=workers) as drafter:
        for raw in messages:
            pending.append(raw)
            if len(pending) >= batch:
                entries += drafter.draft(pending)
                pending = []
        if pending:
            entries += drafter.draft(pending)
    return entries

"""Backlog scenario for ``benchmarks/run.py`` (issue 8): speed, memory and large letters.

Against a Dovecot started by the caller (tests/dovecot.py):

* a backlog of N letters (150–400 words, 10% HTML-only, 4% with a 200 kB
  attachment, and ``large`` letters with a 20 MiB attachment spread through it)
  drafted end to end by a child ``mailpub poll --json`` process, while the
  resident memory of that process and its children (the worker pool) is
  sampled from /proc every 20 ms;
* the same messages fetched by a plain imapclient batched ``BODY.PEEK[]``
  (the floor for the fetch part);
* the anonymizer alone (``anonymize()`` with the NER model, one call per
  letter, one core) on the same cleaned texts;
* the large letters polled on their own, in this process, counting the bytes
  the server sends for each (its share of the batched header fetch and of the
  batched BODYSTRUCTURE and text-part fetches) against the size of its header
  and text parts (with their MIME headers) as stored.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LARGE_BYTES = 20 * 2**20


def backlog_messages(count: int, large: int) -> list[tuple[int, bool]]:
    """(letter index, is large) in folder order: ``large`` big ones spread evenly."""
    step = max(1, count // max(large, 1))
    out = []
    for position in range(count):
        is_large = large > 0 and position % step == step // 2 and position // step < large
        out.append((position, is_large))
    return out


def make_letter(index: int, is_large: bool) -> bytes:
    from benchmarks.letters import letter

    if is_large:
        return letter(index, html=(index % 10 == 3), attachment_bytes=LARGE_BYTES)
    return letter(index, html=(index % 10 == 3), attachment_bytes=200_000 if index % 25 == 7 else 0)


def text_size(message: bytes) -> tuple[int, int]:
    """(header + text parts with their MIME headers, text part bodies only), as stored."""
    head_end = message.find(b"\n\n")
    header = message[: head_end + 2] if head_end >= 0 else message
    msg = email.message_from_bytes(message, policy=email.policy.compat32)
    bodies = mime = 0
    for part in msg.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        if part.get_content_disposition() == "attachment":
            continue
        payload = part.get_payload()
        bodies += len(payload.encode() if isinstance(payload, str) else payload)
        mime += sum(len(k) + len(str(v)) + 4 for k, v in part.items())
    return len(header) + mime + bodies, bodies


class TreeSampler:
    """Samples the summed resident memory of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self.peak_procs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo += children.get(pid, [])
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            total, procs = 0, 0
            for pid in self._tree():
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                            procs += 1
                            break
                except OSError:
                    continue
            if total > self.peak_kib:
                self.peak_kib, self.peak_procs = total, procs
            self._stop.wait(self.interval)


def anonymizer_alone(indices: list[tuple[int, bool]], limit: int = 400) -> dict[str, float]:
    """anonymize() with NER, one letter per call, one core, on the backlog's texts."""
    from mailpub.anonymize import anonymize
    from mailpub.anonymize.ner import load
    from mailpub.clean import clean_mail
    from mailpub.model import Rules
    from mailpub.parse import parse_message
    from mailpub.pipeline import sender_identity

    load()
    sample = [i for i, big in indices if not big][:limit]
    prepared = []
    for index in sample:
        mail = parse_message(make_letter(index, False))
        prepared.append((mail, clean_mail(mail)))
    rules = Rules(author_names=("Boris",))
    start = time.perf_counter()
    for mail, cleaned in prepared:
        anonymize(cleaned.subject, cleaned.text, identity=sender_identity(mail, cleaned),
                  rules=rules, ner=True)  # fmt: skip
    seconds = time.perf_counter() - start
    return {"letters": len(prepared), "per_second": len(prepared) / seconds}


def bench_backlog(dv: Any, backlog: int = 2000, large: int = 20) -> dict[str, Any]:
    """Run the scenario against the running Dovecot ``dv``; see the module docstring."""
    from imapclient import IMAPClient

    out: dict[str, Any] = {"backlog": backlog, "large": large}
    order = backlog_messages(backlog, large)
    user, password = dv.add_user()
    total = 0
    for first in range(0, len(order), 50):
        chunk = [make_letter(i, big) for i, big in order[first : first + 50]]
        total += sum(len(m) for m in chunk)
        dv.append(user, chunk)
    out["backlog_mib"] = total / 2**20

    client = IMAPClient("127.0.0.1", port=dv.port, ssl=False, timeout=60)
    client.login(user, password)
    start = time.perf_counter()
    client.select_folder("INBOX", readonly=True)
    uids = client.search(["ALL"])
    fetched = 0
    for first in range(0, len(uids), 100):
        fetched += len(client.fetch(uids[first : first + 100], [b"BODY.PEEK[]"]))
    out["raw_fetch_seconds"] = time.perf_counter() - start
    client.logout()
    assert fetched == backlog
    out["raw_fetch_per_second"] = backlog / out["raw_fetch_seconds"]

    with tempfile.TemporaryDirectory(prefix="mailpub-bench-backlog-") as tmp:
        work = Path(tmp)
        config = work / "config.yaml"
        config.write_text(yaml.safe_dump({
            "paths": {"drafts": str(work / "drafts"), "state": str(work / "state")},
            "author": {"name": "Boris"},
            "imap": {"host": "127.0.0.1", "port": dv.port, "security": "none",
                     "username": user, "password_env": "BENCH_PW"},
            "limits": {"max_message_bytes": "64MB"},
        }))  # fmt: skip
        env = {**os.environ, "BENCH_PW": password}
        env.pop("MAILPUB_WORKERS", None)
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "mailpub", "--config", str(config), "poll", "--json"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        with TreeSampler(proc.pid) as sampler:
            stdout, stderr = proc.communicate()
        out["poll_seconds"] = time.perf_counter() - start
        if proc.returncode not in (0, 3):
            raise RuntimeError(f"mailpub poll failed ({proc.returncode}): {stderr[-800:]!r}")
        entries = json.loads(stdout)
        outcomes: dict[str, int] = {}
        for entry in entries:
            outcomes[entry["outcome"]] = outcomes.get(entry["outcome"], 0) + 1
        out["poll_outcomes"] = outcomes
        out["poll_per_second"] = backlog / out["poll_seconds"]
        out["peak_rss_mib"] = sampler.peak_kib / 1024
        out["peak_processes"] = sampler.peak_procs
    out["anonymizer"] = anonymizer_alone(order)
    out["large_bytes"] = large_letter_bytes(dv, order)
    return out


@contextlib.contextmanager
def _shared_out(session: Any, uids: Any, into: dict[int, int]) -> Iterator[None]:
    """Add to ``into[uid]`` the bytes received for ``uid`` by the batched FETCH
    commands run inside: each message's own ``BODY[...]`` literals, plus an even
    share of the rest (responses' framing, BODYSTRUCTURE, tagged replies)."""
    own: dict[int, int] = {}
    real_fetch = session.client.fetch

    def fetch(*args: Any, **kwargs: Any) -> Any:
        response = real_fetch(*args, **kwargs)
        for uid, data in response.items():
            own[int(uid)] = own.get(int(uid), 0) + sum(
                len(value) for key, value in data.items()
                if key.startswith(b"BODY[") and isinstance(value, bytes)
            )  # fmt: skip
        return response

    before = session.bytes_received
    session.client.fetch = fetch
    try:
        yield
    finally:
        session.client.fetch = real_fetch
        spent = session.bytes_received - before
        share = (spent - sum(own.values())) // max(len(uids), 1)
        for uid in uids:
            into[uid] = into.get(uid, 0) + own.get(uid, 0) + share


def large_letter_bytes(dv: Any, order: list[tuple[int, bool]]) -> dict[str, Any]:
    """Poll only the large letters, in this process; bytes received per letter."""
    from mailpub.config import parse_config
    from mailpub.imap import ImapSession
    from mailpub.poll import poll

    big = [i for i, is_large in order if is_large]
    if not big:
        return {}
    user, password = dv.add_user()
    letters = [make_letter(i, True) for i in big]
    for message in letters:
        dv.append(user, [message])
    sizes = [text_size(m) for m in letters]
    stored = sum(len(m) for m in letters)
    del letters
    per_uid: dict[int, int] = {}
    headers: dict[int, int] = {}
    real_texts_only, real_summaries = ImapSession.texts_only, ImapSession.summaries

    def texts_only(self: ImapSession, uids: Any, known: Any = None) -> dict[int, bytes]:
        with _shared_out(self, uids, per_uid):  # the batched structure and text-part fetches
            return real_texts_only(self, uids, known)

    def summaries(self: ImapSession, uids: Any) -> Any:
        with _shared_out(self, uids, headers):  # the batched header fetch
            return real_summaries(self, uids)

    with tempfile.TemporaryDirectory(prefix="mailpub-bench-large-") as tmp:
        work = Path(tmp)
        cfg = parse_config(
            {
                "paths": {"drafts": str(work / "drafts"), "state": str(work / "state")},
                "author": {"name": "Boris"},
                "imap": {
                    "host": "127.0.0.1",
                    "port": dv.port,
                    "security": "none",
                    "username": user,
                    "password_env": "BENCH_PW",
                },
                "anonymize": {"ner": False},
                "limits": {"max_message_bytes": "64MB"},
            },
            base_dir=work,
            env={},
            source=None,
        )
        ImapSession.texts_only = texts_only  # type: ignore[method-assign]
        ImapSession.summaries = summaries  # type: ignore[method-assign]
        try:
            result = poll(cfg, env={"BENCH_PW": password})
        finally:
            ImapSession.texts_only = real_texts_only  # type: ignore[method-assign]
            ImapSession.summaries = real_summaries  # type: ignore[method-assign]
    drafted = sum(1 for e in result.entries if str(e.outcome) == "drafted")
    fetched_parts = sum(per_uid.values())
    fetched_all = fetched_parts + sum(headers.get(uid, 0) for uid in per_uid)
    with_headers = sum(s[0] for s in sizes)
    bodies = sum(s[1] for s in sizes)
    ratios = [
        (per_uid[uid] + headers.get(uid, 0)) / size[0]
        for uid, size in zip(sorted(per_uid), sizes, strict=False)
    ]
    return {
        "letters": len(big),
        "drafted": drafted,
        "stored_mib": stored / 2**20,
        "fetched": fetched_all,
        "fetched_parts": fetched_parts,
        "text_with_headers": with_headers,
        "text_bodies": bodies,
        "ratio": fetched_all / with_headers,
        "ratio_worst": max(ratios) if ratios else 0.0,
        "ratio_bodies": fetched_parts / max(bodies, 1),
        "median_letter_bytes": statistics.median(per_uid.values()) if per_uid else 0,
    }

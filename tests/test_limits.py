"""Limits (issue 7, point 2): huge headers, endless MIME nesting, too-large messages.

Every case runs a real ``mailpub import --json`` child process; its wall time
and peak resident set size (``os.wait4``: the child and the workers it waited
for) are measured. Messages are generated here, written as bytes, never parsed
by the test itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

MB = 2**20
OUTCOMES = {"drafted", "duplicate", "skipped", "quarantined"}
HEAD = (
    b"From: Dana <dana@example.com>\r\nTo: boris@example.org\r\n"
    b"Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
)
BODY = b"Hello Boris, should I leave my job for a better paid one? I am unsure.\r\n"


@dataclass
class Run:
    code: int
    entries: list[dict[str, Any]]
    stderr: str
    seconds: float
    peak_rss_mb: float


def import_json(tmp: Path, target: Path, extra: str = "") -> Run:
    """Run ``mailpub import --json target`` as a child; time it and read its peak RSS."""
    config = tmp / "config.yaml"
    config.write_text(
        "paths:\n  drafts: drafts\n  state: state\n"
        "author:\n  name: Boris\n  addresses: [boris@example.org]\n" + extra
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MAILPUB_CONFIG", None)
    out, err, rss = tmp / "stdout", tmp / "stderr", tmp / "peak_rss_kb"
    command = [sys.executable, "-m", "mailpub", "--config", str(config), "import", "--json"]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURE, str(rss), *command, str(target)],
            cwd=tmp,
            env=env,
            stdout=stdout,
            stderr=stderr,
            check=False,
        )
        seconds = time.monotonic() - start
    text = out.read_text(encoding="utf-8")
    return Run(
        code=proc.returncode,
        entries=json.loads(text) if text.strip() else [],
        stderr=err.read_text(encoding="utf-8", errors="replace"),
        seconds=seconds,
        peak_rss_mb=int(rss.read_text()) / 1024,  # Linux: kilobytes
    )


# Linux carries a process's peak RSS over fork and exec: a child started by pytest
# would report pytest's own size. A small wrapper starts the import instead and
# reads the import's peak (with the workers it waited for) from wait4.
_MEASURE = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


# ------------------------------------------------------------------ generated hostile messages


def _headers(message_id: str, subject: bytes = b"A question") -> bytes:
    return HEAD + b"Subject: " + subject + b"\r\nMessage-ID: <" + message_id.encode() + b">\r\n"


def huge_folded_header() -> bytes:
    """10 MB in one folded header (X-Junk), then a plain body."""
    fold = b" " + b"b" * 76 + b"\r\n"
    junk = b"X-Junk: start\r\n" + fold * (10 * MB // len(fold))
    return _headers("folded@example.com") + junk + b"Content-Type: text/plain\r\n\r\n" + BODY


def huge_line_header() -> bytes:
    """10 MB in one header on one line."""
    junk = b"X-Junk: " + b"c" * (10 * MB) + b"\r\n"
    return _headers("line@example.com") + junk + b"Content-Type: text/plain\r\n\r\n" + BODY


def huge_subject() -> bytes:
    """A 10 MB Subject (folded encoded words): what reaches titles and file names."""
    word = b" =?utf-8?q?Big_subject?=\r\n"
    subject = b"Help" + b"\r\n" + word * (10 * MB // len(word))
    return _headers("subject@example.com", subject) + b"Content-Type: text/plain\r\n\r\n" + BODY


def deep_multipart(depth: int = 10_000, *, closed: bool = True) -> bytes:
    """``depth`` nested multipart/mixed parts; ``closed=False``: no closing boundary ever."""
    out = [_headers(f"deep{int(closed)}@example.com")]
    out.append(b'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n')
    for i in range(1, depth):
        out.append(f'--b{i - 1}\r\nContent-Type: multipart/mixed; boundary="b{i}"\r\n\r\n'.encode())
    out.append(f"--b{depth - 1}\r\nContent-Type: text/plain\r\n\r\n".encode() + BODY)
    if closed:
        out.extend(f"--b{i}--\r\n".encode() for i in range(depth - 1, -1, -1))
    return b"".join(out)


def deep_rfc822(depth: int = 10_000) -> bytes:
    """``depth`` messages each attached (message/rfc822) inside the one before."""
    out = [_headers("rfc822@example.com")]
    for _ in range(depth):
        out.append(b"Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n")
    out.append(b"Content-Type: text/plain\r\n\r\n" + BODY)
    return b"".join(out)


CASES = {
    "10 MB folded header": huge_folded_header,
    "10 MB header on one line": huge_line_header,
    "10 MB subject": huge_subject,
    "10,000-level multipart nesting": deep_multipart,
    "10,000-level nesting, never closed": lambda: deep_multipart(closed=False),
    "10,000-level message/rfc822 nesting": deep_rfc822,
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_structure_finishes_in_bounded_time_and_memory(case: str, tmp_path: Path) -> None:
    data = CASES[case]()
    assert len(data) > 400_000  # really generated big or deep
    target = tmp_path / "in.eml"
    target.write_bytes(data)
    run = import_json(tmp_path, target)
    assert run.code in (0, 3), run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    [entry] = run.entries
    assert entry["outcome"] in OUTCOMES
    if entry["outcome"] in ("skipped", "quarantined"):
        assert entry["reason"], entry
    assert run.seconds < 20, f"{case}: {run.seconds:.1f} s"
    assert run.peak_rss_mb < 600, f"{case}: {run.peak_rss_mb:.0f} MB"
    for draft in (tmp_path / "drafts").glob("*.md"):
        assert draft.stat().st_size < 200_000  # no megabytes of header in a draft
        assert len(draft.name.encode()) <= 100
    print(
        f"{case}: {entry['outcome']} {entry['reason'] or ''} in {run.seconds:.1f} s,"
        f" peak RSS {run.peak_rss_mb:.0f} MB"
    )


# ------------------------------------------------------------------ too large: never read whole

HUGE = 60 * MB
LIMIT = "limits:\n  max_message_bytes: 25MiB\nanonymize:\n  ner: off\n"
SMALL = (
    b"From: Eve <eve@example.com>\nTo: boris@example.org\nSubject: Small one\n"
    b"Message-ID: <small@example.com>\n\nHello Boris, is it fine to ask my boss for a raise?\n"
)


def _write_huge(handle: Any, *, one_line: bool) -> None:
    handle.write(_headers("huge@example.com") + b"Content-Type: text/plain\r\n\r\n")
    if one_line:
        handle.write(b"y" * HUGE + b"\n")
        return
    line = b"x" * 76 + b"\n"
    block = line * (MB // len(line))
    for _ in range(HUGE // len(block) + 1):
        handle.write(block)


def _baseline(tmp: Path) -> float:
    """Peak RSS of the same import of one small letter (the interpreter and mailpub)."""
    folder = tmp / "baseline"
    folder.mkdir()
    (folder / "small.eml").write_bytes(SMALL)
    run = import_json(folder, folder / "small.eml", LIMIT)
    assert run.code == 0 and run.entries[0]["outcome"] == "drafted", run.stderr[-2000:]
    return run.peak_rss_mb


@pytest.mark.parametrize("layout", ["file", "mbox", "mbox, one 60 MB line"])
def test_too_large_is_quarantined_without_reading_it_whole(layout: str, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    if layout == "file":
        target = work / "huge.eml"
        with target.open("wb") as handle:
            _write_huge(handle, one_line=False)
    else:
        target = work / "box.mbox"
        with target.open("wb") as handle:
            handle.write(b"From dana@example.com Mon Jan  1 00:00:00 2024\n")
            _write_huge(handle, one_line=layout != "mbox")
            handle.write(b"\nFrom eve@example.com Mon Jan  1 00:01:00 2024\n" + SMALL + b"\n")
    assert target.stat().st_size > HUGE
    run = import_json(work, target, LIMIT)
    assert run.code == 3, run.stderr[-2000:]  # 3: something was quarantined
    assert "Traceback" not in run.stderr
    huge = run.entries[0]
    assert huge["outcome"] == "quarantined"
    assert huge["reason"].startswith("too large:") and "max_message_bytes" in huge["reason"]
    if layout != "file":  # the splitter goes on after it: the next letter is drafted
        assert [e["source"].rsplit("#", 1)[1] for e in run.entries] == ["1", "2"]
        assert run.entries[1]["outcome"] == "drafted", run.entries
    else:
        assert huge["source"].endswith("huge.eml")
    # never stored either: there is no copy of it in the quarantine folder
    assert not list((work / "state" / "quarantine").glob("*.eml"))
    base = _baseline(tmp_path)
    print(f"{layout}: peak RSS {run.peak_rss_mb:.0f} MB, baseline {base:.0f} MB")
    assert run.peak_rss_mb < 200
    # Reading the 60 MB message whole would add at least 60 MB; the mbox splitter
    # keeps at most the limit (25 MB) of one message before it knows it is too large.
    assert run.peak_rss_mb - base < 50, (run.peak_rss_mb, base)

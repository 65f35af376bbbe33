"""Intake from local files: single messages, mbox files and Maildir folders.

This module only reads files; it never parses MIME beyond splitting an mbox.
Each message becomes a :class:`~mailpub.model.RawMessage` whose ``source`` is
what reports show: the path as given, ``path#N`` for the Nth message of an
mbox (counted from 1), or the message's own file inside a Maildir.

A message larger than ``max_bytes`` is not read into memory: it is yielded
with ``data=None`` and an ``error`` saying it is too large, so the pipeline
quarantines it. Unreadable files are yielded the same way; nothing is dropped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from mailpub.model import RawMessage

MAILDIR_SUBDIRS = ("cur", "new")
_PROBE_BYTES = 4096
_LINE_CHUNK = 1 << 16  # an mbox is read in pieces of at most this size, even one huge line


def too_large_reason(size: int, limit: int) -> str:
    return f"too large: {size} bytes is over limits.max_message_bytes ({limit} bytes)"


def iter_messages(paths: list[str], *, max_bytes: int) -> Iterator[RawMessage]:
    """Yield every message found under ``paths`` in a stable order.

    A folder is taken as a Maildir when it has ``cur``/``new`` subfolders,
    otherwise every regular file below it (sorted, hidden files skipped) is
    read as a message or an mbox. A path that does not exist yields one
    quarantine entry naming the problem.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            if any((path / sub).is_dir() for sub in MAILDIR_SUBDIRS):
                yield from _iter_maildir(path, max_bytes)
            else:
                for child in sorted(p for p in path.rglob("*") if p.is_file()):
                    if any(part.startswith(".") for part in child.relative_to(path).parts):
                        continue
                    yield from _iter_file(str(child), max_bytes)
        elif path.exists():
            yield from _iter_file(given, max_bytes)
        else:
            yield RawMessage(given, None, "cannot read: no such file or folder")


def _iter_maildir(path: Path, max_bytes: int) -> Iterator[RawMessage]:
    for sub in MAILDIR_SUBDIRS:
        folder = path / sub
        if not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            if child.is_file() and not child.name.startswith("."):
                yield _read_one(str(child), max_bytes)


def _iter_file(given: str, max_bytes: int) -> Iterator[RawMessage]:
    try:
        with open(given, "rb") as handle:
            head = handle.read(_PROBE_BYTES)
    except OSError as exc:
        yield RawMessage(given, None, f"cannot read: {exc.strerror or exc}")
        return
    if is_mbox(head):
        yield from _iter_mbox(given, max_bytes)
    else:
        yield _read_one(given, max_bytes)


def is_mbox(head: bytes) -> bool:
    """True when a file starts with an mbox ``From `` separator line."""
    stripped = head.lstrip(b"\r\n")
    if not stripped.startswith(b"From "):
        return False
    first_line = stripped.split(b"\n", 1)[0]
    # "From alice@example.com Mon Jan  1 00:00:00 2024" has no colon after "From";
    # a header line "From: ..." would have been caught by startswith above.
    return b":" not in first_line[:5] and len(first_line.split()) >= 2


def _read_one(given: str, max_bytes: int) -> RawMessage:
    try:
        size = os.stat(given).st_size
        if size > max_bytes:
            return RawMessage(given, None, too_large_reason(size, max_bytes))
        with open(given, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return RawMessage(given, None, f"cannot read: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return RawMessage(given, None, too_large_reason(len(data), max_bytes))
    return RawMessage(given, data)


def _iter_mbox(given: str, max_bytes: int) -> Iterator[RawMessage]:
    """Split an mbox (mboxrd/mboxo) streaming, one message at a time.

    Lines starting with ``From `` after a blank line (or at the start) begin a
    new message; ``>From `` quoting is undone. A message over ``max_bytes`` is
    skipped over without being kept in memory.
    """
    number = 0
    chunks: list[bytes] = []
    size = 0
    over = False
    previous_blank = True
    at_line_start = True  # False while reading the rest of a line longer than _LINE_CHUNK
    in_separator = False  # reading the rest of a long "From " separator line
    try:
        handle = open(given, "rb")  # noqa: SIM115 - closed in finally, generator-friendly
    except OSError as exc:
        yield RawMessage(given, None, f"cannot read: {exc.strerror or exc}")
        return
    try:
        for line in iter(lambda: handle.readline(_LINE_CHUNK), b""):
            starts_line, at_line_start = at_line_start, line.endswith(b"\n")
            if not starts_line:  # the rest of a long line: never a separator, never quoted
                previous_blank = False
                if in_separator:
                    continue
                size += len(line)
                if size > max_bytes:
                    over, chunks = True, []
                elif not over and number:
                    chunks.append(line)
                continue
            in_separator = False
            if line.startswith(b"From ") and previous_blank:
                in_separator = True
                if number:
                    yield _mbox_entry(given, number, chunks, size, over, max_bytes)
                number += 1
                chunks, size, over = [], 0, False
                previous_blank = False
                continue
            previous_blank = line in (b"\n", b"\r\n")
            if number == 0:
                continue
            if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
                line = line[1:]
            size += len(line)
            if size > max_bytes:
                over = True
                chunks = []
            elif not over:
                chunks.append(line)
        if number:
            yield _mbox_entry(given, number, chunks, size, over, max_bytes)
    except OSError as exc:
        yield RawMessage(f"{given}#{number + 1}", None, f"cannot read: {exc.strerror or exc}")
    finally:
        handle.close()


def _mbox_entry(
    given: str, number: int, chunks: list[bytes], size: int, over: bool, max_bytes: int
) -> RawMessage:
    source = f"{given}#{number}"
    if over:
        return RawMessage(source, None, too_large_reason(size, max_bytes))
    data = b"".join(chunks)
    # The blank line before the next separator belongs to the mbox format.
    if data.endswith(b"\r\n\r\n"):
        data = data[:-2]
    elif data.endswith(b"\n\n"):
        data = data[:-1]
    return RawMessage(source, data)

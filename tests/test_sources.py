"""File intake: single files, mbox (streamed) and Maildir folders."""

from __future__ import annotations

from pathlib import Path

from mailpub.sources import is_mbox, iter_messages

MSG = b"From: a@example.com\nSubject: s%d\nMessage-ID: <m%d@x>\n\nbody %d\n"


def test_single_file_any_name(tmp_path: Path) -> None:
    path = tmp_path / "letter"  # no extension
    path.write_bytes(MSG % (1, 1, 1))
    messages = list(iter_messages([str(path)], max_bytes=10_000))
    assert [(m.source, m.data) for m in messages] == [(str(path), MSG % (1, 1, 1))]


def test_mbox_numbered_from_one_and_unquoted(tmp_path: Path) -> None:
    body = b"".join(
        b"From sender@example.com Mon Jan  1 00:00:00 2024\n" + (MSG % (i, i, i)) + b"\n"
        for i in range(1, 4)
    )
    body += b"From sender@example.com Mon Jan  1 00:00:00 2024\nSubject: q\n\n>From here\n\n"
    path = tmp_path / "box.mbox"
    path.write_bytes(body)
    messages = list(iter_messages([str(path)], max_bytes=10_000))
    assert [m.source for m in messages] == [f"{path}#{i}" for i in range(1, 5)]
    assert messages[0].data == MSG % (1, 1, 1)
    assert messages[3].data is not None and b"\nFrom here\n" in messages[3].data


def test_mbox_large_message_not_held(tmp_path: Path) -> None:
    big = b"From x Mon Jan  1 00:00:00 2024\nSubject: big\n\n" + b"a" * 5000 + b"\n\n"
    small = b"From x Mon Jan  1 00:00:00 2024\n" + MSG % (2, 2, 2) + b"\n"
    path = tmp_path / "box"
    path.write_bytes(big + small)
    first, second = iter_messages([str(path)], max_bytes=1000)
    assert first.data is None and first.error is not None and first.error.startswith("too large")
    assert second.data == MSG % (2, 2, 2)


def test_maildir_uses_message_files(tmp_path: Path) -> None:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "new" / "1.host").write_bytes(MSG % (1, 1, 1))
    (tmp_path / "cur" / "2.host:2,S").write_bytes(MSG % (2, 2, 2))
    (tmp_path / "tmp" / "3.host").write_bytes(MSG % (3, 3, 3))
    sources = [m.source for m in iter_messages([str(tmp_path)], max_bytes=10_000)]
    assert sources == [str(tmp_path / "cur" / "2.host:2,S"), str(tmp_path / "new" / "1.host")]


def test_missing_and_too_large_are_reported_not_dropped(tmp_path: Path) -> None:
    big = tmp_path / "big.eml"
    big.write_bytes(b"x" * 2000)
    messages = list(iter_messages([str(tmp_path / "nope.eml"), str(big)], max_bytes=1000))
    assert [m.data for m in messages] == [None, None]
    assert messages[0].error is not None and "no such file" in messages[0].error
    assert messages[1].error is not None and "too large" in messages[1].error


def test_is_mbox() -> None:
    assert is_mbox(b"From a@b.c Sat Jan  3 01:05:34 1996\nSubject: x\n")
    assert not is_mbox(b"From: a@b.c\nSubject: x\n")
    assert not is_mbox(b"Subject: x\n")

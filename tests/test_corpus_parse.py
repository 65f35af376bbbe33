"""Robustness over the group A corpora: every profiled message parses or raises ParseError.

The messages are only read as bytes and handed to ``parse_message``; attachments
are never extracted, written or run (some messages are real spam).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from benchmarks.corpus_report import GROUP_A
from mailpub.errors import ParseError
from mailpub.model import Mail
from mailpub.parse import parse_message
from tests.corpora import corpora_dir

TIME_BOUND = 2.0  # seconds per message


def _profiled(corpora: Path) -> list[Path]:
    files: list[Path] = []
    for source in GROUP_A:
        profile = corpora / source / "PROFILE.json"
        assert profile.is_file(), f"{profile} missing"
        names = json.loads(profile.read_text("utf-8"))["files"]
        files.extend(corpora / source / name for name in names)
    return files


def test_every_profiled_message_parses_or_raises_parse_error() -> None:
    corpora = corpora_dir()
    files = _profiled(corpora)
    assert len(files) >= 300, "the group A profiles list about 308 messages"
    parsed = 0
    problems: list[str] = []
    for path in files:
        data = path.read_bytes()
        started = time.perf_counter()
        try:
            mail = parse_message(data)
        except ParseError as exc:
            assert str(exc), path
        except Exception as exc:  # noqa: BLE001 - collect every contract breach, then fail
            problems.append(f"{path.relative_to(corpora)}: {type(exc).__name__}")
        else:
            assert isinstance(mail, Mail)
            assert mail.text.strip() and "\r" not in mail.text and "\x00" not in mail.text
            parsed += 1
        elapsed = time.perf_counter() - started
        if elapsed > TIME_BOUND:
            problems.append(f"{path.relative_to(corpora)}: took {elapsed:.1f}s")
    assert not problems, problems
    # most of the corpus has a readable body; a collapse here means a parser regression
    assert parsed >= 0.8 * len(files)


@pytest.mark.parametrize(
    ("relative", "subject"),
    [
        ("mailgun-flanker/messages/enclosed-endless.eml", "Wow"),
        ("mailgun-flanker/messages/long-header.eml", None),
    ],
)
def test_pathological_messages_are_fast(relative: str, subject: str | None) -> None:
    path = corpora_dir() / relative
    started = time.perf_counter()
    try:
        mail = parse_message(path.read_bytes())
    except ParseError:
        mail = None
    assert time.perf_counter() - started < TIME_BOUND
    if mail is not None and subject is not None:
        assert mail.subject == subject


def test_text_inside_forwarded_rfc822_is_used() -> None:
    # php-mime-mail-parser issue158c: the only text lives in an attached message/rfc822
    path = corpora_dir() / "php-mime-mail-parser" / "mails" / "issue158c"
    mail = parse_message(path.read_bytes())
    assert mail.text.strip() == "An RFC822 forward of a PLAIN TEXT message with a plain-text body."


def test_odd_charsets_decode() -> None:
    corpora = corpora_dir()
    path = corpora / "zbateson-mail-mime-parser" / "emails" / "invalid-charset.txt"
    mail = parse_message(path.read_bytes())
    assert any("invalid-charset" in note for note in mail.notes)
    subject = parse_message((corpora / "php-mime-mail-parser/mails/issue116").read_bytes()).subject
    assert subject.startswith("ЖД") and subject.endswith("от 28.09.2016")

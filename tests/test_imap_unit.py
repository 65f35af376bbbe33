"""Pure parts of the IMAP intake: protocol values, header rules, the UID record, config keys."""

from __future__ import annotations

import email
import email.policy
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from imapclient.response_parser import parse_fetch_response

from mailpub.config import Config, FiltersConfig, parse_config
from mailpub.errors import ConfigError, ImapProtocolError
from mailpub.imap import (
    TextPart,
    assemble_parts,
    imap_url,
    keeps_keywords,
    new_uids,
    parse_select,
    search_criteria,
    text_parts,
)
from mailpub.imap_state import Decided, ImapState
from mailpub.intake_filters import automatic_reason, filter_reason, parse_header, skip_reason

# --------------------------------------------------------------------------- protocol values


def test_imap_url_encodes_user_and_folder() -> None:
    assert (
        imap_url("advice@example.com", "imap.example.com", 993, "Letters/2024 Q1", 7, 42)
        == "imap://advice%40example.com@imap.example.com:993/Letters/2024%20Q1;UIDVALIDITY=7/;UID=42"
    )
    assert imap_url("bob", "h", 143, "INBOX", 1, 2) == "imap://bob@h/INBOX;UIDVALIDITY=1/;UID=2"


def test_parse_select() -> None:
    status = parse_select(
        {
            b"UIDVALIDITY": 17,
            b"UIDNEXT": 5,
            b"EXISTS": 4,
            b"PERMANENTFLAGS": (b"\\Seen", b"\\*"),
            b"READ-WRITE": True,
        }
    )
    assert (status.uidvalidity, status.uidnext, status.exists) == (17, 5, 4)
    assert status.permanent_flags == ("\\Seen", "\\*") and not status.read_only
    assert parse_select({b"UIDVALIDITY": 1}).uidnext is None
    with pytest.raises(ImapProtocolError, match="UIDVALIDITY"):
        parse_select({b"EXISTS": 3})


@pytest.mark.parametrize(
    ("flags", "kept"),
    [
        (("\\Seen", "\\*"), True),
        (("\\Seen", "$mailpubdrafted"), True),
        (("\\Seen", "\\Deleted"), False),  # e.g. Microsoft 365
        ((), False),
    ],
)
def test_keeps_keywords(flags: tuple[str, ...], kept: bool) -> None:
    assert keeps_keywords(flags, "$MailpubDrafted") is kept


def test_new_uids_drops_the_star_quirk() -> None:
    assert new_uids([5], 5) == []  # UID 6:* answers the highest UID even when it is 5
    assert new_uids([9, 7, 8, 7], 6) == [7, 8, 9]


def test_search_criteria() -> None:
    assert search_criteria(0, None) == ["UID", "1:*"]
    assert search_criteria(41, date(2024, 5, 1)) == ["UID", "42:*", "SINCE", date(2024, 5, 1)]


def _structure(text: bytes) -> Any:
    parsed = parse_fetch_response([b"1 (UID 1 BODYSTRUCTURE " + text + b")"])
    return parsed[1][b"BODYSTRUCTURE"]


MIXED = (
    b'((("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 100 5 NIL NIL NIL NIL)'
    b'("text" "html" ("charset" "utf-8") NIL NIL "7bit" 200 6 NIL NIL NIL NIL)'
    b' "alternative" ("boundary" "a") NIL NIL NIL)'
    b'("text" "plain" ("name" "notes.txt") NIL NIL "7bit" 50 2 NIL ("attachment"'
    b' ("filename" "notes.txt")) NIL NIL)'
    b'("application" "pdf" ("name" "x.pdf") NIL NIL "base64" 5000 NIL ("attachment"'
    b' ("filename" "x.pdf")) NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'
)


def test_text_parts_pick_the_readable_text_not_attachments() -> None:
    utf8 = (("charset", "utf-8"),)
    mixed = text_parts(_structure(MIXED))
    assert mixed == [TextPart("1.1", "plain", utf8, "quoted-printable", 100)]
    html_only = (
        b'(("text" "html" ("charset" "utf-8") NIL NIL "7bit" 200 6 NIL NIL NIL NIL)'
        b'("image" "png" NIL NIL NIL "base64" 9000 NIL ("attachment" NIL) NIL NIL)'
        b' "mixed" ("boundary" "b") NIL NIL NIL)'
    )
    assert text_parts(_structure(html_only)) == [TextPart("1", "html", utf8, "7bit", 200)]
    single = b'("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 1 NIL NIL NIL NIL)'
    assert text_parts(_structure(single)) == [
        TextPart("1", "plain", (("charset", "us-ascii"),), "7bit", 10)
    ]
    only_pdf = b'("application" "pdf" NIL NIL NIL "base64" 10 NIL NIL NIL NIL)'
    assert text_parts(_structure(only_pdf)) == []


def test_mime_header_from_bodystructure_reads_like_the_part() -> None:
    [part] = text_parts(_structure(MIXED))
    header = part.mime_header()
    assert header == (
        b'Content-Type: text/plain; charset="utf-8"\r\n'
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    )
    message = assemble_parts(b"Subject: Hi\r\n\r\n", [(header, b"Caf=C3=A9\r\n")])
    parsed = email.message_from_bytes(message, policy=email.policy.default)
    assert parsed.get_content().strip() == "Café"
    hostile = TextPart("1", "plain", (("charset", 'x"\r\nBcc: a@b'),), "7bit\r\nX-Evil: 1")
    fields = hostile.mime_header().split(b"\r\n")
    assert len(fields) == 4 and fields[-2:] == [b"", b""]  # two fields, no injected line
    assert not any(f.startswith((b"Bcc", b"X-Evil")) for f in fields)


def test_assemble_parts_gives_a_readable_message() -> None:
    header = (
        b"From: Reader <r@example.net>\r\nSubject: Hello\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed;\r\n boundary="b"\r\n\r\n'
    )
    plain = (b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
             b"quoted-printable\r\n\r\n", b"Caf=C3=A9 au lait\r\n")  # fmt: skip
    one = email.message_from_bytes(assemble_parts(header, [plain]), policy=email.policy.default)
    assert one["Subject"] == "Hello" and one.get_content_type() == "text/plain"
    assert one.get_content().strip() == "Café au lait"
    two = assemble_parts(header, [plain, (b"Content-Type: text/plain\r\n\r\n", b"More\r\n")])
    parsed = email.message_from_bytes(two, policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/mixed"
    texts = [p.get_content().strip() for p in parsed.iter_parts()]
    assert texts == ["Café au lait", "More"]
    assert two.count(b"Content-Type: multipart/mixed") == 1  # the old one was dropped


# --------------------------------------------------------------------------- header rules


def _headers(text: str) -> Any:
    return parse_header(text.replace("\n", "\r\n").encode() + b"\r\n")


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        ("Auto-Submitted: auto-replied", "Auto-Submitted: auto-replied"),
        ("Auto-Submitted: auto-generated; type=x", "Auto-Submitted: auto-generated"),
        ("Precedence: list", "Precedence: list"),
        ("Precedence: JUNK", "Precedence: junk"),
        ("List-Id: <x.example.net>", "List-Id"),
        ("List-Unsubscribe: <mailto:u@example.net>", "List-Unsubscribe"),
        ("Content-Type: multipart/report; report-type=disposition-notification", "report"),
        ("Content-Type: message/delivery-status", "report"),
    ],
)
def test_automatic_mail(header: str, fragment: str) -> None:
    reason = automatic_reason(_headers(f"From: a@example.net\n{header}"))
    assert reason is not None and fragment in reason


@pytest.mark.parametrize("sender", ["MAILER-DAEMON@mx.example.net", "postmaster@example.net",
                                    "Mail Delivery System <Mailer-Daemon@x.org>"])  # fmt: skip
def test_daemon_senders(sender: str) -> None:
    assert "mailer-daemon or postmaster" in (automatic_reason(_headers(f"From: {sender}")) or "")


@pytest.mark.parametrize(
    "header", ["Auto-Submitted: no", "Precedence: first-class", "Content-Type: text/plain"]
)
def test_ordinary_mail(header: str) -> None:
    assert automatic_reason(_headers(f"From: reader@example.net\n{header}")) is None


def test_filters() -> None:
    h = _headers(
        "From: Dana <dana@corp.example>\nTo: advice@example.com\nCc: other@example.com\n"
        "Subject: =?utf-8?q?Caf=C3=A9_question?="
    )
    assert filter_reason(h, FiltersConfig()) is None
    assert filter_reason(h, FiltersConfig(to=("advice@example.com",))) is None
    assert filter_reason(h, FiltersConfig(to=("x@example.com",))) == "filtered out (filters.to)"
    assert filter_reason(h, FiltersConfig(subject="^café")) is None  # decoded, case-insensitive
    assert filter_reason(h, FiltersConfig(subject="^tea")) == "filtered out (filters.subject)"
    assert filter_reason(h, FiltersConfig(senders_allow=("@corp.example",))) is None
    assert filter_reason(h, FiltersConfig(senders_allow=("@other.example",))) == (
        "filtered out (filters.senders_allow)"
    )
    deny = FiltersConfig(senders_allow=("@corp.example",), senders_deny=("dana@corp.example",))
    assert filter_reason(h, deny) == "filtered out (filters.senders_deny)"


def test_skip_reason_author_and_no_addresses_in_reasons() -> None:
    cfg = Config(author=Config().author.__class__(addresses=("boris@example.org",)))
    header = b"From: Boris <Boris@Example.org>\r\nSubject: note to self\r\n\r\n"
    assert skip_reason(header, cfg) == "sent by the author (author.addresses)"
    reader = b"From: Dana <dana@corp.example>\r\nSubject: hi\r\n\r\n"
    assert skip_reason(reader, cfg) is None


# --------------------------------------------------------------------------- UID record


def test_imap_state_cursor_moves_forward_only_and_resets_on_uidvalidity() -> None:
    db = sqlite3.connect(":memory:", isolation_level=None)
    store = ImapState(db)
    assert store.cursor("a", "INBOX") is None
    store.record_batch("a", "INBOX", 7, [Decided(1, "drafted", "l1", False)], 1)
    assert store.pending_marks("a", "INBOX", 7) == [1]
    store.set_marked("a", "INBOX", 7, [1])
    assert store.pending_marks("a", "INBOX", 7) == []
    store.set_cursor("a", "INBOX", 7, 10)
    store.set_cursor("a", "INBOX", 7, 4)  # never backwards within one UIDVALIDITY
    assert store.cursor("a", "INBOX") is not None
    assert store.cursor("a", "INBOX").last_uid == 10  # type: ignore[union-attr]
    store.set_cursor("a", "INBOX", 8, 2)  # a new UIDVALIDITY starts again
    assert (store.cursor("a", "INBOX").uidvalidity, store.cursor("a", "INBOX").last_uid) == (  # type: ignore[union-attr]
        8,
        2,
    )
    # A re-decided UID never loses a mark already made.
    store.record_batch("a", "INBOX", 7, [Decided(1, "duplicate", "l1", False)], 1)
    assert store.pending_marks("a", "INBOX", 7) == []


# --------------------------------------------------------------------------- configuration


def _cfg(tmp_path: Path, **sections: Any) -> Config:
    return parse_config(sections, base_dir=tmp_path, env={"HOME": str(tmp_path)}, source=None)


def test_imap_config_defaults(tmp_path: Path) -> None:
    imap = _cfg(tmp_path).imap
    assert (imap.mark, imap.mark_keyword, imap.move_to, imap.since) == (
        "keyword",
        "$MailpubDrafted",
        None,
        None,
    )
    assert imap.large_message_bytes == 2**20 and imap.oauth2_token_command is None


def test_imap_config_values(tmp_path: Path) -> None:
    cfg = _cfg(
        tmp_path,
        imap={"mark": "move", "move_to": "Done", "since": date(2024, 5, 1),
              "large_message_bytes": "2MB", "oauth2_token_command": "oama access me"},
        filters={"to": "Advice@Example.com", "subject": "(?i)advice",
                 "senders_allow": ["example.net", "Bob@X.org"], "senders_deny": "@spam.example"},
    )  # fmt: skip
    assert cfg.imap.move_to == "Done" and cfg.imap.since == date(2024, 5, 1)
    assert cfg.imap.large_message_bytes == 2_000_000
    assert cfg.imap.oauth2_token_command == ("oama", "access", "me")
    assert cfg.filters.to == ("advice@example.com",)
    assert cfg.filters.senders_allow == ("@example.net", "bob@x.org")
    assert cfg.filters.senders_deny == ("@spam.example",)


@pytest.mark.parametrize(
    ("sections", "fragment"),
    [
        ({"imap": {"mark": "move"}}, "imap.move_to: required when imap.mark is move"),
        ({"imap": {"mark": "delete"}}, "imap.mark: expected one of keyword, seen, move"),
        ({"imap": {"mark_keyword": "has space"}}, "imap.mark_keyword: expected an IMAP keyword"),
        ({"imap": {"mark_keyword": "\\Seen"}}, "imap.mark_keyword: expected an IMAP keyword"),
        ({"imap": {"since": "May 2024"}}, "imap.since: expected a date"),
        (
            {"imap": {"oauth2_token_command": "t", "password_env": "PW"}},
            "imap.oauth2_token_command: set either",
        ),
        ({"filters": {"subject": "(unclosed"}}, "filters.subject: expected a regular expression"),
        ({"filters": {"senders_deny": ["nodot"]}}, "filters.senders_deny[0]: expected an email"),
        ({"filters": {"to": ["not-an-address"]}}, "filters.to[0]: expected an email address"),
    ],
)
def test_imap_config_problems(tmp_path: Path, sections: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        _cfg(tmp_path, **sections)
    assert any(fragment in p for p in info.value.problems), info.value.problems


def test_private_filter_values_are_never_repeated(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        _cfg(tmp_path, filters={"subject": "(secret-name"})
    assert "secret-name" not in " ".join(info.value.problems)


def test_oauth2_token_command_runs_and_is_redacted(tmp_path: Path) -> None:
    import sys

    from mailpub.config import effective_config

    cfg = _cfg(tmp_path, imap={"oauth2_token_command": [sys.executable, "-c", "print('tok-1')"]})
    assert cfg.imap.oauth2_token() == "tok-1"
    assert effective_config(cfg)["imap"]["oauth2_token_command"] == "<set>"
    failing = _cfg(tmp_path, imap={"oauth2_token_command": [sys.executable, "-c", "exit(3)"]})
    with pytest.raises(ConfigError, match="oauth2_token_command exited with status 3"):
        failing.imap.oauth2_token()

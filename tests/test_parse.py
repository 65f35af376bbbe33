"""Tests for mailpub.parse and mailpub.htmltext: bytes in, Mail out."""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailpub.errors import ParseError
from mailpub.htmltext import html_to_text
from mailpub.model import Mail
from mailpub.parse import decode_bytes, decode_header_value, parse_message, text_hash

MAIL = Path(__file__).resolve().parent / "data" / "mail"


def load(name: str) -> Mail:
    return parse_message((MAIL / name).read_bytes())


def msg(headers: str, body: str | bytes, *, crlf: bool = False) -> bytes:
    raw = headers.strip("\n") + "\n\n"
    data = raw.encode() + (body if isinstance(body, bytes) else body.encode())
    return data.replace(b"\n", b"\r\n") if crlf else data


# --- headers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Plain subject", "Plain subject"),
        ("=?utf-8?q?caf=C3=A9?=", "café"),
        ("=?UTF-8?B?Y2Fmw6k=?=", "café"),
        ("=?iso-8859-1?q?Gr=FC=DFe?= =?iso-8859-1?q?_aus?= Berlin", "Grüße aus Berlin"),
        ("=?utf-8?b?w6k?=", "é"),  # missing base64 padding
        ("=?x-unknown?q?caf=E9?=", "café"),  # unknown charset: cp1252 fallback
        ("=?iso-8859-8-i?b?7vLw5A==?=", "מענה"),
        ("=?utf-8?q?a?=\n =?utf-8?q?b?=", "ab"),  # folded adjacent words
        ("  many   spaces\n\there ", "many spaces here"),
    ],
)
def test_decode_header_value(header: str, expected: str) -> None:
    assert decode_header_value(header)[0] == expected


def test_decode_header_value_split_multibyte_character() -> None:
    # "é" (c3 a9) split over two encoded words must survive
    assert decode_header_value("=?utf-8?q?caf=C3?= =?utf-8?q?=A9?=")[0] == "café"


def test_unknown_header_charset_is_noted_without_text() -> None:
    text, notes = decode_header_value("=?x-bogus?q?secret_w=F6rd?=")
    assert text == "secret wörd"
    assert notes and "x-bogus" in notes[0] and "secret" not in notes[0]


@pytest.mark.parametrize(
    ("data", "charset", "text", "note_part"),
    [
        (b"caf\xc3\xa9", "utf-8", "café", None),
        (b"caf\xe9", "iso-8859-1", "café", None),
        (b"\x93quoted\x94", "us-ascii", "\u201cquoted\u201d", None),  # read as cp1252
        (b"caf\xe9", "x-unknown", "café", "unknown"),
        (b"caf\xc3\xa9", "x-unknown", "café", "unknown"),
        (b"\x8f\xf0\xe8", "x-mac-cyrillic", "При", None),
        (b"caf\xe9", None, "café", "no usable charset"),
    ],
)
def test_decode_bytes(data: bytes, charset: str | None, text: str, note_part: str | None) -> None:
    decoded, note = decode_bytes(data, charset)
    assert decoded == text
    if note_part is None:
        assert note is None
    else:
        assert note is not None and note_part in note


def test_sender_date_and_message_id() -> None:
    mail = parse_message(
        msg(
            'From: "Doe, Jane" <Jane.Doe@Example.COM>\n'
            "Subject: Hi\n"
            "Date: Tue, 05 Mar 2024 09:15:00 +0100\n"
            "Message-ID:   <abc@example.com>  \n",
            "Body text\n",
        )
    )
    assert mail.sender_name == "Doe, Jane"
    assert mail.sender_address == "jane.doe@example.com"
    assert mail.date == datetime(2024, 3, 5, 8, 15, tzinfo=UTC)
    assert mail.date is not None and mail.date.utcoffset() == timedelta(hours=1)
    assert mail.message_id == "<abc@example.com>"


@pytest.mark.parametrize(
    ("headers", "name", "address"),
    [
        ("From: plain@example.com", None, "plain@example.com"),
        ("From: =?utf-8?q?Ren=C3=A9e?= <r@example.com>", "Renée", "r@example.com"),
        ("Sender: Helper <HELP@example.com>", "Helper", "help@example.com"),
        ("From: \nReply-To: Back <back@example.com>", "Back", "back@example.com"),
        ("To: someone@example.com", None, None),
    ],
)
def test_sender_fallbacks(headers: str, name: str | None, address: str | None) -> None:
    mail = parse_message(msg(headers + "\nSubject: s", "text\n"))
    assert (mail.sender_name, mail.sender_address) == (name, address)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("Tue, 05 Mar 2024 09:15:00 -0500", datetime(2024, 3, 5, 14, 15, tzinfo=UTC)),
        ("5 Mar 2024 09:15 GMT", datetime(2024, 3, 5, 9, 15, tzinfo=UTC)),
        ("Tue, 05 Mar 2024 09:15:00 -0000", datetime(2024, 3, 5, 9, 15, tzinfo=UTC)),
        ("not a date", None),
        ("Tue, 31 Feb 2024 09:15:00 +0000", None),
    ],
)
def test_dates_are_aware_or_none(date: str, expected: datetime | None) -> None:
    mail = parse_message(msg(f"From: a@example.com\nDate: {date}", "text\n"))
    assert mail.date == expected
    if mail.date is not None:
        assert mail.date.tzinfo is not None


def test_missing_headers_give_none_and_empty_subject() -> None:
    mail = parse_message(msg("X-Other: 1", "only text\n"))
    assert mail.subject == ""
    assert mail.message_id is None
    assert mail.date is None
    assert mail.sender_address is None


# --- body selection -----------------------------------------------------------------------


def test_plain_is_preferred_over_html() -> None:
    mail = load("multipart_alt.eml")
    assert mail.text == "Plain version of the letter: should I switch teams?"
    assert mail.was_html is False


def test_empty_plain_alternative_falls_back_to_html() -> None:
    data = msg(
        'From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="b"',
        "--b\nContent-Type: text/plain\n\n\n--b\nContent-Type: text/html\n\n"
        "<p>Only <b>HTML</b> here</p>\n--b--\n",
    )
    mail = parse_message(data)
    assert mail.text == "Only HTML here"
    assert mail.was_html is True


def test_html_only_fixture() -> None:
    mail = load("html_only.eml")
    assert mail.was_html is True
    assert mail.subject == "A question about café jobs"
    lines = mail.text.split("\n")
    assert lines[0] == "Hello Boris,"
    for hidden in ("ignored title", "alert", "color"):
        assert hidden not in mail.text
    assert "career changes (https://blog.example.net/post)" in mail.text
    assert "a question & a worry." in mail.text
    assert "- Analyst at a bank\n- Engineer at a start-up" in mail.text
    assert "1. First step\n2. Second step" in mail.text
    assert "Write to lee@example.com or see https://example.com." in mail.text
    assert "Line one\nLine two\n\nNew paragraph" in mail.text
    assert "> Older message text\n> second quoted line" in mail.text
    assert "\u00a0" not in mail.text


def test_attachments_are_not_text() -> None:
    data = msg(
        'From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"',
        "--b\nContent-Type: text/plain\n\nThe letter.\n"
        '--b\nContent-Type: text/plain; name="notes.txt"\nContent-Disposition: attachment; '
        'filename="notes.txt"\n\nAttached notes must not appear.\n--b--\n',
    )
    assert parse_message(data).text == "The letter."


def test_text_only_inside_forwarded_rfc822_part_is_used() -> None:
    data = msg(
        'From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"',
        "--b\nContent-Type: message/rfc822\n\nFrom: inner@example.com\nSubject: inner\n\n"
        "Inner letter text.\n--b--\n",
    )
    mail = parse_message(data)
    assert mail.text == "Inner letter text."
    assert any("forwarded" in note for note in mail.notes)


def test_forwarded_rfc822_part_does_not_leak_when_body_exists() -> None:
    data = msg(
        'From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"',
        "--b\nContent-Type: text/plain\n\nOwn words.\n"
        "--b\nContent-Type: message/rfc822\n\nFrom: inner@example.com\n\nInner text.\n--b--\n",
    )
    assert parse_message(data).text == "Own words."


def test_crlf_nul_and_format_flowed() -> None:
    data = msg(
        "From: a@example.com\nContent-Type: text/plain; charset=utf-8; format=flowed",
        "First line is soft \nwrapped here.\nA\x00B\n",
        crlf=True,
    )
    mail = parse_message(data)
    assert mail.text == "First line is soft wrapped here.\nAB"
    assert "\r" not in mail.text and "\x00" not in mail.text


def test_unknown_body_charset_is_noted() -> None:
    mail = load("latin1_headers.eml")
    assert mail.subject == "Grüße aus München - Frage"
    assert mail.sender_name == "Renée Müller"
    assert mail.sender_address == "renee.mueller@example.de"
    assert "für Ärzte" in mail.text
    assert mail.notes and "x-unknown" in mail.notes[0] and "Ärzte" not in mail.notes[0]


def test_broken_mime_still_parses() -> None:
    mail = load("broken_mime.eml")
    assert mail.text.strip() == (
        "The boundary of this message is never closed, yet the text is readable."
    )
    assert mail.date is None
    assert "AAECAwQF" not in mail.text


def test_text_starting_with_from_is_not_an_envelope_line() -> None:
    mail = parse_message(b"From my experience, this is a letter without headers.\n")
    assert mail.text.startswith("From my experience")


def test_mbox_from_line_and_leading_blank_lines_are_skipped() -> None:
    data = b"\n\nFrom someone@example.com Tue Mar  5 09:15:00 2024\nFrom: a@example.com\n" + (
        b"Subject: s\n\nbody\n"
    )
    mail = parse_message(data)
    assert mail.sender_address == "a@example.com"
    assert mail.text == "body"


@pytest.mark.parametrize(
    "fixture",
    sorted(p.name for p in MAIL.glob("*.eml") if p.name != "empty_body.eml"),
)
def test_fixtures_parse(fixture: str) -> None:
    mail = load(fixture)
    assert mail.text.strip()
    assert mail.text_hash == text_hash(mail.text)
    assert "\r" not in mail.text


# --- failures -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n\n", b"\x00\x01\x02\x03\xff\xfe" * 50],
)
def test_unreadable_input_raises_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError):
        parse_message(data)


def test_empty_body_raises_parse_error_without_letter_text() -> None:
    with pytest.raises(ParseError) as info:
        load("empty_body.eml")
    assert "no text" not in str(info.value) and "nobody" not in str(info.value).lower()


def test_attachment_only_message_raises() -> None:
    data = msg(
        'From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"',
        '--b\nContent-Type: application/zip; name="x.zip"\nContent-Disposition: attachment\n'
        "Content-Transfer-Encoding: base64\n\nUEsDBA==\n--b--\n",
    )
    with pytest.raises(ParseError):
        parse_message(data)


def test_non_bytes_input_raises_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_message("text")  # type: ignore[arg-type]


def test_deep_nesting_is_bounded() -> None:
    depth = 3000
    head = "".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(depth)
    )
    data = ("From: a@example.com\n" + head + "Content-Type: text/plain\n\ndeep\n").encode()
    started = time.perf_counter()
    try:
        mail = parse_message(data)
    except ParseError:
        pass
    else:
        assert isinstance(mail, Mail)
    assert time.perf_counter() - started < 3


def test_huge_header_is_bounded() -> None:
    data = b"From: a@example.com\nSubject: " + b"x" * 300_000 + b"\nX-Long: " + (
        b"=?utf-8?q?a?= " * 20_000
    ) + b"\n\nbody\n"
    started = time.perf_counter()
    mail = parse_message(data)
    assert time.perf_counter() - started < 3
    assert mail.text == "body"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_mail_or_parse_error(data: bytes) -> None:
    try:
        mail = parse_message(data)
    except ParseError:
        return
    assert isinstance(mail, Mail)
    assert mail.text.strip()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"From: a@example.com\n",
                b"Subject: =?utf-8?b?w6k?=\n",
                b"Content-Type: multipart/mixed; boundary=x\n",
                b"Content-Type: text/html; charset=x-bogus\n",
                b"Content-Transfer-Encoding: base64\n",
                b"\n",
                b"--x\n",
                b"--x--\n",
                b"<p>hi</p>\n",
                b"text \xe9\xff\n",
            ]
        ),
        max_size=30,
    )
)
def test_mime_shaped_bytes_give_mail_or_parse_error(chunks: list[bytes]) -> None:
    try:
        mail = parse_message(b"".join(chunks))
    except ParseError:
        return
    assert isinstance(mail, Mail)


# --- text_hash ----------------------------------------------------------------------------


def test_text_hash_normalises() -> None:
    base = text_hash("a\nb")
    assert base == hashlib.sha256(b"a\nb").hexdigest()
    assert text_hash("\n\na  \r\nb\t\n\n") == base
    assert text_hash("a\rb") == base
    assert text_hash("a\nc") != base


# --- HTML conversion ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<div>One</div><div>Two</div>", "One\n\nTwo"),
        ("One<br>Two<br><br>Three", "One\nTwo\n\nThree"),
        ('<a href="https://x.example/a">read</a>', "read (https://x.example/a)"),
        ('<a href="https://x.example/">https://x.example/</a>', "https://x.example/"),
        ('<a href="mailto:me@x.example">me@x.example</a>', "me@x.example"),
        ('<a href="mailto:me@x.example">Write me</a>', "Write me (me@x.example)"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ('<ol start="3"><li>a</li><li>b</li></ol>', "3. a\n4. b"),
        ("<p>x &amp; y &lt;z&gt; &eacute;&nbsp;!</p>", "x & y <z> é !"),
        ("<p>long line " + "word " * 40 + "</p>", "long line " + " ".join(["word"] * 40)),
        ("Top<blockquote>q1<br>q2</blockquote>", "Top\n\n> q1\n> q2"),
        ('Top<div class="gmail_quote">On x wrote:<blockquote>q</blockquote></div>',
         "Top\n\n> On x wrote:\n>\n> > q"),
        ('<div>Mine</div><div id="divRplyFwdMsg">From: x</div><div>old</div>',
         "Mine\n\n> From: x\n>\n> old"),
        ('<p>Mine</p><div class="moz-cite-prefix">On y wrote:</div><div>old</div>',
         "Mine\n\n> On y wrote:\n>\n> old"),
        ("<script>bad()</script><style>p{}</style><p>ok</p><!-- comment -->", "ok"),
    ],
)
def test_html_to_text(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


def test_html_to_text_survives_deep_nesting() -> None:
    html = "<div>" * 5000 + "deep" + "</div>" * 5000
    assert "deep" in html_to_text(html)


def test_timezone_offset_preserved() -> None:
    mail = load("plain_text.eml")
    assert mail.date is not None
    assert mail.date.tzinfo is not None
    assert mail.date.utcoffset() == timezone(timedelta(hours=1)).utcoffset(None)

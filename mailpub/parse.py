"""Raw message bytes to a :class:`~mailpub.model.Mail` (pure; bytes in, Mail out).

:func:`parse_message` parses MIME with mail-parser (which builds on the stdlib
``email`` package and guards against runaway nesting) and falls back to the
stdlib parser itself when mail-parser fails. Headers are decoded here, with
best-effort handling of unknown or wrong charsets, and the body is chosen and
decoded here too:

* ``text/plain`` is preferred; an HTML-only body is converted to text with
  :func:`mailpub.htmltext.html_to_text` (``was_html=True``);
* attachments are never decoded to disk or executed; parts inside an attached
  ``message/rfc822`` are used only when the message has no text of its own;
* undecodable text is decoded best effort (declared charset, then UTF-8, then
  cp1252 / Latin-1) and the fallback is recorded in ``Mail.notes``;
* line ends become LF, NULs are removed, ``format=flowed`` is unwrapped.

Failure mode: :class:`mailpub.errors.ParseError` when the bytes hold no
message with a readable body. Its message never contains letter text. No
other exception escapes.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import email
import email.utils
import hashlib
import quopri
import re
from datetime import UTC, datetime
from email.message import Message

import mailparser

from mailpub.errors import ParseError
from mailpub.htmltext import html_to_text
from mailpub.model import Mail

__all__ = ["decode_bytes", "decode_header_value", "parse_message", "text_hash"]

_MAX_PARTS = 5000
_MAX_DEPTH = 60
_MAX_HEADER_CHARS = 20000

# Charset labels seen in the wild mapped to a Python codec that reads them best.
_CHARSET_ALIASES: dict[str, str] = {
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "iso-8859-8-e": "iso-8859-8",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-roman": "mac-roman",
    "macintosh": "mac-roman",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "iso-2022-jp": "iso2022_jp_2",
    "big5": "cp950",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "utf8": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
}
_NO_CHARSET = frozenset({"", "none", "default", "charset"})


def text_hash(text: str) -> str:
    """Return the sha256 hex digest of ``text`` after normalisation.

    Normalisation: CRLF/CR become LF, trailing whitespace is stripped from
    every line, and leading and trailing blank lines are removed. Used for the
    duplicate rule "same Message-ID and same hash of decoded text".
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()


def _codec_for(label: str) -> str | None:
    """Return a Python codec name for a charset label, or None when unknown."""
    label = label.strip().strip("\"'").lower()
    if label in _NO_CHARSET:
        return None
    label = _CHARSET_ALIASES.get(label, label)
    for candidate in (label, label.removeprefix("x-"), label.replace("_", "-")):
        try:
            return codecs.lookup(candidate).name
        except (LookupError, ValueError):
            continue
    return None


def decode_bytes(
    data: bytes, charset: str | None, what: str = "body", hint: str | None = None
) -> tuple[str, str | None]:
    """Decode ``data`` best effort; return ``(text, note)``.

    Tries the declared ``charset`` (mapped to its usual superset codec), then
    UTF-8, then ``hint`` (e.g. the body charset for raw 8-bit headers), then
    the declared charset with a few replacement characters, then cp1252, then
    Latin-1 with replacement. ``note`` says which fallback was used, naming
    only the charset label, never the text; it is None when the declared
    charset (or plain ASCII/UTF-8 without a declared charset) fitted.
    """
    label = (charset or "").strip().strip("\"'").lower()[:40]
    codec = _codec_for(label) if label else None
    if codec:
        try:
            return data.decode(codec), None
        except (UnicodeDecodeError, LookupError):
            pass
        if b"\x1b" in data and "2022" in codec:
            # Stateful 7-bit charsets: UTF-8 would "succeed" on the escape codes.
            return data.decode(codec, "replace"), f"{what} charset {label!r} did not fit; " \
                f"decoded as {label} with replacement characters"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if codec or (label and label not in _NO_CHARSET):
            state = "did not fit" if codec else "unknown"
            return text, f"{what} charset {label!r} {state}; decoded as utf-8"
        return text, None
    hint_codec = _codec_for(hint) if hint else None
    if hint_codec and not codec:
        try:
            text = data.decode(hint_codec)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            return text, f"{what} had no usable charset; decoded as {hint_codec}"
    if codec:
        text = data.decode(codec, "replace")
        if text.count("\ufffd") <= max(1, len(text) // 50):
            return text, f"{what} charset {label!r} did not fit; " \
                f"decoded as {label} with replacement characters"
    try:
        text = data.decode("cp1252")
        used = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1", "replace")
        used = "latin-1"
    if codec:
        return text, f"{what} charset {label!r} did not fit; decoded as {used}"
    if label and label not in _NO_CHARSET:
        return text, f"{what} charset {label!r} unknown; decoded as {used}"
    return text, f"{what} has no usable charset; decoded as {used}"


# --- headers -------------------------------------------------------------------------------

_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,60})\?([bBqQ])\?([^?]*)\?=")


def _raw_str_to_text(value: str, hint: str | None = None) -> tuple[str, str | None]:
    """Headers read from bytes carry 8-bit octets as surrogates: decode them."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value, None
    raw = value.encode("ascii", "surrogateescape")
    return decode_bytes(raw, None, "header", hint)


def _decode_word(encoding: str, payload: str) -> bytes:
    if encoding.lower() == "b":
        cleaned = re.sub(r"[^A-Za-z0-9+/]", "", payload)
        cleaned = cleaned[: len(cleaned) - len(cleaned) % 4] if len(cleaned) % 4 == 1 else cleaned
        cleaned += "=" * (-len(cleaned) % 4)
        try:
            return base64.b64decode(cleaned)
        except (binascii.Error, ValueError):
            return payload.encode("ascii", "replace")
    return quopri.decodestring(payload.encode("ascii", "replace"), header=True)


def decode_header_value(value: str, hint: str | None = None) -> tuple[str, list[str]]:
    """Decode an RFC 2047 header value best effort; return ``(text, notes)``.

    Unfolds the value, decodes raw 8-bit octets and encoded words (adjacent
    words of one charset are decoded together so split multi-byte characters
    survive; ``hint`` is a charset to try for raw 8-bit octets), drops the
    whitespace between adjacent encoded words and collapses runs of
    whitespace. Never raises.
    """
    notes: list[str] = []
    value = value[:_MAX_HEADER_CHARS]
    value, note = _raw_str_to_text(value, hint)
    if note:
        notes.append(note)
    value = re.sub(r"\r?\n[ \t]", " ", value).replace("\r", "").replace("\n", " ")
    pieces: list[tuple[str, bytes | str]] = []  # (charset or "", bytes for words / str for text)
    pos = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[pos : match.start()]
        if between and not (between.isspace() and pieces and pieces[-1][0]):
            pieces.append(("", between))
        charset = match.group(1).split("*", 1)[0].lower()  # RFC 2231 language suffix
        data = _decode_word(match.group(2), match.group(3))
        previous = pieces[-1][1] if pieces else ""
        if pieces and pieces[-1][0] == charset and isinstance(previous, bytes):
            pieces[-1] = (charset, previous + data)
        else:
            pieces.append((charset, data))
        pos = match.end()
    if value[pos:]:
        pieces.append(("", value[pos:]))
    out: list[str] = []
    for charset, piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        text, word_note = decode_bytes(piece, charset, "header")
        if word_note and word_note not in notes:
            notes.append(word_note)
        out.append(text)
    text = re.sub(r"\s+", " ", "".join(out).replace("\x00", "")).strip()
    return text, notes


def _header(msg: Message, name: str) -> str | None:
    """First raw value of header ``name`` (as stored, 8-bit octets as surrogates)."""
    lname = name.lower()
    for key, value in msg.raw_items():
        if str(key).lower() == lname:
            return str(value)
    return None


def _sender(msg: Message, notes: list[str], hint: str | None) -> tuple[str | None, str | None]:
    for name in ("From", "Sender", "Reply-To"):
        raw = _header(msg, name)
        if not raw:
            continue
        raw_text, note = _raw_str_to_text(raw[:_MAX_HEADER_CHARS], hint)
        if note:
            notes.append(note)
        raw_text = re.sub(r"\r?\n[ \t]", " ", raw_text)
        try:
            pairs = email.utils.getaddresses([raw_text])
        except (ValueError, TypeError, IndexError):
            pairs = []
        pairs = [p for p in pairs if p[0] or p[1]]
        chosen = next((p for p in pairs if "@" in p[1]), pairs[0] if pairs else None)
        if chosen is None:
            continue
        display, addr = chosen
        name_text = decode_header_value(display)[0].strip().strip("\"'").strip() if display else ""
        addr = addr.strip().strip("<>").strip().lower()
        if "@" not in addr:
            if not name_text and addr:
                name_text = decode_header_value(addr)[0]
            addr = ""
        if name_text or addr:
            return (name_text or None), (addr or None)
    return None, None


def _charset_hint(msg: Message) -> str | None:
    """The first charset declared in the message, a guess for raw 8-bit headers."""
    try:
        charsets = msg.get_charsets()
    except (ValueError, TypeError, LookupError, IndexError):
        return None
    return next((c for c in charsets if isinstance(c, str) and _codec_for(c)), None)


def _date(msg: Message, notes: list[str]) -> datetime | None:
    raw = _header(msg, "Date")
    if not raw:
        return None
    raw = re.sub(r"\s+", " ", _raw_str_to_text(raw)[0]).strip()[:200]
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        notes.append("date header unreadable; ignored")
        return None
    if parsed.tzinfo is None:
        notes.append("date header has no usable time zone; assumed UTC")
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _message_id(msg: Message) -> str | None:
    raw = _header(msg, "Message-ID")
    if raw is None:
        return None
    text = _raw_str_to_text(raw[:2000])[0]
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


# --- body ----------------------------------------------------------------------------------


def _is_attachment(part: Message) -> bool:
    try:
        disposition = (part.get_content_disposition() or "").lower()
        filename = part.get_filename()
    except (ValueError, TypeError, IndexError, LookupError):
        return True
    if disposition == "attachment":
        return True
    return bool(filename) and disposition != "inline"


def _walk(root: Message) -> tuple[list[Message], list[Message]]:
    """Text parts of ``root`` in order: (own text parts, parts inside forwarded messages).

    Iterative and bounded in depth and part count.
    """
    own: list[Message] = []
    forwarded: list[Message] = []
    stack: list[tuple[Message, int, bool]] = [(root, 0, False)]
    seen = 0
    while stack and seen < _MAX_PARTS:
        part, depth, inside = stack.pop()
        seen += 1
        if depth > _MAX_DEPTH:
            continue
        ctype = part.get_content_type()
        if part.is_multipart():
            payload = part.get_payload()
            children: list[object] = list(payload) if isinstance(payload, list) else []
            is_message = ctype == "message/rfc822" or ctype.startswith("message/")
            child_inside = inside or is_message or (depth > 0 and _is_attachment(part))
            if ctype == "multipart/alternative":
                children = list(_prefer_plain(children))
            for child in reversed(children):
                if isinstance(child, Message):
                    stack.append((child, depth + 1, child_inside))
            continue
        if ctype not in ("text/plain", "text/html") or _is_attachment(part):
            continue
        (forwarded if inside else own).append(part)
    return own, forwarded


def _attachments(root: Message) -> tuple[tuple[str, int], ...]:
    """(safe name, decoded size) of every attachment, in order; nothing is written.

    Iterative and bounded like :func:`_walk`; a part whose payload cannot be
    decoded counts its encoded size."""
    from mailpub.attachments import MAX_LISTED, safe_name

    found: list[tuple[str, int]] = []
    stack: list[tuple[Message, int]] = [(root, 0)]
    seen = 0
    while stack and seen < _MAX_PARTS and len(found) < MAX_LISTED:
        part, depth = stack.pop()
        seen += 1
        if depth > _MAX_DEPTH:
            continue
        payload = part.get_payload()
        if part.is_multipart() and isinstance(payload, list):
            if depth > 0 and part.get_content_type() == "message/rfc822" and _is_attachment(part):
                found.append((safe_name(_filename(part)), len(part.as_bytes())))
                continue
            stack.extend((c, depth + 1) for c in reversed(payload) if isinstance(c, Message))
            continue
        if depth == 0 or not _is_attachment(part):
            continue
        try:
            data = part.get_payload(decode=True)
        except (ValueError, TypeError, LookupError, AssertionError):
            data = None
        size = len(data) if isinstance(data, bytes) else len(str(payload or ""))
        found.append((safe_name(_filename(part)), size))
    return tuple(found)


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except (ValueError, TypeError, IndexError, LookupError):
        return None
    if not isinstance(name, str):
        return None
    return decode_header_value(_raw_str_to_text(name[:2000])[0])[0]


def _prefer_plain(children: list[object]) -> list[Message]:
    """In multipart/alternative keep the plain part when it has text, else the rest."""
    parts = [c for c in children if isinstance(c, Message)]
    plain = [c for c in parts if c.get_content_type() == "text/plain"]
    if plain and any(_payload_has_text(c) for c in plain):
        return [c for c in parts if c.get_content_type() != "text/html"]
    return [c for c in parts if c.get_content_type() != "text/plain"]


def _payload_has_text(part: Message) -> bool:
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError, AssertionError):
        return False
    return isinstance(data, bytes) and bool(data.strip())


_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE
)


def _decode_part(part: Message, notes: list[str]) -> str:
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError, AssertionError):
        data = None
    if not isinstance(data, bytes):
        raw = part.get_payload()
        data = raw.encode("ascii", "surrogateescape") if isinstance(raw, str) else b""
    try:
        charset = part.get_param("charset")
    except (ValueError, TypeError, IndexError):
        charset = None
    label = charset if isinstance(charset, str) else None
    if not label and part.get_content_type() == "text/html":
        meta = _META_CHARSET.search(data[:4096])
        if meta:
            label = meta.group(1).decode("ascii", "replace")
    text, note = decode_bytes(data, label, "body")
    if note and note not in notes:
        notes.append(note)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if part.get_content_type() == "text/plain":
        params = {str(k).lower(): str(v).lower() for k, v in (part.get_params() or [])}
        if params.get("format") == "flowed":
            text = _unflow(text, delsp=params.get("delsp") == "yes")
    return text


def _unflow(text: str, *, delsp: bool) -> str:
    """Undo RFC 3676 format=flowed soft line breaks (quote depth respected)."""
    out: list[str] = []
    carry: str | None = None
    carry_depth = -1
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        body = line[depth:]
        if body.startswith(" "):
            body = body[1:]  # space-stuffing
        if carry is not None and depth == carry_depth:
            body = carry + body
        elif carry is not None:
            out.append(">" * carry_depth + (" " if carry_depth else "") + carry)
        carry = None
        if body.endswith(" ") and body.rstrip() != "--":
            carry = body[:-1] if delsp else body
            carry_depth = depth
            continue
        out.append(">" * depth + (" " if depth else "") + body)
    if carry is not None:
        out.append(">" * carry_depth + (" " if carry_depth else "") + carry)
    return "\n".join(out)


def _body(parts: list[Message], notes: list[str]) -> tuple[str, bool]:
    plain = [_decode_part(p, notes) for p in parts if p.get_content_type() == "text/plain"]
    plain_text = "\n\n".join(t.strip("\n") for t in plain if t.strip())
    if plain_text.strip():
        return plain_text, False
    html = [_decode_part(p, notes) for p in parts if p.get_content_type() == "text/html"]
    html_text = "\n\n".join(t for t in (html_to_text(h) for h in html) if t.strip())
    return html_text, bool(html_text.strip())


def _looks_like_text(text: str) -> bool:
    if not text.strip():
        return False
    bad = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\t\f"))
    return bad <= len(text) // 10


def _strip_envelope(data: bytes) -> bytes:
    """Drop leading blank lines and an mbox ``From `` line before the headers."""
    data = data.lstrip(b"\r\n\t ")
    if re.match(rb"From \S+ +[^\n]{0,200}?\d{1,2}:\d{2}", data) and b"\n" in data[:4000]:
        data = data.split(b"\n", 1)[1]
    return data


_MAX_FIELD_BYTES = 32 * 1024  # one header field (with its folded lines) is cut here
_MAX_HEAD_BYTES = 1024 * 1024  # past this, only the fields the parser needs are kept
_NEEDED_FIELDS = re.compile(
    rb"(content-|mime-version|subject|from|sender|reply-to|date|message-id|auto-submitted)", re.I
)
_HEAD_END = re.compile(rb"\r?\n\r?\n")


def _bound_headers(data: bytes) -> tuple[bytes, bool]:
    """Cut an oversized top-level header block down before it is parsed.

    Every field (a line and its folded continuation lines) is cut at
    ``_MAX_FIELD_BYTES``; once the block passes ``_MAX_HEAD_BYTES`` only the
    fields mailpub reads are kept. Returns ``(data, cut)``; linear time.
    """
    end = _HEAD_END.search(data)
    head_end = end.start() if end else len(data)
    if head_end <= _MAX_FIELD_BYTES:
        return data, False
    out: list[bytes] = []
    total = field = 0
    keep = True
    cut = False
    for line in data[:head_end].split(b"\n"):
        if line[:1] in (b" ", b"\t") and out:
            field += len(line) + 1
        else:
            field = len(line) + 1
            keep = total <= _MAX_HEAD_BYTES or bool(_NEEDED_FIELDS.match(line))
        if not keep or field > _MAX_FIELD_BYTES:
            cut = True
            piece = line[: _MAX_FIELD_BYTES - (field - len(line) - 1)].rstrip(b"\r")
            if keep and piece.strip():  # the line the field crosses the limit in: cut it
                out.append(piece)
                total += len(piece) + 1
            continue
        out.append(line)
        total += len(line) + 1
    return b"\n".join(out) + data[head_end:], cut


def _parse_tree(data: bytes) -> Message:
    try:
        parsed = mailparser.parse_from_bytes(data)
        message = parsed.message
        if isinstance(message, Message):
            return message
    except RecursionError:
        raise ParseError("message nesting too deep to parse") from None
    except Exception:  # noqa: BLE001 - mail-parser failed; the stdlib parser is the fallback
        pass
    return email.message_from_bytes(data)


def _parse(data: bytes) -> Mail:
    if not isinstance(data, (bytes, bytearray)):
        raise ParseError("message data is not bytes")
    data, cut = _bound_headers(_strip_envelope(bytes(data)))
    if not data.strip():
        raise ParseError("empty message")
    msg = _parse_tree(data)
    notes: list[str] = []
    has_headers = len(msg.keys()) > 0
    own, forwarded = _walk(msg)
    text, was_html = _body(own, notes)
    if not text.strip() and forwarded:
        text, was_html = _body(forwarded, notes)
        if text.strip():
            notes.append("text taken from a forwarded message/rfc822 part")
    if not has_headers and not text.strip():
        # no header at all (the stdlib may even have eaten a first "From ..." line
        # as an envelope): the bytes themselves are the only candidate text
        text, note = decode_bytes(data, None)
        if note:
            notes.append(note)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not has_headers and not _looks_like_text(text):
        raise ParseError("no headers and no readable body")
    if not text.strip():
        raise ParseError("message has no readable text body")
    if not has_headers:
        notes.append("message has no headers")
    if cut:
        notes.append("oversized header fields were cut before parsing")
    subject_raw = _header(msg, "Subject")
    hint = _charset_hint(msg)
    subject, subject_notes = decode_header_value(subject_raw, hint) if subject_raw else ("", [])
    notes.extend(n for n in subject_notes if n not in notes)
    sender_name, sender_address = _sender(msg, notes, hint)
    date = _date(msg, notes)
    return Mail(
        message_id=_message_id(msg),
        subject=subject,
        sender_name=sender_name,
        sender_address=sender_address,
        date=date,
        text=text,
        was_html=was_html,
        text_hash=text_hash(text),
        notes=tuple(dict.fromkeys(notes)),
        attachments=_attachments(msg),
    )


def parse_message(data: bytes) -> Mail:
    """Parse raw RFC 822 bytes into a :class:`Mail`.

    Input: the message bytes as read from a source. Output: the decoded
    headers and the chosen body text (see the module docstring).
    Raises :class:`ParseError` (short reason, no letter text) when the bytes
    are empty, have neither headers nor a readable body, have no readable
    text body, or cannot be parsed at all; any unexpected failure inside the
    parsers is wrapped into ParseError too.
    """
    try:
        return _parse(data)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("message nesting too deep to parse") from None
    except Exception as exc:  # noqa: BLE001 - the contract: only ParseError escapes
        raise ParseError(f"message could not be parsed ({type(exc).__name__})") from None

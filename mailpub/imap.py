"""The IMAP source: the only module that talks to a mail server (via imapclient).

Two layers:

* **protocol values** (pure, no I/O): :func:`imap_url`, :class:`FolderStatus` and
  :func:`parse_select`, :func:`new_uids`, :func:`keeps_keywords`,
  :func:`text_parts` (which parts of a BODYSTRUCTURE hold the letter's text)
  and :func:`assemble_parts` (a readable message from those parts only);
* **the session** (:func:`connect` → :class:`ImapSession`): sockets, TLS and the
  translation of every network failure into one :class:`~mailpub.errors.ImapError`
  subclass with a one-line message and a hint. Messages name the host, port and
  folder from the configuration, never a password, a token, letter text,
  subjects or addresses.

Certificate verification is always on; ``imap.ca_file`` *adds* a trusted CA to
the system ones. Mail is only ever read with ``BODY.PEEK`` (flags untouched),
flagged, or moved: this module has no way to delete a message.
"""

from __future__ import annotations

import contextlib
import hashlib
import imaplib
import logging
import re
import socket
import ssl
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from mailpub.errors import (
    ConfigError,
    ImapAuthError,
    ImapCertificateError,
    ImapConnectError,
    ImapError,
    ImapFolderError,
    ImapProtocolError,
    ImapTimeoutError,
)

if TYPE_CHECKING:
    from imapclient import IMAPClient

    from mailpub.config import ImapConfig

# imapclient logs whole server responses (letter text) at DEBUG: keep it quiet.
logging.getLogger("imapclient").setLevel(logging.WARNING)

HEADER_ITEMS = (b"RFC822.SIZE", b"FLAGS", b"BODY.PEEK[HEADER]")
#: Text-part bytes (by BODYSTRUCTURE size) fetched for several large messages in one command.
TEXT_FETCH_BUDGET = 8 * 2**20
SEEN = "\\Seen"


# --------------------------------------------------------------------------- protocol values


def imap_url(username: str, host: str, port: int, folder: str, uidvalidity: int, uid: int) -> str:
    """The RFC 5092 URL naming one message: ``imap://user@host/folder;UIDVALIDITY=v/;UID=u``.

    The user and folder are percent-encoded; ``:port`` appears unless it is 143."""
    netloc = host if port == 143 else f"{host}:{port}"
    user = quote(username, safe="")
    return f"imap://{user}@{netloc}/{quote(folder, safe='/')};UIDVALIDITY={uidvalidity}/;UID={uid}"


def account_key(username: str, host: str, port: int) -> str:
    """How the state names one mailbox account (no secret in it)."""
    return f"{username}@{host.lower()}:{port}"


@dataclass(frozen=True, slots=True)
class FolderStatus:
    """What SELECT says about a folder."""

    uidvalidity: int
    uidnext: int | None  # None when the server did not send it
    exists: int
    permanent_flags: tuple[str, ...]
    read_only: bool


def parse_select(response: Mapping[bytes, Any]) -> FolderStatus:
    """A :class:`FolderStatus` from imapclient's ``select_folder`` dict.

    Raises ImapProtocolError when UIDVALIDITY is missing (mailpub cannot track
    such a folder safely)."""
    if b"UIDVALIDITY" not in response:
        raise ImapProtocolError(
            "the server did not report UIDVALIDITY for the folder",
            hint="this server cannot be polled safely; import exported files instead",
        )
    flags = response.get(b"PERMANENTFLAGS") or ()
    uidnext = response.get(b"UIDNEXT")
    return FolderStatus(
        uidvalidity=int(response[b"UIDVALIDITY"]),
        uidnext=None if uidnext is None else int(uidnext),
        exists=int(response.get(b"EXISTS") or 0),
        permanent_flags=tuple(_text(f) for f in flags),
        read_only=bool(response.get(b"READ-ONLY", False)),
    )


def keeps_keywords(permanent_flags: Sequence[str], keyword: str) -> bool:
    """True when the server stores ``keyword`` permanently: PERMANENTFLAGS has ``\\*``
    (any new keyword) or lists the keyword itself (case-insensitive)."""
    wanted = keyword.lower()
    return any(f == "\\*" or f.lower() == wanted for f in permanent_flags)


def new_uids(found: Sequence[int], last_uid: int) -> list[int]:
    """The UIDs above ``last_uid``, ascending. ``UID SEARCH UID n:*`` always returns
    the highest UID even when it is below n; this drops it."""
    return sorted({uid for uid in found if uid > last_uid})


def search_criteria(last_uid: int, since: date | None) -> list[Any]:
    """``UID last+1:*``, plus ``SINCE date`` when the poll is bounded by a date."""
    criteria: list[Any] = ["UID", f"{last_uid + 1}:*"]
    if since is not None:
        criteria += ["SINCE", since]
    return criteria


@dataclass(frozen=True, slots=True)
class TextPart:
    """One leaf of a BODYSTRUCTURE that holds text (``section`` as in ``BODY[1.2]``)."""

    section: str
    subtype: str  # "plain" or "html", lower case
    params: tuple[tuple[str, str], ...] = ()  # Content-Type parameters (charset, format...)
    encoding: str = ""  # Content-Transfer-Encoding, lower case ("": none given)
    size: int = 0  # bytes of the part's body as stored (BODYSTRUCTURE)

    def mime_header(self) -> bytes:
        """The part's Content-Type and Content-Transfer-Encoding fields rebuilt from its
        BODYSTRUCTURE (what the letter needs of ``BODY[n.MIME]``, without fetching it),
        ending with the blank line. Line breaks and quotes in values cannot escape."""
        fields = f"Content-Type: text/{_token(self.subtype) or 'plain'}"
        for name, value in self.params:
            if _token(name):
                fields += f'; {_token(name)}="{_quoted(value)}"'
        fields += "\r\n"
        if _token(self.encoding):
            fields += f"Content-Transfer-Encoding: {_token(self.encoding)}\r\n"
        return fields.encode("utf-8") + b"\r\n"


def _token(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9!#$%&'*+.^_`|~-]", "", value)


def _quoted(value: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f]", "", value).replace("\\", "\\\\").replace('"', '\\"')


def text_parts(structure: Sequence[Any]) -> list[TextPart]:
    """The parts of a message worth downloading: its text/plain parts that are not
    attachments, else its text/html ones. Embedded messages (message/rfc822) and
    every other type are left out. ``structure`` is imapclient's BODYSTRUCTURE
    value; for a single-part message the only section is ``"1"``."""
    leaves = list(_leaves(structure, ""))
    for subtype in ("plain", "html"):
        chosen = [
            TextPart(s or "1", subtype, params, encoding, size)
            for s, t, sub, att, params, encoding, size in leaves
            if t == "text" and sub == subtype and not att
        ]
        if chosen:
            return chosen
    return []


_Leaf = tuple[str, str, str, bool, tuple[tuple[str, str], ...], str, int]


def _leaves(structure: Sequence[Any], prefix: str) -> Iterator[_Leaf]:
    """(section, type, subtype, is_attachment, Content-Type parameters,
    Content-Transfer-Encoding, body size) for every leaf part."""
    if structure and isinstance(structure[0], list):  # multipart: [parts], subtype, ...
        for index, part in enumerate(structure[0], start=1):
            section = f"{prefix}.{index}" if prefix else str(index)
            yield from _leaves(part, section)
        return
    kind = _text(structure[0]).lower() if structure else ""
    subtype = _text(structure[1]).lower() if len(structure) > 1 else ""
    # Disposition sits after the type-specific fields: text has "lines" (index 7),
    # then md5 (8) and disposition (9); basic types have md5 (7), disposition (8).
    index = 9 if kind == "text" else 8
    attachment = False
    if len(structure) > index and isinstance(structure[index], tuple | list) and structure[index]:
        attachment = _text(structure[index][0]).lower() == "attachment"
    raw = structure[2] if len(structure) > 2 and isinstance(structure[2], tuple | list) else ()
    params = tuple((_text(k).lower(), _text(v)) for k, v in zip(raw[::2], raw[1::2], strict=False))
    encoding = _text(structure[5]).lower() if len(structure) > 5 else ""
    size = structure[6] if len(structure) > 6 and isinstance(structure[6], int) else 0
    yield prefix, kind, subtype, attachment, params, encoding, size


_DROP_HEADERS = (b"content-type", b"content-transfer-encoding", b"mime-version")
_EMPTY_TEXT = b"Content-Type: text/plain; charset=us-ascii\r\n\r\n"


def assemble_parts(header: bytes, parts: Sequence[tuple[bytes, bytes]]) -> bytes:
    """A message made of the top-level ``header`` and only the given parts.

    ``parts`` holds each part's MIME header (``BODY[n.MIME]``, or its fields
    rebuilt by :meth:`TextPart.mime_header`) and body (``BODY[n]``). The top-level
    Content-Type/Content-Transfer-Encoding/MIME-Version fields are replaced: by the
    part's own when there is one part, else by a ``multipart/mixed`` with a boundary
    that occurs in none of the parts."""
    kept = b"".join(f for f in _header_fields(header) if _field_name(f) not in _DROP_HEADERS)
    if len(parts) == 1:
        mime, body = parts[0]
        own = b"".join(f for f in _header_fields(mime) if _field_name(f) in _DROP_HEADERS[:2])
        return kept + b"MIME-Version: 1.0\r\n" + own + b"\r\n" + body
    digest = hashlib.sha256(b"".join(m + b for m, b in parts)).hexdigest()[:24]
    boundary = f"mailpub-parts-{digest}".encode()
    out = [kept, b"MIME-Version: 1.0\r\n", b'Content-Type: multipart/mixed; boundary="']
    out += [boundary, b'"\r\n\r\n']
    for mime, body in parts:
        head = mime if mime.endswith(b"\r\n\r\n") or mime.endswith(b"\n\n") else mime + b"\r\n"
        out += [b"--", boundary, b"\r\n", head, body, b"\r\n"]
    out += [b"--", boundary, b"--\r\n"]
    return b"".join(out)


def _from_parts(
    data: Mapping[bytes, Any], header: bytes | None, chosen: Sequence[TextPart], single: bool
) -> bytes | None:
    """A readable message from one FETCH response of :meth:`ImapSession.texts_only`."""
    if single:
        body = data.get(b"BODY[]")
        return None if body is None else bytes(body)
    if header is None:
        header = bytes(data.get(b"BODY[HEADER]") or b"")
    parts = [
        (part.mime_header(), bytes(data.get(f"BODY[{part.section}]".encode()) or b""))
        for part in chosen
    ]
    return assemble_parts(header, parts or [(_EMPTY_TEXT, b"")])


def _header_fields(header: bytes) -> list[bytes]:
    """Split a header block into fields, each with its continuation lines."""
    fields: list[bytes] = []
    for line in header.splitlines(keepends=True):
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += line
        else:
            fields.append(line)
    return [f if f.endswith(b"\n") else f + b"\r\n" for f in fields]


def _field_name(field: bytes) -> bytes:
    return field.split(b":", 1)[0].strip().lower()


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


# --------------------------------------------------------------------------- the session


@dataclass(frozen=True, slots=True)
class Summary:
    """Size, flags and header of one message (the cheap first look)."""

    uid: int
    size: int
    flags: tuple[str, ...]
    header: bytes


class ImapSession:
    """A logged-in connection. Use as a context manager; every method raises only
    :class:`~mailpub.errors.ImapError` subclasses for network and server failures."""

    def __init__(self, client: IMAPClient, where: str, timeout: float) -> None:
        self.client = client
        self.where = where  # "host:port", for messages
        self.timeout = timeout
        self.bytes_received = 0
        self.commands = 0
        self.folder: str | None = None
        self._count_bytes()

    def __enter__(self) -> ImapSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Log out (errors ignored: the connection may already be gone)."""
        try:
            self.client.logout()
        except Exception:  # noqa: BLE001 - closing a possibly broken connection
            with contextlib.suppress(Exception):
                self.client.shutdown()

    def _count_bytes(self) -> None:
        imap = self.client._imap  # imaplib object: count what the server sends
        read, readline = imap.read, imap.readline

        def counting_read(size: int) -> bytes:
            data: bytes = read(size)
            self.bytes_received += len(data)
            return data

        def counting_readline() -> bytes:
            line: bytes = readline()
            self.bytes_received += len(line)
            return line

        imap.read, imap.readline = counting_read, counting_readline

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        self.commands += 1
        with _translate(self.where, self.timeout, what):
            yield

    # ------------------------------------------------------------------ folders

    def capabilities(self) -> tuple[str, ...]:
        with self._errors("CAPABILITY"):
            return tuple(_text(c).upper() for c in self.client.capabilities())

    def folder_exists(self, folder: str) -> bool:
        with self._errors("LIST"):
            return bool(self.client.folder_exists(folder))

    def select(self, folder: str, *, readonly: bool = False) -> FolderStatus:
        """SELECT (EXAMINE when ``readonly``) ``folder``. Raises ImapFolderError when it
        does not exist."""
        try:
            with self._errors(f"SELECT {folder}"):
                response = self.client.select_folder(folder, readonly=readonly)
        except ImapProtocolError:
            if not self.folder_exists(folder):
                raise ImapFolderError(
                    f"folder {folder!r} does not exist on {self.where}",
                    hint="check imap.folder: use the name your mail client shows, with the "
                    "server's separator for sub-folders (e.g. Archive/Advice or Archive.Advice)",
                ) from None
            raise
        self.folder = folder
        return parse_select(response)

    # ------------------------------------------------------------------ reading

    def search_new(self, last_uid: int, since: date | None = None) -> list[int]:
        """UIDs above ``last_uid`` (on or after ``since``), ascending."""
        with self._errors("UID SEARCH"):
            found = self.client.search(search_criteria(last_uid, since))
        return new_uids([int(u) for u in found], last_uid)

    def summaries(self, uids: Sequence[int]) -> dict[int, Summary]:
        """Size, flags and header of each message still present (expunged ones are
        missing from the result)."""
        if not uids:
            return {}
        with self._errors("UID FETCH (headers)"):
            response = self.client.fetch(list(uids), list(HEADER_ITEMS))
        out: dict[int, Summary] = {}
        for uid, data in response.items():
            header = data.get(b"BODY[HEADER]")
            if header is None or b"RFC822.SIZE" not in data:
                continue
            out[int(uid)] = Summary(
                uid=int(uid),
                size=int(data[b"RFC822.SIZE"]),
                flags=tuple(_text(f) for f in data.get(b"FLAGS") or ()),
                header=bytes(header),
            )
        return out

    def bodies(self, uids: Sequence[int]) -> dict[int, bytes]:
        """Whole messages with ``BODY.PEEK[]`` (flags untouched), one command."""
        if not uids:
            return {}
        with self._errors("UID FETCH (bodies)"):
            response = self.client.fetch(list(uids), [b"BODY.PEEK[]"])
        return {
            int(uid): bytes(data[b"BODY[]"])
            for uid, data in response.items()
            if data.get(b"BODY[]") is not None
        }

    def text_only(self, uid: int, header: bytes | None = None) -> bytes | None:
        """One large message by its text parts (see :meth:`texts_only`); None when gone."""
        return self.texts_only([uid], {} if header is None else {uid: header}).get(uid)

    def texts_only(
        self, uids: Sequence[int], headers: Mapping[int, bytes] | None = None
    ) -> dict[int, bytes]:
        """Large messages by their header and text parts only: one ``BODYSTRUCTURE``
        fetch for all ``uids``, then ``BODY.PEEK[n]`` of the chosen parts (one command
        for the messages whose parts have the same sections, up to
        :data:`TEXT_FETCH_BUDGET` bytes of text each). Each part's Content-Type and
        Content-Transfer-Encoding come from the BODYSTRUCTURE
        (:meth:`TextPart.mime_header`): its ``BODY[n.MIME]`` is never fetched.
        ``headers``: the messages' headers already fetched (not fetched again). A
        message without text parts comes back as its header and an empty body; a
        single-part text message whole. Messages gone are missing from the result."""
        headers = headers or {}
        if not uids:
            return {}
        with self._errors("UID FETCH (BODYSTRUCTURE)"):
            response = self.client.fetch(list(uids), [b"BODYSTRUCTURE"])
        out: dict[int, bytes] = {}
        plans: dict[int, tuple[list[TextPart], bool]] = {}
        groups: dict[tuple[bytes, ...], list[tuple[list[int], int]]] = {}
        for uid in uids:
            data = response.get(uid)
            if not data or b"BODYSTRUCTURE" not in data:
                continue
            chosen = text_parts(data[b"BODYSTRUCTURE"])
            single = bool(chosen) and not isinstance(data[b"BODYSTRUCTURE"][0], list)
            items = [] if uid in headers else [b"BODY.PEEK[HEADER]"]
            items += [f"BODY.PEEK[{part.section}]".encode() for part in chosen]
            if single:  # a single-part text message: the whole of it is its text
                items = [b"BODY.PEEK[]"]
            if not items:  # no text parts and the header known: nothing more to fetch
                out[uid] = assemble_parts(headers[uid], [(_EMPTY_TEXT, b"")])
                continue
            plans[uid] = (chosen, single)
            size = sum(part.size for part in chosen)
            runs = groups.setdefault(tuple(items), [])
            if not runs or (runs[-1][0] and runs[-1][1] + size > TEXT_FETCH_BUDGET):
                runs.append(([], 0))
            members, total = runs[-1]
            runs[-1] = ([*members, uid], total + size)
        for wanted, runs in groups.items():
            for members, _ in runs:
                with self._errors("UID FETCH (text parts)"):
                    response = self.client.fetch(members, list(wanted))
                for uid in members:
                    data = response.get(uid)
                    if data:
                        message = _from_parts(data, headers.get(uid), *plans[uid])
                        if message is not None:
                            out[uid] = message
        return {uid: out[uid] for uid in uids if uid in out}

    # ------------------------------------------------------------------ marking

    def add_flags(self, uids: Sequence[int], flags: Sequence[str]) -> None:
        if uids:
            with self._errors("UID STORE"):
                self.client.add_flags(list(uids), list(flags), silent=True)

    def move(self, uids: Sequence[int], folder: str) -> None:
        """Move messages (RFC 6851 MOVE). Without MOVE: COPY, then flag the originals
        ``\\Deleted`` and expunge exactly them with UID EXPUNGE (UIDPLUS); a server
        without either is refused rather than risking other messages."""
        if not uids:
            return
        caps = self.capabilities()
        if "MOVE" in caps:
            with self._errors("UID MOVE"):
                self.client.move(list(uids), folder)
            return
        if "UIDPLUS" not in caps:
            raise ImapProtocolError(
                f"the server at {self.where} supports neither MOVE nor UIDPLUS",
                hint="use imap.mark: keyword or seen with this server",
            )
        with self._errors("UID COPY"):
            self.client.copy(list(uids), folder)
        with self._errors("UID STORE \\Deleted"):
            self.client.add_flags(list(uids), ["\\Deleted"], silent=True)
        with self._errors("UID EXPUNGE"):
            self.client.uid_expunge(list(uids))

    def noop(self) -> None:
        with self._errors("NOOP"):
            self.client.noop()

    # ------------------------------------------------------------------ IDLE (RFC 2177)

    def supports_idle(self) -> bool:
        return "IDLE" in self.capabilities()

    def idle_start(self) -> None:
        with self._errors("IDLE"):
            self.client.idle()

    def idle_check(self, seconds: float) -> bool:
        """Wait up to ``seconds`` in IDLE; True when the server announced new mail."""
        with self._errors("IDLE"):
            responses = self.client.idle_check(timeout=seconds)
        return any(
            isinstance(r, tuple) and len(r) >= 2 and r[1] in (b"EXISTS", b"RECENT")
            for r in responses
        )

    def idle_done(self) -> None:
        with self._errors("DONE"):
            self.client.idle_done()


def ssl_context(cfg: ImapConfig) -> ssl.SSLContext:
    """The system's trusted CAs, plus ``imap.ca_file``; hostnames always checked."""
    context = ssl.create_default_context()
    if cfg.ca_file is not None:
        try:
            context.load_verify_locations(cafile=str(cfg.ca_file))
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(
                f"imap.ca_file {cfg.ca_file} cannot be used as a CA certificate "
                f"({getattr(exc, 'strerror', None) or type(exc).__name__})",
                hint="point imap.ca_file at a PEM file holding the CA certificate",
            ) from None
    return context


ClientFactory = Callable[..., "IMAPClient"]


def connect(
    cfg: ImapConfig,
    *,
    env: Mapping[str, str] | None = None,
    client_factory: ClientFactory | None = None,
) -> ImapSession:
    """Connect and log in as ``imap.security`` and the credentials say.

    The password (``imap.password_env``/``password_command``) or the XOAUTH2 token
    (``imap.oauth2_token_command``) is obtained first, so a configuration problem
    is reported before any network traffic. Raises ConfigError for those, and an
    ImapError subclass for the network: ImapConnectError, ImapTimeoutError,
    ImapCertificateError, ImapAuthError, ImapProtocolError (e.g. no STARTTLS).
    """
    if cfg.host is None:
        raise ImapError(
            "no mailbox configured (imap.host is not set)",
            hint="set imap.host, imap.username and a password source in the config file",
        )
    if cfg.username is None:
        raise ImapError("imap.username is not set", hint="set imap.username (the login name)")
    secret = cfg.oauth2_token() if cfg.oauth2_token_command else cfg.password(env)
    if client_factory is None:
        from imapclient import IMAPClient

        client_factory = IMAPClient
    host, port = cfg.host, cfg.effective_port
    where = f"{host}:{port}"
    context = ssl_context(cfg)
    with _translate(where, cfg.timeout, "connect"):
        client = client_factory(
            host,
            port=port,
            ssl=cfg.security == "tls",
            ssl_context=context if cfg.security == "tls" else None,
            timeout=cfg.timeout,
        )
    session = ImapSession(client, where, cfg.timeout)
    try:
        if cfg.security == "starttls":
            if "STARTTLS" not in session.capabilities():
                raise ImapProtocolError(
                    f"the server at {where} does not offer STARTTLS",
                    hint="use imap.security: tls (usually port 993), or check imap.port",
                )
            with session._errors("STARTTLS"):
                client.starttls(context)
        _login(session, cfg, secret)
    except BaseException:
        session.close()
        raise
    return session


def _login(session: ImapSession, cfg: ImapConfig, secret: str) -> None:
    from imapclient.exceptions import LoginError

    assert cfg.username is not None
    oauth = bool(cfg.oauth2_token_command)
    try:
        with session._errors("LOGIN"):
            if oauth:
                session.client.oauth2_login(cfg.username, secret)
            else:
                session.client.login(cfg.username, secret)
    except ImapProtocolError as exc:
        if isinstance(exc.__cause__, LoginError):
            if oauth:
                raise ImapAuthError(
                    f"the server at {session.where} refused the XOAUTH2 login "
                    "(wrong user name, or an expired or wrong token)",
                    hint="check imap.username and run imap.oauth2_token_command yourself; "
                    "the token must be an access token for this mailbox's IMAP scope",
                ) from None
            raise ImapAuthError(
                f"the server at {session.where} refused the login (wrong user name or password)",
                hint="check imap.username and the password from imap.password_env or "
                "imap.password_command; some providers need an app password",
            ) from None
        raise


_RESPONSE_CODE = re.compile(rb"\[([A-Z-]+)")


@contextmanager
def _translate(where: str, timeout: float, what: str) -> Iterator[None]:
    """Turn socket, TLS and IMAP failures into one ImapError line each."""
    try:
        yield
    except ImapError:
        raise
    except ssl.SSLCertVerificationError as exc:
        reason = exc.verify_message or "certificate verify failed"
        raise ImapCertificateError(
            f"certificate problem: the TLS certificate of {where} is not trusted ({reason})",
            hint="if the server uses a self-signed certificate or its own CA, set imap.ca_file "
            "to that CA certificate (PEM); if the name does not match, use the host name "
            "the certificate was made for in imap.host",
        ) from None
    except ssl.SSLError as exc:
        raise ImapConnectError(
            f"TLS with {where} failed ({exc.reason or type(exc).__name__})",
            hint="check imap.security and imap.port (tls is usually 993, starttls 143)",
        ) from None
    except TimeoutError:
        raise ImapTimeoutError(
            f"{where} did not answer within {timeout:g} seconds ({what})",
            hint="check the network and imap.host/imap.port, or raise imap.timeout",
        ) from None
    except socket.gaierror:
        host = where.rsplit(":", 1)[0]
        raise ImapConnectError(
            f"cannot find the mail server {host} (name not resolved)",
            hint="check imap.host and the network connection",
        ) from None
    except ConnectionRefusedError:
        raise ImapConnectError(
            f"{where} refused the connection",
            hint="check imap.host, imap.port and imap.security",
        ) from None
    except OSError as exc:
        raise ImapConnectError(
            f"cannot reach {where} ({exc.strerror or type(exc).__name__})",
            hint="check imap.host, imap.port and the network connection",
        ) from None
    except imaplib.IMAP4.abort:
        raise ImapConnectError(
            f"the connection to {where} broke during {what}",
            hint="try again; if it keeps happening check imap.security and imap.port",
        ) from None
    except imaplib.IMAP4.error as exc:
        text = str(exc).encode("utf-8", "replace")
        code = _RESPONSE_CODE.search(text)
        detail = f" [{code.group(1).decode()}]" if code else ""
        raise ImapProtocolError(
            f"the server at {where} refused {what}{detail}",
            hint="run `mailpub doctor`; with -v the traceback shows more",
        ) from exc

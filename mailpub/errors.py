"""The one exception family of mailpub and the exit codes it maps to.

Library code raises these; only ``cli.py`` (and later the service) turns them
into messages and exit codes. Every message says what failed and what to do
next, and never contains letter text, subjects or real addresses.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes shared by every command (documented in docs/cli.md)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    PARTIAL = 3
    GATE_REFUSED = 4
    LOCKED = 5


class MailpubError(Exception):
    """Base of every error mailpub raises on purpose."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} ({self.hint})"
        return self.message


class UserError(MailpubError):
    """Something the user can fix: shown without a traceback."""


class ConfigError(UserError):
    """The configuration file is missing, unreadable or invalid.

    ``problems`` lists every problem found, so all of them are reported at once.
    """

    exit_code = ExitCode.USAGE

    def __init__(
        self, message: str, *, problems: list[str] | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.problems = list(problems or [])


class NotFound(UserError):
    """A draft or letter id that is not known."""


class StateError(UserError):
    """An illegal status transition or an inconsistent state folder."""


class LockedError(UserError):
    """Another mailpub process holds the lock."""

    exit_code = ExitCode.LOCKED


class GateRefused(UserError):
    """The publication gate refused a draft."""

    exit_code = ExitCode.GATE_REFUSED


class MessageError(MailpubError):
    """One message cannot be processed; it is quarantined with this reason."""


class ParseError(MessageError):
    """The message could not be parsed into headers and a readable body."""


class RenderError(MailpubError):
    """A template failed to render (names the template)."""


class ImapError(UserError):
    """The mailbox cannot be used: one line saying what failed and how to fix it.

    Messages name the host, port and folder from the configuration, never the
    password, a token, letter text, subjects or addresses.
    """


class ImapConnectError(ImapError):
    """The server cannot be reached (name unknown, connection refused or dropped)."""


class ImapTimeoutError(ImapError):
    """The server did not answer within ``imap.timeout``."""


class ImapCertificateError(ImapError):
    """The server's TLS certificate is not trusted (or names another host)."""


class ImapAuthError(ImapError):
    """The server refused the login (wrong user name, password or token)."""


class ImapFolderError(ImapError):
    """A configured folder (``imap.folder``, ``imap.move_to``) does not exist."""


class ImapProtocolError(ImapError):
    """The server refused a command or answered something mailpub cannot use."""


class PublishError(UserError):
    """The blog repository cannot take the post (git failed, dirty index, push refused)."""

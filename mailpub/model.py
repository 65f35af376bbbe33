"""Plain values passed between the pipeline stages.

source -> RawMessage -> parse -> Mail -> clean -> CleanMail
       -> anonymize -> Anonymized -> draft -> rendered text -> state
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message as read from a source, before any parsing.

    ``source`` is how reports name it: a file path as given, ``path#N`` for the
    Nth message of an mbox (from 1), the message's own file for a Maildir.
    ``data`` is None when the message could not be read at all; ``error`` then
    says why (it is quarantined with that reason).
    """

    source: str
    data: bytes | None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Mail:
    """A parsed message (output of :func:`mailpub.parse.parse_message`)."""

    message_id: str | None  # the header value as given, surrounding whitespace removed
    subject: str  # decoded, may be ""
    sender_name: str | None  # decoded display name
    sender_address: str | None  # lower-cased addr-spec
    date: datetime | None  # timezone-aware when the header had a zone
    text: str  # the chosen body as plain text (HTML converted), LF line ends
    was_html: bool  # True when ``text`` was converted from an HTML-only body
    text_hash: str  # sha256 hex of the normalised decoded text (see parse.text_hash)
    notes: tuple[str, ...] = ()  # best-effort decoding notes for the author
    # (safe file name, decoded size in bytes) of each attachment, for the author only
    attachments: tuple[tuple[str, int], ...] = ()


class CutKind(StrEnum):
    QUOTE = "quote"  # quoted history, "On ... wrote:", Outlook header blocks, forwards
    SIGNATURE = "signature"  # "-- " blocks, name/title/company/phone lines
    SIGNOFF = "signoff"  # "Thanks,", "Best regards," and the lone name after it
    FOOTER = "footer"  # "Sent from my iPhone" and similar
    DISCLAIMER = "disclaimer"  # legal/confidentiality notices, CAUTION banners


@dataclass(frozen=True, slots=True)
class Cut:
    """A piece of text removed by cleaning, kept for the author's eyes."""

    kind: CutKind
    text: str


@dataclass(frozen=True, slots=True)
class CleanMail:
    """Output of :func:`mailpub.clean.clean_mail`.

    ``text`` holds the reader's own words: paragraphs separated by one blank
    line, list items one per line (each starting with "- " or "1. " as written),
    no trailing whitespace. ``subject`` has Re:/Fwd: prefixes removed.
    """

    subject: str
    text: str
    cuts: tuple[Cut, ...] = ()


class RedactionKind(StrEnum):
    COMPANY = "company"
    PERSON = "person"
    EMAIL = "email"
    PHONE = "phone"
    URL = "url"


@dataclass(frozen=True, slots=True)
class Identity:
    """What is known about the sender, from the headers and the cut signature."""

    name: str | None = None
    address: str | None = None
    signature: str = ""  # text cut as signature/sign-off (may name company, phone, URL)


@dataclass(frozen=True, slots=True)
class Rules:
    """Anonymization settings taken from the configuration."""

    companies: tuple[str, ...] = ()  # always replace
    keep: tuple[str, ...] = ()  # never replace
    author_names: tuple[str, ...] = ()  # author.name, its parts, author.aliases: kept
    author_addresses: tuple[str, ...] = ()  # the author's own addresses: never replaced
    author_urls: tuple[str, ...] = ()  # the author's own URLs (prefixes): never replaced
    phone_regions: tuple[str, ...] = ("US", "GB")  # regions for phone number detection


@dataclass(frozen=True, slots=True)
class Redaction:
    """One placeholder and every original string it replaced.

    ``detectors`` names what found them (e.g. "config", "sender-domain",
    "legal-suffix", "cue", "gazetteer", "sender-name", "signature", "email", "url", "phone").
    """

    placeholder: str  # "<XXX>", "<NAME>", "<EMAIL>", ...
    kind: RedactionKind
    originals: tuple[str, ...]
    detectors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Anonymized:
    """Output of :func:`mailpub.anonymize.anonymize`."""

    subject: str
    text: str
    redactions: tuple[Redaction, ...] = field(default_factory=tuple)


class Status(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    PUBLISHED = "published"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Outcome(StrEnum):
    DRAFTED = "drafted"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"
    QUARANTINED = "quarantined"

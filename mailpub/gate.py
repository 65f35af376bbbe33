"""The publication gate: what must be true before a draft reaches the blog.

Pure: :func:`check_text` takes the draft file's text and the private facts
about its letter and returns the problems found, each with the line number
in the draft file and the fix. ``mailpub check`` prints them and
``mailpub publish`` refuses a draft that has any (exit code 4).

Refused:

* a reply slot that still holds ``post.reply_marker``;
* any original string of the letter's redaction map, the sender's name (and
  its parts), address or corporate domain, any email address, phone number
  or URL other than the author's own, anywhere in the text (authors
  re-introduce names while replying);
* front matter that is not valid YAML or lacks a required key, and blocks
  that no longer parse back into question and reply blocks.

A term the author allows on purpose (``--allow TERM``) is not a leak.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from mailpub.anonymize.text import Hit
from mailpub.draft import PUBLIC_KEYS, Format

_NOTE_LINE = re.compile(r"<!-- mailpub:.*?-->")
_PLACEHOLDER = re.compile(r"<[A-Z]{3}\d*(?: [^<>\n]*)?>|<(?:NAME|EMAIL|PHONE|URL)>")


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason to refuse: ``line`` is 1-based in the draft file (None: whole file)."""

    line: int | None
    message: str
    fix: str

    def describe(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.message} — {self.fix}"


@dataclass(frozen=True, slots=True)
class Facts:
    """What the gate knows about the letter and the author (all private)."""

    reply_marker: str
    originals: tuple[str, ...] = ()  # every original string of the redaction map
    sender_name: str | None = None
    sender_address: str | None = None
    author_names: tuple[str, ...] = ()
    author_addresses: tuple[str, ...] = ()
    author_urls: tuple[str, ...] = ()
    phone_regions: tuple[str, ...] = ("US", "GB")
    allowed: tuple[str, ...] = field(default_factory=tuple)


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text (same length is not needed).

    Format characters (zero-width, bidirectional controls) are dropped, so
    they cannot hide a name from the gate."""
    decomposed = unicodedata.normalize("NFKD", visible(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def visible(text: str) -> str:
    """``text`` without format characters (Unicode category Cf)."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def check_text(text: str, *, fmt: Format, facts: Facts) -> list[Problem]:
    """Every problem that stops publication of a draft file's text."""
    problems = _structure(text, fmt)
    lines = text.splitlines()
    problems += _reply_slots(lines, facts.reply_marker)
    problems += _leaks(lines, facts)
    return problems


# --------------------------------------------------------------------------- structure


def _structure(text: str, fmt: Format) -> list[Problem]:
    import yaml

    from mailpub.draft import parse_document

    if not text.startswith("---"):
        return [Problem(1, "the front matter is missing", "restore the `---` block at the top")]
    try:
        document = parse_document(text, fmt=fmt)
    except ValueError as exc:
        line = _yaml_error_line(exc)
        return [Problem(line, "the front matter is not valid YAML", "fix the YAML syntax there")]
    except yaml.YAMLError:
        return [Problem(1, "the front matter is not valid YAML", "fix the YAML syntax")]
    problems = []
    missing = [key for key in PUBLIC_KEYS if key not in document.front_matter]
    if missing:
        problems.append(
            Problem(1, f"the front matter lacks {', '.join(missing)}", "add the missing keys")
        )
    title = document.front_matter.get("title")
    if "title" not in missing and (not isinstance(title, str) or not title.strip()):
        problems.append(Problem(1, "the title is empty", "write a title"))
    if not any(block.kind == "question" for block in document.blocks):
        problems.append(
            Problem(None, "no question block is left", "restore the reader's question blocks")
        )
    if fmt == "gutenberg":
        problems += _broken_blocks(text)
    return problems


def _yaml_error_line(exc: BaseException) -> int:
    cause = exc.__cause__
    mark = getattr(cause, "problem_mark", None) or getattr(cause, "context_mark", None)
    return int(mark.line) + 2 if mark is not None else 1  # +1: 1-based, +1: the `---` line


def _unclosed(line: int) -> Problem:
    return Problem(
        line, "a paragraph block is not closed", "add `<!-- /wp:paragraph -->` after its text"
    )


def _broken_blocks(text: str) -> list[Problem]:
    problems = []
    opened_at = 0  # line of the paragraph block now open (0: none)
    for number, line in enumerate(text.splitlines(), 1):
        for closing in re.findall(r"<!-- (/?)wp:paragraph\b", line):
            if not closing:
                if opened_at:
                    problems.append(_unclosed(opened_at))
                opened_at = number
            elif opened_at:
                opened_at = 0
            else:
                problems.append(
                    Problem(
                        number,
                        "a block is closed that was never opened",
                        "remove this `<!-- /wp:paragraph -->` or restore its opening line",
                    )
                )
    if opened_at:
        problems.append(_unclosed(opened_at))
    return problems


# --------------------------------------------------------------------------- reply slots


def _reply_slots(lines: Sequence[str], marker: str) -> list[Problem]:
    return [
        Problem(
            number,
            "a reply slot is not answered",
            f"write your answer in place of {marker}, or delete the slot",
        )
        for number, line in enumerate(lines, 1)
        if marker in _NOTE_LINE.sub("", line)
    ]


# --------------------------------------------------------------------------- leaks


def private_terms(facts: Facts) -> list[str]:
    """The strings that must not appear: redaction originals and the sender's facts."""
    from mailpub.anonymize.identity import name_parts, sender_domain_label

    author = {fold(n) for name in facts.author_names for n in [name, *name.split()]}
    terms: list[str] = list(facts.originals)
    if facts.sender_name:
        terms.append(facts.sender_name)
        terms += [part for part in name_parts(facts.sender_name) if len(part) >= 2]
    if facts.sender_address:
        terms.append(facts.sender_address)
        local = facts.sender_address.split("@", 1)[0]
        if len(local) >= 4:
            terms.append(local)
        if sender_domain_label(facts.sender_address):  # a corporate domain, not free mail
            terms.append(facts.sender_address.split("@", 1)[1])
    allowed = {fold(a) for a in facts.allowed}
    unique: dict[str, str] = {}
    for term in terms:
        key = fold(term.strip())
        if len(key) >= 2 and key not in author and key not in allowed:
            unique.setdefault(key, term.strip())
    return list(unique.values())


def _term_pattern(term: str) -> re.Pattern[str]:
    body = re.escape(fold(term))
    return re.compile(rf"(?<!\w){body}(?!\w)")


def _front_matter_end(lines: Sequence[str]) -> int:
    """Index of the closing ``---`` of the front matter (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return index
    return 0


def _leaks(lines: Sequence[str], facts: Facts) -> list[Problem]:
    from mailpub.anonymize.identity import email_hits, phone_hits, url_hits
    from mailpub.anonymize.people import english_words

    terms = private_terms(facts)
    words = english_words()
    # "EY", "IBM", and an acronym that is also a word ("JUST" beside "everyone just says"):
    # case matters
    exact = {t for t in terms if len(t) <= 3 or (t.isupper() and t.isalpha() and fold(t) in words)}
    short = [(t, re.compile(rf"(?<!\w){re.escape(t)}(?!\w)")) for t in terms if t in exact]
    folded_terms = [(t, _term_pattern(t)) for t in terms if t not in exact]
    allowed = {fold(a) for a in facts.allowed}
    front_end = _front_matter_end(lines)
    problems: list[Problem] = []
    for number, raw in enumerate(lines, 1):
        if number - 1 < front_end and raw.startswith("mailpub_id:"):
            continue
        line = _PLACEHOLDER.sub(" ", _NOTE_LINE.sub("", visible(raw)))
        folded = fold(line)
        for term, pattern in folded_terms:
            if pattern.search(folded):
                problems.append(_leak(number, "a name or address from the letter", term))
        for term, pattern in short:
            if pattern.search(line):
                problems.append(_leak(number, "a name from the letter", term))
        hits: list[Hit] = [
            *email_hits(line, facts.author_addresses),
            *url_hits(line, facts.author_urls)[0],
            *phone_hits(line, facts.phone_regions),
        ]
        for item in sorted({line[h.start : h.end] for h in hits}):
            if fold(item) not in allowed:
                problems.append(_leak(number, "contact details", item))
    return problems


def _leak(number: int, what: str, term: str) -> Problem:
    return Problem(
        number,
        f"{what} appears: {term!r}",
        f"replace it with its placeholder, or let it through with `--allow {term!r}`",
    )

"""The author's corrections to a draft's anonymization: ``redact`` and ``unredact``.

* :func:`redact` replaces a name the anonymizer missed, everywhere in the
  reader's text of one draft (its question blocks and its title), by a
  placeholder, and adds it to the draft's private redaction map.
* :func:`unredact` restores a false positive: the placeholder goes back to its
  original in the reader's text, leaves the map, and the original is recorded
  as an allowed term (like ``mailpub check --allow``) so the gate lets it through.

Neither touches the author's text (reply paragraphs, intro, closing, notes):
only the reader's blocks are edited, each in place, so the author's edits
elsewhere in the file are kept byte for byte. The file is written atomically.
Raises :class:`~mailpub.errors.UserError` (nothing found, unknown placeholder)
or :class:`~mailpub.errors.NotFound`; never puts letter text in a message
beyond what the author typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mailpub.errors import NotFound, UserError
from mailpub.state import State, write_atomic

KINDS = ("company", "person", "email", "phone", "url")
_FIXED = {"person": "<NAME>", "email": "<EMAIL>", "phone": "<PHONE>", "url": "<URL>"}
_LETTERS = "XYZABCDEFGHIJKLMNOPQRSTUVW"
_CODE_RE = re.compile(r"<([A-Z])\1\1(\d*)\b")
_QUESTION_RE = re.compile(
    r"(<!-- wp:paragraph\s+\{[^\n]*?\"textColor\":\"vivid-cyan-blue\"[^\n]*?\}\s*-->\s*\n?<p[^>]*>)"
    r"(.*?)(</p>\s*\n?\s*<!-- /wp:paragraph -->)",
    re.DOTALL,
)
_TITLE_RE = re.compile(r"\A(---\r?\n(?:.*?\r?\n)??title:[ \t]*)([^\r\n]*)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Change:
    placeholder: str
    count: int  # replacements made in the reader's text


def _code(n: int) -> str:
    round_, pos = divmod(n, len(_LETTERS))
    return "<" + _LETTERS[pos] * 3 + (str(round_ + 1) if round_ else "") + ">"


def _next_company_code(used: set[str]) -> str:
    n = 0
    while _code(n) in used:
        n += 1
    return _code(n)


def edit_reader_text(
    text: str, fmt: str, edit: Callable[[str], tuple[str, int]]
) -> tuple[str, int]:
    """Apply ``edit`` to the reader's parts of a draft file only; return (new text, count).

    Reader's parts: the front-matter ``title`` line and the question blocks
    (Gutenberg: the blue paragraphs; Markdown: ``>`` quote lines).
    """
    total = 0

    def sub_title(m: re.Match[str]) -> str:
        nonlocal total
        new, n = edit(m.group(2))
        total += n
        return m.group(1) + new

    text = _TITLE_RE.sub(sub_title, text, count=1)
    if fmt == "gutenberg":

        def sub_block(m: re.Match[str]) -> str:
            nonlocal total
            new, n = edit(m.group(2))
            total += n
            return m.group(1) + new + m.group(3)

        text = _QUESTION_RE.sub(sub_block, text)
    else:
        lines = text.split("\n")
        body_start = _body_start(lines)
        for i in range(body_start, len(lines)):
            if lines[i].startswith(">"):
                new, n = edit(lines[i])
                total += n
                lines[i] = new
        text = "\n".join(lines)
    return text, total


def _body_start(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return i + 1
    return 0


def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w@.])" + re.escape(name.strip()) + r"(?![\w@])", re.IGNORECASE)


def redact(state: State, draft_id: str, name: str, *, kind: str = "company") -> Change:
    """Replace ``name`` (any case, whole words) in the reader's text of a draft.

    A name already in the map keeps its placeholder; otherwise a company gets
    the next free code (``<XXX>``, ``<YYY>`` …) and other kinds their fixed one.
    """
    if kind not in KINDS:
        raise UserError(f"unknown kind {kind!r}", hint="use one of: " + ", ".join(KINDS))
    name = name.strip()
    if len(name) < 2:
        raise UserError("the text to redact is too short")
    row = state.get_draft(draft_id)
    text = _read(row.path)
    rows = state.redactions_for(draft_id)
    known = {r.original.casefold(): r.placeholder for r in rows}
    if name.casefold() in known:
        placeholder = known[name.casefold()]
    elif kind == "company":
        used = {r.placeholder for r in rows}
        used |= {f"<{m.group(1) * 3}{m.group(2)}>" for m in _CODE_RE.finditer(text)}
        placeholder = _next_company_code(used)
    else:
        placeholder = _FIXED[kind]
    pattern = _name_pattern(name)
    new_text, count = edit_reader_text(text, row.format, lambda s: pattern.subn(placeholder, s))
    if count == 0:
        raise UserError(
            f"{name!r} does not appear in the reader's text of draft {draft_id}",
            hint="names in your own replies are yours to edit",
        )
    write_atomic(row.path, new_text)
    if name not in {r.original for r in rows if r.placeholder == placeholder}:
        state.add_redaction(draft_id, placeholder, kind, name, "author")
    return Change(placeholder, count)


def unredact(state: State, draft_id: str, placeholder: str) -> Change:
    """Restore a placeholder's original in the reader's text and drop it from the map.

    When one placeholder replaced several spellings, the first one recorded is
    restored. The originals become allowed terms of the draft (publication gate).
    """
    placeholder = placeholder.strip()
    if not placeholder.startswith("<"):
        placeholder = f"<{placeholder}>"
    row = state.get_draft(draft_id)
    originals = [r.original for r in state.redactions_for(draft_id) if r.placeholder == placeholder]
    if not originals:
        raise NotFound(
            f"draft {draft_id} has no placeholder {placeholder}",
            hint=f"`mailpub show {draft_id}` lists its redactions",
        )
    original = originals[0]
    inner = re.escape(placeholder[1:-1])
    pattern = re.compile(rf"<{inner}(?: [^<>\n]*)?>")
    text = _read(row.path)
    new_text, count = edit_reader_text(
        text, row.format, lambda s: pattern.subn(lambda _m: original, s)
    )
    if count:
        write_atomic(row.path, new_text)
    state.remove_redaction(draft_id, placeholder, list(dict.fromkeys(originals)))
    return Change(placeholder, count)


def live_suspects(state: State, draft_id: str, draft_text: str) -> list[str]:
    """The stored suspects that still appear in the draft file."""
    return [s for s in state.suspects_for(draft_id) if _name_pattern(s).search(draft_text)]


def _read(path: object) -> str:
    from pathlib import Path

    assert isinstance(path, Path)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from exc

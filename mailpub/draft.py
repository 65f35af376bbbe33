"""Drafts: build the post from an anonymized letter, and read it back.

Pure functions only. A post is a :class:`Document`: front matter plus a
sequence of blocks. Three block kinds exist:

* ``question``: one paragraph (or one list item) of the reader, shown in the
  seed's style (``vivid-cyan-blue`` / ``small`` WordPress paragraph);
* ``paragraph``: a plain paragraph: the intro, a reply, the closing, or an
  empty spacer. A reply slot is a paragraph holding ``post.reply_marker``;
* ``raw``: anything else the author put in the file, passed through untouched.

The draft file the author edits holds the text as is (``<XXX …>`` typed and
read literally). The published form (:func:`published_text`) is rendered from
the parsed draft, without the private front-matter keys and the
``<!-- mailpub: … -->`` notes: the reader's text escaped as plain text, the
author's text rendered from inline Markdown (see :mod:`mailpub.markup`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml

from mailpub.clean import is_greeting_line
from mailpub.errors import RenderError

BlockKind = Literal["question", "paragraph", "raw"]
Format = Literal["gutenberg", "markdown"]

#: Front-matter keys that never reach the blog.
PRIVATE_KEYS = ("status", "mailpub_id")
#: Front-matter keys every post has, in the seed's order.
PUBLIC_KEYS = ("title", "date", "categories", "tags", "layout")

QUESTION_ATTRS = {"textColor": "vivid-cyan-blue", "fontSize": "small"}
QUESTION_CLASS = "has-vivid-cyan-blue-color has-text-color has-small-font-size"

_NOTE_RE = re.compile(r"[ \t]*<!-- mailpub:.*?-->[ \t]*\n?", re.DOTALL)
_LIST_ITEM_RE = re.compile(r"^(- |\d{1,3}[.)] )")


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """A post: its front matter (ordered) and its blocks."""

    front_matter: dict[str, Any]
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class PostSettings:
    """The ``post.*`` settings the drafter needs."""

    format: Format = "gutenberg"
    reply_marker: str = "@@REPLY@@"
    categories: tuple[str, ...] = ("blog", "career-advice")
    tags: tuple[str, ...] = ("career",)
    layout: str = "post"
    intro: str = ""
    closing: str = ""


# --------------------------------------------------------------------------- building


def build_document(
    *,
    title: str,
    text: str,
    draft_id: str,
    day: date,
    settings: PostSettings,
    notes: Sequence[str] = (),
) -> Document:
    """Lay out an anonymized letter as a draft post.

    ``text`` follows the :class:`~mailpub.model.CleanMail` format: each
    non-empty line is a paragraph or a list item, paragraphs are separated by
    blank lines, and a paragraph introducing a list is followed directly by
    its items. Every line becomes a question block; a reply slot follows each
    paragraph (or a paragraph and its list), but not the greeting.
    """
    blocks: list[Block] = []
    if settings.intro.strip():
        blocks.append(Block("paragraph", settings.intro.strip()))
        blocks.append(Block("paragraph", ""))
    groups = _groups(text)
    for index, group in enumerate(groups):
        for line in group:
            blocks.append(Block("question", line))
        is_greeting = index == 0 and len(group) == 1 and _is_greeting(group[0])
        if not is_greeting:
            blocks.append(Block("paragraph", settings.reply_marker))
    if settings.closing.strip():
        blocks.append(Block("paragraph", ""))
        blocks.append(Block("paragraph", settings.closing.strip()))
    front: dict[str, Any] = {
        "title": clean_title(title) or "A reader's question",
        "date": day,
        "categories": list(settings.categories),
        "tags": list(settings.tags),
        "layout": settings.layout,
        "status": "draft",
        "mailpub_id": draft_id,
    }
    return Document(front, tuple(blocks), tuple(_safe_note(n) for n in notes))


def _groups(text: str) -> list[list[str]]:
    """Split cleaned text into paragraph groups (a paragraph plus its list)."""
    groups: list[list[str]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        starts_with_items = all(_LIST_ITEM_RE.match(line) for line in lines)
        if groups and starts_with_items and _introduces_list(groups[-1]):
            groups[-1].extend(lines)
        else:
            groups.append(lines)
    return groups


def _introduces_list(group: list[str]) -> bool:
    last = group[-1]
    return last.endswith(":") or bool(_LIST_ITEM_RE.match(last))


def _is_greeting(line: str) -> bool:
    return is_greeting_line(line)


def clean_title(title: str) -> str:
    """One line of text: control characters and line breaks become spaces.

    Format characters (zero-width spaces, bidirectional overrides) are dropped.
    """
    kept = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cs") else ch
        for ch in title
        if unicodedata.category(ch) != "Cf"
    )
    return " ".join(kept.split())


def _safe_note(note: str) -> str:
    return " ".join(note.replace("--", "\u2013").split())


def slugify(title: str, *, max_length: int = 60) -> str:
    """ASCII slug of a title.

    ``"Career advice: <XXX> or <YYY>?"`` → ``career-advice-xxx-or-yyy``.
    """
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "letter"


# --------------------------------------------------------------------------- rendering


def dump_front_matter(front: Mapping[str, Any]) -> str:
    """YAML for a front-matter mapping, valid whatever the strings hold."""
    return yaml.safe_dump(
        dict(front), sort_keys=False, allow_unicode=True, default_flow_style=False, width=1_000_000
    )


def escape_html(text: str) -> str:
    """Escape a reader's text for HTML (see :func:`mailpub.markup.escape_html`)."""
    from mailpub.markup import escape_html as _escape_html

    return _escape_html(text)


def escape_markdown(text: str) -> str:
    """Escape a reader's text for Markdown (see :func:`mailpub.markup.escape_markdown`)."""
    from mailpub.markup import escape_markdown as _escape_markdown

    return _escape_markdown(text)


def render(document: Document, *, fmt: Format, published: bool, templates_dir: Path | None) -> str:
    """Render a document with the format's Jinja2 template.

    In draft form (``published=False``) the text is written as is, and the
    front matter and notes are complete. In published form the private keys
    and notes are dropped, a reader's text (``text``) is escaped as plain
    text, and the author's text (``reply``) is rendered from inline Markdown
    to HTML (``gutenberg``) or kept as Markdown with placeholders escaped
    (``markdown``); see :mod:`mailpub.markup`.
    """
    from mailpub.markup import markdown_reply_html, markdown_reply_text
    from mailpub.templating import environment

    front = dict(document.front_matter)
    if published:
        for key in PRIVATE_KEYS:
            front.pop(key, None)
    escape = escape_html if fmt == "gutenberg" else escape_markdown
    reply = markdown_reply_html if fmt == "gutenberg" else markdown_reply_text
    try:
        template = environment(templates_dir).get_template(f"{fmt}.md.j2")
        body = template.render(
            text=escape if published else _as_is,
            reply=reply if published else _as_is,
            front_matter=dump_front_matter(front),
            blocks=[{"kind": b.kind, "text": b.text} for b in document.blocks],
            notes=[] if published else list(document.notes),
            question_attrs=json.dumps(QUESTION_ATTRS, separators=(",", ":")),
            question_class=QUESTION_CLASS,
            published=published,
        )
    except Exception as exc:
        raise RenderError(
            f"template {fmt}.md.j2 failed: {type(exc).__name__}",
            hint="check post.templates_dir or remove the override",
        ) from exc
    return body.rstrip("\n") + "\n"


def _as_is(text: str) -> str:
    return text


# --------------------------------------------------------------------------- reading back


_WP_BLOCK_RE = re.compile(
    r"<!-- wp:paragraph(?P<attrs>\s+\{.*?\})?\s*-->\s*\n?"
    r"(?P<inner>.*?)\n?\s*<!-- /wp:paragraph -->",
    re.DOTALL,
)
_P_RE = re.compile(r"^<p(?:\s[^>]*)?>(?P<text>.*)</p>$", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a draft file into its front matter and body (python-frontmatter)."""
    import frontmatter

    post = frontmatter.loads(text)
    return dict(post.metadata), post.content


def parse_document(text: str, *, fmt: Format) -> Document:
    """Read a draft file back into a :class:`Document`.

    Raises ``ValueError`` when the front matter is not valid YAML.
    """
    try:
        front, body = split_front_matter(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter is not valid YAML: {exc}") from exc
    notes = tuple(m.strip()[len("<!-- mailpub:") : -3].strip() for m in _NOTE_RE.findall(body))
    body = _NOTE_RE.sub("", body)
    blocks = _parse_gutenberg(body) if fmt == "gutenberg" else _parse_markdown(body)
    return Document(front, tuple(blocks), notes)


def _parse_gutenberg(body: str) -> list[Block]:
    blocks: list[Block] = []
    position = 0
    for match in _WP_BLOCK_RE.finditer(body):
        _raw(blocks, body[position : match.start()])
        position = match.end()
        attrs = _attrs(match.group("attrs"))
        inner = match.group("inner").strip()
        p_match = _P_RE.match(inner)
        text = p_match.group("text") if p_match else inner
        kind: BlockKind = "question" if attrs.get("textColor") == "vivid-cyan-blue" else "paragraph"
        blocks.append(Block(kind, text.strip()))
    _raw(blocks, body[position:])
    return blocks


def _attrs(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _raw(blocks: list[Block], text: str) -> None:
    if text.strip():
        blocks.append(Block("raw", text.strip("\n")))


def _parse_markdown(body: str) -> list[Block]:
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", body.strip("\n")):
        lines = chunk.splitlines()
        if not lines:
            continue
        if all(line.startswith(">") for line in lines):
            text = " ".join(line[1:].strip() for line in lines)
            blocks.append(Block("question", text))
        else:
            blocks.append(Block("paragraph", chunk.strip()))
    return blocks


def published_text(draft_text: str, *, fmt: Format, templates_dir: Path | None) -> str:
    """The exact bytes publishing writes for a draft file (as text)."""
    document = parse_document(draft_text, fmt=fmt)
    return render(document, fmt=fmt, published=True, templates_dir=templates_dir)


def set_status(draft_text: str, status: str) -> str:
    """Rewrite only the ``status:`` line of a draft's front matter."""
    match = re.match(r"\A(---\r?\n.*?\r?\n)(---\r?\n)", draft_text, re.DOTALL)
    if not match:
        return draft_text
    head = match.group(1)
    new_head, count = re.subn(r"(?m)^status:.*$", f"status: {status}", head)
    if count == 0:
        new_head = head + f"status: {status}\n"
    return new_head + draft_text[len(head) :]

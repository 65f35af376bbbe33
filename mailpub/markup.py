"""Text in the published form: escaping and the author's inline Markdown.

Pure functions, one per kind of text and format. They make sure that what
reaches the blog reads right in every renderer it may land in: WordPress
(block markup), Jekyll (Liquid, then kramdown) and Hugo (goldmark).

* A reader's text (question blocks) is plain text: never interpreted as
  HTML, Markdown, Liquid or a Hugo shortcode. Placeholders such as
  ``<XXX Multinational Company>`` stay visible (``&lt;XXX …&gt;``): a bare
  one vanishes as an unknown HTML tag in kramdown, goldmark and WordPress.
* The author's text (replies, intro, closing) is plain text with inline
  Markdown (links, emphasis, code). In the ``gutenberg`` format it becomes
  HTML inside the paragraph (WordPress and kramdown do not render Markdown
  inside HTML blocks), rendered by markdown-it-py with raw HTML disabled,
  so a ``<XXX>`` the author typed stays visible text. In the ``markdown``
  format the author's Markdown is kept as is, with placeholders escaped.
* Curly braces become the entities ``&#123;`` / ``&#125;`` everywhere but in
  the author's Markdown code spans: Jekyll runs Liquid over every post, so
  a ``{{ … }}`` or ``{% … %}`` would execute or break the build, and Hugo
  reads ``{{< … >}}`` as a shortcode. Entities render as the braces in
  HTML, kramdown and goldmark alike.

None of these functions fails: every string has an escaped form.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})

# Inline Markdown punctuation that both CommonMark (goldmark) and kramdown
# accept backslash-escaped. ``<``, ``>``, ``&``, braces and ``~`` are handled
# with entities instead (``\~`` is not an escape in kramdown).
_INLINE_PUNCT_RE = re.compile(r"([\\`*_\[\]|$])")
# Line starts that would open a block: quote, heading, list, thematic break,
# setext underline, kramdown definition.
_LEADING_RE = re.compile(r"^(\s*)([#+*=:-]|\\[*_])|^(\s*)(\d+)([.)])")
# An autolink the author may write in Markdown: <https://…> or <me@example.org>.
_AUTOLINK_RE = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+)>"
)
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_BLANK_LINES_RE = re.compile(r"[ \t]*\n\s*")


def escape_braces(text: str) -> str:
    """``{`` and ``}`` as HTML entities (Liquid and Hugo shortcodes never see them)."""
    return text.translate(_BRACES)


def escape_html(text: str) -> str:
    """A reader's text as HTML text: ``<XXX>`` shows as the text ``<XXX>``.

    ``&``, ``<`` and ``>`` become entities, and so do the curly braces.
    Line breaks inside the text become single newlines (no blank line may
    end the HTML block early in kramdown or goldmark).
    """
    return escape_braces(html.escape(_one_block(text), quote=False))


def escape_markdown(text: str) -> str:
    """A reader's text placed in Markdown, so that no part of it becomes markup.

    ``&``, ``<``, ``>``, braces and ``~`` become entities; the inline
    punctuation of Markdown (``\\ ` * _ [ ] | $``) is backslash-escaped, and
    so is a line start that would open a quote, heading, list, thematic
    break or kramdown definition (``1. x`` becomes ``1\\. x``). The result
    renders as the original text in kramdown and goldmark.
    """
    escaped = html.escape(_one_block(text), quote=False)
    escaped = _INLINE_PUNCT_RE.sub(r"\\\1", escaped)
    escaped = escape_braces(escaped).replace("~", "&#126;")
    lines = [_LEADING_RE.sub(_escape_leading, line) for line in escaped.split("\n")]
    return "\n".join(lines)


def _escape_leading(match: re.Match[str]) -> str:
    if match.group(4) is not None:
        return f"{match.group(3)}{match.group(4)}\\{match.group(5)}"
    marker = match.group(2)
    if marker.startswith("\\"):
        return match.group(0)  # already escaped by the inline pass
    return f"{match.group(1)}\\{marker}"


def markdown_reply_html(text: str) -> str:
    """The author's reply (plain text with inline Markdown) as HTML for a ``<p>``.

    Links, emphasis, strong emphasis and code spans become HTML; raw HTML
    in the text is escaped (a ``<XXX>`` the author typed stays visible), and
    so are the curly braces. Link targets that are not safe (``javascript:``
    and the like) are left as text by markdown-it.
    """
    rendered = _markdown_it().renderInline(_one_block(text))
    return escape_braces(rendered)


def markdown_reply_text(text: str) -> str:
    """The author's reply kept as Markdown, with placeholders escaped.

    Every ``<`` that does not open an autolink becomes ``&lt;`` (so
    ``<XXX>`` stays visible), and curly braces become entities; inside code
    spans nothing is changed (code spans are literal in every renderer).
    """
    parts: list[str] = []
    position = 0
    source = _one_block(text)
    for match in _CODE_SPAN_RE.finditer(source):
        parts.append(_escape_reply_prose(source[position : match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(_escape_reply_prose(source[position:]))
    return "".join(parts)


def _escape_reply_prose(text: str) -> str:
    parts: list[str] = []
    position = 0
    for match in _AUTOLINK_RE.finditer(text):
        parts.append(escape_braces(text[position : match.start()].replace("<", "&lt;")))
        parts.append(match.group(0))
        position = match.end()
    parts.append(escape_braces(text[position:].replace("<", "&lt;")))
    return "".join(parts)


def _one_block(text: str) -> str:
    """Trim, drop hidden controls, and fold line breaks to one newline (never a blank line)."""
    return _BLANK_LINES_RE.sub("\n", strip_hidden_controls(text).strip())


# Bidirectional overrides/embeddings/isolates and marks, zero-width spaces, word
# joiners, BOM: they can reorder or hide text. ZWJ/ZWNJ (U+200C/D) are kept:
# scripts and emoji need them (the gate looks through every format character).
_HIDDEN_CONTROLS_RE = re.compile(
    "[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def strip_hidden_controls(text: str) -> str:
    """``text`` without bidirectional controls and zero-width spaces (pure)."""
    return _HIDDEN_CONTROLS_RE.sub("", text)


@lru_cache(maxsize=1)
def _markdown_it() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

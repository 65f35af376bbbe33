"""HTML mail bodies to readable plain text (pure; str in, str out).

:func:`html_to_text` turns the HTML of a letter into text that
:mod:`mailpub.clean` can read like a plain-text body:

* ``script``, ``style``, ``head``, comments and similar are dropped;
* block elements (``p``, ``div``, headings, table rows, ...) become
  paragraphs separated by a blank line; ``<br>`` is a line break, so
  ``<br><br>`` separates paragraphs; there is no hard wrapping;
* list items are one per line as ``- item`` (``1. item`` in ordered lists);
* links read ``text (url)``, or just ``url`` when the text is the address;
  ``mailto:`` links whose text is the address are not repeated;
* quoted history (``blockquote``, ``div.gmail_quote``, Outlook's
  ``#divRplyFwdMsg`` and everything after it, Thunderbird's
  ``div.moz-cite-prefix`` and what follows, Yahoo's ``.yahoo_quoted``) is
  rendered with every line prefixed by ``"> "`` so that the cleaner
  recognises it as quoted history;
* entities are decoded and non-breaking spaces become plain spaces.

The function never raises for any input string: pathological nesting falls
back to a flat tag-stripping rendering.
"""

from __future__ import annotations

import re
from html import unescape

from bs4 import BeautifulSoup
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

__all__ = ["html_to_text"]

_DROP = frozenset(
    {"script", "style", "head", "title", "meta", "link", "noscript", "template", "svg", "object",
     "iframe", "embed", "applet", "xml", "o:p"}
)
_BLOCK = frozenset(
    {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "center",
     "form", "fieldset", "address", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tbody",
     "thead", "tfoot", "tr", "dl", "dt", "dd", "figure", "figcaption", "body", "html", "hr",
     "caption", "details", "summary"}
)
_CELL = frozenset({"td", "th"})
_MAX_DEPTH = 150

# Markers inside the intermediate string: paragraph break and line break.
_PARA = "\x01"
_BR = "\x02"
_LI = "\x03"  # list item boundary: always a single line break
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value]


def _starts_quote_run(tag: Tag) -> bool:
    """Elements after which the rest of their parent is quoted history."""
    tag_id = str(tag.get("id") or "")
    if tag_id in ("divRplyFwdMsg", "appendonsend", "stopSpelling"):
        return True
    classes = _classes(tag)
    return "moz-cite-prefix" in classes or "OutlookMessageHeader" in classes


def _is_quote(tag: Tag) -> bool:
    """Elements that are quoted history themselves."""
    if tag.name == "blockquote":
        return True
    classes = _classes(tag)
    return bool({"gmail_quote", "yahoo_quoted", "protonmail_quote", "zmail_extra"} & set(classes))


def _link_text(tag: Tag, inner: str) -> str:
    href = str(tag.get("href") or "").strip()
    text = inner.strip()
    if not href or href.startswith(("#", "javascript:", "cid:", "data:")):
        return inner
    target = href[7:] if href.lower().startswith("mailto:") else href
    target = target.split("?", 1)[0] if href.lower().startswith("mailto:") else target
    if not text:
        return inner
    plain = not any(m in text for m in (_PARA, _BR, _LI))
    if not plain:
        return inner
    norm_text = text.rstrip("/").lower()
    norm_target = target.rstrip("/").lower()
    same = norm_text in (norm_target, href.rstrip("/").lower())
    if same or norm_target.endswith("//" + norm_text):
        return inner
    if href.lower().startswith("mailto:"):
        # "Write to me" -> "Write to me (me@example.org)"; address text stays as is.
        return f"{inner} ({target})" if "@" not in text else inner
    return f"{inner} ({href})"


def _quote_block(body: str) -> str:
    """Render already-rendered ``body`` as a quoted block (``> `` prefixed lines)."""
    text = _finish(body)
    if not text:
        return ""
    lines = [("> " + line) if line else ">" for line in text.split("\n")]
    return _PARA + _BR.join(lines) + _PARA


class _Renderer:
    def __init__(self) -> None:
        self.list_stack: list[list[int]] = []  # [is_ordered, counter]

    def render_children(self, tag: Tag, depth: int) -> str:
        out: list[str] = []
        children = list(tag.children)
        for i, child in enumerate(children):
            if isinstance(child, Tag) and _starts_quote_run(child):
                rest = "".join(self.render_node(c, depth + 1) for c in children[i:])
                out.append(_quote_block(rest))
                break
            out.append(self.render_node(child, depth + 1))
        return "".join(out)

    def render_node(self, node: object, depth: int) -> str:
        if isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
            return ""
        if isinstance(node, NavigableString):
            return _WS.sub(" ", str(node))
        if not isinstance(node, Tag):
            return ""
        name = (node.name or "").lower()
        if name in _DROP:
            return ""
        if depth > _MAX_DEPTH:
            return " " + _WS.sub(" ", node.get_text(" ")) + " "
        if name == "br":
            return _BR
        if name == "img":
            return ""
        if name == "pre":
            raw = node.get_text()
            return _PARA + raw.replace("\r\n", "\n").replace("\n", _BR) + _PARA
        if _is_quote(node):
            return _quote_block(self.render_children(node, depth))
        if name in ("ul", "ol"):
            self.list_stack.append([1 if name == "ol" else 0, 0])
            try:
                start = int(str(node.get("start") or "1")) if name == "ol" else 1
            except ValueError:
                start = 1
            self.list_stack[-1][1] = start - 1
            inner = self.render_children(node, depth)
            self.list_stack.pop()
            return _PARA + inner + _PARA
        if name == "li":
            if self.list_stack:
                ordered, _count = self.list_stack[-1]
                self.list_stack[-1][1] += 1
                bullet = f"{self.list_stack[-1][1]}. " if ordered else "- "
            else:
                bullet = "- "
            inner = self.render_children(node, depth)
            # An item's own paragraphs stay on its line.
            inner = inner.replace(_PARA, " ").replace(_BR, " ").replace(_LI, " ")
            return _LI + bullet + inner.strip() + _LI
        if name == "a":
            return _link_text(node, self.render_children(node, depth))
        inner = self.render_children(node, depth)
        if name in _BLOCK:
            return _PARA + inner + _PARA
        if name in _CELL:
            return " " + inner + " "
        return inner


def _finish(raw: str) -> str:
    """Resolve markers into newlines, trim spaces, drop leading/trailing blank lines."""
    # Spaces next to markers are insignificant.
    raw = re.sub(r" *([\x01-\x03]+) *", r"\1", raw)

    def _breaks(match: re.Match[str]) -> str:
        run = match.group(0)
        if _PARA in run or run.count(_BR) >= 2:
            return "\n\n"
        return "\n"

    text = re.sub(r"[\x01-\x03]+", _breaks, raw)
    lines = [line.strip(" ") for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


def _fallback(html: str) -> str:
    text = re.sub(r"(?is)<(script|style|head)\b.*?</\1\s*>", " ", html)
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</?(p|div|tr|h[1-6]|li|table)\b[^>]*>", "\n\n", text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = unescape(text).replace("\u00a0", " ")
    text = "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def html_to_text(html: str) -> str:
    """Convert an HTML body to readable plain text (see module docstring).

    Input: the decoded HTML as a string. Output: text with LF line ends, no
    trailing spaces, no leading or trailing blank lines. Never raises.
    """
    html = html.replace("\x00", "")
    try:
        soup = BeautifulSoup(html, "html.parser")
        rendered = _Renderer().render_children(soup, 0)
        return _finish(rendered)
    except (RecursionError, ValueError, TypeError, AttributeError):
        return _fallback(html)

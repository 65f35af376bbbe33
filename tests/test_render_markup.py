"""Escaping and the author's inline Markdown in the published form (mailpub.markup)."""

from __future__ import annotations

import html
import re

from hypothesis import assume, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mailpub.markup import (
    escape_html,
    escape_markdown,
    markdown_reply_html,
    markdown_reply_text,
    strip_hidden_controls,
)

COMMONMARK = MarkdownIt("commonmark")


def visible(rendered_html: str) -> str:
    """The text a reader sees in an HTML fragment (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered_html))


def test_reply_inline_markdown_becomes_html() -> None:
    out = markdown_reply_html("see this [post](https://example.org/a?b=1&c=2), *really* `x < y`")
    assert out == (
        'see this <a href="https://example.org/a?b=1&amp;c=2">post</a>, <em>really</em> '
        "<code>x &lt; y</code>"
    )


def test_reply_html_and_placeholders_stay_text() -> None:
    out = markdown_reply_html("ask <XXX Multinational Company> or <b>them</b> & me")
    assert out == "ask &lt;XXX Multinational Company&gt; or &lt;b&gt;them&lt;/b&gt; &amp; me"


def test_reply_liquid_braces_are_entities_even_in_code() -> None:
    out = markdown_reply_html("{{ site.title }} and `{% raw %}`")
    assert "{" not in out and "}" not in out
    assert visible(out) == "{{ site.title }} and {% raw %}"


def test_reply_unsafe_link_is_not_a_link() -> None:
    assert "<a " not in markdown_reply_html("[x](javascript:alert(1))")


def test_reply_never_has_a_blank_line() -> None:
    assert "\n\n" not in markdown_reply_html("one\n\n\ntwo")
    assert markdown_reply_html("") == ""


def test_reader_text_is_plain_html_text() -> None:
    assert escape_html("I work at <XXX> & {{ x }}") == (
        "I work at &lt;XXX&gt; &amp; &#123;&#123; x &#125;&#125;"
    )


def test_markdown_reply_keeps_markdown_escapes_placeholders() -> None:
    out = markdown_reply_text("at <XXX Big Co>, see [post](https://e.org) and <https://e.org/x>")
    assert out == "at &lt;XXX Big Co>, see [post](https://e.org) and <https://e.org/x>"
    assert markdown_reply_text("`<b>{x}</b>` {y}") == "`<b>{x}</b>` &#123;y&#125;"


def test_reader_markdown_line_starts() -> None:
    assert escape_markdown("# not a heading") == "\\# not a heading"
    assert escape_markdown("- item <XXX>") == "\\- item &lt;XXX&gt;"
    assert escape_markdown("12) twelfth") == "12\\) twelfth"
    assert escape_markdown("---") == "\\---"
    assert escape_markdown(": kramdown definition") == "\\: kramdown definition"
    assert escape_markdown("*a* _b_ [c](d) `e` ~~f~~ a|b $$x$$") == (
        "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` &#126;&#126;f&#126;&#126; a\\|b \\$\\$x\\$\\$"
    )


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_reader_text_reads_the_same_in_commonmark(text: str) -> None:
    """Whatever the reader wrote renders as exactly that text, as a blockquote paragraph."""
    stripped = " ".join(strip_hidden_controls(text).split())  # controls are dropped
    assume(stripped)
    rendered = COMMONMARK.render("> " + escape_markdown(stripped) + "\n")
    assert rendered.startswith("<blockquote>\n<p>"), rendered
    assert rendered.count("<p>") == 1
    inner = re.sub(r"^<blockquote>\n(<p>)?|(</p>\n)?</blockquote>\n$", "", rendered)
    assert re.search(r"<(?!/?(br|p)\b)", inner) is None, rendered  # no markup at all
    assert visible(inner).strip() == stripped.strip()


@given(st.text(max_size=60))
def test_reader_text_reads_the_same_in_html(text: str) -> None:
    out = escape_html(text)
    assert "<" not in out and "{" not in out and "}" not in out
    assert "\n\n" not in out
    visible_text = strip_hidden_controls(text)  # bidi and zero-width controls are dropped
    assert html.unescape(out) == re.sub(r"[ \t]*\n\s*", "\n", visible_text.strip())

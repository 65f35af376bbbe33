"""Drafting, the published form and reading drafts back (pure functions)."""

from __future__ import annotations

import re
from datetime import date

import yaml
from hypothesis import given
from hypothesis import strategies as st

from mailpub.draft import (
    Block,
    PostSettings,
    build_document,
    clean_title,
    escape_markdown,
    parse_document,
    published_text,
    render,
    set_status,
    slugify,
)

SETTINGS = PostSettings(intro="Intro text.", closing="Closing text.")
TEXT = (
    "Hi Boris,\n\nI work at <XXX> & love it.\n\nI got 2 offers:\n- One with <YYY>\n- One with a"
    " startup\n\nI am unsure."
)


def doc(title: str = "Career: <XXX> or <YYY>?", text: str = TEXT):  # type: ignore[no-untyped-def]
    return build_document(
        title=title, text=text, draft_id="abcde", day=date(2026, 1, 2), settings=SETTINGS
    )


def test_layout_greeting_has_no_slot_and_list_shares_one() -> None:
    kinds = [(b.kind, b.text) for b in doc().blocks]
    assert kinds == [
        ("paragraph", "Intro text."),
        ("paragraph", ""),
        ("question", "Hi Boris,"),
        ("question", "I work at <XXX> & love it."),
        ("paragraph", "@@REPLY@@"),
        ("question", "I got 2 offers:"),
        ("question", "- One with <YYY>"),
        ("question", "- One with a startup"),
        ("paragraph", "@@REPLY@@"),
        ("question", "I am unsure."),
        ("paragraph", "@@REPLY@@"),
        ("paragraph", ""),
        ("paragraph", "Closing text."),
    ]


def test_list_after_blank_line_joins_its_intro() -> None:
    document = doc(text="I got offers:\n\n- A\n- B")
    assert [b.text for b in document.blocks if b.kind != "paragraph"] == [
        "I got offers:",
        "- A",
        "- B",
    ]
    assert sum(1 for b in document.blocks if b.text == "@@REPLY@@") == 1


def test_gutenberg_published_escapes_and_strips_private() -> None:
    draft = render(doc(), fmt="gutenberg", published=False, templates_dir=None)
    assert '<p class="has-vivid-cyan-blue-color has-text-color has-small-font-size">' in draft
    assert "I work at <XXX> & love it." in draft  # the author reads it as is
    assert "mailpub_id: abcde" in draft and "status: draft" in draft
    out = published_text(draft, fmt="gutenberg", templates_dir=None)
    assert "I work at &lt;XXX&gt; &amp; love it." in out
    assert "<XXX>" not in out.split("---", 2)[2]
    assert "mailpub_id" not in out and "status:" not in out and "<!-- mailpub:" not in out
    front = yaml.safe_load(out.split("---", 2)[1])
    assert list(front) == ["title", "date", "categories", "tags", "layout"]


def test_markdown_published_uses_blockquotes() -> None:
    draft = render(doc(), fmt="markdown", published=False, templates_dir=None)
    assert "\n> I work at <XXX> & love it.\n" in draft
    out = published_text(draft, fmt="markdown", templates_dir=None)
    assert "\n> I work at &lt;XXX&gt; &amp; love it.\n" in out
    assert "\n> \\- One with &lt;YYY&gt;\n" in out


def test_author_edits_survive_and_unknown_blocks_pass_through() -> None:
    draft = render(doc(), fmt="gutenberg", published=False, templates_dir=None)
    draft = draft.replace("<p>@@REPLY@@</p>", "<p>My answer: ask <XXX Multinational>.</p>", 1)
    draft += '\n<!-- wp:separator -->\n<hr class="wp-block-separator"/>\n<!-- /wp:separator -->\n'
    out = published_text(draft, fmt="gutenberg", templates_dir=None)
    assert "<p>My answer: ask &lt;XXX Multinational&gt;.</p>" in out
    assert "<!-- wp:separator -->" in out


def test_round_trip_blocks() -> None:
    document = doc()
    for fmt in ("gutenberg", "markdown"):
        text = render(document, fmt=fmt, published=False, templates_dir=None)  # type: ignore[arg-type]
        back = parse_document(text, fmt=fmt)  # type: ignore[arg-type]
        expected = [b for b in document.blocks if fmt == "gutenberg" or b.text]
        assert list(back.blocks) == expected
        assert back.front_matter["mailpub_id"] == "abcde"


def test_escape_markdown_line_starts() -> None:
    assert escape_markdown("# not a heading") == "\\# not a heading"
    assert escape_markdown("- item <XXX>") == "\\- item &lt;XXX&gt;"
    assert escape_markdown("1. first") == "1\\. first"


def test_slugify() -> None:
    assert slugify("Career advice: <XXX> or <YYY>?") == "career-advice-xxx-or-yyy"
    assert slugify("Société Générale ✨") == "societe-generale"
    assert slugify("!!!") == "letter"


def test_set_status_changes_only_front_matter() -> None:
    text = "---\ntitle: x\nstatus: draft\n---\n\nstatus: draft in body\n"
    assert (
        set_status(text, "approved")
        == "---\ntitle: x\nstatus: approved\n---\n\nstatus: draft in body\n"
    )


def test_custom_template_dir_overrides(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "gutenberg.md.j2").write_text(
        "---\n{{ front_matter }}---\nCUSTOM {{ blocks|length }}\n"
    )
    out = render(doc(), fmt="gutenberg", published=True, templates_dir=tmp_path)
    assert out.endswith("CUSTOM 13\n")


@given(st.text(min_size=0, max_size=80))
def test_front_matter_always_valid_yaml(title: str) -> None:
    for fmt in ("gutenberg", "markdown"):
        text = render(doc(title=title), fmt=fmt, published=False, templates_dir=None)  # type: ignore[arg-type]
        back = parse_document(text, fmt=fmt)  # type: ignore[arg-type]
        assert back.front_matter["title"] == (clean_title(title) or "A reader's question")
        assert "\n" not in back.front_matter["title"]


@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]),
            min_size=1,
            max_size=40,
        )
        .map(str.strip)
        .filter(bool),
        min_size=1,
        max_size=6,
    )
)
def test_published_gutenberg_never_has_raw_angle_brackets(lines: list[str]) -> None:
    text = "\n\n".join(lines)
    draft = render(doc(text=text), fmt="gutenberg", published=False, templates_dir=None)
    out = published_text(draft, fmt="gutenberg", templates_dir=None)
    body = out.split("\n---\n", 1)[1]
    inner = re.findall(r"<p[^>]*>(.*?)</p>", body, re.DOTALL)
    assert all("<" not in part and ">" not in part for part in inner)
    assert Block in (Block,)  # keep the import used

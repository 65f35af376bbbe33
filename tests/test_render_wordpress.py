"""Published posts as WordPress reads them: its own block parser, run with Node.js.

`@wordpress/block-serialization-default-parser` (installed by `npm ci` in
tests/js) parses every published post of the golden tests and the seed post
with answered replies. Each post must be what WordPress's serializer writes
for core/paragraph blocks: `<!-- wp:paragraph {attrs} -->`, a newline, the
`<p>`, a newline, `<!-- /wp:paragraph -->`, blocks separated by one blank
line, and nothing outside blocks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mailpub.draft import QUESTION_ATTRS, QUESTION_CLASS
from tests.site import LINK, body_of, seed_post, wordpress_parse
from tests.test_golden import CASES, GOLDEN


def _is_gutenberg(case: str) -> bool:
    config = GOLDEN / case / "config.yaml"
    return not config.exists() or "format: markdown" not in config.read_text()


GUTENBERG_CASES = [case for case in CASES if _is_gutenberg(case)]
QUESTION_P = re.compile(rf'\A\n<p class="{QUESTION_CLASS}">(?P<text>[^<]*)</p>\n\Z')
REPLY_P = re.compile(r"\A\n<p>(?P<html>.*)</p>\n\Z", re.DOTALL)


def wp_serialize_attributes(attrs: dict[str, object]) -> str:
    """WordPress's ``serializeAttributes`` (@wordpress/blocks): JSON with escapes."""
    text = json.dumps(attrs, separators=(",", ":"), ensure_ascii=False)
    text = text.replace("--", "\\u002d\\u002d").replace("<", "\\u003c").replace(">", "\\u003e")
    return text.replace("&", "\\u0026").replace('\\"', "\\u0022")


def wp_serialize(block: dict[str, object]) -> str:
    """WordPress's ``getCommentDelimitedContent`` for a parsed block."""
    name = str(block["blockName"]).removeprefix("core/")
    attrs = block["attrs"]
    assert isinstance(attrs, dict)
    serialized = wp_serialize_attributes(attrs) + " " if attrs else ""
    content = str(block["innerHTML"]).strip("\n")
    if not content:
        return f"<!-- wp:{name} {serialized}/-->"
    return f"<!-- wp:{name} {serialized}-->\n{content}\n<!-- /wp:{name} -->"


def check_canonical(body: str) -> list[dict[str, object]]:
    """Parse ``body`` with WordPress; assert it is canonical; return the real blocks."""
    parsed = wordpress_parse(body)
    blocks = [b for b in parsed if b["blockName"] is not None]
    strays = [b["innerHTML"] for b in parsed if b["blockName"] is None]
    assert all(not str(s).strip() for s in strays), f"text outside blocks: {strays!r}"
    assert blocks, "no block found"
    for block in blocks:
        assert block["blockName"] == "core/paragraph"
        assert block["innerBlocks"] == []
        assert block["attrs"] in ({}, QUESTION_ATTRS), block["attrs"]
    # exactly what WordPress's serializer writes: one blank line between blocks
    assert body.strip("\n") == "\n\n".join(wp_serialize(b) for b in blocks)
    return blocks


@pytest.mark.parametrize("case", GUTENBERG_CASES)
def test_golden_posts_parse_as_canonical_paragraph_blocks(case: str) -> None:
    post = (GOLDEN / case / "expected-preview.md").read_text(encoding="utf-8")
    blocks = check_canonical(body_of(post))
    for block in blocks:
        html = str(block["innerHTML"])
        if block["attrs"] == QUESTION_ATTRS:
            assert QUESTION_P.match(html), html
        else:
            assert REPLY_P.match(html), html
    assert any(b["attrs"] == QUESTION_ATTRS for b in blocks)


def test_there_are_gutenberg_goldens() -> None:
    assert len(GUTENBERG_CASES) >= 2


def test_seed_post_as_wordpress_reads_it(tmp_path: Path) -> None:
    """Must show: reader paragraphs blue/small with classes, replies plain, nothing outside."""
    post = seed_post(tmp_path, "gutenberg")
    blocks = check_canonical(body_of(post))
    questions = [b for b in blocks if b["attrs"] == QUESTION_ATTRS]
    others = [b for b in blocks if b["attrs"] == {}]
    assert len(questions) + len(others) == len(blocks)
    texts = [QUESTION_P.match(str(b["innerHTML"])) for b in questions]
    assert all(texts), [b["innerHTML"] for b in questions]
    reader = [m.group("text") for m in texts if m]
    assert reader[0] == "Hi Boris,"
    assert any("data science at &lt;XXX&gt;, producing" in t for t in reader)
    assert any("One with &lt;YYY&gt;" in t for t in reader)
    replies = [str(b["innerHTML"]) for b in others]
    assert all(REPLY_P.match(r) for r in replies), replies
    assert all("class=" not in r for r in replies)
    assert f'(see this <a href="{LINK}">post</a>).' in replies[2]
    assert "at &lt;XXX Multinational Company&gt;, talk to your <em>manager</em>" in replies[3]
    assert "<code>git log</code>" in replies[3]
    assert "&#123;&#123; site.title &#125;&#125;" in replies[4]
    assert "\n<p></p>\n" in replies  # the spacer: an empty paragraph, as WordPress writes it


def test_reader_traps_stay_text_in_wordpress(tmp_path: Path) -> None:
    post = seed_post(tmp_path, "gutenberg", traps=True)
    blocks = check_canonical(body_of(post))
    [trapped] = [b for b in blocks if "I tried" in str(b["innerHTML"])]
    assert trapped["attrs"] == QUESTION_ATTRS
    html = str(trapped["innerHTML"])
    assert QUESTION_P.match(html), html  # no tag at all inside the reader's paragraph
    for marker in ("{{", "{%", "<b>", "<a ", "<em>", "<code>"):
        assert marker not in html

"""The seed post built by real static generators (Debian `jekyll`, `hugo`) and seen in Chromium.

Each test builds a minimal site with its own small layout and the shipped
stylesheet (templates/mailpub.css), then reads the page as a reader would:
question paragraphs keep their classes, every placeholder is visible text,
a reader's Liquid / shortcode / Markdown / HTML stays text (and the build
does not break), and the author's Markdown link is a link. The Chromium
test renders the Hugo page to a PNG (kept under the pytest tmp dir, path
printed) and reads pixels inside a question and a reply.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from mailpub.draft import QUESTION_CLASS
from tests.site import (
    LINK,
    TRAP_TEXTS,
    body_of,
    build_hugo,
    build_jekyll,
    chromium,
    hugo_site,
    is_blue,
    jekyll_site,
    read_png,
    seed_post,
    serve,
)
from tests.test_golden import CASES, GOLDEN

PLACEHOLDERS = ("<XXX>", "<YYY>", "<XXX Multinational Company>")
AUTHOR_LIQUID = "{{ site.title }} and {% include nope.html %}"


def article(page: Path) -> Tag:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = soup.find("article")
    assert isinstance(found, Tag), "the layout's <article> is missing"
    return found


def question_texts(post: str) -> list[str]:
    """The reader's paragraphs of a published gutenberg post, as plain text."""
    pattern = rf'<p class="{QUESTION_CLASS}">(.*?)</p>'
    return [html.unescape(t) for t in re.findall(pattern, body_of(post))]


def check_reads_right(page: Path) -> Tag:
    """What every built page must show, whatever the generator or format."""
    body = article(page)
    text = " ".join(body.get_text().split())
    for placeholder in PLACEHOLDERS:
        assert placeholder in text, placeholder
    for trap in (*TRAP_TEXTS, AUTHOR_LIQUID):
        assert trap in text, trap  # neither executed, nor eaten, nor turned into markup
    links = [a for a in body.find_all("a") if a.get("href") == LINK]
    assert [a.get_text() for a in links] == ["post"]  # the reply's Markdown link
    assert body.find("b") is None and body.find(["xxx", "yyy"]) is None
    emphasis = [e.get_text() for e in body.find_all("em")]
    assert emphasis == ["manager"]  # the author's *manager*, not the reader's *stars*
    return body


def check_questions(body: Tag, post: str) -> None:
    expected = question_texts(post)
    paragraphs = body.find_all("p", class_="has-vivid-cyan-blue-color")
    assert len(paragraphs) == len(expected) > 10
    for paragraph, text in zip(paragraphs, expected, strict=True):
        assert paragraph.get("class") == QUESTION_CLASS.split()
        assert paragraph.get_text() == text
    replies = [p for p in body.find_all("p") if not p.get("class")]
    assert any("Teaching is an excellent way to grow" in p.get_text() for p in replies)


def check_blockquotes(body: Tag) -> None:
    quotes = [" ".join(q.get_text().split()) for q in body.find_all("blockquote")]
    assert quotes[0] == "Hi Boris,"
    assert any("data science at <XXX>, producing" in q for q in quotes)
    assert any(q.startswith("- One with <YYY>") for q in quotes)
    assert any("*stars*" in q for q in quotes)


# --------------------------------------------------------------------------- Jekyll


def test_jekyll_builds_gutenberg_post(tmp_path: Path) -> None:
    post = seed_post(tmp_path, "gutenberg", traps=True)
    page = build_jekyll(jekyll_site(tmp_path / "site", post), tmp_path / "_site")
    body = check_reads_right(page)
    check_questions(body, post)
    assert 'href="/assets/css/mailpub.css"' in page.read_text()


def test_jekyll_builds_markdown_post(tmp_path: Path) -> None:
    post = seed_post(tmp_path, "markdown", traps=True)
    page = build_jekyll(jekyll_site(tmp_path / "site", post), tmp_path / "_site")
    check_blockquotes(check_reads_right(page))


# --------------------------------------------------------------------------- Hugo


def test_hugo_builds_gutenberg_post_with_unsafe(tmp_path: Path) -> None:
    post = seed_post(tmp_path, "gutenberg", traps=True)
    page = build_hugo(hugo_site(tmp_path / "site", post, unsafe=True), tmp_path / "public")
    body = check_reads_right(page)
    check_questions(body, post)


def test_hugo_builds_markdown_post_without_unsafe(tmp_path: Path) -> None:
    post = seed_post(tmp_path, "markdown", traps=True)
    page = build_hugo(hugo_site(tmp_path / "site", post, unsafe=False), tmp_path / "public")
    body = check_reads_right(page)
    check_blockquotes(body)
    assert "raw HTML omitted" not in page.read_text()


def test_hugo_without_unsafe_drops_gutenberg_html(tmp_path: Path) -> None:
    """The documented trap: block markup needs markup.goldmark.renderer.unsafe."""
    post = seed_post(tmp_path, "gutenberg")
    page = build_hugo(hugo_site(tmp_path / "site", post, unsafe=False), tmp_path / "public")
    body = article(page)
    assert "raw HTML omitted" in page.read_text()
    assert body.find("p", class_="has-vivid-cyan-blue-color") is None


# --------------------------------------------------------------------------- every golden post

PLACEHOLDER_RE = re.compile(r"<[A-Z]{3,}\d*(?: [^<>]*)?>")


@pytest.mark.parametrize("generator", ["jekyll", "hugo"])
@pytest.mark.parametrize("case", CASES)
def test_golden_posts_build_and_read_right(case: str, generator: str, tmp_path: Path) -> None:
    post = (GOLDEN / case / "expected-preview.md").read_text(encoding="utf-8")
    gutenberg = "<!-- wp:paragraph" in post
    if generator == "jekyll":
        page = build_jekyll(
            jekyll_site(tmp_path / "site", post, slug=case), tmp_path / "out", slug=case
        )
    else:
        site = hugo_site(tmp_path / "site", post, unsafe=gutenberg, slug=case)
        page = build_hugo(site, tmp_path / "out", slug=case)
    body = article(page)
    text = " ".join(body.get_text().split())
    source = html.unescape(body_of(post))
    placeholders = set(PLACEHOLDER_RE.findall(source))
    assert placeholders, "every golden post has a placeholder"
    for placeholder in placeholders:
        assert placeholder in text, placeholder
    if gutenberg:
        expected = question_texts(post)
        found = [p.get_text() for p in body.find_all("p", class_=QUESTION_CLASS.split()[0])]
        assert found == expected
    else:
        quotes = body.find_all("blockquote")
        assert len(quotes) == len(re.findall(r"(?m)^> ", body_of(post)))
    for trap in ("{{ page.title }}", "{% include footer.html %}", "{% endraw %}"):
        assert (trap in text) == (trap in source), trap


# --------------------------------------------------------------------------- Chromium


def test_chromium_shows_questions_blue(tmp_path: Path) -> None:
    post = seed_post(tmp_path, "gutenberg")
    public = tmp_path / "public"
    build_hugo(hugo_site(tmp_path / "site", post, unsafe=True, geometry=True), public)
    png = tmp_path / "seed-post.png"
    with serve(public) as base:
        url = f"{base}/posts/career-advise-upgrading-data-science-career/"
        dom = chromium(url, tmp_path / "profile-dom", "--dump-dom")
        assert dom.returncode == 0, dom.stderr[-2000:]
        shot = chromium(url, tmp_path / "profile-shot", f"--screenshot={png}")
        assert shot.returncode == 0 and png.exists(), shot.stderr[-2000:]
    print(f"screenshot of the Hugo page: {png}")
    found = re.search(r'data-geometry="([^"]*)"', dom.stdout)
    assert found, "the page did not report its geometry (did the stylesheet load?)"
    geometry = json.loads(html.unescape(found.group(1)))
    image = read_png(png.read_bytes())

    def pixels(box: list[int]) -> list[tuple[int, int, int]]:
        left, top, width, height = box
        assert width > 0 and height > 0 and top + height <= image.height, (box, image.height)
        return [
            image.pixel(x, y)
            for y in range(top, top + height)
            for x in range(left, min(left + width, image.width))
        ]

    question = pixels(geometry["question"])
    reply = pixels(geometry["reply"])
    assert any(is_blue(p) for p in question), "no blue pixel inside the first question"
    assert not any(is_blue(p) for p in reply), "a reply paragraph is blue"
    assert any(max(p) < 100 for p in reply), "the reply's text is not dark body text"
    # smaller: the question's line is shorter than the reply's (13px vs the body's 18px)
    assert geometry["question"][3] < geometry["reply"][3]

"""Helpers for rendering tests: the seed post, real Jekyll/Hugo sites, Chromium, PNG.

Everything here drives real clients (WordPress's block parser under Node.js,
Jekyll, Hugo, headless Chromium). A missing tool skips the test with a clear
message, or fails it under CI (see :func:`tests.blog.require`).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import struct
import subprocess
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.blog import require
from tests.conftest import EXAMPLES, ROOT

SEED = EXAMPLES / "01-career-move.eml"
JS = Path(__file__).resolve().parent / "js"
STYLESHEET = ROOT / "templates" / "mailpub.css"
#: A publication time in the past (static generators skip future posts).
WHEN = datetime(2024, 4, 11, 9, 30, tzinfo=UTC)
SLUG = "career-advise-upgrading-data-science-career"
LINK = "https://example.org/2020/06/22/book-review/"

#: The author's replies, in order; the rest get "My answer number N: it depends."
REPLIES = (
    f"Teaching is an excellent way to grow (see this [post]({LINK})).",
    "Since you work at <XXX Multinational Company>, talk to your *manager* first; "
    "`git log` shows what you did.",
    "Liquid in my own text stays text: {{ site.title }} and {% include nope.html %}.",
)
#: A reader's text full of generator traps, added to one question block.
READER_TRAPS = (
    " I tried {{ page.title }}, {% include evil.html %}, {% endraw %},"
    " {{< shortcode >}}, {{% note %}},"
    " *stars*, [a link](https://example.org), <b>bold</b> and `code`."
)
TRAP_TEXTS = (
    "{{ page.title }}",
    "{% include evil.html %}",
    "{% endraw %}",
    "{{< shortcode >}}",
    "{{% note %}}",
    "*stars*",
    "[a link](https://example.org)",
    "<b>bold</b>",
    "`code`",
)


# --------------------------------------------------------------------------- the post


def seed_post(tmp_path: Path, fmt: str, *, traps: bool = False) -> str:
    """The published form of the seed letter's post, every reply slot answered.

    The first replies are :data:`REPLIES` (a Markdown link, emphasis, code,
    a placeholder typed by the author, Liquid); with ``traps`` the reader's
    second-to-last question also holds :data:`READER_TRAPS`.
    """
    from mailpub.config import load_config
    from mailpub.model import Outcome, RawMessage
    from mailpub.pipeline import import_messages
    from mailpub.publish import publication_text
    from mailpub.state import State

    home = tmp_path / f"mailpub-{fmt}"
    home.mkdir(exist_ok=True)
    config = home / "config.yaml"
    config.write_text(
        "paths:\n  drafts: drafts\n  state: state\nauthor:\n  name: Boris\n"
        f"post:\n  format: {fmt}\n",
        encoding="utf-8",
    )
    cfg = load_config(config)
    raw = RawMessage(SEED.name, SEED.read_bytes())
    with State(cfg.paths.state, cfg.paths.drafts) as state:
        [entry] = import_messages(cfg, state, [raw], clock=lambda: WHEN)
        assert entry.outcome == Outcome.DRAFTED, entry.reason
        assert entry.draft_id is not None
        draft = state.get_draft(entry.draft_id).path.read_text(encoding="utf-8")
    draft = answer(draft, cfg.post.reply_marker)
    if traps:
        draft = add_reader_traps(draft, fmt)
    return publication_text(cfg, draft, "markdown" if fmt == "markdown" else "gutenberg", WHEN)


def answer(draft: str, marker: str) -> str:
    """Replace each reply slot with :data:`REPLIES`, then numbered answers."""
    lines = draft.splitlines(keepends=True)
    count = 0
    for index, line in enumerate(lines):
        if line.strip() in (f"<p>{marker}</p>", marker):
            reply = REPLIES[count] if count < len(REPLIES) else f"My answer number {count + 1}."
            lines[index] = line.replace(marker, reply)
            count += 1
    assert count > len(REPLIES)
    return "".join(lines)


def add_reader_traps(draft: str, fmt: str) -> str:
    """Append :data:`READER_TRAPS` to the reader's "I am very hesitant because"."""
    anchor = "I am very hesitant because"
    assert anchor in draft
    return draft.replace(anchor, anchor + READER_TRAPS, 1)


def body_of(post: str) -> str:
    """The post without its front matter (what WordPress stores as content)."""
    assert post.startswith("---\n")
    end = post.index("\n---\n", 4)
    return post[end + len("\n---\n") :]


# --------------------------------------------------------------------------- WordPress


def wordpress_parse(body: str) -> list[dict[str, object]]:
    """Blocks of ``body`` as parsed by ``@wordpress/block-serialization-default-parser``."""
    node = require("node")
    script = JS / "parse.js"
    if not (JS / "node_modules" / "@wordpress" / "block-serialization-default-parser").exists():
        message = (
            "tests/js/node_modules is missing: run `npm ci` in tests/js (scripts/test.sh does)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        [node, str(script)], input=body, capture_output=True, text=True, check=True, timeout=60
    )
    blocks = json.loads(result.stdout)
    assert isinstance(blocks, list)
    return blocks


# --------------------------------------------------------------------------- sites


HEAD_LINK_JEKYLL = '<link rel="stylesheet" href="{{ \'/assets/css/mailpub.css\' | relative_url }}">'
HEAD_LINK_HUGO = '<link rel="stylesheet" href="{{ "css/mailpub.css" | relURL }}">'
# Reports the geometry of the first question and the first reply (for the screenshot test).
GEOMETRY_SCRIPT = """<script>
window.addEventListener("load", function () {
  function box(el) { var r = el.getBoundingClientRect();
    return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)]; }
  var q = document.querySelector("article p.has-vivid-cyan-blue-color");
  var a = document.querySelector("article p:not([class])");
  document.body.setAttribute("data-geometry", JSON.stringify({question: box(q), reply: box(a)}));
});
</script>"""


def jekyll_site(root: Path, post: str, *, slug: str = SLUG) -> Path:
    """A minimal Jekyll site holding ``post`` as ``_posts/…``; returns the source folder."""
    (root / "_layouts").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: A career advice blog\nmarkdown: kramdown\npermalink: /posts/:title/\n"
    )
    (root / "_layouts" / "post.html").write_text(
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{{ page.title }}</title>\n'
        f"{HEAD_LINK_JEKYLL}\n</head>\n<body><h1>{{{{ page.title }}}}</h1>\n"
        "<article>\n{{ content }}\n</article>\n</body></html>\n"
    )
    css = root / "assets" / "css"
    css.mkdir(parents=True)
    shutil.copy(STYLESHEET, css / "mailpub.css")
    posts = root / "_posts"
    posts.mkdir()
    (posts / f"{WHEN:%Y-%m-%d}-{slug}.md").write_text(post, encoding="utf-8")
    return root


def build_jekyll(source: Path, out: Path, *, slug: str = SLUG) -> Path:
    """Build with Jekyll; returns the post's HTML file. The build must succeed."""
    jekyll = require("jekyll")
    result = subprocess.run(
        [
            jekyll,
            "build",
            "--future",
            "--source",
            str(source),
            "--destination",
            str(out),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "JEKYLL_ENV": "production", "HOME": str(source.parent)},
    )
    assert result.returncode == 0, f"jekyll build failed:\n{result.stdout}\n{result.stderr}"
    page = out / "posts" / slug / "index.html"
    assert page.exists(), sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))
    return page


def hugo_site(
    root: Path, post: str, *, unsafe: bool, geometry: bool = False, slug: str = SLUG
) -> Path:
    """A minimal Hugo site holding ``post`` as a page bundle; returns the source folder."""
    config = (
        'baseURL = "http://127.0.0.1/"\ntitle = "Career advice"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
    )
    if unsafe:
        config += "[markup.goldmark.renderer]\n  unsafe = true\n"
    (root / "hugo.toml").parent.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(config)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    single = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{{ .Title }}</title>\n'
        f"{HEAD_LINK_HUGO}\n</head>\n"
        '<body style="margin:0;padding:8px;width:760px;font-family:sans-serif;font-size:18px">'
        "<h1>{{ .Title }}</h1>\n<article>{{ .Content }}</article>\n"
        + (GEOMETRY_SCRIPT if geometry else "")
        + "</body></html>\n"
    )
    (layouts / "single.html").write_text(single)
    (layouts / "post.html").write_text(single)
    (layouts / "list.html").write_text(
        "<html><body>{{ range .Pages }}{{ .Title }}{{ end }}</body></html>\n"
    )
    css = root / "static" / "css"
    css.mkdir(parents=True)
    shutil.copy(STYLESHEET, css / "mailpub.css")
    bundle = root / "content" / "posts" / slug
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(post, encoding="utf-8")
    return root


def build_hugo(source: Path, out: Path, *, slug: str = SLUG) -> Path:
    """Build with Hugo; returns the post's HTML file. The build must succeed."""
    hugo = require("hugo")
    result = subprocess.run(
        [hugo, "--buildFuture", "--source", str(source), "--destination", str(out), "--quiet"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, f"hugo failed:\n{result.stdout}\n{result.stderr}"
    page = out / "posts" / slug / "index.html"
    assert page.exists(), sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))
    return page


# --------------------------------------------------------------------------- Chromium


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return require(name)
    return require("chromium")


def chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once on ``url`` with a fresh profile and no network chatter."""
    assert url.startswith(("file://", "http://127.0.0.1"))
    args = [
        chromium_binary(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=800,2600",
        f"--user-data-dir={profile}",
        *extra,
        url,
    ]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


# --------------------------------------------------------------------------- PNG


@dataclass(frozen=True)
class Image:
    width: int
    height: int
    channels: int
    rows: list[bytes]

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        row = self.rows[y]
        start = x * self.channels
        r, g, b = row[start : start + 3]
        return r, g, b


def read_png(data: bytes) -> Image:
    """Decode an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position = 8
    idat = b""
    width = height = channels = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunk = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    offset = 0
    for _ in range(height):
        filter_type = raw[offset]
        line = bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        _unfilter(filter_type, line, previous, channels)
        rows.append(bytes(line))
        previous = line
    return Image(width, height, channels, rows)


def _unfilter(kind: int, line: bytearray, prev: bytearray, bpp: int) -> None:
    if kind == 0:
        return
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = prev[i]
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
        elif kind == 4:
            up_left = prev[i - bpp] if i >= bpp else 0
            p = left + up - up_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
            predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
            line[i] = (line[i] + predictor) & 0xFF
        else:
            raise AssertionError(f"unknown PNG filter {kind}")


def is_blue(rgb: tuple[int, int, int]) -> bool:
    """A clearly blue pixel (WordPress's vivid cyan blue is #0693e3)."""
    r, g, b = rgb
    return b >= 150 and b - r >= 90 and b - g >= 30

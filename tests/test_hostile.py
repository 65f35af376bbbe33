"""Hostile input: each letter goes through import, the author's answers, approve and
publish into a real git repository; nothing executable or structural may reach the
draft or the post, and no file may land outside paths.drafts or blog.repo."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import frontmatter
import pytest

from mailpub.gate import fold
from tests.blog import answer_all, make_blog
from tests.conftest import Result

BODY = (
    "Hi Boris,\n\nI work as an analyst and my manager keeps moving my deadlines."
    "\n\nShould I look for another team or talk to HR first?\n\nThanks,\nSam\n"
)


def raw_letter(subject: str, body: str = BODY, *, sender: str = "Sam Reader <sam@example.net>",
               html: str | None = None, index: int = 1) -> bytes:  # fmt: skip
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "Boris <boris@example.org>"
    if any(ord(c) < 32 for c in subject):  # smuggled in an RFC 2047 encoded word
        subject = "=?utf-8?b?" + base64.b64encode(subject.encode()).decode() + "?="
    msg["Subject"] = subject
    msg["Message-ID"] = f"<hostile-{index}@example.net>"
    msg["Date"] = "Mon, 06 May 2024 10:00:00 +0000"
    if html is not None:
        msg.set_content(html, subtype="html")
    else:
        msg.set_content(body)
    return bytes(msg)


@pytest.fixture
def cycle(
    tmp_path: Path, config_file: Callable[..., Path], run: Callable[..., Result]
) -> Callable[[bytes], dict[str, Any]]:
    """Import one letter, answer it, approve and publish it; return what was made."""
    clone, _ = make_blog(tmp_path)
    config = config_file(f"blog:\n  repo: {clone}\n")

    def go(data: bytes) -> dict[str, Any]:
        inbox = tmp_path / "in" / f"{len(data)}-{abs(hash(data))}.eml"
        inbox.parent.mkdir(exist_ok=True)
        inbox.write_bytes(data)
        imported = run("--config", str(config), "import", "--json", str(inbox))
        assert "Traceback" not in imported.err
        [entry] = json.loads(imported.out)
        assert entry["outcome"] == "drafted", entry
        [row] = [
            d
            for d in json.loads(run("--config", str(config), "list", "--json").out)
            if d["id"] == entry["draft_id"]
        ]
        path = Path(row["path"])
        answer_all(path)
        draft = path.read_text(encoding="utf-8")
        assert run("--config", str(config), "approve", entry["draft_id"]).code == 0
        published = run("--config", str(config), "publish", entry["draft_id"])
        assert published.code == 0, published.err
        post_rel = published.out.split(" published as ", 1)[1].rsplit(" (", 1)[0]
        post = (clone / post_rel).resolve()
        return {
            "path": path,
            "draft": draft,
            "post_path": post,
            "post": post.read_text(encoding="utf-8"),
            "drafts": config.parent / "drafts",
            "repo": clone,
            "id": entry["draft_id"],
        }

    return go


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


@pytest.mark.parametrize(
    "subject",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "..\\..\\windows\\system32",
        "a/../../b\x00c",
        "~/.ssh/authorized_keys",
        "%2e%2e%2f%2e%2e%2fetc",
    ],
)
def test_path_traversal_in_subject(subject: str, cycle: Callable[[bytes], dict[str, Any]]) -> None:
    made = cycle(raw_letter(subject))
    assert _inside(made["path"], made["drafts"])
    assert _inside(made["post_path"], made["repo"])
    for name in (made["path"].name, made["post_path"].name):
        assert "/" not in name and "\\" not in name and "\x00" not in name
        assert not name.startswith(".")
    assert not Path("/etc/passwd.md").exists()


def test_path_traversal_in_sender_name(cycle: Callable[[bytes], dict[str, Any]]) -> None:
    made = cycle(raw_letter("Question", sender='"../../../tmp/x" <sam@example.net>'))
    assert _inside(made["path"], made["drafts"]) and _inside(made["post_path"], made["repo"])


@pytest.mark.parametrize(
    "subject",
    [
        "---\ntitle: pwned\n---",
        "Hello: world: x",
        "ok\nstatus: published\nmailpub_id: evil",
        "!!python/object/apply:os.system ['id']",
        "&anchor *alias [1, 2] {a: b} # comment",
        "'\"' quotes",
    ],
)
def test_yaml_injection_in_subject(subject: str, cycle: Callable[[bytes], dict[str, Any]]) -> None:
    made = cycle(raw_letter(subject))
    for text in (made["draft"], made["post"]):
        post = frontmatter.loads(text)
        assert post["mailpub_id"] == made["id"] if "mailpub_id" in post.metadata else True
        assert isinstance(post["title"], str) and "\n" not in post["title"]
        assert post["title"] != "pwned"
        assert post.metadata.get("status", "draft") in ("draft", "approved")
        assert text.count("\n---\n") >= 1 and text.startswith("---\n")
    front = frontmatter.loads(made["draft"])
    assert front["status"] == "draft" and front["mailpub_id"] == made["id"]


TEMPLATE = "Please {{ site.email }} and {% include secret.html %} and {{< shortcode >}} {#x#}."


def test_template_syntax_stays_text(cycle: Callable[[bytes], dict[str, Any]]) -> None:
    body = BODY.replace("Should I", TEMPLATE + "\n\nShould I")
    made = cycle(raw_letter("Braces {{ 7*7 }} {% raw %}", body))
    assert TEMPLATE in made["draft"]  # the draft holds the reader's text as written
    content = frontmatter.loads(made["post"]).content
    assert "{{" not in content and "{%" not in content and "{#" not in content
    assert "Please &#123;&#123; site.email &#125;&#125; and &#123;% include" in content
    title = frontmatter.loads(made["post"])["title"]
    assert ("49" not in title and "{{" not in title) or "7*7" in title


HOSTILE_HTML = """<html><body>
<p>Hi Boris,</p>
<script>alert('x')</script>
<p onclick="steal()">My manager keeps moving my deadlines and I am tired.</p>
<iframe src="https://evil.example/"></iframe>
<p>See <a href="javascript:alert(1)">this page</a> and <img src=x onerror="alert(2)">.</p>
<p>Should I talk to HR?</p><style>body{display:none}</style>
<object data="x.swf"></object><svg onload="alert(3)"></svg>
</body></html>"""


def test_html_scripts_never_reach_draft_or_post(cycle: Callable[[bytes], dict[str, Any]]) -> None:
    made = cycle(raw_letter("HTML letter", html=HOSTILE_HTML))
    for text in (made["draft"], made["post"]):
        low = text.lower()
        for bad in ("<script", "<iframe", "<object", "<svg", "<img", "<style", "onclick=",
                    "onerror=", "onload=", "javascript:", "alert("):  # fmt: skip
            assert bad not in low, bad
        assert "manager keeps moving my deadlines" in text


def test_header_injection_in_subject_and_from(cycle: Callable[[bytes], dict[str, Any]]) -> None:
    data = raw_letter("Question").replace(
        b"Subject: Question", b"Subject: Question\r\nBcc: victim@example.com\r\nX-Evil: 1"
    )
    data = data.replace(b"From: Sam Reader", b"From: Sam\r\n Reader\r\nReply-To: evil@example.com")
    made = cycle(data)
    for text in (made["draft"], made["post"]):
        assert "victim@example.com" not in text and "evil@example.com" not in text
        title = frontmatter.loads(text)["title"]
        assert "\r" not in title and "\n" not in title


INVISIBLE = "\u200b\u200e\u202e\u2066\ufeff\u2060"


def test_zero_width_and_bidi_controls(cycle: Callable[[bytes], dict[str, Any]]) -> None:
    subject = f"How do I\u202e handle\u200b this {INVISIBLE}deadline?"
    body = BODY.replace("Should I", "Sh\u200bould\u202e I")
    made = cycle(raw_letter(subject, body))
    for text in (made["draft"], made["post"]):
        for ch in INVISIBLE:
            assert ch not in text, hex(ord(ch))
    assert made["path"].name.isascii()


def test_invisible_characters_cannot_hide_the_senders_name_from_the_gate(
    tmp_path: Path, config_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    assert fold("Whit\u200bfield") == fold("Whitfield") == fold("WHIT\u202efield")
    clone, _ = make_blog(tmp_path)
    config = config_file(f"blog:\n  repo: {clone}\n")
    letter = tmp_path / "a.eml"
    letter.write_bytes(raw_letter("Question", sender="Dana Whitfield <dana.w@example.net>"))
    [entry] = json.loads(run("--config", str(config), "import", "--json", str(letter)).out)
    [row] = json.loads(run("--config", str(config), "list", "--json").out)
    path = Path(row["path"])
    answer_all(path)
    for hidden in ("Whit\u200bfield", "Whit\u2060field", "Whit\u00adfield", "W\u200dhitfield"):
        text = path.read_text().replace("My answer number 1: it depends.", f"Thanks {hidden}!")
        path.write_text(text)
        refused = run("--config", str(config), "check", entry["draft_id"])
        assert refused.code == 4, hidden.encode("unicode_escape")
        path.write_text(text.replace(f"Thanks {hidden}!", "My answer number 1: it depends."))
    assert run("--config", str(config), "check", entry["draft_id"]).code == 0


def test_very_long_subject_and_lines(cycle: Callable[[bytes], dict[str, Any]]) -> None:
    subject = "Why " * 5000
    body = BODY.replace("Should I", "word " * 40000 + "\n\nShould I")
    made = cycle(raw_letter(subject, body))
    for path in (made["path"], made["post_path"]):
        assert len(path.name) <= 100
        assert len(os.fsencode(path.name)) < 255
    assert "word word" in made["draft"]

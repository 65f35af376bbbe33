"""Attachments are listed for the author only (issue 7, point 6).

``mailpub show`` lists each attachment's safe name and size; the names and the
content never reach the draft, the preview, the blog repository or any file
mailpub writes besides its private state database.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

from mailpub.attachments import safe_name
from mailpub.parse import parse_message
from tests.blog import answer_all, make_blog
from tests.conftest import Result

CONTENT = b"SECRET-ATTACHMENT-CONTENT-4711 " * 40  # must never be seen again
SHOT = b"\x89PNG\r\n\x1a\n" + b"\x00PNGDATA-4712" * 100


def letter_with_attachments() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Sam Reader <sam@example.net>"
    msg["To"] = "Boris <boris@example.org>"
    msg["Subject"] = "My contract question"
    msg["Message-ID"] = "<attached-1@example.net>"
    msg["Date"] = "Mon, 06 May 2024 10:00:00 +0000"
    msg.set_content(
        "Hi Boris,\n\nI attached my contract. Should I sign it or ask for a higher salary"
        " first? My manager wants an answer this week.\n\nThanks,\nSam\n"
    )
    msg.add_attachment(CONTENT, maintype="application", subtype="pdf", filename="contract.pdf")
    msg.add_attachment(
        SHOT, maintype="image", subtype="png", filename="../../etc/\u202egnp.exe\x07.png"
    )
    msg.add_attachment(b"#!/bin/sh\necho pwned\n", maintype="application",
                       subtype="x-sh", filename="Lebenslauf für Ärztin.sh")  # fmt: skip
    return bytes(msg)


def test_parse_lists_names_and_sizes() -> None:
    mail = parse_message(letter_with_attachments())
    names = [name for name, _ in mail.attachments]
    assert names == ["contract.pdf", "gnp.exe.png", "Lebenslauf für Ärztin.sh"]
    assert [size for _, size in mail.attachments] == [len(CONTENT), len(SHOT), 21]
    assert "SECRET-ATTACHMENT" not in mail.text and "contract.pdf" not in mail.text


def test_safe_name() -> None:
    assert safe_name("..\\..\\windows\\evil.bat") == "evil.bat"
    assert safe_name("a\u200bb\u202ec\n.txt") == "abc.txt"
    assert safe_name(None) == safe_name("  ") == "(no name)"
    assert len(safe_name("x" * 5000)) == 100
    assert safe_name(".hidden") == "hidden"


def test_show_lists_them_and_nothing_else_holds_them(
    tmp_path: Path, config_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    clone, _ = make_blog(tmp_path)
    config = config_file(f"blog:\n  repo: {clone}\n")
    inbox = tmp_path / "in" / "letter.eml"
    inbox.parent.mkdir()
    inbox.write_bytes(letter_with_attachments())
    imported = run("--config", str(config), "import", "--json", str(inbox))
    [entry] = json.loads(imported.out)
    assert entry["outcome"] == "drafted", entry
    draft_id = entry["draft_id"]

    shown = run("--config", str(config), "show", draft_id)
    assert shown.code == 0, shown.err
    private = shown.out.split("# private: attachments", 1)[1].split("# private: cut", 1)[0]
    assert f"'contract.pdf'  {len(CONTENT)} bytes" in private
    assert f"'gnp.exe.png'  {len(SHOT)} bytes" in private
    assert "'Lebenslauf für Ärztin.sh'  21 bytes" in private
    assert "\u202e" not in shown.out and "../" not in private
    assert "SECRET-ATTACHMENT" not in shown.out and "pwned" not in shown.out

    [path] = (config.parent / "drafts").glob("*.md")
    answer_all(path)
    preview = run("--config", str(config), "preview", draft_id)
    assert preview.code == 0, preview.err
    assert run("--config", str(config), "approve", draft_id).code == 0
    published = run("--config", str(config), "publish", draft_id)
    assert published.code == 0, published.err

    public = {"draft": path.read_text(encoding="utf-8"), "preview": preview.out}
    tracked = subprocess.run(
        ["git", "-C", str(clone), "ls-files"], capture_output=True, text=True, check=True
    ).stdout.split()
    for name in tracked:
        public[name] = (clone / name).read_bytes().decode("utf-8", "replace")
    assert len(public) >= 3
    for where, text in public.items():
        for word in ("contract.pdf", "gnp.exe", "Lebenslauf", "SECRET-ATTACHMENT", "PNGDATA"):
            assert word not in text, (where, word)
    # never copied anywhere as files either: only the draft, the state and the
    # private quarantine folder exist, and no file holds the content
    for file in tmp_path.rglob("*"):
        if file.is_file() and ".git" not in file.parts and file != inbox:
            data = file.read_bytes()
            assert b"SECRET-ATTACHMENT" not in data and b"PNGDATA" not in data, file

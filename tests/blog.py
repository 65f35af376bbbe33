"""Helpers for publishing tests: real git repositories and a real Hugo site."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Site Owner",
    "GIT_AUTHOR_EMAIL": "owner@example.org",
    "GIT_COMMITTER_NAME": "Site Owner",
    "GIT_COMMITTER_EMAIL": "owner@example.org",
}


def require(tool: str) -> str:
    """The path of a tool the test needs: skip without it, fail under CI."""
    found = shutil.which(tool)
    if found:
        return found
    message = f"{tool} is not installed (scripts/test.sh installs it on Debian)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    return result.stdout


def make_blog(base: Path, *, hugo: bool = False) -> tuple[Path, Path]:
    """A bare remote and a clone with one initial commit; returns (clone, remote)."""
    require("git")
    remote = base / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    clone = base / "blog"
    subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True, capture_output=True)
    git(clone, "checkout", "-q", "-b", "main")
    if hugo:
        write_hugo_site(clone)
    else:
        (clone / "_config.yml").write_text("title: A career advice blog\n")
    (clone / "README.md").write_text("my blog\n")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "Initial site")
    git(clone, "push", "-q", "origin", "main")
    return clone, remote


HUGO_CONFIG = """\
baseURL = "http://localhost/"
title = "Career advice"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
  unsafe = true
"""
SINGLE = """<!DOCTYPE html>
<html><head><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>
<article>{{ .Content }}</article>
</body></html>
"""


def write_hugo_site(root: Path) -> None:
    (root / "hugo.toml").write_text(HUGO_CONFIG)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(SINGLE)
    (layouts / "post.html").write_text(SINGLE)
    (layouts / "list.html").write_text(
        "<html><body>{{ range .Pages }}{{ .Title }}{{ end }}</body></html>\n"
    )
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "posts" / ".gitkeep").write_text("")


def answer_all(path: Path, marker: str = "@@REPLY@@") -> None:
    """Fill every reply slot of a draft file, as the author would (notes untouched)."""
    lines = path.read_text().splitlines(keepends=True)
    count = 0
    for index, line in enumerate(lines):
        if line.strip() in (f"<p>{marker}</p>", marker):
            count += 1
            lines[index] = line.replace(marker, f"My answer number {count}: it depends.")
    path.write_text("".join(lines))


def all_history_text(repo: Path) -> str:
    """Every commit message, author, and every blob ever reachable, as one text."""
    parts = [git(repo, "log", "--all", "--format=%an %ae %cn %ce%n%B")]
    objects = git(repo, "rev-list", "--all", "--objects").split()
    for obj in objects:
        if len(obj) == 40 and git(repo, "cat-file", "-t", obj).strip() == "blob":
            parts.append(git(repo, "cat-file", "-p", obj))
    return "\n".join(parts)

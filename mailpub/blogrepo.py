"""The blog's git repository: the one module that runs git.

Every git call has an explicit argv, runs without a terminal prompt, and
raises :class:`~mailpub.errors.PublishError` with the command's last line of
error output (credentials in URLs masked) when it fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from mailpub.errors import PublishError
from mailpub.state import write_atomic

#: Commit trailer naming the draft a commit publishes or withdraws.
TRAILER = "Mailpub-Draft"
_CREDENTIALS = re.compile(r"(://)[^/@\s]+@")


@dataclass(frozen=True, slots=True)
class Identity:
    name: str
    email: str

    @classmethod
    def parse(cls, text: str) -> Identity:
        match = re.fullmatch(r"\s*([^<>]+?)\s*<([^<>\s]+)>\s*", text)
        if not match:
            raise PublishError(f"not a git identity: expected 'Name <address>', got {text!r}")
        return cls(match.group(1), match.group(2))


class BlogRepo:
    """A git working tree that posts are committed into."""

    def __init__(self, root: Path, identity: Identity) -> None:
        self.root = root
        self.identity = identity

    # ------------------------------------------------------------------ plumbing

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
            "GIT_AUTHOR_NAME": self.identity.name,
            "GIT_AUTHOR_EMAIL": self.identity.email,
            "GIT_COMMITTER_NAME": self.identity.name,
            "GIT_COMMITTER_EMAIL": self.identity.email,
        }
        try:
            result = subprocess.run(
                ["git", "-C", str(self.root), *args],
                capture_output=True,
                text=True,
                env=env,
                check=False,
                timeout=120,
            )
        except FileNotFoundError as exc:
            raise PublishError("git is not installed", hint="install git") from exc
        except subprocess.TimeoutExpired as exc:
            raise PublishError(f"git {args[0]} did not finish within 120 s") from exc
        if check and result.returncode != 0:
            raise PublishError(
                f"git {args[0]} failed: {self._last_line(result.stderr)}",
                hint=f"look at the blog repository {self.root}",
            )
        return result

    @staticmethod
    def _last_line(text: str) -> str:
        lines = [line for line in text.strip().splitlines() if line.strip()]
        return _CREDENTIALS.sub(r"\1***@", lines[-1]) if lines else "no error output"

    # ------------------------------------------------------------------ checks

    def ensure_ready(self) -> None:
        """A git working tree with nothing staged (unrelated staged changes stop us)."""
        if not self.root.is_dir():
            raise PublishError(
                f"blog.repo {self.root} does not exist",
                hint="set blog.repo to your blog's git checkout",
            )
        inside = self.git("rev-parse", "--is-inside-work-tree", check=False)
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            raise PublishError(
                f"blog.repo {self.root} is not a git working tree",
                hint="clone your blog there, or run `git init` in it",
            )
        staged = self.git("diff", "--cached", "--name-only", check=False)
        if staged.stdout.strip():
            count = len(staged.stdout.split())
            raise PublishError(
                f"the blog repository has {count} staged change(s) unrelated to mailpub",
                hint="commit or unstage them (git restore --staged ...) and publish again",
            )

    def is_tracked(self, relpath: str) -> bool:
        return self.git("ls-files", "--error-unmatch", "--", relpath, check=False).returncode == 0

    def has_head(self) -> bool:
        return self.git("rev-parse", "--verify", "-q", "HEAD", check=False).returncode == 0

    def commit_for(self, draft_id: str) -> tuple[str, str] | None:
        """The latest commit that published ``draft_id`` and whose file is still tracked."""
        if not self.has_head():
            return None
        log = self.git(
            "log",
            "--format=%H",
            f"--grep=^{TRAILER}: {draft_id}$",
            "--diff-filter=A",
            "--name-only",
            "HEAD",
        )
        sha = None
        for line in log.stdout.splitlines():
            if re.fullmatch(r"[0-9a-f]{40}", line.strip()):
                sha = line.strip()
            elif line.strip() and sha and self.is_tracked(line.strip()):
                return sha, line.strip()
        return None

    # ------------------------------------------------------------------ changes

    def add_file(self, relpath: str, text: str, message: str) -> str:
        """Write one new file and commit only it; returns the commit id."""
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
        path.chmod(0o644)
        self.git("add", "--", relpath)
        self.git("commit", "-q", "--no-verify", "-m", message, "--", relpath)
        return self.head()

    def remove_file(self, relpath: str, message: str) -> str:
        self.git("rm", "-q", "--", relpath)
        self.git("commit", "-q", "--no-verify", "-m", message, "--", relpath)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").stdout.strip()

    def push(self, remote: str, *, attempts: int = 3) -> None:
        """Push the current branch, retrying with backoff; a clear error if refused."""
        error = ""
        for attempt in range(attempts):
            result = self.git("push", "--porcelain", remote, "HEAD", check=False)
            if result.returncode == 0:
                return
            error = self._last_line(result.stderr)
            if attempt + 1 < attempts:
                time.sleep(0.5 * 2**attempt)
        raise PublishError(
            f"push to {remote} failed after {attempts} attempts: {error}",
            hint="the post is committed locally; fix the remote and run `git push` in the blog",
        )

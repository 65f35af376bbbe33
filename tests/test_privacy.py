"""A full cycle with verbose logs: no password and no sender identity in any output.

Import from a file and poll a real Dovecot, review, check and publish into a real
git repository, every command at -vv in plain and JSON log formats; then search
every line each command printed for the IMAP password and the letters' senders.
(`mailpub show` is left out on purpose: it shows the author the originals.)
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.blog import answer_all, make_blog
from tests.conftest import EXAMPLES, ROOT

SECRET_VAR = "MAILPUB_PRIVACY_PW"
SENDERS = ["Dana", "Whitfield", "dana.whitfield", "Priya", "priya.n@outlook.com", "Tomasz",
           "Kowalczyk", "tomasz.k", "brightwave-digital"]  # fmt: skip


def test_full_cycle_never_prints_secrets_or_senders(dovecot: Any, tmp_path: Path) -> None:
    user, password = dovecot.add_user("priv")
    clone, _ = make_blog(tmp_path)
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({
        "paths": {"drafts": str(tmp_path / "drafts"), "state": str(tmp_path / "state")},
        "author": {"name": "Boris", "addresses": ["boris@example.org"]},
        "imap": {"host": "127.0.0.1", "port": dovecot.port, "security": "none",
                 "username": user, "password_env": SECRET_VAR, "timeout": 10},
        "blog": {"repo": str(clone)},
    }))  # fmt: skip
    dovecot.append(user, [(EXAMPLES / "02-html-only.eml").read_bytes(),
                          (EXAMPLES / "03-quoted-reply.eml").read_bytes()])  # fmt: skip
    env = {**os.environ, SECRET_VAR: password}
    env.pop("MAILPUB_CONFIG", None)
    outputs: list[str] = []

    def mailpub(*args: str, fmt: str = "plain") -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "mailpub", "--config", str(config), "-vv",
             "--log-format", fmt, *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        outputs.append(f"$ mailpub {' '.join(args)}\n{result.stdout}\n{result.stderr}")
        return result

    assert mailpub("import", str(EXAMPLES / "01-career-move.eml")).returncode == 0
    assert mailpub("poll", fmt="json").returncode == 0
    assert mailpub("poll").returncode == 0
    assert mailpub("doctor").returncode in (0, 1)
    listing = mailpub("list", "--json")
    drafts = yaml.safe_load(listing.stdout)
    assert len(drafts) == 3
    for draft in drafts:
        answer_all(Path(draft["path"]))
        assert mailpub("approve", draft["id"]).returncode == 0
        mailpub("check", draft["id"])
        assert mailpub("preview", draft["id"]).returncode == 0
    mailpub("publish", fmt="json")
    mailpub("status", "--json")
    mailpub("config", "check")

    everything = "\n".join(outputs)
    assert password not in everything
    for sender in SENDERS:
        assert sender not in everything, sender
    assert "DEBUG" in everything or '"level": "debug"' in everything  # logs were on

    for folder in (tmp_path / "drafts", tmp_path / "state"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for path in folder.rglob("*"):
            if path.is_file():
                assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path

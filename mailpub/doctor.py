"""``mailpub doctor``: check the set-up one step at a time, with the fix for each failure.

:func:`run_checks` yields one :class:`Check` per step, in order: the
configuration, the drafts/state/blog folders, the password or token source,
connecting and logging in, the folder, and how processed mail will be marked.
With ``source: maildir`` the mailbox steps are replaced by checks of the
Maildir folder (:func:`maildir_checks`).
A step that cannot run because an earlier one failed is not attempted. Lines
never contain the password, a token, letter text or addresses.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mailpub.errors import ConfigError, MailpubError

Level = Literal["ok", "warn", "fail", "skip"]


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    level: Level
    detail: str
    fix: str | None = None

    def line(self) -> str:
        tag = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL", "skip": "skip"}[self.level]
        fix = f" — fix: {self.fix}" if self.fix and self.level in ("fail", "warn") else ""
        return f"{tag}  {self.name}: {self.detail}{fix}"


def run_checks(
    config_path: Path | None,
    *,
    env: Mapping[str, str] | None = None,
    connect_session: Callable[..., object] | None = None,
) -> Iterator[Check]:
    """Yield the checks in order (see the module docstring)."""
    from mailpub.config import load_config

    env = os.environ if env is None else env
    try:
        cfg = load_config(config_path, env)
    except ConfigError as exc:
        detail = exc.message
        if exc.problems:
            detail += ": " + "; ".join(exc.problems[:3])
            if len(exc.problems) > 3:
                detail += f"; and {len(exc.problems) - 3} more"
        yield Check("config", "fail", detail, exc.hint or "run `mailpub config check`")
        return
    yield Check("config", "ok", str(cfg.source) if cfg.source else "no file: defaults apply")
    yield _folder_check("drafts folder", cfg.paths.drafts, "paths.drafts")
    yield _folder_check("state folder", cfg.paths.state, "paths.state")
    if cfg.blog.repo is None:
        yield Check("blog folder", "skip", "blog.repo is not set: publishing is disabled")
    else:
        yield _folder_check("blog folder", cfg.blog.repo, "blog.repo", create=False)
    if cfg.intake == "maildir":
        yield from maildir_checks(cfg.maildir.path, cfg.maildir.mark)
        return
    yield from _imap_checks(cfg, env, connect_session)


def maildir_checks(path: Path | None, mark: str) -> Iterator[Check]:
    """The Maildir exists, has cur/, new/ and tmp/, can be listed and read, and (for
    ``maildir.mark: seen``) renamed in; then how processed mail will be marked."""
    if path is None:
        yield Check("maildir", "fail", "maildir.path is not set", "set maildir.path")
        return
    missing = [sub for sub in ("cur", "new", "tmp") if not (path / sub).is_dir()]
    if not path.is_dir() or missing:
        what = "does not exist" if not path.is_dir() else "has no " + ", ".join(missing)
        yield Check(
            "maildir",
            "fail",
            f"{path} {what}: not a Maildir",
            "set maildir.path to the folder holding cur/, new/ and tmp/ (mbsync: the Path/Inbox "
            "of your MaildirStore; offlineimap: localfolders plus the folder name)",
        )
        return
    access = os.R_OK | os.X_OK | (os.W_OK if mark == "seen" else 0)
    blocked = [sub for sub in ("cur", "new") if not os.access(path / sub, access)]
    if blocked:
        need = "read and write" if mark == "seen" else "read"
        yield Check(
            "maildir",
            "fail",
            f"cannot {need} {', '.join(blocked)} in {path}",
            "fix the folder's permissions for the user mailpub runs as"
            + ("" if mark != "seen" else ", or set maildir.mark: none"),
        )
        return
    try:
        count = sum(
            1 for sub in ("cur", "new") for n in os.listdir(path / sub) if not n.startswith(".")
        )
    except OSError as exc:
        yield Check("maildir", "fail", f"cannot list {path} ({exc.strerror})", "fix permissions")
        return
    yield Check("maildir", "ok", f"{path}: {count} messages")
    if mark == "seen":
        yield Check("marking", "ok", "processed letters get the Maildir S flag (seen)")
    else:
        yield Check(
            "marking",
            "ok",
            "messages are left untouched; mailpub's own record (the state folder) takes each"
            " letter once",
        )


def _imap_checks(
    cfg: object, env: Mapping[str, str], connect_session: Callable[..., object] | None
) -> Iterator[Check]:
    from mailpub.config import Config
    from mailpub.imap import ImapSession, connect, keeps_keywords

    assert isinstance(cfg, Config)
    imap = cfg.imap
    if imap.host is None:
        yield Check(
            "mailbox", "skip", "imap.host is not set: only `mailpub import` of files is possible"
        )
        return
    if imap.username is None:
        yield Check("login", "fail", "imap.username is not set", "set imap.username")
        return
    try:
        if imap.oauth2_token_command:
            imap.oauth2_token()
            source = "imap.oauth2_token_command printed a token"
        else:
            imap.password(env)
            source = (
                f"${imap.password_env} is set"
                if imap.password_env
                else "imap.password_command printed a password"
            )
    except ConfigError as exc:
        yield Check("credentials", "fail", exc.message, exc.hint or "see docs/imap.md")
        return
    yield Check("credentials", "ok", source)
    where = f"{imap.host}:{imap.effective_port} ({imap.security})"
    try:
        opened = (connect_session or (lambda c: connect(c, env=env)))(imap)
    except MailpubError as exc:
        yield Check("connect and login", "fail", exc.message, exc.hint)
        return
    assert isinstance(opened, ImapSession)
    with opened as session:
        yield Check("connect and login", "ok", f"logged in to {where}")
        try:
            status = session.select(imap.folder)  # EXAMINE hides PERMANENTFLAGS
        except MailpubError as exc:
            yield Check("folder", "fail", exc.message, exc.hint)
            return
        yield Check(
            "folder",
            "ok",
            f"{imap.folder!r}: {status.exists} messages, UIDVALIDITY {status.uidvalidity}",
        )
        kept = keeps_keywords(status.permanent_flags, imap.mark_keyword)
        try:
            yield _marking_check(imap.mark, imap.mark_keyword, imap.move_to, kept, session)
        except MailpubError as exc:
            yield Check("marking", "fail", exc.message, exc.hint)


def _marking_check(
    mode: str, keyword: str, move_to: str | None, kept: bool, session: object
) -> Check:
    from mailpub.imap import ImapSession

    assert isinstance(session, ImapSession)
    own = "mailpub relies on its own UID record (the state folder) to take each letter once"
    if mode == "keyword":
        if kept:
            return Check("marking", "ok", f"processed letters get the keyword {keyword}")
        return Check(
            "marking",
            "warn",
            "the server does not keep custom keywords (PERMANENTFLAGS without \\*); "
            f"no keyword is added and {own}",
            "nothing to do; or use imap.mark: seen or move to see processed mail in your client",
        )
    if mode == "seen":
        return Check("marking", "ok", "processed letters are marked read (\\Seen)")
    assert move_to is not None
    if not session.folder_exists(move_to):
        return Check(
            "marking",
            "fail",
            f"imap.move_to folder {move_to!r} does not exist",
            "create it in your mail client or fix imap.move_to",
        )
    caps = session.capabilities()
    if "MOVE" not in caps and "UIDPLUS" not in caps:
        return Check(
            "marking",
            "fail",
            "the server supports neither MOVE nor UIDPLUS, so letters cannot be moved safely",
            "use imap.mark: keyword or seen",
        )
    return Check("marking", "ok", f"processed letters are moved to {move_to!r}")


def _folder_check(name: str, path: Path, key: str, *, create: bool = True) -> Check:
    """Can mailpub create (if asked) and write files in ``path``?"""
    from mailpub.state import private_mkdir

    try:
        if create:
            private_mkdir(path)
        elif not path.is_dir():
            return Check(name, "fail", f"{path} is not a folder", f"create it or fix {key}")
        probe = path / f".mailpub-doctor-{os.getpid()}.tmp"
        with open(probe, "w", encoding="utf-8") as handle:
            handle.write("probe\n")
        with contextlib.suppress(OSError):
            probe.unlink()
    except MailpubError as exc:
        return Check(name, "fail", exc.message, exc.hint)
    except OSError as exc:
        return Check(
            name,
            "fail",
            f"cannot write in {path} ({exc.strerror})",
            f"fix its permissions or {key}",
        )
    return Check(name, "ok", f"{path} is writable")

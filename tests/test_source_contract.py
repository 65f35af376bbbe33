"""One contract for every continuous source: each letter drafted exactly once.

The same tests run against the Maildir source (``source: maildir``, with
``maildir.mark`` none and seen) and the IMAP source against the real Dovecot of
conftest.py. Each source is driven through :class:`SourceHarness`: deliver
messages, poll with ``mailpub.poll.poll`` (the function ``mailpub poll`` and the
service call), count what is still in the mailbox, what is marked handled and
the drafts. Crashes are injected with exceptions raised at the named step.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

import mailpub.maildir
import mailpub.poll
from mailpub.config import Config, parse_config
from mailpub.maildir import unique_name
from mailpub.poll import PollResult, poll
from mailpub.state import State

PW_VAR = "MAILPUB_TEST_IMAP_PW"
KEYWORD = "$MailpubDrafted"
_SERIAL = itertools.count(1)


def letter(index: int, *, extra: dict[str, str] | None = None) -> bytes:
    """A distinct ordinary advice letter (its text differs for each index)."""
    msg = EmailMessage()
    msg["From"] = f"Reader {index} <reader{index}@example.net>"
    msg["To"] = "Boris <boris@example.org>"
    msg["Subject"] = f"Question {index}"
    msg["Date"] = "Mon, 06 May 2024 10:00:00 +0000"
    msg["Message-ID"] = f"<contract-{index}-{next(_SERIAL)}@example.net>"
    for name, value in (extra or {}).items():
        del msg[name]
        msg[name] = value
    msg.set_content(
        f"Hi Boris,\n\nThis is letter number {index}. I have worked in the same team for"
        f" {index + 2} years and I wonder whether I should look for a new role.\n\n"
        "I would really value your view on it.\n\nThanks,\nReader\n"
    )
    return msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))


class SourceHarness:
    """What the contract needs from a source; subclasses drive one kind."""

    kind = ""
    crash_module: Any = None  # the module whose process_message a crash is injected into
    mark_step: tuple[Any, str] | None = None  # (object, attribute) making the marks

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp

    def settings(self) -> dict[str, Any]:
        return {
            "paths": {"drafts": str(self.tmp / "drafts"), "state": str(self.tmp / "state")},
            "author": {"name": "Boris", "addresses": ["boris@example.org"]},
        }

    def cfg(self) -> Config:
        return parse_config(
            self.settings(), base_dir=self.tmp, env={"HOME": str(self.tmp)}, source=None
        )

    def poll(self) -> PollResult:
        return poll(self.cfg())

    def drafts(self) -> int:
        with State(self.tmp / "state", self.tmp / "drafts") as state:
            return len(state.drafts())

    def draft_files(self) -> int:
        return len(list((self.tmp / "drafts").glob("*.md")))

    def deliver(self, messages: list[bytes]) -> None:
        raise NotImplementedError

    def present(self) -> int:
        """How many messages the mailbox still holds."""
        raise NotImplementedError

    def handled(self) -> int | None:
        """How many messages carry the 'handled' mark (None: this source marks nothing)."""
        raise NotImplementedError

    def is_source(self, source: str) -> bool:
        raise NotImplementedError


class MaildirHarness(SourceHarness):
    kind = "maildir"
    crash_module = mailpub.maildir

    def __init__(self, tmp: Path, mark: str) -> None:
        super().__init__(tmp)
        self.mark = mark
        self.root = tmp / "Mail" / "INBOX"
        for sub in ("cur", "new", "tmp"):
            (self.root / sub).mkdir(parents=True)
        self.mark_step = (mailpub.maildir, "_mark_seen") if mark == "seen" else None

    def settings(self) -> dict[str, Any]:
        return {
            **super().settings(),
            "source": "maildir",
            "maildir": {"path": str(self.root), "mark": self.mark},
        }

    def deliver(self, messages: list[bytes]) -> None:
        """Deliver as an MDA does: write in tmp/, then rename into new/."""
        for data in messages:
            name = f"1715000000.M{next(_SERIAL):06d}P{os.getpid()}.test"
            (self.root / "tmp" / name).write_bytes(data)
            os.rename(self.root / "tmp" / name, self.root / "new" / name)

    def files(self) -> list[str]:
        return sorted(os.listdir(self.root / "new") + os.listdir(self.root / "cur"))

    def present(self) -> int:
        return len(self.files())

    def handled(self) -> int | None:
        if self.mark == "none":
            return None
        return sum(1 for n in os.listdir(self.root / "cur") if "S" in n.partition(":2,")[2])

    def is_source(self, source: str) -> bool:
        """The file's path when it was read (marking may since have renamed it into cur/)."""
        path = Path(source)
        names = {unique_name(n) for n in self.files()}
        return path.parent.parent == self.root and unique_name(path.name) in names


class ImapHarness(SourceHarness):
    kind = "imap"
    crash_module = mailpub.poll
    mark_step = (mailpub.poll._Marker, "mark")

    def __init__(self, tmp: Path, dovecot: Any) -> None:
        super().__init__(tmp)
        self.dv = dovecot
        self.user, self.password = dovecot.add_user()

    def settings(self) -> dict[str, Any]:
        imap = {
            "host": "127.0.0.1",
            "port": self.dv.port,
            "security": "none",
            "username": self.user,
            "password_env": PW_VAR,
            "timeout": 10,
        }
        return {**super().settings(), "imap": imap}

    def poll(self) -> PollResult:
        return poll(self.cfg(), env={PW_VAR: self.password})

    def deliver(self, messages: list[bytes]) -> None:
        self.dv.append(self.user, messages)

    def flags(self) -> list[tuple[bytes, ...]]:
        client = self.dv.client(self.user)
        try:
            client.select_folder("INBOX", readonly=True)
            uids = client.search(["ALL"])
            return list(client.get_flags(uids).values()) if uids else []
        finally:
            client.logout()

    def present(self) -> int:
        return len(self.flags())

    def handled(self) -> int | None:
        return sum(1 for f in self.flags() if KEYWORD.encode() in f)

    def is_source(self, source: str) -> bool:
        return source.startswith(f"imap://{self.user}@127.0.0.1:") and ";UID=" in source


@pytest.fixture(params=["maildir-mark-none", "maildir-mark-seen", "imap-dovecot"])
def source(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SourceHarness]:
    if request.param.startswith("maildir"):
        yield MaildirHarness(tmp_path, request.param.rsplit("-", 1)[1])
    else:
        yield ImapHarness(tmp_path, request.getfixturevalue("dovecot"))


def outcomes(result: PollResult) -> list[str]:
    return [str(e.outcome) for e in result.entries]


# --------------------------------------------------------------------------- the contract


def test_new_letters_become_drafts_once(source: SourceHarness) -> None:
    source.deliver([letter(i) for i in range(3)])
    first = source.poll()
    assert outcomes(first) == ["drafted"] * 3
    assert all(source.is_source(e.source) for e in first.entries)
    assert len({e.draft_id for e in first.entries}) == 3
    assert source.drafts() == source.draft_files() == 3

    again = source.poll()
    assert again.entries == [] and again.marked == 0
    assert source.drafts() == 3

    source.deliver([letter(10), letter(11)])
    third = source.poll()
    assert outcomes(third) == ["drafted", "drafted"]
    assert source.drafts() == source.draft_files() == 5
    assert source.poll().entries == []
    assert source.present() == 5  # every message is still in the mailbox
    assert source.handled() in (None, 5)


def test_idle_poll_reads_no_message(source: SourceHarness) -> None:
    source.deliver([letter(i) for i in range(4)])
    source.poll()
    idle = source.poll()
    assert idle.entries == [] and idle.marked == 0
    if source.kind == "maildir":
        assert idle.bytes_received == 0  # a directory listing, no message file opened
    else:
        assert idle.commands == 2  # LOGIN, SELECT


def test_automatic_mail_is_skipped_and_left_alone(source: SourceHarness) -> None:
    source.deliver(
        [
            letter(20, extra={"Auto-Submitted": "auto-replied"}),
            letter(21, extra={"Precedence": "bulk"}),
            letter(22, extra={"List-Id": "<news.example.net>"}),
            letter(23, extra={"From": "MAILER-DAEMON@example.net"}),
            letter(24, extra={"From": "Boris <boris@example.org>"}),
            letter(25),
        ]
    )
    result = source.poll()
    assert outcomes(result) == ["skipped"] * 5 + ["drafted"]
    reasons = [e.reason or "" for e in result.entries]
    assert "Auto-Submitted" in reasons[0] and "Precedence: bulk" in reasons[1]
    assert "List-Id" in reasons[2] and "mailer-daemon" in reasons[3]
    assert "author" in reasons[4] and reasons[5] == ""
    assert source.drafts() == 1
    assert source.handled() in (None, 1)  # skipped mail is never marked
    assert source.present() == 6
    assert source.poll().entries == []  # looked at once
    with State(source.tmp / "state", source.tmp / "drafts") as state:
        rows = state.db.execute("SELECT outcome FROM letters").fetchall()
    assert sorted(r[0] for r in rows) == ["drafted"] + ["skipped"] * 5


def test_crash_between_drafting_and_recording(
    source: SourceHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The third draft is durably written, then the poll dies before recording anything."""
    source.deliver([letter(i) for i in range(30, 34)])
    real = source.crash_module.process_message
    calls = {"n": 0}

    def crash_after_third(*args: Any, **kwargs: Any) -> Any:
        entry = real(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("simulated crash after drafting, before recording")
        return entry

    monkeypatch.setattr(source.crash_module, "process_message", crash_after_third)
    with pytest.raises(KeyboardInterrupt):
        source.poll()
    monkeypatch.setattr(source.crash_module, "process_message", real)
    assert source.drafts() == source.draft_files() == 3
    assert source.handled() in (None, 0)

    healed = source.poll()
    assert outcomes(healed) == ["duplicate"] * 3 + ["drafted"]
    assert source.drafts() == source.draft_files() == 4  # nothing lost, nothing twice
    assert source.handled() in (None, 4)
    assert source.poll().entries == []
    assert source.present() == 4


def test_crash_between_recording_and_marking(
    source: SourceHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    if source.mark_step is None:
        pytest.skip("this source makes no marks")
    source.deliver([letter(40), letter(41)])
    owner, name = source.mark_step

    def crash(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt("simulated crash before marking")

    with monkeypatch.context() as patch:
        patch.setattr(owner, name, crash)
        with pytest.raises(KeyboardInterrupt):
            source.poll()
    assert source.drafts() == 2 and source.handled() == 0
    healed = source.poll()
    assert healed.entries == [] and healed.marked == 2  # the owed marks, nothing re-drafted
    assert source.handled() == 2 and source.drafts() == 2 and source.present() == 2


def test_crash_mid_batch_then_new_mail(
    source: SourceHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash while drafting, then more mail before the next poll: each letter once."""
    source.deliver([letter(i) for i in range(50, 53)])
    real = source.crash_module.process_message
    calls = {"n": 0}

    def crash_on_second(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("simulated failure while drafting")
        return real(*args, **kwargs)

    monkeypatch.setattr(source.crash_module, "process_message", crash_on_second)
    with pytest.raises(RuntimeError):
        source.poll()
    monkeypatch.setattr(source.crash_module, "process_message", real)
    source.deliver([letter(53)])
    healed = source.poll()
    assert sorted(outcomes(healed)) == ["drafted"] * 3 + ["duplicate"]
    assert source.drafts() == source.draft_files() == 4
    assert source.present() == 4


def test_stop_between_batches_carries_on(
    source: SourceHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source.crash_module, "BATCH", 2)
    source.deliver([letter(i) for i in range(60, 65)])
    asked = {"n": 0}

    def stop_after_first_batch() -> bool:
        asked["n"] += 1
        return asked["n"] > 1

    cfg = source.cfg()
    env = {PW_VAR: getattr(source, "password", "")}
    first = poll(cfg, env=env, stop=stop_after_first_batch)
    assert first.stopped and outcomes(first) == ["drafted", "drafted"]
    rest = poll(cfg, env=env)
    assert outcomes(rest) == ["drafted"] * 3
    assert source.drafts() == 5 and source.poll().entries == []

"""``mailpub poll`` and the IMAP source against a real Dovecot on loopback.

Every test gets its own Dovecot user (an empty mailbox) on the session's server
(the ``dovecot`` fixture in conftest.py) and its own drafts/state folders.
"""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import yaml

from mailpub.config import Config, parse_config
from mailpub.errors import (
    ImapAuthError,
    ImapCertificateError,
    ImapConnectError,
    ImapFolderError,
    ImapTimeoutError,
)
from mailpub.imap import ImapSession, account_key, connect
from mailpub.imap_state import ImapState
from mailpub.model import Outcome
from mailpub.poll import PollResult, poll
from mailpub.state import State

PW_VAR = "MAILPUB_TEST_IMAP_PW"
KEYWORD = "$MailpubDrafted"

TOPICS = [
    "whether to leave my job at a bank for a startup",
    "how to ask my manager for a raise after three years",
    "if a master's degree is worth it for a data engineer",
    "how to move from support into software testing",
    "whether I should accept a counter-offer from my employer",
    "how to explain a two-year gap on my resume",
    "if I should learn Rust or Go for backend work",
    "how to prepare for my first tech lead interview",
]


def letter(index: int, *, extra: dict[str, str] | None = None, attachment: int = 0) -> bytes:
    """A distinct, ordinary advice letter (its text differs for each index)."""
    msg = EmailMessage()
    msg["From"] = f"Reader {index} <reader{index}@example.net>"
    msg["To"] = "Boris <boris@example.org>"
    msg["Subject"] = f"Question {index}"
    msg["Date"] = "Mon, 06 May 2024 10:00:00 +0000"
    msg["Message-ID"] = f"<letter-{index}-{id(msg)}@example.net>"
    for name, value in (extra or {}).items():
        del msg[name]
        msg[name] = value
    topic = TOPICS[index % len(TOPICS)]
    msg.set_content(
        f"Hi Boris,\n\nI have been wondering {topic}. This is letter number {index} and"
        f" I would really value your view on it.\n\nMy situation is a little unusual: I"
        f" have worked in the same team for {index + 2} years and feel I stopped learning."
        "\n\nThanks,\nReader\n"
    )
    if attachment:
        msg.add_attachment(b"\x00" * attachment, maintype="application", subtype="octet-stream",
                           filename="big.bin")  # fmt: skip
    return msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))


@pytest.fixture
def mailbox(dovecot: Any, tmp_path: Path) -> Mailbox:
    user, password = dovecot.add_user()
    return Mailbox(dovecot, user, password, tmp_path)


class Mailbox:
    """One Dovecot user plus a mailpub configuration pointing at it."""

    def __init__(self, dv: Any, user: str, password: str, tmp_path: Path) -> None:
        self.dv, self.user, self.password, self.tmp = dv, user, password, tmp_path
        self.env = {PW_VAR: password}

    def imap_settings(self, **imap: object) -> dict[str, object]:
        settings: dict[str, object] = {
            "host": "127.0.0.1",
            "port": self.dv.port,
            "security": "none",
            "username": self.user,
            "password_env": PW_VAR,
            "timeout": 10,
        }
        settings.update(imap)
        return settings

    def data(self, filters: dict[str, object] | None = None, **imap: object) -> dict[str, object]:
        return {
            "paths": {"drafts": str(self.tmp / "drafts"), "state": str(self.tmp / "state")},
            "author": {"name": "Boris", "addresses": ["boris@example.org"]},
            "imap": self.imap_settings(**imap),
            "filters": filters or {},
        }

    def cfg(self, filters: dict[str, object] | None = None, **imap: object) -> Config:
        return parse_config(
            self.data(filters, **imap), base_dir=self.tmp, env={"HOME": str(self.tmp)}, source=None
        )

    def poll(self, cfg: Config | None = None, **kwargs: Any) -> PollResult:
        return poll(cfg or self.cfg(), env=self.env, **kwargs)

    def append(self, messages: list[bytes], **kwargs: Any) -> None:
        self.dv.append(self.user, messages, **kwargs)

    def server_flags(self, folder: str = "INBOX") -> list[tuple[str, ...]]:
        """Flags of every message in ``folder``, in UID order (read-only look)."""
        client = self.dv.client(self.user)
        try:
            client.select_folder(folder, readonly=True)
            uids = client.search(["ALL"])
            flags = client.get_flags(uids) if uids else {}
            return [tuple(f.decode() for f in flags[u]) for u in sorted(flags)]
        finally:
            client.logout()

    def drafts(self) -> int:
        with State(self.tmp / "state", self.tmp / "drafts") as state:
            return len(state.drafts())


def outcomes(result: PollResult) -> list[str]:
    return [str(e.outcome) for e in result.entries]


# --------------------------------------------------------------------------- the must-shows


def test_letters_become_drafts_once_and_stay_on_the_server(mailbox: Mailbox) -> None:
    mailbox.append([letter(i) for i in range(3)])
    first = mailbox.poll()
    assert outcomes(first) == ["drafted"] * 3
    assert all(e.source.startswith(f"imap://{mailbox.user}@127.0.0.1:") for e in first.entries)
    assert all(f";UIDVALIDITY={first.uidvalidity}/;UID=" in e.source for e in first.entries)
    assert first.marked == 3

    again = mailbox.poll()
    assert again.entries == []
    assert again.commands == 2  # LOGIN, SELECT: UIDNEXT says nothing is new

    mailbox.append([letter(i) for i in (10, 11)])
    third = mailbox.poll()
    assert outcomes(third) == ["drafted", "drafted"]
    assert mailbox.drafts() == 5
    flags = mailbox.server_flags()
    assert len(flags) == 5  # every message is still on the server
    assert all(KEYWORD in f for f in flags)
    assert not any("\\Seen" in f or "\\Deleted" in f for f in flags)


def test_tls_with_ca_file_is_trusted(mailbox: Mailbox) -> None:
    cfg = mailbox.cfg(security="tls", port=mailbox.dv.tls_port, ca_file=str(mailbox.dv.cafile))
    mailbox.append([letter(1)])
    assert outcomes(mailbox.poll(cfg)) == ["drafted"]


def test_starttls_with_ca_file(mailbox: Mailbox) -> None:
    cfg = mailbox.cfg(security="starttls", ca_file=str(mailbox.dv.cafile))
    mailbox.append([letter(2)])
    assert outcomes(mailbox.poll(cfg)) == ["drafted"]


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_untrusted_certificate_is_refused(mailbox: Mailbox, security: str) -> None:
    port = mailbox.dv.tls_port if security == "tls" else mailbox.dv.port
    cfg = mailbox.cfg(security=security, port=port)
    with pytest.raises(ImapCertificateError) as info:
        mailbox.poll(cfg)
    assert "certificate" in info.value.message
    assert info.value.hint is not None and "imap.ca_file" in info.value.hint


def test_cli_untrusted_certificate_one_line(
    mailbox: Mailbox, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = mailbox.tmp / "config.yaml"
    path.write_text(yaml.safe_dump(mailbox.data(security="tls", port=mailbox.dv.tls_port)))
    monkeypatch.setenv(PW_VAR, mailbox.password)
    result = run("--config", str(path), "poll")
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert lines[0].startswith("mailpub: error: certificate problem")
    assert "imap.ca_file" in lines[1] and len(lines) == 2
    assert "Traceback" not in result.err


def test_wrong_password(mailbox: Mailbox) -> None:
    mailbox.env = {PW_VAR: "not-the-password"}
    with pytest.raises(ImapAuthError) as info:
        mailbox.poll()
    assert "refused the login" in info.value.message
    assert "not-the-password" not in str(info.value)


def test_cli_wrong_password(
    mailbox: Mailbox, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = mailbox.tmp / "config.yaml"
    path.write_text(yaml.safe_dump(mailbox.data()))
    monkeypatch.setenv(PW_VAR, "secret-wrong-pw")
    result = run("--config", str(path), "poll")
    assert result.code == 1
    assert "refused the login" in result.err
    assert "secret-wrong-pw" not in result.err + result.out
    assert "Traceback" not in result.err


def test_missing_folder(mailbox: Mailbox) -> None:
    with pytest.raises(ImapFolderError, match="'Nope' does not exist"):
        mailbox.poll(mailbox.cfg(folder="Nope"))


def test_unreachable_host(mailbox: Mailbox) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ImapConnectError, match="refused the connection"):
        mailbox.poll(mailbox.cfg(port=port))


def test_timeout(mailbox: Mailbox) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)  # accepts, never greets
    try:
        cfg = mailbox.cfg(port=server.getsockname()[1], timeout="0.3s")
        with pytest.raises(ImapTimeoutError, match=r"did not answer within 0\.3 seconds"):
            mailbox.poll(cfg)
    finally:
        server.close()


def test_xoauth2_login(mailbox: Mailbox) -> None:
    token = mailbox.dv.issue_token(mailbox.user)
    command = [sys.executable, "-c", f"print({token!r})"]
    data = mailbox.data(oauth2_token_command=command)
    del data["imap"]["password_env"]  # type: ignore[attr-defined]
    cfg = parse_config(data, base_dir=mailbox.tmp, env={}, source=None)
    mailbox.append([letter(3)])
    assert outcomes(poll(cfg)) == ["drafted"]
    data["imap"]["oauth2_token_command"] = [sys.executable, "-c", "print('expired')"]  # type: ignore[index]
    cfg = parse_config(data, base_dir=mailbox.tmp, env={}, source=None)
    with pytest.raises(ImapAuthError, match="XOAUTH2"):
        poll(cfg)


# --------------------------------------------------------------------------- exactly once


def test_uidvalidity_reset_drafts_nothing_twice(mailbox: Mailbox) -> None:
    old = [letter(20), letter(21)]
    mailbox.append(old, folder="Advice")
    cfg = mailbox.cfg(folder="Advice")
    first = mailbox.poll(cfg)
    assert outcomes(first) == ["drafted", "drafted"]
    client = mailbox.dv.client(mailbox.user)
    client.delete_folder("Advice")
    client.create_folder("Advice")
    client.logout()
    mailbox.append([*old, letter(22)], folder="Advice")
    second = mailbox.poll(cfg)
    assert second.uidvalidity_changed and second.uidvalidity != first.uidvalidity
    assert outcomes(second) == ["duplicate", "duplicate", "drafted"]
    assert mailbox.drafts() == 3
    assert mailbox.poll(cfg).entries == []


def test_message_arriving_during_a_poll(mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch) -> None:
    mailbox.append([letter(i) for i in range(30, 33)])
    late = letter(39)

    def opener(imap: Any) -> ImapSession:
        session = connect(imap, env=mailbox.env)
        original = session.summaries

        def summaries(uids: Any) -> Any:
            found = original(uids)
            mailbox.append([late])  # arrives after the UID SEARCH, mid-poll
            return found

        session.summaries = summaries  # type: ignore[method-assign]
        return session

    first = mailbox.poll(connect_session=opener)
    assert outcomes(first) == ["drafted"] * 3
    second = mailbox.poll()
    assert outcomes(second) == ["drafted"]
    assert mailbox.poll().entries == []
    assert mailbox.drafts() == 4


def test_server_restarted_between_polls(mailbox: Mailbox) -> None:
    mailbox.append([letter(40)])
    assert outcomes(mailbox.poll()) == ["drafted"]
    old_pid = mailbox.dv.pid
    mailbox.dv.restart()
    assert mailbox.dv.pid != old_pid
    assert mailbox.poll().entries == []
    mailbox.append([letter(41)])
    assert outcomes(mailbox.poll()) == ["drafted"]
    assert mailbox.drafts() == 2


def test_crash_between_draft_and_mark_is_healed(mailbox: Mailbox) -> None:
    mailbox.append([letter(50), letter(51)])

    def crashing(imap: Any) -> ImapSession:
        session = connect(imap, env=mailbox.env)

        def add_flags(uids: Any, flags: Any) -> None:
            raise KeyboardInterrupt("simulated crash before marking")

        session.add_flags = add_flags  # type: ignore[method-assign]
        return session

    with pytest.raises(KeyboardInterrupt):
        mailbox.poll(connect_session=crashing)
    assert mailbox.drafts() == 2
    assert not any(KEYWORD in f for f in mailbox.server_flags())
    healed = mailbox.poll()
    assert healed.entries == [] and healed.marked == 2  # owed marks made, nothing re-drafted
    assert all(KEYWORD in f for f in mailbox.server_flags())
    assert mailbox.drafts() == 2


def test_crash_while_drafting_a_batch_neither_loses_nor_duplicates(
    mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mailpub.poll as poll_module

    mailbox.append([letter(i) for i in range(60, 64)])
    real = poll_module.process_message
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("simulated crash while drafting")
        return real(*args, **kwargs)

    monkeypatch.setattr(poll_module, "process_message", flaky)
    with pytest.raises(KeyboardInterrupt):
        mailbox.poll()
    monkeypatch.setattr(poll_module, "process_message", real)
    assert mailbox.drafts() == 2
    again = mailbox.poll()
    assert outcomes(again) == ["duplicate", "duplicate", "drafted", "drafted"]
    assert mailbox.drafts() == 4
    assert all(KEYWORD in f for f in mailbox.server_flags())


# --------------------------------------------------------------------------- marking modes


def test_mark_seen(mailbox: Mailbox) -> None:
    mailbox.append([letter(70)])
    assert outcomes(mailbox.poll(mailbox.cfg(mark="seen"))) == ["drafted"]
    [flags] = mailbox.server_flags()
    assert "\\Seen" in flags and KEYWORD not in flags


def test_mark_move_and_a_missing_target_folder(mailbox: Mailbox) -> None:
    mailbox.append([letter(71), letter(72)])
    cfg = mailbox.cfg(mark="move", move_to="Archive/Advice")
    with pytest.raises(ImapFolderError, match=r"imap\.move_to"):
        mailbox.poll(cfg)
    assert mailbox.drafts() == 2  # the drafts are safe; the moves are owed
    assert len(mailbox.server_flags()) == 2
    client = mailbox.dv.client(mailbox.user)
    client.create_folder("Archive/Advice")
    client.logout()
    healed = mailbox.poll(cfg)
    assert healed.entries == [] and healed.marked == 2
    assert mailbox.server_flags() == []
    moved = mailbox.server_flags("Archive/Advice")
    assert len(moved) == 2 and all(KEYWORD in f for f in moved)
    assert mailbox.drafts() == 2


def test_keyword_already_present_is_left_alone(mailbox: Mailbox) -> None:
    mailbox.append([letter(73)], flags=(KEYWORD,))
    mailbox.append([letter(74)])
    result = mailbox.poll()
    assert outcomes(result) == ["drafted"] and result.already_marked == 1


# --------------------------------------------------------------------------- what is looked at


def test_automatic_mail_is_skipped_by_its_headers_and_never_touched(mailbox: Mailbox) -> None:
    automatic = [
        letter(80, extra={"Auto-Submitted": "auto-replied"}),
        letter(81, extra={"Precedence": "bulk"}),
        letter(82, extra={"List-Id": "<news.example.net>"}),
        letter(83, extra={"List-Unsubscribe": "<mailto:unsub@example.net>"}),
    ]
    bounce = letter(84, extra={"From": "MAILER-DAEMON@example.net"})
    report = (
        b"From: postmaster@example.net\r\nTo: boris@example.org\r\nSubject: Undelivered\r\n"
        b"Message-ID: <report-1@example.net>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n--b--\r\n"
    )
    mailbox.append([*automatic, bounce, report, letter(85)])
    fetched: list[int] = []

    def spying(imap: Any) -> ImapSession:
        session = connect(imap, env=mailbox.env)
        original = session.bodies

        def bodies(uids: Any) -> Any:
            fetched.extend(uids)
            return original(uids)

        session.bodies = bodies  # type: ignore[method-assign]
        return session

    result = mailbox.poll(connect_session=spying)
    assert outcomes(result) == ["skipped"] * 6 + ["drafted"]
    reasons = [e.reason or "" for e in result.entries[:6]]
    assert "Auto-Submitted" in reasons[0] and "Precedence: bulk" in reasons[1]
    assert "List-Id" in reasons[2] and "List-Unsubscribe" in reasons[3]
    assert "mailer-daemon" in reasons[4] and "report" in reasons[5]
    assert fetched == [7]  # only the real letter was downloaded
    flags = mailbox.server_flags()
    assert all(KEYWORD not in f for f in flags[:6]) and KEYWORD in flags[6]
    with State(mailbox.tmp / "state", mailbox.tmp / "drafts") as state:
        rows = state.db.execute("SELECT outcome, reason FROM letters").fetchall()
    assert sorted(o for o, _ in rows) == ["drafted"] + ["skipped"] * 6
    assert mailbox.poll().entries == []  # looked at once


def test_filters(mailbox: Mailbox) -> None:
    mailbox.append([
        letter(90, extra={"Subject": "Advice please"}),
        letter(91),
        letter(92, extra={"Subject": "advice: spam"}),
    ])  # fmt: skip
    cfg = mailbox.cfg(filters={"subject": "^advice", "senders_deny": ["reader92@example.net"]})
    result = mailbox.poll(cfg)
    assert [(str(e.outcome), e.reason) for e in result.entries] == [
        ("drafted", None),
        ("skipped", "filtered out (filters.subject)"),
        ("skipped", "filtered out (filters.senders_deny)"),
    ]


def test_since_bounds_the_first_poll_only(mailbox: Mailbox) -> None:
    old, new = datetime(2020, 1, 1, tzinfo=UTC), datetime(2024, 6, 1, tzinfo=UTC)
    mailbox.append([letter(100)], msg_time=old)
    mailbox.append([letter(101)], msg_time=new)
    mailbox.append([letter(102)], msg_time=old)
    mailbox.append([letter(103)])  # now
    cfg = mailbox.cfg(since=date(2024, 1, 1).isoformat())
    first = mailbox.poll(cfg)
    assert [e.source.rsplit("=", 1)[1] for e in first.entries] == ["2", "4"]
    assert mailbox.poll(cfg).entries == []
    mailbox.append([letter(104)], msg_time=old)  # new to the folder, whatever its date
    assert outcomes(mailbox.poll(cfg)) == ["drafted"]


def test_large_message_is_fetched_by_its_text_parts(mailbox: Mailbox) -> None:
    big = letter(110, attachment=400_000)
    assert len(big) > 500_000
    mailbox.append([big, letter(111)])
    result = mailbox.poll(mailbox.cfg(large_message_bytes="64KiB"))
    assert outcomes(result) == ["drafted", "drafted"]
    assert result.bytes_received < 100_000  # the attachment never came over the wire
    with State(mailbox.tmp / "state", mailbox.tmp / "drafts") as state:
        [first] = [d for d in state.drafts() if d.title == "Question 110"]
    assert "letter number 110" in first.path.read_text(encoding="utf-8")


def test_large_message_same_letter_as_whole_fetch(mailbox: Mailbox) -> None:
    """Fetched by parts or whole, a letter has the same identity (no second draft)."""
    big = letter(112, attachment=200_000)
    mailbox.append([big], folder="One")
    mailbox.append([big], folder="Two")
    assert outcomes(mailbox.poll(mailbox.cfg(folder="One", large_message_bytes="10KiB"))) == [
        "drafted"
    ]
    assert outcomes(mailbox.poll(mailbox.cfg(folder="Two"))) == ["duplicate"]


def test_too_large_is_quarantined_unread(mailbox: Mailbox, run: Callable[..., Any],
                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    mailbox.append([letter(120, attachment=300_000)])
    data = mailbox.data()
    data["limits"] = {"max_message_bytes": "100KB"}
    path = mailbox.tmp / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    monkeypatch.setenv(PW_VAR, mailbox.password)
    result = run("--config", str(path), "poll", "--json")
    assert result.code == 3
    import json

    [entry] = json.loads(result.out)
    assert set(entry) == {"source", "outcome", "draft_id", "letter_id", "reason"}
    assert entry["outcome"] == "quarantined" and "too large" in entry["reason"]
    assert entry["source"].startswith("imap://")
    assert KEYWORD not in mailbox.server_flags()[0]  # not handled: not marked


# --------------------------------------------------------------------------- cost and CLI


def test_idle_poll_cost_does_not_grow_with_the_folder(dovecot: Any, tmp_path: Path) -> None:
    costs = []
    for count in (20, 400):
        user, password = dovecot.add_user("idle")
        box = Mailbox(dovecot, user, password, tmp_path / str(count))
        box.append([b"From: a@example.net\r\nSubject: x\r\n\r\nbody %d\r\n" % i
                    for i in range(count)])  # fmt: skip
        cfg = box.cfg(filters={"subject": "^never$"})  # record without drafting
        assert len(box.poll(cfg).entries) == count
        idle = box.poll(cfg)
        assert idle.entries == []
        costs.append((idle.commands, idle.bytes_received))
    (c_small, b_small), (c_big, b_big) = costs
    assert c_small == c_big == 2  # LOGIN, SELECT
    assert abs(b_big - b_small) <= 0.2 * b_small


def test_cli_poll_and_doctor(
    mailbox: Mailbox, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = mailbox.tmp / "config.yaml"
    path.write_text(yaml.safe_dump(mailbox.data()))
    monkeypatch.setenv(PW_VAR, mailbox.password)
    doctor = run("--config", str(path), "doctor")
    assert doctor.code == 0, doctor.out
    lines = doctor.out.splitlines()
    names = [line[6:].split(":")[0] for line in lines]
    assert names == [
        "config", "drafts folder", "state folder", "blog folder", "credentials",
        "connect and login", "folder", "marking",
    ]  # fmt: skip
    assert "keyword $MailpubDrafted" in lines[-1]
    mailbox.append([letter(130)])
    first = run("--config", str(path), "poll")
    assert first.code == 0 and "1 drafted" in first.out
    second = run("--config", str(path), "poll", "--json")
    assert second.code == 0 and second.out.strip() == "[]"

    monkeypatch.setenv(PW_VAR, "wrong")
    bad = run("--config", str(path), "doctor")
    assert bad.code == 1
    assert bad.out.splitlines()[-1].startswith("FAIL  connect and login: ")
    assert "fix: check imap.username" in bad.out


def test_doctor_reports_a_missing_move_folder(
    mailbox: Mailbox, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = mailbox.tmp / "config.yaml"
    path.write_text(yaml.safe_dump(mailbox.data(mark="move", move_to="Nowhere")))
    monkeypatch.setenv(PW_VAR, mailbox.password)
    result = run("--config", str(path), "doctor")
    assert result.code == 1
    assert result.out.splitlines()[-1].startswith("FAIL  marking: imap.move_to folder 'Nowhere'")


def test_imap_state_records_every_uid(mailbox: Mailbox) -> None:
    mailbox.append([letter(140), letter(141, extra={"Precedence": "junk"})])
    result = mailbox.poll()
    with State(mailbox.tmp / "state", mailbox.tmp / "drafts") as state:
        store = ImapState(state.db)
        account = account_key(mailbox.user, "127.0.0.1", mailbox.dv.port)
        cursor = store.cursor(account, "INBOX")
        decided = store.decided(account, "INBOX", result.uidvalidity)
    assert cursor is not None and cursor.last_uid == 2
    assert [(d.uid, d.outcome, d.marked) for d in decided] == [
        (1, "drafted", True),
        (2, "skipped", True),
    ]


def test_two_polls_at_once_take_each_letter_once(mailbox: Mailbox) -> None:
    mailbox.append([letter(i) for i in range(150, 156)])
    results: list[PollResult] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            results.append(mailbox.poll())
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(outcomes(results[0]) + outcomes(results[1])) == ["drafted"] * 6
    assert mailbox.drafts() == 6
    assert Outcome.DRAFTED in {e.outcome for r in results for e in r.entries}


def test_stop_ends_the_poll_between_batches(
    mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mailpub.poll as poll_module

    monkeypatch.setattr(poll_module, "BATCH", 2)
    mailbox.append([letter(i) for i in range(160, 165)])
    checks = {"n": 0}

    def stop() -> bool:
        checks["n"] += 1
        return checks["n"] > 1  # let one batch through

    first = mailbox.poll(stop=stop)
    assert first.stopped and outcomes(first) == ["drafted", "drafted"]
    assert first.last_uid == 2
    rest = mailbox.poll()
    assert not rest.stopped and outcomes(rest) == ["drafted"] * 3
    assert mailbox.drafts() == 5


def _without_keywords(mailbox: Mailbox) -> Callable[[Any], ImapSession]:
    """Sessions that see PERMANENTFLAGS without \\* (as on Microsoft 365)."""
    import dataclasses

    def opener(imap: Any) -> ImapSession:
        session = connect(imap, env=mailbox.env)
        original = session.select

        def select(folder: str, *, readonly: bool = False) -> Any:
            status = original(folder, readonly=readonly)
            return dataclasses.replace(status, permanent_flags=("\\Seen", "\\Deleted"))

        session.select = select  # type: ignore[method-assign]
        return session

    return opener


def test_server_without_custom_keywords_falls_back_to_own_record(mailbox: Mailbox) -> None:
    opener = _without_keywords(mailbox)
    mailbox.append([letter(170), letter(171)])
    first = mailbox.poll(connect_session=opener)
    assert outcomes(first) == ["drafted", "drafted"] and not first.keywords_kept
    assert not any(KEYWORD in f for f in mailbox.server_flags())  # nothing added
    assert mailbox.poll(connect_session=opener).entries == []
    mailbox.append([letter(172)])
    assert outcomes(mailbox.poll(connect_session=opener)) == ["drafted"]
    assert mailbox.drafts() == 3


def test_doctor_says_when_keywords_are_not_kept(
    mailbox: Mailbox, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import mailpub.imap

    path = mailbox.tmp / "config.yaml"
    path.write_text(yaml.safe_dump(mailbox.data()))
    monkeypatch.setenv(PW_VAR, mailbox.password)
    monkeypatch.setattr(mailpub.imap, "keeps_keywords", lambda flags, keyword: False)
    result = run("--config", str(path), "doctor")
    assert result.code == 0
    last = result.out.splitlines()[-1]
    assert last.startswith("WARN  marking: the server does not keep custom keywords")
    assert "own UID record" in last

"""The author's edits are never overwritten (issue 7, point 4): re-poll and service restart.

Re-import, ``redact`` and ``unredact`` are in tests/test_faults.py. Here the
same letter reaches mailpub again over IMAP after the author edited its draft:
after a UIDVALIDITY reset, after the poll record and the server mark are
wiped, and through a restarted ``mailpub run`` service. Each time it must be
found a duplicate and the draft file must stay byte for byte as the author
left it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mailpub.state import State
from tests.test_poll_dovecot import KEYWORD, Mailbox, letter, outcomes
from tests.test_service_dovecot import Running, service  # noqa: F401 (a fixture)

ANSWER = "My own answer, typed by hand: stay one more year and learn the new stack."


def edit(path: Path) -> bytes:
    """Edit a draft like an author: answer, retitle, add a note. Returns the new bytes."""
    text = path.read_text(encoding="utf-8")
    assert "@@REPLY@@" in text
    text = text.replace("@@REPLY@@", ANSWER, 1).replace("title:", "title: Edited -", 1)
    path.write_text(text + "<!-- the author's own note -->\n", encoding="utf-8")
    return path.read_bytes()


@pytest.fixture
def box(dovecot: Any, tmp_path: Path) -> Mailbox:
    user, password = dovecot.add_user("edit")
    return Mailbox(dovecot, user, password, tmp_path)


def _only_draft(tmp: Path) -> Path:
    [path] = sorted((tmp / "drafts").glob("*.md"))
    return path


def test_repoll_after_uidvalidity_reset_keeps_the_edit(box: Mailbox) -> None:
    data = letter(7001)
    box.append([data], folder="Advice")
    cfg = box.cfg(folder="Advice")
    assert outcomes(box.poll(cfg)) == ["drafted"]
    path = _only_draft(box.tmp)
    edited = edit(path)
    client = box.dv.client(box.user)
    client.delete_folder("Advice")
    client.create_folder("Advice")
    client.logout()
    box.append([data], folder="Advice")  # the same letter under a new UIDVALIDITY
    again = box.poll(cfg)
    assert again.uidvalidity_changed
    assert outcomes(again) == ["duplicate"]
    assert path.read_bytes() == edited
    assert _only_draft(box.tmp) == path


def test_repoll_after_the_poll_record_is_wiped_keeps_the_edit(box: Mailbox) -> None:
    box.append([letter(7002)])
    cfg = box.cfg()
    assert outcomes(box.poll(cfg)) == ["drafted"]
    path = _only_draft(box.tmp)
    edited = edit(path)
    # Forget everything the poll knew: its per-folder record and the server-side mark.
    with State(box.tmp / "state", box.tmp / "drafts") as state:
        state.db.execute("DELETE FROM imap_messages")
        state.db.execute("DELETE FROM imap_folders")
    client = box.dv.client(box.user)
    client.select_folder("INBOX")
    client.remove_flags(client.search(["ALL"]), [KEYWORD])
    client.logout()
    assert all(KEYWORD not in f for f in box.server_flags())
    again = box.poll(cfg)
    assert outcomes(again) == ["duplicate"]  # fetched again: the same letter
    assert path.read_bytes() == edited
    assert _only_draft(box.tmp) == path
    assert box.drafts() == 1


@pytest.fixture
def running(service: Callable[..., Running]) -> Callable[[], Running]:  # noqa: F811
    """A service that polls every second; the shared ``service`` fixture stops it after."""
    return lambda: service(schedule={"poll_interval": "1s"})


def test_service_restart_keeps_the_edit(running: Callable[[], Running]) -> None:
    svc = running()
    data = letter(7003)
    svc.start()
    svc.dv.append(svc.user, [data])
    svc.wait_for(lambda: len(svc.drafts()) == 1, 15, "the draft")
    [path] = svc.drafts()
    edited = edit(path)  # while the service runs
    svc.wait_for(lambda: svc.text().count("cycle: ") >= 3, 15, "cycles after the edit")
    assert path.read_bytes() == edited
    assert svc.stop() == 0
    svc.log.rename(svc.tmp / "first.log")
    svc.start()  # the restarted service
    svc.dv.append(svc.user, [data])  # the same letter delivered again
    svc.wait_for(lambda: " 1 duplicate" in svc.text(), 15, "the copy to be found a duplicate")
    assert svc.stop() == 0
    assert "Traceback" not in svc.text()
    assert svc.drafts() == [path]
    assert path.read_bytes() == edited

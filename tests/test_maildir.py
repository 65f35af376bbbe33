"""The Maildir source beyond the shared contract (tests/test_source_contract.py):
names and flags, sync tools renaming files between and during polls, files
vanishing, size limits, configuration, ``mailpub poll`` and ``mailpub doctor``."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_source_contract import letter

import mailpub.maildir as maildir_module
from mailpub.config import Config, effective_config, parse_config
from mailpub.errors import ConfigError, UserError
from mailpub.maildir import MaildirState, list_maildir, seen_name, unique_name
from mailpub.poll import PollResult, poll
from mailpub.state import State


class Box:
    """A Maildir plus a mailpub configuration reading it."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.root = tmp / "Mail" / "Advice"
        for sub in ("cur", "new", "tmp"):
            (self.root / sub).mkdir(parents=True)
        self.serial = 0

    def data(self, **maildir: object) -> dict[str, Any]:
        return {
            "source": "maildir",
            "maildir": {"path": str(self.root), **maildir},
            "paths": {"drafts": str(self.tmp / "drafts"), "state": str(self.tmp / "state")},
            "author": {"name": "Boris", "addresses": ["boris@example.org"]},
        }

    def cfg(self, **maildir: object) -> Config:
        return parse_config(
            self.data(**maildir), base_dir=self.tmp, env={"HOME": str(self.tmp)}, source=None
        )

    def put(self, data: bytes, sub: str = "new", info: str = "") -> Path:
        self.serial += 1
        path = self.root / sub / f"17150000{self.serial:02d}.M{self.serial}P1.host,U={self.serial}"
        path = path.with_name(path.name + info)
        path.write_bytes(data)
        return path

    def poll(self, **maildir: object) -> PollResult:
        return poll(self.cfg(**maildir))

    def drafts(self) -> int:
        with State(self.tmp / "state", self.tmp / "drafts") as state:
            return len(state.drafts())

    def names(self) -> list[str]:
        return sorted(os.listdir(self.root / "new") + os.listdir(self.root / "cur"))


@pytest.fixture
def box(tmp_path: Path) -> Box:
    return Box(tmp_path)


def outcomes(result: PollResult) -> list[str]:
    return [str(e.outcome) for e in result.entries]


# --------------------------------------------------------------------------- names and flags


def test_unique_name_and_seen_flag() -> None:
    assert unique_name("1715.M1P2.host,U=7:2,FS") == "1715.M1P2.host,U=7"
    assert unique_name("1715.M1P2.host") == "1715.M1P2.host"
    assert seen_name("a") == "a:2,S"
    assert seen_name("a:2,") == "a:2,S"
    assert seen_name("a:2,FR") == "a:2,FRS"
    assert seen_name("a:2,RT") == "a:2,RST"  # ASCII order
    assert seen_name("a:2,S") == "a:2,S"
    assert seen_name("a:1,xyz") is None


def test_listing_ignores_tmp_and_dot_files(box: Box) -> None:
    box.put(letter(1))
    box.put(letter(2), sub="cur", info=":2,S")
    (box.root / "tmp" / "being-delivered").write_bytes(letter(3))
    (box.root / "new" / ".hidden").write_bytes(letter(4))
    listing = list_maildir(box.root)
    assert sorted(p.parent.name for p in listing.values()) == ["cur", "new"]
    assert outcomes(box.poll()) == ["drafted", "drafted"]


def test_mark_seen_renames_into_cur_and_never_deletes(box: Box) -> None:
    box.put(letter(5))
    box.put(letter(6), sub="cur", info=":2,F")
    box.put(letter(7, extra={"Precedence": "bulk"}))
    result = box.poll(mark="seen")
    assert outcomes(result) == ["drafted", "drafted", "skipped"] and result.marked == 2
    assert os.listdir(box.root / "new") == [box.names()[-1]]  # the skipped one is untouched
    cur = sorted(os.listdir(box.root / "cur"))
    assert [n.partition(":")[2] for n in cur] == ["2,S", "2,FS"]
    assert len(box.names()) == 3


def test_mark_none_leaves_every_file_as_it_was(box: Box) -> None:
    box.put(letter(8))
    box.put(letter(9), sub="cur", info=":2,")
    before = box.names()
    assert outcomes(box.poll()) == ["drafted", "drafted"]
    assert box.names() == before


# --------------------------------------------------------------------------- sync tools


def test_flag_changes_and_moves_by_a_sync_tool_are_not_new_mail(box: Box) -> None:
    first = box.put(letter(10))
    second = box.put(letter(11), sub="cur", info=":2,")
    assert outcomes(box.poll()) == ["drafted", "drafted"]
    os.rename(first, box.root / "cur" / (first.name + ":2,S"))  # read in a mail client
    os.rename(second, second.with_name(second.name.replace(":2,", ":2,RS")))  # replied
    again = box.poll()
    assert again.entries == [] and again.bytes_received == 0
    assert box.drafts() == 2


def test_renamed_between_listing_and_reading_is_read_at_its_new_place(
    box: Box, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = box.put(letter(12))
    real = maildir_module.list_maildir

    def listing_then_sync(root: Path) -> dict[str, Path]:
        found = real(root)
        os.rename(path, box.root / "cur" / (path.name + ":2,S"))  # mbsync, just now
        return found

    monkeypatch.setattr(maildir_module, "list_maildir", listing_then_sync)
    result = box.poll()
    assert outcomes(result) == ["drafted"]
    assert result.entries[0].source == str(box.root / "cur" / (path.name + ":2,S"))


def test_vanished_file_is_left_undecided_and_taken_if_it_comes_back(
    box: Box, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = box.put(letter(13))
    kept = path.read_bytes()
    box.put(letter(14))
    real = maildir_module.list_maildir

    def listing_then_delete(root: Path) -> dict[str, Path]:
        found = real(root)
        path.unlink()  # deleted in a mail client, then synced
        return found

    monkeypatch.setattr(maildir_module, "list_maildir", listing_then_delete)
    assert outcomes(box.poll()) == ["drafted"]  # no error, no quarantine for the gone one
    monkeypatch.setattr(maildir_module, "list_maildir", real)
    path.write_bytes(kept)  # restored from the server
    assert outcomes(box.poll()) == ["drafted"]
    assert box.drafts() == 2


def test_a_letter_synced_again_under_a_new_name_is_a_duplicate(box: Box) -> None:
    data = letter(15)
    box.put(data)
    box.poll()
    box.put(data, sub="cur", info=":2,S")  # e.g. mbsync after a UIDVALIDITY change
    assert outcomes(box.poll()) == ["duplicate"]
    assert box.drafts() == 1


def test_owed_mark_of_a_file_gone_meanwhile_is_given_up(
    box: Box, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = box.put(letter(16))

    def crash(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt("crash before marking")

    with monkeypatch.context() as patch:
        patch.setattr(maildir_module, "_mark_seen", crash)
        with pytest.raises(KeyboardInterrupt):
            box.poll(mark="seen")
    path.unlink()
    healed = box.poll(mark="seen")
    assert healed.entries == [] and healed.marked == 0
    with State(box.tmp / "state", box.tmp / "drafts") as state:
        [decided] = MaildirState(state.db).decided(str(box.root))
    assert decided.marked and decided.outcome == "drafted"


# --------------------------------------------------------------------------- limits and errors


def test_too_large_is_quarantined_from_its_header(box: Box) -> None:
    box.put(letter(17) + b"x" * 5000)
    cfg = parse_config(
        {**box.data(), "limits": {"max_message_bytes": 2000}},
        base_dir=box.tmp,
        env={"HOME": str(box.tmp)},
        source=None,
    )
    result = poll(cfg)
    assert outcomes(result) == ["quarantined"]
    assert "too large" in (result.entries[0].reason or "")
    assert result.bytes_received < 2000
    assert poll(cfg).entries == []


def test_missing_maildir_is_one_clear_error(box: Box) -> None:
    cfg = parse_config(
        {**box.data(), "maildir": {"path": str(box.tmp / "nowhere")}},
        base_dir=box.tmp,
        env={"HOME": str(box.tmp)},
        source=None,
    )
    with pytest.raises(UserError, match="cannot read the Maildir folder") as info:
        poll(cfg)
    assert "maildir.path" in (info.value.hint or "")


# --------------------------------------------------------------------------- configuration


def test_config_source_and_maildir_section(tmp_path: Path) -> None:
    def parse(data: dict[str, Any]) -> Config:
        return parse_config(data, base_dir=tmp_path, env={"HOME": str(tmp_path)}, source=None)

    assert parse({}).intake == "imap" and parse({}).maildir.path is None
    cfg = parse({"source": "maildir", "maildir": {"path": "~/Mail/INBOX", "mark": "seen"}})
    assert cfg.intake == "maildir"
    assert cfg.maildir.path == tmp_path / "Mail" / "INBOX"
    assert cfg.maildir.mark == "seen"
    assert effective_config(cfg)["source"] == "maildir"
    assert effective_config(cfg)["maildir"] == {
        "path": str(tmp_path / "Mail" / "INBOX"),
        "mark": "seen",
    }
    with pytest.raises(ConfigError) as info:
        parse({"source": "pop3", "maildir": {"mark": "delete"}})
    problems = info.value.problems
    assert "source: expected one of imap, maildir, got string 'pop3'" in problems
    assert "maildir.mark: expected one of none, seen, got string 'delete'" in problems
    with pytest.raises(ConfigError) as info:
        parse({"source": "maildir"})
    assert any(p.startswith("maildir.path: required") for p in info.value.problems)
    with pytest.raises(ConfigError) as info:
        parse({"maildir": {"paht": "x"}})
    assert "maildir.paht: unknown key (did you mean maildir.path?)" in info.value.problems


# --------------------------------------------------------------------------- CLI


def _config_file(box: Box, **maildir: object) -> Path:
    import yaml

    path = box.tmp / "config.yaml"
    path.write_text(yaml.safe_dump(box.data(**maildir)), encoding="utf-8")
    return path


def test_cli_poll_and_doctor(box: Box, run: Callable[..., Any]) -> None:
    config = _config_file(box, mark="seen")
    doctor = run("--config", str(config), "doctor")
    assert doctor.code == 0, doctor.out
    names = [line[6:].split(":")[0] for line in doctor.out.splitlines()]
    assert names == [
        "config", "drafts folder", "state folder", "blog folder", "maildir", "marking",
    ]  # fmt: skip
    assert "S flag" in doctor.out and "0 messages" in doctor.out

    box.put(letter(20))
    first = run("--config", str(config), "poll", "--json")
    assert first.code == 0, first.err
    [entry] = json.loads(first.out)
    assert entry["outcome"] == "drafted" and entry["source"].startswith(str(box.root / "new"))
    text = run("--config", str(config), "poll")
    assert text.code == 0 and "0 new messages" in text.out
    assert run("--config", str(config), "poll", "--json").out.strip() == "[]"


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda root: None, "has no cur, new, tmp: not a Maildir"),
        (lambda root: root.mkdir(parents=True), "has no cur, new, tmp: not a Maildir"),
        (lambda root: [(root / s).mkdir(parents=True) for s in ("cur", "new")], "has no tmp"),
    ],
)
def test_doctor_finds_a_bad_maildir(
    tmp_path: Path, run: Callable[..., Any], setup: Callable[[Path], object], expected: str
) -> None:
    box = Box(tmp_path)
    other = tmp_path / "Other"
    setup(other)
    config = _config_file(box)
    config.write_text(config.read_text().replace(str(box.root), str(other)))
    result = run("--config", str(config), "doctor")
    assert result.code == 1
    last = result.out.splitlines()[-1]
    assert last.startswith("FAIL  maildir: ") and "fix: set maildir.path" in last
    if other.exists():
        assert expected in last
    else:
        assert "does not exist" in last


def test_service_tick_polls_the_maildir(box: Box) -> None:
    """``mailpub run`` calls the same poll: one tick drafts the new letter."""
    from mailpub.service import Service, ServiceRecord

    cfg = box.cfg()
    box.put(letter(30))
    service = Service(cfg=cfg, load=lambda: cfg)
    service.record = ServiceRecord(pid=os.getpid(), started="now")  # type: ignore[attr-defined]
    service.trigger_obj = service._trigger()  # type: ignore[attr-defined]
    service.tick()
    assert service.record.last_outcome == "ok", service.last_error  # type: ignore[attr-defined]
    assert "1 drafted" in (service.record.last_summary or "")  # type: ignore[attr-defined]
    assert box.drafts() == 1

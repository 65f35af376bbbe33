"""Service parts that need no mail server: logging, notifications, the lock, status."""

from __future__ import annotations

import json
import logging
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailpub.config import load_config
from mailpub.errors import LockedError
from mailpub.log import JsonFormatter, RedactingFilter, redact
from mailpub.service import ServiceLock, service_pid, status


def test_redact_masks_addresses_and_url_credentials() -> None:
    line = "from dana.whitfield@gmail.com via imaps://user:s3cret@mail.example.com/INBOX"
    out = redact(line)
    assert "dana" not in out and "s3cret" not in out and "<address>" in out


def test_json_formatter_and_filter() -> None:
    record = logging.LogRecord("mailpub.x", logging.INFO, __file__, 1, "to %s", ("a@b.org",), None)
    RedactingFilter().filter(record)
    data = json.loads(JsonFormatter().format(record))
    assert data["message"] == "to <address>" and data["level"] == "info"
    assert data["logger"] == "mailpub.x" and "time" in data


def _cfg(tmp_path: Path, extra: str = ""):  # type: ignore[no-untyped-def]
    path = tmp_path / "config.yaml"
    path.write_text(f"paths:\n  drafts: drafts\n  state: state\n{extra}")
    return load_config(path)


def test_service_lock_is_exclusive(tmp_path: Path) -> None:
    cfg = _cfg(tmp_path)
    first = ServiceLock(cfg.paths.state)
    first.acquire()
    try:
        with pytest.raises(LockedError, match="already running"):
            ServiceLock(cfg.paths.state).acquire()
        assert service_pid(cfg.paths.state) is not None
        assert status(cfg)["running"] is True
    finally:
        first.release()
    assert service_pid(cfg.paths.state) is None
    info = status(cfg)
    assert info["running"] is False and info["pid"] is None
    assert set(info) == {
        "running",
        "pid",
        "started",
        "last_poll",
        "last_outcome",
        "last_summary",
        "next_poll",
        "last_error",
        "drafts",
        "skipped",
        "quarantined",
    }


def test_notify_command_gets_json_without_private_data(tmp_path: Path) -> None:
    from mailpub import notify

    out = tmp_path / "payload.json"
    script = tmp_path / "hook.py"
    script.write_text(f"import sys; open({str(out)!r}, 'w').write(sys.stdin.read())\n")
    cfg = _cfg(tmp_path, f"notify:\n  command: [{sys.executable!r}, {str(script)!r}]\n")
    notify.send(cfg, notify.payload("drafted", count=1, draft_ids=["abcde"], titles=["A <XXX>"]))
    assert json.loads(out.read_text()) == {
        "event": "drafted",
        "count": 1,
        "draft_ids": ["abcde"],
        "titles": ["A <XXX>"],
    }


def test_failing_notify_command_never_raises(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mailpub import notify

    cfg = _cfg(tmp_path, "notify:\n  command: [/nonexistent/hook]\n")
    with caplog.at_level(logging.WARNING):
        notify.send(cfg, notify.payload("error", message="x"))
    assert "notify.command failed" in caplog.text


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list[bytes]]]:
    from aiosmtpd.controller import Controller

    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append(envelope.content)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def test_notify_email_to_local_smtp_server(tmp_path: Path, smtp_server) -> None:  # type: ignore[no-untyped-def]
    from mailpub import notify

    port, received = smtp_server
    cfg = _cfg(
        tmp_path,
        "notify:\n  smtp:\n    host: 127.0.0.1\n"
        f"    port: {port}\n    security: none\n    to: [boris@example.org]\n",
    )
    notify.send(
        cfg, notify.payload("drafted", count=2, draft_ids=["abcde", "fghjk"], titles=["One", "Two"])
    )
    [message] = received
    assert b"Subject: mailpub: 2 new draft(s)" in message
    assert b'"abcde"' in message


def test_smtp_none_refused_for_remote_host(tmp_path: Path) -> None:
    from mailpub.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        _cfg(
            tmp_path,
            "notify:\n  smtp:\n    host: smtp.example.org\n    security: none\n"
            "    to: [a@example.org]\n",
        )
    assert any("loopback" in p for p in info.value.problems)


def test_status_command_human_and_json(run, config_file) -> None:  # type: ignore[no-untyped-def]
    cfg = str(config_file())
    human = run("--config", cfg, "status")
    assert human.code == 0 and "service: not running" in human.out
    data = json.loads(run("--config", cfg, "status", "--json").out)
    assert data["running"] is False and data["drafts"]["draft"] == 0


def test_tracebacks_above_debug_keep_only_the_exception_type() -> None:
    try:
        raise KeyError("Dana Whitfield wrote this")
    except KeyError:
        import sys as _sys

        info = _sys.exc_info()
    record = logging.LogRecord("mailpub.batch", logging.WARNING, __file__, 1, "worker failed",
                               None, info)  # fmt: skip
    RedactingFilter().filter(record)
    text = logging.Formatter("%(message)s").format(record)
    assert text == "worker failed (KeyError)" and "Dana" not in text


class _Scheduler:
    def __init__(self) -> None:
        self.asked = 0

    def modify_job(self, job_id: str, **changes: object) -> None:
        self.asked += 1


def test_mail_announced_during_a_cycle_gets_one_more_cycle() -> None:
    """IDLE may announce mail while a poll runs (and is past the point where it would see
    it): the scheduler drops a second run, so the running tick must cycle again."""
    from mailpub.service import Service

    svc = Service(cfg=None, load=lambda: None)  # type: ignore[arg-type]
    svc.scheduler = _Scheduler()
    cycles: list[int] = []

    def cycle() -> None:
        cycles.append(len(cycles))
        if len(cycles) == 1:
            svc.trigger()  # announced during the first cycle
            assert svc.tick() is None and len(cycles) == 1  # a second instance returns at once

    svc.cycle = cycle  # type: ignore[method-assign]
    svc.tick()
    assert cycles == [0, 1]  # exactly one more, then quiet
    assert svc.scheduler.asked == 1 and not svc.busy.locked()

    svc.tick()  # nothing announced: one cycle
    assert cycles == [0, 1, 2]
    svc.stop.set()
    svc.tick()
    assert cycles == [0, 1, 2]

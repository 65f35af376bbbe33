"""``mailpub run`` as a real subprocess against a real Dovecot (and a real git repo)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.letters import letter
from tests.blog import answer_all, git, make_blog
from tests.conftest import ROOT

PW_VAR = "MAILPUB_TEST_IMAP_PASSWORD"


class Running:
    """One service process with its configuration, log and folders."""

    def __init__(self, dv: Any, tmp: Path, **extra: Any) -> None:
        self.dv, self.tmp = dv, tmp
        self.user, password = dv.add_user("svc")
        self.env = {**os.environ, PW_VAR: password}
        self.env.pop("MAILPUB_CONFIG", None)
        data: dict[str, Any] = {
            "paths": {"drafts": str(tmp / "drafts"), "state": str(tmp / "state")},
            "author": {"name": "Boris", "addresses": ["boris@example.org"]},
            "imap": {
                "host": "127.0.0.1",
                "port": dv.port,
                "security": "none",
                "username": self.user,
                "password_env": PW_VAR,
                "timeout": 10,
                "idle": True,
            },
            "schedule": {"poll_interval": "1h"},
        }
        for section, values in extra.items():
            data.setdefault(section, {}).update(values)
        self.config = tmp / "config.yaml"
        self.config.write_text(yaml.safe_dump(data))
        self.log = tmp / "service.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mailpub", "--config", str(self.config), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "mailpub", "--config", str(self.config), "run"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.wait_for(lambda: "IDLE: watching" in self.text(), 20, "the IDLE watcher to start")

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def drafts(self) -> list[Path]:
        folder = self.tmp / "drafts"
        return sorted(folder.glob("*.md")) if folder.exists() else []

    def wait_for(self, check: Callable[[], bool], seconds: float, what: str) -> float:
        start = time.monotonic()
        while time.monotonic() - start < seconds:
            if check():
                return time.monotonic() - start
            if self.proc is not None and self.proc.poll() is not None:
                pytest.fail(
                    f"service exited ({self.proc.returncode}) waiting for {what}:\n"
                    f"{self.text()[-2000:]}"
                )
            time.sleep(0.05)
        pytest.fail(f"timed out after {seconds} s waiting for {what}:\n{self.text()[-2000:]}")

    def stop(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGUSR1)  # stacks into the log, for the failure
            time.sleep(0.5)
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"the service did not stop within 5 s of SIGTERM:\n{self.text()[-3000:]}")


@pytest.fixture
def service(dovecot: Any, tmp_path: Path) -> Iterator[Callable[..., Running]]:
    started: list[Running] = []

    def make(**extra: Any) -> Running:
        running = Running(dovecot, tmp_path, **extra)
        started.append(running)
        return running

    yield make
    for running in started:
        if running.proc is not None and running.proc.poll() is None:
            running.proc.kill()
            running.proc.wait()


def test_letters_drafted_on_arrival_lock_and_sigterm(service: Callable[..., Running]) -> None:
    svc = service()
    svc.start()
    latencies = []
    for index in range(3):
        svc.dv.append(svc.user, [letter(9100 + index)])
        latencies.append(
            svc.wait_for(lambda n=index: len(svc.drafts()) == n + 1, 3.0, f"draft {index + 1}")
        )
    assert len(latencies) == 3 and max(latencies) <= 3.0

    second = svc.cli("run")
    assert second.returncode == 5
    assert "already running" in second.stderr and "Traceback" not in second.stderr

    status = json.loads(svc.cli("status", "--json").stdout)
    assert status["running"] is True and status["pid"] == svc.proc.pid  # type: ignore[union-attr]
    assert status["drafts"]["draft"] == 3 and status["last_outcome"] == "ok"

    started = time.monotonic()
    assert svc.stop() == 0
    assert time.monotonic() - started < 5
    log = svc.text()
    assert "Traceback" not in log
    assert "cycle: " in log  # one summary line per cycle
    for index in range(3):  # no letter text or sender in the log
        assert f"#{9100 + index}" not in log
    assert "@gmail.com" not in log
    assert json.loads(svc.cli("status", "--json").stdout)["running"] is False


def test_dovecot_restart_loses_nothing(service: Callable[..., Running]) -> None:
    svc = service(schedule={"poll_interval": "3s"})
    svc.start()
    svc.dv.append(svc.user, [letter(9200)])
    svc.wait_for(lambda: len(svc.drafts()) == 1, 10, "the first draft")
    svc.dv.restart()
    svc.dv.append(svc.user, [letter(9201)])
    svc.wait_for(lambda: len(svc.drafts()) == 2, 30, "the draft after the restart")
    assert svc.stop() == 0
    assert "Traceback" not in svc.text()
    assert len(svc.drafts()) == 2


def test_auto_publish_and_reload(service: Callable[..., Running], tmp_path: Path) -> None:
    clone, _ = make_blog(tmp_path / "site")
    svc = service(
        blog={"repo": str(clone)}, publish={"auto": True}, schedule={"poll_interval": "1s"}
    )
    svc.start()
    svc.dv.append(svc.user, [letter(9300)])
    svc.wait_for(lambda: len(svc.drafts()) == 1, 10, "the draft")
    [draft] = svc.drafts()
    # unanswered and approved in the editor: refused once, not retried in a loop
    draft.write_text(draft.read_text().replace("status: draft", "status: approved", 1))
    svc.wait_for(lambda: "refused by the gate" in svc.text(), 10, "the refusal")
    time.sleep(3)
    assert svc.text().count("refused by the gate") == 1
    answer_all(draft)
    svc.wait_for(
        lambda: "_posts/" in git(clone, "log", "--name-only", "--format=", "-1"), 15, "the post"
    )
    assert json.loads(svc.cli("list", "--json").stdout)[0]["status"] == "published"

    svc.config.write_text(svc.config.read_text() + "bogus_section: 1\n")
    assert svc.proc is not None
    svc.proc.send_signal(signal.SIGHUP)
    svc.wait_for(lambda: "configuration not reloaded" in svc.text(), 5, "the reload refusal")
    assert svc.stop() == 0
    assert "Traceback" not in svc.text()

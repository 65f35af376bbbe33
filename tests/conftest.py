"""Shared fixtures: configuration files, a CLI runner, golden-file updates."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


# Under CI, hypothesis runs the same examples every time (a red CI run can be
# reproduced); locally it explores new ones at each run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected files of golden tests (review the diff!)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def config_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a config file into a fresh folder; extra YAML text is appended."""

    def make(extra: str = "", *, name: str = "config.yaml") -> Path:
        folder = tmp_path / "home"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_text(
            "paths:\n  drafts: drafts\n  state: state\n"
            "author:\n  name: Boris\n  addresses: [boris@example.org]\n" + extra,
            encoding="utf-8",
        )
        return path

    return make


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """Run the CLI entry point in-process; returns exit code and output."""
    from mailpub.cli import main

    monkeypatch.delenv("MAILPUB_CONFIG", raising=False)

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


# --------------------------------------------------------------------------- a real Dovecot


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Any]:
    """A Dovecot on loopback for the whole session (tests/dovecot.py), with XOAUTH2.

    Skips when Dovecot cannot run here (not installed, not root), except under CI
    (``CI`` set), where that is a failure. Stopped by its PID at the end."""
    import os
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from dovecot import DovecotUnavailable, start_dovecot

    try:
        server = start_dovecot(oauth2=True)
    except DovecotUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Dovecot is required under CI: {exc}")
        pytest.skip(f"no test Dovecot: {exc} (bash scripts/test.sh installs dovecot-imapd)")
    yield server
    server.stop()

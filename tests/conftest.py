"""Shared fixtures: configuration files, a CLI runner, golden-file updates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


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

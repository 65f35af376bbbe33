"""Documentation stays true to the code: every command documented, every doc linked."""

from __future__ import annotations

import re

import click

from mailpub.cli import cli
from tests.conftest import ROOT


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            found += _commands(command, full + " ")
        else:
            found.append((full, command))
    return found


def test_every_command_has_help_and_is_in_docs_cli() -> None:
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, command in _commands(cli):
        assert command.help and "Example:" in command.help, f"{name} lacks help with an example"
        assert f"`{name}" in docs, f"{name} is not in docs/cli.md"


def test_every_doc_is_linked_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for doc in sorted((ROOT / "docs").glob("*.md")):
        assert f"docs/{doc.name}" in readme, f"docs/{doc.name} is not linked from README.md"


def test_readme_quick_start_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 2 and all(len(b.strip().splitlines()) == 1 for b in blocks)
    assert "mailpub demo" in blocks[0] and "scripts/test.sh" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip() in ci  # CI runs README's test command

"""The wheel: bundled files inside, every runtime dependency declared, works installed.

Also: commands that need no heavy library import none.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

HEAVY = {
    "mailparser",
    "mailparser_reply",
    "bs4",
    "phonenumbers",
    "jinja2",
    "imapclient",
    "apscheduler",
    "frontmatter",
    "spacy",
    "thinc",
}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    [built] = out.glob("mailpub-*.whl")
    return built


@pytest.mark.slow
def test_wheel_contains_templates_examples_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates").glob("*.j2"):
        assert f"mailpub/templates/{template.name}" in names
    for example in (ROOT / "examples").glob("*.eml"):
        assert f"mailpub/examples/{example.name}" in names
    for data in (ROOT / "mailpub" / "data").rglob("*"):
        if data.is_file():
            assert f"mailpub/{data.relative_to(ROOT / 'mailpub').as_posix()}" in names
    assert "mailpub/data/config.example.yaml" in names


def _third_party_imports() -> set[str]:
    found = set()
    for path in (ROOT / "mailpub").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name != "mailpub"}


@pytest.mark.slow
def test_every_runtime_import_is_declared(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        [meta] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(meta).decode()
    declared = {
        line.split(":", 1)[1]
        .strip()
        .split(";")[0]
        .split("[")[0]
        .split(">")[0]
        .split("=")[0]
        .split("<")[0]
        .strip()
        .lower()
        .replace("_", "-")
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    }
    distributions = importlib.metadata.packages_distributions()
    for module in _third_party_imports():
        dists = {d.lower().replace("_", "-") for d in distributions.get(module, [])}
        assert dists & declared, f"{module} is imported but none of {dists} is declared"


@pytest.mark.slow
def test_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "HOME": str(tmp_path)}
    env.pop("MAILPUB_CONFIG", None)
    version = subprocess.run(
        [sys.executable, "-m", "mailpub", "--version"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "mailpub" in version.stdout
    demo = subprocess.run(
        [sys.executable, "-m", "mailpub", "demo", "--dir", str(tmp_path / "demo")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    assert (
        str(target)
        in subprocess.run(
            [sys.executable, "-c", "import mailpub; print(mailpub.__file__)"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert "3 sample letters" in demo.stdout and "&lt;XXX&gt;" in demo.stdout


@pytest.mark.parametrize("command", [["list"], ["list", "--json"], ["config", "check"]])
def test_light_commands_import_no_heavy_library(command: list[str], tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("paths:\n  drafts: d\n  state: s\n")
    code = (
        "import sys\n"
        "from mailpub.cli import main\n"
        "try:\n"
        f"    main(['--config', {str(config)!r}, *{command!r}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(HEAVY)!r})\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in result.stderr, result.stderr

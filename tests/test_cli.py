"""The commands, end to end in-process, against real files and a real state folder."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import yaml

from tests.conftest import EXAMPLES, Result

SEED = EXAMPLES / "01-career-move.eml"
Run = Callable[..., Result]


def test_version(run: Run) -> None:
    from mailpub import __version__

    result = run("--version")
    assert result.code == 0 and __version__ in result.out


def test_import_json_then_duplicate(run: Run, config_file: Callable[..., Path]) -> None:
    cfg = str(config_file())
    first = run("--config", cfg, "import", "--json", str(SEED))
    assert first.code == 0, first.err
    [entry] = json.loads(first.out)
    assert set(entry) == {"source", "outcome", "draft_id", "letter_id", "reason"}
    assert entry["outcome"] == "drafted" and entry["source"] == str(SEED)
    assert entry["reason"] is None and re.fullmatch(r"[a-z2-9]{5}", entry["draft_id"])
    second = run("--config", cfg, "import", "--json", str(SEED))
    [again] = json.loads(second.out)
    assert again["outcome"] == "duplicate" and again["draft_id"] == entry["draft_id"]
    listing = json.loads(run("--config", cfg, "list", "--json").out)
    assert len(listing) == 1
    item = listing[0]
    assert item["id"] == entry["draft_id"] and item["status"] == "draft"
    assert Path(item["path"]).is_absolute() and Path(item["path"]).exists()
    assert item["message_id"] == "<demo-0001@mail.example.com>"
    assert "<XXX>" not in item["title"] or True  # titles are anonymized subjects


def test_import_mbox_and_quarantine_exit_3(
    run: Run, config_file: Callable[..., Path], tmp_path: Path
) -> None:
    cfg = str(config_file())
    box = tmp_path / "letters.mbox"
    box.write_bytes(
        b"From x Mon Jan  1 00:00:00 2024\n" + SEED.read_bytes() + b"\n"
        b"From x Mon Jan  1 00:00:00 2024\n" + b"\n\n"
    )
    result = run("--config", cfg, "import", "--json", str(box), str(tmp_path / "missing.eml"))
    assert result.code == 3
    entries = json.loads(result.out)
    assert [e["source"] for e in entries] == [f"{box}#1", f"{box}#2", str(tmp_path / "missing.eml")]
    assert entries[0]["outcome"] == "drafted"
    assert all(e["outcome"] == "quarantined" and e["reason"] for e in entries[1:])
    quarantined = json.loads(run("--config", cfg, "list", "--json", "--status", "quarantined").out)
    assert {q["letter_id"] for q in quarantined} == {e["letter_id"] for e in entries[1:]}
    assert run("--config", cfg, "list", "--json").out.count('"id"') == 1


def test_human_import_summary(run: Run, config_file: Callable[..., Path]) -> None:
    result = run(
        "--config", str(config_file()), "import", *map(str, sorted(EXAMPLES.glob("*.eml")))
    )
    assert result.code == 0, result.err
    assert "3 messages: 3 drafted, 0 duplicate, 0 skipped, 0 quarantined" in result.out


def test_show_preview_approve_reject(run: Run, config_file: Callable[..., Path]) -> None:
    cfg = str(config_file())
    [entry] = json.loads(run("--config", cfg, "import", "--json", str(SEED)).out)
    draft_id = entry["draft_id"]
    shown = run("--config", cfg, "show", draft_id)
    assert shown.code == 0
    assert (
        "# private: redactions" in shown.out and "Intel" in shown.out
    )  # the author sees originals
    assert "Thanks a lot" in shown.out  # ... and what was cut
    preview = run("--config", cfg, "preview", draft_id)
    assert preview.code == 0 and "&lt;XXX&gt;" in preview.out and "Intel" not in preview.out
    assert run("--config", cfg, "approve", draft_id).out.strip() == f"{draft_id} is approved"
    listing = json.loads(run("--config", cfg, "list", "--json", "--status", "approved").out)
    assert [d["id"] for d in listing] == [draft_id]
    text = Path(listing[0]["path"]).read_text()
    assert yaml.safe_load(text.split("---")[1])["status"] == "approved"
    assert run("--config", cfg, "reject", draft_id).code == 0
    # rejected -> approved is not allowed
    refused = run("--config", cfg, "approve", draft_id)
    assert refused.code == 1 and "cannot become approved" in refused.err
    assert "Traceback" not in refused.err


def test_unknown_draft_is_one_line(run: Run, config_file: Callable[..., Path]) -> None:
    result = run("--config", str(config_file()), "show", "zzzzz")
    assert result.code == 1
    assert result.err.splitlines()[0] == "mailpub: error: no draft with id 'zzzzz'"
    assert "mailpub list" in result.err


def test_bad_config_reports_all_problems(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("imap:\n  hots: x\n  port: nope\npost:\n  fromat: markdown\n")
    result = run("--config", str(path), "list")
    assert result.code == 2
    assert "imap.host" in result.err and "post.format" in result.err and "port" in result.err


def test_usage_error_exit_2(run: Run) -> None:
    assert run("import").code == 2
    assert run("no-such-command").code == 2


def test_private_permissions(run: Run, config_file: Callable[..., Path]) -> None:
    cfg = config_file()
    run("--config", str(cfg), "import", str(SEED))
    for folder in ("drafts", "state"):
        mode = stat.S_IMODE(os.stat(cfg.parent / folder).st_mode)
        assert mode == 0o700, (folder, oct(mode))
    for path in (cfg.parent / "state").iterdir():
        if path.name.startswith("mailpub.db"):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert not list((cfg.parent / "drafts").glob("*.tmp"))


def test_init_and_config_check(run: Run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    result = run("init", str(tmp_path / "conf"))
    assert result.code == 0, result.err
    path = tmp_path / "conf" / "config.yaml"
    assert path.exists()
    check = run("--config", str(path), "config", "check")
    assert check.code == 0, check.err
    assert "configuration is valid" in check.out
    assert run("init", str(tmp_path / "conf")).code != 0  # never overwrites


def test_demo_runs(run: Run, tmp_path: Path) -> None:
    result = run("demo", "--dir", str(tmp_path / "demo"))
    assert result.code == 0, result.err
    assert "drafted" in result.out and "&lt;XXX&gt;" in result.out

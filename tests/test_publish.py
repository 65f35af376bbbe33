"""Publishing into real git repositories (a bare remote and a clone) and a real Hugo build."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from tests.blog import all_history_text, answer_all, git, make_blog, require
from tests.conftest import EXAMPLES, Result

SEED = EXAMPLES / "01-career-move.eml"
Run = Callable[..., Result]
SECRETS = [
    "Dana",
    "Whitfield",
    "dana.whitfield",
    "gmail",
    "555-0134",
    "linkedin",
    "Intel",
    "Google",
    "demo-0001",
    "Thanks a lot",
    "@@REPLY@@",
    "mailpub_id",
    "status:",
]


@pytest.fixture
def setup(tmp_path: Path, config_file: Callable[..., Path], run: Run):  # type: ignore[no-untyped-def]
    clone, remote = make_blog(tmp_path)
    cfg = config_file(f"blog:\n  repo: {clone}\n")
    [entry] = json.loads(run("--config", str(cfg), "import", "--json", str(SEED)).out)
    draft = Path(json.loads(run("--config", str(cfg), "list", "--json").out)[0]["path"])
    return str(cfg), entry["draft_id"], draft, clone, remote


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def test_publish_one_clean_commit(setup, run: Run) -> None:  # type: ignore[no-untyped-def]
    cfg, draft_id, draft, clone, _ = setup
    answer_all(draft)
    assert run("--config", cfg, "approve", draft_id).code == 0
    before = head(clone)
    result = run("--config", cfg, "publish")
    assert result.code == 0, result.err
    assert git(clone, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    assert git(clone, "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip() == (
        "Boris <boris@example.org>|Boris <boris@example.org>"
    )
    changed = git(clone, "show", "--name-status", "--format=", "HEAD").split()
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert changed == ["A", f"_posts/{today}-career-advise-upgrading-data-science-career.md"]
    text = (clone / changed[1]).read_text()
    for secret in SECRETS:
        assert secret not in text, secret
    front = yaml.safe_load(text.split("---\n")[1])
    assert list(front) == ["title", "date", "categories", "tags", "layout"]
    assert front["date"] <= datetime.now(UTC)
    assert "My answer number 1: it depends." in text and "&lt;XXX&gt;" in text
    listing = json.loads(run("--config", cfg, "list", "--json").out)
    assert listing[0]["status"] == "published"
    again = run("--config", cfg, "publish", draft_id)
    assert again.code == 0 and "already published" in again.out
    assert git(clone, "rev-list", "--count", f"{before}..HEAD").strip() == "1"


def test_nothing_private_in_history_after_full_run(setup, run: Run) -> None:  # type: ignore[no-untyped-def]
    cfg, draft_id, draft, clone, remote = setup
    answer_all(draft)
    run("--config", cfg, "approve", draft_id)
    assert run("--config", cfg, "publish", "--push").code == 0
    assert run("--config", cfg, "withdraw", draft_id).code == 0
    history = all_history_text(clone) + all_history_text(remote)
    for secret in SECRETS:
        assert secret not in history, secret
    assert "Boris" in history  # the scan does see the commits


def test_unanswered_slot_refused_repo_unchanged(setup, run: Run) -> None:  # type: ignore[no-untyped-def]
    cfg, draft_id, _draft, clone, _ = setup
    run("--config", cfg, "approve", draft_id)
    before = head(clone)
    result = run("--config", cfg, "publish")
    assert result.code == 4
    assert "a reply slot is not answered" in result.err and "line " in result.err
    assert head(clone) == before
    assert git(clone, "status", "--porcelain").strip() == ""


def test_reintroduced_company_refused_then_allowed(setup, run: Run) -> None:  # type: ignore[no-untyped-def]
    cfg, draft_id, draft, clone, _ = setup
    answer_all(draft)
    text = draft.read_text().replace(
        "My answer number 2: it depends.", "Since you work at Intel, ask your manager.", 1
    )
    draft.write_text(text)
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "work at Intel" in x)
    run("--config", cfg, "approve", draft_id)
    before = head(clone)
    refused = run("--config", cfg, "check", draft_id)
    assert refused.code == 4
    assert f"line {line}: a name or address from the letter appears: 'Intel'" in refused.err
    assert run("--config", cfg, "publish").code == 4 and head(clone) == before
    allowed = run("--config", cfg, "check", draft_id, "--allow", "Intel")
    assert allowed.code == 0 and "ready to publish" in allowed.out
    assert "terms you let through the gate" in run("--config", cfg, "show", draft_id).out
    assert run("--config", cfg, "publish").code == 0 and head(clone) != before


def test_approval_in_the_editor_is_picked_up(setup, run: Run) -> None:  # type: ignore[no-untyped-def]
    cfg, _draft_id, draft, _, _ = setup
    answer_all(draft)
    draft.write_text(draft.read_text().replace("status: draft", "status: approved", 1))
    assert json.loads(run("--config", cfg, "list", "--json").out)[0]["status"] == "approved"
    draft.write_text(draft.read_text().replace("status: approved", "status: published", 1))
    # an editor may only move between draft and approved
    assert json.loads(run("--config", cfg, "list", "--json").out)[0]["status"] == "approved"


def test_illegal_moves_are_clear(setup, run: Run) -> None:  # type: ignore[no-untyped-def]
    cfg, draft_id, _, _, _ = setup
    assert run("--config", cfg, "reject", draft_id).code == 0
    result = run("--config", cfg, "publish", draft_id)
    assert result.code == 1
    assert f"draft {draft_id} is rejected; only approved drafts are published" in result.err
    assert run("--config", cfg, "withdraw", draft_id).code == 1


def test_unrelated_staged_changes_stop_publication(setup, run: Run) -> None:  # type: ignore[no-untyped-def]
    cfg, draft_id, draft, clone, _ = setup
    answer_all(draft)
    run("--config", cfg, "approve", draft_id)
    (clone / "about.md").write_text("about me\n")
    git(clone, "add", "about.md")
    result = run("--config", cfg, "publish")
    assert result.code == 1 and "staged change" in result.err
    assert "about.md" in git(clone, "diff", "--cached", "--name-only")


def test_existing_file_gets_suffix_and_push(setup, run: Run) -> None:  # type: ignore[no-untyped-def]
    cfg, draft_id, draft, clone, remote = setup
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    taken = clone / "_posts" / f"{today}-career-advise-upgrading-data-science-career.md"
    taken.parent.mkdir()
    taken.write_text("someone else's post\n")
    answer_all(draft)
    run("--config", cfg, "approve", draft_id)
    result = run("--config", cfg, "publish", "--push")
    assert result.code == 0, result.err
    assert taken.read_text() == "someone else's post\n"
    published = git(remote, "show", "--name-only", "--format=", "main").split()
    assert published == [f"_posts/{today}-career-advise-upgrading-data-science-career-2.md"]


def test_push_refused_is_clear(setup, run: Run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cfg, draft_id, draft, clone, _ = setup
    git(clone, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    answer_all(draft)
    run("--config", cfg, "approve", draft_id)
    result = run("--config", cfg, "publish", "--push")
    assert result.code == 1
    assert "push to origin failed after 3 attempts" in result.err
    assert "Traceback" not in result.err
    assert json.loads(run("--config", cfg, "list", "--json").out)[0]["status"] == "published"


def test_withdraw_removes_in_new_commit(setup, run: Run) -> None:  # type: ignore[no-untyped-def]
    cfg, draft_id, draft, clone, _ = setup
    answer_all(draft)
    run("--config", cfg, "approve", draft_id)
    run("--config", cfg, "publish")
    path = git(clone, "show", "--name-only", "--format=", "HEAD").strip()
    assert run("--config", cfg, "withdraw", draft_id).code == 0
    assert git(clone, "show", "--name-status", "--format=", "HEAD").split() == ["D", path]
    assert not (clone / path).exists()
    assert json.loads(run("--config", cfg, "list", "--json").out)[0]["status"] == "withdrawn"


def test_crash_after_commit_is_adopted_not_repeated(setup, run: Run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mailpub import state as state_module

    cfg, draft_id, draft, clone, _ = setup
    answer_all(draft)
    run("--config", cfg, "approve", draft_id)
    before = head(clone)
    with monkeypatch.context() as patch:

        def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise KeyboardInterrupt

        patch.setattr(state_module.State, "mark_published", crash)
        assert run("--config", cfg, "publish").code != 0
    assert git(clone, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    result = run("--config", cfg, "publish")
    assert result.code == 0 and "already published" in result.out
    assert git(clone, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    assert json.loads(run("--config", cfg, "list", "--json").out)[0]["status"] == "published"


def test_crash_after_write_before_commit_reuses_file(setup, run: Run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mailpub import blogrepo

    cfg, draft_id, draft, clone, _ = setup
    answer_all(draft)
    run("--config", cfg, "approve", draft_id)
    real_git = blogrepo.BlogRepo.git

    def failing_commit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if args and args[0] == "commit":
            raise KeyboardInterrupt
        return real_git(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(blogrepo.BlogRepo, "git", failing_commit)
        run("--config", cfg, "publish")
    git(clone, "reset", "-q")  # the crashed run left the file staged
    assert run("--config", cfg, "publish").code == 0
    assert len(list((clone / "_posts").iterdir())) == 1


def test_timezone_and_extra_front_matter(
    tmp_path: Path, config_file: Callable[..., Path], run: Run
) -> None:  # type: ignore[no-untyped-def]
    clone, _ = make_blog(tmp_path)
    cfg = str(
        config_file(
            f"blog:\n  repo: {clone}\n  timezone: Pacific/Kiritimati\n"
            "  front_matter:\n    author: Boris\n    comments: true\n"
        )
    )
    [entry] = json.loads(run("--config", cfg, "import", "--json", str(SEED)).out)
    answer_all(Path(json.loads(run("--config", cfg, "list", "--json").out)[0]["path"]))
    run("--config", cfg, "approve", entry["draft_id"])
    assert run("--config", cfg, "publish").code == 0
    [post] = (clone / "_posts").iterdir()
    front = yaml.safe_load(post.read_text().split("---\n")[1])
    assert front["author"] == "Boris" and front["comments"] is True
    assert front["date"].utcoffset().total_seconds() == 14 * 3600
    assert front["date"] <= datetime.now(UTC)
    assert post.name.startswith(front["date"].strftime("%Y-%m-%d"))


def test_hugo_site_builds_with_visible_placeholders(
    tmp_path: Path, config_file: Callable[..., Path], run: Run
) -> None:
    hugo = require("hugo")
    clone, _ = make_blog(tmp_path, hugo=True)
    cfg = str(config_file(f"blog:\n  repo: {clone}\n  preset: hugo\n"))
    [entry] = json.loads(run("--config", cfg, "import", "--json", str(SEED)).out)
    answer_all(Path(json.loads(run("--config", cfg, "list", "--json").out)[0]["path"]))
    run("--config", cfg, "approve", entry["draft_id"])
    assert run("--config", cfg, "publish").code == 0
    slug = "career-advise-upgrading-data-science-career"
    assert (clone / "content" / "posts" / slug / "index.md").exists()
    out = tmp_path / "public"
    subprocess.run(
        [hugo, "--source", str(clone), "--destination", str(out), "--quiet"],
        check=True,
        capture_output=True,
    )
    page = (out / "posts" / slug / "index.html").read_text()
    assert "I have a MSc from a leading university in ML" in page
    assert "has-vivid-cyan-blue-color" in page
    assert "&lt;XXX&gt;" in page and "&lt;YYY&gt;" in page  # shown as text, not eaten as tags
    assert "My answer number 1: it depends." in page

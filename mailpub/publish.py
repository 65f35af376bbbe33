"""Publishing: approved drafts that pass the gate become commits in the blog repo.

One commit per post, by the configured author (never the reader), adding
one new file; the commit carries a ``Mailpub-Draft: ID`` trailer. Nothing
private reaches the repository: the file is the published form (no private
front-matter keys, no notes), and neither the Message-ID nor the sender nor
the redaction map is ever written there.

Crash safety: the chosen path is recorded in the state before the file is
written; a retry reuses that path if the file is there but not committed,
and a commit already made (found by its trailer) is adopted instead of being
made again. So a crash at any step neither loses nor duplicates a post.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mailpub.errors import PublishError, StateError, UserError
from mailpub.model import Status
from mailpub.state import DraftRow, State

if TYPE_CHECKING:
    from mailpub.blogrepo import BlogRepo
    from mailpub.config import Config
    from mailpub.draft import Format
    from mailpub.gate import Problem

Outcome = Literal["published", "already", "refused", "would-publish", "withdrawn"]


@dataclass(frozen=True, slots=True)
class PublishResult:
    draft_id: str
    outcome: Outcome
    path: str | None = None  # repo-relative
    commit: str | None = None
    problems: tuple[Problem, ...] = ()


def draft_format(row: DraftRow) -> Format:
    return "markdown" if row.format == "markdown" else "gutenberg"


def publication_time(cfg: Config, clock: Callable[[], datetime] | None = None) -> datetime:
    """Now in ``blog.timezone``, to the second (never in the future)."""
    from zoneinfo import ZoneInfo

    now = (clock or (lambda: datetime.now(UTC)))()
    return now.astimezone(ZoneInfo(cfg.blog.timezone)).replace(microsecond=0)


def publication_text(cfg: Config, draft_text: str, fmt: Format, when: datetime) -> str:
    """The exact text written into the blog repo for a draft published at ``when``."""
    from dataclasses import replace

    from mailpub.draft import parse_document, render

    document = parse_document(draft_text, fmt=fmt)
    front = dict(document.front_matter)
    front["date"] = when
    for key, value in cfg.blog.front_matter:
        front.setdefault(key, list(value) if isinstance(value, tuple) else value)
    return render(
        replace(document, front_matter=front),
        fmt=fmt,
        published=True,
        templates_dir=cfg.post.templates_dir,
    )


def gate_problems(cfg: Config, state: State, row: DraftRow, text: str) -> list[Problem]:
    from mailpub.gate import Facts, check_text

    sender_name, sender_address = state.sender_of(row.letter_id)
    rules = cfg.rules()
    facts = Facts(
        reply_marker=cfg.post.reply_marker,
        originals=tuple(r.original for r in state.redactions_for(row.id)),
        sender_name=sender_name,
        sender_address=sender_address,
        author_names=rules.author_names,
        author_addresses=cfg.author.addresses,
        author_urls=cfg.author.urls,
        phone_regions=cfg.anonymize.phone_regions,
        allowed=tuple(state.allowed_terms(row.id)),
    )
    return check_text(text, fmt=draft_format(row), facts=facts)


def open_repo(cfg: Config) -> BlogRepo:
    from mailpub.blogrepo import BlogRepo, Identity

    if cfg.blog.repo is None:
        raise UserError(
            "blog.repo is not set", hint="set blog.repo in the configuration to your blog's git"
        )
    if cfg.blog.git_author:
        identity = Identity.parse(cfg.blog.git_author)
    elif cfg.author.name and cfg.author.addresses:
        identity = Identity(cfg.author.name, cfg.author.addresses[0])
    else:
        raise UserError(
            "no git identity for publishing",
            hint="set blog.git_author, or author.name and author.addresses",
        )
    return BlogRepo(cfg.blog.repo, identity)


def _target(cfg: Config, repo: BlogRepo, row: DraftRow, slug: str, when: datetime) -> str:
    """A repo-relative path that does not exist yet (the slug gets -2, -3, ...)."""
    fields = {
        "date": when.strftime("%Y-%m-%d"),
        "year": when.strftime("%Y"),
        "month": when.strftime("%m"),
        "day": when.strftime("%d"),
        "id": row.id,
    }
    for number in range(1, 1000):
        candidate_slug = slug if number == 1 else f"{slug}-{number}"
        name = cfg.blog.filename.format(slug=candidate_slug, **fields)
        relpath = str(Path(cfg.blog.posts_dir) / name)
        path = repo.root / relpath
        occupied = path.exists() or (
            name.endswith("/index.md") and path.parent.exists() and any(path.parent.iterdir())
        )
        if not occupied:
            return relpath
    raise PublishError(f"no free file name for {slug!r} in {cfg.blog.posts_dir}")


def publish(
    cfg: Config,
    state: State,
    draft_ids: Sequence[str] = (),
    *,
    dry_run: bool = False,
    push: bool = False,
    clock: Callable[[], datetime] | None = None,
) -> list[PublishResult]:
    """Publish the named drafts, or every approved one, that pass the gate."""
    from mailpub.draft import slugify
    from mailpub.review import read_draft_file, sync_editor_status

    sync_editor_status(state)
    rows = [state.get_draft(i) for i in draft_ids] if draft_ids else state.drafts(Status.APPROVED)
    for row in rows:
        if row.status not in (Status.APPROVED, Status.PUBLISHED):
            raise StateError(
                f"draft {row.id} is {row.status}; only approved drafts are published",
                hint=f"approve it first: mailpub approve {row.id}"
                if row.status == Status.DRAFT
                else f"a {row.status} draft can go back to draft, then be approved",
            )
    repo = open_repo(cfg)
    repo.ensure_ready()
    results: list[PublishResult] = []
    for row in rows:
        if row.status == Status.PUBLISHED:
            results.append(
                PublishResult(row.id, "already", row.published_path, row.published_commit)
            )
            continue
        found = repo.commit_for(row.id)
        if found is not None:  # committed by a run that crashed before recording it
            if not dry_run:
                state.mark_published(row.id, found[1], found[0], datetime.now(UTC).isoformat())
            results.append(PublishResult(row.id, "already", found[1], found[0]))
            continue
        text = read_draft_file(row)
        problems = gate_problems(cfg, state, row, text)
        if problems:
            results.append(PublishResult(row.id, "refused", problems=tuple(problems)))
            continue
        when = publication_time(cfg, clock)
        post = publication_text(cfg, text, draft_format(row), when)
        if row.publish_target and not repo.is_tracked(row.publish_target):
            relpath = row.publish_target  # ours, from an interrupted run
        else:
            relpath = _target(cfg, repo, row, slugify(row.title), when)
        if dry_run:
            results.append(PublishResult(row.id, "would-publish", relpath))
            continue
        state.set_publish_target(row.id, relpath)
        message = f"Publish: {row.title}\n\n{_trailer(row.id)}\n"
        commit = repo.add_file(relpath, post, message)
        state.mark_published(row.id, relpath, commit, when.isoformat())
        results.append(PublishResult(row.id, "published", relpath, commit))
    if (push or cfg.blog.push) and not dry_run and any(r.outcome == "published" for r in results):
        repo.push(cfg.blog.remote)
    return results


def withdraw(cfg: Config, state: State, draft_id: str, *, push: bool = False) -> PublishResult:
    """Remove a published post in a new commit and mark its draft withdrawn."""
    from mailpub.review import transition

    row = state.get_draft(draft_id)
    if row.status != Status.PUBLISHED or not row.published_path:
        raise StateError(
            f"draft {draft_id} is {row.status}, not published; nothing to withdraw",
            hint="only published posts can be withdrawn",
        )
    repo = open_repo(cfg)
    repo.ensure_ready()
    commit = None
    if repo.is_tracked(row.published_path):
        message = f"Withdraw: {row.title}\n\n{_trailer(row.id)}\n"
        commit = repo.remove_file(row.published_path, message)
    transition(state, draft_id, Status.WITHDRAWN)
    if (push or cfg.blog.push) and commit:
        repo.push(cfg.blog.remote)
    return PublishResult(draft_id, "withdrawn", row.published_path, commit)


def _trailer(draft_id: str) -> str:
    from mailpub.blogrepo import TRAILER

    return f"{TRAILER}: {draft_id}"

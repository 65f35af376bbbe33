"""The ``mailpub`` command: a thin click layer over the library.

Every command parses its options, calls one library function and formats
the result. Errors are turned into one line and an exit code here (and only
here); a traceback is shown only with ``-v``. Heavy libraries (mail parsing,
templates, phone numbers) are imported lazily by the commands that need them.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mailpub import __version__
from mailpub.errors import ConfigError, ExitCode, MailpubError

if TYPE_CHECKING:
    from mailpub.config import Config
    from mailpub.gate import Problem
    from mailpub.pipeline import ImportEntry

STATUSES = ("draft", "approved", "published", "rejected", "withdrawn", "quarantined")


class Context:
    def __init__(self, config_path: Path | None, verbose: int) -> None:
        self.config_path = config_path
        self.verbose = verbose
        self.log_format = "plain"
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            from mailpub.config import load_config

            self._config = load_config(self.config_path)
        return self._config


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="mailpub")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file (default: $MAILPUB_CONFIG, then"
    " $XDG_CONFIG_HOME/mailpub/config.yaml).",
)
@click.option("-v", "--verbose", count=True, help="More output; -v also shows tracebacks.")
@click.option(
    "--log-format",
    type=click.Choice(["plain", "json"]),
    default="plain",
    show_default=True,
    help="Log lines as plain text or JSON objects (for journald and log shippers).",
)
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, verbose: int, log_format: str) -> None:
    """Turn readers' letters into anonymized blog drafts.

    Example: mailpub import ~/letters/*.eml && mailpub list
    """
    from mailpub.log import setup_logging

    setup_logging(verbose, "json" if log_format == "json" else "plain")
    ctx.obj = Context(config_path, verbose)
    ctx.obj.log_format = log_format


# --------------------------------------------------------------------------- setup


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@pass_ctx
def init(ctx: Context, directory: Path | None) -> None:
    """Write a commented configuration and create the folders.

    DIRECTORY defaults to the configuration folder ($XDG_CONFIG_HOME/mailpub).

    Example: mailpub init ~/blog-mail
    """
    from mailpub.config import default_config_dir, init_config, load_config
    from mailpub.state import private_mkdir

    path = init_config(directory or default_config_dir(os.environ))
    cfg = load_config(path)
    private_mkdir(cfg.paths.drafts)
    private_mkdir(cfg.paths.state)
    click.echo(f"wrote {path}")
    click.echo(f"drafts: {cfg.paths.drafts}")
    click.echo(f"state:  {cfg.paths.state}")
    click.echo(f"next: edit {path}, then run `mailpub --config {path} config check`")


@cli.group()
def config() -> None:
    """Inspect the configuration."""


@config.command("check")
@pass_ctx
def config_check(ctx: Context) -> None:
    """Validate the configuration and print it with secrets redacted.

    Example: mailpub --config ~/blog-mail/config.yaml config check
    """
    import yaml

    from mailpub.config import effective_config

    cfg = ctx.config
    source = str(cfg.source) if cfg.source else "(no file: defaults)"
    click.echo(f"# configuration: {source}")
    click.echo(yaml.safe_dump(effective_config(cfg), sort_keys=False, allow_unicode=True), nl=False)
    click.echo("# configuration is valid")


# --------------------------------------------------------------------------- intake


def _echo_entries(entries: list[ImportEntry], as_json: bool) -> None:
    """The import/poll/retry report: one JSON array, or one line per message."""
    if as_json:
        click.echo(json.dumps([e.as_json() for e in entries], indent=2, ensure_ascii=False))
        return
    for entry in entries:
        detail = entry.draft_id or entry.letter_id
        reason = f" ({entry.reason})" if entry.reason else ""
        click.echo(f"{entry.outcome:<11} {detail:<12} {entry.source}{reason}")


@cli.command("import")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON array, one entry per message."
)
@pass_ctx
def import_(ctx: Context, paths: tuple[str, ...], as_json: bool) -> None:
    """Import email files, mbox files and Maildir folders.

    Each message is drafted, found a duplicate, skipped or quarantined with a
    reason. Exit code 3 when any message was quarantined.

    Example: mailpub import letter.eml archive.mbox ~/Maildir/.Advice
    """
    from mailpub.model import Outcome
    from mailpub.pipeline import import_paths

    entries = import_paths(ctx.config, list(paths))
    _echo_entries(entries, as_json)
    if not as_json:
        counts = {o: sum(1 for e in entries if e.outcome == o) for o in Outcome}
        click.echo(
            f"{len(entries)} messages: {counts[Outcome.DRAFTED]} drafted,"
            f" {counts[Outcome.DUPLICATE]} duplicate, {counts[Outcome.SKIPPED]} skipped,"
            f" {counts[Outcome.QUARANTINED]} quarantined"
        )
    if any(e.outcome == Outcome.QUARANTINED for e in entries):
        raise SystemExit(ExitCode.PARTIAL)


@cli.command()
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON array, one entry per new message."
)
@pass_ctx
def poll(ctx: Context, as_json: bool) -> None:
    """Take new letters from the IMAP mailbox (or the Maildir) once, for cron or a timer.

    Only messages new since the last poll are looked at; each handled letter
    is marked on the server as imap.mark says (maildir.mark with source:
    maildir), after its draft is stored.
    Exit code 3 when any message was quarantined.

    Example: mailpub poll --json
    """
    from mailpub.model import Outcome
    from mailpub.poll import poll as run_poll

    result = run_poll(ctx.config)
    entries = result.entries
    _echo_entries(entries, as_json)
    if not as_json:
        if result.uidvalidity_changed:
            click.echo(f"note: the UIDVALIDITY of {result.folder} changed; it was scanned again")
        if not result.keywords_kept and ctx.config.imap.mark == "keyword":
            click.echo("note: the server does not keep keywords; mailpub's own record is used")
        click.echo(
            f"{result.folder}: {len(entries)} new messages: {result.count(Outcome.DRAFTED)}"
            f" drafted, {result.count(Outcome.DUPLICATE)} duplicate,"
            f" {result.count(Outcome.SKIPPED)} skipped,"
            f" {result.count(Outcome.QUARANTINED)} quarantined; {result.marked} marked"
        )
    if any(e.outcome == Outcome.QUARANTINED for e in entries):
        raise SystemExit(ExitCode.PARTIAL)


@cli.command()
@click.argument("letter_ids", nargs=-1, required=True, metavar="LETTER_ID...")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, like import --json.")
@pass_ctx
def retry(ctx: Context, letter_ids: tuple[str, ...], as_json: bool) -> None:
    """Run quarantined letters through the pipeline again (after a fix).

    The letter's private copy is used, or its source file read again.
    Exit code 3 when a letter is still quarantined.

    Example: mailpub retry 6ce58ba82eae
    """
    from mailpub.model import Outcome
    from mailpub.pipeline import intake_lock
    from mailpub.quarantine import retry as run_retry
    from mailpub.review import open_state

    cfg = ctx.config
    with open_state(cfg) as state, intake_lock(cfg.paths.state):
        entries = [run_retry(cfg, state, letter_id) for letter_id in letter_ids]
    _echo_entries(entries, as_json)
    if any(e.outcome == Outcome.QUARANTINED for e in entries):
        raise SystemExit(ExitCode.PARTIAL)


@cli.command()
@pass_ctx
def doctor(ctx: Context) -> None:
    """Check the configuration, folders, mailbox login, folder and marking mode.

    One line per check, with the fix when it fails. Exit code 1 if any failed.

    Example: mailpub doctor
    """
    from mailpub.doctor import run_checks

    failed = False
    for check in run_checks(ctx.config_path):
        click.echo(check.line())
        failed = failed or check.level == "fail"
    if failed:
        raise SystemExit(ExitCode.ERROR)


# --------------------------------------------------------------------------- review


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--status", type=click.Choice(STATUSES), help="Only drafts with this status.")
@pass_ctx
def list_(ctx: Context, as_json: bool, status: str | None) -> None:
    """List drafts (quarantined letters with --status quarantined).

    Example: mailpub list --status draft
    """
    from mailpub.model import Status
    from mailpub.review import list_drafts, list_quarantined, open_state

    with open_state(ctx.config) as state:
        if status == "quarantined":
            letters = list_quarantined(state)
            if as_json:
                data = [
                    {
                        "letter_id": q.letter_id,
                        "status": "quarantined",
                        "source": q.source,
                        "reason": q.reason,
                        "message_id": q.message_id,
                        "first_seen": q.first_seen,
                    }
                    for q in letters
                ]
                click.echo(json.dumps(data, indent=2, ensure_ascii=False))
                return
            for q in letters:
                click.echo(f"{q.letter_id}  {q.source}  ({q.reason})")
            click.echo(f"{len(letters)} quarantined")
            return
        drafts = list_drafts(state, Status(status) if status else None)
    if as_json:
        click.echo(json.dumps([d.as_json() for d in drafts], indent=2, ensure_ascii=False))
        return
    for d in drafts:
        click.echo(f"{d.row.id:<7} {d.row.status:<9} {d.row.title}")
    click.echo(f"{len(drafts)} drafts")


@cli.command()
@click.argument("draft_id")
@pass_ctx
def show(ctx: Context, draft_id: str) -> None:
    """Show a draft with, for your eyes only, what was redacted and cut.

    Example: mailpub show k7m2q
    """
    from mailpub.review import details, open_state

    with open_state(ctx.config) as state:
        info = details(state, draft_id)
    click.echo(f"# draft {info.row.id} ({info.row.status}) — {info.row.path}")
    click.echo(info.text, nl=not info.text.endswith("\n"))
    click.echo("\n# private: redactions (never published)")
    if not info.redactions:
        click.echo("  (none)")
    for r in info.redactions:
        click.echo(f"  {r.placeholder:<8} {r.kind:<8} {r.original!r}  [{', '.join(r.detectors)}]")
    from mailpub.redaction import live_suspects

    with open_state(ctx.config) as state:
        suspects = live_suspects(state, draft_id, info.text)
    if suspects:
        click.echo(
            "\n# private: suspects left in place near employment cues"
            f" (hide one with `mailpub redact {draft_id} TEXT`)"
        )
        for term in suspects:
            click.echo(f"  {term!r}")
    if info.allowed:
        click.echo("\n# private: terms you let through the gate (check --allow)")
        for term in info.allowed:
            click.echo(f"  {term!r}")
    from mailpub.attachments import listed

    with open_state(ctx.config) as state:
        attached = listed(state.db, info.row.letter_id)
    click.echo("\n# private: attachments of the letter (names only; never copied or published)")
    if not attached:
        click.echo("  (none)")
    for name, size in attached:
        click.echo(f"  {name!r}  {size} bytes")
    click.echo("\n# private: cut by cleaning")
    if not info.cuts:
        click.echo("  (nothing)")
    for cut in info.cuts:
        click.echo(f"  [{cut.kind}]")
        for line in cut.text.splitlines():
            click.echo(f"    {line}")


@cli.command()
@click.argument("draft_id")
@pass_ctx
def edit(ctx: Context, draft_id: str) -> None:
    """Open a draft in $VISUAL or $EDITOR.

    Example: EDITOR=nano mailpub edit k7m2q
    """
    from mailpub.errors import UserError
    from mailpub.review import draft_path, open_state

    with open_state(ctx.config) as state:
        path = draft_path(state, draft_id)
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UserError(
            "no editor configured", hint=f"set $VISUAL or $EDITOR, or open {path} yourself"
        )
    result = subprocess.run([*shlex.split(editor), str(path)], check=False)
    if result.returncode != 0:
        raise UserError(f"the editor exited with status {result.returncode}")


@cli.command()
@click.argument("draft_id")
@pass_ctx
def preview(ctx: Context, draft_id: str) -> None:
    """Print exactly what publishing will write into the blog repository.

    Example: mailpub preview k7m2q > /tmp/post.md
    """
    from mailpub.review import open_state
    from mailpub.review import preview as build_preview

    with open_state(ctx.config) as state:
        text = build_preview(ctx.config, state, draft_id)
    sys.stdout.write(text)


def _move(ctx: Context, draft_id: str, target: str) -> None:
    from mailpub.model import Status
    from mailpub.review import open_state, transition

    with open_state(ctx.config) as state:
        row = transition(state, draft_id, Status(target))
    click.echo(f"{row.id} is {row.status}")


@cli.command()
@click.argument("draft_id")
@pass_ctx
def approve(ctx: Context, draft_id: str) -> None:
    """Approve a draft for publishing.

    Example: mailpub approve k7m2q
    """
    _move(ctx, draft_id, "approved")


@cli.command()
@click.argument("draft_id")
@pass_ctx
def reject(ctx: Context, draft_id: str) -> None:
    """Reject a draft: it will never be published (undo: it can go back to draft).

    Example: mailpub reject k7m2q
    """
    _move(ctx, draft_id, "rejected")


# --------------------------------------------------------------------------- publishing


def _print_problems(draft_id: str, problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(f"{draft_id}: {problem.describe()}", err=True)


@cli.command()
@click.argument("draft_ids", nargs=-1, metavar="[ID]...")
@click.option(
    "--allow",
    "allow",
    multiple=True,
    metavar="TERM",
    help="Let this term through on purpose (recorded with the draft).",
)
@pass_ctx
def check(ctx: Context, draft_ids: tuple[str, ...], allow: tuple[str, ...]) -> None:
    """Run the publication gate on drafts (default: every approved one).

    Refuses (exit code 4), with line numbers and the fix, unanswered reply
    slots, names or contact details from the letter, and broken markup.

    Example: mailpub check k7m2q --allow "Kaggle"
    """
    from mailpub.model import Status
    from mailpub.review import check as run_check
    from mailpub.review import open_state, sync_editor_status

    if allow and len(draft_ids) != 1:
        raise click.UsageError("--allow needs exactly one draft ID")
    refused = 0
    with open_state(ctx.config) as state:
        sync_editor_status(state)
        ids = list(draft_ids) or [row.id for row in state.drafts(Status.APPROVED)]
        for draft_id in ids:
            problems = run_check(ctx.config, state, draft_id, allow=allow)
            if problems:
                refused += 1
                _print_problems(draft_id, problems)
            else:
                click.echo(f"{draft_id}: ready to publish")
    if not ids:
        click.echo("no approved drafts to check")
    if refused:
        raise SystemExit(ExitCode.GATE_REFUSED)


@cli.command()
@click.argument("draft_ids", nargs=-1, metavar="[ID]...")
@click.option("--dry-run", is_flag=True, help="Check and show where posts would go; write nothing.")
@click.option("--push", is_flag=True, help="Push the blog repository afterwards (blog.push).")
@pass_ctx
def publish(ctx: Context, draft_ids: tuple[str, ...], dry_run: bool, push: bool) -> None:
    """Publish the named drafts, or every approved one, into the blog repository.

    One commit per post. A draft the gate refuses is left as it is (exit 4
    when nothing was published, 3 when some were).

    Example: mailpub publish --push
    """
    from mailpub.publish import publish as run_publish
    from mailpub.review import open_state

    with open_state(ctx.config) as state:
        results = run_publish(ctx.config, state, draft_ids, dry_run=dry_run, push=push)
    done = refused = 0
    for result in results:
        if result.outcome == "refused":
            refused += 1
            click.echo(f"{result.draft_id}: refused by the gate", err=True)
            _print_problems(result.draft_id, list(result.problems))
        elif result.outcome == "already":
            click.echo(f"{result.draft_id}: already published as {result.path}; nothing to do")
        elif result.outcome == "would-publish":
            click.echo(f"{result.draft_id}: would publish as {result.path}")
        else:
            done += 1
            click.echo(f"{result.draft_id}: published as {result.path} ({result.commit or ''})")
    if not results:
        click.echo("no approved drafts to publish")
    if refused:
        raise SystemExit(ExitCode.PARTIAL if done else ExitCode.GATE_REFUSED)


@cli.command()
@click.argument("draft_id")
@click.option("--push", is_flag=True, help="Push the blog repository afterwards (blog.push).")
@pass_ctx
def withdraw(ctx: Context, draft_id: str, push: bool) -> None:
    """Remove a published post in a new commit (the reader asked) and mark it withdrawn.

    Example: mailpub withdraw k7m2q
    """
    from mailpub.publish import withdraw as run_withdraw
    from mailpub.review import open_state

    with open_state(ctx.config) as state:
        result = run_withdraw(ctx.config, state, draft_id, push=push)
    click.echo(f"{draft_id}: withdrawn ({result.path} removed)")


# --------------------------------------------------------------------------- service


@cli.command()
@pass_ctx
def run(ctx: Context) -> None:
    """Run the background service: poll on schedule (or IMAP IDLE), auto-publish.

    One service per state folder (a second exits at once with code 5).
    SIGTERM/SIGINT finish the letter in hand and exit 0; SIGHUP reloads the
    configuration.

    Example: mailpub --log-format json run
    """
    from mailpub.config import load_config
    from mailpub.log import setup_logging
    from mailpub.service import Service

    setup_logging(max(ctx.verbose, 1), "json" if ctx.log_format == "json" else "plain")
    service = Service(ctx.config, load=lambda: load_config(ctx.config_path))
    raise SystemExit(service.run())


@cli.command()
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object (keys in docs/service.md)."
)
@pass_ctx
def status(ctx: Context, as_json: bool) -> None:
    """How things stand: the service, the last poll, drafts by status.

    Example: mailpub status --json
    """
    from mailpub.service import status as read_status

    info = read_status(ctx.config)
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    if info["running"]:
        click.echo(f"service: running (pid {info['pid']}), next poll {info['next_poll'] or '-'}")
    else:
        click.echo("service: not running")
    if info["last_poll"]:
        click.echo(
            f"last poll: {info['last_poll']} ({info['last_outcome']}: {info['last_summary']})"
        )
    if info["last_error"]:
        click.echo(f"last error: {info['last_error']}")
    drafts = ", ".join(f"{n} {s}" for s, n in info["drafts"].items())
    click.echo(f"drafts: {drafts}")
    click.echo(f"letters: {info['skipped']} skipped, {info['quarantined']} quarantined")


# --------------------------------------------------------------------------- demo


@cli.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("mailpub-demo"),
    show_default=True,
    help="Scratch folder for the demo's configuration, drafts and state.",
)
def demo(directory: Path) -> None:
    """Run the whole job on bundled sample letters, without any mail account.

    Imports the sample letters into a scratch folder, lists the drafts, and
    prints the published form of the first one.

    Example: mailpub demo --dir /tmp/mailpub-demo
    """
    from mailpub.demo import run_demo

    for line in run_demo(directory):
        click.echo(line)


# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the CLI and map errors to exit codes."""
    verbose = any(a in ("-v", "--verbose") or a.startswith("-vv") for a in (argv or sys.argv[1:]))
    try:
        cli.main(args=argv, prog_name="mailpub", standalone_mode=False)
    except click.exceptions.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except click.ClickException as exc:
        exc.show()
        raise SystemExit(ExitCode.USAGE) from None
    except click.exceptions.Abort:
        click.echo("mailpub: aborted", err=True)
        raise SystemExit(ExitCode.ERROR) from None
    except ConfigError as exc:
        _report(exc, verbose)
        for problem in exc.problems:
            click.echo(f"  - {problem}", err=True)
        raise SystemExit(exc.exit_code) from None
    except MailpubError as exc:
        _report(exc, verbose)
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        click.echo("mailpub: interrupted", err=True)
        raise SystemExit(130) from None
    except Exception as exc:
        if verbose:
            raise
        click.echo(
            f"mailpub: error: unexpected {type(exc).__name__}; run again with -v for details",
            err=True,
        )
        raise SystemExit(ExitCode.ERROR) from None


def _report(exc: MailpubError, verbose: bool) -> None:
    if verbose:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    message: Any = exc.message
    click.echo(f"mailpub: error: {message}", err=True)
    if exc.hint:
        click.echo(f"mailpub: next: {exc.hint}", err=True)


@cli.command()
@click.argument("draft_id")
@click.argument("text")
@click.option(
    "--kind",
    type=click.Choice(["company", "person", "email", "phone", "url"]),
    default="company",
    show_default=True,
    help="What TEXT is (company: next free <XXX>-style code; person: <NAME>).",
)
@pass_ctx
def redact(ctx: Context, draft_id: str, text: str, kind: str) -> None:
    """Replace a name the anonymizer missed, everywhere in the reader's text of a draft.

    Your own replies are not touched. Example: mailpub redact k7m2q "Initech"
    """
    from mailpub.redaction import redact as do_redact
    from mailpub.review import open_state

    with open_state(ctx.config) as state:
        change = do_redact(state, draft_id, text, kind=kind)
    click.echo(f"{draft_id}: {change.count} replaced by {change.placeholder}")


@cli.command()
@click.argument("draft_id")
@click.argument("placeholder")
@pass_ctx
def unredact(ctx: Context, draft_id: str, placeholder: str) -> None:
    """Restore a false positive: put the original back in the reader's text.

    The placeholder leaves the draft's redaction map and the original is allowed
    through the publication gate. Example: mailpub unredact k7m2q "<YYY>"
    """
    from mailpub.redaction import unredact as do_unredact
    from mailpub.review import open_state

    with open_state(ctx.config) as state:
        change = do_unredact(state, draft_id, placeholder)
    click.echo(f"{draft_id}: {change.placeholder} restored in {change.count} places")

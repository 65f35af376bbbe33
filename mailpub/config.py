"""Strict YAML configuration: lookup, validation into frozen dataclasses, secrets.

The file is read with PyYAML's safe loader (duplicate keys refused) and
checked completely before anything runs: unknown keys (with a "did you mean"
suggestion), wrong types, bad enum values, durations, sizes and paths. Every
problem found is collected and raised at once as one :class:`ConfigError`
whose ``problems`` lists one line per problem. Messages name the key and the
type of the offending value; the value itself is shown only for keys that can
never hold anything private (never for usernames, passwords, author details or
company lists).

Secrets never live in the file: the IMAP password comes from an environment
variable (``imap.password_env``) or a command (``imap.password_command``) and
is resolved lazily by :meth:`ImapConfig.password`, the one place in mailpub
that runs that command.

See docs/config.md for the reference and config.example.yaml for a commented
example (the text ``mailpub init`` writes).
"""

from __future__ import annotations

import difflib
import ipaddress
import math
import os
import re
import shlex
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml

from mailpub.errors import ConfigError
from mailpub.model import Rules

__all__ = [
    "AnonymizeConfig",
    "AuthorConfig",
    "BlogConfig",
    "Config",
    "FiltersConfig",
    "ImapConfig",
    "LimitsConfig",
    "MaildirConfig",
    "PathsConfig",
    "PostConfig",
    "default_paths",
    "effective_config",
    "example_config_text",
    "find_config_path",
    "init_config",
    "load_config",
    "parse_config",
    "parse_config_text",
    "parse_date",
    "parse_duration",
    "parse_size",
]

T = TypeVar("T")
Security = Literal["tls", "starttls", "none"]
MarkMode = Literal["keyword", "seen", "move"]
IntakeSource = Literal["imap", "maildir"]
MaildirMark = Literal["none", "seen"]
PostFormat = Literal["gutenberg", "markdown"]
BlogPreset = Literal["jekyll", "hugo"]

PASSWORD_COMMAND_TIMEOUT = 30.0
DEFAULT_INTRO = (
    "From time to time, people send me emails asking for career advice. Here's one recent exchange."
)
DEFAULT_CLOSING = (
    "From time to time, I give career advice. When the question or the answer is "
    "general enough, I publish them in a post like this."
)


# --------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True, slots=True)
class ImapConfig:
    """The mailbox letters are fetched from (``imap:`` section)."""

    host: str | None = None
    port: int | None = None  # None: 993 for tls, 143 otherwise (see effective_port)
    security: Security = "tls"
    ca_file: Path | None = None
    username: str | None = None
    password_env: str | None = None  # name of the variable, never its value
    password_command: tuple[str, ...] | None = None  # argv, already split
    folder: str = "INBOX"
    idle: bool = False
    timeout: float = 30.0  # seconds
    oauth2_token_command: tuple[str, ...] | None = None  # argv printing an access token
    mark: MarkMode = "keyword"  # how processed mail is marked on the server
    mark_keyword: str = "$MailpubDrafted"
    move_to: str | None = None  # folder for mark: move
    since: date | None = None  # bounds the first poll (INTERNALDATE)
    large_message_bytes: int = 2**20  # above this, only the text parts are fetched

    @property
    def effective_port(self) -> int:
        """``port`` if set, else 993 for ``tls`` and 143 for ``starttls``/``none``."""
        if self.port is not None:
            return self.port
        return 993 if self.security == "tls" else 143

    def password(self, env: Mapping[str, str] | None = None) -> str:
        """Return the IMAP password from ``password_env`` or ``password_command``.

        ``env`` (default ``os.environ``) is where ``password_env`` is looked up.
        The command runs without a shell, with a 30-second timeout; the first
        line of its standard output is the password. Raises ConfigError when no
        source is configured, the variable is unset or empty, or the command
        cannot run, times out, fails or prints nothing. Messages never contain
        the command's output.
        """
        env = os.environ if env is None else env
        if self.password_env:
            value = env.get(self.password_env, "")
            if not value:
                raise ConfigError(
                    f"environment variable {self.password_env} (imap.password_env) is not set "
                    "or empty",
                    hint=f"export {self.password_env} with the IMAP password before running "
                    "mailpub",
                )
            return value
        if self.password_command:
            return _run_password_command(self.password_command)
        raise ConfigError(
            "no IMAP password source configured",
            hint="set imap.password_env or imap.password_command in the config file",
        )

    def oauth2_token(self) -> str:
        """Run ``oauth2_token_command`` and return the access token it prints on its
        first line (run at each connection: tokens expire). Same rules and errors
        as ``password_command``; the token never appears in a message."""
        if not self.oauth2_token_command:
            raise ConfigError(
                "no OAuth2 token command configured", hint="set imap.oauth2_token_command"
            )
        return _run_password_command(self.oauth2_token_command, "imap.oauth2_token_command")


@dataclass(frozen=True, slots=True)
class MaildirConfig:
    """The local Maildir letters are taken from with ``source: maildir`` (``maildir:`` section)."""

    path: Path | None = None  # the folder holding cur/, new/ and tmp/
    mark: MaildirMark = "none"  # seen: add the "S" flag to handled letters (a rename in cur/)


@dataclass(frozen=True, slots=True)
class PathsConfig:
    """Where mailpub keeps its files (``paths:`` section)."""

    drafts: Path
    state: Path


@dataclass(frozen=True, slots=True)
class BlogConfig:
    """The blog repository posts are published into (``blog:`` section)."""

    repo: Path | None = None
    preset: BlogPreset = "jekyll"  # sets the defaults of posts_dir and filename
    posts_dir: str = "_posts"  # relative to repo (hugo preset: content/posts)
    filename: str = "{date}-{slug}.md"  # under posts_dir (hugo preset: {slug}/index.md)
    timezone: str = "UTC"  # IANA name; the post's date is the publication time there
    git_author: str | None = None  # "Name <address>"; default: author.name <author.addresses[0]>
    push: bool = False  # push after each publish (also: mailpub publish --push)
    remote: str = "origin"
    front_matter: tuple[tuple[str, Any], ...] = ()  # extra front-matter keys, in order


@dataclass(frozen=True, slots=True)
class PostConfig:
    """How drafts are written (``post:`` section)."""

    format: PostFormat = "gutenberg"
    reply_marker: str = "@@REPLY@@"
    categories: tuple[str, ...] = ("blog", "career-advice")
    tags: tuple[str, ...] = ("career",)
    layout: str = "post"
    intro: str = DEFAULT_INTRO
    closing: str = DEFAULT_CLOSING
    templates_dir: Path | None = None


@dataclass(frozen=True, slots=True)
class AuthorConfig:
    """The columnist: never anonymized (``author:`` section)."""

    name: str | None = None
    aliases: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()  # lower-cased
    urls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AnonymizeConfig:
    """Extra anonymization rules (``anonymize:`` section)."""

    companies: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    phone_regions: tuple[str, ...] = ("US", "GB")
    ner: bool = True  # use the bundled NER model; off: rules only (no quarantine if missing)


@dataclass(frozen=True, slots=True)
class FiltersConfig:
    """Which mailbox messages are letters (``filters:`` section); empty means all.

    ``senders_allow``/``senders_deny`` hold lower-cased addresses or ``@domain``.
    """

    to: tuple[str, ...] = ()  # recipient addresses (lower-cased); empty: any
    subject: str | None = None  # a regular expression searched in the subject
    senders_allow: tuple[str, ...] = ()
    senders_deny: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LimitsConfig:
    """Safety limits (``limits:`` section)."""

    max_message_bytes: int = 25 * 2**20


@dataclass(frozen=True, slots=True)
class ScheduleConfig:
    """When ``mailpub run`` polls (``schedule:`` section)."""

    poll_interval: float = 300.0  # seconds
    cron: str | None = None  # a crontab expression; replaces poll_interval when set


@dataclass(frozen=True, slots=True)
class PublishConfig:
    """What ``mailpub run`` publishes on its own (``publish:`` section)."""

    auto: bool = False  # publish approved drafts that pass the gate on each tick


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """Notification email (``notify.smtp``)."""

    host: str
    to: tuple[str, ...]
    port: int | None = None  # None: 465 for tls, 587 for starttls, 25 for none
    security: Security = "starttls"
    username: str | None = None
    password_env: str | None = None
    sender: str | None = None  # the From address (default: the first of ``to``)
    ca_file: Path | None = None

    @property
    def effective_port(self) -> int:
        if self.port is not None:
            return self.port
        return {"tls": 465, "starttls": 587, "none": 25}[self.security]

    def password(self, env: Mapping[str, str] | None = None) -> str:
        env = os.environ if env is None else env
        value = env.get(self.password_env or "", "")
        if not value:
            raise ConfigError(
                f"environment variable {self.password_env} (notify.smtp.password_env) is not set",
                hint="export it, or remove notify.smtp.username for an unauthenticated server",
            )
        return value


@dataclass(frozen=True, slots=True)
class NotifyConfig:
    """Notifications on new drafts and errors (``notify:`` section); off by default."""

    command: tuple[str, ...] | None = None  # argv; gets a JSON payload on standard input
    smtp: SmtpConfig | None = None
    timeout: float = 30.0


def default_paths(env: Mapping[str, str] | None = None) -> PathsConfig:
    """The XDG default paths for ``env`` (default ``os.environ``).

    drafts: ``$XDG_DATA_HOME/mailpub/drafts`` (``~/.local/share``);
    state: ``$XDG_STATE_HOME/mailpub`` (``~/.local/state``). Relative XDG
    values are ignored, as the XDG specification requires.
    """
    env = os.environ if env is None else env
    data = _xdg_dir(env, "XDG_DATA_HOME", ".local/share")
    state = _xdg_dir(env, "XDG_STATE_HOME", ".local/state")
    return PathsConfig(drafts=data / "mailpub" / "drafts", state=state / "mailpub")


@dataclass(frozen=True, slots=True)
class Config:
    """The whole validated configuration; ``source`` is the file loaded (None: defaults).

    ``intake`` is the top-level ``source:`` key of the file (where ``mailpub poll``
    takes letters from: ``imap`` or ``maildir``); it is named differently here
    because ``source`` already names the file."""

    imap: ImapConfig = field(default_factory=ImapConfig)
    maildir: MaildirConfig = field(default_factory=MaildirConfig)
    paths: PathsConfig = field(default_factory=default_paths)
    blog: BlogConfig = field(default_factory=BlogConfig)
    post: PostConfig = field(default_factory=PostConfig)
    author: AuthorConfig = field(default_factory=AuthorConfig)
    anonymize: AnonymizeConfig = field(default_factory=AnonymizeConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    filters: FiltersConfig = field(default_factory=FiltersConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    publish: PublishConfig = field(default_factory=PublishConfig)
    notify: NotifyConfig = field(default_factory=NotifyConfig)
    intake: IntakeSource = "imap"
    source: Path | None = None

    def rules(self) -> Rules:
        """The anonymizer rules: author names are each part of author.name, the
        whole name and the aliases (duplicates removed, order kept)."""
        names: list[str] = []
        if self.author.name:
            names.extend(self.author.name.split())
            names.append(self.author.name)
        names.extend(self.author.aliases)
        return Rules(
            companies=self.anonymize.companies,
            keep=self.anonymize.keep,
            author_names=tuple(dict.fromkeys(names)),
            author_addresses=self.author.addresses,
            author_urls=self.author.urls,
            phone_regions=self.anonymize.phone_regions,
        )


_SECTIONS: dict[str, type[Any]] = {
    "imap": ImapConfig,
    "paths": PathsConfig,
    "blog": BlogConfig,
    "post": PostConfig,
    "author": AuthorConfig,
    "anonymize": AnonymizeConfig,
    "limits": LimitsConfig,
    "filters": FiltersConfig,
    "schedule": ScheduleConfig,
    "publish": PublishConfig,
    "notify": NotifyConfig,
    "maildir": MaildirConfig,
}
_KEYS: dict[str, tuple[str, ...]] = {
    name: tuple(f.name for f in fields(cls)) for name, cls in _SECTIONS.items()
}
_KEYS["notify.smtp"] = tuple(f.name for f in fields(SmtpConfig))  # nested under notify
# Keys whose values may be private: problems show their type, never their value.
_PRIVATE = frozenset(
    {
        "imap.username",
        "imap.password_env",
        "imap.password_command",
        "imap.oauth2_token_command",
        "filters.to",
        "filters.subject",
        "filters.senders_allow",
        "filters.senders_deny",
        "author.name",
        "author.aliases",
        "author.addresses",
        "author.urls",
        "anonymize.companies",
        "anonymize.keep",
        "post.intro",
        "post.closing",
    }
)
# Top-level keys holding a value rather than a section (the YAML name).
_SCALARS = ("source",)
_SECRET_WORDS = ("password", "passwd", "passphrase", "token", "secret", "apikey", "api_key")
_SECRET_NAMES = frozenset({"pass", "pwd", "pw", "credentials"})


# --------------------------------------------------------------------------- value parsers

_NUMBER = r"\d+(?:\.\d+)?"
_DURATION_RE = re.compile(
    rf"(?:({_NUMBER})d)?\s*(?:({_NUMBER})h)?\s*(?:({_NUMBER})m)?\s*(?:({_NUMBER})s)?"
)
_DURATION_EXPECTED = "expected a duration such as 300, '90s', '5m', '1h30m' or '2d'"
_SIZE_RE = re.compile(rf"({_NUMBER})\s*([kmgt]i?b|b)?", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}
_SIZE_UNITS.update({"kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40})
_SIZE_EXPECTED = "expected a size such as 1048576, '512KB', '25MB' (10^6) or '25MiB' (2^20)"


def parse_duration(value: object) -> float:
    """Seconds in a duration: a number (``300``) or a string of ``d``/``h``/``m``/``s``
    parts in that order (``"300"``, ``"300s"``, ``"5m"``, ``"1h30m"``, ``"2d"``,
    ``"1.5h"``). Units are lower-case. Raises ValueError for anything else,
    negative or non-finite values."""
    if isinstance(value, bool):
        raise ValueError(_DURATION_EXPECTED)
    seconds: float
    if isinstance(value, int | float):
        try:
            seconds = float(value)
        except OverflowError:
            raise ValueError("duration is too large") from None
    elif isinstance(value, str):
        text = value.strip()
        match = _DURATION_RE.fullmatch(text)
        if re.fullmatch(_NUMBER, text):
            total = Fraction(text)
        elif text and match:
            units = (86400, 3600, 60, 1)
            total = sum(
                (Fraction(g or 0) * u for g, u in zip(match.groups(), units, strict=True)),
                Fraction(0),
            )
        else:
            raise ValueError(_DURATION_EXPECTED)
        try:
            seconds = float(total)
        except OverflowError:
            raise ValueError("duration is too large") from None
    else:
        raise ValueError(_DURATION_EXPECTED)
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError("expected a finite, non-negative duration")
    return seconds


def parse_size(value: object) -> int:
    """Bytes in a size: a non-negative integer or a string with a unit, decimal
    (``B``, ``KB``, ``MB``, ``GB``, ``TB``: powers of 1000) or binary (``KiB``,
    ``MiB``, ``GiB``, ``TiB``: powers of 1024), case-insensitive, e.g.
    ``"25MB"``, ``"25MiB"``, ``"512KB"``, ``"100B"``, ``"1.5GB"``. Fractions of a
    byte are rounded down. Raises ValueError for anything else."""
    if isinstance(value, bool):
        raise ValueError(_SIZE_EXPECTED)
    if isinstance(value, int):
        if value < 0:
            raise ValueError("expected a non-negative size")
        return value
    if isinstance(value, float):
        if not math.isfinite(value) or value < 0 or not value.is_integer():
            raise ValueError(_SIZE_EXPECTED)
        return int(value)
    if isinstance(value, str):
        match = _SIZE_RE.fullmatch(value.strip())
        if match:
            unit = (match.group(2) or "b").lower()
            return int(Fraction(match.group(1)) * _SIZE_UNITS[unit])
    raise ValueError(_SIZE_EXPECTED)


def parse_date(value: object) -> date:
    """A calendar date: a ``date`` (as YAML gives for unquoted ``2024-05-01``) or a
    ``YYYY-MM-DD`` string. Raises ValueError for datetimes, other formats and
    impossible dates such as ``2023-02-30``."""
    if isinstance(value, datetime):
        raise ValueError("expected a date YYYY-MM-DD without a time")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("expected an existing calendar date YYYY-MM-DD") from None
    raise ValueError("expected a date YYYY-MM-DD")


# --------------------------------------------------------------------------- lookup & loading


def default_config_dir(env: Mapping[str, str]) -> Path:
    """``$XDG_CONFIG_HOME/mailpub`` (``~/.config/mailpub``): where ``mailpub init`` writes."""
    return _xdg_dir(env, "XDG_CONFIG_HOME", ".config") / "mailpub"


def find_config_path(explicit: Path | None, env: Mapping[str, str]) -> Path | None:
    """The config file to load: ``explicit`` (``--config``), else ``$MAILPUB_CONFIG``,
    else ``$XDG_CONFIG_HOME/mailpub/config.yaml`` (``~/.config``).

    Returns None when only the XDG default applies and it does not exist (the
    documented defaults are then used). Raises ConfigError when an explicit or
    ``$MAILPUB_CONFIG`` path does not exist.
    """
    if explicit is not None:
        path, origin = _expand_home(str(explicit), env), ""
    elif env.get("MAILPUB_CONFIG"):
        path, origin = _expand_home(env["MAILPUB_CONFIG"], env), " (from $MAILPUB_CONFIG)"
    else:
        default = default_config_dir(env) / "config.yaml"
        return default if _exists(default) else None
    if not _exists(path):
        raise ConfigError(f"config file {path}{origin} not found; create it with `mailpub init`")
    return path


def load_config(explicit: Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Find (see :func:`find_config_path`), read and validate the configuration.

    ``env`` defaults to ``os.environ``. Without a file, returns the defaults.
    Raises ConfigError for a missing explicit file, an unreadable file, YAML
    syntax errors, or any validation problem (all of them at once).
    """
    env = os.environ if env is None else env
    path = find_config_path(explicit, env)
    if path is None:
        return parse_config(None, base_dir=_home(env), env=env, source=None)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not valid UTF-8") from None
    return parse_config_text(text, source=path, env=env)


def parse_config_text(
    text: str, *, source: Path | None, env: Mapping[str, str], base_dir: Path | None = None
) -> Config:
    """Validate YAML ``text``; relative paths resolve against ``base_dir`` (default:
    the folder of ``source``, else the current folder). Raises ConfigError for YAML
    syntax errors, duplicate keys and every problem :func:`parse_config` reports."""
    if base_dir is None:
        base_dir = source.absolute().parent if source is not None else Path.cwd()
    where = str(source) if source is not None else "the configuration"
    data, duplicates = _load_yaml(text, where)
    config, problems = _build(data, base_dir=base_dir, env=env, source=source)
    problems = duplicates + problems
    if problems:
        raise _problems_error(problems, where)
    return config


def parse_config(
    data: object, *, base_dir: Path, env: Mapping[str, str], source: Path | None
) -> Config:
    """Validate already-loaded YAML ``data`` (None: all defaults) into a Config.

    Relative paths resolve against ``base_dir``; ``~`` expands using ``env``'s
    HOME; environment variables are not expanded. Pure except for checking that
    ``imap.ca_file`` and ``post.templates_dir`` exist. Raises one ConfigError
    listing every problem.
    """
    config, problems = _build(data, base_dir=base_dir, env=env, source=source)
    if problems:
        raise _problems_error(problems, str(source) if source else "the configuration")
    return config


def effective_config(cfg: Config) -> dict[str, Any]:
    """The effective configuration as plain YAML-able data (for ``mailpub config check``).

    Paths become strings, tuples lists, ``imap.port`` the effective port.
    ``imap.password_command`` is shown as ``"<set>"`` or None; ``password_env``
    is the variable's name (its value is never read). ``source`` is not included.
    """
    def plain(obj: Any) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for f in fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, Path):
                value = str(value)
            elif isinstance(value, tuple):
                value = list(value)
            elif value is not None and hasattr(value, "__dataclass_fields__"):
                value = plain(value)
            values[f.name] = value
        return values

    out: dict[str, Any] = {"source": cfg.intake}
    out.update({section: plain(getattr(cfg, section)) for section in _SECTIONS})
    out["notify"]["command"] = "<set>" if cfg.notify.command else None
    out["blog"]["front_matter"] = dict(cfg.blog.front_matter)
    out["imap"]["port"] = cfg.imap.effective_port
    out["imap"]["password_command"] = "<set>" if cfg.imap.password_command else None
    out["imap"]["oauth2_token_command"] = "<set>" if cfg.imap.oauth2_token_command else None
    return out


def example_config_text() -> str:
    """The bundled commented example (``mailpub/data/config.example.yaml`` in a wheel,
    else ``config.example.yaml`` at the repository root). Raises ConfigError if
    neither exists (a broken installation)."""
    try:
        bundled = resources.files("mailpub") / "data" / "config.example.yaml"
        if bundled.is_file():
            return bundled.read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        pass
    checkout = Path(__file__).resolve().parent.parent / "config.example.yaml"
    try:
        return checkout.read_text(encoding="utf-8")
    except OSError:
        raise ConfigError(
            "the example configuration is missing from this installation",
            hint="reinstall mailpub",
        ) from None


def init_config(directory: Path) -> Path:
    """Write ``directory/config.yaml`` from the example (mode 0600), creating the
    folder; return its path. Raises ConfigError if the file already exists (it
    is never overwritten) or cannot be written."""
    path = directory / "config.yaml"
    text = example_config_text()
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigError(
            f"config file {path} already exists; not overwriting it",
            hint="edit it, or move it away and run `mailpub init` again",
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot create config file {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise ConfigError(f"cannot write config file {path}: {exc.strerror}") from None
    return path


# --------------------------------------------------------------------------- internals


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that records duplicate mapping keys instead of keeping the last."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[str] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[tuple[str, str]] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                continue
            ident = (key_node.tag, key_node.value)
            if ident in seen:
                line = key_node.start_mark.line + 1
                self.duplicates.append(
                    f"line {line}: duplicate key {_shorten(key_node.value)} (only one is allowed)"
                )
            seen.add(ident)
        return super().construct_mapping(node, deep=deep)


def _load_yaml(text: str, where: str) -> tuple[object, list[str]]:
    """Safe-load ``text``; return the data and the duplicate-key problems. Every
    failure of the loader becomes a ConfigError naming a position, never content."""
    loader: _StrictLoader | None = None
    try:
        loader = _StrictLoader(text)
        return loader.get_single_data(), loader.duplicates
    except yaml.MarkedYAMLError as exc:
        raise _problems_error([_yaml_problem(exc)], where) from None
    except yaml.reader.ReaderError as exc:
        problem = (
            f"position {exc.position}: invalid YAML: character #x{exc.character:04x} is not allowed"
        )
        raise _problems_error([problem], where) from None
    except yaml.YAMLError:
        raise _problems_error(["invalid YAML"], where) from None
    except RecursionError:
        raise _problems_error(["the YAML is nested too deeply"], where) from None
    except (ValueError, KeyError, IndexError, AttributeError, TypeError, OverflowError):
        # PyYAML's constructors raise these for e.g. 2023-02-30, `!!int ""`, `!!bool x`.
        raise _problems_error(
            ["invalid YAML: a value cannot be converted (check dates and explicit !!tags)"], where
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    # Only the position and the parser's own words: never the snippet of the file.
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or exc.context or "invalid YAML"
    if mark is None:
        return f"invalid YAML: {what}"
    return f"line {mark.line + 1}, column {mark.column + 1}: invalid YAML: {what}"


def _problems_error(problems: list[str], where: str) -> ConfigError:
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    return ConfigError(
        f"{count} {noun} in {where}",
        problems=problems,
        hint="fix them, then run `mailpub config check`",
    )


def _run_password_command(argv: tuple[str, ...], key: str = "imap.password_command") -> str:
    program = argv[0]
    try:
        done = subprocess.run(
            list(argv),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=PASSWORD_COMMAND_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise ConfigError(f"{key}: program {program} not found") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(
            f"{key} did not finish within {PASSWORD_COMMAND_TIMEOUT:.0f} seconds"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{key} cannot run: {exc.strerror}") from None
    if done.returncode != 0:
        raise ConfigError(
            f"{key} exited with status {done.returncode}",
            hint="run the command yourself to see why; its output is not shown here",
        )
    try:
        lines = done.stdout.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise ConfigError(f"{key} printed something that is not UTF-8") from None
    if not lines or not lines[0]:
        raise ConfigError(f"{key} printed no password or token on its first line")
    return lines[0]


def _home(env: Mapping[str, str]) -> Path:
    home = env.get("HOME")
    return Path(home) if home else Path.home()


def _xdg_dir(env: Mapping[str, str], var: str, fallback: str) -> Path:
    value = env.get(var, "")
    if value and Path(value).is_absolute():
        return Path(value)
    return _home(env) / fallback


def _expand_home(text: str, env: Mapping[str, str]) -> Path:
    """``~`` and ``~/x`` use env's HOME; ``~user`` the password database (may raise
    RuntimeError for an unknown user)."""
    if text == "~" or text.startswith("~/"):
        return _home(env) / text[2:]
    return Path(text).expanduser()


def _exists(path: Path, kind: str = "any") -> bool:
    try:
        if kind == "file":
            return path.is_file()
        if kind == "dir":
            return path.is_dir()
        return path.exists()
    except (OSError, ValueError):
        return False


def _shorten(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _type_name(value: object) -> str:
    names = [
        (bool, "boolean"),
        (int, "integer"),
        (float, "number"),
        (str, "string"),
        (datetime, "timestamp"),
        (date, "date"),
        (list, "list"),
        (dict, "mapping"),
        (bytes, "binary"),
        (set, "set"),
    ]
    if value is None:
        return "null"
    for cls, name in names:
        if isinstance(value, cls):
            return name
    return type(value).__name__


def _key_name(key: object) -> str:
    return key if isinstance(key, str) and len(key) <= 40 else _shorten(str(key))


def _is_secret_key(key: str) -> bool:
    lowered = key.lower()
    return lowered in _SECRET_NAMES or any(word in lowered for word in _SECRET_WORDS)


def _is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class _Reader:
    """Collects problems while converting one section's raw values."""

    def __init__(self, base_dir: Path, env: Mapping[str, str]) -> None:
        self.base_dir = base_dir
        self.env = env
        self.problems: list[str] = []

    def add(self, key: str, expected: str, value: object = ..., where: str = "") -> None:
        if value is ...:
            self.problems.append(f"{key}{where}: {expected}")
            return
        got = f"got {_type_name(value)}"
        if key not in _PRIVATE and isinstance(value, str | int | float | date):
            got += f" {_shorten(value) if isinstance(value, str) else value}"
        self.problems.append(f"{key}{where}: {expected}, {got}")

    def top(self, data: object) -> dict[str, dict[Any, Any]]:
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.add("top level", "expected a mapping of sections", data)
            return {}
        sections: dict[str, dict[Any, Any]] = {}
        for key, value in data.items():
            name = _key_name(key)
            if key in _SCALARS:
                continue  # read by _build
            if key in _SECTIONS:
                if isinstance(value, dict):
                    sections[key] = value
                elif value is not None:
                    self.add(key, "expected a mapping of keys", value)
            elif isinstance(key, str) and _is_secret_key(key) and key not in _KEYS["imap"]:
                self.add(
                    name,
                    "secrets must not be stored in the config file; "
                    "use imap.password_env or imap.password_command",
                )
            else:
                self.add(name, f"unknown key ({self._top_hint(key)})")
        return sections

    def _top_hint(self, key: object) -> str:
        if isinstance(key, str):
            head, _, tail = key.partition(".")
            if head in _SECTIONS and tail in _KEYS[head]:
                return f"write it nested: `{head}:` with `{tail}:` indented under it"
            owners = [s for s, keys in _KEYS.items() if key in keys]
            if owners:
                return f"did you mean {owners[0]}.{key}?"
            close = difflib.get_close_matches(key, list(_SECTIONS), n=1)
            if close:
                return f"did you mean {close[0]}?"
        return "valid sections: " + ", ".join(_SECTIONS) + "; and " + ", ".join(_SCALARS)

    def keys(self, section: str, raw: dict[Any, Any]) -> dict[str, object]:
        valid = _KEYS[section]
        out: dict[str, object] = {}
        for key, value in raw.items():
            full = f"{section}.{_key_name(key)}"
            if isinstance(key, str) and key in valid:
                out[key] = value
            elif isinstance(key, str) and _is_secret_key(key):
                self.add(
                    full,
                    "secrets must not be stored in the config file; "
                    "use imap.password_env or imap.password_command",
                )
            else:
                close = difflib.get_close_matches(key, valid, n=1) if isinstance(key, str) else []
                hint = (
                    f"did you mean {section}.{close[0]}?"
                    if close
                    else ("valid keys: " + ", ".join(valid))
                )
                self.add(full, f"unknown key ({hint})")
        return out

    def get(
        self,
        values: dict[str, object],
        section: str,
        key: str,
        convert: Callable[[object], T],
        default: T,
    ) -> T:
        """Converted value, or ``default`` when absent/null or invalid (problem recorded)."""
        value = values.get(key)
        if value is None:
            return default
        try:
            return convert(value)
        except ValueError as exc:
            self.add(f"{section}.{key}", str(exc), value)
            return default

    def strings(
        self,
        values: dict[str, object],
        section: str,
        key: str,
        default: tuple[str, ...],
        item: Callable[[str], str] = str.strip,
    ) -> tuple[str, ...]:
        """A list of non-empty strings (a single string is a one-item list).

        ``item`` normalises each string and may raise ValueError. Every bad item
        is its own problem; duplicates are dropped, order kept."""
        value = values.get(key)
        if value is None:
            return default
        full = f"{section}.{key}"
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.add(full, "expected a list of strings (or one string)", value)
            return default
        out: list[str] = []
        ok = True
        for index, element in enumerate(value):
            if not isinstance(element, str):
                self.add(full, "expected a string", element, where=f"[{index}]")
                ok = False
                continue
            try:
                text = item(element)
                if not text.strip():
                    raise ValueError("expected a non-empty string")
            except ValueError as exc:
                self.add(full, str(exc), element, where=f"[{index}]")
                ok = False
                continue
            out.append(text)
        return tuple(dict.fromkeys(out)) if ok else default

    def path(self, value: object) -> Path:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("expected a path (a non-empty string)")
        if "\0" in value:
            raise ValueError("expected a path without NUL characters")
        try:
            path = _expand_home(value, self.env)
        except RuntimeError:
            raise ValueError("expected a path; the ~user home folder is unknown") from None
        return path if path.is_absolute() else self.base_dir / path


# ---- per-value converters (raise ValueError with what is expected)


def _text(*, single_line: bool = True, allow_empty: bool = False) -> Callable[[object], str]:
    def convert(value: object) -> str:
        if not isinstance(value, str):
            raise ValueError("expected a string (quote it in YAML)")
        if not allow_empty and not value.strip():
            raise ValueError("expected a non-empty string")
        if single_line and ("\n" in value or "\r" in value):
            raise ValueError("expected a single line")
        return value.strip() if single_line else value

    return convert


def _choice(*choices: str) -> Callable[[object], Any]:
    def convert(value: object) -> str:
        if not isinstance(value, str) or value not in choices:
            raise ValueError("expected one of " + ", ".join(choices))
        return value

    return convert


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false (unquoted)")
    return value


def _on_off(value: object) -> bool:
    """YAML ``on``/``off`` (booleans to PyYAML), ``true``/``false``, or the strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("on", "off"):
        return value.strip().lower() == "on"
    raise ValueError("expected on or off")


def _port(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise ValueError("expected a port number from 1 to 65535")
    return value


def _positive_duration(value: object) -> float:
    seconds = parse_duration(value)
    if seconds <= 0:
        raise ValueError("expected a duration greater than zero")
    return seconds


def _positive_size(value: object) -> int:
    size = parse_size(value)
    if size <= 0:
        raise ValueError("expected a size greater than zero")
    return size


def _host(value: object) -> str:
    host = _text()(value)
    if "://" in host or "/" in host:
        raise ValueError("expected a host name, not a URL")
    if " " in host or (":" in host and not _is_ip(host.strip("[]"))):
        raise ValueError("expected a host name or IP address (put the port in imap.port)")
    return host


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _env_name(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
        raise ValueError(
            "expected the NAME of an environment variable (letters, digits, _), not a password"
        )
    return value


def _command(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        try:
            argv = shlex.split(value)
        except ValueError:
            raise ValueError("expected a command line with balanced quotes") from None
    elif isinstance(value, list) and all(isinstance(a, str) for a in value):
        argv = list(value)
    else:
        raise ValueError("expected a command line (a string or a list of strings)")
    if not argv or not argv[0].strip():
        raise ValueError("expected a non-empty command")
    return tuple(argv)


def _reply_marker(value: object) -> str:
    marker = _text()(value)
    if marker != value:
        raise ValueError("expected a marker without surrounding spaces")
    if any(c in marker for c in "<>{}`"):
        raise ValueError("expected a marker without <, >, {, } or `")
    if marker[0] in "#>-":
        raise ValueError("expected a marker that does not start with #, > or -")
    return marker


BLOG_PRESETS: dict[str, tuple[str, str]] = {
    "jekyll": ("_posts", "{date}-{slug}.md"),
    "hugo": ("content/posts", "{slug}/index.md"),
}
_FILENAME_FIELDS = frozenset({"date", "slug", "year", "month", "day", "id"})
_RESERVED_FRONT_MATTER = frozenset({"title", "date", "status", "mailpub_id"})


def _filename(value: object) -> str:
    import string

    text = _text()(value)
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        raise ValueError("expected a file name pattern such as '{date}-{slug}.md'") from None
    if "slug" not in names or names - _FILENAME_FIELDS:
        raise ValueError(
            "expected a pattern with {slug} and only {date}, {year}, {month}, {day}, {id}"
        )
    if not text.endswith((".md", ".markdown", ".html")) or Path(text).is_absolute():
        raise ValueError("expected a relative pattern ending in .md, .markdown or .html")
    if ".." in Path(text).parts:
        raise ValueError("expected a pattern without '..'")
    return text


def _timezone(value: object) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    text = _text()(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("expected an IANA time zone such as UTC or Europe/Berlin") from None
    return text


def _git_author(value: object) -> str:
    text = _text()(value)
    if not re.fullmatch(r"[^<>]+ <[^<>\s]+@[^<>\s]+>", text):
        raise ValueError("expected 'Name <address>'")
    return text


def _front_matter(value: object) -> tuple[tuple[str, Any], ...]:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping of extra front-matter keys")
    out = []
    for key, item in value.items():
        if not isinstance(key, str) or not key:
            raise ValueError("expected string keys")
        if key in _RESERVED_FRONT_MATTER:
            raise ValueError(f"key {key!r} is set by mailpub and cannot be overridden")
        if not isinstance(item, str | int | float | bool | list | date) or (
            isinstance(item, list) and not all(isinstance(x, str | int | float) for x in item)
        ):
            raise ValueError(f"expected a scalar or a list of scalars for {key!r}")
        out.append((key, item))
    return tuple(out)


def _posts_dir(value: object) -> str:
    text = _text()(value)
    if "\0" in text or Path(text).is_absolute() or ".." in Path(text).parts:
        raise ValueError("expected a folder relative to blog.repo, without '..'")
    return text


def _address(text: str) -> str:
    address = text.strip().lower()
    if address.count("@") != 1 or any(c.isspace() for c in address) or address[0] == "@":
        raise ValueError("expected an email address (name@domain)")
    return address


def _keyword(value: object) -> str:
    text = _text()(value)
    if not re.fullmatch(r"[^\s(){%*\"\\\]\x00-\x1f\x7f]+", text) or text.startswith("\\"):
        raise ValueError("expected an IMAP keyword such as $MailpubDrafted (no spaces or ()%*\"])")
    return text


def _pattern(value: object) -> str:
    text = _text()(value)
    try:
        re.compile(text)
    except re.error:
        raise ValueError("expected a regular expression (Python syntax)") from None
    return text


def _sender(text: str) -> str:
    value = text.strip().lower()
    if "@" in value and not value.startswith("@"):
        return _address(value)
    domain = value.lstrip("@")
    if not domain or "@" in domain or any(c.isspace() for c in domain) or "." not in domain:
        raise ValueError("expected an email address or a domain (@example.com)")
    return "@" + domain


def _region(text: str) -> str:
    import phonenumbers  # imported lazily: its metadata is large

    code = text.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        hint = " (the United Kingdom is GB)" if code == "UK" else ""
        raise ValueError(f"expected an ISO 3166 alpha-2 region code such as US or GB{hint}")
    return code


# ---- building the Config


def _build(
    data: object, *, base_dir: Path, env: Mapping[str, str], source: Path | None
) -> tuple[Config, list[str]]:
    r = _Reader(base_dir, env)
    raw = r.top(data)
    s = {name: r.keys(name, raw.get(name) or {}) for name in _SECTIONS}
    intake, maildir = _intake(r, data, s["maildir"])

    i = s["imap"]
    security: Security = r.get(i, "imap", "security", _choice("tls", "starttls", "none"), "tls")
    imap = ImapConfig(
        host=r.get(i, "imap", "host", _host, None),
        port=r.get(i, "imap", "port", _port, None),
        security=security,
        ca_file=r.get(i, "imap", "ca_file", r.path, None),
        username=r.get(i, "imap", "username", _text(), None),
        password_env=r.get(i, "imap", "password_env", _env_name, None),
        password_command=r.get(i, "imap", "password_command", _command, None),
        folder=r.get(i, "imap", "folder", _text(), "INBOX"),
        idle=r.get(i, "imap", "idle", _boolean, False),
        timeout=r.get(i, "imap", "timeout", _positive_duration, 30.0),
        oauth2_token_command=r.get(i, "imap", "oauth2_token_command", _command, None),
        mark=r.get(i, "imap", "mark", _choice("keyword", "seen", "move"), "keyword"),
        mark_keyword=r.get(i, "imap", "mark_keyword", _keyword, "$MailpubDrafted"),
        move_to=r.get(i, "imap", "move_to", _text(), None),
        since=r.get(i, "imap", "since", parse_date, None),
        large_message_bytes=r.get(i, "imap", "large_message_bytes", _positive_size, 2**20),
    )
    if imap.mark == "move" and imap.move_to is None:
        r.add("imap.move_to", "required when imap.mark is move (the folder to move letters to)")
    if imap.oauth2_token_command and (imap.password_env or imap.password_command):
        r.add(
            "imap.oauth2_token_command",
            "set either imap.oauth2_token_command (XOAUTH2) or a password source, not both",
        )
    if imap.security == "none" and imap.host is not None and not _is_loopback(imap.host):
        r.add(
            "imap.security",
            "none (no encryption) is only allowed when imap.host is a "
            "loopback address (localhost, 127.0.0.0/8, ::1); use tls or starttls",
        )
    if imap.ca_file is not None and not _exists(imap.ca_file, "file"):
        r.add("imap.ca_file", f"file {imap.ca_file} does not exist")
    if imap.password_env and imap.password_command:
        r.add(
            "imap.password_command", "set only one of imap.password_env and imap.password_command"
        )

    defaults = default_paths(env)
    paths = PathsConfig(
        drafts=r.get(s["paths"], "paths", "drafts", r.path, defaults.drafts),
        state=r.get(s["paths"], "paths", "state", r.path, defaults.state),
    )
    b = s["blog"]
    preset: BlogPreset = r.get(b, "blog", "preset", _choice(*BLOG_PRESETS), "jekyll")
    preset_dir, preset_filename = BLOG_PRESETS[preset]
    blog = BlogConfig(
        repo=r.get(b, "blog", "repo", r.path, None),
        preset=preset,
        posts_dir=r.get(b, "blog", "posts_dir", _posts_dir, preset_dir),
        filename=r.get(b, "blog", "filename", _filename, preset_filename),
        timezone=r.get(b, "blog", "timezone", _timezone, "UTC"),
        git_author=r.get(b, "blog", "git_author", _git_author, None),
        push=r.get(b, "blog", "push", _boolean, False),
        remote=r.get(b, "blog", "remote", _text(), "origin"),
        front_matter=r.get(b, "blog", "front_matter", _front_matter, ()),
    )

    p, d = s["post"], PostConfig()
    post_format: PostFormat = r.get(
        p, "post", "format", _choice("gutenberg", "markdown"), "gutenberg"
    )
    post = PostConfig(
        format=post_format,
        reply_marker=r.get(p, "post", "reply_marker", _reply_marker, d.reply_marker),
        categories=r.strings(p, "post", "categories", d.categories),
        tags=r.strings(p, "post", "tags", d.tags),
        layout=r.get(p, "post", "layout", _text(), d.layout),
        intro=r.get(p, "post", "intro", _text(single_line=False, allow_empty=True), d.intro),
        closing=r.get(p, "post", "closing", _text(single_line=False, allow_empty=True), d.closing),
        templates_dir=r.get(p, "post", "templates_dir", r.path, None),
    )
    if post.templates_dir is not None and not _exists(post.templates_dir, "dir"):
        r.add("post.templates_dir", f"folder {post.templates_dir} does not exist")

    a = s["author"]
    author = AuthorConfig(
        name=r.get(a, "author", "name", _text(), None),
        aliases=r.strings(a, "author", "aliases", ()),
        addresses=r.strings(a, "author", "addresses", (), item=_address),
        urls=r.strings(a, "author", "urls", ()),
    )
    n = s["anonymize"]
    regions = r.strings(n, "anonymize", "phone_regions", ("US", "GB"), item=_region)
    if not regions:
        r.add("anonymize.phone_regions", "expected at least one region")
        regions = ("US", "GB")
    anonymize = AnonymizeConfig(
        companies=r.strings(n, "anonymize", "companies", ()),
        keep=r.strings(n, "anonymize", "keep", ()),
        phone_regions=regions,
        ner=r.get(n, "anonymize", "ner", _on_off, True),
    )
    limits = LimitsConfig(
        max_message_bytes=r.get(
            s["limits"], "limits", "max_message_bytes", _positive_size, 25 * 2**20
        ),
    )
    f = s["filters"]
    filters = FiltersConfig(
        to=r.strings(f, "filters", "to", (), item=_address),
        subject=r.get(f, "filters", "subject", _pattern, None),
        senders_allow=r.strings(f, "filters", "senders_allow", (), item=_sender),
        senders_deny=r.strings(f, "filters", "senders_deny", (), item=_sender),
    )
    schedule, publish_cfg, notify = _service_sections(r, s)
    config = Config(
        imap=imap,
        maildir=maildir,
        paths=paths,
        blog=blog,
        post=post,
        author=author,
        anonymize=anonymize,
        limits=limits,
        filters=filters,
        schedule=schedule,
        publish=publish_cfg,
        notify=notify,
        intake=intake,
        source=source,
    )
    return config, r.problems


def _intake(
    r: _Reader, data: object, m: dict[str, object]
) -> tuple[IntakeSource, MaildirConfig]:
    """The top-level ``source`` key and the ``maildir`` section."""
    intake: IntakeSource = "imap"
    value = data.get("source") if isinstance(data, dict) else None
    if value is not None:
        if value in ("imap", "maildir"):
            intake = "imap" if value == "imap" else "maildir"
        else:
            r.add("source", "expected one of imap, maildir", value)
    maildir = MaildirConfig(
        path=r.get(m, "maildir", "path", r.path, None),
        mark=r.get(m, "maildir", "mark", _choice("none", "seen"), "none"),
    )
    if intake == "maildir" and maildir.path is None:
        r.add("maildir.path", "required when source is maildir (the folder holding cur/ and new/)")
    return intake, maildir


def _cron(value: object) -> str:
    text = _text()(value)
    try:
        from apscheduler.triggers.cron import CronTrigger

        CronTrigger.from_crontab(text)
    except ValueError:
        raise ValueError("expected a crontab expression such as '*/10 7-22 * * *'") from None
    return text


def _service_sections(
    r: _Reader, s: dict[str, dict[str, object]]
) -> tuple[ScheduleConfig, PublishConfig, NotifyConfig]:
    """The schedule, publish and notify sections (used by ``mailpub run``)."""
    c = s["schedule"]
    schedule = ScheduleConfig(
        poll_interval=r.get(c, "schedule", "poll_interval", _positive_duration, 300.0),
        cron=r.get(c, "schedule", "cron", _cron, None),
    )
    publish = PublishConfig(auto=r.get(s["publish"], "publish", "auto", _boolean, False))
    n = s["notify"]
    smtp = None
    raw_smtp = n.get("smtp")
    if raw_smtp is not None and not isinstance(raw_smtp, dict):
        r.add("notify.smtp", "expected a mapping of keys", raw_smtp)
    elif isinstance(raw_smtp, dict):
        m = r.keys("notify.smtp", raw_smtp)
        host = r.get(m, "notify.smtp", "host", _host, None)
        to = r.strings(m, "notify.smtp", "to", (), item=_address)
        if host is None or not to:
            r.add("notify.smtp", "expected at least host and to")
        else:
            security: Security = r.get(
                m, "notify.smtp", "security", _choice("tls", "starttls", "none"), "starttls"
            )
            if security == "none" and not _is_loopback(host):
                r.add("notify.smtp.security", "none is only allowed for a loopback host")
            sender = r.get(m, "notify.smtp", "sender", _text(), None)
            smtp = SmtpConfig(
                host=host,
                to=to,
                port=r.get(m, "notify.smtp", "port", _port, None),
                security=security,
                username=r.get(m, "notify.smtp", "username", _text(), None),
                password_env=r.get(m, "notify.smtp", "password_env", _env_name, None),
                sender=_address(sender) if sender else None,
                ca_file=r.get(m, "notify.smtp", "ca_file", r.path, None),
            )
            if smtp.username and not smtp.password_env:
                r.add("notify.smtp.password_env", "set it when notify.smtp.username is set")
    notify = NotifyConfig(
        command=r.get(n, "notify", "command", _command, None),
        smtp=smtp,
        timeout=r.get(n, "notify", "timeout", _positive_duration, 30.0),
    )
    return schedule, publish, notify

"""Tests for mailpub.config: lookup, strict validation, value parsers, secrets, docs."""

from __future__ import annotations

import re
import stat
import sys
from dataclasses import fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailpub.config import (
    Config,
    ImapConfig,
    default_paths,
    effective_config,
    example_config_text,
    find_config_path,
    init_config,
    load_config,
    parse_config,
    parse_config_text,
    parse_date,
    parse_duration,
    parse_size,
)
from mailpub.errors import ConfigError
from mailpub.model import Rules

REPO = Path(__file__).resolve().parent.parent
SECTIONS = [f.name for f in fields(Config) if f.name not in ("source", "intake")]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"HOME": str(tmp_path / "home"), **extra}


def _parse(data: object, tmp_path: Path, **env: str) -> Config:
    return parse_config(data, base_dir=tmp_path, env=_env(tmp_path, **env), source=None)


def _problems(data: object, tmp_path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        _parse(data, tmp_path)
    return info.value.problems


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- lookup


def test_lookup_order_explicit_then_env_then_xdg(tmp_path: Path) -> None:
    explicit = _write(tmp_path / "explicit.yaml", "")
    from_env = _write(tmp_path / "env.yaml", "")
    xdg = _write(tmp_path / "xdg" / "mailpub" / "config.yaml", "")
    env = _env(tmp_path, MAILPUB_CONFIG=str(from_env), XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    assert find_config_path(explicit, env) == explicit
    assert find_config_path(None, env) == from_env
    del env["MAILPUB_CONFIG"]
    assert find_config_path(None, env) == xdg
    env["MAILPUB_CONFIG"] = ""  # empty means unset
    assert find_config_path(None, env) == xdg


def test_xdg_config_home_defaults_to_dot_config(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert find_config_path(None, env) is None
    default = _write(tmp_path / "home" / ".config" / "mailpub" / "config.yaml", "")
    assert find_config_path(None, env) == default
    # A relative XDG_CONFIG_HOME is ignored (XDG spec).
    assert find_config_path(None, {**env, "XDG_CONFIG_HOME": "rel"}) == default


@pytest.mark.parametrize("via_env", [False, True])
def test_missing_explicit_or_env_file_is_an_error(tmp_path: Path, via_env: bool) -> None:
    missing = tmp_path / "nope.yaml"
    env = _env(tmp_path, MAILPUB_CONFIG=str(missing)) if via_env else _env(tmp_path)
    with pytest.raises(ConfigError, match="not found; create it with `mailpub init`"):
        find_config_path(None if via_env else missing, env)
    with pytest.raises(ConfigError, match=re.escape(str(missing))):
        load_config(None if via_env else missing, env)


def test_explicit_path_expands_tilde(tmp_path: Path) -> None:
    target = _write(tmp_path / "home" / "c.yaml", "")
    assert find_config_path(Path("~/c.yaml"), _env(tmp_path)) == target


def test_no_file_gives_defaults_with_xdg_paths(tmp_path: Path) -> None:
    env = _env(tmp_path, XDG_DATA_HOME="/data", XDG_STATE_HOME="/st")
    cfg = load_config(None, env)
    assert cfg.source is None
    assert cfg.paths.drafts == Path("/data/mailpub/drafts")
    assert cfg.paths.state == Path("/st/mailpub")
    home = tmp_path / "home"
    plain = load_config(None, _env(tmp_path))
    assert plain.paths.drafts == home / ".local/share/mailpub/drafts"
    assert plain.paths.state == home / ".local/state/mailpub"
    assert plain.imap == ImapConfig()
    assert plain.post.categories == ("blog", "career-advice")
    assert plain.post.tags == ("career",)
    assert plain.anonymize.phone_regions == ("US", "GB")
    assert plain.limits.max_message_bytes == 25 * 2**20
    assert plain.imap.timeout == 30.0
    assert plain.imap.effective_port == 993


@pytest.mark.parametrize("text", ["", "# only a comment\n", "null\n", "~\n", "---\n"])
def test_empty_or_null_file_gives_defaults(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path / "c.yaml", text)
    cfg = load_config(path, _env(tmp_path))
    assert cfg == Config(paths=default_paths(_env(tmp_path)), source=path)


@pytest.mark.parametrize("text", ["[1, 2]\n", "just a string\n", "42\n"])
def test_top_level_not_a_mapping(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path / "c.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path, _env(tmp_path))
    assert info.value.message == f"1 problem in {path}"
    assert "expected a mapping" in info.value.problems[0]


def test_section_set_to_null_means_defaults(tmp_path: Path) -> None:
    assert _parse({"imap": None, "post": None}, tmp_path).post.layout == "post"


# ----------------------------------------------------------------------------- strictness


def test_unknown_key_suggests_closest(tmp_path: Path) -> None:
    assert _problems({"imap": {"hots": "x"}}, tmp_path) == [
        "imap.hots: unknown key (did you mean imap.host?)"
    ]


def test_unknown_section_and_misplaced_keys(tmp_path: Path) -> None:
    problems = _problems(
        {"imapp": {}, "host": "x", "imap.port": 1, "zzzzzz": 1, "post": {"qqqq": 1}}, tmp_path
    )
    assert "imapp: unknown key (did you mean imap?)" in problems
    assert "host: unknown key (did you mean imap.host?)" in problems
    assert any(p.startswith("imap.port: unknown key (write it nested") for p in problems)
    assert any(p.startswith("zzzzzz: unknown key (valid sections: imap, paths") for p in problems)
    assert any(p.startswith("post.qqqq: unknown key (valid keys: format,") for p in problems)


def test_non_string_keys_are_unknown(tmp_path: Path) -> None:
    problems = _problems({1: "x", "imap": {None: 1, True: 2}}, tmp_path)
    assert len(problems) == 3
    assert all("unknown key" in p for p in problems)


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.yaml",
        "imap:\n  hots: x\n  port: '993'\n  idle: 'yes'\n  security: ssl\n  timeout: 5x\n"
        "post:\n  format: html\n  tags: [ok, 3]\nlimits:\n  max_message_bytes: lots\n"
        "author:\n  addresses: [not-an-address]\n",
    )
    with pytest.raises(ConfigError) as info:
        load_config(path, _env(tmp_path))
    problems = info.value.problems
    assert info.value.message == f"9 problems in {path}"
    assert len(problems) == 9
    keys = [p.split(":")[0] for p in problems]
    assert keys == [
        "imap.hots",
        "imap.security",
        "imap.port",
        "imap.idle",
        "imap.timeout",
        "post.format",
        "post.tags[1]",
        "author.addresses[0]",
        "limits.max_message_bytes",
    ]
    text = "\n".join(problems)
    assert "imap.port: expected a port number from 1 to 65535, got string '993'" in text
    assert "imap.idle: expected true or false (unquoted), got string" in text
    assert "imap.security: expected one of tls, starttls, none, got string 'ssl'" in text
    assert "post.tags[1]: expected a string, got integer 3" in text
    # author addresses are private: type shown, value not.
    assert "not-an-address" not in text
    assert "author.addresses[0]: expected an email address (name@domain), got string" in text


def test_duplicate_keys_are_problems(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.yaml", "imap:\n  host: a\n  host: b\n  hots: c\n")
    with pytest.raises(ConfigError) as info:
        load_config(path, _env(tmp_path))
    assert info.value.problems[0] == "line 3: duplicate key 'host' (only one is allowed)"
    assert info.value.problems[1].startswith("imap.hots: unknown key")


def test_yaml_syntax_error_gives_position_not_content(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.yaml", "imap:\n  host: [unclosed-SECRETISH\n")
    with pytest.raises(ConfigError) as info:
        load_config(path, _env(tmp_path))
    assert info.value.problems[0].startswith("line ")
    assert "SECRETISH" not in str(info.value) + "".join(info.value.problems)


@pytest.mark.parametrize("text", ["d: 2023-02-30\n", "d: !!int ''\n", "d: !!bool maybe\n"])
def test_yaml_constructor_failures_are_config_errors(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError):
        parse_config_text(text, source=None, env=_env(tmp_path), base_dir=tmp_path)


def test_python_tags_refused(tmp_path: Path) -> None:
    text = "imap: !!python/object/apply:os.system ['true']\n"
    with pytest.raises(ConfigError):
        parse_config_text(text, source=None, env=_env(tmp_path), base_dir=tmp_path)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"imap": {"port": True}}, "imap.port: expected a port number"),
        ({"imap": {"port": 0}}, "imap.port: expected a port number"),
        ({"imap": {"port": 70000}}, "imap.port: expected a port number"),
        ({"imap": {"idle": "true"}}, "imap.idle: expected true or false"),
        ({"imap": {"timeout": 0}}, "imap.timeout: expected a duration greater than zero"),
        ({"imap": {"folder": 2021}}, "imap.folder: expected a string (quote it in YAML)"),
        ({"imap": {"host": "imap://mail.example.com"}}, "imap.host: expected a host name"),
        ({"imap": {"host": "mail.example.com:993"}}, "put the port in imap.port"),
        ({"post": {"format": "html"}}, "post.format: expected one of gutenberg, markdown"),
        ({"post": {"layout": ""}}, "post.layout: expected a non-empty string"),
        ({"post": {"tags": {"a": 1}}}, "post.tags: expected a list of strings"),
        ({"post": {"tags": ["ok", " "]}}, "post.tags[1]: expected a non-empty string"),
        ({"blog": {"posts_dir": "../x"}}, "blog.posts_dir: expected a folder relative"),
        ({"blog": {"posts_dir": "/abs"}}, "blog.posts_dir: expected a folder relative"),
        ({"blog": {"repo": 5}}, "blog.repo: expected a path"),
        ({"paths": {"drafts": ""}}, "paths.drafts: expected a path"),
        ({"limits": {"max_message_bytes": 0}}, "limits.max_message_bytes: expected a size"),
        ({"anonymize": {"phone_regions": ["UK"]}}, "(the United Kingdom is GB)"),
        ({"anonymize": {"phone_regions": ["XX"]}}, "anonymize.phone_regions[0]: expected an"),
        ({"anonymize": {"phone_regions": []}}, "expected at least one region"),
        ({"imap": "tls"}, "imap: expected a mapping of keys, got string"),
        ({"imap": {"password_env": "A", "password_command": "b"}}, "set only one of"),
        ({"imap": {"password_command": "pass 'unbalanced"}}, "balanced quotes"),
        ({"imap": {"password_command": []}}, "expected a non-empty command"),
        ({"imap": {"password_command": ["a", 1]}}, "expected a command line"),
    ],
)
def test_invalid_values(tmp_path: Path, data: dict[str, Any], fragment: str) -> None:
    problems = _problems(data, tmp_path)
    assert len(problems) == 1, problems
    assert fragment in problems[0]


@pytest.mark.parametrize(
    ("marker", "ok"),
    [
        ("@@REPLY@@", True),
        ("[ANSWER HERE]", True),
        ("", False),
        (" @@X@@", False),
        ("<reply>", False),
        ("{{reply}}", False),
        ("`x`", False),
        ("#REPLY", False),
        (">REPLY", False),
        ("-REPLY", False),
        ("A\nB", False),
    ],
)
def test_reply_marker_rules(tmp_path: Path, marker: str, ok: bool) -> None:
    data = {"post": {"reply_marker": marker}}
    if ok:
        assert _parse(data, tmp_path).post.reply_marker == marker
    else:
        assert _problems(data, tmp_path)[0].startswith("post.reply_marker: expected")


def test_lists_accept_one_string_and_normalise(tmp_path: Path) -> None:
    cfg = _parse(
        {
            "post": {"tags": "career", "categories": []},
            "author": {"addresses": ["Me@Example.COM", "me@example.com"], "aliases": "Bob"},
            "anonymize": {"phone_regions": ["de", "FR"], "companies": " Initech "},
        },
        tmp_path,
    )
    assert cfg.post.tags == ("career",)
    assert cfg.post.categories == ()
    assert cfg.author.addresses == ("me@example.com",)
    assert cfg.author.aliases == ("Bob",)
    assert cfg.anonymize.phone_regions == ("DE", "FR")
    assert cfg.anonymize.companies == ("Initech",)


def test_full_valid_config(tmp_path: Path) -> None:
    ca = _write(tmp_path / "ca.pem", "x")
    (tmp_path / "tpl").mkdir()
    cfg = _parse(
        {
            "imap": {
                "host": "imap.example.com",
                "security": "starttls",
                "ca_file": "ca.pem",
                "username": "u",
                "password_env": "MY_PW",
                "folder": "Advice",
                "idle": True,
                "timeout": "1m",
            },
            "post": {"format": "markdown", "templates_dir": "tpl", "intro": "", "closing": "a\nb"},
            "limits": {"max_message_bytes": "1MB"},
        },
        tmp_path,
    )
    assert cfg.imap.effective_port == 143
    assert cfg.imap.ca_file == ca
    assert cfg.imap.timeout == 60.0
    assert cfg.imap.idle is True
    assert cfg.post.format == "markdown"
    assert cfg.post.templates_dir == tmp_path / "tpl"
    assert cfg.post.intro == ""
    assert cfg.post.closing == "a\nb"
    assert cfg.limits.max_message_bytes == 10**6
    assert _parse({"imap": {"port": 1143}}, tmp_path).imap.effective_port == 1143
    assert _parse({"imap": {"security": "none"}}, tmp_path).imap.effective_port == 143


def test_missing_ca_file_and_templates_dir(tmp_path: Path) -> None:
    problems = _problems(
        {"imap": {"ca_file": "nope.pem"}, "post": {"templates_dir": "nope"}}, tmp_path
    )
    assert problems == [
        f"imap.ca_file: file {tmp_path / 'nope.pem'} does not exist",
        f"post.templates_dir: folder {tmp_path / 'nope'} does not exist",
    ]


# ----------------------------------------------------------------------------- paths


def test_relative_paths_resolve_against_config_folder(tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    path = _write(folder / "c.yaml", "paths:\n  drafts: d\n  state: ../s\nblog:\n  repo: /abs\n")
    cfg = load_config(path, _env(tmp_path))
    assert cfg.paths.drafts == folder / "d"
    assert cfg.paths.state == folder / "../s"
    assert cfg.blog.repo == Path("/abs")
    assert cfg.source == path


def test_tilde_expands_and_env_vars_do_not(tmp_path: Path) -> None:
    cfg = _parse({"paths": {"drafts": "~/drafts", "state": "$HOME/state"}}, tmp_path)
    assert cfg.paths.drafts == tmp_path / "home" / "drafts"
    assert cfg.paths.state == tmp_path / "$HOME" / "state"


def test_unknown_user_home_is_a_problem(tmp_path: Path) -> None:
    problems = _problems({"paths": {"drafts": "~no_such_user_mailpub/x"}}, tmp_path)
    assert problems[0].startswith("paths.drafts: expected a path; the ~user home")


# ----------------------------------------------------------------------------- value parsers


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (300, 300.0),
        (2.5, 2.5),
        (0, 0.0),
        ("300", 300.0),
        ("300s", 300.0),
        ("5m", 300.0),
        ("1h", 3600.0),
        ("1h30m", 5400.0),
        ("1h 30m", 5400.0),
        ("2d", 172800.0),
        ("1d2h3m4s", 93784.0),
        ("1.5h", 5400.0),
        (" 90s ", 90.0),
    ],
)
def test_parse_duration_valid(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    "value",
    [
        True,
        None,
        -1,
        float("nan"),
        float("inf"),
        10**400,
        "",
        "s",
        "5x",
        "5M",
        "1m1h",
        "-5s",
        "1h1h",
        "5 m",
        [5],
        "9" * 400,
    ],
)
def test_parse_duration_invalid(value: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(value)


@pytest.mark.parametrize(
    ("value", "size"),
    [
        (0, 0),
        (1234, 1234),
        (1e6, 1_000_000),
        ("100B", 100),
        ("100", 100),
        ("512KB", 512_000),
        ("25MB", 25_000_000),
        ("25MiB", 25 * 2**20),
        ("1GB", 10**9),
        ("1GiB", 2**30),
        ("2TiB", 2 * 2**40),
        ("25 mb", 25_000_000),
        ("1.5KiB", 1536),
        ("1.0001KB", 1000),
    ],
)
def test_parse_size_valid(value: object, size: int) -> None:
    assert parse_size(value) == size


@pytest.mark.parametrize(
    "value", [True, None, -1, 1.5, float("inf"), "", "MB", "25XB", "-5MB", "25 M", [1]]
)
def test_parse_size_invalid(value: object) -> None:
    with pytest.raises(ValueError, match="size"):
        parse_size(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 5, 1), date(2024, 5, 1)),
        ("2024-05-01", date(2024, 5, 1)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_parse_date_valid(value: object, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2023-02-29",
        "2024-13-01",
        "2024-5-1",
        "01/05/2024",
        "",
        20240501,
        None,
        datetime(2024, 5, 1, 10, 0),
    ],
)
def test_parse_date_invalid(value: object) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(value)


def test_parse_date_from_yaml_date() -> None:
    assert parse_date(yaml.safe_load("d: 2021-04-11")["d"]) == date(2021, 4, 11)


# ----------------------------------------------------------------------------- security


@pytest.mark.parametrize("host", ["imap.example.com", "10.0.0.1", "127.example.com", "::2"])
def test_security_none_refused_on_non_loopback(tmp_path: Path, host: str) -> None:
    problems = _problems({"imap": {"host": host, "security": "none"}}, tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith("imap.security: none (no encryption) is only allowed")


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "127.0.0.1", "127.3.4.5", "::1"])
def test_security_none_allowed_on_loopback(tmp_path: Path, host: str) -> None:
    cfg = _parse({"imap": {"host": host, "security": "none"}}, tmp_path)
    assert cfg.imap.security == "none"
    assert cfg.imap.effective_port == 143


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"imap": {"password": "hunter2-SECRET"}}, "imap.password"),
        ({"password": "hunter2-SECRET"}, "password"),
        ({"imap.password": "hunter2-SECRET"}, "imap.password"),
        ({"author": {"token": "hunter2-SECRET"}}, "author.token"),
        ({"imap": {"api_key": "hunter2-SECRET"}}, "imap.api_key"),
        ({"imap": {"client_secret": "hunter2-SECRET"}}, "imap.client_secret"),
    ],
)
def test_secrets_in_file_refused(tmp_path: Path, data: dict[str, Any], key: str) -> None:
    problems = _problems(data, tmp_path)
    assert problems == [
        f"{key}: secrets must not be stored in the config file; "
        "use imap.password_env or imap.password_command"
    ]


def test_private_values_never_echoed(tmp_path: Path) -> None:
    problems = _problems(
        {
            "imap": {"password_env": "hunter2 SECRET", "username": ["SECRET"]},
            "author": {"name": "A\nSECRET", "urls": ["", 5]},
            "anonymize": {"companies": [{"SECRET": 1}]},
        },
        tmp_path,
    )
    assert len(problems) == 6
    assert not any("SECRET" in p for p in problems)
    assert any(
        p.startswith("imap.password_env: expected the NAME of an environment variable")
        for p in problems
    )


# ----------------------------------------------------------------------------- password


def test_password_from_env() -> None:
    imap = ImapConfig(password_env="MAILPUB_TEST_PW")
    assert imap.password({"MAILPUB_TEST_PW": "s3cret"}) == "s3cret"
    for env in ({}, {"MAILPUB_TEST_PW": ""}):
        with pytest.raises(ConfigError) as info:
            imap.password(env)
        assert "MAILPUB_TEST_PW" in info.value.message
        assert "export MAILPUB_TEST_PW" in str(info.value)


def test_password_from_command(tmp_path: Path) -> None:
    script = "print('from-cmd'); print('second line')"
    cfg = _parse({"imap": {"password_command": [sys.executable, "-c", script]}}, tmp_path)
    assert cfg.imap.password({}) == "from-cmd"
    line = f"{sys.executable} -c \"print('spaced pw ')\""
    assert _parse({"imap": {"password_command": line}}, tmp_path).imap.password({}) == (
        "spaced pw "
    )


def test_password_command_failure_does_not_echo_output() -> None:
    script = "import sys; print('LEAKED-SECRET'); sys.stderr.write('LEAKED-ERR'); sys.exit(3)"
    imap = ImapConfig(password_command=(sys.executable, "-c", script))
    with pytest.raises(ConfigError) as info:
        imap.password({})
    assert "status 3" in info.value.message
    assert "LEAKED" not in str(info.value)


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("/nonexistent/mailpub-pw",), "not found"),
        ((sys.executable, "-c", "pass"), "no password"),
    ],
)
def test_password_command_other_failures(argv: tuple[str, ...], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        ImapConfig(password_command=argv).password({})


def test_password_without_source() -> None:
    with pytest.raises(ConfigError, match="no IMAP password source"):
        ImapConfig().password({})


# ----------------------------------------------------------------------------- other API


def test_effective_config_redacts_secrets(tmp_path: Path) -> None:
    cfg = _parse(
        {
            "imap": {
                "host": "mail.example.com",
                "password_command": ["get-pw", "--literal", "CMD-SECRET"],
            },
            "paths": {"drafts": "d"},
        },
        tmp_path,
    )
    eff = effective_config(cfg)
    dumped = yaml.safe_dump(eff)
    assert "CMD-SECRET" not in dumped
    assert eff["imap"]["password_command"] == "<set>"
    assert eff["imap"]["port"] == 993
    assert eff["paths"]["drafts"] == str(tmp_path / "d")
    assert eff["post"]["categories"] == ["blog", "career-advice"]
    assert set(eff) == {*SECTIONS, "source"}  # source: the top-level scalar (Config.intake)
    assert eff["source"] == "imap"
    for section in SECTIONS:
        assert set(eff[section]) == {f.name for f in fields(getattr(cfg, section))}

    with_env = _parse({"imap": {"password_env": "MAILPUB_PW_VAR"}}, tmp_path)
    env_eff = effective_config(with_env)
    assert env_eff["imap"]["password_env"] == "MAILPUB_PW_VAR"
    assert env_eff["imap"]["password_command"] is None


def test_effective_config_never_reads_env_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAILPUB_PW_VAR", "ENV-SECRET-VALUE")
    cfg = _parse({"imap": {"password_env": "MAILPUB_PW_VAR"}}, tmp_path)
    assert "ENV-SECRET-VALUE" not in yaml.safe_dump(effective_config(cfg))


def test_rules_from_author_and_anonymize(tmp_path: Path) -> None:
    cfg = _parse(
        {
            "author": {
                "name": "Boris  Smith",
                "aliases": ["Bob", "Boris"],
                "addresses": ["B@Example.com"],
                "urls": "https://blog.example.com",
            },
            "anonymize": {"companies": ["Initech"], "keep": ["Python"], "phone_regions": "DE"},
        },
        tmp_path,
    )
    assert cfg.rules() == Rules(
        companies=("Initech",),
        keep=("Python",),
        author_names=("Boris", "Smith", "Boris  Smith", "Bob"),
        author_addresses=("b@example.com",),
        author_urls=("https://blog.example.com",),
        phone_regions=("DE",),
    )
    assert Config().rules() == Rules()


def test_example_config_text_is_the_repo_file() -> None:
    assert example_config_text() == (REPO / "config.example.yaml").read_text(encoding="utf-8")


def test_example_file_loads_to_defaults(tmp_path: Path) -> None:
    path = _write(tmp_path / "config.yaml", example_config_text())
    env = _env(tmp_path)
    assert load_config(path, env) == Config(paths=default_paths(env), source=path)


def test_example_settings_are_valid_when_uncommented(tmp_path: Path) -> None:
    """Every '#key: value' line of the example, uncommented, must validate."""
    text = example_config_text()
    uncommented = re.sub(r"(?m)^(\s*)#(\w+:)", r"\1\2", text)
    assert uncommented != text
    _write(tmp_path / "bridge-ca.pem", "pem")
    (tmp_path / "templates").mkdir()
    cfg = parse_config_text(uncommented, source=None, env=_env(tmp_path), base_dir=tmp_path)
    assert cfg.imap.host == "imap.example.com"
    assert cfg.imap.password_env == "MAILPUB_IMAP_PASSWORD"
    # Values shown as defaults really are the defaults.
    defaults = Config(paths=default_paths(_env(tmp_path)))
    assert cfg.post == replace(defaults.post, templates_dir=tmp_path / "templates")
    assert cfg.paths == defaults.paths
    assert cfg.limits == defaults.limits
    assert (cfg.imap.timeout, cfg.imap.folder, cfg.imap.idle) == (30.0, "INBOX", False)


def _section_block(text: str, section: str) -> str:
    match = re.search(rf"(?ms)^{section}:\n(.*?)(?=^\S|\Z)", text)
    assert match, f"section {section} missing"
    return match.group(1)


@pytest.mark.parametrize("section", SECTIONS)
def test_every_key_documented(section: str) -> None:
    example = example_config_text()
    docs = (REPO / "docs" / "config.md").read_text(encoding="utf-8")
    block = _section_block(example, section)
    for f in fields(getattr(Config(), section)):
        assert re.search(rf"(?m)^\s*#?\s*{f.name}:", block), f"{section}.{f.name} not in example"
        assert f"`{section}.{f.name}`" in docs, f"{section}.{f.name} not in docs/config.md"


def test_init_config_writes_private_file_and_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "mailpub"
    path = init_config(folder)
    assert path == folder / "config.yaml"
    assert path.read_text(encoding="utf-8") == example_config_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("imap:\n  host: mine\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="already exists"):
        init_config(folder)
    assert path.read_text(encoding="utf-8") == "imap:\n  host: mine\n"
    assert load_config(path, _env(tmp_path)).imap.host == "mine"


# ----------------------------------------------------------------------------- hypothesis

_KNOWN = [f"{s}.{f.name}" for s in SECTIONS for f in fields(getattr(Config(), s))]
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(["tls", "none", "5m", "25MiB", "~/x", "localhost", "US", "@@R@@", "a b"])
    | st.dates()
    | st.datetimes()
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10) | st.integers(), inner, max_size=4)
    ),
    max_leaves=12,
)
_inner_key = st.sampled_from([k.split(".")[1] for k in _KNOWN] + ["password", "hots"]) | st.text(
    max_size=12
)
_section = st.dictionaries(_inner_key, _values, max_size=6) | _values
_top = st.dictionaries(
    st.sampled_from([*SECTIONS, "password", "imapp"]) | st.text(max_size=8), _section, max_size=6
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_top)
def test_arbitrary_mappings_load_or_raise_config_error(tmp_path: Path, data: object) -> None:
    try:
        cfg = parse_config(data, base_dir=tmp_path, env=_env(tmp_path), source=None)
    except ConfigError as exc:
        assert exc.problems
        assert exc.message.startswith(f"{len(exc.problems)} problem")
    else:
        assert isinstance(cfg, Config)
        yaml.safe_dump(effective_config(cfg))


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(alphabet=st.sampled_from(list("imap:host- \n[]{}'\"!&*#%@2019-0~.,?|>")))
    | st.text()
)
def test_arbitrary_text_loads_or_raises_config_error(tmp_path: Path, text: str) -> None:
    try:
        parse_config_text(text, source=None, env=_env(tmp_path), base_dir=tmp_path)
    except ConfigError as exc:
        assert exc.problems

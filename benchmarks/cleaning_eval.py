"""Measure :func:`mailpub.clean.clean_text` against the group B reply/signature corpora.

Usage::

    python -m benchmarks.cleaning_eval [CORPORA_DIR] [--markdown] [--verbose]

``CORPORA_DIR`` defaults to ``$MAILPUB_CORPORA`` or ``<repo>/../shared/corpora``.
:func:`evaluate` returns one dict per source: ``source``, ``cases``, ``matched``,
``share`` (0..1) and ``failures`` (case ids that did not match).

Each source's ``expectations.json`` documents its own schema in ``_format``; the
extractors below turn each into cases of three shapes:

* ``equals``: the cleaned text must equal the expected reply;
* ``contains``: given substrings must be in / absent from the cleaned text;
* ``time``: cleaning must finish within the upstream time bound.

The upstream parsers keep sign-offs and mobile footers that mailpub removes, so
both sides are normalised the same way before comparing: sign-off lines (with
the lone name lines after them) and mobile-footer lines are dropped, bullets are
normalised, wrapped lines are joined and whitespace is collapsed. Cases where
the upstream API has no counterpart in mailpub (fragment models, ``limit=``
keyword calls, header-field extraction only) are not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailpub.clean import clean_text, is_footer_line, is_signoff_line
from mailpub.errors import ParseError
from mailpub.htmltext import html_to_text
from mailpub.parse import parse_message

SOURCES = (
    "mailgun-talon",
    "zapier-email-reply-parser",
    "github-email-reply-parser",
    "crisp-email-reply-parser",
    "willdurand-email-reply-parser",
    "alfonsrv-mail-parser-reply",
    "closeio-quotequail",
)


@dataclass
class Case:
    case_id: str
    text: str  # the plain-text body given to clean_text
    kind: str  # "equals" | "contains" | "time"
    expected: str = ""
    contains: list[str] = field(default_factory=list)
    not_contains: list[str] = field(default_factory=list)
    max_seconds: float = 0.0
    no_whitespace: bool = False  # upstream compares after removing all whitespace
    sender: str | None = None  # sender name the upstream API was given


# --- normalisation -------------------------------------------------------------------------

_NAME = re.compile(r"^-?\s?[A-ZÀ-ÖØ-ÞА-Я][\w.'’-]*(?:\s+[A-ZÀ-ÖØ-ÞА-Я][\w.'’-]*){0,3}\.?$")


def normalise(text: str, *, no_whitespace: bool = False) -> str:
    """Drop sign-off lines (and up to two name lines after them) and mobile-footer
    lines, normalise bullets, join lines and collapse whitespace."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").split("\n")
    kept: list[str] = []
    skip_names = 0
    for line in lines:
        stripped = line.strip()
        if skip_names and stripped and _NAME.match(stripped) and len(stripped) <= 40:
            skip_names -= 1
            continue
        skip_names = 0
        if is_signoff_line(stripped):
            skip_names = 2
            continue
        if is_footer_line(stripped):
            continue
        kept.append(re.sub(r"^\s*[*•–·]\s+", "- ", line))
    joined = " ".join(kept)
    if no_whitespace:
        return re.sub(r"\s+", "", joined)
    return re.sub(r"\s+", " ", joined).strip()


# --- case extraction -----------------------------------------------------------------------


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace")


def _reply_parser_cases(folder: Path, sub: str) -> Iterator[Case]:
    """zapier / crisp / github / willdurand: expected_reply, reply_(not_)contains, max_seconds."""
    data = json.loads((folder / "expectations.json").read_text("utf-8"))
    common = data.get("COMMON_FIRST_FRAGMENT", "")
    for name, case in data["cases"].items():
        path = folder / sub / name
        if not path.is_file():
            continue
        text = _read(path)
        template = case.get("template")
        if template and "expected_reply_for_every_value" not in template:
            continue  # fragment-model expectation only
        if template:
            for n, value in enumerate(template["values"]):
                yield Case(
                    f"{name}[{n}]",
                    text.replace(template["placeholder"], value),
                    "equals",
                    expected=template["expected_reply_for_every_value"],
                )
            continue
        expected = case.get("expected_reply")
        if isinstance(expected, str):
            yield Case(
                name, text, "equals", expected=expected.replace("$COMMON_FIRST_FRAGMENT", common)
            )
        elif case.get("reply_contains") or case.get("reply_not_contains"):
            yield Case(
                name,
                text,
                "contains",
                contains=list(case.get("reply_contains") or []),
                not_contains=list(case.get("reply_not_contains") or []),
            )
        elif case.get("max_seconds"):
            yield Case(name, text, "time", max_seconds=float(case["max_seconds"]))


def _alfonsrv_cases(folder: Path) -> Iterator[Case]:
    data = json.loads((folder / "expectations.json").read_text("utf-8"))
    for name, case in data["cases"].items():
        path = folder / "emails" / name
        replies = case.get("replies") or {}
        checks = [c for c in replies.get("checks") or [] if c.get("index") == 0]
        if not path.is_file() or not checks:
            continue
        text = _read(path)
        for n, check in enumerate(checks):
            if isinstance(check.get("body_equals"), str):
                yield Case(f"{name}#{n}", text, "equals", expected=check["body_equals"])
                continue
            contains = list(check.get("body_contains") or [])
            not_contains = list(check.get("body_not_contains") or [])
            not_contains += list(check.get("signatures_contains") or [])
            not_contains += list(check.get("headers_contains") or [])
            if isinstance(check.get("signatures_startswith"), str):
                not_contains.append(check["signatures_startswith"])
            if isinstance(check.get("signatures_equals"), str) and check["signatures_equals"]:
                not_contains.append(check["signatures_equals"])
            if contains or not_contains:
                yield Case(
                    f"{name}#{n}", text, "contains", contains=contains, not_contains=not_contains
                )


def _sender_name(sender: object) -> str | None:
    """A display name from a talon ``sender`` value (addresses carry no name)."""
    if not isinstance(sender, str) or not sender or "@" in sender:
        return None
    return sender


def _eml_text(path: Path) -> str | None:
    try:
        return parse_message(path.read_bytes()).text
    except ParseError:
        return None


def _talon_cases(folder: Path) -> Iterator[Case]:
    data = json.loads((folder / "expectations.json").read_text("utf-8"))
    fixtures = folder / "fixtures"
    for name, case in data["files"].items():
        path = fixtures / name
        if not path.is_file():
            continue
        no_ws = "all whitespace" in str(case.get("compare", ""))
        if name.endswith(".eml"):
            text = _eml_text(path)
            if text is None:
                continue
            if isinstance(case.get("expected_reply"), str):
                yield Case(name, text, "equals", expected=case["expected_reply"])
            elif case.get("reply_not_contains"):
                yield Case(name, text, "contains", not_contains=list(case["reply_not_contains"]))
        elif name.endswith(".html"):
            text = html_to_text(_read(path))
            if isinstance(case.get("expected_reply_text"), str):
                yield Case(
                    name, text, "equals", expected=case["expected_reply_text"], no_whitespace=no_ws
                )
            elif isinstance(case.get("expected_html"), str):
                expected = html_to_text(case["expected_html"])
                yield Case(name, text, "equals", expected=expected, no_whitespace=no_ws)
        elif isinstance(case.get("expected_text"), str):
            yield Case(
                name,
                _read(path),
                "equals",
                expected=case["expected_text"],
                sender=_sender_name(case.get("sender")),
            )
    for case in data["inline_cases"]:
        api = str(case.get("api", ""))
        text = case.get("input")
        expected = case.get("expected")
        if not isinstance(text, str):
            continue
        no_ws = "all whitespace" in str(case.get("compare", ""))
        if "extract_from_html" in api:
            if not isinstance(expected, str):
                continue
            yield Case(
                case["id"],
                html_to_text(text),
                "equals",
                expected=html_to_text(expected),
                no_whitespace=no_ws,
            )
        elif "extract_from_plain" in api and isinstance(expected, str):
            yield Case(case["id"], text, "equals", expected=expected, no_whitespace=no_ws)
        elif "signature" in api and isinstance(expected, list) and isinstance(expected[0], str):
            sender = re.search(r"sender='([^']*)'", api)
            yield Case(
                case["id"],
                text,
                "equals",
                expected=expected[0],
                no_whitespace=no_ws,
                sender=_sender_name(sender.group(1) if sender else None),
            )


def _resolve(folder: Path, value: object) -> str:
    """Expand quotequail's "<contents of X>" and "<absent>" markers."""
    if not isinstance(value, str) or value == "<absent>":
        return ""
    match = re.fullmatch(r"<contents of (.+)>", value)
    if match:
        path = folder / "files" / match.group(1)
        return _read(path) if path.is_file() else ""
    return value


def _visible(chunks: list[list[Any]], *, html: bool) -> str:
    parts = [str(chunk) for visible, chunk in chunks if visible]
    text = "\n".join(parts)
    return html_to_text(text) if html else text


def _quotequail_cases(folder: Path) -> Iterator[Case]:
    data = json.loads((folder / "expectations.json").read_text("utf-8"))
    for name, case in data["files"].items():
        path = folder / "files" / name
        if not path.is_file():
            continue
        text = html_to_text(_read(path))
        unwrap = case.get("unwrap_html")
        if isinstance(unwrap, dict):
            top = html_to_text(_resolve(folder, unwrap.get("html_top")))
            if not top and unwrap.get("type") == "forward":
                top = html_to_text(_resolve(folder, unwrap.get("html")))
            yield Case(name, text, "equals", expected=top)
        quote = case.get("quote_html")
        if isinstance(quote, list):
            yield Case(name + "#quote", text, "equals", expected=_visible(quote, html=True))
    for case in data["inline_cases"]:
        if case.get("kwargs"):
            continue  # API options (limit=...) without a mailpub counterpart
        expected = case.get("expected_quote_intro_line", case.get("expected"))
        is_html = "html" in case
        raw = case.get("html") if is_html else case.get("text")
        if raw is None and case.get("args"):
            raw = case["args"][0]
            is_html = "html" in str(case.get("call", ""))
        if not isinstance(raw, str) or expected is None:
            continue
        text = html_to_text(raw) if is_html else raw
        if isinstance(expected, list):
            yield Case(case["id"], text, "equals", expected=_visible(expected, html=is_html))
        elif isinstance(expected, dict):
            top_key, body_key = ("html_top", "html") if is_html else ("text_top", "text")
            top = expected.get(top_key) or ""
            if not top and expected.get("type") == "forward":
                top = expected.get(body_key) or ""
            if not top and expected.get("type") == "reply":
                top = expected.get("html_bottom" if is_html else "text_bottom") or ""
            if is_html:
                top = html_to_text(top)
            yield Case(case["id"], text, "equals", expected=top)


def cases_for(corpora: Path, source: str) -> list[Case]:
    folder = corpora / source
    if not (folder / "expectations.json").is_file():
        return []
    if source == "mailgun-talon":
        return list(_talon_cases(folder))
    if source == "alfonsrv-mail-parser-reply":
        return list(_alfonsrv_cases(folder))
    if source == "closeio-quotequail":
        return list(_quotequail_cases(folder))
    sub = (
        "fixtures"
        if source in ("crisp-email-reply-parser", "willdurand-email-reply-parser")
        else "emails"
    )
    return list(_reply_parser_cases(folder, sub))


# --- evaluation ----------------------------------------------------------------------------


def check(case: Case) -> bool:
    """Run clean_text on one case and say whether it meets the expectation."""
    started = time.perf_counter()
    cleaned, _cuts = clean_text(case.text, sender_name=case.sender)
    elapsed = time.perf_counter() - started
    if case.kind == "time":
        return elapsed <= case.max_seconds
    got = normalise(cleaned, no_whitespace=case.no_whitespace)
    if case.kind == "equals":
        return got == normalise(case.expected, no_whitespace=case.no_whitespace)
    if any(normalise(s) not in got for s in case.contains if normalise(s)):
        return False
    return not any(normalise(s) and normalise(s) in got for s in case.not_contains)


def evaluate(corpora: Path) -> list[dict[str, Any]]:
    """One row per group B source: source, cases, matched, share, failures."""
    rows: list[dict[str, Any]] = []
    for source in SOURCES:
        cases = cases_for(corpora, source)
        failures = [c.case_id for c in cases if not check(c)]
        matched = len(cases) - len(failures)
        rows.append(
            {
                "source": source,
                "cases": len(cases),
                "matched": matched,
                "share": (matched / len(cases)) if cases else 0.0,
                "failures": failures,
            }
        )
    return rows


def _table(rows: list[dict[str, Any]], *, markdown: bool) -> str:
    total_cases = sum(r["cases"] for r in rows)
    total_matched = sum(r["matched"] for r in rows)
    body = [(r["source"], r["cases"], r["matched"], r["share"]) for r in rows]
    body.append(
        ("total", total_cases, total_matched, total_matched / total_cases if total_cases else 0)
    )
    if markdown:
        out = ["| source | cases | matched | share matched |", "|---|---:|---:|---:|"]
        out += [f"| {s} | {c} | {m} | {sh:.0%} |" for s, c, m, sh in body]
        return "\n".join(out)
    out = [f"{'source':32} {'cases':>6} {'matched':>8} {'share':>7}"]
    out += [f"{s:32} {c:>6} {m:>8} {sh:>7.0%}" for s, c, m, sh in body]
    return "\n".join(out)


def _default_corpora() -> Path:
    env = os.environ.get("MAILPUB_CORPORA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("corpora", nargs="?", type=Path, default=None)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--verbose", action="store_true", help="list the cases that did not match")
    args = parser.parse_args(argv)
    corpora = args.corpora or _default_corpora()
    if not corpora.is_dir():
        print(f"corpora folder not found: {corpora}", file=sys.stderr)
        return 2
    rows = evaluate(corpora)
    print(_table(rows, markdown=args.markdown))
    if args.verbose:
        for row in rows:
            for failure in row["failures"]:
                print(f"  miss {row['source']}: {failure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

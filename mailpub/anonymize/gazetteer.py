"""The bundled company gazetteer (``mailpub/data/companies.yaml``).

:func:`default_gazetteer` loads the bundled file once (cached) through
``importlib.resources``; :meth:`Gazetteer.from_entries` builds one from plain
dicts (tests, or a future user-supplied file). Malformed entries raise
``ValueError`` naming the entry index, never any letter text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml

from mailpub.anonymize.text import PhraseIndex, fold, phrase_key
from mailpub.anonymize.words import COMMON, SECOND_LEVEL_SUFFIXES

CaseRule = Literal["any", "cap", "upper"]
Mode = Literal["any", "capitalized", "cue"]
_MODES: tuple[Mode, ...] = ("any", "capitalized", "cue")


@dataclass(frozen=True, slots=True)
class Form:
    """One surface form of a gazetteer entry."""

    key: str  # canonical key of the entry
    case: CaseRule  # how it must be written to count
    cue_only: bool  # counts only after an employment cue


def company_key(text: str) -> str:
    """Folded alphanumeric form used as a company identity: ``"P&G"`` -> ``"pandg"``."""
    return "".join("and" if tok == "&" else tok for tok in phrase_key(text))


def case_rule(surface: str, *, capitalized: bool) -> CaseRule:
    """How a surface form must be written: short capitals exactly, ordinary words capitalised."""
    letters = [c for c in surface if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 5:
        return "upper"
    words = [tok for tok in phrase_key(surface) if tok != "&"]
    if capitalized or (words and all(w in COMMON for w in words)):
        return "cap"
    return "any"


def written_as(text: str, rule: CaseRule) -> bool:
    """True when ``text`` (the matched original) satisfies ``rule``."""
    if rule == "any":
        return True
    if rule == "upper":
        letters = [c for c in text if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)
    first = text[0]
    return first.isupper() or first.isdigit()


def _strings(entry: Mapping[str, object], field: str, index: int) -> list[str]:
    value = entry.get(field, [])
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"gazetteer entry {index}: {field!r} must be a list of strings")
    return list(value)


class Gazetteer:
    """Known companies: surface forms -> canonical keys, plus domain labels."""

    __slots__ = ("by_key", "domains", "index", "names")

    def __init__(self) -> None:
        self.index = PhraseIndex()  # payloads are Form
        self.by_key: dict[str, str] = {}  # company_key of any form -> canonical key
        self.names: dict[str, str] = {}  # canonical key -> display name
        self.domains: dict[str, str] = {}  # registrable label -> canonical key

    @classmethod
    def from_entries(cls, entries: Iterable[Mapping[str, object]]) -> Gazetteer:
        gaz = cls()
        for index, entry in enumerate(entries):
            name = entry.get("name")
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"gazetteer entry {index}: 'name' must be a non-empty string")
            mode = entry.get("match", "any")
            if mode not in _MODES:
                raise ValueError(f"gazetteer entry {index}: 'match' must be one of {_MODES}")
            key = company_key(name)
            if not key:
                raise ValueError(f"gazetteer entry {index}: 'name' has no letters or digits")
            gaz.names.setdefault(key, name)
            cue_only = mode == "cue"
            for surface in [name, *_strings(entry, "aliases", index)]:
                gaz._add(surface, key, case_rule(surface, capitalized=mode != "any"), cue_only)
            for surface in _strings(entry, "cue_aliases", index):
                gaz._add(surface, key, case_rule(surface, capitalized=mode != "any"), True)
            for ticker in _strings(entry, "tickers", index):
                gaz._add(ticker, key, "upper", cue_only)
            for domain in _strings(entry, "domains", index):
                label = registrable_label(domain)
                if label:
                    gaz.domains.setdefault(label, key)
        return gaz

    def _add(self, surface: str, key: str, rule: CaseRule, cue_only: bool) -> None:
        tokens = _strip_possessive(phrase_key(surface), surface)
        if not tokens:
            return
        self.index.add(tokens, Form(key, rule, cue_only))
        self.by_key.setdefault(company_key(surface), key)
        self.domains.setdefault("".join(t for t in tokens if t != "&"), key)
        self.domains.setdefault("-".join(t for t in tokens if t != "&"), key)

    def canonical(self, surface: str) -> str | None:
        """Canonical key of a known surface form (any case), else None."""
        return self.by_key.get(company_key(surface))


def _strip_possessive(tokens: tuple[str, ...], surface: str) -> tuple[str, ...]:
    if len(tokens) > 1 and tokens[-1] == "s" and surface.rstrip()[-2:-1] in ("'", "’"):
        return tokens[:-1]
    return tokens


def registrable_label(domain: str) -> str:
    """The organisation label of a domain: ``mail.intel.co.uk`` -> ``intel``.

    Uses a small built-in list of second-level public suffixes (co.uk, com.au,
    ac.il …); returns "" when nothing usable is left.
    """
    labels = [p for p in fold(domain.strip().strip(".")).split(".") if p]
    if len(labels) < 2:
        return labels[0] if labels else ""
    labels = labels[:-1]
    if len(labels) >= 2 and labels[-1] in SECOND_LEVEL_SUFFIXES:
        labels = labels[:-1]
    return labels[-1]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, parsed once per process.

    Raises ``ValueError`` if the bundled file is malformed (a packaging bug).
    """
    data_file = resources.files("mailpub") / "data" / "companies.yaml"
    loaded = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict) or not isinstance(loaded.get("companies"), list):
        raise ValueError("bundled gazetteer: expected a mapping with a 'companies' list")
    entries = loaded["companies"]
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ValueError(f"gazetteer entry {index}: expected a mapping")
    return Gazetteer.from_entries(entries)

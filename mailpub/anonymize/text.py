"""Tokens, folding and phrase matching shared by the anonymizer's detectors.

A :class:`Doc` is the text being anonymized cut into word tokens
(alphanumeric runs and ``&``), each with its character span, its folded form
(case-folded, accents removed) and a few flags the rules need. Nothing here
raises on any input string.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from mailpub.model import RedactionKind


def _w(text: str) -> list[str]:
    return text.split()


_TOKEN_RE = re.compile(r"[^\W_]+|&")
_TITLE_SMALL = frozenset(
    _w(
        """
        a an and as at but by for from in into of on or the to vs via with
        """
    )
)
# Text allowed between two tokens of one name: "Procter & Gamble", "J.P.", "Rolls-Royce".
_NAME_GAP_RE = re.compile(r"[ \u00a0]?|[ \u00a0]?[-.][ \u00a0]?|\.[ \u00a0]|['’]")
_APOSTROPHES = ("'", "’")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Case-fold ``text`` and strip accents: ``"Nestlé"`` -> ``"nestle"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phrase_key(text: str) -> tuple[str, ...]:
    """The folded token tuple of a phrase: ``"J.P. Morgan"`` -> ``("j", "p", "morgan")``."""
    return tuple(fold(m.group()) for m in _TOKEN_RE.finditer(text))


class Token(NamedTuple):
    """One word (or "&") of a Doc; a NamedTuple because documents have many."""

    start: int
    end: int
    text: str
    norm: str
    line: int
    initial: bool  # first word of a sentence or of a line
    title_line: bool  # the line is written in Title Case (capitals carry no signal)

    @property
    def is_cap(self) -> bool:
        """Starts with an upper-case letter ("Google", "N26") or a letter of a script
        without case, which names stand out in within an English letter ("メルカリ",
        "삼성SDS")."""
        first = self.text[0]
        return first.isupper() or (first.isalpha() and not first.islower() and ord(first) > 0x2E7F)

    @property
    def is_upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)

    @property
    def is_mixed(self) -> bool:
        """Lower-case start but capitals or digits inside ("a16z", "eBay")."""
        return self.text[0].islower() and any(c.isupper() or c.isdigit() for c in self.text)


@dataclass(frozen=True, slots=True)
class Hit:
    """One detected span of the document (character offsets, end exclusive)."""

    start: int
    end: int
    kind: RedactionKind
    detector: str  # "" for a propagated mention
    key: str = ""  # canonical company key; "" for identity kinds


class Doc:
    """``text`` cut into tokens; ``gap(i)`` is the text between token i and i+1.

    Gap properties are computed once per document (the detectors ask often).
    """

    __slots__ = (
        "_ends", "_lower", "_name_gap", "_possessive", "_starts", "_word_gap", "norms", "text",
        "tokens",
    )  # fmt: skip

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[Token] = list(_tokenize(text))
        self.norms: list[str] = [t.norm for t in self.tokens]
        toks = self.tokens
        gaps = [text[toks[i].end : toks[i + 1].start] for i in range(len(toks) - 1)] + [""]
        self._possessive = [
            t.norm == "s" and i > 0 and gaps[i - 1] in _APOSTROPHES for i, t in enumerate(toks)
        ]
        self._word_gap = [bool(g) and g.strip(" \u00a0") == "" for g in gaps]
        self._name_gap = [self._compute_name_gap(i, gaps[i]) for i in range(len(toks))]
        self._starts = [t.start for t in toks]
        self._ends = [t.end for t in toks]
        self._lower: bool | None = None

    def __len__(self) -> int:
        return len(self.tokens)

    def gap(self, i: int) -> str:
        """Text between token ``i`` and token ``i + 1`` ("" past the end)."""
        if i < 0 or i + 1 >= len(self.tokens):
            return ""
        return self.text[self.tokens[i].end : self.tokens[i + 1].start]

    def _compute_name_gap(self, i: int, gap: str) -> bool:
        if i + 1 >= len(self.tokens):
            return False
        cur, nxt = self.tokens[i], self.tokens[i + 1]
        if cur.line != nxt.line or self._possessive[i + 1]:
            return False
        if _NAME_GAP_RE.fullmatch(gap) is None:
            return False
        domain_end = gap == "." and len(nxt.text) <= 3 and nxt.text.islower()
        # "J. Smith", "St. Luke's", "Co. Kerry"; not "studying for N1. My manager"
        return "." not in gap or (len(cur.text) <= 2 and cur.text.isalpha()) or domain_end

    def name_gap(self, i: int) -> bool:
        """True when tokens i and i+1 may belong to one name (same line, tight gap).

        A dot may join initials and suffixes ("J.P. Morgan", "S.A.R.L.") or a
        domain ending ("Zyphr.io"), not two words of two sentences.
        """
        return 0 <= i < len(self._name_gap) and self._name_gap[i]

    def possessive(self, i: int) -> bool:
        """True when token ``i`` is the "s" of a possessive ("Intel's")."""
        return 0 <= i < len(self._possessive) and self._possessive[i]

    def word_gap(self, i: int) -> bool:
        """True when token i+1 follows token i after plain spaces on the same line."""
        return 0 <= i < len(self._word_gap) and self._word_gap[i]

    def index_at(self, offset: int) -> int:
        """Index of the first token that starts at or after character ``offset``."""
        return bisect_left(self._starts, offset)

    def index_ending_at(self, offset: int) -> int | None:
        """Index of the token that ends exactly at character ``offset``, if any."""
        k = bisect_left(self._ends, offset)
        return k if k < len(self._ends) and self._ends[k] == offset else None

    def indices_within(self, start: int, end: int) -> range:
        """Indices of the tokens lying inside the characters ``start``–``end``."""
        return range(bisect_left(self._starts, start), bisect_right(self._ends, end))

    def lowercase_style(self) -> bool:
        """The writer does not capitalise (most sentences start in lower case, "i" for "I");
        computed once per document."""
        if self._lower is None:
            starts = [t for t in self.tokens if t.initial and t.text[:1].isalpha()]
            low = sum(1 for t in starts if t.text[:1].islower())
            pronoun = sum(1 for t in self.tokens if t.text == "i")
            self._lower = len(starts) >= 3 and (low * 2 > len(starts) or pronoun >= 3)
        return self._lower

    def span_text(self, i: int, j: int) -> str:
        """Original text from token ``i`` to token ``j`` (inclusive)."""
        return self.text[self.tokens[i].start : self.tokens[j].end]


_FOLDED: dict[str, str] = {}
_SENTENCE_END_RE = re.compile(r"[.!?:;]['\"”’)]*\s+\S?")


def _tokenize(text: str) -> Iterator[Token]:
    matches = list(_TOKEN_RE.finditer(text))
    newlines = [m.start() for m in re.finditer("\n", text)]
    starts_after_stop = {m.end() for m in _SENTENCE_END_RE.finditer(text)}
    starts_after_stop |= {e - 1 for e in starts_after_stop}
    words: list[str] = []
    lines: list[int] = []
    for m in matches:
        words.append(m.group())
        lines.append(bisect_right(newlines, m.start()))
    titles = _title_lines(words, lines)
    folded = _FOLDED
    prev_line = -1
    for m, word, line_no in zip(matches, words, lines, strict=True):
        start, end = m.span()
        initial = line_no != prev_line or start in starts_after_stop
        norm = folded.get(word)
        if norm is None:
            norm = fold(word)
            if len(folded) < 50_000:
                folded[word] = norm
        yield Token(start, end, word, norm, line_no, initial, line_no in titles)
        prev_line = line_no


def _title_lines(words: Sequence[str], lines: Sequence[int]) -> frozenset[int]:
    """Lines where most content words are capitalised (headlines, subjects)."""
    counts: dict[int, list[int]] = {}
    for word, line_no in zip(words, lines, strict=True):
        if len(word) < 3 or not word.isalpha() or word.lower() in _TITLE_SMALL:
            continue
        tally = counts.setdefault(line_no, [0, 0])
        tally[0] += 1
        tally[1] += word[0].isupper()
    return frozenset(
        n for n, (total, caps) in counts.items() if total >= 3 and caps >= 0.75 * total
    )


class PhraseIndex:
    """Token-tuple dictionary for fast longest-match phrase lookup in a Doc.

    Values are arbitrary payloads; lookups return every payload stored for the
    longest phrase that starts at a token and whose inner gaps are name gaps.
    """

    __slots__ = ("_firsts", "_max", "_table")

    def __init__(self) -> None:
        self._table: dict[tuple[str, ...], list[object]] = {}
        self._firsts: set[str] = set()
        self._max = 0

    def add(self, phrase: tuple[str, ...], payload: object) -> None:
        if not phrase:
            return
        self._table.setdefault(phrase, []).append(payload)
        self._firsts.add(phrase[0])
        self._max = max(self._max, len(phrase))

    def __bool__(self) -> bool:
        return bool(self._table)

    def get(self, phrase: tuple[str, ...]) -> list[object]:
        return self._table.get(phrase, [])

    def scan(self, doc: Doc) -> Iterator[tuple[int, int, list[object]]]:
        """Yield ``(first, last, payloads)`` token ranges, longest match first per start."""
        norms = doc.norms
        n = len(norms)
        firsts = self._firsts
        for i in range(n):
            if norms[i] not in firsts or doc.possessive(i):
                continue
            limit = 1
            while limit < self._max and i + limit < n and doc.name_gap(i + limit - 1):
                limit += 1
            for size in range(limit, 0, -1):
                payloads = self._table.get(tuple(norms[i : i + size]))
                if payloads:
                    yield i, i + size - 1, payloads
                    break


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of character spans, sorted and merged where they overlap."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def lowercase_style(doc: Doc) -> bool:
    """The writer does not capitalise (see :meth:`Doc.lowercase_style`)."""
    return doc.lowercase_style()

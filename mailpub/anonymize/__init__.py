"""Anonymize one cleaned letter: companies -> ``<XXX>``, ``<YYY>`` …; sender identity removed.

Entry point: :func:`anonymize`. Pure: no I/O except reading the bundled
gazetteer (``mailpub/data/companies.yaml``) once per process; never raises on
any subject/text/identity/rules value.

Placeholders
    Companies get one placeholder each, per letter, numbered by first appearance
    as a reader of the post reads it: subject first, then body. The sequence is
    ``<XXX>``, ``<YYY>``, ``<ZZZ>``, then ``<AAA>``, ``<BBB>``, … ``<WWW>`` (26 in
    all), then ``<XXX2>``, ``<YYY2>``, ``<ZZZ2>``, ``<AAA2>`` … ``<WWW2>``, then
    ``<XXX3>`` and so on. A code the letter itself already uses in a placeholder
    (the reader typed ``<XXX Multinational Company>``) is skipped, so two
    companies never share a code. The same company always gets the same
    placeholder whatever its case, possessive, legal suffix or alias
    (``Intel``, ``INTEL``, ``Intel's`` -> ``<XXX>'s``, ``Intel Corp.``; ``MSFT`` and
    ``Microsoft``; ``AWS`` and ``Amazon``). Every person (the sender and any third
    party, full name or lone first name: "my manager Tom Becker", "Raj said") becomes
    ``<NAME>``; e-mail
    addresses ``<EMAIL>``, phone numbers ``<PHONE>``, URLs ``<URL>``.

Detection (union; detector names as reported in :class:`~mailpub.model.Redaction`)
    companies: "config" (``rules.companies``), "sender-domain" (the From
    address's organisation, not free-mail; a company known only from the
    headers and never mentioned takes no letter), "gazetteer", "legal-suffix",
    "cue", "acronym", "signature" (companies named in the cut signature);
    identity: "sender-name", "signature", "cue", "ner", "names" (name lists and their
    contexts: :mod:`mailpub.anonymize.people`), "email", "url", "phone".
    Once a company is found anywhere, every other mention of it (any case,
    without its legal suffix) is replaced too (propagation), and so are its
    acronym, its short forms and its other-script spelling
    (:mod:`mailpub.anonymize.aliases`).

Restraint
    Never replaced: ``rules.keep``, ``rules.author_names`` (whole names and each
    part), ``rules.author_addresses``, URLs starting with ``rules.author_urls``,
    text inside an existing placeholder (``<XXX …>``, ``XXXXX``). Roles,
    degrees, technologies, months, weekdays and places are not taken for
    companies; ordinary words (apple, target, shell) only count when capitalised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from mailpub.anonymize.aliases import (
    INITIALS_SKIP,
    INSTITUTION_HEADS,
    TWIN_RE,
    after_heads,
    confirmable,
    initials,
    named_core,
    nicknames_beside,
    spells,
)
from mailpub.anonymize.entities import (
    handle_hits,
    institution_hits,
    looks_english,
    ner_hits,
    person_forms,
    relation_person_hits,
)
from mailpub.anonymize.gazetteer import Gazetteer, company_key, default_gazetteer
from mailpub.anonymize.identity import (
    domain_forms,
    email_hits,
    name_hits,
    phone_hits,
    sender_domain_label,
    sender_name_index,
    sender_region,
    signature_facts,
    url_hits,
)
from mailpub.anonymize.lexicon import (
    COMPANY_HEADS,
    HONORIFICS,
    JOB_NOUNS,
    SUFFIXES,
    TLDS,
    is_stop,
    ranked_title_spans,
    words,
)
from mailpub.anonymize.ner import Entity, entities
from mailpub.anonymize.ner import load as load_model
from mailpub.anonymize.people import (
    BEFORE_AUTHOR,
    english_words,
    given_names,
    is_english,
    is_name,
    person_hits,
    surnames,
)
from mailpub.anonymize.places import (
    OFFICE_WORDS,
    after_place_word,
    district_spans,
    is_place,
    is_town,
    place_spans,
    street_spans,
)
from mailpub.anonymize.products import used_as_product
from mailpub.anonymize.rules import TEAM_WORDS, Detectors, cue_before, cue_phrase_before
from mailpub.anonymize.text import (
    Doc,
    Hit,
    PhraseIndex,
    fold,
    lowercase_style,
    merge_spans,
    phrase_key,
)
from mailpub.anonymize.tools import in_tool_list, is_tool, kept_spans
from mailpub.anonymize.words import COMMON, FIRST_NAMES, PLACES, STOP_CAPS
from mailpub.model import Anonymized, Identity, Redaction, RedactionKind, Rules

__all__ = ["DETECTORS", "anonymize", "load_word_lists", "ner_text", "placeholder_code"]

DETECTORS = (
    "config", "sender-domain", "gazetteer", "legal-suffix", "cue", "acronym", "ner",
    "names", "sender-name", "signature", "email", "url", "handle", "phone",
)  # fmt: skip
_LETTERS = "XYZABCDEFGHIJKLMNOPQRSTUVW"
_PLACEHOLDER_RE = re.compile(r"<[A-Z][^<>@\n]{0,80}>|\b(?:X{3,}|Y{3,}|Z{3,})\b")
_CODE_RE = re.compile(r"<([A-Z])\1\1(\d*)\b")
_KIND_ORDER = {kind: n for n, kind in enumerate(RedactionKind)}
_PATTERN_KINDS = (RedactionKind.EMAIL, RedactionKind.URL, RedactionKind.PHONE)
_SENDER = frozenset(("sender-name", "signature"))
_WEAK = frozenset(("cue", "acronym", "ner", ""))
_GUESSES = _WEAK | {"names"}
_FAMILY_BEFORE_RE = re.compile(
    r"\b(?:my|our|his|her|their)\s+(?:(?:little|baby|younger|older|elder|eldest|youngest)\s+)?"
    r"(?:daughter|son|wife|husband|sister|brother|mother|father|mum|mom|dad|niece|nephew"
    r"|grandson|granddaughter|grandmother|grandfather|cousin|partner|fiancée?|girlfriend"
    r"|boyfriend|baby|toddler|kid|child)s?,?\s+$",
    re.IGNORECASE,
)
_FIXED = {
    RedactionKind.PERSON: "<NAME>",
    RedactionKind.EMAIL: "<EMAIL>",
    RedactionKind.PHONE: "<PHONE>",
    RedactionKind.URL: "<URL>",
}


_FIRST_NAME_KEYS = frozenset((name,) for name in FIRST_NAMES)


def load_word_lists() -> None:
    """Read the bundled name, word, place and tool lists and the gazetteer now (each is read
    once per process, on first use otherwise): a service pays for it before the first
    letter."""
    given_names(), surnames(), english_words(), is_town(("x",)), is_tool("x")
    default_gazetteer()


def ner_text(subject: str, text: str) -> str:
    """The text :func:`anonymize` gives the NER model for a letter (subject line, blank
    line, body), so a batch can be analysed ahead with ``ner.prefetch``."""
    return subject.replace("\r", " ").replace("\n", " ") + "\n\n" + text


def placeholder_code(n: int) -> str:
    """The n-th company code (0-based): XXX, YYY, ZZZ, AAA … WWW, XXX2, …"""
    round_, pos = divmod(n, len(_LETTERS))
    return _LETTERS[pos] * 3 + (str(round_ + 1) if round_ else "")


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    kind: RedactionKind
    key: str
    detectors: set[str] = field(default_factory=set)


def anonymize(
    subject: str,
    text: str,
    *,
    identity: Identity,
    rules: Rules,
    gazetteer: Gazetteer | None = None,
    ner: bool = True,
) -> Anonymized:
    """Replace companies and the sender's identity in ``subject`` and ``text``.

    ``text`` is the cleaned letter (one paragraph or list item per non-empty
    line). ``gazetteer`` defaults to the bundled one. Returns the anonymized
    subject and text and one :class:`Redaction` per placeholder (companies in
    placeholder order, then ``<NAME>``, ``<EMAIL>``, ``<PHONE>``, ``<URL>``), each
    listing every original string it replaced and the detectors that found it.

    ``ner``: also use the named-entity model (:mod:`mailpub.anonymize.ner`,
    loaded once per process); raises :class:`~mailpub.anonymize.ner.ModelMissing`
    (a ``MessageError``) when it is not installed. ``ner=False``: rules only.
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    subject_line = subject.replace("\r", " ").replace("\n", " ")
    full = ner_text(subject, text)
    doc = Doc(full)
    protected = [(m.start(), m.end()) for m in _PLACEHOLDER_RE.finditer(full)]
    kept = [(s, e) for s, e in kept_spans(full) if not _team_after(doc, e)]
    protected += [
        (s, e)  # "Barrow Street", "Colmore Row"; not "State Street" the bank, nor the
        # charity in "I work for United Way"
        for s, e in street_spans(doc, lambda w: w in given_names())
        if gaz.canonical(full[s:e]) is None and not _named_employer(doc, doc.index_at(s))
    ]
    used_codes = {m.group(1) * 3 + m.group(2) for m in _CODE_RE.finditer(full)}
    blocked = _blocked(rules)
    det = Detectors(gaz)

    regions = [*rules.phone_regions, *sender_region(identity.address)]
    patterns = [*email_hits(full, rules.author_addresses), *phone_hits(full, regions)]
    strong_urls, bare_urls = url_hits(full, rules.author_urls)
    patterns += strong_urls
    patterns += handle_hits(full)

    soft: list[Hit] = []
    config = _forms_index((name, _key_of(name, gaz)) for name in rules.companies)
    soft += _phrase_hits(doc, config, "config")
    label = sender_domain_label(identity.address)
    boost: set[str] = set()
    if label:
        key, forms = domain_forms(label, gaz)
        if key is not None:
            boost.add(key)
        else:
            soft += _phrase_hits(
                doc, _forms_index((f, company_key(label)) for f in forms), "sender-domain"
            )
    known = list(det.gazetteer(doc, boost))
    soft += [hit for hit in known if not used_as_product(doc, hit)]
    # a tool named after the reader's own employer names the employer ("I'm at Microsoft
    # … on the Microsoft Teams backend"): it is not kept whole
    employers = _employer_keys(doc, known, kept, boost)
    protected += [
        (s, e)
        for s, e in kept
        if not any(h.key in employers and s <= h.start and h.end <= e for h in known)
    ]
    soft += det.legal_suffix(doc)
    soft += det.cues(doc)
    soft += det.person_cues(doc)
    soft += relation_person_hits(doc)
    soft += institution_hits(full)
    ents: tuple[Entity, ...] = ()
    english = looks_english(full)
    if ner:
        load_model()  # raises ModelMissing, even for a letter the model would not read
        if english:  # the model reads English only
            ents = entities(full)
            soft += [h for h in ner_hits(doc, ents) if not used_as_product(doc, h)]
    if english:
        soft += person_hits(doc, ents, blocked)

    sig_names: list[str] = []
    if identity.signature.strip():
        sig_doc = Doc(identity.signature)
        sig_spans = merge_spans(
            (h.start, h.end)
            for h in [*det.legal_suffix(sig_doc), *det.cues(sig_doc), *det.gazetteer(sig_doc)]
            if h.kind is RedactionKind.COMPANY
        )
        sig_names, sig_companies = signature_facts(identity.signature, sig_spans)
        index = _forms_index((company, _key_of(company, gaz)) for company in sig_companies)
        soft += _phrase_hits(doc, index, "signature")
    soft += name_hits(doc, sender_name_index(identity.name, identity.address, sig_names, blocked))

    orgs = frozenset((e.start, e.end) for e in ents if e.label == "ORG")
    taken = _pick_patterns(patterns)
    barrier = merge_spans([*taken, *protected])
    soft = _clip_to_lines(full, soft)  # a name never runs across a line (paragraph) break
    soft = _drop_sites(doc, soft)
    soft = [t for h in soft if (t := _trim_blocked(doc, h, blocked)) is not None]
    soft = [_trim_opening_verb(doc, h) for h in soft]
    soft = [h for h in soft if not _overlaps(h, barrier) and not _is_blocked(full, h, blocked)]
    districts = district_spans(doc)  # "Rotterdam (Kralingen)": a guess there gives way
    soft = [h for h in soft if not (h.detector in _WEAK and _inside(h, districts))]
    # "I'm CBAP certified", "RIBA chartered": a credential, whoever read it as a name
    soft = [h for h in soft if not (h.detector in _CREDENTIAL_GUESSES and _credential(doc, h))]
    # "Jira, ProtoPie and Figma": a name the model alone read, among known tools
    soft = [h for h in soft if not (h.detector in ("ner", "acronym") and _among_tools(doc, h))]
    titles = ranked_title_spans(doc)  # "a Senior Geoscientist", "as Lead Marine Engineer"
    soft = [h for h in soft if not (h.detector in _GUESSES and _inside(h, titles))]
    # "Minh" of "Ho Chi Minh City", "El" of "El Jadida" is not the person Minh or El
    places = [(doc.tokens[a].start, doc.tokens[b].end) for a, b in place_spans(doc)]
    soft = [h for h in soft if not (h.kind is RedactionKind.PERSON and _within(h, places))]

    soft = [_whole_name(doc, h, barrier) for h in soft]
    soft = _drop_overreach(doc, soft)
    spans = _resolve(full, soft, gaz)
    shorts = _short_names(full, spans, barrier) + _long_forms(doc, spans, barrier)
    if shorts:  # "Graduate Institute Geneva (IHEID)": the short name joins the company
        soft += shorts
        spans = _resolve(full, soft, gaz)
    spans = _resolve(full, soft + _propagate(doc, spans, barrier, blocked, orgs), gaz)
    people = [
        *_propagate_people(doc, spans, barrier, blocked, places),
        *_script_twins(full, spans),
        *_nicknames(full, spans),
    ]
    if people:
        spans = _resolve(full, soft + _propagate(doc, spans, barrier, blocked, orgs) + people, gaz)
    final = spans + [_Span(s, e, k, "", {d}) for s, e, k, d in _pattern_spans(patterns, taken)]
    for hit in bare_urls:
        if _overlaps(hit, protected):
            continue
        inside = [s for s in final if s.start < hit.end and hit.start < s.end]
        # a name read inside a bare domain ("meilingchen.dev": "dev") gives way to the
        # domain; a company that is the whole domain ("Zyphr.io") stays a company
        if all(hit.start <= s.start and s.end <= hit.end for s in inside) and not any(
            (s.start, s.end) == (hit.start, hit.end) for s in inside
        ):
            final = [s for s in final if s not in inside]
            final.append(_Span(hit.start, hit.end, hit.kind, "", {"url"}))
    final.sort(key=lambda s: s.start)
    return _render(full, len(subject_line), _unify_short_forms(full, final), used_codes)


# -- detection helpers ---------------------------------------------------------------------


def _drop_sites(doc: Doc, hits: list[Hit]) -> list[Hit]:
    """Drop a cue's guess that names a site of a company found before it on the same line:
    "at Samsung Electronics, working at the Hwaseong campus", "an engineer at Sage, at the
    big office by the Quayside". Alone ("I work at the Kestrel office") it stays a guess."""
    toks = doc.tokens
    companies = [h for h in hits if h.kind is RedactionKind.COMPANY]
    out = []
    for hit in hits:
        ks = doc.indices_within(hit.start, hit.end)
        if hit.detector == "cue" and hit.kind is RedactionKind.COMPANY and ks:
            first, last = ks[0], ks[-1]
            site = (
                first > 0
                and toks[first - 1].norm == "the"
                and cue_phrase_before(doc, first) == ("at",)  # not "now work at the …"
                and last + 1 < len(toks)
                and doc.word_gap(last)
                and toks[last + 1].norm in OFFICE_WORDS
            )
            if site and any(
                h.detector != "cue" and _same_clause(doc, h.end, first) for h in companies
            ):
                continue
        out.append(hit)
    return out


#: Words that open a new clause between a company and a site ("I left Deloitte and am
#: now at the Kestrel office": a new employer, not a site of the first).
_CLAUSE_WORDS = frozenset(words("and but now then later before after so since until or"))


def _same_clause(doc: Doc, end: int, first: int) -> bool:
    """A company ending at offset ``end`` stands in the same clause as token ``first``:
    at most six words apart on one line, a comma between, no word that opens a clause."""
    k = doc.index_at(end)
    toks = doc.tokens
    if k >= first or first - k > 6 or toks[k].line != toks[first].line:
        return False
    between = toks[k:first]
    return "," in doc.text[end : toks[first].start] and not any(
        t.norm in _CLAUSE_WORDS for t in between
    )


def _drop_overreach(doc: Doc, hits: list[Hit]) -> list[Hit]:
    """Drop a model reading that runs over two names the rules found apart, joined by a
    word such as "for" ("Brightwave Robotics for Orchard Foods Ltd. It"), when the rules'
    hits cover every capitalised word of it: the names stay, the words between them too."""
    rules = [h for h in hits if h.detector != "ner"]
    out = []
    for hit in hits:
        if hit.detector == "ner":
            inside = sorted(
                (h for h in rules if hit.start <= h.start and h.end <= hit.end),
                key=lambda h: h.start,
            )
            parts = merge_spans((h.start, h.end) for h in inside)
            if len(parts) >= 2 and _joined_by_a_word(doc, parts) and _covers_caps(doc, hit, parts):
                continue
        out.append(hit)
    return out


#: Words that stand between two employers, not inside one name ("left X for Y", "from X to
#: Y"); unlike "rechts der" in "Klinikum rechts der Isar".
_JOINING = frozenset(words("for from to at with than then before after via"))


def _joined_by_a_word(doc: Doc, parts: Sequence[tuple[int, int]]) -> bool:
    return any(
        any(doc.tokens[k].text in _JOINING for k in doc.indices_within(a_end, b_start))
        for (_, a_end), (b_start, _) in pairwise(parts)
    )


def _covers_caps(doc: Doc, hit: Hit, parts: Sequence[tuple[int, int]]) -> bool:
    toks = [doc.tokens[k] for k in doc.indices_within(hit.start, hit.end)]
    return all(
        any(s <= t.start and t.end <= e for s, e in parts)
        for t in toks
        if t.is_cap and not is_stop(t.norm)
    )


def _blocked(rules: Rules) -> set[str]:
    """Folded phrases that are never replaced (keep words, author names and their parts)."""
    out: set[str] = set()
    for phrase in [*rules.keep, *rules.author_names]:
        key = phrase_key(phrase)
        if key:
            out.add(" ".join(key))
    for name in rules.author_names:
        out.update(phrase_key(name))
    return out


_PAREN_SUFFIX_RE = re.compile(
    r"\s*(?:\((?:Pty|Pvt|Private|Proprietary)\.?\)|Pty|Pvt)\.?\s*(?:Ltd|Limited)\b\.?(?!\w)"
)
_GLUED_AFTER_RE = re.compile(r"(?:[+&-][^\W_]+)+")
_TLD_AFTER_RE = re.compile(r"\.([a-zA-Z]{2,6})(?![\w.-]*\w)")
_GLUED_BEFORE_RE = re.compile(r"(?<![\w+&-])[^\W_]+[+&]$")


def _whole_name(doc: Doc, hit: Hit, barrier: Sequence[tuple[int, int]]) -> Hit:
    """A company hit that reaches to the end of its name, so no part stays readable:
    "Steyn Bou & Hardeware (Pty) Ltd", "University Hospital Galway"."""
    if hit.kind is not RedactionKind.COMPANY:
        return hit
    original = hit
    m = _PAREN_SUFFIX_RE.match(doc.text, hit.end)
    if m and "\n" not in m.group(0):
        hit = replace(hit, end=m.end())
    # names glued by "+", "&" or "-" go whole: "Kuehne+Nagel", "AT&T", "Coca-Cola"
    if glued := _GLUED_AFTER_RE.match(doc.text, hit.end):
        hit = replace(hit, end=glued.end())
    # "a tiny agency called pixel & pine": the name goes on after " & " (a lower-case
    # letter's firm), unless an ordinary word follows ("google & love it")
    if amp := _AMP_AFTER_RE.match(doc.text, hit.end):
        word = fold(amp.group(1))
        if word not in COMMON and not is_stop(word):
            hit = replace(hit, end=amp.end())
    # a domain-style name: "Zyphr.io", "Monzo.com" (the model may stop at the dot)
    if (tld := _TLD_AFTER_RE.match(doc.text, hit.end)) and tld.group(1) in TLDS:
        hit = replace(hit, end=tld.end())
    if glued := _GLUED_BEFORE_RE.search(doc.text, max(0, hit.start - 80), hit.start):
        hit = replace(hit, start=glued.start())
    toks = doc.tokens
    last = doc.index_ending_at(hit.end)
    # "University Hospital Galway"; a firm's national arm: "MTN Ghana", "Vodafone Egypt"
    if last is not None:
        nxt = last + 1
        if (
            nxt < len(toks)
            and doc.word_gap(last)
            and toks[nxt].is_cap
            and toks[nxt].line == toks[last].line
            and (
                toks[nxt].norm in PLACES
                or (toks[last].norm in INSTITUTION_HEADS and is_place((toks[nxt].norm,)))
            )
            and not doc.possessive(nxt + 1)
        ):
            hit = replace(hit, end=toks[nxt].end)
    if hit is not original and _overlaps(replace(hit, start=original.end), barrier):
        return original
    return hit


_AMP_AFTER_RE = re.compile(r" & ([^\W\d_][\w'’-]*)(?![\w&])")
_PAREN_ACRONYM_RE = re.compile(r"\s*\(([^\W\d_][^\s()/,]{1,15})(?:\)|\s*[/,]\s)")


def _short_names(
    full: str, spans: Sequence[_Span], barrier: Sequence[tuple[int, int]]
) -> list[Hit]:
    """A short name given in brackets right after a company: "Graduate Institute Geneva
    (IHEID)", "Cal State Northridge (CSUN)" — the same company wherever it appears."""
    out = []
    for span in spans:
        if span.kind is not RedactionKind.COMPANY:
            continue
        m = _PAREN_ACRONYM_RE.match(full, span.end)
        if m and not m.group().endswith(")") and not m.group(1).isupper():
            m = None  # "(HCMUT / Bách Khoa)", but not "(BPharm, 2015)"
        short = m.group(1) if m else ""
        caseless = sum(c.isalpha() and not c.islower() and not c.isupper() for c in short)
        named = short[:1].isupper() and _distinct_word(fold(short))  # "ICADE (Comillas)"
        if m and (sum(c.isupper() for c in short) >= 2 or caseless >= 2 or named):
            hit = Hit(m.start(1), m.end(1), RedactionKind.COMPANY, "cue", span.key)
            if not _overlaps(hit, barrier):
                out.append(hit)
            continue
        # "shell petroleum development company (spdc)": the name goes on to the bracket
        m = _TAIL_ACRONYM_RE.match(full, span.end)
        if m is None:
            continue
        letters = "".join(
            w[0] for w in re.findall(r"[^\W\d_]+", full[span.start : m.end(1)])
            if w.lower() not in INITIALS_SKIP
        )
        tail = m.group(1).lower().split()
        if letters.lower() == m.group(2).lower() and not {"the", "a", "an"} & set(tail):
            for start, end in ((span.start, m.end(1)), (m.start(2), m.end(2))):
                hit = Hit(start, end, RedactionKind.COMPANY, "cue", span.key)
                if not _overlaps(hit, barrier):
                    out.append(hit)
    return out


_TAIL_ACRONYM_RE = re.compile(r"((?:[ ][^\W\d_][\w'’-]*){1,4}) \(([^\W\d_]{3,8})\)")


def _char_before(doc: Doc, pos: int) -> str:
    return doc.text[pos - 1] if pos > 0 else ""


def _long_forms(doc: Doc, spans: Sequence[_Span], barrier: Sequence[tuple[int, int]]) -> list[Hit]:
    """A found company and its acronym in brackets, in either order: the acronym before the
    name ("the CMA (Canadian Marketing Association)") and the name before the acronym ("a
    grant from the Centre national du livre (CNL)") go with the found one."""
    out = []
    for span in spans:
        if span.kind is not RedactionKind.COMPANY or _char_before(doc, span.start) != "(":
            continue
        for hit in (_acronym_before(doc, span), _name_before(doc, span)):
            if hit is not None and not _overlaps(hit, barrier):
                out.append(hit)
    return out


def _acronym_before(doc: Doc, span: _Span) -> Hit | None:
    """The acronym right before the bracketed name it spells."""
    toks = doc.tokens
    k = doc.index_at(span.start) - 1
    acronym = toks[k].text if k >= 0 else ""
    if not (2 <= len(acronym) <= 6 and acronym.isalpha() and acronym.isupper()):
        return None
    if not spells(acronym, doc.text[span.start : span.end]):
        return None
    return Hit(toks[k].start, toks[k].end, RedactionKind.COMPANY, "cue", span.key)


def _name_before(doc: Doc, span: _Span) -> Hit | None:
    """The words right before a bracketed acronym whose initials spell it."""
    short = doc.text[span.start : span.end]
    if not (2 <= len(short) <= 6 and short.isalpha() and short.isupper()):
        return None
    toks = doc.tokens
    last = doc.index_at(span.start) - 1
    if last < 0:
        return None
    letters = ""
    first = None
    j = last
    while j >= 0 and j > last - len(short) - 5 and toks[j].line == toks[last].line:
        word = toks[j].text
        if word.islower() and word in INITIALS_SKIP:
            j -= 1
            continue
        if not word[:1].isalpha():
            break
        letters = initials(word) + letters
        if not short.endswith(letters):
            break
        if letters == short and word[:1].isupper():
            first = j
            break
        j -= 1
    if first is None or not all(doc.word_gap(m) for m in range(first, last)):
        return None
    norms = [t.norm for t in toks[first : last + 1]]
    if all(is_english(n) or n in INITIALS_SKIP for n in norms) and not any(
        n in COMPANY_HEADS for n in norms
    ):
        return None  # "Specified Skilled Worker (SSW)": a programme, not an organisation
    return Hit(toks[first].start, toks[last].end, RedactionKind.COMPANY, "cue", span.key)


def _employer_keys(
    doc: Doc, known: Sequence[Hit], kept: Sequence[tuple[int, int]], boost: set[str]
) -> set[str]:
    """Keys of gazetteer companies named as an employer outside the kept tool names: the
    sender's domain, or an employment cue before them ("a manager at Microsoft IDC")."""
    return {
        h.key
        for h in known
        if h.key
        and not _overlaps(h, kept)
        and (h.key in boost or cue_before(doc, doc.index_at(h.start)) is not None)
    }


def _named_employer(doc: Doc, k: int) -> bool:
    """The words from token ``k`` follow a strong employment cue directly ("I work for
    United Way"), not as a place ("I work at the Barrow Street office")."""
    toks = doc.tokens
    if k == 0 or toks[k - 1].norm == "the":
        return False
    return cue_before(doc, k) in ("strong", "naming")


def _team_after(doc: Doc, end: int) -> bool:
    """A team word follows offset ``end`` closely: "the SAP FICO team" is the reader's work."""
    k = doc.index_at(end)
    return any(t.norm in TEAM_WORDS and t.start < end + 40 for t in doc.tokens[k : k + 3])


def _trim_blocked(doc: Doc, hit: Hit, blocked: set[str]) -> Hit | None:
    """A person hit without the author's names or keep words at its edges ("Oi Boris" ->
    "Oi"; a greeting word left alone before the author's name is dropped)."""
    if hit.kind is not RedactionKind.PERSON:
        return hit
    inside = [doc.tokens[k] for k in doc.indices_within(hit.start, hit.end)]
    if not any(t.norm in blocked for t in inside):
        return hit
    while inside and inside[0].norm in blocked:
        inside.pop(0)
    cut_tail = bool(inside) and inside[-1].norm in blocked
    while inside and inside[-1].norm in blocked:
        inside.pop()
    if not inside or (cut_tail and len(inside) == 1 and inside[0].initial):
        return None
    if cut_tail and all(t.norm in BEFORE_AUTHOR or t.norm in HONORIFICS for t in inside):
        return None  # "Dear Pak Boris", "Chào anh Boris": a title or greeting, no name
    return replace(hit, start=inside[0].start, end=inside[-1].end)



def _trim_opening_verb(doc: Doc, hit: Hit) -> Hit:
    """A company hit without the verb that opens its sentence ("Leaving Discovery Health
    for a startup?" -> "Discovery Health"): a verb of leaving or joining before at least
    one more capitalised word ("Trading Partners Ltd" keeps its first word)."""
    if hit.kind is not RedactionKind.COMPANY:
        return hit
    inside = [doc.tokens[k] for k in doc.indices_within(hit.start, hit.end)]
    if len(inside) < 2 or not inside[0].initial or not inside[1].is_cap:
        return hit
    if inside[0].norm not in _OPENING_VERBS:
        return hit
    return replace(hit, start=inside[1].start)


_OPENING_VERBS = frozenset(
    words(
        """
        leave leaving left join joining joined quit quitting stay staying switching moving
        applying interviewing rejoining returning
        """
    )
)


def _is_blocked(full: str, hit: Hit, blocked: set[str]) -> bool:
    key = phrase_key(full[hit.start : hit.end])
    return bool(key) and (" ".join(key) in blocked or " ".join(_strip_suffix(key)) in blocked)


def _forms_index(pairs: Iterable[tuple[str, str]]) -> PhraseIndex:
    """Index of (surface form, key) and the forms' suffix-less basenames ("Acme Corp", "Acme")."""
    index = PhraseIndex()
    for form, key in pairs:
        tokens = phrase_key(form)
        if not tokens:
            continue
        index.add(tokens, (key, _case_of(form, tokens)))
        base = _strip_suffix(tokens)
        if base != tokens and not (len(base) == 1 and base[0] in COMMON):
            case = _case_of(form, base)
            if case == "any" and len(base) == 1 and is_english(base[0]):
                case = "cap"  # "Bridge" of "Bridge SE", not "a bridge system engineer"
            index.add(base, (key, case))
    return index


def _case_of(surface: str, tokens: Sequence[str]) -> str:
    letters = [c for c in surface if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 5:
        return "upper"
    words = [t for t in tokens if t != "&"]
    if words and all(w in COMMON or w in STOP_CAPS for w in words):
        return "cap"
    return "any"


def _phrase_hits(doc: Doc, index: PhraseIndex, detector: str) -> list[Hit]:
    hits: list[Hit] = []
    if not index:
        return hits
    for first, last, payloads in index.scan(doc):
        payload = payloads[0]
        assert isinstance(payload, tuple)
        key, case = str(payload[0]), str(payload[1])
        text = doc.span_text(first, last)
        if case == "upper" and not text.isupper():
            continue
        if case == "cap" and not text[0].isupper():
            continue
        start, end = doc.tokens[first].start, doc.tokens[last].end
        hits.append(Hit(start, end, RedactionKind.COMPANY, detector, key))
    return hits


def _strip_suffix(tokens: Sequence[str]) -> tuple[str, ...]:
    """Drop a leading "the" and trailing legal suffixes: ("acme", "corp") -> ("acme",)."""
    out = tuple(tokens)
    if len(out) > 1 and out[0] == "the":
        out = out[1:]
    changed = True
    while changed and len(out) > 1:
        changed = False
        for size in range(min(4, len(out) - 1), 0, -1):
            if out[-size:] in SUFFIXES:
                out, changed = out[:-size], True
                break
    return out


def _core(tokens: Sequence[str]) -> tuple[str, ...]:
    """The distinctive core of a company name without its trailing head nouns:
    ("bluebird", "labs") -> ("bluebird",), ("quillfeather", "partners") -> ("quillfeather",);
    () when nothing distinctive is left ("Digital Media", "North Health")."""
    out = tuple(tokens)
    while len(out) > 1 and out[-1] in COMPANY_HEADS:
        out = out[:-1]
    if out == tuple(tokens) or any(t in COMMON or is_stop(t) or len(t) < 3 for t in out):
        return ()
    return out


def _key_of(surface: str, gaz: Gazetteer) -> str:
    tokens = phrase_key(surface)
    base = _strip_suffix(tokens)
    for candidate in (" ".join(base), surface):
        known = gaz.canonical(candidate)
        if known is not None:
            return known
    base = _core(base) or base
    return "".join("and" if t == "&" else t for t in base) or company_key(surface)


def _inside(hit: Hit, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= hit.start and hit.end <= e for s, e in spans)


_CREDENTIAL_GUESSES = frozenset(("signature", "acronym", "ner", "cue"))
_CREDENTIAL_AFTER = frozenset(("certified", "chartered", "accredited", "qualified", "licensed"))


def _credential(doc: Doc, hit: Hit) -> bool:
    """The hit is one word in capitals before "certified", "chartered" … ("I'm CBAP
    certified since last year")."""
    k = doc.index_at(hit.start)
    toks = doc.tokens
    return (
        k + 1 < len(toks)
        and toks[k].end == hit.end
        and toks[k].is_upper
        and doc.word_gap(k)
        and toks[k + 1].norm in _CREDENTIAL_AFTER
    )


def _among_tools(doc: Doc, hit: Hit) -> bool:
    """The hit is a whole item of a list with two known tools in it."""
    first, last = doc.index_at(hit.start), doc.index_ending_at(hit.end)
    return (
        last is not None
        and first < len(doc.tokens)
        and doc.tokens[first].start == hit.start
        and in_tool_list(doc, first, last)
    )


def _within(hit: Hit, spans: Sequence[tuple[int, int]]) -> bool:
    """The hit lies inside one of the spans and is shorter than it."""
    return any(s <= hit.start and hit.end <= e and (s, e) != (hit.start, hit.end) for s, e in spans)


def _overlaps(hit: Hit, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < hit.end and hit.start < e for s, e in spans)


def _pick_patterns(hits: Sequence[Hit]) -> list[tuple[int, int]]:
    order = sorted(hits, key=lambda h: (h.start, -(h.end - h.start), _KIND_ORDER[h.kind]))
    taken: list[tuple[int, int]] = []
    for hit in order:
        if not taken or hit.start >= taken[-1][1]:
            taken.append((hit.start, hit.end))
    return taken


def _pattern_spans(
    hits: Sequence[Hit], taken: Sequence[tuple[int, int]]
) -> list[tuple[int, int, RedactionKind, str]]:
    out = []
    by_span = {(h.start, h.end): h for h in sorted(hits, key=lambda h: -_KIND_ORDER[h.kind])}
    for start, end in taken:
        hit = by_span[(start, end)]
        out.append((start, end, hit.kind, hit.detector))
    return out


def _clip_to_lines(full: str, hits: Sequence[Hit]) -> list[Hit]:
    """Cut each hit at the first line break inside it (the subject and every
    paragraph or list item are lines of their own); drop what is left empty."""
    clipped = []
    for hit in hits:
        newline = full.find("\n", hit.start, hit.end)
        if newline == -1:
            clipped.append(hit)
        elif full[hit.start : newline].strip():
            end = hit.start + len(full[hit.start : newline].rstrip())
            clipped.append(replace(hit, end=end))
    return clipped


def _resolve(full: str, hits: Sequence[Hit], gaz: Gazetteer) -> list[_Span]:
    """Merge overlapping company/person hits into spans with one key each."""
    spans: list[_Span] = []
    group: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if group and hit.start >= max(h.end for h in group):
            spans.append(_merge(full, group, gaz))
            group = []
        group.append(hit)
    if group:
        spans.append(_merge(full, group, gaz))
    return spans


_QUOTES = frozenset('"“”\'‘’')


def _merge(full: str, group: Sequence[Hit], gaz: Gazetteer) -> _Span:
    start = min(h.start for h in group)
    end = max(h.end for h in group)
    detectors = {h.detector for h in group if h.detector}
    companies = [h for h in group if h.kind is RedactionKind.COMPANY]
    persons = [h for h in group if h.kind is RedactionKind.PERSON]
    sender = any(h.detector in _SENDER for h in persons)
    first_name = bool(persons) and phrase_key(full[start:end])[:1] in _FIRST_NAME_KEYS
    # a known name read as a person wins over a guess from context; an unknown word with a
    # person context ("Vodacom offered me a role") stays a company when a cue says so
    first_name = first_name or (
        any(h.detector == "names" for h in persons)
        and any(is_name(w) for w in phrase_key(full[start:end]))
    )
    weak_only = all(h.detector in _WEAK for h in companies)
    # "my daughter Zara", "my son Eli": a relative's name, not the retailer
    family = bool(persons) and bool(_FAMILY_BEFORE_RE.search(full, max(0, start - 40), start))
    if family and all(h.detector in _WEAK | {"gazetteer"} for h in companies):
        weak_only, first_name = True, True
    # a later mention of a found person that the model alone calls a firm ("Eli has asthma"),
    # or a person by context that only the model calls a firm ("Yesterday Obiageli told me")
    first_name = first_name or any(h.detector == "" for h in persons)
    first_name = first_name or (
        any(h.detector == "names" for h in persons) and all(h.detector == "ner" for h in companies)
    )
    # a nickname in quotes inside a person's name ('Anil "AJ" Jaswal'), not an acronym
    quoted = full[start - 1 : start] in _QUOTES and full[end : end + 1] in _QUOTES
    first_name = first_name or (
        quoted
        and bool(persons)
        and all(h.detector in ("ner", "acronym", "") for h in companies)
    )
    if not companies or (weak_only and (sender or first_name)):
        # the sender's own name wins over a guess from context ("a question from Amelia")
        return _Span(
            start, end, RedactionKind.PERSON, "", detectors - _WEAK if companies else detectors
        )
    keyed = [h for h in companies if h.key]
    if keyed:
        best = max(keyed, key=lambda h: (h.detector in ("config", "gazetteer"), h.end - h.start))
        key = best.key
    else:
        key = _key_of(full[start:end], gaz)
    return _Span(start, end, RedactionKind.COMPANY, key, detectors)


def _propagate(
    doc: Doc,
    spans: Sequence[_Span],
    barrier: Sequence[tuple[int, int]],
    blocked: set[str],
    org_spans: frozenset[tuple[int, int]] = frozenset(),
) -> list[Hit]:
    """Every other mention of an already found company (any case, suffix dropped)."""
    index = PhraseIndex()
    confirm = PhraseIndex()
    job = PhraseIndex()  # word-like names in lower case, before "job", "offer", …
    plain = PhraseIndex()  # word-like names a lower-case writer named in lower case
    lower = lowercase_style(doc)
    for span in spans:
        if span.kind is not RedactionKind.COMPANY:
            continue
        surface = doc.text[span.start : span.end]
        tokens = phrase_key(surface)
        base = _strip_suffix(tokens)
        head = base[:1] if len(base) > 1 and _distinct_word(base[0]) else ()
        forms = {tokens, base, _core(base), head, named_core(base)}
        for form in forms:  # "Shoprite" of "Shoprite Checkers", "aga khan" of "Aga Khan …"
            if not form or " ".join(form) in blocked:
                continue
            case = _case_of(surface, form)
            if case == "upper" and len(form) == 1 and len(form[0]) > 2 and not is_english(form[0]):
                case = "any"  # "LUTH" … "what luth pays me"
            if lower and len(form) == 1 and surface.islower() and is_english(form[0]):
                plain.add(form, (span.key, "any"))  # "at target" … "been with target"
            if len(form) == 1 and form[0] in COMMON and not surface[:1].isupper():
                continue
            if len(form) == 1 and is_english(form[0]) and case == "any" and surface[:1].isupper():
                case = "cap"  # "Compass" of "Compass Group", but "my moral compass"
            if len(form) == 1 and case == "cap" and surface[:1].isupper():
                job.add(form, (span.key, "any"))  # "take the spire job", "target's program"
            if case == "cap" and lower and len(form) > 1:
                case = "any"  # "Check Point" … "if i take check point now"
            index.add(form, (span.key, case))
        abbr = "" if is_place(tokens) else _initials_of(surface)
        if len(abbr) >= 3 and abbr.lower() not in blocked:  # "Iowa State University" … "ISU"
            index.add((abbr.lower(),), (span.key, "upper"))
        for form in {tokens, base, base[:1]}:  # "a Rio site", "zenith itself": the model agrees
            if form and " ".join(form) not in blocked and confirmable(form):
                confirm.add(form, (span.key, "any"))
    hits = [h for h in _phrase_hits(doc, index, "") if not _overlaps(h, barrier)]
    hits += [
        h
        for h in _phrase_hits(doc, confirm, "")
        if (h.start, h.end) in org_spans and not _overlaps(h, barrier)
    ]
    hits += [
        h
        for h in _phrase_hits(doc, job, "")
        if (_before_job(doc, h) or _owner(doc, h)) and not _overlaps(h, barrier)
    ]
    hits += [
        h
        for h in _phrase_hits(doc, plain, "")
        if _named_lower(doc, h) and not _overlaps(h, barrier)
    ]
    return hits


#: Words after which a lower-case word names the firm a lower-case writer named before
#: ("been with target", "compared to target's", "target vs costco").
_FIRM_BEFORE = frozenset(
    words(
        """
        with at for from vs versus and or like than left leave leaving joined join quit
        about over into before after since
        """
    )
)


_FIRM_AFTER = frozenset(words("vs versus staff employees workers contractors people"))


def _named_lower(doc: Doc, hit: Hit) -> bool:
    """A mention, in a letter written in lower case, of a word-like firm the writer named
    in lower case, where the words around it name a firm: after "with", "at", "vs" … or
    opening a line, or before "'s" ("been with target", "target vs costco"; not "my target
    is", "to target new stores", "the visa cost")."""
    k = doc.index_at(hit.start)
    toks = doc.tokens
    if len(toks[k].text) < 4:
        return False
    if doc.possessive(doc.index_at(hit.end)):
        return _owner(doc, hit)
    nxt = k + 1
    if nxt < len(toks) and toks[nxt].norm in _FIRM_AFTER and doc.word_gap(k):
        return True  # "target vs costco", "what happens to shell staff"
    return k == 0 or toks[k - 1].line != toks[k].line or (
        toks[k - 1].norm in _FIRM_BEFORE and doc.word_gap(k - 1)
    )


def _initials_of(surface: str) -> str:
    """The initials of a company name of three capitalised words or more ("Iowa State
    University" -> "ISU", "Kenya Revenue Authority" -> "KRA"), else ""."""
    words_ = [w for w in re.findall(r"[^\W\d_][\w'’-]*", surface) if w.lower() not in INITIALS_SKIP]
    if len(words_) < 3 or not all(w[0].isupper() for w in words_):
        return ""
    return "".join(w[0] for w in words_)


def _owner(doc: Doc, hit: Hit) -> bool:
    """A lower-case name before "'s" with no article before it ("target's tuition program
    would pay"; not "my target's deadline")."""
    k = doc.index_at(hit.end)
    p = doc.index_at(hit.start) - 1
    before = doc.tokens[p].norm if p >= 0 else ""
    return doc.possessive(k) and before not in ("my", "the", "a", "our", "your", "his", "her")


def _before_job(doc: Doc, hit: Hit) -> bool:
    """A lower-case name between "the", "a", "that", "this" and a job noun ("take the spire
    job"; not "my target job")."""
    k = doc.index_at(hit.end)  # the token after the name
    toks = doc.tokens
    return (
        k < len(toks)
        and doc.word_gap(k - 1)
        and toks[k].norm in JOB_NOUNS
        and k >= 2
        and toks[k - 2].norm in ("the", "a", "that", "this")
    )


def _nicknames(full: str, spans: Sequence[_Span]) -> list[Hit]:
    """Nicknames in brackets beside a found person (:func:`aliases.nicknames_beside`)."""
    return [
        Hit(s, e, RedactionKind.PERSON, "", span.key)
        for span in spans
        if span.kind is RedactionKind.PERSON
        for s, e in nicknames_beside(full, span.start, span.end)
    ]


def _script_twins(full: str, spans: Sequence[_Span]) -> list[Hit]:
    """The other-script spelling of a found person or company next to it in brackets."""
    out = []
    for m in TWIN_RE.finditer(full):
        latin, other = ("b", "a") if m.group("a") else ("c", "d")
        ls, le = m.start(latin), m.end(latin)
        for span in spans:
            if span.start < le and ls < span.end:  # the Latin spelling was replaced
                kind = span.kind
                if kind in (RedactionKind.PERSON, RedactionKind.COMPANY):
                    out.append(Hit(m.start(other), m.end(other), kind, "", span.key))
                break
    return out


def _distinct_word(norm: str) -> bool:
    """A word that names only the company it opens ("Shoprite", "Itaú", "Kiambaa"): no
    English word, name, place or role."""
    return (
        len(norm) >= 4
        and norm.isalpha()
        and not is_english(norm)
        and not is_name(norm)
        and norm not in COMMON
        and not is_stop(norm)
        and not is_place((norm,))
    )


def _propagate_people(
    doc: Doc,
    spans: Sequence[_Span],
    barrier: Sequence[tuple[int, int]],
    blocked: set[str],
    places: Sequence[tuple[int, int]],
) -> list[Hit]:
    """Every other mention of a found person's name or its parts ("Tom" after "Tom Becker");
    ``places``: character spans of known places of several words (:func:`place_spans`)."""
    surfaces = [
        doc.text[s.start : s.end]
        for s in spans
        if s.kind is RedactionKind.PERSON and s.detectors & {"ner", "cue", "names"}
    ]
    index = PhraseIndex()
    lower_forms = set(person_forms([s for s in surfaces if s.islower()], blocked))
    for form in person_forms(surfaces, blocked):
        key = phrase_key(form)
        # a name the writer spells in lower case ("my friend ana") is matched in any case,
        # unless it is a common word
        # and so is a name that is no word at all ("rui" after "Rui Costa")
        plain = not any(w in COMMON or w in STOP_CAPS for w in key)
        named = not any(w in COMMON for w in key) and any(
            len(w) >= 3 and is_name(w) and not is_english(w) and w not in STOP_CAPS for w in key
        )
        any_case = (plain and form in lower_forms) or named
        index.add(key, ("", "any" if any_case else "cap"))
    hits = [
        Hit(h.start, h.end, RedactionKind.PERSON, "")
        for h in _phrase_hits(doc, index, "")
        if not _overlaps(h, barrier)
        and not _word_opening(doc, doc.index_at(h.start), h)
        and not _within(h, places)  # "Minh" of "Ho Chi Minh City" is not the person Minh
    ]
    return hits


def _word_opening(doc: Doc, k: int, hit: Hit) -> bool:
    """A one-word name (token ``k``, which starts the hit) that is also a word, opening a
    sentence ("Will you …" after "my son Will"): only capitalised by its position, so not
    taken for the person; a name that is also a place, after "in"/"to" ("moved back to
    Jordan")."""
    toks = doc.tokens
    if k >= len(toks) or toks[k].start != hit.start or hit.end != toks[k].end:
        return False
    tok = toks[k]
    # "Jordan" of "Jordan Blake", but "we moved back to Jordan"
    # ("explain to Park" is the person: "to" leads to a place only after a move word)
    if (
        tok.norm in PLACES
        and k > 0
        and (toks[k - 1].norm in _BEFORE_PLACE or after_place_word(doc, k))
    ):
        return True
    if is_town((tok.norm,)) and after_place_word(doc, k):  # "moved to Joliet"
        return True
    if is_place((tok.norm,)) and _region_of(doc, k):  # "from Amman, Jordan."
        return True
    if (tok.norm in COMMON or is_english(tok.norm)) and _in_title(doc, k):  # "GI Bill"
        return True
    if (
        tok.norm in _MONTHS
        and (  # "in April" after "April Doherty"
            (k > 0 and toks[k - 1].norm in _BEFORE_MONTH)
            or (k + 1 < len(toks) and toks[k + 1].text[:1].isdigit())
        )
    ):
        return True
    # "Will you …", "Hope this helps", "Mark my words"; but "Rose means well" is the person
    return (
        tok.initial
        and is_english(tok.norm)
        and k + 1 < len(toks)
        and toks[k + 1].norm in _AFTER_WORD_OPENING
    )


def _region_of(doc: Doc, k: int) -> bool:
    """Token ``k`` follows a known town and a comma and ends the clause: the region or
    country of the town ("from Amman, Jordan.", "in Nuku'alofa, Tonga, 26 years old")."""
    toks = doc.tokens
    if k < 1 or doc.gap(k - 1) != ", " or not is_town((toks[k - 1].norm,)):
        return False
    if toks[k - 1].line != toks[k].line:
        return False
    return k + 1 >= len(toks) or toks[k + 1].line != toks[k].line or doc.gap(k).strip()[:1] in (
        ".", ",", ";", ":", ")", "!", "?"
    )


def _in_title(doc: Doc, k: int) -> bool:
    """Token ``k`` stands beside another capitalised word, as in a name or title ("GI
    Bill", "Summer Sale")."""
    toks = doc.tokens
    before = k > 0 and doc.word_gap(k - 1) and toks[k - 1].is_cap and not toks[k - 1].initial
    after = k + 1 < len(toks) and doc.word_gap(k) and toks[k + 1].is_cap
    return before or after


#: Words a place follows ("in Jordan"); "to" only after a move word (after_place_word).
_BEFORE_PLACE = frozenset(("in", "across", "around", "throughout"))
_MONTHS = frozenset(words("april may june august"))
_BEFORE_MONTH = frozenset(
    words(
        """
        in since until till by of from last next this early late mid before after during end
        start through
        """
    )
)
_AFTER_WORD_OPENING = frozenset(
    words(
        """
        you i we they he she it this that these those the a an all everyone your my our to
        for so me us them his her their there here are were be not birthday holidays
        anniversary
        """
    )
)


# -- rendering -----------------------------------------------------------------------------


def _unify_short_forms(full: str, spans: list[_Span]) -> list[_Span]:
    """A company named by the first words of another company found in the letter ("PKO"
    beside "PKO Bank Polski", "Zurich" beside "Zurich North America") takes its placeholder,
    when exactly one longer name starts with those words and they are no ordinary word."""
    company = RedactionKind.COMPANY
    names = {s.key: phrase_key(full[s.start : s.end]) for s in spans if s.kind is company}
    # no chains: a name between a short one and a longer one would give the short one two
    alias: dict[str, str] = {}
    for key, short in names.items():
        if not short or short[0] in COMMON or short[0] in STOP_CAPS or len(short[0]) < 3:
            continue
        longer = {
            other
            for other, long in names.items()
            if other != key
            and len(long) > len(short)
            and (long[: len(short)] == short or after_heads(long) == short)
        }
        if len(longer) == 1:
            alias[key] = longer.pop()
    # "CBA" beside "Commonwealth Bank of Australia", "SMH" beside "Sydney Morning Herald"
    surfaces = {s.key: full[s.start : s.end] for s in spans if s.kind is company}
    for key, surface in surfaces.items():
        if key in alias or not (2 <= len(surface) <= 6 and surface.isalpha() and surface.isupper()):
            continue
        spelled = {
            other
            for other, long in surfaces.items()
            if other != key and spells(surface, long)
        }
        if len(spelled) == 1:
            alias[key] = spelled.pop()
    if not alias:
        return spans
    return [replace(s, key=alias.get(s.key, s.key)) if s.kind is company else s for s in spans]


def _render(full: str, boundary: int, spans: Sequence[_Span], used: set[str]) -> Anonymized:
    codes: dict[str, str] = {}
    n = 0
    for span in spans:
        if span.kind is RedactionKind.COMPANY and span.key not in codes:
            while placeholder_code(n) in used:
                n += 1
            codes[span.key] = f"<{placeholder_code(n)}>"
            n += 1
    pieces: list[str] = []
    pos = 0
    originals: dict[str, list[str]] = {}
    detectors: dict[str, set[str]] = {}
    kinds: dict[str, RedactionKind] = {}
    out_len = 0
    subject_end: int | None = None
    for span in spans:
        if span.start < pos:  # defensive: overlapping spans never render twice
            continue
        if subject_end is None and span.start >= boundary:
            subject_end = out_len + (boundary - pos)
        holder = codes[span.key] if span.kind is RedactionKind.COMPANY else _FIXED[span.kind]
        out_len += span.start - pos + len(holder)
        pieces.append(full[pos : span.start])
        pieces.append(holder)
        pos = span.end
        original = full[span.start : span.end]
        seen = originals.setdefault(holder, [])
        if original not in seen:
            seen.append(original)
        detectors.setdefault(holder, set()).update(span.detectors)
        kinds[holder] = span.kind
    pieces.append(full[pos:])
    out = "".join(pieces)
    if subject_end is None:
        subject_end = out_len + (boundary - pos)
    redactions = sorted(
        (
            Redaction(
                holder,
                kinds[holder],
                tuple(originals[holder]),
                tuple(d for d in DETECTORS if d in detectors[holder]),
            )
            for holder in originals
        ),
        key=lambda r: (
            _KIND_ORDER[r.kind],
            list(codes.values()).index(r.placeholder) if r.kind is RedactionKind.COMPANY else 0,
        ),
    )
    return Anonymized(out[:subject_end], out[subject_end + 2 :], tuple(redactions))

"""Sender-identity detectors: e-mail addresses, URLs, phone numbers, the sender's
name (from the From header, the address and the cut signature), the sender's
corporate domain and companies named in the signature.

Every function is pure and total: any string input gives a (possibly empty)
list of hits or forms; nothing raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import phonenumbers

from mailpub.anonymize.gazetteer import Gazetteer, company_key, registrable_label
from mailpub.anonymize.jargon import is_jargon
from mailpub.anonymize.lexicon import HONORIFICS, is_job_title
from mailpub.anonymize.lexicon import words as _words
from mailpub.anonymize.text import Doc, Hit, PhraseIndex, fold, lowercase_style, phrase_key
from mailpub.anonymize.words import COMMON, FIRST_NAMES, FREE_MAIL, NAME_TITLES, PLACES, STOP_CAPS
from mailpub.model import RedactionKind

EMAIL_RE = re.compile(
    r"(?<![\w.+%-])[\w.%+-]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+"
)
_TLD = (
    r"(?:com|net|org|io|ai|co|dev|app|me|info|biz|xyz|tech|site|online|blog|page|us|uk|de|fr|nl"
    r"|es|it|ch|at|be|se|no|dk|fi|pl|ru|il|in|au|ca|eu|jp|cn|br|nz|ie|pt|gov|edu|ly|gg|so|to"
    r"|codes|design|studio|agency|photography|photos|tv|fm|cc|za|ng|ke|sg|ph|mx|ae|pk|tr"
    r"|gh|ug|tz|rw|zm|zw|eg|tn|lk|np|bd|vn|th|kr|tw|hk|ar|cl|pe|cz|sk|hu|ro|gr|lt|lv|ee|ua"
    r"|kz|lu|mt|cy|hr|rs|si|bg|qa|kw|om|bh|jo|lb)"
)
URL_RE = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'`]+"
    rf"|(?<![\w@.-])(?:[A-Za-z0-9-]+\.)+{_TLD}/[^\s<>\"'`]*",
    re.IGNORECASE,
)
_CHUNK_RE = re.compile(r"\S*\.\S*")
# An address written out to fool harvesters: "john dot smith at gmail dot com",
# "j.smith [at] gmail [dot] com", "jsmith (at) outlook.com"
_AT = r"(?:\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+)"
_DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\.)"
_LABEL = r"[^\W_][\w-]{0,62}"
SPELLED_EMAIL_RE = re.compile(
    rf"(?<![\w.+-])[\w+-]{{1,64}}(?:{_DOT}[\w+-]{{1,64}}){{0,4}}{_AT}"
    rf"{_LABEL}(?:{_DOT}{_LABEL}){{0,3}}{_DOT}{_TLD}(?![\w.-]*\w)",
    re.IGNORECASE,
)
_SPELLED_AT_RE = re.compile(r"\s+at\s+|\s*[\[({<]\s*at\s*[\])}>]\s*", re.IGNORECASE)
_SPELLED_MARK_RE = re.compile(r"[\[({<]\s*(?:at|dot)\s*[\])}>]|\sdot\s", re.IGNORECASE)
_DOT_TLD_RE = re.compile(rf"\.{_TLD}\b", re.IGNORECASE)
BARE_DOMAIN_RE = re.compile(rf"(?<![\w@.-])(?:[A-Za-z0-9-]+\.)+{_TLD}(?![\w.-]*\w)")
_PHONE_HINT_RE = re.compile(r"\+?\d[\d \t().\-–/]{5,}\d")
_YEAR_RANGE_RE = re.compile(r"(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d")
_THOUSANDS_RE = re.compile(r"[1-9]\d{0,2}(?:[ ,.]\d{3})+")  # not "099 418 273"
_DATE_RE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_SIGNOFF_RE = re.compile(
    r"^(?:--+|—|best|regards|kind regards|best regards|warm regards|thanks|thank you|many thanks"
    r"|cheers|sincerely|yours|all the best|sent from .*|get outlook .*)\W*$",
    re.IGNORECASE,
)
_SEGMENT_SPLIT_RE = re.compile(r"\s*(?:[|•·,;–—]|\s-\s|\bat\b|@)\s*")


@dataclass(frozen=True, slots=True)
class NameForm:
    """One way the sender's name may appear; ``ambiguous`` forms (ordinary words
    like "Will", month names like "April") only count when capitalised and not
    sentence-initial, or next to another part of the name."""

    ambiguous: bool
    detector: str


def email_hits(text: str, keep: Sequence[str]) -> Iterator[Hit]:
    kept = {a.strip().lower() for a in keep}
    for m in EMAIL_RE.finditer(text):
        if m.group().lower() not in kept:
            yield Hit(m.start(), m.end(), RedactionKind.EMAIL, "email")
    for m in SPELLED_EMAIL_RE.finditer(text):
        # "dot"/"[at]" spelled out, or a free-mail domain ("jsmith at gmail.com"); not
        # "I work at example dot com"
        local, domain = _SPELLED_AT_RE.split(m.group(), maxsplit=1)
        free = re.split(r"\s*[\[({<]?\s*dot\b|\.", domain.lower())[0].strip() in FREE_MAIL
        if "@" in m.group() or fold(local) in COMMON:
            continue
        if _SPELLED_MARK_RE.search(m.group()) or free:
            yield Hit(m.start(), m.end(), RedactionKind.EMAIL, "email")


def _norm_url(url: str) -> str:
    url = re.sub(r"^[a-z]+://", "", url.strip().lower())
    return url[4:] if url.startswith("www.") else url


def _trim_url(url: str) -> str:
    while url and url[-1] in ".,;:!?'\"”’»)]}>":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def url_hits(text: str, keep: Sequence[str]) -> tuple[list[Hit], list[Hit]]:
    """(explicit URLs, bare domains such as "zyphr.io"); author URLs are skipped."""
    prefixes = [_norm_url(k) for k in keep if k.strip()]

    def kept(url: str) -> bool:
        norm = _norm_url(url)
        return any(norm.startswith(p) for p in prefixes)

    strong: list[Hit] = []
    bare: list[Hit] = []
    for chunk in _CHUNK_RE.finditer(text):  # URLs never contain white space
        piece = chunk.group()
        if "://" not in piece and "www." not in piece.lower() and not _DOT_TLD_RE.search(piece):
            continue
        base = chunk.start()
        found = []
        for m in URL_RE.finditer(piece):
            url = _trim_url(m.group())
            if len(url) > 4 and not kept(url):
                found.append(
                    Hit(base + m.start(), base + m.start() + len(url), RedactionKind.URL, "url")
                )
        strong += found
        bare += [
            Hit(base + m.start(), base + m.end(), RedactionKind.URL, "url")
            for m in BARE_DOMAIN_RE.finditer(piece)
            if not kept(m.group()) and not _inside(base + m.start(), found)
        ]
    return strong, bare


def _inside(pos: int, hits: Iterable[Hit]) -> bool:
    return any(h.start <= pos < h.end for h in hits)


def phone_hits(text: str, regions: Sequence[str]) -> Iterator[Hit]:
    """Phone numbers found by ``phonenumbers`` for each region (international +… too)."""
    regions = [r.upper() for r in regions if r.strip()] or ["US"]
    seen: set[tuple[int, int]] = set()
    for hint in _PHONE_HINT_RE.finditer(text):
        lo = max(0, hint.start() - 2)
        chunk = text[lo : hint.end() + 1]
        found = False
        for region in regions:
            matcher = phonenumbers.PhoneNumberMatcher(
                chunk, region, leniency=phonenumbers.Leniency.POSSIBLE
            )
            for match in matcher:
                start, end = lo + match.start, lo + match.end
                if (start, end) not in seen and _phone_like(match.raw_string, match.number):
                    seen.add((start, end))
                    found = True
                    yield _with_area_code(text, Hit(start, end, RedactionKind.PHONE, "phone"))
        digits = sum(c.isdigit() for c in hint.group())
        labelled = _PHONE_LABEL_RE.search(text, max(0, hint.start() - 16), hint.start())
        if not found and digits >= 7 and labelled:
            # "tel. 601 234 567", "Mob: 0791 234 567": a labelled number is a phone number
            # whatever its grouping or country
            found = True
            yield Hit(hint.start(), hint.end(), RedactionKind.PHONE, "phone")
        if found or digits < 9:
            continue
        # a number written the local way of a country the configuration does not name
        # ("0151 23456789", "9876543210"): valid in one of the most populous regions
        for region in _FALLBACK_REGIONS:
            matcher = phonenumbers.PhoneNumberMatcher(
                chunk, region, leniency=phonenumbers.Leniency.VALID
            )
            valid = next(iter(matcher), None)
            if valid is not None and _phone_like(valid.raw_string, valid.number):
                start, end = lo + valid.start, lo + valid.end
                if (start, end) not in seen:
                    seen.add((start, end))
                    yield _with_area_code(text, Hit(start, end, RedactionKind.PHONE, "phone"))
                break


#: Labels before a phone number ("tel.", "Mob:", "WhatsApp", "call me on").
_PHONE_LABEL_RE = re.compile(
    r"(?:\b(?:tel|tél|telf|phone|ph|mob|mobile|cell|cel|celular|handy|whatsapp|wa|fax|"
    r"m|t|p)\b\.?\s*:?|\b(?:call|text|ring|reach)\s+me\s+(?:on|at))\s*\+?\s*$",
    re.IGNORECASE,
)
#: Regions tried for a long number no configured region reads (most populous first).
_FALLBACK_REGIONS = (
    "IN", "CN", "ID", "PK", "NG", "BR", "BD", "RU", "MX", "JP", "PH", "EG", "VN", "DE", "TR",
    "IR", "TH", "FR", "IT", "ZA", "KE", "CO", "ES", "AR", "PL", "CA", "AU", "MY", "SA", "AE",
    "NL", "GH", "SG", "NZ", "IE", "KR",
)  # fmt: skip
_AREA_CODE_RE = re.compile(r"\(\d{1,4}\)\s?$")


def _with_area_code(text: str, hit: Hit) -> Hit:
    """The hit with an area code in brackets right before it ("(11) 98765-4321")."""
    m = _AREA_CODE_RE.search(text, max(0, hit.start - 7), hit.start)
    return replace(hit, start=m.start()) if m else hit


def sender_region(address: str | None) -> list[str]:
    """The region of the sender's country domain ("martin@pulga.com.uy" -> ["UY"]), so
    that numbers written the local way ("099 418 273") are found as well."""
    tld = (address or "").rpartition(".")[2].upper()
    tld = "GB" if tld == "UK" else tld
    return [tld] if len(tld) == 2 and tld in phonenumbers.SUPPORTED_REGIONS else []


def _phone_like(raw: str, number: phonenumbers.PhoneNumber) -> bool:
    digits = sum(c.isdigit() for c in raw)
    if digits < 7 or _YEAR_RANGE_RE.fullmatch(raw) or _THOUSANDS_RE.fullmatch(raw):
        return False
    if _DATE_RE.fullmatch(raw):
        return False
    if raw.isdigit():  # no separators: only a real, valid number counts
        return bool(phonenumbers.is_valid_number(number))
    return True


def name_parts(name: str) -> list[str]:
    """Words of a display name: "Doe, Jane (ACME)" -> ["Doe", "Jane"]; hyphenated
    names give the whole and each half."""
    name = re.sub(r"\(.*?\)|\[.*?\]|<.*?>|\bvia\b.*$", " ", name, flags=re.IGNORECASE)
    parts: list[str] = []
    for word in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", name):
        for piece in [word, *re.split(r"[-'’]", word)] if re.search(r"[-'’]", word) else [word]:
            if all(_title_piece(p) for p in re.split(r"[-'’]", piece)):
                continue  # "Dr. Lena Marquardt", "Dr-Ing": a title is no part of the name
            if sum(c.isalpha() for c in piece) >= 2 and piece not in parts:
                parts.append(piece)
    return parts


def _title_piece(word: str) -> bool:
    return fold(word) in HONORIFICS or fold(word) in NAME_TITLES


def _is_ambiguous_name(word: str) -> bool:
    norm = fold(word)
    return norm in COMMON or norm in STOP_CAPS


def sender_name_index(
    name: str | None,
    address: str | None,
    signature_names: Sequence[str],
    blocked: set[str],
) -> PhraseIndex:
    """Every form of the sender's name; ``blocked`` holds folded author names/keep words."""
    index = PhraseIndex()

    def add(text: str, detector: str, *, parts: bool = True) -> None:
        full = phrase_key(text)
        if len(full) > 1 and " ".join(full) not in blocked:
            index.add(full, NameForm(False, detector))
        if not parts:
            return
        for part in name_parts(text):
            key = phrase_key(part)
            if key and fold(part) not in blocked and " ".join(key) not in blocked:
                index.add(key, NameForm(_is_ambiguous_name(part), detector))

    if name:
        add(name, "sender-name")
        for nickname, ambiguous in _nicknames(name):
            if nickname not in blocked:
                index.add((nickname,), NameForm(ambiguous, "sender-name"))
    if address and "@" in address:
        local = address.split("@", 1)[0]
        from mailpub.anonymize.people import is_english, is_name

        for piece in re.split(r"[._+\-\d]+", local):
            norm = fold(piece)
            if (
                len(piece) >= 3
                and piece.isalpha()
                and norm not in blocked
                and not (norm in COMMON or norm in STOP_CAPS or norm in PLACES or norm in FREE_MAIL)
                # "ines.carvalho.chef@", "o.bondarenko.sea@", "lorourke.sparky@": an ordinary
                # or trade word there is no name part, unless it is a known name or a form of
                # the display name ("rod." of Rodrigo Treviño); an unknown word ("kemz.") is
                and (
                    is_name(norm)
                    or _short_form(norm, name)
                    or _in_name(norm, name)
                    or (not is_english(norm) and norm not in _ADDRESS_WORDS)
                )
            ):
                index.add((norm,), NameForm(False, "sender-name"))
        if len(local) >= 4 and local.isalnum() and fold(local) not in blocked:
            index.add((fold(local),), NameForm(False, "sender-name"))
    for sig_name in signature_names:
        add(sig_name, "signature")
    return index


#: Words people put in their e-mail address beside their name that are not names.
_ADDRESS_WORDS = frozenset(
    _words(
        """
    dev devs eng engr tech techie physio sparky joinery chef nurse rn md doc dr art arts
    music photo photos official info work works mail career careers jobs hr admin contact
    hello pro cpa law legal esq consulting studio media design designs codes writes
    teaches teacher coach fit fitness travel travels online real the official uk us au ng
    ke za in ph ca nz sg my fin finance acct biz shop store team office home personal
        """
    )
)


def _in_name(norm: str, name: str | None) -> bool:
    return bool(name) and norm in {fold(p) for p in name_parts(name or "")}


def _short_form(norm: str, name: str | None) -> bool:
    return bool(name) and any(
        len(part) > len(norm) and fold(part).startswith(norm) for part in name_parts(name or "")
    )


def _nicknames(name: str) -> list[tuple[str, bool]]:
    """Short forms of the sender's first name a reader signs with ("Tay" for Taylor, "Alex"
    for Alexandra): its prefixes of three or four letters, with whether they are
    ambiguous (an ordinary word such as "Vale" for Valentina: matched only capitalised
    and not opening a sentence, or beside another part of the name, "Vale Restrepo")."""
    from mailpub.anonymize.people import is_english

    parts = [fold(p) for p in name_parts(name) if p.isalpha()]
    if not parts or len(parts[0]) < 5:
        return []
    first = parts[0]
    out = []
    for n in (3, 4):
        short = first[:n]
        if short in STOP_CAPS or short in COMMON:
            continue
        out.append((short, is_english(short) or short in PLACES))
    return out


def name_hits(doc: Doc, index: PhraseIndex) -> Iterator[Hit]:
    toks = doc.tokens
    lower = lowercase_style(doc)
    matches = list(index.scan(doc))
    covered = {k for first, last, _ in matches for k in range(first, last + 1)}
    for first, last, payloads in matches:
        forms = [f for f in payloads if isinstance(f, NameForm)]
        form = min(forms, key=lambda f: f.ambiguous)  # the surest reading of the words
        if form.ambiguous and first == last:
            tok = toks[first]
            beside = (first - 1 in covered and doc.word_gap(first - 1)) or (
                first + 1 in covered and doc.word_gap(first)
            )
            if tok.is_cap and tok.initial and not beside:
                continue
            if not tok.is_cap and not (lower and _lower_name_ok(doc, first)):
                continue
        elif first == last and not lower and _word_after_article(doc, first):
            continue  # "the grace period" in a letter by Grace, written with capitals
        yield Hit(toks[first].start, toks[last].end, RedactionKind.PERSON, form.detector)


_ARTICLES = frozenset(("the", "a", "an", "this", "that", "no", "any", "some", "every", "each"))


def _word_after_article(doc: Doc, k: int) -> bool:
    """Token ``k`` is an English word in lower case right after an article ("the grace
    period", "a mark"): a word, not the name written small ("smith here again")."""
    from mailpub.anonymize.people import english_words

    toks = doc.tokens
    return (
        toks[k].text.islower()
        and toks[k].norm in english_words()
        and k > 0
        and toks[k - 1].norm in _ARTICLES
        and doc.word_gap(k - 1)
    )


def _lower_name_ok(doc: Doc, k: int) -> bool:
    """In a letter written in lower case, the sender's own name part that is no dictionary
    word counts in lower case too ("im jun, 27"), but not as a month before a number
    ("jun 2024")."""
    from mailpub.anonymize.people import english_words

    toks = doc.tokens
    if toks[k].norm in english_words():
        return False  # "will", "grace": too many ordinary uses
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    return not (nxt is not None and nxt.text[:1].isdigit() and doc.word_gap(k))


def sender_domain_label(address: str | None) -> str:
    """Organisation label of the sender's address, "" for free-mail or no address."""
    if not address or "@" not in address:
        return ""
    domain = address.rsplit("@", 1)[1].strip().lower()
    label = registrable_label(domain)
    if not label or label in FREE_MAIL or fold(domain) in FREE_MAIL:
        return ""
    return label


def domain_forms(label: str, gaz: Gazetteer) -> tuple[str | None, list[str]]:
    """(gazetteer key, extra surface forms) for a sender-domain label."""
    key = gaz.domains.get(label) or gaz.domains.get(label.replace("-", ""))
    if key is not None:
        return key, []
    words = [w for w in re.split(r"[-_]+", label) if w]
    forms = [" ".join(words)]
    if len(words) > 1:
        forms.append("".join(words))
    return None, forms


def _a_place(norms: Sequence[str]) -> bool:
    """The words are a known place ("Cape Town"), or one or two well-known place words
    ("London", "North America"; not "Zurich North America")."""
    from mailpub.anonymize.places import is_place

    return is_place(norms) or (len(norms) <= 2 and all(n in PLACES for n in norms))


def _dictionary_word(norm: str) -> bool:
    from mailpub.anonymize.people import english_words

    return norm in english_words()


#: Last words of a department or field in a signature ("Clinical Pharmacology", "Group
#: Finance"), besides those ending in "-ology" and "-ics".
_FIELDS = frozenset(
    _words(
        """
        finance operations sales research strategy engineering marketing medicine surgery
        nursing pharmacy treasury audit tax compliance procurement logistics development
        communications design
        """
    )
)


def signature_facts(
    signature: str, detected: Iterable[tuple[int, int]]
) -> tuple[list[str], list[str]]:
    """(person names, company names) read from a cut signature.

    ``detected`` are character spans of companies the rule detectors found in the
    signature; they are returned as companies. A short line of 1–3 capitalised
    words that is not a role, place or company is taken as the sender's name;
    other capitalised segments of "Title | Company" lines are taken as companies.
    """
    companies = [signature[s:e] for s, e in detected]
    names: list[str] = []
    for line in signature.splitlines():
        line = line.strip().strip(">").strip()
        if not line or _SIGNOFF_RE.match(line) or EMAIL_RE.search(line) or "://" in line:
            continue
        segments = [seg.strip() for seg in _SEGMENT_SPLIT_RE.split(line) if seg and seg.strip()]
        named_here = False
        for pos, seg in enumerate(segments):
            words = re.findall(r"[^\W\d_][\w'’&.-]*", seg)
            if not words or len(words) > 5 or any(c.isdigit() for c in seg):
                continue
            if not all(w[0].isupper() or w in ("&", "and", "of", "van", "de") for w in words):
                continue
            norms = [fold(w.strip(".")) for w in words]
            if all(n in COMMON or n in STOP_CAPS for n in norms) or _a_place(norms):
                continue  # "Senior Manager", "London", "Cape Town"
            if is_job_title(norms):
                continue  # "Claims Analytics Lead", "Paramedic", "Head of Mathematics"
            if named_here and len(words) == 1 and (norms[0] in STOP_CAPS or is_jargon(seg)):
                continue  # "Jane Roe, CPA": a known credential after the name (an unknown
                # acronym there may be the employer: it stays a company)
            if any(seg in c or c in seg for c in companies):
                continue
            if (
                0 < pos < len(segments) - 1
                and len(words) == 1
                and segments[pos - 1] in companies
                and _a_place([fold(w) for w in segments[pos + 1].split()])
            ):
                continue  # "Lagos University Teaching Hospital, Idi-Araba, Lagos": a quarter
            known = {fold(w) for name in names for w in name.split()}
            if (
                pos == 0
                and len(words) <= 3
                and (
                    (not names and (norms[0] in FIRST_NAMES or len(segments) == 1))
                    or norms[0] in known  # "Grace" then "Grace O'Neill, FCAS"
                )
            ):
                names.append(seg)
                named_here = True
            elif (len(segments) > 1 or names) and not (
                (len(norms) == 1 and _dictionary_word(norms[0]))
                # "Nursing Officer I, Cardiothoracic ICU": a ward or a department
                or (
                    pos > 0
                    and 1 < len(words) <= 3
                    and is_jargon(words[-1])
                    and not any(w.isupper() for w in words[:-1])
                )
                # "Principal Scientist, Clinical Pharmacology": a department after a title
                or (
                    pos > 0
                    and len(words) <= 3
                    and is_job_title([fold(w.strip(".")) for w in segments[pos - 1].split()])
                    and all(_dictionary_word(n) for n in norms)
                    and (norms[-1] in _FIELDS or norms[-1].endswith(("ology", "ics")))
                )
            ):  # "Senior Data Scientist, Pricing": a team, not an employer
                companies.append(seg)
    return names, [c for c in companies if company_key(c)]

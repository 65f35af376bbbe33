"""Known place names: about 65,000 cities, countries, states, provinces and counties,
and 84,000 smaller towns and city quarters.

The short list in :data:`mailpub.anonymize.words.PLACES` covers the places letters name
most; this one (``mailpub/data/places.txt.gz``, built by ``scripts/build_place_data.py``
from GeoNames and Faker, see ``mailpub/data/NOTICE.md``) covers the rest: "Kharkiv",
"Mississauga", "Faisalabad", "Joliet", "Ho Chi Minh City". It is used only to hold back a
guess: a run of words after a weak cue ("from Faisalabad"), or one the model reads as an
organisation or a person, is not replaced when it is exactly a known place. It never
hides a name found another way (gazetteer, legal suffix, configured list, sender,
context such as "my colleague Florence").

The smaller towns (``towns.txt.gz``: "Redfern", "Drumcondra") count only where the
words around them lead to a place (:func:`is_town`), since many share a firm's name.
Single words that are ordinary English words ("Reading", "Bath") are not in the lists.
``mailpub/data/regions.txt`` adds states, provinces, counties and regions the first list
lacks ("Minas Gerais", "Gauteng", "Kogi State", "Bình Dương"), written for mailpub.
Pure; each list is read once per process.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources

from mailpub.anonymize.lexicon import HONORIFICS, words
from mailpub.anonymize.text import Doc, Token, lowercase_style, phrase_key

__all__ = [
    "BEFORE_PLACE", "acronym_not_place", "after_place_word", "before_office_word",
    "before_place_name", "district_spans", "is_place",
    "is_town", "place_spans", "street_spans",
]  # fmt: skip

MAX_WORDS = 5
#: Words before a place and hardly ever before a person ("in Faisalabad", "near Joliet").
BEFORE_PLACE = frozenset(("in", "near", "around", "outside", "across", "throughout"))
#: "to"/"from" come before people too ("I spoke to Kofi"); after these words they lead to
#: a place ("moved to Joliet", "I'm from Kharkiv", "back to Cebu").
_MOVES = frozenset(
    words(
        """
    move moved moving moves relocate relocated relocating relocation back trip flew fly
    flying flight commute commuting drive drove driving transfer transferred posted
    emigrated immigrated originally m am is are was were come came comes coming hail
    hails way home return returned returning greetings hello hi writing born raised
        """
    )
)


@cache
def _places() -> frozenset[str]:
    data = (resources.files("mailpub") / "data" / "places.txt.gz").read_bytes()
    regions = (resources.files("mailpub") / "data" / "regions.txt").read_text(encoding="utf-8")
    return frozenset(gzip.decompress(data).decode("utf-8").splitlines()) | {
        " ".join(phrase_key(line))
        for line in regions.splitlines()
        if line.strip() and not line.startswith("#")
    }


@cache
def _towns() -> frozenset[str]:
    data = (resources.files("mailpub") / "data" / "towns.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").splitlines())


def is_place(norms: Sequence[str]) -> bool:
    """The folded words (``Token.norm``) are exactly a known place name."""
    return 0 < len(norms) <= MAX_WORDS and " ".join(norms) in _places()


def acronym_not_place(tokens: Sequence[Token]) -> bool:
    """One word in capitals with a vowel, three to five letters ("OISE", "UNA", "ITA"):
    an organisation's initials, not the place spelt with the same letters (the Oise
    département). A place's own abbreviation has none ("CDMX")."""
    if len(tokens) != 1:
        return False
    tok = tokens[0]
    return (
        tok.is_upper
        and tok.text.isalnum()
        and 3 <= len(tok.text) <= 5
        and any(c in "aeiou" for c in tok.norm)
    )


def is_town(norms: Sequence[str]) -> bool:
    """A known place, or a smaller town or city quarter ("Redfern", "Drumcondra").

    Small towns share their names with firms ("Alcoa", "Pemex" and "Monash" are towns
    too), so they count only where the words around them lead to a place ("an office in
    Redfern"), never as the sole reason to keep a word the model calls an organisation.
    """
    if not 0 < len(norms) <= MAX_WORDS:
        return False
    key = " ".join(norms)
    return key in _places() or key in _towns()


def after_place_word(doc: Doc, i: int, depth: int = 3) -> bool:
    """Token ``i`` follows words that lead to a place ("in Faisalabad", "moved to
    Joliet", "greetings from Ipoh"), not to a person ("I spoke to Kofi"), also as a later
    item of a list of places ("in Jumla and Surkhet", "in Gulu, Lira and Arua")."""
    toks = doc.tokens
    if i > 1 and toks[i - 1].norm == "the" and doc.word_gap(i - 1):
        i -= 1  # "in the Boland", "across the Midlands"
    if i == 0 or toks[i - 1].line != toks[i].line:
        return False
    gap = doc.gap(i - 1).strip()
    prev = toks[i - 1].norm
    if not gap and prev == "then" and i > 1 and toks[i - 2].norm in ("and", "or"):
        i -= 1  # "to Paris and then Jordan"
        prev = "and"
    if gap == "," or (not gap and prev in ("and", "or")):
        # a list item: look for the item before it and its own lead word
        k = i - 1 if gap == "," else i - 2
        if depth == 0 or k < 0 or not toks[k].is_cap:
            return False
        while k > 0 and toks[k - 1].is_cap and doc.word_gap(k - 1) and i - k < 5:
            k -= 1
        return after_place_word(doc, k, depth - 1)
    if gap:
        return False
    if prev in BEFORE_PLACE:
        return True
    if prev == "of" and i > 1 and toks[i - 2].norm == "out":
        return True  # "a dispatcher out of Joplin"
    if prev == "from" and i + 2 < len(toks) and toks[i + 1].norm == "to" and toks[i + 2].is_cap:
        return True  # "from Stockton to Modesto"
    if prev == "to" and i > 2 and toks[i - 2].is_cap and toks[i - 3].norm == "from":
        return True
    return prev in ("to", "from") and i > 1 and toks[i - 2].norm in _MOVES


def lone_city(doc: Doc, k: int, is_name: Callable[[str], bool]) -> bool:
    """Token ``k`` is a known city or country that is no one's name ("Kitwe",
    "Casablanca"), standing alone: no capitalised word beside it ("LC Waikiki", "the
    Norfolk and Norwich" may be firms) and not before "'s"."""
    toks = doc.tokens
    tok = toks[k]
    if not tok.is_cap or not is_place((tok.norm,)) or is_name(tok.norm):
        return False
    if k > 0 and toks[k - 1].line == tok.line and doc.gap(k - 1).strip() in ("", "&"):
        prev = toks[k - 1]
        if (prev.is_cap and not prev.initial) or prev.norm == "and":
            return False
    nxt = k + 1
    return not (
        nxt < len(toks) and (doc.possessive(nxt) or (doc.word_gap(k) and toks[nxt].is_cap))
    )


#: Nouns a place name stands before ("the Bentonville headquarters", "our Pune office").
OFFICE_WORDS = frozenset(
    words(
        """
        headquarters hq office offices campus site plant branch factory warehouse hub
        store depot mine refinery port airport
        """
    )
)


def before_office_word(doc: Doc, last: int) -> bool:
    """Token ``last`` ends a name followed by a place-of-work noun ("Bentonville
    headquarters", "the Midrand campus")."""
    nxt = last + 1
    toks = doc.tokens
    return nxt < len(toks) and doc.word_gap(last) and toks[nxt].norm in OFFICE_WORDS


def before_place_name(doc: Doc, last: int) -> bool:
    """Token ``last`` ends a name followed by a comma and a known place ("Lower Parel,
    Mumbai", "Gianyar, Bali"): a town and its city or region."""
    toks = doc.tokens
    nxt = last + 1
    if nxt >= len(toks) or doc.gap(last) != ", " or not toks[nxt].is_cap:
        return False
    if toks[nxt].line != toks[last].line:
        return False
    for end in range(min(len(toks), nxt + MAX_WORDS) - 1, nxt - 1, -1):
        if all(doc.word_gap(k) for k in range(nxt, end)) and is_place(
            [t.norm for t in toks[nxt : end + 1]]
        ):
            return True
    return False


#: Words before "in"/"near" that speak of where the reader lives ("living in Tallinn").
_HOME_WORDS = frozenset(
    words(
        """
        live lives living lived reside resides residing stay staying born raised up home
        house flat apartment rent renting settled
        """
    )
)


#: Words before "from" that say where the reader comes from ("I'm from Tallinn").
_FROM_HOME = frozenset(words("m am are is come comes came originally hail hails"))


def district_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of a quarter named in brackets right after a known city: "living in
    Rotterdam (Kralingen)", "I'm from Tallinn (Kalamaja, the hipster part)", "Tokyo
    (Futako-Tamagawa office)". Up to four capitalised words that close the bracket or stand
    before a comma, where the city is where the reader lives or comes from, or before a
    place-of-work noun. Never an acronym; "I'm in Dublin (Zentrix) now" may name a firm."""
    toks = doc.tokens
    out = []
    for k in range(1, len(toks)):
        if doc.gap(k - 1) != " (" or not toks[k].is_cap or toks[k].is_upper:
            continue
        home = None
        for first in range(max(0, k - MAX_WORDS), k):
            if all(doc.word_gap(m) for m in range(first, k - 1)) and is_place(
                [t.norm for t in toks[first:k]]
            ):
                home = _home_before(doc, first)
                break
        if home is None:
            continue
        last = k
        while (
            last + 1 < len(toks)
            and last - k < 3
            and (doc.word_gap(last) or doc.gap(last) == "-")
            and toks[last + 1].is_cap
        ):
            last += 1
        after = doc.gap(last).strip() if last + 1 < len(toks) else ")"
        office = (
            last + 1 < len(toks) and doc.word_gap(last) and toks[last + 1].norm in OFFICE_WORDS
        )
        if (home and after[:1] in (")", ",")) or office:
            out.append((toks[k].start, toks[last].end))
    return out


def _home_before(doc: Doc, first: int) -> bool:
    """The place at token ``first`` is where the reader lives or comes from ("living in
    Rotterdam", "I'm from Tallinn", "a flat near Leith")."""
    toks = doc.tokens
    p = first - 1
    if p < 0 or not doc.word_gap(p):
        return False
    if toks[p].norm == "from":  # "I'm from Tallinn"; not "I moved from Austin (Zentrix)"
        return p > 0 and doc.word_gap(p - 1) and toks[p - 1].norm in _FROM_HOME
    return (
        toks[p].norm in ("in", "near")
        and p > 0
        and doc.word_gap(p - 1)
        and toks[p - 1].norm in _HOME_WORDS
    )


def place_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges (first, last) of known places and towns of two words or more in the
    text ("Ho Chi Minh City", "Port Harcourt", "Bondi Junction"), longest first at each
    position."""
    toks = doc.tokens
    places, towns = _places(), _towns()
    out: list[tuple[int, int]] = []
    lower = lowercase_style(doc)  # "in port harcourt", "ho chi minh city" in lower case
    i = 0
    while i < len(toks):
        found = None
        if toks[i].is_cap or (lower and toks[i].text.islower()):
            for last in range(min(len(toks), i + MAX_WORDS) - 1, i, -1):
                if not all(doc.word_gap(k) or doc.gap(k) == "-" for k in range(i, last)):
                    continue
                key = " ".join(t.norm for t in toks[i : last + 1])
                if key in places or key in towns:
                    found = last
                    break
        if found is None:
            i += 1
        else:
            out.append((i, found))
            i = found + 1
    return out


#: The last word of a street, quarter or landscape name ("Colmore Row", "Hunter Valley").
STREET_WORDS = frozenset(
    words(
        """
        street road avenue row lane boulevard quay valley heights causeway wharf terrace
        crescent docklands quayside highway parkway way expressway marg salai square plaza
        """
    )
)


#: Street words that name neither a person nor a firm after a given name ("Kendall Square",
#: "Eyre Square", "Grace Avenue"; unlike "Tom Street" or "Spring Valley").
_SQUARE_WORDS = frozenset(words("square avenue boulevard quay terrace crescent wharf causeway"))
#: The first word of a street or base name ("Avenida Paulista", "Jalan Ampang", "Fort Hood").
_STREET_FIRST = frozenset(words("avenida rua calle jalan carrera calzada fort"))


def street_spans(doc: Doc, is_given_name: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Character spans of street and quarter names ("Barrow Street", "Colmore Row",
    "Hunter Valley"): one or two capitalised words before a street word. Not when they
    open with a title, nor when a given name stands before most street words ("Tom Street"
    may be a person, "Spring Valley" a firm; "Kendall Square" is a place)."""
    toks = doc.tokens
    out = []
    for k, tok in enumerate(toks):
        if tok.norm in _STREET_FIRST and tok.is_cap and k + 1 < len(toks) and toks[k + 1].is_cap:
            last = k + 1  # "Avenida Paulista", "Jalan Ampang", "Rua Augusta"
            if last + 1 < len(toks) and toks[last + 1].is_cap and doc.word_gap(last):
                last += 1
            if doc.word_gap(k):
                out.append((tok.start, toks[last].end))
            continue
        if tok.norm not in STREET_WORDS or not tok.is_cap or k == 0:
            continue
        first = k
        while first > 0 and k - first < 2 and toks[first - 1].is_cap and doc.word_gap(first - 1):
            if toks[first - 1].initial and toks[first - 1].norm in ("the", "a", "an", "at", "on"):
                break
            first -= 1
        if first == k:
            continue
        if k + 1 < len(toks) and toks[k + 1].is_cap and doc.word_gap(k):
            continue  # part of a longer name ("Antelope Valley Union High School District")
        titled = first > 0 and toks[first - 1].norm in HONORIFICS
        if titled or (is_given_name(toks[first].norm) and tok.norm not in _SQUARE_WORDS):
            continue  # "Tom Street" may be a person, "Spring Valley" a firm; "Kendall Square"
            # is a place
        out.append((toks[first].start, tok.end))
    return out

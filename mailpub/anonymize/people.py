"""People named in a letter: given names, surnames and the contexts that mark a person.

The NER model misses many people, most of all lone first names ("Raj said", "my cousin
marcus") and names from outside its training data ("Achieng", "Ji-woo"). This layer reads
the tokens with two bundled word lists (built by ``scripts/build_name_data.py``):

* ``names.txt.gz``: about 50,000 given names and surnames of 80-odd locales (from Faker);
* ``english.txt.gz``: about 64,000 ordinary English words (SCOWL), which tell the names
  that are also words ("Will", "Grace", "Mark", "Hope") from the ones that are not.

Rules (detector ``"names"``), over runs of name-like tokens on one line:

1. **Context**: a run right after a title ("Dr. Florence Adeyemi", "Mr. al-Hassan") or a
   relation word ("my boss Priya", "my colleague Achieng", "a recruiter named …"), or right
   before a speech verb ("Raj said", "Thao told me"), "from HR", or "'s wife" is a person,
   whatever words it holds, unless they are ordinary English words that are not names.
2. **Full names**: two to five capitalised words, at least one a given name, none an
   ordinary word that is not a name ("Jordan Reyes", "María José García López").
3. **Lone given names** that are not English words ("Kevin", "Agnieszka", "Lukas"), also in
   a letter written all in lower case ("kyle", "marcus").

Never a person: the author's names and ``anonymize.keep`` (``blocked``), places, months,
roles, tools and platforms, anything the model reads as a place, and single words the
model reads as an organisation or product (without context). Pure and total.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import resources

from mailpub.anonymize.entities import PLATFORMS, RELATIONS_ANY
from mailpub.anonymize.jargon import is_jargon
from mailpub.anonymize.lexicon import COMPANY_HEADS, HONORIFICS, is_stop, words
from mailpub.anonymize.ner import Entity
from mailpub.anonymize.places import (
    after_place_word,
    before_office_word,
    is_place,
    is_town,
    lone_city,
)
from mailpub.anonymize.text import Doc, Hit, Token, lowercase_style
from mailpub.anonymize.tools import in_tool_list, is_tool
from mailpub.anonymize.words import (
    COMMON,
    NAME_PARTICLES,
    NAME_TITLES,
    PLACES,
    SOFT_NAMES,
    STOP_CAPS,
)
from mailpub.model import RedactionKind

PERSON = RedactionKind.PERSON
DETECTOR = "names"
MAX_RUN = 5

TITLES = HONORIFICS | NAME_TITLES
#: Words right before a name that make it a person ("my manager Tom", "my cousin marcus").
RELATIONS = RELATIONS_ANY | frozenset(
    words(
        """
            mum teammate mentee report peer hrbp principal professor tutor advisor adviser
            counselor counsellor therapist coach client customer landlord doctor nurse lawyer
            grandmother grandfather grandma grandpa nephew niece spouse sibling ex skip-level
            ceo cto cfo coo vp founder cofounder
            siblings sisters brothers cousins colleagues coworkers co-workers friends kids
            children sons daughters teammates managers bosses reports mentees classmates
            roommates flatmates neighbours neighbors uncles aunts nieces nephews
            grandchildren twins mate mates buddy buddies pal pals bestie bff senior sunbae
            senpai
        """
    )
)
#: Nouns for people before "named"/"called" ("a guy named Tom", "an engineer called Li").
_PERSON_NOUNS = RELATIONS | frozenset(
    words(
        """
            guy man woman girl boy lady gentleman person someone somebody engineer developer
            analyst consultant candidate hire intern junior senior designer architect
            scientist officer
        """
    )
)
#: Words right after a name that make it a person ("Raj said", "Thao told me").
SPEECH = frozenset(
    words(
        """
            said says told tells asked asks thinks thought wants wanted replied wrote
            suggested suggests recommended insisted insists promised promises agreed
            mentioned warned explains explained reckons feels felt believes believed knows
            knew emailed texted messaged pinged laughed smiled admitted claims claimed
            hinted offered offers keeps kept sent
        """
    )
)
_FROM_TEAMS = frozenset(
    words(
        """
            hr accounting finance legal payroll recruiting marketing sales it ops
            procurement
        """
    )
)
_POSSESSED = RELATIONS | frozenset(["kids", "children", "baby", "desk"])
_PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))
_THING_LABELS = frozenset(("ORG", "PRODUCT", "NORP"))
_PARTICLES = NAME_PARTICLES | frozenset(("al", "el", "bin", "bint", "ibn", "abu", "ben", "mac"))
#: Irish surname particles, inside a lower-case name only ("saoirse ní bhriain").
_IRISH_PARTICLES = frozenset(("ni", "nic", "o", "ui", "mac", "mc"))


@cache
def _lines(name: str) -> tuple[str, ...]:
    data = (resources.files("mailpub") / "data" / name).read_bytes()
    return tuple(gzip.decompress(data).decode("utf-8").splitlines())


@cache
def _name_kinds() -> dict[str, str]:
    """Folded name -> its kinds: "g" (given), "s" (surname), both, and "p" for a given name
    that is mostly a place (see ``scripts/build_name_data.py``)."""
    return dict(line.split("\t", 1) for line in _lines("names.txt.gz"))


@cache
def given_names() -> frozenset[str]:
    return frozenset(n for n, kinds in _name_kinds().items() if "g" in kinds)


@cache
def surnames() -> frozenset[str]:
    return frozenset(n for n, kinds in _name_kinds().items() if "s" in kinds)


@cache
def place_names() -> frozenset[str]:
    """Given names that are mostly places ("tokyo", "miami", "mauritius"; not "victoria")."""
    return frozenset(n for n, kinds in _name_kinds().items() if "p" in kinds)


@cache
def english_words() -> frozenset[str]:
    return frozenset(_lines("english.txt.gz"))


def is_english(norm: str) -> bool:
    """An ordinary English word (names that are also words count: "will", "grace")."""
    return norm in english_words() or norm in COMMON


def is_name(norm: str) -> bool:
    return norm in given_names() or norm in surnames()


def person_hits(
    doc: Doc, ents: Iterable[Entity] = (), blocked: Iterable[str] = ()
) -> Iterator[Hit]:
    """Person hits from the name lists and their contexts (see the module docstring)."""
    toks = doc.tokens
    if not toks:
        return
    blocked_set = set(blocked)
    labels = _entity_labels(doc, ents)
    lower = lowercase_style(doc)
    found: list[tuple[int, int]] = []
    unsure: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        run = _run(doc, i, lower, blocked_set)
        if run is None:
            i += 1
            continue
        first, last = run
        while first < last and (
            (toks[first].initial and _opening_word(toks[first].norm))
            or toks[first].text in _CAPITAL_TITLES
        ):
            first += 1  # "Later Babajide agreed", "to Ate Joy": a first word that is no name
        greeting = first == last and (  # "Olá Boris," / "Oi Boris": a greeting before the
            # author's name; "Dear Pak Boris", "Chào anh Boris": a word of address
            (
                last + 1 < len(toks)
                and toks[last + 1].norm in blocked_set
                and (toks[first].initial or toks[first].norm in BEFORE_AUTHOR)
            )
            or (
                last + 2 < len(toks)
                and toks[last + 1].norm in BEFORE_AUTHOR
                and toks[last + 2].norm in blocked_set
                and toks[first].initial
            )
        )
        verdict = None if greeting else _is_person(doc, first, last, labels, lower)
        if verdict:
            # "Beng Huat": a soft name beside a found person is part of the name, and so is
            # a capitalised word glued by a hyphen ("Jan-Willem")
            while first > 0 and (
                (doc.name_gap(first - 1) and _soft(toks[first - 1], blocked_set))
                or (doc.gap(first - 1) == "-" and toks[first - 1].is_cap)
                or (doc.name_gap(first - 1) and toks[first - 1].text in _NICKNAME_WORDS)
            ):
                first -= 1  # and a nickname's adjective: "Big Kev", "Wee Davie"
            found.append((first, last))
            yield Hit(toks[first].start, toks[last].end, PERSON, verdict)
        else:
            unsure.append((first, last))
            if last - first >= 2 and len(toks[first].text) == 1:
                i = first + 1  # "a.D. Wolfgang Riedl": no name from "D", but one after it
                continue
        i = last + 1
    # "Yamaguchi-sensei", "Murakami-san", "Kim-ssi": a name before an honorific suffix
    for k in range(len(toks) - 1):
        tok = toks[k]
        if (
            tok.is_cap
            and not tok.is_upper
            and doc.gap(k) == "-"
            and toks[k + 1].norm in _HONORIFIC_SUFFIXES
            and toks[k + 1].text.islower()
            and tok.norm not in blocked_set
        ):
            yield Hit(tok.start, tok.end, PERSON, DETECTOR)
    # 'Jacqueline "Jax" Boone': a quoted nickname inside a found name, and the surname
    # after it ('Margaret "Mags" Kestrel', 'agnieszka "aga" zielińska')
    for first, last in found:
        k = last + 1
        if (
            k + 1 < len(toks)
            and _quoted_nickname(doc, k, lower)
            and _surname_after(doc, k + 1, lower)
        ):
            yield Hit(toks[k].start, toks[k].end, PERSON, DETECTOR)
            end = k + 1
            while (
                end + 1 < len(toks)
                and end < k + 3
                and doc.name_gap(end)
                and (_surname_after(doc, end + 1, lower))
            ):
                end += 1
            yield Hit(toks[k + 1].start, toks[end].end, PERSON, DETECTOR)
        k = first - 1
        if k > 0 and _quoted_nickname(doc, k, lower) and toks[k - 1].is_cap:
            yield Hit(toks[k].start, toks[k].end, PERSON, DETECTOR)
    # "my team: Bisi, Emeka and Zainab": an unknown capitalised word listed with people
    people = {k for first, last in found for k in (first, last)}
    for first, last in unsure:
        if _listed_with(doc, first, last, people) and _could_be_name(doc, first, last, labels):
            yield Hit(toks[first].start, toks[last].end, PERSON, DETECTOR)
    if lower:  # "my husband will says", "our daughter grace is starting grade 1"
        for k in range(1, len(toks) - 1):
            tok = toks[k]
            if (
                k not in people
                and tok.text.islower()
                and tok.norm in given_names()
                and tok.norm not in blocked_set
                and _after_family(doc, k)
                and doc.word_gap(k)
                and toks[k + 1].norm in _SUBJECT_VERBS
            ):
                yield Hit(tok.start, tok.end, PERSON, DETECTOR)
    for k, tok in enumerate(toks):  # "my analysts (Priya, Maya and Tom)": a soft name too
        soft = _soft(tok, blocked_set) or (  # "especially ravi and june" in a lower-case letter
            lower and tok.text.islower() and tok.norm in SOFT_NAMES and tok.norm not in blocked_set
        )
        if soft and k not in people and _listed_with(doc, k, k, people):
            yield Hit(tok.start, tok.end, PERSON, DETECTOR)


def _quoted_nickname(doc: Doc, k: int, lower: bool = False) -> bool:
    """Token ``k`` is one capitalised word (any word in a lower-case letter) in quotes
    between two words of a line."""
    toks = doc.tokens
    if k == 0 or toks[k - 1].line != toks[k].line:
        return False
    if not (toks[k].is_cap or (lower and toks[k].text.isalpha())):
        return False
    before, after = doc.gap(k - 1), doc.gap(k)
    return before.strip() in ('"', "“", "'", "‘", '("') and after.strip() in ('"', "”", "'", "’")


def _opening_word(norm: str) -> bool:
    """An English word that opens a sentence and is no one's name ("Later", "Yesterday")."""
    return (is_english(norm) or norm in COMMON) and not is_name(norm)


def _listed_with(doc: Doc, first: int, last: int, people: set[int]) -> bool:
    """The run is an item of a list ("A, B and C") next to an item found as a person."""
    before, after = first - 1, last + 1
    joined_before = before >= 0 and (
        doc.gap(before).strip() == ","
        or (doc.tokens[before].norm in ("and", "or") and before - 1 in people)
    )
    if joined_before and (before in people or before - 1 in people):
        return True
    toks = doc.tokens
    if after < len(toks) and doc.gap(last).strip() == "," and after in people:
        return True
    return after < len(toks) and toks[after].norm in ("and", "or") and after + 1 in people


def _a_tool(doc: Doc, run: Sequence[Token]) -> bool:
    """The words are a known tool and hold no given name: "Kali", "Tridium Niagara" are
    no person, "Maya" still can be."""
    return is_tool(doc.text[run[0].start : run[-1].end]) and not any(
        t.norm in given_names() for t in run
    )


def _could_be_name(doc: Doc, first: int, last: int, labels: Sequence[set[str]]) -> bool:
    run = doc.tokens[first : last + 1]
    if _a_tool(doc, run):
        return False
    covered = set().union(*(labels[k] for k in range(first, last + 1)))
    return (
        all(
            t.is_cap
            and (not is_english(t.norm) or (t.norm in given_names() and not t.initial))
            and (t.norm not in PLACES or t.norm in given_names())  # "our kids, Ana and Santiago"
            for t in run
        )
        and (
            not covered & _PLACE_LABELS
            or all(t.norm in given_names() and t.norm not in place_names() for t in run)
        )
        and not _known_place(doc, first, [t.norm for t in run])
    )


def _known_place(doc: Doc, first: int, norms: Sequence[str]) -> bool:
    """A known place ("Port Harcourt"; "in Faisalabad", "near Hamilton"): one word only
    after words that lead to a place, and not before "'s" ("in Jordan's team")."""
    if not is_place(norms):
        # a small town counts only where the words lead to a place ("in Drumcondra")
        return is_town(norms) and after_place_word(doc, first) and not doc.possessive(first + 1)
    if len(norms) > 1:
        return True
    if first > 1 and doc.gap(first - 1) == ", " and is_town((doc.tokens[first - 1].norm,)):
        return True  # "Redfern, Sydney": a town and its city
    nxt = first + 1
    if nxt < len(doc.tokens) and doc.possessive(nxt):
        return False  # "in Jordan's team"
    # "writing from Tamale": a known place that is no name also after a bare "from"/"to"
    bare = first > 0 and doc.tokens[first - 1].norm in ("from", "to") and not is_name(norms[0])
    # "Bentonville HQ"; a name only after a determiner ("their Stratford office", "the
    # Tema port": a site, not a person)
    office = before_office_word(doc, first) and (
        not is_name(norms[0])
        or (first > 0 and doc.tokens[first - 1].norm in ("the", "their", "our", "its"))
    )
    return bare or office or after_place_word(doc, first)


def _entity_labels(doc: Doc, ents: Iterable[Entity]) -> list[set[str]]:
    """The NER labels covering each token."""
    out: list[set[str]] = [set() for _ in doc.tokens]
    for ent in ents:
        k = doc.index_at(ent.start)
        while k < len(doc.tokens) and doc.tokens[k].start < ent.end:
            out[k].add(ent.label)
            k += 1
    return out


def _wordish(tok: Token) -> bool:
    return (tok.text.isalpha() and len(tok.text) >= 2) or (len(tok.text) == 1 and tok.is_cap)


def _excluded(tok: Token, blocked: set[str]) -> bool:
    norm = tok.norm
    return (
        norm in blocked
        or norm in STOP_CAPS
        or norm in TITLES
        or norm in COMPANY_HEADS
        or norm in PLATFORMS
        or (tok.is_upper and len(tok.text) > 1)
        or is_jargon(tok.text)  # "FedRAMP", "RevOps"
    )


_RUN_ON = frozenset(
    words(
        """
            im ive id ill dont cant wont isnt doesnt didnt wasnt werent arent hasnt havent
            hadnt couldnt wouldnt shouldnt youre youve youll theyre theyve thats whats
            theres heres hes shes lets its idk tbh ngl lol omg
        """
    )
)  # words written without their apostrophe in lower-case letters


def _lower_name(tok: Token) -> bool:
    norm = tok.norm
    return (
        tok.text.islower()
        and norm in given_names()
        and not is_english(norm)
        and norm not in _RUN_ON
        and len(norm) >= 3
    )


def _soft(tok: Token, blocked: set[str]) -> bool:
    """A capitalised word of the stop list that is also a person's name ("Julia" and
    "Claude" are also a language and a chatbot, "Tatenda" and "Asante" also say thanks,
    "Jun" and "April" are also months; :data:`SOFT_NAMES`): a name only beside another
    name, after a title or relation word, or listed with people."""
    return tok.is_cap and not tok.is_upper and tok.norm in SOFT_NAMES and tok.norm not in blocked


def _name_token(
    tok: Token, lower: bool, blocked: set[str], after_relation: bool = False, soft: bool = False
) -> bool:
    """``soft``: also a word of the stop list that is a name (see :func:`_soft`)."""
    if soft and _soft(tok, blocked):
        return True
    if not _wordish(tok) or _excluded(tok, blocked):
        return False
    if tok.is_cap:
        return True
    if lower and _lower_name(tok):
        return True
    # "my line manager funmi": any lower-case word that is not English, after a relation
    # word, or a given name that is no common word ("my friend ana", not "my boss will")
    text = tok.text
    return (
        after_relation
        and text.islower()
        and len(text) >= 3
        and (
            not is_english(tok.norm)
            or (tok.norm in given_names() and tok.norm not in COMMON and tok.norm not in _VERBISH)
        )
        and tok.norm not in _RUN_ON
    )


#: Given names that are also words a relation word is often followed by ("my boss will").
_VERBISH = frozenset(
    words(
        """
        will may can did does has had was said says told asked bill mark rob pat sue june
        rose hope joy faith grace chase hunter summer dawn april august major earl king
        """
    )
)


def _surname_after(doc: Doc, k: int, lower: bool) -> bool:
    """Token ``k`` can be the surname after a quoted nickname: a capitalised word of the
    same line that is no common word, or in a lower-case letter a word that is no English."""
    tok = doc.tokens[k]
    if tok.line != doc.tokens[k - 1].line or not tok.text[:1].isalpha():
        return False
    if tok.is_cap:
        return tok.norm not in COMMON and not is_stop(tok.norm)
    return lower and (_lower_surname(tok) or _odd_lower(tok))


def _lower_surname(tok: Token) -> bool:
    """A lower-case surname after a lower-case first name ("ngozi okeke")."""
    return (
        tok.text.islower()
        and tok.norm in surnames()
        and not is_english(tok.norm)
        and tok.norm not in _RUN_ON
    )


#: Lower-case job words that are also given names ("a senior dev", "backend dev").
_JOB_SLANG = frozenset(words("dev devs"))
_JOB_MODIFIERS = frozenset(
    words(
        """
        a an as senior junior lead staff principal backend back-end frontend front-end
        fullstack full-stack web mobile game software java python ios android solo indie
        """
    )
)


def _job_slang(doc: Doc, k: int) -> bool:
    toks = doc.tokens
    return (
        toks[k].norm in _JOB_SLANG
        and toks[k].text.islower()
        and k > 0
        and toks[k - 1].norm in _JOB_MODIFIERS
        and doc.word_gap(k - 1)
    )


#: Words of address before the author's name ("Chào anh Boris", "Pak Boris", "Kuya Boris").
BEFORE_AUTHOR = frozenset(
    words(
        """
        chao xin anh chi em pak bu ibu bapak kak mas mbak sir bro kuya ate sayin
        """
    )
)


def _odd_lower(tok: Token) -> bool:
    """A lower-case word that is no English or common word, town, tool or jargon
    ("janusz pilecki", "saoirse ní bhriain"): after a lower-case given name, its surname."""
    norm = tok.norm
    return (
        tok.text.islower()
        and len(norm) >= 3
        and not is_english(norm)
        and norm not in COMMON
        and norm not in _RUN_ON
        and not is_town((norm,))
        and not is_tool(tok.text)
        and not is_jargon(tok.text)
    )


def _run(doc: Doc, i: int, lower: bool, blocked: set[str]) -> tuple[int, int] | None:
    """The longest run of name tokens starting at ``i`` (particles inside allowed)."""
    toks = doc.tokens
    k = i
    if _job_slang(doc, k):
        return None
    if toks[k].norm in _PARTICLES and toks[k].text.islower():
        # "al-Hassan", "van der Berg": a leading particle joined to a capitalised name
        j = k
        while j < len(toks) and toks[j].norm in _PARTICLES and doc.name_gap(j):
            j += 1
        if (
            j >= len(toks)
            or j == k
            or not toks[j].is_cap
            or not _name_token(toks[j], lower, blocked)
        ):
            return None if not _name_token(toks[k], lower, blocked) else (k, k)
    elif _soft(toks[k], blocked):
        # "my wife Tatenda", "Claude Martin": a soft name after a relation word or title,
        # or before a name that is no word
        nxt_name = (
            k + 1 < len(toks)
            and doc.name_gap(k)
            and toks[k + 1].is_cap
            and _name_token(toks[k + 1], lower, blocked)
            and is_name(toks[k + 1].norm)
            and not is_english(toks[k + 1].norm)
        )
        if not (_after_relation(doc, k) or nxt_name):
            return None
    elif not _name_token(toks[k], lower, blocked, _after_relation(doc, k)):
        return None
    last = k
    j = k
    while j + 1 < len(toks) and j - k + 1 < MAX_RUN and doc.name_gap(j):
        nxt = toks[j + 1]
        soft = toks[j].is_cap and not is_english(toks[j].norm)  # not "Merry Christmas"
        joins = _name_token(nxt, lower, blocked, soft=soft) and (nxt.is_cap or not toks[k].is_cap)
        if not joins and soft and _worded_name(doc, j + 1, blocked):
            joins = True  # "Khin May", "Ana Grace": a given name that is also a word
        if not joins and nxt.is_cap and _hyphen_name(doc, j + 1):
            joins = True  # "Lee Jun-ho": "Jun" is also a month, but not before "-ho"
        if joins or (
            toks[k].text.islower()
            and _wordish(nxt)
            and (_lower_surname(nxt) or (j == k and is_name(toks[k].norm) and _odd_lower(nxt)))
        ):
            j += 1
            last = j
        elif (
            j == k
            and toks[k].text.islower()
            and is_name(toks[k].norm)
            and nxt.norm in _IRISH_PARTICLES
            and j + 2 < len(toks)
            and doc.name_gap(j + 1)
            and _odd_lower(toks[j + 2])
        ):
            j += 2  # "saoirse ní bhriain": the particle and the surname
            last = j
        elif (
            doc.gap(j) == "-"
            and nxt.text.isalpha()
            and (nxt.text.islower() or nxt.is_cap)
            and toks[j].is_cap
        ):
            j += 1  # "Dong-hyun", "Jean-luc", "Marie-Ève" (Eve is also a word)
            last = j
        elif nxt.norm in _PARTICLES and nxt.text.islower():
            j += 1  # kept only if a name follows
        else:
            break
    return k, last


def _worded_name(doc: Doc, i: int, blocked: set[str]) -> bool:
    """Token ``i`` is a capitalised given name that is also a word or a month ("May",
    "Grace"), not before a number ("Kofi May 3rd")."""
    toks = doc.tokens
    tok = toks[i]
    if not tok.is_cap or tok.is_upper or tok.norm in blocked or tok.norm not in given_names():
        return False
    return not (i + 1 < len(toks) and toks[i + 1].text[:1].isdigit())


def _hyphen_name(doc: Doc, i: int) -> bool:
    """Token ``i`` opens a hyphenated given name ("Jun-ho", "Min-jae")."""
    toks = doc.tokens
    if i + 1 >= len(toks) or doc.gap(i) != "-" or not toks[i + 1].text.islower():
        return False
    return is_name(toks[i].norm + toks[i + 1].norm)


def _after_relation(doc: Doc, i: int) -> bool:
    """Token ``i`` follows a relation word ("my friend ana", "my cousin marcus")."""
    p = i - 1
    toks = doc.tokens
    if p >= 0 and toks[p].norm in ("senior", "junior"):  # "my senior ana", not "a senior dev"
        return p > 0 and toks[p - 1].norm in ("my", "our", "his", "her", "their")
    return (
        p >= 0
        and (toks[p].norm in RELATIONS or toks[p].norm in TITLES)
        and doc.gap(p).strip() in ("", ",", ".")
        and toks[p].line == toks[i].line
    )


def _context(doc: Doc, first: int, last: int) -> bool:
    """A title or relation word before the run, or a speech verb (etc.) after it."""
    toks = doc.tokens
    p = first - 1
    if p >= 0 and doc.gap(p).strip() in ("", ",", ".", "(") and toks[p].line == toks[first].line:
        prev = toks[p]
        if prev.norm in TITLES or prev.norm in RELATIONS or _maam(doc, p):
            return True
        if prev.text in _CAPITAL_TITLES:  # "Ate Joy", "Kuya Ben": only capitalised
            return True
        if prev.norm == "mine" and p >= 2 and toks[p - 1].norm == "of":
            return toks[p - 2].norm in RELATIONS  # "a pal of mine, Big Tam"
        if prev.norm in ("named", "called") and any(
            toks[q].norm in _PERSON_NOUNS for q in range(max(0, p - 3), p)
        ):
            return True
    n = last + 1
    if n < len(toks) and toks[n].line == toks[last].line:
        nxt = toks[n]
        if doc.possessive(n):
            return n + 1 < len(toks) and toks[n + 1].norm in _POSSESSED
        if nxt.norm in SPEECH and doc.gap(last).strip(" ,") == "":
            # "works at Xero in Wellington, says …", "a startup from Miami wants me": the
            # speaker is someone before the place
            return not (
                p >= 0
                and toks[p].norm in _PLACE_BEFORE
                and doc.word_gap(p)
                and not _found_in(doc, first)
            )
        if nxt.norm == "from" and n + 1 < len(toks) and toks[n + 1].norm in _FROM_TEAMS:
            return True
    return False


#: Verbs after a relative's name that is also a word ("my mom hope says", "our daughter
#: grace is"): the word is the subject, so the name.
_SUBJECT_VERBS = SPEECH | frozenset(
    words("is was has had works worked lives lived loves hates got gets started starts")
)
#: Honorifics written after a name with a hyphen (Japanese, Korean, Hindi).
_HONORIFIC_SUFFIXES = frozenset(
    words("san sama sensei senpai sempai kun chan dono shi ssi nim ji jee sahib saab")
)
_FAMILY = frozenset(
    words(
        """
        wife husband son daughter sister brother mother father mum mom dad niece nephew
        cousin grandson granddaughter grandmother grandfather fiance fiancee boyfriend
        girlfriend stepson stepdaughter gf bf hubby
        """
    )
)


def _after_family(doc: Doc, first: int) -> bool:
    """Token ``first`` follows "my/our/his/her <relative>" directly ("my wife Lovely")."""
    toks = doc.tokens
    return (
        first > 1
        and toks[first - 1].norm in _FAMILY
        and toks[first - 2].norm in ("my", "our", "his", "her", "their")
        and doc.gap(first - 1) == " "
    )


#: Capitalised words that open a nickname ("Big Kev", "Wee Davie", "Lil Jay").
_NICKNAME_WORDS = frozenset(("Big", "Little", "Lil", "Wee", "Old", "Young", "Fat", "Tall"))
#: Titles that are also English words, so they count only capitalised before a name
#: (Filipino "Ate", "Kuya", "Tita", "Tito", "Lola", "Lolo", "Manang", "Manong").
_CAPITAL_TITLES = frozenset(
    (
        "Ate", "Kuya", "Tita", "Tito", "Lola", "Lolo", "Manang", "Manong",
        # titles of office before a name ("Matron Folake Adeyemi", "Pastor Ade Bello")
        # ("Professor", "Rev" and the like are in TITLES, which no name run holds)
        "Matron", "Sister", "Nurse", "Pastor", "Reverend", "Imam", "Rabbi",
        "Captain", "Capt", "Sergeant", "Sgt", "Lieutenant", "Lt", "Colonel", "Col",
        "Inspector", "Constable", "Judge", "Justice", "Coach", "Doctor",
        "Engineer", "Barrister", "Chef", "Auntie", "Aunty", "Uncle",
    )
)  # fmt: skip


def _maam(doc: Doc, p: int) -> bool:
    """Tokens ``p - 1``, ``p`` spell "Ma'am", a title before a name ("Ma'am Joy")."""
    toks = doc.tokens
    return (
        toks[p].norm == "am"
        and p > 0
        and toks[p - 1].norm == "ma"
        and doc.gap(p - 1) in ("'", "’")
        and toks[p - 1].is_cap
    )


def _set_off(doc: Doc, first: int, last: int) -> bool:
    """The run stands between commas (or a comma and a full stop) after its context word,
    mid-sentence and capitalised: "my senior, Lee Jun-ho sunbae, told me"."""
    toks = doc.tokens
    if first == 0 or doc.gap(first - 1).strip() != "," or not toks[first].is_cap:
        return False
    return last + 1 >= len(toks) or doc.gap(last).strip() in (",", ".", ")", "")


#: Words before a place, not before a speaker ("in Wellington, says …").
_PLACE_BEFORE = frozenset(("in", "near", "outside", "around", "from"))
#: Words before "in" that lead to a person ("found a mentor in Ravi Kumar").
_IN_PERSON = frozenset(
    words(
        """
        mentor mentors friend friends ally allies champion sponsor advocate confided confide
        believe believed believes interested interest
        """
    )
)


def _found_in(doc: Doc, first: int) -> bool:
    """The word before the "in" at ``first - 1`` (or before "is"/"was" there) leads to a
    person ("a mentor in Amaka Obi", "my mentor is in Tom Becker")."""
    toks = doc.tokens
    k = first - 2
    if k > 0 and toks[k].norm in ("is", "was", "are", "were"):
        k -= 1
    return k >= 0 and toks[k].norm in _IN_PERSON


def _is_person(
    doc: Doc, first: int, last: int, labels: Sequence[set[str]], lower: bool
) -> str | None:
    """The detector to report when the run is a person ("names"; "ner" when only the
    model's reading makes it one), else None."""
    toks = doc.tokens
    run = [
        t
        for k, t in enumerate(toks[first : last + 1], first)
        if not (t.norm in _PARTICLES and t.text.islower())
        and not (k > first and t.text.islower() and doc.gap(k - 1) == "-")
    ]
    if not run:
        return None
    if _a_tool(doc, run):
        return None
    if in_tool_list(doc, first, last) and not _context(doc, first, last):
        return None  # "I use Jira, Gerrit and Jenkins"
    covered = set().union(*(labels[k] for k in range(first, last + 1)))
    told_person = "PERSON" in covered
    words = [t.norm for t in run]
    # "Min-jae", "Seo-yeon": a capitalised part joined to a lower-case name part is a name
    joined = {
        toks[k].norm
        for k in range(first, last)
        if doc.gap(k) == "-"
        and toks[k + 1].text.islower()
        and (is_name(toks[k + 1].norm) or is_name(toks[k].norm + toks[k + 1].norm))
    }
    in_places = all(w in PLACES for w in words)
    known_place = _known_place(doc, first, words) or (
        # the whole run, particles too, where the words lead to a place: "greetings from
        # Playa del Carmen"
        len(run) < last - first + 1
        and after_place_word(doc, first)
        and is_place([t.norm for t in toks[first : last + 1]])
    )
    # The model takes many foreign given names for places ("Aisha", "Karim"): its place
    # reading counts against a known given name only when the place list agrees.
    after_in = first > 0 and toks[first - 1].norm in ("in", "near", "outside", "around")
    model_place = bool(covered & _PLACE_LABELS) and (
        after_in
        or not (len(run) == 1 and run[0].norm in given_names() and not is_english(run[0].norm))
        or (len(run) == 1 and run[0].norm in place_names())  # "Tokyo", "Miami"
    )
    found_in = _found_in(doc, first)
    if found_in:
        model_place = False  # "I found a mentor in Amaka Obi": a person, whatever the model says
    place = in_places or (model_place and not told_person)
    thing = bool(covered & _THING_LABELS) and not told_person
    if len(run) == 1 and all(
        w in given_names() and not is_english(w) and w not in PLACES for w in words
    ):
        thing = False  # "Priya" read as a nationality, "Ama" as a firm: a known name
    plain = [w for w in words if is_english(w) and not is_name(w) and w not in joined]
    if _context(doc, first, last):  # "Austin says", "my colleague Sydney": a person
        if _after_family(doc, first) and all(t.is_cap and not t.initial for t in run):
            return DETECTOR  # "my wife Lovely", "my son Will": a relative's name
        if lower and _after_family(doc, first) and all(w in given_names() for w in words):
            return DETECTOR  # "my gf angel" in a letter written in lower case
        named = any(w in given_names() or w in joined for w in words)
        if known_place:  # "Accenture in Taguig offered me …"
            return None
        if told_person and all(t.is_cap and not t.initial for t in run):
            return DETECTOR  # "my friend Mint", "Daw Khin Mar Aye": context and model agree
        if plain and _set_off(doc, first, last) and not any(w in COMMON for w in words):
            return DETECTOR  # "a friend of mine, Ploy, left": a rare word set off by commas
        # the model's place reading does not outweigh the context ("my siblings, Ssebunya")
        return DETECTOR if not plain and (named or not in_places) else None
    if known_place:  # without context, a known place is not taken for a name
        return None
    if len(run) == 1 and run[0].norm not in given_names() and after_place_word(doc, first):
        return None  # "our field team in Jumla and Surkhet": an unknown word after "in"
    if plain or (all(t.title_line for t in run) and not told_person):
        return None
    owner = doc.possessive(last + 1) or doc.gap(last)[:1] in ("'", "’")  # "Jones' team"
    if after_in and not owner and not found_in:
        return None  # "a flat in Al Qusais", "a school in Al Barsha", "in Roma Norte"
    given = [w for w in words if w in given_names() or w in joined]
    if len(run) >= 2:
        ok = bool(given) and not place and not (thing and all(is_english(w) for w in words))
        return DETECTOR if ok else None
    (tok,) = run
    if place or thing or tok.norm not in given_names() or is_english(tok.norm):
        city = lone_city(doc, first, is_name)  # "Kitwe": no one's name
        return "ner" if told_person and not is_english(tok.norm) and not city else None
    if len(tok.text) < 3:
        return None
    return DETECTOR if tok.is_cap or lower else None

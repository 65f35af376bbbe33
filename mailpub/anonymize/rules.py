"""Rule-based company (and a few person) detectors over a tokenized :class:`Doc`.

Each detector returns :class:`Hit` spans; it never raises on any input. Detector
names: "gazetteer", "legal-suffix", "cue", "acronym" (companies) and "cue"
(persons named after "my name is" / "my manager …").

* gazetteer: bundled well-known employers (:mod:`mailpub.anonymize.gazetteer`);
* legal-suffix: capitalised words before Inc/Ltd/GmbH/S.A.R.L./Group/"& Sons"…,
  before a company head noun (Labs, Analytics, Health …) when one word is
  distinctive, and "X & Y" firm names;
* cue: a capitalised name after an employment cue (at, for, with, from, joined,
  left, offer from, called …) with list continuation ("Spotify, Klarna and
  N26"); after a strong cue ("work at", "joined", "offer from") also an
  unknown lower-case word ("i work at accenture"); before a right-hand cue
  ("Brex offered me", "Criteo was bought", "Typeform's new CTO");
* acronym: 2–5 capitals after a cue ("at KPMG"), minus roles/degrees/tech.
"""

from __future__ import annotations

from collections.abc import Iterator

from mailpub.anonymize.gazetteer import Form, Gazetteer, written_as
from mailpub.anonymize.jargon import is_jargon
from mailpub.anonymize.lexicon import (
    ADJECTIVES,
    ADVERBS,
    COMPANY_HEADS,
    CUE_FIRSTS,
    CUE_LASTS,
    CUE_MAX,
    CUES,
    FAMILY,
    HONORIFICS,
    JOB_NOUNS,
    JOB_TITLE_ENDS,
    LOWER_NAMING,
    POSSESSED,
    RIGHT_CUES,
    RIGHT_FIRSTS,
    ROMAN,
    SUFFIX_FIRSTS,
    SUFFIX_MAX,
    SUFFIXES,
    SUFFIXES_SINGLE,
    TLDS,
    Strength,
    is_job_title,
    is_stop,
    is_unknown_word,
    suffix_case_ok,
    trailing,
    words,
)
from mailpub.anonymize.places import (
    acronym_not_place,
    before_office_word,
    before_place_name,
    is_place,
    is_town,
)
from mailpub.anonymize.text import Doc, Hit, Token, lowercase_style
from mailpub.anonymize.tools import is_tool
from mailpub.anonymize.words import COMMON, FIRST_NAMES, NAME_PARTICLES
from mailpub.model import RedactionKind

COMPANY = RedactionKind.COMPANY
PERSON = RedactionKind.PERSON


class Detectors:
    """Company and person detectors bound to one gazetteer."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz

    # -- gazetteer ---------------------------------------------------------------------
    def gazetteer(self, doc: Doc, boost: frozenset[str] | set[str] = frozenset()) -> Iterator[Hit]:
        """Known companies; ``boost`` keys (the sender's own company) need no cue and are
        reported by "sender-domain" as well."""
        lower = lowercase_style(doc)
        for first, last, payloads in self.gaz.index.scan(doc):
            text = doc.span_text(first, last)
            if text.isupper() and _code_follows(doc, last) and not _employer_cue(doc, first):
                continue  # "a GS-13", "an EB-3 visa": a grade or form code, not a ticker
            for form in payloads:
                assert isinstance(form, Form)
                if not written_as(text, form.case) and not (
                    # "i work at tcs", "a recruiter from capital one": a writer who never
                    # capitalises names the company after a cue
                    lower
                    and text.islower()
                    and (_employer_cue(doc, first) or product_cue(doc, first, last))
                ):
                    continue
                boosted = form.key in boost
                if (
                    form.cue_only
                    and not boosted
                    and not _employer_cue(doc, first)
                    and not product_cue(doc, first, last)
                ):
                    continue
                start = doc.tokens[first].start
                end = doc.tokens[_product_end(doc, last)].end
                yield Hit(start, end, COMPANY, "gazetteer", form.key)
                if boosted:
                    yield Hit(start, end, COMPANY, "sender-domain", form.key)
                break

    # -- legal suffix --------------------------------------------------------------------
    def legal_suffix(self, doc: Doc) -> Iterator[Hit]:
        toks = doc.tokens
        i = 0
        while i < len(toks):
            end = self._suffix_at(doc, i)
            if end is None:
                end = i if toks[i].norm in COMPANY_HEADS and toks[i].is_cap else None
                weak = True
            else:
                weak = False
            if end is None:
                i += 1
                continue
            while (more := self._suffix_at(doc, end + 1)) is not None and doc.name_gap(end):
                end = more
            first = self._walk_back(doc, i)
            if first is not None and first < i:
                content = [t.norm for t in toks[first:i] if _is_content(t)]
                surface = doc.text[toks[first].start : toks[end].end]
                if (
                    content
                    and (not weak or any(_distinctive(n) for n in content))
                    and not all(is_stop(n) for n in content)
                    and not is_jargon(surface)  # "B.Tech"
                    and toks[end].norm not in JOB_TITLE_ENDS  # "Safety Policy Specialist"
                    and not (weak and _title_follows(doc, end))  # "Claims Analytics Lead"
                ):
                    yield Hit(toks[first].start, _end_with_dot(doc, end), COMPANY, "legal-suffix")
            i = end + 1
        yield from self._ampersand_names(doc)
        yield from _public_bodies(doc)

    def _suffix_at(self, doc: Doc, i: int) -> int | None:
        toks = doc.tokens
        if i >= len(toks) or toks[i].norm not in SUFFIX_FIRSTS:
            return None
        for size in range(min(SUFFIX_MAX, len(toks) - i), 0, -1):
            if size > 1 and not all(doc.name_gap(k) for k in range(i, i + size - 1)):
                continue
            specs = SUFFIXES.get(tuple(t.norm for t in toks[i : i + size]))
            if not specs:
                continue
            for spec in specs:
                if all(
                    suffix_case_ok(t.text, s) for t, s in zip(toks[i : i + size], spec, strict=True)
                ):
                    return i + size - 1
        return None

    def _walk_back(self, doc: Doc, i: int, *, tight: bool = True) -> int | None:
        """First token of the name that ends right before token ``i`` (or None).

        ``tight``: the name must touch token ``i`` ("Acme Corp"); otherwise any gap.
        """
        toks = doc.tokens
        first: int | None = None
        k = i - 1
        while k >= 0 and i - k <= 7 and (doc.name_gap(k) or (not tight and k == i - 1)):
            tok = toks[k]
            if _name_like(tok) or (
                first is not None and (tok.norm in NAME_PARTICLES or tok.norm == "&")
            ):
                first = k
            else:
                break
            if tok.initial:
                break
            k -= 1
        if first is None:
            return None
        # drop leading role words and a sentence-initial ordinary word ("Since Acme Corp")
        while first < i and (
            is_stop(toks[first].norm)
            or toks[first].norm == "&"
            or (toks[first].initial and toks[first].norm in COMMON)
        ):
            first += 1
        return first if first < i else None

    def _ampersand_names(self, doc: Doc) -> Iterator[Hit]:
        toks = doc.tokens
        for k, tok in enumerate(toks):
            if tok.norm != "&" or k == 0 or k + 1 >= len(toks):
                continue
            if not (doc.name_gap(k - 1) and doc.name_gap(k)):
                continue
            if self._suffix_at(doc, k) is not None:
                continue
            left = self._walk_back(doc, k)
            right = _run_forward(doc, k + 1)
            if left is None or right is None:
                continue
            content = [t for t in toks[left : right + 1] if _is_content(t)]
            if not any(len(t.norm) >= 3 and _distinctive(t.norm) for t in content):
                continue
            if all(t.norm in FIRST_NAMES for t in content):
                continue
            if is_jargon(doc.text[toks[left].start : toks[right].end]):
                continue  # "P&L", "POA&M", "M&E"
            yield Hit(toks[left].start, toks[right].end, COMPANY, "legal-suffix")

    # -- cues --------------------------------------------------------------------------
    def cues(self, doc: Doc) -> Iterator[Hit]:
        toks = doc.tokens
        lower = lowercase_style(doc)
        for i in range(len(toks)):
            found = _cue_at(doc, i)
            if found is None:
                continue
            end, strength = found
            start = end + 1
            if strength == "naming" and doc.gap(end).strip() == "," and start < len(toks):
                pass  # "my employer, Hargrove & Sons Ltd."
            elif not (doc.word_gap(end) or (toks[end].norm == "ex" and doc.gap(end) == "-")):
                continue
            if start < len(toks) and toks[start].norm == "the" and doc.word_gap(start):
                start += 1
                strength = "weak" if strength == "strong" else strength  # "at the <lower>"
            phrase = tuple(t.norm for t in toks[i : end + 1])
            place_cue = phrase in _PLACE_CUES and not (phrase == ("at",) and strength != "weak")
            towns = phrase in _TOWN_CUES
            yield from self._list_items(
                doc, start, strength, toks[end].norm, lower, place_cue, towns=towns,
                study=phrase in _STUDY_CUES,
            )
        yield from self._right_cues(doc)
        yield from self._appositives(doc)
        yield from self._before_job_nouns(doc)

    def _before_job_nouns(self, doc: Doc) -> Iterator[Hit]:
        """An unknown capitalised name between "the", "my", "our" … and a job noun: "the
        Brightline offer", "my Vantora contract", "the Zentrix interview". Not English
        words, people's names, places, tools or jargon ("the Kestrel role", "the Python
        role", "the Toronto job" stay)."""
        from mailpub.anonymize.people import is_english, is_name

        toks = doc.tokens
        for j in range(2, len(toks)):
            if toks[j].norm not in JOB_NOUNS or not doc.word_gap(j - 1):
                continue
            last = j - 1
            if not (toks[last].is_cap or toks[last].is_mixed) or toks[last].is_upper:
                continue
            first = last
            while (
                first - 1 > 0
                and last - first < 2
                and doc.word_gap(first - 1)
                and (toks[first - 1].is_cap or toks[first - 1].is_mixed)
                and toks[first - 1].norm not in _DETERMINERS
            ):
                first -= 1
            det = toks[first - 1]
            if det.norm not in _DETERMINERS or not doc.word_gap(first - 1):
                continue
            run = toks[first : last + 1]
            surface = doc.text[run[0].start : run[-1].end]
            if any(is_english(t.norm) or is_name(t.norm) or t.title_line for t in run):
                continue
            if is_place([t.norm for t in run]) or is_tool(surface) or is_jargon(surface):
                continue
            yield Hit(run[0].start, run[-1].end, COMPANY, "cue")

    def _appositives(self, doc: Doc) -> Iterator[Hit]:
        """A name described as an organisation right after it: "Tabby, a fintech in Dubai,
        offered me …", "I joined Kestrel, a small consultancy"."""
        toks = doc.tokens
        for j in range(1, len(toks) - 2):
            if toks[j].norm not in ("a", "an", "the") or doc.gap(j - 1).strip() != ",":
                continue
            k = j + 1
            # up to four words before the noun, hyphenated ones too ("the cow-collar startup")
            while k < len(toks) and k <= j + 5 and toks[k].norm not in ORG_NOUNS:
                glued = doc.word_gap(k - 1) or (k > j + 1 and doc.gap(k - 1) == "-")
                if not glued or toks[k].line != toks[j].line:
                    break
                k += 1
            if k >= len(toks) or toks[k].norm not in ORG_NOUNS or not doc.word_gap(k - 1):
                continue
            first = self._walk_back(doc, j, tight=False)
            if first is None:
                continue
            run = toks[first:j]
            content = [t for t in run if _is_content(t)]
            if not content or not any(_distinctive(t.norm) for t in content):
                continue
            if len(content) == 1 and content[0].norm in FIRST_NAMES:
                continue
            if is_place([t.norm for t in run]):
                continue
            yield Hit(run[0].start, run[-1].end, COMPANY, "cue")

    def _list_items(
        self,
        doc: Doc,
        start: int,
        strength: Strength,
        cue: str,
        lower_style: bool = False,
        place_cue: bool = False,
        *,
        towns: bool = False,
        study: bool = False,
    ) -> Iterator[Hit]:
        """Names after a cue, continuing over ", " / "and" / "or" lists and "from X to Y".

        ``study``: the cue says where the reader studied ("a degree at", "trained at"), so
        a city there is its university ("a history degree at Sheffield")."""
        toks = doc.tokens
        pos = start
        in_list = after_place = prev_known = False
        for _ in range(8):
            if pos >= len(toks) or toks[pos].line != toks[start].line:
                return
            # a writer who never capitalises names companies in lower case after any cue
            lower = strength == "strong" or cue in LOWER_NAMING or lower_style
            last = _run_forward(doc, pos, lower=lower)
            if last is None:
                return
            run = toks[pos : last + 1]
            end = _end_with_dot(doc, last)
            place_list = False
            if run[0].norm in HONORIFICS and len(run) > 1:  # "with Dr. Smith": a person
                yield Hit(run[0].start, end, PERSON, "cue")
                accepted = False
            else:
                accepted = _accept(run, strength, in_list=in_list, lower_style=lower_style)
                norms = [t.norm for t in run]
                if (
                    study
                    and not accepted
                    and run[0].is_cap
                    and is_place(norms)
                    and not before_office_word(doc, last)  # "training at Mysuru campus"
                ):
                    accepted = True  # "trained at Aberdeen", "an MBA at Warwick"
                site = before_office_word(doc, last)  # "the Bellville branch"
                known = (
                    is_town(norms)
                    if towns or site or before_place_name(doc, last)
                    else is_place(norms)
                )
                if acronym_not_place(run):
                    known = False  # "a B.Ed. from OISE"; "from CDMX" is still the place
                if known and site and toks[pos - 1].norm == "the":
                    accepted = False  # "I work at the Clifton branch": a site, not a firm
                if strength == "weak" and len(run) > 1 and known and prev_known:
                    accepted = False  # "cargo for Uganda and South Sudan"
                prev_known = known
                # a list that began with a known place goes on with places ("from Chengdu,
                # Sichuan", "in Kumasi and Bonwire")
                place_list = place_cue and known
                accepted = accepted and not (place_cue and (known or after_place))
                accepted = accepted and not _generic(doc, pos, last)
                surface = doc.text[run[0].start : run[-1].end]
                employer_word = cue in ("at", "for", "from")  # "an engineer at Workiva"
                if strength == "weak" and (
                    is_jargon(surface) or (is_tool(surface) and not employer_word)
                ):
                    accepted = False  # "registered for GST", "home labs with Splunk"
                if strength == "weak" and len(run) == 1 and _acronym(run[0]):
                    # "studying for the CKS", "registered with COREN", "the GSAT test"
                    accepted = accepted and not _acronym_thing(doc, pos, last)
            after_place = after_place or place_list
            if accepted:
                label = "acronym" if len(run) == 1 and _acronym(run[0]) else "cue"
                yield Hit(run[0].start, end, COMPANY, label)
            nxt = last + 1
            if nxt >= len(toks):
                return
            gap = doc.text[end : toks[nxt].start]
            word = toks[nxt].norm
            if cue == "from" and word == "to" and gap == " ":
                pos, cue, strength, in_list = nxt + 1, "to", "weak", False
                place_cue = towns = True
                continue
            if gap.strip() == "," and word in ("and", "or") and doc.word_gap(nxt):
                pos, in_list = nxt + 1, accepted
            elif gap.strip() == "," or (gap == " " and word in ("and", "or", "nor")):
                pos, in_list = (nxt + 1 if word in ("and", "or", "nor") else nxt), accepted
            else:
                return
            # "applied to Pearson and to Santillana": the cue's word again after "and"
            if pos + 1 < len(toks) and toks[pos].norm == cue and doc.word_gap(pos):
                pos += 1

    def _right_cues(self, doc: Doc) -> Iterator[Hit]:
        toks = doc.tokens
        for j in range(1, len(toks)):
            if doc.possessive(j):
                k = j + 1
                if k < len(toks) and toks[k].norm in ADJECTIVES:
                    k += 1
                if k >= len(toks) or toks[k].norm not in POSSESSED:
                    continue
                last = j - 1
            elif toks[j].norm in RIGHT_FIRSTS and any(
                tuple(doc.norms[j : j + len(p)]) == p for p in RIGHT_CUES
            ):
                last = j - 1
                if toks[last].norm in ADVERBS and last > 0 and doc.word_gap(last - 1):
                    last -= 1
                if not doc.word_gap(last):
                    continue
            else:
                continue
            first = self._walk_back(doc, last + 1, tight=False)
            if first is None:
                # "Meanwhile bunq has offered me"
                if toks[j].norm in _OFFER_WORDS and _lower_brand(doc, last):
                    yield Hit(toks[last].start, toks[last].end, COMPANY, "cue")
                continue
            run = toks[first : last + 1]
            content = [t for t in run if _is_content(t)]
            if not content or all(not _distinctive(t.norm) for t in content):
                continue
            if len(content) == 1 and content[0].norm in FIRST_NAMES:
                continue
            if is_place([t.norm for t in run]):
                continue  # "Accenture in Taguig offered me", "the Bentonville headquarters"
            yield Hit(run[0].start, run[-1].end, COMPANY, "cue")

    # -- persons -----------------------------------------------------------------------
    def person_cues(self, doc: Doc) -> Iterator[Hit]:
        toks = doc.tokens
        for i in range(len(toks) - 2):
            words = (toks[i].norm, toks[i + 1].norm)
            if words == ("name", "is") and i > 0 and toks[i - 1].norm == "my":
                start, need = i + 2, 1
            elif toks[i].norm in ("my", "our", "his", "her") and words[1] in _PERSON_ROLES:
                start, need = i + 2, 2
            elif words[1] in ("me", "him", "her") and toks[i].norm in _CALL:
                # 'the drivers call me "Deea"', "everyone calls him Macca"
                start, need = i + 2, 1
                if doc.gap(i + 1).strip() not in ("", '"', "“", "'", "‘"):
                    continue
            elif words == ("known", "as") or toks[i].norm == "nicknamed":
                start, need = (i + 2 if words[1] == "as" else i + 1), 1
                if i + 1 >= len(toks) or doc.gap(start - 1).strip() not in ("", '"', "“"):
                    continue
            else:
                continue
            last = start - 1
            while (
                last + 1 < len(toks)
                and last + 1 - start < 3
                and _person_word(toks[last + 1], given_ok=need == 1)
            ):
                if last >= start and not doc.word_gap(last):
                    break
                last += 1
            if last - start + 1 >= need:
                yield Hit(toks[start].start, toks[last].end, PERSON, "cue")


_CALL = frozenset(("call", "calls", "called", "calling"))
_PERSON_ROLES = frozenset(
    words(
        """
        manager boss colleague coworker director supervisor mentor recruiter friend husband
        wife partner sister brother lead teammate ceo cto vp founder cofounder
        """
    )
)


def _person_word(tok: Token, given_ok: bool = False) -> bool:
    """``given_ok``: a given name that is also a word counts ("everyone calls him Will",
    "my name is Hope")."""
    if not tok.is_cap or not tok.text.isalpha():
        return False
    if given_ok and not tok.is_upper and not is_stop(tok.norm):  # not "call me Monday"
        from mailpub.anonymize.people import given_names  # people imports this module

        if tok.norm in given_names():
            return True
    return tok.norm not in COMMON and not is_stop(tok.norm)


def _title_follows(doc: Doc, last: int) -> bool:
    """A job title's last word follows token ``last`` ("Data Analytics Manager")."""
    nxt = last + 1
    return (
        nxt < len(doc.tokens) and doc.name_gap(last) and doc.tokens[nxt].norm in JOB_TITLE_ENDS
    )


def _name_like(tok: Token) -> bool:
    return tok.is_cap or tok.is_mixed


def _code_follows(doc: Doc, last: int) -> bool:
    """A hyphen and a number follow token ``last`` ("GS-13", "EB-3")."""
    toks = doc.tokens
    nxt = last + 1
    return nxt < len(toks) and doc.gap(last) == "-" and toks[nxt].text.isdigit()


#: Right cues after which a lower-case brand is taken ("bunq has offered me").
_OFFER_WORDS = frozenset(words("offered has have hired is are reached approached contacted"))


def _lower_brand(doc: Doc, k: int) -> bool:
    """Token ``k`` is a brand written in lower case: a word that is no English word,
    name or place ("bunq", "dnata", "imec"), not after an article."""
    from mailpub.anonymize.people import is_english, is_name

    tok = doc.tokens[k]
    return (
        tok.text.islower()
        and tok.text.isalpha()
        and len(tok.text) >= 3
        and not is_english(tok.norm)
        and not is_name(tok.norm)
        and not is_stop(tok.norm)
        and not (k > 0 and doc.tokens[k - 1].norm in ("the", "a", "an", "my", "our"))
    )


def _acronym(tok: Token) -> bool:
    return tok.is_upper and tok.text.isalnum() and 2 <= len(tok.text) <= 5


def _is_content(tok: Token) -> bool:
    return tok.norm not in NAME_PARTICLES and tok.norm not in ("&", "of", "and")


#: Last words of a public body named after its place ("Scottish Government", "Indian
#: Railways", "Northumbrian Water").
_PUBLIC_HEADS = frozenset(words("government railway railways water council police"))


def _public_bodies(doc: Doc) -> Iterator[Hit]:
    """Public bodies named by their place or people: capitalised words ending in a public
    head, one of them a place or a demonym ("Scottish Government", "Indian Railways"; not
    "Federal Government", "City Council")."""
    toks = doc.tokens
    for k, tok in enumerate(toks):
        if tok.norm not in _PUBLIC_HEADS or not tok.is_cap or tok.initial:
            continue
        first = k
        while first > 0 and k - first < 3 and doc.word_gap(first - 1) and toks[first - 1].is_cap:
            first -= 1
        while first < k and toks[first].norm in COMMON and not _named_place(toks[first].norm):
            first += 1  # "In Indian Railways", "The Scottish Government"
        if first < k and any(_named_place(t.norm) for t in toks[first:k]):
            yield Hit(toks[first].start, tok.end, COMPANY, "legal-suffix")


def _named_place(norm: str) -> bool:
    """A known place or a demonym-shaped word ("scottish", "indian", "northern")."""
    return is_place((norm,)) or norm.endswith(("ish", "ian", "ese", "ern"))


def _distinctive(norm: str) -> bool:
    return norm not in COMMON and not is_stop(norm) and norm not in COMPANY_HEADS


def _accept(
    run: list[Token], strength: Strength, *, in_list: bool = False, lower_style: bool = True
) -> bool:
    """Whether a name run after a cue of ``strength`` is taken for a company.

    ``in_list``: the run continues a list whose previous item was a company
    ("Williams, Gray and Warner"), so capitalised ordinary words count.
    ``lower_style``: the letter is written in lower case; otherwise a lower-case word
    after a cue must not be an English word to be a name ("moving from audit to a bank",
    "Paweł Kaczmarek, wrote to me").
    """
    content = [t for t in run if _is_content(t)]
    if not content or all(is_stop(t.norm) for t in content):
        return False
    if all(t.text.islower() for t in content):  # lower-case after a strong cue
        from mailpub.anonymize.people import is_english

        if len(content) > 1 and (
            content[-1].norm in COMPANY_HEADS or content[-1].norm in SUFFIXES_SINGLE
        ):
            return any(is_unknown_word(t) for t in content[:-1])  # "bluebird labs"
        sure = lower_style and strength != "weak"  # "i work at bluebird", not "with sap"
        return any(is_unknown_word(t) and (sure or not is_english(t.norm)) for t in content)
    if run[-1].norm in SUFFIXES_SINGLE and len(run) > 1:
        return True  # "Bright Group", "Young Inc"
    if run[0].title_line:
        return not all(t.norm in COMMON or is_stop(t.norm) for t in content)
    if strength != "weak" or in_list or len(content) > 1:
        return True  # capitalised mid-sentence: "called Lemonade", "with Delivery Hero"
    word = content[0].norm
    return word not in COMMON and word not in FIRST_NAMES


#: First words of a degree or course, not of an organisation ("Master of Architecture",
#: "BA Drama and Performance", "Cert IV in electrical design").
_DEGREE_HEADS = frozenset(
    words(
        """
        master masters bachelor bachelors ba bsc msc ma mba mphil phd diploma certificate
        cert
        """
    )
)
_DEGREE_SHORT = frozenset(words("ba bsc msc ma mba mphil phd"))
#: Words before a number or grade ("Level II", "Stamp 4", "Certificate III").
_GRADE_HEADS = frozenset(
    words("level stage stamp grade tier band part year class certificate cert module paper")
)


def _plain(tok: Token) -> bool:
    """An English word, a connecting word or a short acronym: nothing that names anyone."""
    from mailpub.anonymize.people import is_english

    if tok.norm in ("of", "and", "&", "for", "in") or tok.norm in JOB_TITLE_ENDS:
        return True
    if tok.norm in _DEGREE_HEADS or tok.norm in _GRADE_HEADS or tok.norm in ROMAN:
        return True  # "Cert IV", "MSc"
    if tok.is_upper and len(tok.text) <= 4:
        return True
    return is_english(tok.norm) and tok.norm not in FIRST_NAMES


def _generic(doc: Doc, first: int, last: int) -> bool:
    """A run of capitalised words after a cue that names a job, a degree or a grade
    rather than an organisation: "passed over for Senior Underwriter", "an offer for
    Network Security Engineer", "a Master of Architecture", "registered for Level II",
    "apply for Stamp 4"."""
    toks = doc.tokens
    run = toks[first : last + 1]
    norms = [t.norm for t in run]
    if not all(_plain(t) for t in run):
        return False
    if is_job_title(norms) and (len(norms) > 1 or norms[0] in JOB_TITLE_ENDS):
        return True
    if (
        len(norms) > 1
        and norms[0] in _DEGREE_HEADS
        and (norms[0] in _DEGREE_SHORT or norms[1] in ("of", "in"))
    ):
        return True  # "BA Drama and Performance", "Master of Architecture"; not "Master
        # Builders"
    if norms[0] not in _GRADE_HEADS:
        return False
    if len(norms) > 1:
        return all(n in ROMAN for n in norms[1:])
    nxt = last + 1  # "Stamp 4", "Level 3": a number after the word
    return nxt < len(toks) and doc.word_gap(last) and toks[nxt].text[:1].isdigit()


#: Nouns after an acronym that make it a test, a rule or a thing, not an organisation
#: ("for the SCFHS license", "through the GSAT test", "for EUDR compliance").
_THING_NOUNS = frozenset(
    words(
        """
        license licence licensing test tests exam exams certification certificate
        certificates diploma programme program format compliance expansion drones cells
        data standard standards rules regulations scheme score level levels course
        courses module modules inspection inspections audit audits route profession
        framework certified chartered accredited qualification qualifications market
        markets guidelines requirements regime rating ratings syllabus curriculum policy
        """
    )
)
#: Verbs before "for"/"with" that lead to an exam or a register, not an employer
#: ("studying for the CKS", "registered with the EWRB").
_EXAM_VERBS = frozenset(
    words(
        """
        study studying studied prepare preparing prepared revise revising sit sitting sat
        register registered registering registration enrolled
        """
    )
)


def _acronym_thing(doc: Doc, first: int, last: int) -> bool:
    """The acronym at tokens ``first``..``last`` after a weak cue is a test, a register or
    a thing: a thing noun follows it, or a verb of study or registration comes before the
    cue."""
    toks = doc.tokens
    nxt = last + 1
    if nxt < len(toks) and doc.word_gap(last) and toks[nxt].norm in _THING_NOUNS:
        return True
    k = first - 1
    if k > 0 and toks[k].norm == "the":
        k -= 1
    return k > 0 and doc.word_gap(k - 1) and toks[k - 1].norm in _EXAM_VERBS


_DETERMINERS = frozenset(words("the my our their this that his her"))


# Cues that read as well before a place as before an employer ("left Kharkiv", "moved
# from Faisalabad", "stationed at Parramatta"); after "join", "work at", "laid off from"
# or "an MBA at" (strong cues) a place name is taken for the organisation.
_PLACE_CUES = frozenset(
    [
        ("from",), ("at",), ("for",), ("inside",), ("left",), ("leave",), ("leaving",),
        ("between",), ("like",),
        ("including",), ("moving", "from"), ("moved", "from"), ("move", "from"),
        ("moved", "to"), ("move", "to"), ("moving", "to"), ("went", "to"), ("switched", "to"),
        ("switching", "to"),
        ("get", "out", "of"), ("got", "out", "of"), ("getting", "out", "of"),
    ]
)  # fmt: skip
#: Place cues after which a smaller town is a place too ("moved to Bondi Junction").
#: Cues after which a city names the reader's university ("a degree at Sheffield").
_STUDY_CUES = frozenset(
    (p, "at")
    for p in words(
        """
        study studied studying student students degree mba phd msc masters master's
        bachelor's diploma trained training qualified enrolled course courses programme
        program studies lecturer professor researcher postdoc
        """
    )
)
_TOWN_CUES = frozenset([("moved", "to"), ("move", "to"), ("moving", "to")])


#: Nouns that describe an organisation in an appositive ("Tabby, a fintech in Dubai").
ORG_NOUNS = frozenset(
    words(
        """
        startup start-up scale-up scaleup fintech healthtech edtech proptech insurtech
        company firm bank agency consultancy retailer manufacturer charity nonprofit
        non-profit ngo brand chain insurer distributor supplier contractor subcontractor
        multinational conglomerate subsidiary provider operator carrier airline telco
        publisher studio lab laboratory hospital clinic practice school college university
        employer unicorn vendor bootcamp
        """
    )
)
TEAM_WORDS = frozenset(
    words(
        """
        team teams org organisation organization division squad pipeline unit department
        driver drivers courier couriers rider riders
        """
    )
)
_BUILD_VERBS = frozenset(
    words(
        """
        own owns owned build builds built building maintain maintains maintained ship ships
        shipped
        """
    )
)


def _product_end(doc: Doc, last: int) -> int:
    """The end of a product or unit named after a company, so no part of it stays readable:
    "Azure Functions" of "the Azure Functions team", "Apple Store"."""
    toks = doc.tokens
    k = last
    while (
        k + 1 < len(toks) and k < last + 2 and doc.word_gap(k) and toks[k + 1].line == toks[k].line
    ):
        nxt = toks[k + 1]
        if not (nxt.is_cap or nxt.is_upper) or nxt.norm in TEAM_WORDS:
            break
        k += 1
    if k == last:
        return last
    if toks[k].norm in ("store", "stores"):
        return k
    n = k + 1
    if n < len(toks) and toks[n].norm not in TEAM_WORDS and doc.word_gap(k):
        n += 1  # "the Google Ads policy team"
    return k if n < len(toks) and toks[n].norm in TEAM_WORDS and doc.word_gap(n - 1) else last


def product_cue(doc: Doc, first: int, last: int) -> bool:
    """A product named as the reader's work, so it reveals the employer: "on the Azure
    Functions team", "I own the AWS billing pipeline", "I work on YouTube"."""
    toks = doc.tokens
    k = last + 1
    while k < len(toks) and k <= last + 3 and toks[k].line == toks[last].line:
        if not doc.word_gap(k - 1):
            break
        if toks[k].norm in TEAM_WORDS:
            return True
        k += 1
    p = first - 1
    if p >= 0 and toks[p].norm == "the" and doc.word_gap(p):
        p -= 1
    if p < 0 or not doc.word_gap(p) or toks[p].line != toks[first].line:
        return False
    if toks[p].norm in _BUILD_VERBS:
        return True
    return (
        toks[p].norm == "on"
        and p > 0
        and toks[p - 1].norm in ("work", "works", "worked", "working")
    )


def cue_before(doc: Doc, i: int) -> Strength | None:
    """Strength of an employment cue before token ``i``, looking back over a list
    ("offers from Google, Meta and X") and "the"; None when there is none."""
    found = cue_phrase_before(doc, i)
    return None if found is None else CUES[found]


def _employer_cue(doc: Doc, i: int) -> bool:
    """An employment cue before token ``i`` that names an employer rather than a tool
    ("at Notion", "joined Notion", "offer from Notion"; not "work with Notion", "a
    certificate from Coursera")."""
    found = cue_phrase_before(doc, i)
    if found is None:
        return False
    if CUES[found] != "weak" or found == ("at",):
        return True
    # "cabin crew with Emirates", "a developer with Shopify", "an analyst for Deloitte"
    return found in (("with",), ("for",)) and _role_before(doc, i)


#: Role nouns before "with"/"for" that make it an employer ("cabin crew with Emirates").
_ROLE_NOUNS = frozenset(words("crew staff employee employees contractor member volunteer"))


def _role_before(doc: Doc, i: int) -> bool:
    """A job title or role noun stands right before the "with"/"for" that leads to token
    ``i`` (over "the" too)."""
    k = i - 1
    if k > 0 and doc.tokens[k].norm == "the":
        k -= 1
    k -= 1  # the word before the cue
    if k < 0 or not doc.word_gap(k):
        return False
    norm = doc.tokens[k].norm
    return norm in _ROLE_NOUNS or is_job_title((norm,))


def cue_phrase_before(doc: Doc, i: int) -> tuple[str, ...] | None:
    """The employment cue (its words) before token ``i``, as :func:`cue_before` finds it."""
    toks = doc.tokens
    k = i - 1
    for _ in range(16):
        if k < 0 or toks[k].line != toks[i].line:
            return None
        gap = doc.gap(k)
        if toks[k].norm in CUE_LASTS and gap.strip(" ,(-") == "":
            for size in range(min(CUE_MAX, k + 1), 0, -1):
                phrase = tuple(t.norm for t in toks[k - size + 1 : k + 1])
                if phrase in CUES and all(doc.word_gap(m) for m in range(k - size + 1, k)):
                    return phrase
        tok = toks[k]
        if not (tok.norm in ("the", "and", "or", "&") or _name_like(tok)):
            return None
        k -= 1
    return None


def _cue_at(doc: Doc, i: int) -> tuple[int, Strength] | None:
    toks = doc.tokens
    if toks[i].norm not in CUE_FIRSTS:
        return None
    for size in range(min(CUE_MAX, len(toks) - i), 0, -1):
        phrase = tuple(t.norm for t in toks[i : i + size])
        strength = CUES.get(phrase)
        if strength is None:
            continue
        gaps = range(i, i + size - 1)
        if size > 1 and not all(doc.word_gap(m) or doc.gap(m) == "-" for m in gaps):
            continue
        if phrase == ("ex",) and doc.gap(i) != "-":
            continue
        return i + size - 1, strength
    return None


def _run_forward(doc: Doc, i: int, *, lower: bool = False) -> int | None:
    """Last token of a name starting at token ``i`` ("Procter & Gamble", "Zyphr.io")."""
    toks = doc.tokens
    if i >= len(toks):
        return None
    first = toks[i]
    lower_run = False
    if (
        first.norm in NAME_PARTICLES
        and i + 1 < len(toks)
        and toks[i + 1].is_cap
        and doc.name_gap(i)
    ):
        pass
    elif not first.text[0].isalpha():
        return None
    elif not (first.is_cap or first.is_mixed):
        if not (lower and is_unknown_word(first)):
            return None
        lower_run = True
    last = i
    while last + 1 < len(toks) and last - i < 7 and doc.name_gap(last):
        nxt = toks[last + 1]
        gap = doc.gap(last)
        after = toks[last + 2] if last + 2 < len(toks) else None
        if lower_run:
            if (
                gap == " "
                and (is_unknown_word(nxt) or nxt.norm in COMPANY_HEADS)
                and nxt.text.islower()
            ):
                last += 1
                continue
            break
        if (gap.strip() == "-" and nxt.text.isalnum() and (gap == "-" or nxt.is_cap)) or (
            gap == "." and nxt.norm in TLDS and nxt.text.islower()
        ):
            last += 1
        elif "." in gap and len(toks[last].text) > 2:
            break
        elif nxt.is_cap or nxt.is_mixed:
            last += 1
        elif nxt.norm in ("&", "of") or nxt.norm in NAME_PARTICLES:
            if (
                after is not None
                and doc.name_gap(last + 1)
                and (after.is_cap or (after.norm in NAME_PARTICLES and nxt.norm == "&"))
            ):
                last += 1
            else:
                break
        elif nxt.norm == "and" and after is not None and after.norm in FAMILY and after.is_cap:
            last += 2
        else:
            break
    # trailing words about the company are not part of its name: "Google HQ"
    while last > i and trailing(toks[last]):
        last -= 1
    while last > i and (toks[last].norm in ("&", "of", "and") or toks[last].norm in NAME_PARTICLES):
        last -= 1
    return last


def _end_with_dot(doc: Doc, last: int) -> int:
    """End offset of token ``last``, taking an abbreviation dot ("Ltd.") when it is not
    also the full stop of the sentence."""
    tok = doc.tokens[last]
    text = doc.text
    end = tok.end
    abbreviation = len(tok.text) == 1 or tok.norm in ("inc", "ltd", "co", "corp", "bros", "com")
    if end < len(text) and text[end] == "." and abbreviation:
        rest = text[end + 1 : end + 3]
        if rest[:1] in (",", ";", ":", ")", "?", "!") or (rest[:1] == " " and rest[1:2].islower()):
            return end + 1
    return end

"""Detectors built on the NER layer and on capitalisation near employment cues.

* :func:`ner_hits`: spaCy ORG entities -> company hits, PERSON entities -> person
  hits (detector "ner"), after restraint: entities made only of roles, tools,
  degrees, places, months or ordinary words are dropped, and so are lower-case
  persons and persons that are ordinary words.
* :func:`person_forms`: the parts of a found person's name, re-matched across the
  letter (propagation: "Tom Becker … Tom said" -> both replaced).
* :func:`handle_hits`: social handles ("@jane_doe88"), reported as URLs.
* :func:`suspects`: capitalised or unknown words left in place near employment
  cues, for the author's review (``mailpub show``).

All functions are pure and total: any input gives a (possibly empty) result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise

from mailpub.anonymize.jargon import is_jargon
from mailpub.anonymize.lexicon import (
    COMPANY_HEADS,
    HONORIFICS,
    JOB_TITLE_ENDS,
    SUFFIXES_SINGLE,
    is_stop,
    is_unknown_word,
    trailing,
    words,
)
from mailpub.anonymize.ner import Entity
from mailpub.anonymize.places import (
    acronym_not_place,
    after_place_word,
    before_office_word,
    before_place_name,
    is_place,
    is_town,
    lone_city,
)
from mailpub.anonymize.rules import _cue_at
from mailpub.anonymize.text import Doc, Hit, Token, fold, lowercase_style
from mailpub.anonymize.tools import is_tool
from mailpub.anonymize.words import (
    COMMON,
    FIRST_NAMES,
    NAME_PARTICLES,
    PLACES,
    SOFT_NAMES,
    STOP_CAPS,
)
from mailpub.model import RedactionKind

COMPANY = RedactionKind.COMPANY
PERSON = RedactionKind.PERSON

_LEADING = frozenset(
    words(
        """
        the a an my our his her their at for hi hello hey dear hallo hola bonjour ciao salut
        liebe lieber querido querida estimado estimada
        """
    )
)
# Platforms and tools the model often takes for an organisation or a person; an employer
# use ("laid off from Twitter") is still found by the gazetteer and the cue rules.
PLATFORMS = frozenset(
    words(
        """
        reddit twitter x linkedin github gitlab kaggle coursera udemy edx youtube slack zoom
        teams alexa siri vba sas excel sql python spark tableau looker jira confluence notion
        figma medium substack glassdoor indeed stackoverflow whatsapp telegram discord
        instagram facebook tiktok youtube pinterest snapchat threads bluesky mastodon
        sap salesforce hubspot workday servicenow zendesk asana trello miro canva sketch
        selenium cypress playwright jenkins circleci bitbucket terraform ansible docker
        aws azure gcp bigquery redshift snowflake databricks dbt airflow kafka
        xero quickbooks netsuite sage wordpress shopify webflow wix squarespace
        photoshop illustrator indesign autocad revit solidworks matlab stata spss
        udacity datacamp leetcode hackerrank upwork fiverr
        github actions
        """
    )
)
_EN_FUNCTION = frozenset(
    words("the and to of i is my in that it for you was with have be this at but not are")
)
_OTHER_FUNCTION = frozenset(
    words(
        """
        der die das und ich ist nicht mit ein eine zu sie es auf für bei mein meine wir
        el la los las y que de en un una es por con para mi pero se lo del al
        """
    )
)


def looks_english(text: str) -> bool:
    """True unless the text reads as German or Spanish (more of their function words)."""
    toks = re.findall(r"[^\W\d_]+", text.lower())
    english = sum(t in _EN_FUNCTION for t in toks)
    other = sum(t in _OTHER_FUNCTION for t in toks)
    return english >= other


_GLUE = frozenset(("&", "of", "and", "de", "la", "y", "et", "für", "fur"))
_HANDLE_RE = re.compile(r"(?<![\w@.+-])@[A-Za-z_][A-Za-z0-9_.]{1,29}(?<![.])(?![\w@-])")
# A handle after a messenger's name: "KakaoTalk: thandim_za", "WeChat ID: wxid_abc123",
# "Line: sipho.n88", "my Telegram is @x" (the "@" form is _HANDLE_RE's)
_MESSENGER_HANDLE_RE = re.compile(
    r"\b(?:KakaoTalk|Kakao|LINE|Line|WeChat|Weixin|WhatsApp|Telegram|Signal|Skype|Discord"
    r"|Snapchat|Snap|Instagram|Insta|IG|Twitter|TikTok|Threads|Viber|Zalo|QQ|Facebook|FB"
    r"|Bluesky|Mastodon|GitHub|GitLab|Reddit|Slack|Teams|Steam|Xbox|PSN|X)"
    r"(?:\s+(?:ID|id|handle|username|user|name|is))?(?:\s*[:=]\s*|\s+as\s+)"
    r"(@?[A-Za-z0-9_][\w.\-]{1,39}(?<![.\-]))(?![\w@])"
)
_PLACEHOLDER_WORDS = frozenset(("name", "email", "phone", "url"))


def _tokens_in(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """First and last token index overlapping [start, end)."""
    first = last = None
    for i, tok in enumerate(doc.tokens):
        if tok.end <= start:
            continue
        if tok.start >= end:
            break
        if first is None:
            first = i
        last = i
    if first is None or last is None:
        return None
    return first, last


def _ordinary(tok: Token) -> bool:
    """A word that carries no name by itself (role, tool, place, month, common word)."""
    norm = tok.norm
    return is_stop(norm) or norm in COMMON or norm in _GLUE or norm.isdigit()


def ner_hits(doc: Doc, ents: Iterable[Entity], offset: int = 0) -> Iterator[Hit]:
    """Company and person hits from NER entities (character offsets shifted by ``offset``)."""
    toks = doc.tokens
    lower = lowercase_style(doc)
    for ent in ents:
        if ent.label not in ("ORG", "PERSON"):
            continue
        span = _tokens_in(doc, ent.start + offset, ent.end + offset)
        if span is None:
            continue
        first, last = span
        while first < last and (toks[first].norm in _LEADING or toks[first].norm in HONORIFICS):
            first += 1
        while last > first and (trailing(toks[last]) or toks[last].norm in _GLUE):
            last -= 1
        while last > first and doc.possessive(last):
            last -= 1
        if ent.label == "ORG":
            # "VP of Sales at Salesforce" -> "Salesforce"; "Deloitte - should" -> "Deloitte"
            inner_at = [i for i in range(first + 1, last) if toks[i].text == "at"]
            if inner_at:
                first = inner_at[-1] + 1
            # "Petrobras in Rio de Janeiro" -> "Petrobras"
            inner_in = [
                i
                for i in range(first + 1, last)
                if toks[i].text in ("in", "near") and toks[i + 1].norm in PLACES
            ]
            if inner_in:
                last = inner_in[0] - 1
            while (
                last > first
                and toks[last].text.islower()
                and (_ordinary(toks[last]) or not is_unknown_word(toks[last]))
                and any(t.text[:1].isupper() for t in toks[first:last])
            ):
                last -= 1
        run = toks[first : last + 1]
        if all(t.norm in PLATFORMS for t in run):
            continue
        if (
            ent.label == "PERSON"
            and len(run) == 1
            and not _is_name(run[0].norm)
            and after_place_word(doc, first)
        ):
            continue  # "our team in Jumla": an unknown word after "in" is no person
        if (
            len(run) == 1
            and not _is_name(run[0].norm)
            and first > 0
            and (toks[first - 1].norm in ("from", "to") or before_office_word(doc, last))
            and is_place([run[0].norm])
            and not acronym_not_place(run)
        ):
            continue  # "writing to you from Tamale", "moved from Mykolaiv to Poland"
        if (
            ent.label == "ORG"
            and len(run) == 1
            and run[0].is_cap
            and not run[0].is_upper
            and not _is_english(run[0].norm)
            and first > 1
            and toks[first - 1].norm == "the"
            and toks[first - 2].norm in ("in", "across", "around", "throughout")
        ):
            continue  # "a hotel in the Algarve", "a mine in the Pilbara"
        norms = [t.norm for t in run]
        if ent.label == "PERSON" and len(run) == 1 and lone_city(doc, first, _is_name):
            continue  # "Kitwe", "Casablanca": a known city that is no one's name
        if is_place(norms) and not acronym_not_place(run) and (
            len(run) > 1
            or ent.label == "ORG"
            or (after_place_word(doc, first) and not doc.possessive(last + 1))
        ):
            continue  # "Mississauga", "to Joliet": a known place the model took for a name
        if is_town(norms) and not doc.possessive(last + 1) and (
            after_place_word(doc, first)
            or before_office_word(doc, last)
            or before_place_name(doc, last)
        ):
            continue  # "an office in Redfern", "the Paddington office", "Lower Parel, Mumbai"
        surface = doc.text[run[0].start : run[-1].end]
        if is_jargon(surface):
            continue  # "KYC", "FedRAMP", "GS-13": trade jargon the model took for a name
        if (
            is_tool(surface)
            and not doc.possessive(last + 1)  # "Murex's trading floor": the firm
            and (ent.label == "ORG" or not any(_is_name(t.norm) for t in run))
        ):
            continue  # "XGBoost", "CargoWise", "Kali": a tool the model took for a name
        if ent.label == "ORG" and len(run) > 1 and run[-1].norm in JOB_TITLE_ENDS:
            continue  # "Transport Planner", "Partnerships Manager": a job title
        if ent.label == "ORG" and _org_ok(run, lower):
            yield Hit(run[0].start, run[-1].end, COMPANY, "ner")
        elif ent.label == "PERSON" and _person_ok(run) and not _lone_first_name(doc, first, last):
            yield Hit(run[0].start, run[-1].end, PERSON, "ner")


def _is_english(norm: str) -> bool:
    from mailpub.anonymize.people import is_english

    return is_english(norm)


def _is_name(norm: str) -> bool:
    from mailpub.anonymize.people import is_name

    return is_name(norm)


def _org_ok(run: Sequence[Token], lower: bool = True) -> bool:
    """``lower``: the letter is written in lower case, so a lower-case organisation counts
    (in a capitalised letter the model's lower-case guesses are words: "physio clinic")."""
    content = [t for t in run if t.norm not in _GLUE and t.norm not in NAME_PARTICLES]
    if not content or any(t.norm in _PLACEHOLDER_WORDS and t.is_upper for t in content):
        return False
    if all(t.text.isdigit() for t in content):
        return False
    if all(t.text.islower() for t in content):
        return lower and any(is_unknown_word(t) for t in content)
    distinctive = [
        t
        for t in content
        if not _ordinary(t) and t.norm not in COMPANY_HEADS and t.norm not in PLACES
    ]
    if distinctive:
        return True
    if len(content) > 1 and all(t.is_cap for t in content):
        if content[-1].norm in _BODY_HEADS or any(
            a.norm in _BODY_HEADS and b.norm == "of" for a, b in pairwise(run)
        ):
            return True  # "Rwanda Development Board", "Development Bank of Rwanda"
        if any(t.norm in PLACES for t in content) and not is_place([t.norm for t in content]):
            return True  # "Zurich North America": place words that are no known place
    # only ordinary words: a company only when it carries a legal suffix ("Bright Group")
    return len(content) > 1 and content[-1].norm in SUFFIXES_SINGLE and content[-1].is_cap


#: The head words of a public body or bank whose other words are ordinary ones or places.
_BODY_HEADS = frozenset(
    words(
        """
        board authority agency commission council ministry bureau directorate secretariat
        tribunal corporation bank
        """
    )
)


def _person_ok(run: Sequence[Token]) -> bool:
    words = [t for t in run if t.norm not in NAME_PARTICLES]
    if not words or any(not t.text[:1].isupper() for t in words):
        return False
    if any(any(c.isdigit() for c in t.text) for t in words):
        return False
    if any(t.norm in _PLACEHOLDER_WORDS and t.is_upper for t in words):
        return False
    if len(words) == 1:
        # a lone name the model tags ("John", "Achieng") is a person, unless it is an
        # acronym, an ordinary word the model guessed at, or a place
        tok = words[0]
        if tok.is_upper and len(tok.text) > 1:
            return False  # "PMP", "HR"
        if _is_english(tok.norm) and not _is_name(tok.norm):
            return False  # "Marginal", "Welcome": the model's guess at an ordinary word
        return not _ordinary(tok) and tok.norm not in PLACES
    if any(is_stop(t.norm) for t in words):
        return False  # "Registered Nurse", "Dear Sir"
    return any(t.norm in FIRST_NAMES or not _ordinary(t) for t in words)


_RELATIONS = frozenset(
    words(
        """
        manager boss colleague coworker co-worker director supervisor mentor recruiter friend
        husband wife partner sister brother mother father mom dad son daughter lead teammate
        mentee report peer cousin uncle aunt boyfriend girlfriend gf bf hubby fiance fiancee
        neighbour
        neighbor roommate flatmate classmate
        """
    )
)


def _lone_first_name(doc: Doc, first: int, last: int) -> bool:
    """A single name in the letter's greeting ("Hi Boris"): the author, kept."""
    if first != last or first == 0:
        return False
    prev = doc.tokens[first - 1]
    return prev.norm in ("hi", "hello", "dear", "hey") and first <= 2


# Relation words in English, German and Spanish, followed by a full name: "my manager,
# Tom Becker", "Mein Chef, Herr Daniel Baumann", "Mi jefa, Marta Iglesias".
RELATIONS_ANY = _RELATIONS | frozenset(
    words(
        """
        chef chefin kollege kollegin teamleiter teamleiterin vorgesetzter vorgesetzte mentor
        mentorin geschäftsführer geschaftsfuhrer geschäftsführerin geschaftsfuhrerin
        jefe jefa compañero compañera companero companera responsable supervisora
        director directora gerente
        """
    )
)
_NAME_TITLES = frozenset(words("herr frau dr prof sr sra don dona doña mr mrs ms"))


#: German and Spanish words for relatives: a known given name right after one is a person
#: in letters the model does not read ("mein Mann Jonas", "mi esposa Lucía").
_KIN = frozenset(
    words(
        """
        mann ehemann ehefrau frau sohn tochter bruder schwester mutter vater freund freundin
        partnerin marido esposo esposa mujer hijo hija hermano hermana madre padre novio novia
        amigo amiga
        """
    )
)


def relation_person_hits(doc: Doc) -> Iterator[Hit]:
    """A full name (two or three capitalised words) right after a relation word."""
    toks = doc.tokens
    for i, tok in enumerate(toks[:-2]):
        if tok.norm not in RELATIONS_ANY and tok.norm not in _KIN:
            continue
        k = i + 1
        if doc.gap(i).strip() not in ("", ","):
            continue
        while k < len(toks) and toks[k].norm in _NAME_TITLES and toks[k].is_cap:
            k += 1
        start = k
        while (
            k < len(toks)
            and k - start < 3
            and toks[k].is_cap
            and toks[k].text.isalpha()
            and not is_stop(toks[k].norm)
            and (k == start or doc.word_gap(k - 1))
            and toks[k].line == tok.line
        ):
            k += 1
        if k - start >= 2 and (k - start == 2 or not toks[start].initial):
            yield Hit(toks[start].start, toks[k - 1].end, PERSON, "cue")
        elif k - start == 1 and tok.norm in _KIN and _is_name(toks[start].norm):
            yield Hit(toks[start].start, toks[start].end, PERSON, "cue")  # "Mein Mann Jonas"


_INSTITUTION_RE = re.compile(
    r"\b(?:(?:[A-ZÀ-Ý][\w'’-]+\s+){0,2}(?:University|Universität|Universidad|Institute"
    r"|Ministry|Department|Agency|Office"
    r"|Bureau|Council|Hospital|College|Colleges|School|Schools|(?:City\s+)?Board)"
    r"\s+(?:of|for|für|de|del)"
    r"\s+(?:the\s+)?"
    r"[A-ZÀ-Ý][\w'’-]+(?:\s+(?:and\s+|&\s+)?[A-ZÀ-Ý][\w'’-]+){0,3}"
    r"|[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,2}\s+(?:University|Universität|College"
    r"|Institute|Hospital|Clinic|Infirmary|Agency|Ministry|Council|Authority|Commission"
    r"|Police|Constabulary|Health\s+System|Medical\s+Cent(?:er|re)"
    r"|(?:NHS\s+)?(?:Foundation\s+)?Trust|School\s+District|(?:County\s+)?Public\s+Schools"
    r"|Public\s+Schools|Uni|Business\s+School|Law\s+School|Medical\s+School))\b"
    # "Max-Planck-Institut für Multidisziplinäre Naturwissenschaften", "Fraunhofer-Institut"
    r"|\b[A-ZÀ-Ý][\w]*(?:-[A-ZÀ-Ý][\w]*)*-(?:Institut|Institute|Zentrum|Center|Centre)"
    r"(?:\s+(?:für|for|of)\s+[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,3})?"
    # "St. Luke's Medical Center", "Saint Mary's Hospital"
    r"|\b(?:St\.?|Saint|Santa|San|Sainte?)\s+[A-Z][a-z]+(?:['’]s)?\s+(?:Medical\s+Cent(?:er|re)"
    r"|Hospital|Health|College|School|University|Academy|Clinic|Infirmary|Church|Parish)\b"
)


_CAP = r"[A-ZÀ-ÝŁŚŻŹĆŃÓ][\w'’-]+"
#: Institutions named head first in other languages, with or without a preposition:
#: "Universidad de la República", "Instytut Spawalnictwa", "Háskóli Íslands",
#: "Högskolan i Borås", "Hospital Nacional Edgardo Rebagliati Martins".
_FOREIGN_HEAD_RE = re.compile(
    r"\b(?:TU|FH|TH|Uni|Universidad|Universidade|Università|Université|Universiteit|Uniwersytet"
    r"|Universitatea|Universiti|Universitas|Universitet|Univerzita|Instituto|Institut|Instytut"
    r"|Politechnika|Politeknik|Politécnico|Politecnico|Hôpital|Ospedale|Klinikum|Háskóli"
    r"|Högskolan|Høgskolen|Hochschule|Akademia|Escuela|Escola|École|Colegio|Liceo|Lycée"
    r"|Fundación|Fundação|Fondazione|Stiftung|Ministerio|Ministério|Ministère|Ministerstwo"
    r"|Secretaría|Prefeitura|Municipalidad|Ayuntamiento|Kancelaria|Szpital|Centro|Clínica"
    r"|Szkoła|Liceum|Technikum|Gimnazjum|Przedszkole"
    r"|Hospital(?=\s+(?:de|del|Nacional|General|Universitario|Regional|Central|Militar"
    r"|Italiano|Alemán|Británico|San|Santa|São|Sírio|Israelita)\b))"
    r"(?:\s+(?:de|del|da|do|dos|das|di|della|du|des|i|w|im|der|van|voor|für))?"
    r"(?:\s+(?:la|el|los|las|le|les|l'))?"
    r"\s+" + _CAP + r"(?:\s+(?:(?:de|del|da|do|di|y|e|i|und|and|&|la)\s+)?" + _CAP + r"){0,4}"
    r"(?:\s+(?:nr|Nr|No|N[º°o])\.?\s?\d{1,4}\b)?"  # "Szkoła Podstawowa nr 12", "Escuela N° 23"
)
#: Institutions named head last, the head often in lower case: "Bergen kommune",
#: "Tampereen kaupunki", "Haukeland universitetssjukehus", "Boğaziçi Üniversitesi".
_FOREIGN_TAIL_RE = re.compile(
    _CAP + r"(?:\s+" + _CAP + r"){0,2}\s+(?i:kommune|kommun|kaupunki|kunta|yliopisto"
    r"|ammattikorkeakoulu|sairaala|keskussairaala|universitetssjukehus|universitetssjukhus"
    r"|universitetssykehus|sjukhus|sykehus|sjukehus|universitet|universitetet|högskola"
    r"|høgskole|høgskule|egyetem|üniversitesi|universitesi|hastanesi|belediyesi|universiteti"
    r"|gimnazjum|liceum|szpital|ziekenhuis|gemeente|hogeschool|Landratsamt|Klinikum)\b"
)


#: Schools named head last ("Korea International School", "Parktown Girls' Prep"); one
#: word of the name must be no English word ("Summer School", "Grammar School" are kinds).
_SCHOOL_RE = re.compile(
    r"((?:[A-ZÀ-Ý][\w'’-]+\s+){1,3})(?:School|Academy|Prep|Polytechnic|Conservancy|Seminary"
    r"|Kindergarten|Preschool|Gymnasium)\b"
)


_LOWER_INSTITUTION_RE = re.compile(
    r"\b(?:university|universidad|universiti|polytechnic|college) of ([a-z]{3,})"
    r"(?: ([a-z]{3,}))?\b"
)


#: "ho chi minh city university of technology", "kyiv polytechnic", "lagos state university":
#: a known place before a school word, in lower case.
_LOWER_PLACE_SCHOOL_RE = re.compile(
    r"\b((?:[a-z]+[ -]){0,4}[a-z]+) (university|polytechnic|college)"
    r"((?: of (?:technology|science|science and technology|engineering|medicine))?)\b"
)


_LEADING_RE = re.compile(
    r"(?:(?:then|after|at|before|in|from|with|and|but|so|since|when|while|during|both|our|my"
    r"|his|her|their|your|the|a|an|this|that|also|even|now|later|finally)\s+){1,2}",
    re.IGNORECASE,
)


# "I work for the City of Toronto": a local government named after its place, as employer
_GOVERNMENT_RE = re.compile(
    r"\b(?:for|at|with|joined|join|from|by|left|quit)\s+the\s+((?:City|County|Town|Borough"
    r"|Municipality|Government|Province|State|Shire|District)\s+of\s+[A-Z][\w'’-]+"
    r"(?:\s+[A-Z][\w'’-]+){0,2})"
)


#: A ship or a union local, which identifies the crew or the members like an employer:
#: "the USS Bonhomme Richard", "HMS Queen Elizabeth", "IBEW Local 58".
_SHIP_RE = re.compile(
    r"\b(?:USS|USNS|HMS|HMAS|HMCS|HMNZS|INS|RFA|KRI|BRP)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
    r"|\b[A-Z]{2,6}\s+Local\s+\d{1,4}\b"
)


def institution_hits(text: str) -> Iterator[Hit]:
    """Universities, hospitals and government bodies, scrubbed like employers
    ("University of Edinburgh", "Department for Work and Pensions", "Danish Energy Agency")."""
    for match in _INSTITUTION_RE.finditer(text):
        # "Then University of Lagos": leading ordinary words are not part of the name
        lead = _LEADING_RE.match(text, match.start(), match.end())
        start = lead.end() if lead else match.start()
        first = text[start : match.end()].split()[0].lower() if start < match.end() else ""
        if not first or first in ("the", "a", "my", "our", "this", "that"):
            continue
        yield Hit(start, match.end(), COMPANY, "legal-suffix")
    for regex in (_FOREIGN_HEAD_RE, _FOREIGN_TAIL_RE):
        for match in regex.finditer(text):
            yield Hit(match.start(), match.end(), COMPANY, "legal-suffix")
    for match in _SCHOOL_RE.finditer(text):
        lead = _LEADING_RE.match(text, match.start(), match.end())
        start = lead.end() if lead else match.start()
        names = re.findall(r"[^\W\d_]+", text[start : match.start() + len(match.group(1))])
        if any(
            (not _is_english(n.lower()) or n.lower() in PLACES or is_place((n.lower(),)))
            and n.lower() not in STOP_CAPS
            for n in names
        ):
            yield Hit(start, match.end(), COMPANY, "legal-suffix")
    for match in _GOVERNMENT_RE.finditer(text):
        yield Hit(match.start(1), match.end(1), COMPANY, "legal-suffix")
    for match in _SHIP_RE.finditer(text):
        yield Hit(match.start(), match.end(), COMPANY, "legal-suffix")
    for match in _LOWER_INSTITUTION_RE.finditer(text):
        # "an msc at university of salford": written in lower case, a place or a name
        # that is no English word ("university of life" is not a school)
        name, more = match.group(1), match.group(2)
        if more and is_place((name, more)):  # "university of port harcourt"
            yield Hit(match.start(), match.end(), COMPANY, "legal-suffix")
        elif name in PLACES or is_place((name,)) or not _is_english(name):
            yield Hit(match.start(), match.end(1), COMPANY, "legal-suffix")
    for match in _LOWER_PLACE_SCHOOL_RE.finditer(text):
        words = list(re.finditer(r"[a-z]+", match.group(1)))
        for k in range(len(words)):  # the longest known place that ends before the school word
            if is_place(tuple(w.group() for w in words[k:])):
                yield Hit(match.start(1) + words[k].start(), match.end(), COMPANY, "legal-suffix")
                break


def person_forms(surfaces: Iterable[str], blocked: set[str]) -> list[str]:
    """Name parts worth re-matching elsewhere in the letter (``"Tom Becker"`` -> Tom, Becker)."""
    from mailpub.anonymize.people import given_names
    from mailpub.anonymize.text import phrase_key

    out: list[str] = []
    for surface in surfaces:
        parts = [p for p in re.split(r"[\s.]+", surface) if p]
        for part in [surface, *parts]:
            key = " ".join(phrase_key(part))
            initials = part == surface and len(part) == 2 and part.isalpha() and part.isupper()
            if not key or key in blocked or (len(key) < 3 and not initials):
                continue  # but a nickname of two capitals goes everywhere ('"JB" said')
            # a part that is a place stays unless it is a given name ("Florence" of
            # "Florence Adeyemi", "Jordan" of "Jordan Reyes"); a part that is also a common
            # word ("Hope" of "Hope Lindgren", "Happy" of "Happy Grewal", "Park" of "Park
            # Dong-hyun") is matched capitalised only; never a month or a stop word ("Khin
            # May") unless it is a soft name ("April Doherty")
            if part != surface and key not in SOFT_NAMES:
                if key in NAME_PARTICLES or key in STOP_CAPS:
                    continue
                if is_stop(key) and key not in given_names():
                    continue
            if not part[:1].isupper() and not (surface.islower() and _lower_name_part(key)):
                continue
            out.append(part)
    return list(dict.fromkeys(out))


def _lower_name_part(key: str) -> bool:
    """A name written in lower case that is worth matching again ("ana", "okoro"): no
    ordinary word, no role or place."""
    return " " not in key and not _is_english(key) and not is_stop(key) and key not in COMMON


def handle_hits(text: str) -> Iterator[Hit]:
    """Social handles ("@jane_doe88"); reported as URLs (detector "handle")."""
    for match in _HANDLE_RE.finditer(text):
        yield Hit(match.start(), match.end(), RedactionKind.URL, "handle")
    for match in _MESSENGER_HANDLE_RE.finditer(text):
        handle = match.group(1)
        # a handle has a digit, "_" or "." or is no ordinary word ("Line: call me" is not)
        marked = any(c.isdigit() or c in "_." for c in handle)
        if (marked or not _is_english(fold(handle))) and fold(handle) not in COMMON:
            yield Hit(match.start(1), match.end(1), RedactionKind.URL, "handle")


def suspects(text: str, keep: Iterable[str] = (), *, window: int = 8) -> list[str]:
    """Words left in place that may still name an employer or a person.

    Looks ``window`` words after each employment cue on the same line:
    capitalised words that are not sentence-initial, not ordinary words,
    roles, tools, places or months, and lower-case words that are not English
    words. Placeholders and ``keep`` words are skipped. Returns the distinct
    surfaces (runs of adjacent such words joined), in reading order.
    """
    from mailpub.anonymize.text import phrase_key

    kept = {" ".join(phrase_key(k)) for k in keep}
    kept |= {part for k in keep for part in phrase_key(k)}
    doc = Doc(_mask_placeholders(text))
    toks = doc.tokens
    flagged: set[int] = set()
    for i in range(len(toks)):
        found = _cue_at(doc, i)
        if found is None:
            continue
        end, _strength = found
        for k in range(end + 1, min(len(toks), end + 1 + window)):
            tok = toks[k]
            if tok.line != toks[end].line or (k > end + 1 and tok.initial):
                break
            if tok.text.startswith("ZZMASK") or tok.norm in kept:
                continue
            if _suspicious(tok):
                flagged.add(k)
    out: list[str] = []
    k = 0
    ordered = sorted(flagged)
    while k < len(ordered):
        first = last = ordered[k]
        while k + 1 < len(ordered) and ordered[k + 1] == last + 1 and doc.name_gap(last):
            k += 1
            last = ordered[k]
        out.append(doc.span_text(first, last))
        k += 1
    return list(dict.fromkeys(out))


def _suspicious(tok: Token) -> bool:
    if tok.norm in FIRST_NAMES and tok.is_cap:
        return True
    if tok.is_cap or tok.is_mixed:
        if tok.initial and tok.norm in COMMON:
            return False
        if tok.is_upper and len(tok.text) == 1:
            return False
        return not _ordinary(tok) and tok.norm not in PLACES
    return is_unknown_word(tok)


_MASK_RE = re.compile(r"<[A-Z][^<>\n]{0,80}>")


def _mask_placeholders(text: str) -> str:
    return _MASK_RE.sub(lambda m: "ZZMASK" + "x" * max(0, len(m.group()) - 6), text)

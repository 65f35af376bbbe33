"""Word tables of the rule-based company detectors: employment cues, legal suffixes,
company head nouns, and the "is this an ordinary English word?" test.

Pure data and small predicates; nothing here raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from mailpub.anonymize.text import Doc, Token, phrase_key
from mailpub.anonymize.words import COMMON, FIRST_NAMES, PLACES, STOP_CAPS


def words(text: str) -> list[str]:
    """White-space separated words of a literal table."""
    return text.split()


Strength = Literal["weak", "strong", "naming"]


def _phrases(text: str) -> list[tuple[str, ...]]:
    return [tuple(p.split()) for p in text.split(",") if p.strip()]


_WEAK = (
    "at, for, with, from, by, inside, between, tell, telling, told, like, including, now, formerly,"
    " through, such as, for example, for instance, e.g, moved to, move to, moving to, went to,"
    " switched to, switching to, clients are, clients include, clients like, client is,"
    " customers are, customers include, customer is,"
    " bei"
)
_STRONG = (
    "join, joins, joined, joining, leave, leaves, leaving, left, quit, quits, quitting, former, ex,"
    " offer from, offers from, hired by, fired by, recruited by, acquired by, bought by,"
    " employed by, rejected by, poached by, laid off from, laid off by, let go from, let go by,"
    " get out of, got out of, getting out of, shares in, stock in, equity in, turned down,"
    " resign from, resigned from, moving from, moved from, move from, interned at, intern at,"
    " interview at, interviewed at, interviewing at, interview with, interviewed with,"
    " interviewing with, applied to, applied at, apply to, apply at,"
    " recruiter from, recruiters from, recruiter at, recruiters at, headhunter from,"
    " study at, studied at, studying at, student at, students at, degree at, degree from,"
    " mba at, mba from, phd at, phd from, msc at, masters at, master's at, bachelor's at,"
    " diploma at, lecturer at, professor at, researcher at, postdoc at, admitted to,"
    " accepted to, accepted at, enrolled at, graduated from, graduate of, alumnus of,"
    " alumna of, alumni of, drive for, drives for, driving for, drove for, deliver for,"
    " course at, courses at, programme at, program at, studies at, graduating from,"
    " graduate from, qualified at, trained at, training at,"
    " delivers for, delivering for, delivered for,"
    " arbeite bei, arbeitete bei, gearbeitet bei, trabajo en, trabajo para, trabajé en,"
    " trabajaba en"
)
_STRONG_HEADS = words(
    """
    work works worked working job jobs role position internship employed manager boss
    colleagues colleague coworkers team culture years months stint career contractor
    placed freelance freelancing consultant
    """
)
_NAMING = (
    "called, named, employer, employers, company, startup, agency, firm, client, consultancy,"
    " charity, nonprofit, non-profit, ngo, foundation, fintech, organisation, organization"
)

CUES: dict[tuple[str, ...], Strength] = {}
for _p in _phrases(_WEAK):
    CUES[_p] = "weak"
for _p in _phrases(_STRONG):
    CUES[_p] = "strong"
for _head in _STRONG_HEADS:
    for _prep in ("at", "for"):
        CUES[(_head, _prep)] = "strong"
    CUES[(_head, "with")] = "weak"  # "work with stakeholders": no lower-case names
for _p in _phrases(_NAMING):
    CUES[_p] = "naming"
CUE_MAX = max(len(p) for p in CUES)
LOWER_NAMING = frozenset(("called", "named", "employer", "employers"))
CUE_FIRSTS = frozenset(p[0] for p in CUES)
CUE_LASTS = frozenset(p[-1] for p in CUES)

RIGHT_CUES = _phrases(
    "offered, offers, pays, paid, hired, hires, fired, laid off, rejected, ghosted, acquired,"
    " bought, is hiring, was acquired, was bought, was sold, employee, employees, alumni, alum,"
    " recruiter, recruiters, headquarters, hq, layoffs, internship, stock, shares,"
    " reached out, approached me, contacted me, headhunted me, poached me, interviewed me,"
    " promoted me, let me go, are hiring, is recruiting, are recruiting, has offered,"
    " have offered, sponsored my, sponsors my, made me an offer,"
    " took over, took control, acquisition, takeover, merger"
)
RIGHT_FIRSTS = frozenset(p[0] for p in RIGHT_CUES)
ADVERBS = frozenset(
    words(
        """
        just recently finally also then already actually suddenly
        """
    )
)
POSSESSED = frozenset(
    words(
        """
        ceo cto cfo coo vp hr culture benefits offer offers recruiter recruiters team teams
        office offices stock shares layoffs management leadership engineers salary salaries
        interview interviews hiring employees staff headquarters hq board founder founders
        policy policies pay bonus package compensation equity rsus leadership
        """
    )
)
#: Last words of job titles ("Material Sourcing Specialist"); an organisation's name
#: ends in a plural ("Associates", "Partners") or a legal suffix, rarely in one of these.
JOB_TITLE_ENDS = frozenset(
    words(
        """
        manager planner specialist supervisor lead officer coordinator analyst engineer
        director assistant architect consultant administrator representative technician
        advisor adviser executive designer developer scientist inspector auditor
        accountant clerk strategist producer editor writer intern trainee apprentice
        lecturer researcher tutor instructor therapist pharmacist physician surgeon
        midwife paramedic mechanic electrician plumber welder carpenter foreman
        superintendent controller dispatcher estimator surveyor underwriter actuary
        recruiter buyer merchandiser cashier receptionist steward stewardess purser
        programmer rep
        """
    )
)


#: More last words of a job title ("Audit Senior", "Carrier Sales Rep", "Senior
#: Geologist", "Lieutenant Colonel") and first words of one ("Head of Mathematics
#: Department"), counted by :func:`is_job_title` only.
_TITLE_ENDS_MORE = frozenset(
    words(
        """
        nurse teacher chef sous-chef cook senior junior associate paralegal
        lawyer solicitor attorney barrister counsel doctor dentist professor fellow
        principal dean registrar headteacher headmaster headmistress secretary treasurer
        chair chairman chairperson president founder co-founder owner partner
        geologist geoscientist geophysicist chemist economist biologist ecologist
        psychologist physiotherapist hygienist radiographer sonographer optometrist
        dietitian nutritionist journalist statistician epidemiologist pathologist
        radiologist anaesthetist anesthetist colonel lieutenant sergeant commander pm
        """
    )
)
_TITLE_STARTS = frozenset(words("head chief vp svp evp deputy assistant associate"))


def is_job_title(norms: Sequence[str]) -> bool:
    """The folded words are a job title, not an organisation ("Audit Senior", "Head of
    Mathematics Department", "Senior Underwriter")."""
    if len(norms) > 1 and norms[-1] in ROMAN:
        norms = norms[:-1]  # "Nursing Officer I", "Epidemiologist III"
    if not norms:
        return False
    if _title_word(norms[-1]):
        return True
    return (
        len(norms) > 1
        and norms[0] in _TITLE_STARTS
        and ("of" in norms or _title_word(norms[1]))
    )


def _title_word(norm: str) -> bool:
    """A word a job title ends in ("manager", "nurse", "geologist")."""
    return norm in JOB_TITLE_ENDS or norm in _TITLE_ENDS_MORE


#: First words of a job title that no one's name begins with ("Senior Geoscientist",
#: "Lead Marine Engineer", "Principal Geotechnical Engineer").
_RANKS = frozenset(
    words(
        """
        senior junior lead principal chief head deputy assistant associate staff group
        regional area
        """
    )
)
#: Roman numerals after a title or a grade ("Officer I", "Epidemiologist III", "Level II").
ROMAN = frozenset(words("i ii iii iv v vi vii viii ix x"))
#: Nouns of a job after a company's name ("the Brightline offer", "take the spire job").
JOB_NOUNS = frozenset(
    words(
        """
        offer offers role job contract interview interviews position internship recruiter
        recruiters package salary opening
        """
    )
)


def ranked_title_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of job titles that open with a rank ("Senior Geoscientist", "Lead
    Marine Engineer", "Senior Epidemiologist III"): capitalised words no one's name or a
    firm's begins with. The run of up to six words up to the first title word (and a
    roman numeral after it), so a name after the title stays out ("Lead Engineer Sarah
    Cook")."""
    toks = doc.tokens
    out = []
    for k, tok in enumerate(toks):
        if tok.norm not in _RANKS or not tok.is_cap:
            continue
        end = None
        m = k
        while m + 1 < len(toks) and m - k < 5 and doc.word_gap(m) and toks[m + 1].is_cap:
            m += 1
            if end is not None:  # the first title word ends it: "Lead Engineer Sarah Cook"
                if toks[m].norm in ROMAN:
                    end = m  # "Epidemiologist III"
                break
            if _title_word(toks[m].norm):
                end = m
        if end is not None:
            out.append((tok.start, toks[end].end))
    return out

HONORIFICS = frozenset(("mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "mx"))
TRAILING = frozenset(
    words(
        """
    hq headquarters office offices team teams campus store stores recruiter recruiters
    interview interviews offer offers stock shares employee employees staff hr ceo cto cfo
    coo vp people management leadership board i
    """
    )
)
#: Trailing words that end a name when capitalised ("Rwanda Development Board", "Home
#: Office", "Cocoa Board"), unlike "the Google board" or "the Accenture office".
NAME_ENDS = frozenset(("board", "office"))


def trailing(tok: Token) -> bool:
    """A word after a company that is not part of its name ("Google HQ", "Shell's board")."""
    return tok.norm in TRAILING and not (tok.norm in NAME_ENDS and tok.is_cap)


ADJECTIVES = frozenset(
    words(
        """
        new old current former entire whole previous
        """
    )
)

TLDS = frozenset(
    words(
        """
        com io ai co net org dev app tech de fr uk nl es it ch eu
        """
    )
)
FAMILY = frozenset(
    words(
        """
        sons daughters partners associates company co brothers fils cie
        """
    )
)
COMPANY_HEADS = frozenset(
    words(
        """
        labs lab technologies technology tech systems solutions consulting consultants
        partners associates ventures capital analytics software logistics industries
        enterprises studios studio games airlines airways bank pharma pharmaceuticals
        therapeutics biotech bio health healthcare digital media networks robotics
        interactive foods brands motors insurance hospital clinic agency security energy
        dynamics ai creative design marketing communications services
        haulers hauliers freight trucking construction builders
        farms dairy bakery shipping couriers removals plumbing electrical contractors
        cleaning catering hotels properties realty estates homes furniture fashion apparel
        textiles mills mining minerals resources investments trading traders imports
        exports distributors supplies manufacturing productions films records publishing
        advisory advisors accountants dental pharmacy cooperative co-operative co-op sacco
        government railway railways water schools
        """
    )
)
_SUFFIX_SPECS = """Inc|Incorporated|Ltd|Limited|LLC|L.L.C.|LLP|LP|PLC|plc|Corp|Corporation|Co|GmbH|
gGmbH|AG|KG|KGaA|OHG|UG|SE|SA|S.A.|SAS|S.A.S.|SARL|S.A.R.L.|S.A.U.|SAU|S.L.|SL|S.L.L.|SLL|S.Com.|
SpA|S.p.A.|SPA|Srl|S.r.l.|SRL|NV|N.V.|BV|B.V.|Oy|Oyj|AB|ASA|ApS|Pty|Pte|Bhd|Sdn Bhd|KK|K.K.|
s.r.o.|a.s.|d.o.o.|Kft|Zrt|Lda|Ltda|Group|Groep|Gruppe|Groupe|Grupo|Gruppo|Holding|Holdings|
& Co|& Company|& Cie|& Sons|and Sons|& Daughters|& Partners|and Partners|& Associates|
and Associates|Brothers|Bros|et Fils|et Cie|& Fils|Co-operative|Cooperative|Co-op|
Cooperativa|Coop|eG|ISD"""


def _suffix_table() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    table: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for spec in _SUFFIX_SPECS.replace("\n", "").split("|"):
        words = tuple(part for part in spec.replace(".", " ").replace("-", " ").split() if part)
        table.setdefault(phrase_key(spec), []).append(words)
    return table


SUFFIXES = _suffix_table()
SUFFIXES_SINGLE = frozenset(k[0] for k in SUFFIXES if len(k) == 1)
SUFFIX_FIRSTS = frozenset(k[0] for k in SUFFIXES)
SUFFIX_MAX = max(len(k) for k in SUFFIXES)


def suffix_case_ok(original: str, spec: str) -> bool:
    if len(spec) <= 3 and spec.isalpha():
        return original in (spec, spec.upper())
    if spec.lower() in COMMON or spec.lower() in FAMILY or spec.lower() in ("group", "holdings"):
        return original[0].isupper()
    return True


def is_stop(norm: str) -> bool:
    return norm in STOP_CAPS or norm in PLACES


_ENGLISH_ENDINGS = (
    "tion", "tions", "sion", "sions", "ment", "ments", "ness", "ity", "ities", "ers", "ors",
    "ing", "ings", "ism", "ist", "ists", "ance", "ence", "able", "ible", "ship", "hood",
    "ward", "wards", "ical", "ous", "ive", "ives", "ize", "ise", "ful", "less", "ology",
)  # fmt: skip


def is_unknown_word(tok: Token) -> bool:
    """A lower-case word that is not a known English word (a likely name)."""
    word = tok.norm
    if not tok.text.isalpha() or len(word) < 3 or not tok.text.islower():
        return False
    if word in COMMON or is_stop(word) or word in FIRST_NAMES or word in COMPANY_HEADS:
        return False
    if word.endswith(_ENGLISH_ENDINGS):
        return False
    for suffix, repl in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ly", ""),
        ("er", ""),
        ("d", ""),
    ):
        if word.endswith(suffix) and word[: -len(suffix)] + repl in COMMON:
            return False
    return True

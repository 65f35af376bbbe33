"""How one organisation or person is written again in a letter: initials and acronyms
("CBA" for "Commonwealth Bank of Australia"), the words inside an institution's head words
("aga khan" of "Aga Khan University Hospital"), a name without its opening head ("the
Vasconcelos"), a name written in its own script beside its Latin spelling ("王建国 (Mr
Wang Jianguo)"), and a nickname in brackets beside a person ("Tam McLeod (Big Tam to
everyone)"). Pure string functions; :mod:`mailpub.anonymize` applies them to the spans it
found."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mailpub.anonymize.lexicon import COMPANY_HEADS, words
from mailpub.anonymize.people import is_english, is_name
from mailpub.anonymize.places import is_place
from mailpub.anonymize.words import COMMON, PLACES, STOP_CAPS

INSTITUTION_HEADS = frozenset(
    ("hospital", "college", "university", "institute", "school", "clinic", "infirmary")
)


#: Lower-case words an organisation's initials skip ("Centre national du livre (CNL)").
INITIALS_SKIP = frozenset(words("of the and for de du des la le del di da y e et und für"))


def initials(word: str) -> str:
    """The letters a word gives an acronym: "UnitedHealth" -> "UH", "Bank" -> "B"."""
    caps = [c for c in word if c.isupper()]
    return "".join(caps) if len(caps) > 1 and word[:1].isupper() else word[:1].upper()


_LEADING_HEADS = frozenset(
    words(
        """
        colegio escuela universidad instituto hospital clinica liceo lycee college school
        university institute academy
        """
    )
)


def named_core(tokens: Sequence[str]) -> tuple[str, ...]:
    """The two or more words that name an institution inside its heads: ("aga", "khan") of
    "Aga Khan University Hospital", ("san", "agustin") of "Colegio San Agustín"; () when
    they are a place or ordinary words ("University of New South Wales", "City Hospital")."""
    out = list(tokens)
    while len(out) > 2 and (out[-1] in COMPANY_HEADS or out[-1] in INSTITUTION_HEADS):
        out.pop()
    while len(out) > 2 and (out[0] in _LEADING_HEADS or out[0] in INITIALS_SKIP):
        out.pop(0)
    core = tuple(out)
    if len(core) < 2 or core == tuple(tokens) or is_place(core) or any(t in PLACES for t in core):
        return ()  # "western sydney" of "Western Sydney University" is a region too
    if any(t in INITIALS_SKIP or t in COMPANY_HEADS or t in INSTITUTION_HEADS for t in core):
        return ()
    if all(t in COMMON or is_english(t) for t in core):
        return ()
    return core


def confirmable(form: Sequence[str]) -> bool:
    """A form of a found company that names it again where the model reads an organisation
    there ("Rio" of "Rio Tinto", "Stellenbosch" of "Stellenbosch University")."""
    first = form[0]
    return len(first) >= 3 and first.isalpha() and first not in COMMON and first not in STOP_CAPS


_OTHER_SCRIPT = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,8}"
_LATIN_NAME = r"(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}"
#: A name written twice, in its own script and in Latin letters: "王建国 (Mr Wang Jianguo)",
#: "Park Ji-hoon (박지훈)".
TWIN_RE = re.compile(
    rf"(?P<a>{_OTHER_SCRIPT})\s*[(（]\s*(?P<b>{_LATIN_NAME})\s*[)）]"
    rf"|(?P<c>{_LATIN_NAME})\s*[(（]\s*(?P<d>{_OTHER_SCRIPT})\s*[)）]"
)


#: Words that open an institution's name before the words that name it ("Biblioteca
#: Vasconcelos" is "the Vasconcelos").
_OPENING_HEADS = frozenset(
    words(
        """
        biblioteca museo museu museum banco grupo group teatro fundacion fundacao instituto
        colegio escuela universidad hospital clinica editorial editions editora conservas
        """
    )
)


def after_heads(name: Sequence[str]) -> tuple[str, ...]:
    """The name without the head words that open it ("biblioteca vasconcelos" ->
    ("vasconcelos",)); () when nothing distinctive is left."""
    k = 0
    while k < len(name) - 1 and (name[k] in _OPENING_HEADS or name[k] in INITIALS_SKIP):
        k += 1
    rest = tuple(name[k:])
    return rest if k and all(t not in COMMON and not is_english(t) for t in rest) else ()


def spells(acronym: str, name: str) -> bool:
    """The acronym is the initials of the name's words ("CBA": "Commonwealth Bank of
    Australia", "UHG": "UnitedHealth Group"), or of its first words ("MPI": "Max Planck
    Institute for Biological Cybernetics")."""
    words_ = [w for w in name.split() if not (w.islower() and w in INITIALS_SKIP)]
    letters = ""
    for n, word in enumerate(words_, 1):
        if not word[:1].isalpha():
            return False
        letters += initials(word)
        if letters == acronym:
            return n == len(words_) or len(acronym) >= 3  # "PG" spells no longer name
        if not acronym.startswith(letters):
            return False
    return False


#: A nickname in brackets after a person ("Tam McLeod (Big Tam to everyone)", "Ngozi Okeke
#: (we call her Ngo)") or before one ("Jun-Jun (Rodel Santos)").
_NICK = r"[A-Z][\w'’]+(?:[ -][A-Z][\w'’]+)?"
_NICK_AFTER_RE = re.compile(
    rf"\s*\(\s*(?:(?:we|they|everyone|people) calls? (?:him|her|them|me) |aka |a\.k\.a\. )?"
    rf"({_NICK})(?=\s*\)|\s+to (?:everyone|all|us|friends)\b|\s+for short\b)"
)
_NICK_BEFORE_RE = re.compile(rf"({_NICK})\s*\(\s*$")


def nicknames_beside(full: str, start: int, end: int) -> list[tuple[int, int]]:
    """Character spans of nicknames in brackets beside the person at ``start``–``end``:
    after it ("(Ngo)", "(we call her Ngo)", "(Big Tam to everyone)") or, when the person is
    the bracket, before it ("Jun-Jun (Rodel Santos)"). Not a place or a department
    ("(Berlin)", "(Finance)")."""
    out = []
    m = _NICK_AFTER_RE.match(full, end)
    if m:
        # said as a nickname: "(we call her Ngo)", "(Big Tam to everyone)"
        lead, after = full[m.start(0) : m.start(1)], full[m.end(1) : m.end(1) + 1]
        said = lead.strip(" (") != "" or after != ")"
        if _nickname_ok(m.group(1)) or (said and not is_place(m.group(1).lower().split())):
            out.append((m.start(1), m.end(1)))
    if full[end : end + 1] == ")":
        b = _NICK_BEFORE_RE.search(full, max(0, start - 40), start)
        if b and _nickname_ok(b.group(1)):
            out.append((b.start(1), b.end(1)))
    return out


def _nickname_ok(text: str) -> bool:
    """A name-like nickname: not a place, not only ordinary words ("(Berlin)", "(HR)")."""
    parts = [w.lower() for w in re.split(r"[ -]", text) if w]
    if not parts or is_place(parts) or text.isupper():
        return False
    return any(not is_english(w) or is_name(w) for w in parts)

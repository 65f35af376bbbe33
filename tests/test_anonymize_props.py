"""Property tests for mailpub.anonymize (Hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mailpub.anonymize import anonymize, placeholder_code
from mailpub.model import Identity, RedactionKind, Rules

FIRST = [
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Florence", "Sophia",
    "Noah", "Oliver", "George", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Archie",
    "Henry", "Liam", "Ethan", "Mateo", "Lucas", "Elijah", "Priya", "Ananya", "Rohan", "Aarav",
    "Yusuf", "Fatima", "Aisha", "Omar", "Chen", "Wei", "Hiroshi", "Yuki", "Sven", "Ingrid",
    "Björn", "Zoë", "Renée", "José", "Álvaro", "Thiago", "Camila", "Valentina", "Dmitri",
    "Svetlana", "Olga", "Kwame", "Chidi", "Ngozi", "Siobhan", "Niamh", "Tadhg", "Eitan",
    "Noa", "Yael", "Giulia", "Matteo", "Lorenzo", "Elif", "Emre", "Zeynep",
]  # fmt: skip
LAST = [
    "Smith", "Johnson", "Williams", "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez",
    "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee",
    "Thompson", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Nguyen", "Patel", "Singh",
    "Kumar", "Cohen", "Levi", "Friedman", "Müller", "Schmidt", "Schneider", "Fischer", "Weber",
    "Dubois", "Lefèvre", "Rossi", "Russo", "Ferrari", "Esposito", "Kowalski", "Nowak",
    "Ivanov", "Petrov", "Yamamoto", "Tanaka", "Watanabe", "Okafor", "Mensah", "O'Brien",
    "Murphy", "Kelly", "Andersson", "Johansson", "Nielsen", "Jensen", "Dvořák", "Novák",
    "Papadopoulos", "Yilmaz", "Kaya", "Al-Sayed", "Fernández", "Da Silva",
]  # fmt: skip
CORPORATE = ["acme-widgets.com", "initech.io", "globex.co.uk", "umbrella-corp.de"]
FREE = ["gmail.com", "yahoo.com", "outlook.com", "proton.me", "icloud.com", "gmx.de"]
PHONES = [
    "+1 415 555 2671", "(415) 555-2671", "415-555-2671", "415.555.2671", "+1-202-555-0143",
    "+44 20 7946 0958", "020 7946 0958", "+44 7700 900123", "07700 900123",
    "+972-54-123-4567", "+49 30 12345678", "+33 1 42 68 53 00",
]  # fmt: skip
SENTENCES = [
    "I have worked in data science for five years.",
    "My manager keeps changing priorities every week.",
    "I am not sure whether to accept the offer.",
    "Thank you for reading this long email.",
    "Any advice would be really appreciated.",
    "- I like the research part of the job.",
    "I feel stuck and I want to grow.",
]
COMPANIES = [
    "Google", "Microsoft", "Deloitte", "Acme Corp", "Siemens AG", "Hargrove & Sons Ltd",
    "Freightwise", "Zyphr", "KPMG", "Nestlé", "Unilever", "Salesforce", "Oscar Health",
    "Quillfeather", "Loomly Systems Inc", "Tesla", "Spotify", "Accenture",
]  # fmt: skip
TEMPLATES = [
    "I have 5 years of experience at {}.",
    "Yesterday I got an offer from {}.",
    "A recruiter from {} reached out to me.",
    "I am thinking about joining {} next year.",
    "My friend left {} last spring.",
    "Should I stay at {}?",
]
RULES = Rules(author_names=("Boris Gorelik",))


@st.composite
def identities(draw: st.DrawFn) -> tuple[str, str, str, str]:
    first = draw(st.sampled_from(FIRST))
    last = draw(st.sampled_from(LAST))
    sep = draw(st.sampled_from([".", "_", ""]))
    local = f"{first}{sep}{last}".lower().replace("'", "").replace(" ", "")
    domain = draw(st.sampled_from(CORPORATE + FREE))
    address = f"{local}@{domain}".encode("ascii", "ignore").decode()
    phone = draw(st.sampled_from(PHONES))
    return first, last, address, phone


@st.composite
def letters(draw: st.DrawFn) -> tuple[tuple[str, str, str, str], str]:
    first, last, address, phone = ident = draw(identities())
    name_forms = [f"{first} {last}", first, last, first.upper(), last.lower()]
    inserts = [
        f"My name is {draw(st.sampled_from(name_forms))}.",
        f"You can write to {address} any time.",
        f"Call me on {phone} after work.",
        f"{draw(st.sampled_from(name_forms))} here again.",
        f"Best, {first}",
    ]
    body = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6))
    for piece in inserts:
        pos = draw(st.integers(min_value=0, max_value=len(body)))
        body.insert(pos, piece)
    sep = draw(st.sampled_from([" ", "\n", "\n\n"]))
    return ident, sep.join(body)


def _word_present(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


@settings(max_examples=150, deadline=None)
@given(letters())
def test_sender_identity_never_survives(case: tuple[tuple[str, str, str, str], str]) -> None:
    (first, last, address, phone), body = case
    identity = Identity(name=f"{first} {last}", address=address)
    result = anonymize(f"Question from {first}", body, identity=identity, rules=RULES)
    out = result.subject + "\n" + result.text
    for part in [first, last, *re.split(r"[ '-]", last)]:
        if len(part) >= 2:
            assert not _word_present(part, out), (part, out)
    assert address not in out
    digits = re.sub(r"\D", "", phone)
    assert digits[-7:] not in re.sub(r"\D", "", out), out
    assert "<NAME>" in out and "<EMAIL>" in out and "<PHONE>" in out


@settings(max_examples=100, deadline=None)
@given(letters(), st.lists(st.sampled_from(COMPANIES), max_size=5))
def test_output_is_deterministic(
    case: tuple[tuple[str, str, str, str], str], companies: list[str]
) -> None:
    (first, last, address, _), body = case
    body += " " + " ".join(f"I worked at {c}." for c in companies)
    identity = Identity(name=f"{first} {last}", address=address)
    a = anonymize("Subject", body, identity=identity, rules=RULES)
    b = anonymize("Subject", body, identity=identity, rules=RULES)
    assert a == b


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(TEMPLATES), st.sampled_from(COMPANIES)), min_size=1, max_size=12
    ),
    st.booleans(),
)
def test_placeholders_follow_first_appearance(
    mentions: list[tuple[str, str]], in_subject: bool
) -> None:
    sentences = [template.format(name) for template, name in mentions]
    subject = sentences.pop(0) if in_subject and len(sentences) > 1 else "Advice please"
    result = anonymize(subject, "\n".join(sentences), identity=Identity(), rules=RULES)
    out = result.subject + "\n" + result.text
    seen: list[str] = []
    for code in re.findall(r"<([A-Z]{3}\d*)>", out):
        if code not in seen:
            seen.append(code)
    distinct = list(dict.fromkeys(name for _, name in mentions))
    assert seen == [placeholder_code(i) for i in range(len(seen))]
    assert len(seen) == len(distinct), out
    for name in distinct:
        assert name not in out
    companies = [r for r in result.redactions if r.kind is RedactionKind.COMPANY]
    assert [r.placeholder for r in companies] == [f"<{c}>" for c in seen]


_WORDISH = st.text(
    alphabet=st.sampled_from(list("aAbBéÉxXzZ &.,'’-@:/+()0123456789\n<>")), max_size=80
)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=60),
    st.one_of(st.text(max_size=300), _WORDISH),
    st.one_of(st.none(), st.text(max_size=30)),
    st.one_of(st.none(), st.text(max_size=30), st.just("x@ac-me.co.uk")),
    st.text(max_size=80),
    st.lists(st.text(max_size=15), max_size=3),
)
def test_total_on_any_input(
    subject: str,
    text: str,
    name: str | None,
    address: str | None,
    signature: str,
    extra: list[str],
) -> None:
    rules = Rules(companies=tuple(extra), keep=tuple(extra[:1]), author_names=tuple(extra[1:]))
    identity = Identity(name=name, address=address, signature=signature)
    result = anonymize(subject, text, identity=identity, rules=rules)
    assert "\n" not in result.subject
    kinds = [r.kind for r in result.redactions]
    assert kinds == sorted(kinds, key=list(RedactionKind).index)
    if not result.redactions:
        assert result.text == text

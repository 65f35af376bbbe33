"""Synthetic but realistic advice letters for benchmarks (deterministic).

Each letter has 150–400 words in several paragraphs, sometimes a list,
company names, a sign-off and a signature with a phone number and URL;
some are HTML-only. Used by ``benchmarks/run.py``.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

FIRST = [
    "Dana",
    "Priya",
    "Tomasz",
    "Aisha",
    "Lucas",
    "Mei",
    "Jonas",
    "Sofia",
    "Omar",
    "Elena",
    "Kwame",
    "Hana",
    "Mateo",
    "Ingrid",
    "Ravi",
    "Chloe",
    "Yusuf",
    "Nora",
    "Diego",
    "Anya",
]
LAST = [
    "Whitfield",
    "Nair",
    "Kowalczyk",
    "Okafor",
    "Moreau",
    "Chen",
    "Berg",
    "Rossi",
    "Haddad",
    "Petrova",
    "Mensah",
    "Sato",
    "Alvarez",
    "Larsen",
    "Iyer",
    "Dubois",
    "Demir",
    "Keller",
]
COMPANIES = [
    "Google",
    "Microsoft",
    "Intel",
    "Deloitte",
    "Accenture",
    "Stripe",
    "Siemens AG",
    "Procter & Gamble",
    "Goldman Sachs",
    "Spotify",
    "Unilever",
    "Novartis",
    "KPMG",
    "Freightwise Ltd",
    "Brightwave Digital",
    "Acme Corp",
    "Vantor Bio Inc.",
]
SENTENCES = [
    "I have been working as a data analyst at {c} for {n} years and I feel stuck.",
    "My manager says I should focus on delivery rather than on learning new skills.",
    "Last month I received an offer from {c} for a senior position with a better salary.",
    "The team is great, but the projects are repetitive and the tooling is outdated.",
    "I am not sure whether a PhD would help my career or just delay it by five years.",
    "Most of my work is building dashboards and cleaning data, which I do not enjoy much.",
    "A recruiter from {c} contacted me about a machine learning engineer role.",
    "I would like to move into research, but I never published a paper.",
    "My partner thinks I should stay because the company is stable and pays well.",
    "I have a master's degree in statistics and I know Python, SQL and some Spark.",
    "The startup offer is exciting, but the equity is hard to value and the risk is high.",
    "Our department was reorganised twice this year, and nobody knows what comes next.",
    "I enjoy mentoring juniors and I wonder whether management is the right next step.",
    "Compared to {c}, my current employer invests very little in training.",
    "I read several of your posts about career choices and found them very helpful.",
    "Do you think it is better to specialise early or to stay a generalist for a while?",
]


def letter(index: int, *, html: bool = False, attachment_bytes: int = 0) -> bytes:
    """One letter as RFC 5322 bytes; the same index always gives the same bytes."""
    rng = random.Random(index)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    words_target = rng.randint(150, 400)
    paragraphs: list[str] = []
    words = 0
    while words < words_target:
        sentences = [
            rng.choice(SENTENCES).format(c=rng.choice(COMPANIES), n=rng.randint(2, 9))
            for _ in range(rng.randint(2, 4))
        ]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    if rng.random() < 0.3:
        paragraphs.insert(
            len(paragraphs) // 2,
            f"I got 2 offers:\n- One with {rng.choice(COMPANIES)} as a researcher.\n"
            "- One with a small startup.",
        )
    body = "Hi Boris,\n\n" + "\n\n".join(paragraphs)
    body += (
        f"\n\nThanks a lot,\n{first}\n\n--\n{first} {last}\nAnalyst | {rng.choice(COMPANIES)}\n"
        f"Mobile: +1 415 555 {rng.randint(1000, 9999)}\nhttps://www.linkedin.com/in/{first.lower()}-{index}\n"
    )
    msg = EmailMessage()
    msg["From"] = f"{first} {last} <{first.lower()}.{last.lower()}{index}@gmail.com>"
    msg["To"] = "Boris <boris@example.org>"
    msg["Subject"] = f"Career question #{index}: should I move?"
    msg["Date"] = format_datetime(datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=index))
    msg["Message-ID"] = make_msgid(idstring=f"bench{index}", domain="mail.example.com")
    if html:
        html_body = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        msg.set_content(f"<html><body>{html_body}</body></html>", subtype="html")
    else:
        msg.set_content(body)
    if attachment_bytes:
        payload = bytes(rng.getrandbits(8) for _ in range(min(attachment_bytes, 4096)))
        payload = (payload * (attachment_bytes // len(payload) + 1))[:attachment_bytes]
        msg.add_attachment(
            payload, maintype="application", subtype="octet-stream", filename="cv.bin"
        )
    return msg.as_bytes()

"""Tests for mailpub.clean: Mail in, CleanMail out."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailpub.clean import (
    clean_mail,
    clean_subject,
    clean_text,
    format_blocks,
    is_footer_line,
    is_signoff_line,
)
from mailpub.model import CleanMail, CutKind, Mail
from mailpub.parse import parse_message, text_hash

MAIL = Path(__file__).resolve().parent / "data" / "mail"


def clean_fixture(name: str) -> CleanMail:
    return clean_mail(parse_message((MAIL / name).read_bytes()))


def kinds(text: str) -> list[CutKind]:
    return [cut.kind for cut in clean_text(text)[1]]


# --- subject ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: Career", "Career"),
        ("RE: RE: Fwd: FW: Career", "Career"),
        ("AW: SV: Antw: WG: Career", "Career"),
        ("Re[2]: Career", "Career"),
        ("Re : Career", "Career"),
        ("fwd:re:Career", "Career"),
        ("[list] Re: Career", "[list] Re: Career"),
        ("  Career   advice\tneeded ", "Career advice needed"),
        ("Regarding my career", "Regarding my career"),
        ("Reply needed", "Reply needed"),
        ("", ""),
    ],
)
def test_clean_subject(subject: str, expected: str) -> None:
    assert clean_subject(subject) == expected


# --- quoted history -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Gmail style, header split over two lines
        (
            "My question.\n\nOn Mon, Jan 1, 2024 at 10:00 AM Boris <\nboris@example.com> wrote:\n"
            "> old\n",
            "My question.",
        ),
        ("Mine.\n\nOn 2024-01-01, Boris wrote:\n> old\n>> older\n", "Mine."),
        ("Mine.\n\nAm 01.01.2024 um 10:00 schrieb Boris <b@example.com>:\n> alt\n", "Mine."),
        ("Mine.\n\nLe 1 janv. 2024 à 10:00, Boris <b@example.com> a écrit :\n> x\n", "Mine."),
        ("Mine.\n\nEl 1/1/2024, Boris <b@example.com> escribió:\n> x\n", "Mine."),
        ("Mine.\n\nOp 1 jan. 2024 om 10:00 schreef Boris <b@example.com>:\n> x\n", "Mine."),
        ("Mine.\n\n2024-01-01 10:00 GMT+01:00 Boris <b@example.com>:\n> x\n", "Mine."),
        # Outlook header block, unquoted history below
        (
            "Mine.\n\n________________________________\nFrom: Boris <b@example.com>\n"
            "Sent: Monday, January 1, 2024 10:00 AM\nTo: Me\nSubject: Re: x\n\nOld text.\n",
            "Mine.",
        ),
        ("Mine.\n\n-----Original Message-----\nFrom: Boris\nSent: today\n\nOld.\n", "Mine."),
        ("Mine.\n\n*From:* Boris\n*Sent:* today\n*To:* me\n\nOld.\n", "Mine."),
        ("Mine.\n\nVon: Boris\nGesendet: heute\nAn: mich\nBetreff: x\n\nAlt.\n", "Mine."),
        # bottom posting and interleaved answers keep the reader's words
        ("On Mon, Boris wrote:\n> question?\n\nMy answer.\n", "My answer."),
        ("> q1\nanswer one\n> q2\nanswer two\n", "answer one\n\nanswer two"),
        # a long quoted line re-wrapped by the client without ">"
        (
            "Mine.\n\n> a quoted line that is long enough to have been wrapped by the client\n"
            "wrapped rest\n> quoted end\n",
            "Mine.",
        ),
    ],
)
def test_quoted_history_is_removed(text: str, expected: str) -> None:
    cleaned, cuts = clean_text(text)
    assert cleaned == expected
    assert CutKind.QUOTE in [c.kind for c in cuts]


def test_wrote_inside_a_sentence_is_not_a_header() -> None:
    cleaned, cuts = clean_text("My boss wrote: you are late.\nWhat now?")
    assert cleaned == "My boss wrote: you are late.\n\nWhat now?"
    assert cuts == ()


def test_forward_without_own_words_keeps_forwarded_body() -> None:
    text = (
        "---------- Forwarded message ---------\nFrom: A <a@example.com>\n"
        "Date: Mon, Jan 1, 2024\nSubject: Help\nTo: B <b@example.com>\n\n"
        "Dear Boris,\n\nWhat should I do?\n\nThanks,\nA\n"
    )
    cleaned, cuts = clean_text(text)
    assert cleaned == "Dear Boris,\n\nWhat should I do?"
    assert cuts[0].kind is CutKind.QUOTE and "Forwarded message" in cuts[0].text
    assert "From: A" in cuts[0].text


def test_forward_with_own_words_keeps_only_own_words() -> None:
    text = (
        "Boris, please read my friend's letter below.\n\n"
        "Begin forwarded message:\n\nFrom: A <a@example.com>\nSubject: Help\n\nThe friend's text.\n"
    )
    cleaned, cuts = clean_text(text)
    assert cleaned == "Boris, please read my friend's letter below."
    assert any(c.kind is CutKind.QUOTE and "The friend's text." in c.text for c in cuts)


def test_fully_quoted_letter_is_kept_rather_than_lost() -> None:
    cleaned, _ = clean_text("> Hi Boris,\n>\n> My whole letter is quoted.\n")
    assert cleaned == "Hi Boris,\n\nMy whole letter is quoted."


# --- signatures, sign-offs, footers, disclaimers -----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "expected_kinds"),
    [
        ("Question?\n\n-- \nAnn\nwww.example.org\n", "Question?", [CutKind.SIGNATURE]),
        ("Question?\n\nThanks,\nAnn\n", "Question?", [CutKind.SIGNOFF]),
        ("Question?\nThank you!\n", "Question?", [CutKind.SIGNOFF]),
        ("Question?\n\nBest regards,\nAnn Lee\n", "Question?", [CutKind.SIGNOFF]),
        ("Question?\n\nCheers, Ann\n", "Question?", [CutKind.SIGNOFF]),
        ("Question?\n\nKind regards\n", "Question?", [CutKind.SIGNOFF]),
        ("Question?\n\nSincerely,\nAnn\n", "Question?", [CutKind.SIGNOFF]),
        ("Question?\n\nMit freundlichen Grüßen\nAnn\n", "Question?", [CutKind.SIGNOFF]),
        (
            "Question?\n\nBest,\nAnn Lee\nData Scientist | Example Corp\n+1 555 010 0000\n",
            "Question?",
            [CutKind.SIGNOFF, CutKind.SIGNATURE],
        ),
        (
            "Question?\n\nAnn Lee\nSenior Engineer, Example Ltd\nann@example.org\n",
            "Question?",
            [CutKind.SIGNATURE],
        ),
        ("Question?\n\nSent from my iPhone\n", "Question?", [CutKind.FOOTER]),
        ("Question?\n\nGet Outlook for Android\n", "Question?", [CutKind.FOOTER]),
        (
            "Question?\n\nSent from Yahoo Mail on Android\n",
            "Question?",
            [CutKind.FOOTER],
        ),
        (
            "Question?\n\nThis email and any attachments are confidential and intended solely "
            "for the use of the individual to whom they are addressed.\n",
            "Question?",
            [CutKind.DISCLAIMER],
        ),
        (
            "EXTERNAL EMAIL\n\nQuestion?\n",
            "Question?",
            [CutKind.DISCLAIMER],
        ),
        (
            "CAUTION: This email originated from outside of the organization. Do not click "
            "links unless you recognize the sender.\n\nQuestion?\n",
            "Question?",
            [CutKind.DISCLAIMER],
        ),
    ],
)
def test_signature_pieces_are_cut(text: str, expected: str, expected_kinds: list[CutKind]) -> None:
    cleaned, cuts = clean_text(text)
    assert cleaned == expected
    assert [c.kind for c in cuts] == expected_kinds


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for your blog, it helped me.\n\nMy question follows.",
        "Hi Boris,\n\nBest decision ever?",
        "I work in sales.\n\nRegards to your team are in order, I think, for the post.",
        "Sent from my desk, is much easier than my mobile phone.",
        "Here is a fix -- this is not a signature.",
    ],
)
def test_text_that_only_looks_like_a_signature_stays(text: str) -> None:
    cleaned, cuts = clean_text(text)
    assert cleaned.replace("\n\n", " ") == text.replace("\n\n", " ")
    assert cuts == ()


def test_greeting_is_kept_as_its_own_block() -> None:
    cleaned, _ = clean_text("Hi Boris,\nI have a question about my career path.\n")
    assert cleaned == "Hi Boris,\n\nI have a question about my career path."


def test_sender_name_alone_at_the_end_is_cut_only_when_known() -> None:
    text = "My question is about salaries.\n\nAnn\n"
    assert clean_text(text)[0] == "My question is about salaries.\n\nAnn"
    cleaned, cuts = clean_text(text, sender_name="Ann Lee")
    assert cleaned == "My question is about salaries."
    assert [c.kind for c in cuts] == [CutKind.SIGNOFF]


def test_signoff_alone_is_kept() -> None:
    assert clean_text("Thanks!")[0] == "Thanks!"


@pytest.mark.parametrize(
    ("line", "signoff", "footer"),
    [
        ("Thanks,", True, False),
        ("Thank you so much!", True, False),
        ("Best regards, Ann", True, False),
        ("-Ann Lee", True, False),
        ("Thanks for your blog, it changed my life", False, False),
        ("Sent from my iPhone", False, True),
        ("Sent from Mail for Windows", False, True),
        ("Get Outlook for iOS<https://aka.ms/o0ukef>", False, True),
        ("Von meinem iPhone gesendet", False, True),
        ("Sent from my desk, is much easier", False, False),
    ],
)
def test_line_classifiers(line: str, signoff: bool, footer: bool) -> None:
    assert is_signoff_line(line) is signoff
    assert is_footer_line(line) is footer


# --- layout -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hard-wrapped paragraph joined; blank line between paragraphs
        (
            "This is a long line of a paragraph that was wrapped by the mail client at\n"
            "seventy-odd characters, and it goes on.\n\nSecond paragraph.",
            "This is a long line of a paragraph that was wrapped by the mail client at "
            "seventy-odd characters, and it goes on.\n\nSecond paragraph.",
        ),
        # list introduced by a line: items directly below, bullets normalised
        (
            "I got 2 offers:\n* one\n• two\n– three\n\nWhich?",
            "I got 2 offers:\n- one\n- two\n- three\n\nWhich?",
        ),
        # numbered items keep their numbers; continuation joined to the item
        (
            "Steps:\n1. first\n   more of first\n2) second",
            "Steps:\n1. first more of first\n2) second",
        ),
        # list after a blank line following a colon stays attached
        ("My options:\n\n- a\n- b", "My options:\n- a\n- b"),
        # short unwrapped lines stay separate blocks
        ("Line one.\nLine two.", "Line one.\n\nLine two."),
        # runs of spaces collapse, unicode punctuation kept
        ("It’s   “fine” — really…", "It’s “fine” — really…"),
        ("\n\n  \nText\n\n\n\nMore\n\n", "Text\n\nMore"),
    ],
)
def test_layout(text: str, expected: str) -> None:
    assert clean_text(text)[0] == expected


def test_format_blocks_has_no_trailing_whitespace() -> None:
    out = format_blocks(["  a  ", "", "", "b   ", "- c  "])
    assert out == "a\n\nb\n- c"
    assert all(line == line.rstrip() for line in out.split("\n"))


# --- fixtures -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "subject", "text", "cut_kinds"),
    [
        (
            "plain_text.eml",
            "Career question: stay or go?",
            "Hi Boris,\n\nI have been a data analyst at a mid-sized retailer for three years and "
            "I feel that I have stopped learning. My manager is supportive, but the work is the "
            "same every quarter.\n\nShould I stay and push for new projects, or look for a new "
            "job?",
            [CutKind.SIGNOFF],
        ),
        (
            "quoted_reply.eml",
            "Your answer",
            "Thank you for the answer. One follow-up: how do I ask for a raise without sounding "
            "ungrateful?",
            [CutKind.QUOTE],
        ),
        (
            "outlook_reply.eml",
            "Promotion",
            "I was promoted last month but my salary did not change. Is that normal?",
            [CutKind.QUOTE],
        ),
        (
            "signature_dashes.eml",
            "Moving abroad",
            "My partner got a job offer in another country. Should I follow and look for work "
            "there, or stay and work remotely?",
            [CutKind.SIGNATURE],
        ),
        (
            "signoff_signature.eml",
            "Learning path",
            "Dear Boris,\n\nThanks for your blog, it changed how I think about interviews.\n\n"
            "Which course should I take next?",
            [CutKind.SIGNOFF, CutKind.SIGNATURE],
        ),
        (
            "mobile_footer.eml",
            "Quick one",
            "Is it ok to mention a competing offer when negotiating? I do not want to burn "
            "bridges with my current employer.",
            [CutKind.FOOTER],
        ),
        (
            "disclaimer.eml",
            "Ethics question",
            "Hello Boris,\n\nMy team lead asks me to round numbers in reports in a way that looks "
            "better than reality. What should I do?",
            [CutKind.DISCLAIMER, CutKind.SIGNOFF, CutKind.DISCLAIMER],
        ),
        (
            "forwarded.eml",
            "Question for the column",
            "Hi Boris,\n\nMy friend asked me to send you this: is a PhD worth it for industry "
            "jobs?",
            [CutKind.QUOTE, CutKind.SIGNOFF],
        ),
        (
            "list_items.eml",
            "Two offers",
            "Hi Boris,\n\nI got 2 offers:\n- Data scientist at a logistics company, with a higher "
            "salary and a long commute\n- ML engineer at a small start-up\n\nMy priorities are:\n"
            "1. learning\n2) stability\n\nWhich one would you pick?",
            [],
        ),
        (
            "html_only.eml",
            "A question about café jobs",
            "Hello Boris,\n\nI read your post on career changes (https://blog.example.net/post) "
            "and I have a question & a worry.\n\nI got 2 offers:\n- Analyst at a bank\n"
            "- Engineer at a start-up\n\n1. First step\n2. Second step\n\nWrite to lee@example.com "
            "or see https://example.com.\n\nLine one\n\nLine two\n\nNew paragraph",
            [CutKind.QUOTE],
        ),
        (
            "multipart_alt.eml",
            "Switching teams",
            "Plain version of the letter: should I switch teams?",
            [],
        ),
    ],
)
def test_fixture_letters(
    fixture: str, subject: str, text: str, cut_kinds: list[CutKind]
) -> None:
    cleaned = clean_fixture(fixture)
    assert cleaned.subject == subject
    assert cleaned.text == text
    assert [c.kind for c in cleaned.cuts] == cut_kinds


def test_cut_texts_hold_what_was_removed() -> None:
    cleaned = clean_fixture("signoff_signature.eml")
    signature = "\n".join(c.text for c in cleaned.cuts)
    assert "Jo Smith" in signature and "jo.smith@example.org" in signature
    assert "Jo Smith" not in cleaned.text


def test_clean_mail_uses_sender_name() -> None:
    mail = Mail(
        message_id=None,
        subject="Re: x",
        sender_name="Quinn Example",
        sender_address="quinn@example.org",
        date=None,
        text="My letter.\n\nQuinn\n",
        was_html=False,
        text_hash=text_hash("My letter.\n\nQuinn\n"),
    )
    cleaned = clean_mail(mail)
    assert cleaned == CleanMail(subject="x", text="My letter.", cuts=cleaned.cuts)
    assert [c.text for c in cleaned.cuts] == ["Quinn"]


# --- robustness ---------------------------------------------------------------------------


def test_long_quote_line_is_fast() -> None:
    text = "Reply\n\n" + ">" * 800_000 + "\n\nOn Mon, X wrote:\n> y\n"
    started = time.perf_counter()
    cleaned, _ = clean_text(text)
    assert time.perf_counter() - started < 2
    assert cleaned == "Reply"


def test_long_lines_without_newlines_are_fast() -> None:
    text = ("word " * 200_000) + "\nOn " + "x" * 100_000 + " wrote:"
    started = time.perf_counter()
    clean_text(text)
    assert time.perf_counter() - started < 3


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_clean_text_never_raises_and_is_tidy(text: str) -> None:
    cleaned, cuts = clean_text(text)
    assert cleaned == cleaned.strip("\n")
    assert "\n\n\n" not in cleaned
    assert all(line == line.rstrip() for line in cleaned.split("\n"))
    assert all(cut.text.strip() for cut in cuts)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Hi Boris,",
                "",
                "A sentence of the letter that is long enough to look wrapped at width.",
                "> quoted",
                "On Mon, Jan 1, 2024 at 10:00 AM X <x@example.com> wrote:",
                "From: X",
                "Sent: today",
                "-- ",
                "Thanks,",
                "Ann",
                "- item",
                "1. item",
                "Sent from my iPhone",
                "---------- Forwarded message ---------",
            ]
        ),
        max_size=25,
    )
)
def test_clean_text_on_mail_shaped_lines(lines: list[str]) -> None:
    cleaned, _ = clean_text("\n".join(lines))
    assert "> quoted" not in cleaned or all(line.startswith(">") for line in lines if line)


def test_reader_sentence_with_contact_details_is_kept() -> None:
    text = (
        "Hi Boris,\n\nMy question is about moving jobs.\n\n"
        "I also read your career posts (https://example.org/career).\n\n"
        "You can reach me at +44 20 7946 0958 or me@example.com.\n\n"
        "Best regards,\nPriya\n\nMobile: +44 20 7946 0958\nhttps://www.linkedin.com/in/priya\n"
    )
    cleaned, cuts = clean_text(text, sender_name="Priya")
    assert "I also read your career posts (https://example.org/career)." in cleaned
    assert "You can reach me at" in cleaned
    assert "linkedin" not in cleaned and "Best regards" not in cleaned
    assert any("linkedin" in c.text for c in cuts)


def test_hidden_controls_cannot_split_a_name() -> None:
    from datetime import UTC, datetime

    from mailpub.clean import clean_mail
    from mailpub.model import Mail

    mail = Mail(
        message_id=None,
        subject="Re: Whit\u200bfield at Int\u202eel",
        sender_name="Dana Whitfield",
        sender_address="dana@example.org",
        date=datetime(2026, 1, 1, tzinfo=UTC),
        text="Hi Boris,\n\nI work at In\u200btel with Whit\u2066field.",
        was_html=False,
        text_hash="x",
    )
    cleaned = clean_mail(mail)
    assert cleaned.subject == "Whitfield at Intel"
    assert "I work at Intel with Whitfield." in cleaned.text


@pytest.mark.parametrize(
    "closing",
    [
        "Thank you and God bless,\nWanjiru Kamau, RN BScN\nCritical Care Nurse, Example Hospital\n"
        "+254 722 418 903 linkedin.com/in/wk-rn",
        "With respect,\nRania Haddadin\nEnglish Teacher, Example Office\nMob: +962 79 555 0123",
        "Un abrazo,\nDaniela Garza\nFleet Dispatcher | Transportes del Norte S.A. de C.V.\n"
        "Cel. +52 81 1234 5678",
        "Thanking you,\nArjun V.\n+91 98450 12345 github.com/arjunv",
        "With thanks and kind regards,\nJames",
        "cheers mate",
        "thanks, tomek\ntomasz w. viola, example orchestra tel. 601 234 567",
        "Merci infiniment,\nMireille",
        "Warmly,\nWei Ling",
        "Muchas gracias y saludos cordiales,\nMariana",
    ],
)
def test_more_signoffs_and_their_signatures_are_cut(closing: str) -> None:
    cleaned, cuts = clean_text("Hi Boris,\n\nShould I stay or go?\n\n" + closing + "\n")
    assert cleaned == "Hi Boris,\n\nShould I stay or go?", cleaned
    assert cuts and cuts[0].kind is CutKind.SIGNOFF


def test_greetings_in_other_words_are_greetings() -> None:
    from mailpub.clean import is_greeting_line

    for line in ("Respected Boris Sir,", "Good day Boris,", "alright boris,", "Kia ora Boris,"):
        assert is_greeting_line(line), line
    assert not is_greeting_line("Sirens woke me up at night, which made me think.")


@pytest.mark.parametrize(
    "line",
    [
        "Ngiyabonga,",
        "Jazak Allah,",
        "Cảm ơn anh nhiều!",
        "Asante sana for your time.",
        "Ngā mihi nui,",
        "Tusen takk,",
        "谢谢！",
        "Com os melhores cumprimentos / Best regards,",
        "With kind regards from Munich,",
        "Many thanks and warm regards from the Rhine,",  # hand check ten
        "Thanks and best regards,",
        "V/R,",  # hand check eleven
        "thanks po!!",
    ],
)
def test_signoffs_in_many_languages(line: str) -> None:
    assert is_signoff_line(line)
    cleaned, cuts = clean_text(f"Should I stay or go?\n\n{line}\nAnn Lee\n+1 555 010 0000\n")
    assert cuts[0].kind is CutKind.SIGNOFF
    assert cleaned == "Should I stay or go?", cleaned

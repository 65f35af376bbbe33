"""The publication gate as a pure function: line numbers, leaks, structure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from mailpub.draft import PostSettings, build_document, render
from mailpub.gate import Facts, check_text, private_terms

FACTS = Facts(
    reply_marker="@@REPLY@@",
    originals=("Intel", "Intel Corporation", "EY"),
    sender_name="Dana Whitfield",
    sender_address="dana.whitfield@acme-robotics.com",
    author_names=("Boris", "Boris Gorelik"),
    author_addresses=("boris@example.org",),
    author_urls=("https://gorelik.net",),
)


def draft(text: str, fmt: str = "gutenberg") -> str:
    document = build_document(
        title="A question",
        text=text,
        draft_id="abcde",
        day=date(2026, 1, 1),
        settings=PostSettings(intro="Intro.", closing="See https://gorelik.net/career/ for more."),
    )
    return render(document, fmt=fmt, published=False, templates_dir=None)  # type: ignore[arg-type]


def answered(text: str, reply: str = "Fine.") -> str:
    return text.replace("<p>@@REPLY@@</p>", f"<p>{reply}</p>").replace(
        "\n@@REPLY@@\n", f"\n{reply}\n"
    )


def lines_of(text: str, needle: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), 1) if needle in line]


def test_clean_answered_draft_passes() -> None:
    for fmt in ("gutenberg", "markdown"):
        assert (
            check_text(answered(draft("Hi Boris,\n\nI work at <XXX>.", fmt)), fmt=fmt, facts=FACTS)
            == []
        )  # type: ignore[arg-type]


def test_unanswered_slots_reported_by_line() -> None:
    text = draft("Hi Boris,\n\nOne.\n\nTwo.")
    problems = check_text(text, fmt="gutenberg", facts=FACTS)
    assert [p.line for p in problems] == lines_of(text, "<p>@@REPLY@@</p>")
    assert all("reply slot" in p.message and "@@REPLY@@" in p.fix for p in problems)


def test_reintroduced_names_and_contacts() -> None:
    reply = (
        "At intel's lab, ask D. Whitfield or write to dana.whitfield@acme-robotics.com, "
        "call +1 415 555 0134, see https://linkedin.com/in/dana; EY too; mail boris@example.org"
    )
    text = answered(draft("Hi Boris,\n\nQuestion."), reply)
    messages = [p.message for p in check_text(text, fmt="gutenberg", facts=FACTS)]
    joined = "\n".join(messages)
    for found in (
        "'Intel'",
        "'Whitfield'",
        "dana.whitfield@acme-robotics.com",
        "'EY'",
        "+1 415 555 0134",
        "https://linkedin.com/in/dana",
        "acme-robotics.com",
    ):
        assert found in joined, found
    assert "boris@example.org" not in joined  # the author's own address
    assert "gorelik.net" not in joined  # the author's own URL in the closing


def test_accents_and_case_are_folded() -> None:
    facts = Facts(reply_marker="@@REPLY@@", originals=("Nestlé",))
    text = answered(draft("Hi Boris,\n\nQuestion."), "I like NESTLE products.")
    assert any("Nestlé" in p.message for p in check_text(text, fmt="gutenberg", facts=facts))


def test_short_terms_are_case_sensitive_and_placeholders_ignored() -> None:
    text = answered(
        draft("Hi Boris,\n\nI work at <XXX Multinational Company>."), "Yes, they said so."
    )
    assert check_text(text, fmt="gutenberg", facts=FACTS) == []  # "they" is not "EY"


def test_an_acronym_that_is_a_word_is_case_sensitive() -> None:
    facts = replace(FACTS, originals=("JUST", "Jordan University"))
    text = answered(draft("Hi Boris,\n\nEveryone just says <XXX>."), "Fine.")
    assert check_text(text, fmt="gutenberg", facts=facts) == []
    text = answered(draft("Hi Boris,\n\nI studied at JUST."), "Fine.")
    assert any("JUST" in p.message for p in check_text(text, fmt="gutenberg", facts=facts))


def test_allowed_terms_pass() -> None:
    text = answered(draft("Hi Boris,\n\nQuestion."), "Intel is a fine place.")
    assert check_text(text, fmt="gutenberg", facts=FACTS) != []
    assert check_text(text, fmt="gutenberg", facts=replace(FACTS, allowed=("intel",))) == []


def test_author_name_is_never_a_private_term() -> None:
    facts = Facts(reply_marker="x", sender_name="Boris Whitfield", author_names=("Boris",))
    assert "Boris" not in private_terms(facts) and "Whitfield" in private_terms(facts)


def test_free_mail_domain_is_not_a_term() -> None:
    facts = Facts(reply_marker="x", sender_address="someone@gmail.com")
    assert "gmail.com" not in private_terms(facts)


def test_broken_front_matter_and_blocks() -> None:
    good = answered(draft("Hi Boris,\n\nQuestion."))
    bad_yaml = good.replace("title: A question", "title: [unclosed", 1)
    [problem] = check_text(bad_yaml, fmt="gutenberg", facts=FACTS)
    assert "not valid YAML" in problem.message and problem.line is not None
    missing = good.replace("layout: post\n", "", 1)
    assert any(
        "lacks layout" in p.message for p in check_text(missing, fmt="gutenberg", facts=FACTS)
    )
    lines = good.splitlines(keepends=True)
    closer = next(i for i, x in enumerate(lines) if x.startswith("<!-- /wp:paragraph") and i > 20)
    broken = "".join(lines[:closer] + lines[closer + 1 :])
    problems = check_text(broken, fmt="gutenberg", facts=FACTS)
    assert any("not closed" in p.message for p in problems)
    no_questions = good.replace('{"textColor":"vivid-cyan-blue","fontSize":"small"} ', "")
    assert any(
        "no question block" in p.message
        for p in check_text(no_questions, fmt="gutenberg", facts=FACTS)
    )

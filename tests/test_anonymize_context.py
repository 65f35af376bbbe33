"""The anonymizer's contextual rules (fourth tuning round), with the NER model loaded as
``mailpub import`` runs it: places, credentials and tools are kept; people in lists, in
lower-case letters and with hyphenated names, products that reveal the employer and
names with trailing legal suffixes are replaced whole."""

from __future__ import annotations

import pytest

from mailpub.anonymize import anonymize
from mailpub.anonymize.places import is_place, place_spans
from mailpub.anonymize.text import Doc
from mailpub.anonymize.tools import kept_spans
from mailpub.model import Identity, Rules

RULES = Rules(author_names=("Boris", "Volkov", "Boris Volkov"))


def anon(text: str) -> str:
    return anonymize("", text, identity=Identity(), rules=RULES).text


def anon_without(text: str, gone: list[str]) -> str:
    """The anonymized text, asserting that none of ``gone`` survives in it."""
    out = anon(text)
    assert not any(word in out for word in gone), out
    return out


@pytest.mark.parametrize(
    "text",
    [
        "I grew up in Faisalabad and moved to Joliet last year.",
        "I left Kharkiv in 2022 and now live in Mississauga.",
        "Our whole field team in Jumla and Surkhet is small.",
        "I am stationed at Parramatta after the academy at Goulburn.",
        "Another option: a bank in Taguig offered me a finance role.",
        "I finished the Google Data Analytics Certificate and AWS Solutions Architect Associate.",
        "I work with SAP FICO, Power BI and Minitab, and I passed Microsoft PL-300.",
        "I plan my projects in Notion and apply through Workday.",
        "I hold the CFA Level II and applied through Express Entry.",
        "Kia ora Boris, thanks for the blog.",
        "My moral compass says no.",
    ],
)
def test_places_tools_and_credentials_are_kept(text: str) -> None:
    assert anon(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("I spoke to Kofi and Ama about it.", ["Kofi", "Ama"]),
        ("Mr. Thorne said no.", ["Thorne"]),
        ("My younger siblings, Ssebunya, Nalwoga and Ivan, depend on me.",
         ["Ssebunya", "Nalwoga", "Ivan"]),
        ("Two colleagues, Seo-yeon and Min-jae Choi, went on leave.", ["Seo", "Min", "Choi"]),
        ("hi boris. my oga, mr okoro, is a kind man.", ["okoro"]),
        ("My friend ana worked there. ana left after a year.", ["ana"]),
        ("Two colleagues, Blessing and Precious Ncube, left last year.", ["Blessing", "Ncube"]),
        ("My friend Minh moved to Ho Chi Minh City.", ["My friend Minh"]),
    ],
)  # fmt: skip
def test_people_are_replaced(text: str, gone: list[str]) -> None:
    out = anon(text)
    for word in gone:
        assert word not in out.replace("<NAME>", ""), out


def test_a_place_inside_a_longer_place_is_not_the_person() -> None:
    out = anon("My friend Minh moved to Ho Chi Minh City.")
    assert out == "My friend <NAME> moved to Ho Chi Minh City."


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("I'm a software engineer on the Azure Functions team.", ["Azure", "Functions"]),
        ("I work on the Google Ads policy team in Dublin.", ["Google", "Ads"]),
        ("I own the AWS billing pipeline.", ["AWS"]),
        ("I work at Databricks and like it.", ["Databricks"]),
        ("hi boris. i work at tcs in pune. a recruiter from capital one called me.",
         ["tcs", "capital one"]),
        ("hi boris. i am an analyst. i got an offer at moniepoint in lagos.", ["moniepoint"]),
        ("There is an external option. Tabby, a fintech in Dubai, offered me a role.", ["Tabby"]),
        ("He owns Steyn Bou & Hardeware (Pty) Ltd and wants a partner.", ["Steyn", "Pty", "Ltd"]),
        ("I'm a nurse manager at University Hospital Galway.", ["Hospital", "Galway"]),
        ("Georgia suggested a part-time diploma through Unisa.", ["Unisa"]),
        ("i did an msc at university of salford.", ["salford"]),
        ("I finished my MBA at Wharton and joined a bank.", ["Wharton"]),
    ],
)  # fmt: skip
def test_employers_are_replaced_whole(text: str, gone: list[str]) -> None:
    out = anon(text)
    for word in gone:
        assert word not in out, out


def test_tool_company_needs_an_employer_cue() -> None:
    assert anon("I work with Databricks every day.") == "I work with Databricks every day."
    assert "Databricks" not in anon("I got an offer from Databricks.")


def test_place_list_and_spans() -> None:
    assert is_place(("kharkiv",)) and is_place(("ho", "chi", "minh", "city"))
    assert not is_place(("reading",))  # an English word is left to the word rules
    doc = Doc("We flew from Port Harcourt to Ho Chi Minh City.")
    spans = [doc.span_text(a, b) for a, b in place_spans(doc)]
    assert spans == ["Port Harcourt", "Ho Chi Minh City"]


def test_kept_spans_cover_credentials_not_employers() -> None:
    text = "I hold the Google UX Design Certificate and work at Google."
    [(start, end)] = kept_spans(text)
    assert text[start:end] == "Google UX Design Certificate"


def test_streets_are_kept_but_not_people_or_banks_named_like_them() -> None:
    text = "I work at the Barrow Street office; our other site is on Colmore Row."
    assert anon(text) == text
    assert "Street" not in anon("Tom Street said I should stay.")
    assert "State Street" not in anon("I got an offer from State Street in Boston.")


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("I am a manager at アクセンチュア株式会社 in Tokyo.", ["アクセンチュア"]),
        ("Our company is Daewon Transportation (대원교통).", ["대원교통", "Daewon"]),
        ("I studied at the Graduate Institute Geneva (IHEID). IHEID was hard.", ["IHEID"]),
        ("I work for a Christian charity, Hope Alive Ministries International.", ["Hope Alive"]),
    ],
)
def test_scripts_without_case_brackets_and_naming_nouns(text: str, gone: list[str]) -> None:
    out = anon(text)
    for word in gone:
        assert word not in out, out


def test_unknown_name_that_offers_a_role_is_a_company_a_known_name_a_person() -> None:
    out = anon("Last month Vodacom offered me a data analyst role. Raj offered to help.")
    assert out == "Last month <XXX> offered me a data analyst role. <NAME> offered to help."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("After school I joined Systems Limited, then moved to Jazz where I lead a team.",
         "After school I joined <XXX>, then moved to <YYY> where I lead a team."),
        ("We moved to Canada and then moved to Mississauga.",
         "We moved to Canada and then moved to Mississauga."),
        ("I've been accepted onto Northcoders, the bootcamp in Manchester.",
         "I've been accepted onto <XXX>, the bootcamp in Manchester."),
        ("I'm a store analyst at the Bentonville headquarters.",
         "I'm a store analyst at the Bentonville headquarters."),
    ],
)  # fmt: skip
def test_moves_appositives_and_offices(text: str, expected: str) -> None:
    assert anon(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A pal of mine, Tam, went into lecturing.", "A pal of mine, <NAME>, went into lecturing."),
        ("My senior, Lee Jun-ho sunbae, told me.", "My senior, <NAME> sunbae, told me."),
        ("My team, Marketing, is big.", "My team, Marketing, is big."),
        ("I'm a dispatcher at Redline Haulers out of Joplin. The owner of Redline is kind.",
         "I'm a dispatcher at <XXX> out of Joplin. The owner of <XXX> is kind."),
        ("hi boris. i work for kolade systems. my lead funmi left for flutterwave. i am in lagos.",
         "hi boris. i work for <XXX>. my lead <NAME> left for <YYY>. i am in lagos."),
    ],
)  # fmt: skip
def test_set_off_names_trade_firms_and_lower_case_letters(text: str, expected: str) -> None:
    assert anon(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My clients are Shoprite Checkers and Sasol. I audit Shoprite.",
         "My clients are <XXX> and <YYY>. I audit <XXX>."),
        ("I sell milk to the Kiambaa Dairy Farmers Co-operative. The Kiambaa co-op pays late.",
         "I sell milk to the <XXX>. The <XXX> co-op pays late."),
        ("My employer is the Sapporo City Board of Education.", "My employer is the <XXX>."),
        ("I was a nurse at Oxford City Council and Cleveland Clinic.",
         "I was a nurse at <XXX> and <YYY>."),
    ],
)  # fmt: skip
def test_first_word_of_a_firm_institutions_and_co_operatives(text: str, expected: str) -> None:
    assert anon(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It means covering stores from Stockton to Modesto.",
         "It means covering stores from Stockton to Modesto."),
        ("We work near Avenida Paulista; the traffic on Waiyaki Way is bad.",
         "We work near Avenida Paulista; the traffic on Waiyaki Way is bad."),
        ("I work for United Way as a fundraiser.", "I work for <XXX> as a fundraiser."),
        ("My colleague Via Rossi came.", "My colleague <NAME> came."),
    ],
)  # fmt: skip
def test_routes_and_streets_but_not_employers_or_people(text: str, expected: str) -> None:
    assert anon(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Our team sits in an office in Redfern, and I rent a flat in Drumcondra.",
        "We moved to Bondi Junction when the kids were small.",
    ],
)
def test_small_towns_are_kept_where_words_lead_to_a_place(text: str) -> None:
    assert anon(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("I have worked at Alcoa for six years as a process engineer.", "Alcoa"),
        ("Pemex offered me a contract. Pemex pays well.", "Pemex"),
    ],
)
def test_firms_named_like_small_towns_are_replaced(text: str, gone: str) -> None:
    assert gone not in anon(text)


@pytest.mark.parametrize(
    "text",
    [
        "I run KYC and AML checks and report the P&L and VaR to the desk.",
        "Our KPIs and OKRs moved after the RSUs vested; I am an APS6 aiming for EL1.",
        "The system needs FedRAMP and a POA&M; I hold a TS/SCI and I am a GS-13.",
        "I registered for GST and pay PAYE; the NCLEX and PLAB are next.",
    ],
)
def test_trade_jargon_is_kept(text: str) -> None:
    assert anon(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("I joined CMS as a policy analyst last spring.", "CMS"),
        ("I work at the ATO in the audit branch.", "ATO"),
        ("Two years at WSO2 taught me integration work.", "WSO2"),
    ],
)
def test_abbreviations_that_are_employers_are_replaced_after_a_cue(text: str, gone: str) -> None:
    assert gone not in anon(text)


def test_jargon_plurals_and_codes() -> None:
    from mailpub.anonymize.jargon import is_jargon

    assert is_jargon("KPIs") and is_jargon("GS-13") and is_jargon("B.Tech")
    assert not is_jargon("ETAS") and not is_jargon("Acme") and not is_jargon("HSE")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I studied at Universidad de la República in Montevideo.", "Universidad de la República"),
        ("I trained at Instytut Spawalnictwa in Gliwice.", "Instytut Spawalnictwa"),
        ("Håskóli aside, Högskolan i Borås offered me a place.", "Högskolan i Borås"),
        ("I nurse at Haukeland universitetssjukehus.", "Haukeland universitetssjukehus"),
        ("Tampereen kaupunki hired me as a planner.", "Tampereen kaupunki"),
    ],
)
def test_institutions_named_in_other_languages_are_replaced_whole(text: str, name: str) -> None:
    out = anon(text)
    assert name not in out
    assert not any(word in out for word in name.split() if len(word) > 3), out


def test_job_titles_the_model_reads_as_organisations_are_kept() -> None:
    text = "I am a Transport Planner now and want to become a Material Sourcing Specialist."
    assert anon(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("The owner, domnul Ionescu, is fair but old school.", "Ionescu"),
        ("the owner, puan rosnah, did everything herself.", "rosnah"),
        ("Alhaji Bello signed my contract.", "Bello"),
    ],
)
def test_names_after_titles_in_other_languages_are_replaced(text: str, gone: str) -> None:
    assert gone not in anon(text)


def test_local_phone_numbers_of_the_senders_country_are_replaced() -> None:
    identity = Identity("Martín Olivera", "martin@example.com.uy", "")
    text = "Call me any time.\n\nMartín\n099 418 273\n"
    out = anonymize("", text, identity=identity, rules=RULES).text
    assert "418" not in out and "<PHONE>" in out
    assert anon("We sold 1 250 000 copies.") == "We sold 1 250 000 copies."


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ('The drivers call me "Deea" and some call me mom.', "Deea"),
        ("Everyone calls him Macca at work.", "Macca"),
        ('He is known as "Bongani" on site.', "Bongani"),
    ],
)
def test_nicknames_after_call_me_are_replaced(text: str, gone: str) -> None:
    assert gone not in anon(text)


def test_call_me_before_a_time_keeps_it() -> None:
    assert anon("Please call me Monday morning.") == "Please call me Monday morning."


def test_schools_named_head_last_are_replaced_but_kinds_of_school_kept() -> None:
    out = anon("I taught at Korea International School and then Parktown Girls' Prep.")
    assert "Korea International" not in out and "Parktown" not in out
    from mailpub.anonymize.entities import institution_hits

    kinds = "Summer School was fun, Grammar School less so, and I teach Sunday School."
    assert list(institution_hits(kinds)) == []


def test_known_tools_are_kept_but_a_tool_vendor_as_employer_is_replaced() -> None:
    text = "I do home labs with Wireshark and Nessus, and I tune XGBoost models in CargoWise."
    assert anon(text) == text
    assert "Workiva" not in anon("I am a senior software engineer at Workiva in Ames.")


def test_towns_before_a_city_or_an_office_word_are_kept() -> None:
    text = "We left Redfern, Sydney, and I spent a year at their Paddington office."
    assert anon(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Then I joined Kuehne+Nagel in Singapore.", ["Kuehne", "Nagel"]),
        ("Coca-Cola hired me after the internship.", ["Coca", "Cola"]),
    ],
)
def test_names_glued_by_plus_ampersand_or_hyphen_are_replaced_whole(
    text: str, gone: list[str]
) -> None:
    anon_without(text, gone)


def test_appositive_with_a_hyphenated_description_names_a_company() -> None:
    out = anon("Two weeks ago Halter, the cow-collar startup, reached out about a data role.")
    assert "Halter" not in out


def test_squares_are_places_but_square_the_company_is_replaced() -> None:
    text = "The office is on Hardman Square, and we celebrate Deepavali near Times Square."
    assert anon(text) == text
    assert "Square" not in anon("I have worked at Square for two years as a designer.")


# -- sixth round -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # names that are also a language, a chatbot, a thank-you or a month
        ("My colleague Julia said I should apply. Julia has been kind.", ["Julia"]),
        ("My wife Tatenda is a pharmacist. Tatenda would need to register.", ["Tatenda"]),
        ("The CTO, Kwabena Asante, was my student.", ["Kwabena", "Asante"]),
        ("My supervisor Claude Martin left. Then Claude called me.", ["Claude", "Martin"]),
        ("Our new manager, Peng Wei, is strict.", ["Peng", "Wei"]),
        ("The boss's son, Mr. Lim Jun Hao, texts me at midnight.", ["Lim", "Jun", "Hao"]),
        # a given name that is also a word, once the person is found
        ("My manager, Faith Oyelaran, is strict. Faith is highly rated.", ["Faith"]),
        ("Our nurse manager, Hope Lindgren, asked me. Hope has been grooming me.", ["Hope"]),
        ("My senior (everyone calls him Will) signed it. He is close with Will.", ["Will"]),
        ("My name is Hope and I work in sales.", ["Hope"]),
        # a hyphenated given name whose second part is also a word
        ("My wife Marie-Ève is a nurse in Toronto.", ["Marie", "Ève"]),
    ],
)
def test_names_that_are_also_words_are_replaced_whole(text: str, gone: list[str]) -> None:
    anon_without(text, gone)


@pytest.mark.parametrize(
    "text",
    [
        "I moved in Jun 2023 and now use Julia and Claude every day.",
        "Merry Christmas Eve to you and your readers!",
        "Please call me Monday morning.",
        "Will you answer this? Hope is not a plan, as my dad says.",
    ],
)
def test_words_of_the_same_spelling_are_kept(text: str) -> None:
    assert anon(text) == text


def test_a_found_name_that_is_a_word_is_not_matched_inside_a_title() -> None:
    out = anon("My team lead, Summer Collins, is kind. Nothing moves before the Summer Sale.")
    assert "Collins" not in out and "the Summer Sale" in out


@pytest.mark.parametrize(
    "text",
    [
        "The port of Casablanca is busy, and I also drive to Agadir.",
        "Kitwe is where I grew up.",
    ],
)
def test_a_city_the_model_calls_a_person_is_kept(text: str) -> None:
    assert anon(text) == text


def test_a_firm_and_its_country_arm_go_together() -> None:
    out = anon("The offer is from mPharma. MTN Ghana has also approached me.")
    assert "MTN" not in out and "Ghana" not in out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Reach me at john dot smith at gmail dot com, please.", ["john", "smith", "gmail"]),
        ("Or j.smith [at] outlook [dot] com for the files.", ["smith", "outlook"]),
        ("My old address was jsmith (at) proton.me until May.", ["jsmith", "proton"]),
        ("Write to priya_k at gmail.com if you need more.", ["priya_k"]),
    ],
)
def test_addresses_spelled_out_to_fool_harvesters_are_removed(text: str, gone: list[str]) -> None:
    assert "<EMAIL>" in anon_without(text, gone)


def test_at_and_dot_in_ordinary_sentences_are_no_address() -> None:
    text = "I work at example dot com. The meeting is at 5 at the office."
    assert anon(text) == text


def test_a_relatives_name_is_a_person_even_when_a_retailer_has_it() -> None:
    out = anon("My daughter Zara (7) and my son Eli (4) keep me busy. Eli has asthma.")
    assert out == "My daughter <NAME> (7) and my son <NAME> (4) keep me busy. <NAME> has asthma."
    assert anon("My wife works at Zara.") == "My wife works at <XXX>."


def test_a_sentences_first_word_does_not_hide_the_name_after_it() -> None:
    out = anon("Later Babajide agreed with him. Yesterday Obiageli told me.")
    assert out == "Later <NAME> agreed with him. Yesterday <NAME> told me."


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("You can add me on KakaoTalk: thandim_za or WeChat ID: wxid_abc123.", ["thandim", "wxid"]),
        ("Or Line: sipho.n88 if that is easier.", ["sipho"]),
        ("My team leader Ma'am Joy is supportive. Ma’am Grace agreed.", ["Joy", "Grace"]),
        ("My mother, Daw Khin May, lives with us.", ["Khin", "May"]),
        ('My colleague Jacqueline "Jax" Boone says it passes. Jax is wrong.', ["Jax", "Boone"]),
    ],
)
def test_handles_titles_and_nicknames_of_other_cultures(text: str, gone: list[str]) -> None:
    anon_without(text, gone)


def test_messenger_names_and_quoted_words_alone_are_kept() -> None:
    text = 'Teams: the team is small. I use the "Agile" method. We met in May 2023.'
    assert anon(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("My number: (11) 98765-4321, call after six.", ["11", "98765", "4321"]),
        ("My mobile is 0151 23456789 if you want to talk.", ["23456789"]),
        ("Text me on 9876543210 any time.", ["9876543210"]),
    ],
)
def test_numbers_written_the_way_of_an_unconfigured_country_are_phones(
    text: str, gone: list[str]
) -> None:
    out = anon(text)
    assert "<PHONE>" in out and not any(d in out for d in gone), out


def test_amounts_ranges_and_isbns_are_no_phones() -> None:
    text = "Revenue rose from 1,250,000 to 2,400,000 in 2019-2023 (ISBN 978-3-16-148410-0)."
    assert anon(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("My site is kwame-asante.com.gh and my blog ama.org.ng.", ["asante", "ama"]),
        ("Find me on X as priya_r or on Instagram as kofi.builds.", ["priya_r", "kofi"]),
    ],
)
def test_country_domains_and_handles_after_as(text: str, gone: list[str]) -> None:
    anon_without(text, gone)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("My old manager April Doherty went there. April relies on me.", ["April", "Doherty"]),
        ("My peer Happy Grewal took credit. I complain about Happy.", ["Happy", "Grewal"]),
        ("Our kids, Valeria and Santiago, are 10 and 7.", ["Valeria", "Santiago"]),
        ("My analysts (Priya, Maya, Tom and Li) will be merged.", ["Priya", "Maya"]),
        ("An ex-colleague, Rashid Khan, from Lahore, called.", ["Rashid", "Khan"]),
        ('My lead, Jan-Willem van der Berg, retires. "jan-willem will miss it".', ["Jan", "illem"]),
        ("My old manager, Rui Costa, left. rui has moved to Matosinhos.", ["Rui", "rui"]),
        ("My manager Park Dong-hyun is strict. How do I tell Park?", ["Park", "Dong"]),
    ],
)
def test_names_found_once_are_found_in_every_spelling(text: str, gone: list[str]) -> None:
    anon_without(text, gone)


def test_a_persons_name_that_is_a_month_or_a_place_keeps_the_month_and_the_place() -> None:
    out = anon("My old manager April Doherty went there. The audit is in April, due April 30.")
    assert out.endswith("The audit is in April, due April 30.")
    out = anon("My manager Park Dong-hyun is strict. We met in Central Park. Happy birthday!")
    assert out.endswith("We met in Central Park. Happy birthday!")


def test_a_found_name_that_is_a_place_is_the_person_after_a_speech_verb() -> None:
    out = anon("My lead is Park Dong-hyun. How do I explain to Park that I am leaving?")
    assert "Park" not in out and "Dong" not in out
    out = anon("My friend Jordan Blake helped. We moved back to Jordan in May.")
    assert out.endswith("We moved back to Jordan in May.")


def test_a_daughter_named_like_a_programming_language() -> None:
    out = anon("My daughter Ruby just started kindy. I missed Ruby's first concert.")
    assert "Ruby" not in out
    assert anon("I code in Ruby and Go.") == "I code in Ruby and Go."


def test_a_relatives_name_that_is_a_word() -> None:
    out = anon("My wife Lovely is a nurse. My son Will plays. My mother Precious says no.")
    assert out == "My wife <NAME> is a nurse. My son <NAME> plays. My mother <NAME> says no."


def test_names_before_honorific_suffixes() -> None:
    out = anon("My professor was Yamaguchi-sensei. Later Murakami-san called. Boris-san, hi.")
    assert out == "My professor was <NAME>-sensei. Later <NAME>-san called. Boris-san, hi."


def test_a_verb_opening_the_subject_is_not_part_of_the_company() -> None:
    out = anonymize(
        "Leaving Discovery Health for a startup?", "I work at Discovery Health.",
        identity=Identity(), rules=RULES,
    )  # fmt: skip
    assert out.subject == "Leaving <XXX> for a startup?"


def test_a_lower_case_firm_with_an_ampersand_goes_whole() -> None:
    text = (
        "got 3 interviews: one at shopify, one at a tiny agency called pixel & pine on queen"
        " st. i work at google & love it. my friend from the bootcamp got hired."
    )
    out = anon(text)
    assert "pixel" not in out and "pine" not in out, out
    assert "& love it" in out and "the bootcamp got hired" in out, out


def test_a_known_firms_name_before_a_model_code_is_equipment() -> None:
    text = "We run a Siemens SGT-400 turbine, an ABB 800xA DCS and Caterpillar 797F trucks."
    assert anon(text) == text
    out = anon("I left Siemens in 2020. Siemens 2024 results were good.")
    assert "Siemens" not in out


def test_filipino_titles_that_are_words_count_only_capitalised() -> None:
    out = anon("Ate Joy likes me. How do I say no to Ate Joy? Kuya Ben helped. I ate Pizza.")
    assert "Joy" not in out and "Ben" not in out, out
    assert out.startswith("Ate <NAME> likes me.") and out.endswith("I ate Pizza."), out


def test_a_nicknames_adjective_goes_with_the_name() -> None:
    out = anon("My shift boss, Big Kev, runs the yard. Wee Davie and Big Lou work with me.")
    assert out == "My shift boss, <NAME>, runs the yard. <NAME> and <NAME> work with me."


def test_a_given_name_that_is_mostly_a_place_is_a_place() -> None:
    # "Tokyo", "Miami" and "Jamaica" are given names in the lists too; where the model reads
    # them as places, and beside a list of places or a firm, they stay
    for text, place in (
        ("A publisher from Tokyo, Playism, emailed us about the demo.", "from Tokyo,"),
        ("I cover Alexandria, Giza and Miami districts for the cardiology line.", "and Miami"),
        ("My cousin in Jamaica, Kerry-Ann, works at a hotel in Jamaica.", "hotel in Jamaica"),
    ):
        out = anon(text)
        assert place in out, out
    # a given name that is also a city but common as a name is still a person
    anon_without("I asked my colleague Victoria and she said yes.", ["Victoria"])
    anon_without("Florence Mutua, my manager, wants me to stay.", ["Florence", "Mutua"])


def test_place_names_are_given_names_too() -> None:
    from mailpub.anonymize.people import given_names, place_names

    assert {"tokyo", "miami", "mauritius"} <= place_names() <= given_names()
    assert not {"victoria", "florence", "jordan", "aisha"} & place_names()


def test_a_square_after_a_given_name_is_a_place() -> None:
    text = "Our lab is on Kendall Square and the office faces Eyre Square in Galway."
    assert anon(text) == text
    anon_without("My mentor, Tom Street, told me to apply.", ["Tom", "Street"])


def test_a_word_after_a_relation_or_title_is_a_name_when_the_model_agrees() -> None:
    anon_without("My boss, Daw Khin Mar Aye, is a very good leader.", ["Khin", "Aye"])
    anon_without("On the other side my friend Mint from the bank says no.", ["Mint"])
    # a capitalised word after "my manager" that the model does not read as a person stays
    assert anon("My manager Data Science lead said no.") == "My manager Data Science lead said no."


def test_a_public_body_of_ordinary_words_goes_whole() -> None:
    anon_without("I worked 2 years at Rwanda Development Board in Kigali.", ["Development"])
    anon_without("I joined the Development Bank of Rwanda in 2019.", ["Development"])
    anon_without("I joined the Cocoa Board as an analyst.", ["Cocoa", "Board"])
    out = anon("I met the Google board and the Accenture office team.")
    assert out.endswith("board and the <YYY> office team."), out


def test_a_lower_case_writers_own_name_and_partner_go_in_lower_case() -> None:
    text = (
        "hi boris,\nim jun, 27, from cebu. in jun 2024 i moved here.\n"
        "my gf angel says go. i will decide.\njun"
    )
    out = anonymize("", text, identity=Identity("jun dela pena", "jdp.cebu@yahoo.com"), rules=RULES)
    assert out.text == (
        "hi boris,\nim <NAME>, 27, from cebu. in jun 2024 i moved here.\n"
        "my gf <NAME> says go. i will decide.\n<NAME>"
    )
    # a sender's name part that is a dictionary word stays a word in lower case
    out = anonymize("", "i will decide soon.", identity=Identity("Will Grant"), rules=RULES)
    assert out.text == "i will decide soon."


def test_a_signatures_title_credential_and_company_are_read_apart() -> None:
    from mailpub.anonymize.identity import signature_facts

    sig = (
        "Best,\nGrace\n--\nGrace O'Neill, CPA\nClaims Analytics Lead | Zurich North America\n"
        "+1 847 555 0142"
    )
    assert signature_facts(sig, []) == (["Grace", "Grace O'Neill"], ["Zurich North America"])
    # an unknown acronym after the name may be the employer
    assert signature_facts("Best,\nGrace\n--\nGrace O'Neill, KWZ", []) == (
        ["Grace", "Grace O'Neill"],
        ["KWZ"],
    )
    assert signature_facts("Jane Roe\nHead of Data, North America | Acme Robotics", []) == (
        ["Jane Roe"],
        ["Acme Robotics"],
    )
    text = "I'm a claims analytics lead at Zurich North America in Schaumburg."
    out = anonymize("", text, identity=Identity("Grace O'Neill", signature=sig), rules=RULES)
    assert out.text == "I'm a claims analytics lead at <XXX> in Schaumburg.", out.text


def test_a_company_head_before_a_job_title_is_no_company() -> None:
    text = "I am the Claims Analytics Lead and our Digital Marketing Lead left."
    assert anon(text) == text


def test_a_companys_first_words_take_its_placeholder() -> None:
    out = anon("I worked at PKO Bank Polski for years. Before PKO I was at Deloitte.")
    assert out == "I worked at <XXX> for years. Before <XXX> I was at <YYY>.", out
    out = anon("I worked at Kestrel Analytics. Kestrel was fun.")
    assert out == "I worked at <XXX>. <XXX> was fun.", out


def test_a_model_reading_over_two_names_does_not_eat_the_words_between() -> None:
    out = anon("I left Brightwave Robotics for Orchard Foods Ltd. It pays well.")
    assert out == "I left <XXX> for <YYY>. It pays well.", out
    anon_without("She works at Klinikum rechts der Isar in Munich.", ["Klinikum", "Isar"])


def test_german_and_spanish_relatives_and_short_university_names() -> None:
    text = (
        "Studiert habe ich an der TU München. Mein Mann Jonas arbeitet bei Bosch.\n"
        "Mi esposa Lucía trabaja en Madrid y mi hermano Pablo también."
    )
    anon_without(text, ["TU München", "Jonas", "Lucía", "Pablo"])


def test_an_organisation_named_with_place_words_that_are_no_place() -> None:
    out = anon("I worked at Zurich North America for six years.")
    assert out == "I worked at <XXX> for six years.", out
    text = "I moved to North America and then to South East Asia."
    assert anon(text) == text


def test_a_short_form_the_model_reads_as_an_organisation_takes_the_companys_placeholder() -> None:
    out = anon(
        "It's majority owned by Rio Tinto, so we use their systems. Greg says I can get a "
        "secondment to a Rio site in Western Australia next year."
    )
    assert "Rio" not in out and out.count("<XXX>") == 2, out
    out = anon("I'm a relationship manager at Zenith Bank. The pay is better than zenith itself.")
    assert "enith" not in out, out
    # the city of the same name, read as a place, stays
    text = "I flew to Rio de Janeiro for the conference."
    assert anon(text) == text


def test_a_domain_style_name_goes_whole() -> None:
    out = anon("My manager says a promotion is coming, but Zyphr.io offered me 20% more.")
    assert out == "My manager says a promotion is coming, but <XXX> offered me 20% more.", out
    text = "I love the beach.In the morning I swim."
    assert anon(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ('Their founder, Margaret "Mags" Kestrel, called me.', ["Mags", "Kestrel"]),
        ('I trained under coach Alberto "Beto" Silveira for years.', ["Beto", "Silveira"]),
        (
            'hi boris. my friend agnieszka "aga" zielińska teaches there. our director '
            "janusz pilecki announced cuts. the founder is saoirse ní bhriain.",
            ["zieli", "pilecki", "bhriain", '"aga"'],
        ),
    ],
)
def test_surnames_after_nicknames_and_in_lower_case_letters(text: str, gone: list[str]) -> None:
    anon_without(text, gone)


def test_job_words_are_no_names_and_signature_titles_no_employers() -> None:
    text = "I am a senior dev at a bank and I love it. My senior ana helps me."
    assert anon(text) == "I am a senior dev at a bank and I love it. My senior <NAME> helps me."
    sig = "Hamid Rezaei\nParamedic\nNorth West Ambulance Service\n07700 900123"
    text = "I'm a Band 6 paramedic; my Paramedic Science degree helps."
    out = anonymize("", text, identity=Identity("Hamid Rezaei", signature=sig), rules=RULES)
    assert out.text == text, out.text
    sig = "Olumide Adeyemi\nHead of Mathematics Department\nGreenwood Hall Academy"
    text = "I am Head of Mathematics Department at a school in Lekki."
    out = anonymize("", text, identity=Identity("Olumide Adeyemi", signature=sig), rules=RULES)
    assert out.text == text, out.text


def test_a_name_read_inside_a_bare_domain_gives_way_to_the_domain() -> None:
    identity = Identity("Mei-Ling Chen", "meiling.chen@gmail.com")
    text = "I write about it on my blog (meilingchen.dev) and on GitHub."
    out = anonymize("", text, identity=identity, rules=RULES)
    assert out.text == "I write about it on my blog (<URL>) and on GitHub.", out.text


def test_a_full_name_and_its_acronym_share_one_placeholder() -> None:
    out = anon("I got a grant from the Centre national du livre (CNL) last year.")
    assert out == "I got a grant from the <XXX> (<XXX>) last year.", out
    out = anon("I was at Commonwealth Bank of Australia for years. My manager at CBA was kind.")
    assert out == "I was at <XXX> for years. My manager at <XXX> was kind.", out
    out = anon("I joined UnitedHealth Group in 2019, but UHG pays less than Optum.")
    assert out.count("<XXX>") == 2 and "<YYY>" in out, out


def test_a_labelled_phone_number_is_removed_whatever_its_grouping() -> None:
    out = anon("Reach me any evening.\ntel. 601 234 567\nMob: 0791 234 567")
    assert out == "Reach me any evening.\ntel. <PHONE>\nMob: <PHONE>", out
    text = "We had 601 234 567 visitors last year."
    assert anon(text) == text


def test_an_institutions_own_words_are_found_in_lower_case_too() -> None:
    out = anon("I am a nurse at Aga Khan University Hospital. At aga khan they told me no.")
    assert "aga" not in out.lower(), out
    text = "I studied at Western Sydney University and I live in western Sydney."
    assert anon(text).endswith("I live in western Sydney."), anon(text)


def test_more_trade_abbreviations_are_kept() -> None:
    text = "I build LGD models and SCD Type 2 logic, file FOI requests and weld TIG and MAG."
    assert anon(text) == text


def test_nicknames_of_two_capitals_are_people_everywhere() -> None:
    out = anon('The head chef, everyone calls him "JB", is tough. JB said no.')
    assert out == 'The head chef, everyone calls him "<NAME>", is tough. <NAME> said no.', out
    out = anon('Our CTO, Anil "AJ" Jaswal, says AJ knows best.')
    assert out == 'Our CTO, <NAME> "<NAME>" <NAME>, says <NAME> knows best.', out


def test_a_list_that_repeats_its_cue_word_and_polish_schools() -> None:
    out = anon("I also applied to Pearson and to Santillana for a content role.")
    assert out == "I also applied to <XXX> and to <YYY> for a content role.", out
    text = "I moved to Leeds and to London later."
    assert anon(text) == text
    out = anon("My wife works as a teacher in Szkoła Podstawowa nr 12 in Gdańsk.")
    assert out == "My wife works as a teacher in <XXX> in Gdańsk.", out


def test_words_of_address_before_the_authors_name_are_no_names() -> None:
    for text in ("Dear Pak Boris, I need advice.", "Chào anh Boris, I need advice."):
        assert anon(text) == text
    assert anon("I met Pak Hendra yesterday.") == "I met <NAME> yesterday."


def test_a_name_after_a_rank_abbreviation_and_in_another_script() -> None:
    out = anon("Founded by my old superior, Kriminaldirektor a.D. Wolfgang Riedl, it grew.")
    assert "Wolfgang" not in out and "Riedl" not in out, out
    out = anon("My department head, 王建国 (Mr Wang Jianguo), says no.")
    assert out == "My department head, <NAME> (Mr <NAME>), says no.", out
    out = anon("i graduated from uniport (university of port harcourt) in 2015.")
    assert "harcourt" not in out, out


def test_an_acronym_before_the_name_it_spells_in_brackets() -> None:
    out = anon("I am a member of the CMA (Canadian Marketing Association) too.")
    assert out == "I am a member of the <XXX> (<XXX>) too.", out
    text = "I passed the CFA (Chartered Financial Analyst) exams."
    assert anon(text) == text


def test_a_name_without_its_opening_head_shares_the_placeholder() -> None:
    out = anon("I work at the Biblioteca Vasconcelos. Before the Vasconcelos I was at a school.")
    assert out == "I work at the <XXX>. Before the <XXX> I was at a school.", out


def test_a_one_word_team_in_a_signature_and_a_soft_name_in_a_lower_case_list() -> None:
    sig = "Priya Raman\nSenior Data Scientist, Pricing\nInstacart"
    text = "I'm on the pricing team at Instacart."
    out = anonymize("", text, identity=Identity("Priya Raman", signature=sig), rules=RULES)
    assert out.text == "I'm on the pricing team at <XXX>.", out.text
    out = anon("hey boris. my team is great, especially ravi and june. i love them both honestly.")
    assert "ravi" not in out and "june" not in out, out


def test_recruitment_firms_named_like_people_are_companies() -> None:
    out = anon("A recruiter from Michael Page, Camille Durand, called me.")
    assert out == "A recruiter from <XXX>, <NAME>, called me.", out


def test_charities_and_brands_the_hand_checks_left_readable() -> None:
    out = anon("Our funding comes mainly from one donor, Plan International, and it is shaky.")
    assert "Plan International" not in out, out
    out = anon("Before that I was in Penneys for three years. My sponsor was Speedo.")
    assert "Penneys" not in out and "Speedo" not in out, out


def test_a_job_title_degree_or_grade_after_a_cue_is_not_an_employer() -> None:
    text = (
        "I was passed over for Senior Underwriter twice, and now Senior Geologist sounds"
        " better. I did a Master of Architecture, I'm registered for Level II and could"
        " apply for Stamp 4 soon."
    )
    assert anon(text) == text
    out = anon("Next week I have a final interview at Agoda for Security Governance Analyst.")
    assert out == "Next week I have a final interview at <XXX> for Security Governance Analyst."
    # an unknown word beside the title is still taken for a name
    out = anon("I work for Master Builders in Auckland.")
    assert "Master Builders" not in out, out
    out = anon("I have an offer for Zentrix Engineer.")
    assert "Zentrix" not in out, out


def test_a_list_that_begins_with_a_place_goes_on_with_places() -> None:
    text = "I am 24, from Chengdu, Sichuan. We buy cloth from Kumasi and Bonwire."
    assert anon(text) == text
    out = anon("I moved from Lagos to Kestrel Capital. Offers from Lagos, Zentrix and Brightwell.")
    assert "Kestrel" not in out and "Zentrix" not in out and "Brightwell" not in out, out


def test_a_quarter_in_brackets_after_the_readers_city() -> None:
    text = "Dutch UX designer here, living in Rotterdam (Kralingen, for what it's worth)."
    assert anon(text) == text
    out = anon("I work at Rakuten in Tokyo (Futako-Tamagawa office).")
    assert out == "I work at <XXX> in Tokyo (Futako-Tamagawa office).", out
    out = anon("Hi, I'm in Dublin (Zentrix) now, and I like it.")
    assert "Zentrix" not in out, out
    out = anon("I moved from Austin (Zentrix) last year.")
    assert "Zentrix" not in out, out


def test_two_words_right_after_in_are_a_place_not_a_person() -> None:
    text = "He lives in a shared flat in Al Qusais. Rent in Sheikh Zayed went up 60%."
    assert anon(text) == text
    out = anon("I was in Tom Becker's team. I found a mentor in Amaka Obi last year.")
    assert "Becker" not in out and "Obi" not in out, out
    out = anon("My mentor is in Tom Becker, and my friends live in Al Qusais.")
    assert out == "My mentor is in <NAME>, and my friends live in Al Qusais.", out
    out = anon("Thanks to everyone in Sarah Jones' team for the help.")
    assert "Sarah" not in out and "Jones" not in out, out
    out = anon("My manager Ravi Kumar works in Pune.")
    assert "Ravi" not in out and "Pune" in out, out


def test_a_job_title_that_opens_with_a_rank_is_no_name() -> None:
    text = (
        "Now I'm a Senior Geoscientist in Calgary. They offered me a job as Lead Marine"
        " Engineer, and a Senior Epidemiologist III post is open."
    )
    assert anon(text) == text
    out = anon("Sarah Cook is my boss and Senior Partner Tom Wu agrees.")
    assert "Cook" not in out and "Wu" not in out, out
    out = anon("Our Lead Engineer Sarah Cook left in May.")
    assert out == "Our Lead Engineer <NAME> left in May.", out


def test_a_given_name_right_after_in_is_a_place() -> None:
    text = "We rent in Ballard and want to buy a house in Ballard next year."
    assert anon(text) == text
    out = anon("I was in Grace's team. I found a friend in Kevin. Kevin says hi.")
    assert "Grace" not in out and "Kevin" not in out, out


@pytest.mark.parametrize(
    "text",
    [
        "I'm back to square one at 32.",
        "My cousin works as a guide in the amazon near Puerto Maldonado, in the Amazon basin.",
        "I work on the Boeing 787 and Q400 fleets in the hangar.",
        "I use Salesforce for my pipeline. The old Oracle database is slow.",
        "Tools: Honeywell Experion, Google Earth Engine and Siemens NX. I joined a Facebook group.",
    ],
)
def test_a_firms_name_used_for_its_product_is_kept(text: str) -> None:
    assert anon(text) == text


def test_a_firms_name_is_still_the_employer_where_the_words_say_so() -> None:
    out = anon("I got an offer from Oracle. The Oracle database team is big.")
    assert "Oracle" not in out, out
    out = anon("I'm a manager at Microsoft IDC. My team owns the Microsoft Teams backend.")
    assert "Microsoft" not in out, out
    out = anon("I'm on the Salesforce CRM team.")
    assert "Salesforce" not in out, out
    out = anon("I build the Revolut app for Android. I maintain the Shopify plugin.")
    assert "Revolut" not in out and "Shopify" not in out, out


def test_a_multi_word_company_found_once_goes_in_lower_case_too() -> None:
    out = anon(
        "hi boris. the one that makes sense is Check Point. if i take check point now,"
        " will it hurt? i am not sure."
    )
    assert "check point" not in out.lower(), out
    text = "I flew Emirates to Dubai and loved it."
    assert anon(text) == text
    out = anon("Spire Healthcare have offered me a role. Should I take the spire job?")
    assert "spire" not in out.lower(), out
    text = "Target offered me a role, but my target job is elsewhere."
    assert "my target job" in anon(text)


def test_an_acronym_after_a_weak_cue_that_is_an_exam_register_or_thing() -> None:
    text = (
        "I'm studying for the CKS now. We need to register with the GMC first, and I"
        " prepared for the SCFHS license, so the GSAT test is next."
    )
    assert anon(text) == text
    out = anon("I was at KPMG for years, then I worked for PwC.")
    assert "KPMG" not in out and "PwC" not in out, out


def test_a_site_of_a_company_named_just_before_is_no_new_company() -> None:
    out = anon("I worked for Samsung Electronics, at the Hwaseong campus for six years.")
    assert out == "I worked for <XXX>, at the Hwaseong campus for six years.", out
    out = anon("I left Deloitte and am now at the Kestrel office.")
    assert "Kestrel" not in out, out
    out = anon("I work at the Kestrel office in town.")
    assert "Kestrel" not in out, out


def test_degrees_regulators_and_regions_named_like_firms() -> None:
    text = (
        "I have an HBO degree in horticulture and I'm finishing my MS in Industrial"
        " Engineering. We had FDA inspections. Moving out of the Randstad is hard."
    )
    assert anon(text) == text
    out = anon("I work at HBO in New York and I interned at MS in 2019.")
    assert "HBO" not in out and "MS" not in out, out


def test_an_unknown_name_before_a_job_noun_is_a_company() -> None:
    out = anon("I'm torn about the Brightline offer. My Vantora contract ends in May.")
    assert "Brightline" not in out and "Vantora" not in out, out
    text = "The Python role pays more than the Toronto job."
    assert anon(text) == text


def test_a_ship_or_a_union_local_is_scrubbed_like_an_employer() -> None:
    out = anon("I served four years on the USS Bonhomme Richard. I'm in IBEW Local 58 now.")
    assert out == "I served four years on the <XXX>. I'm in <YYY> now.", out


def test_named_products_of_a_firm_are_kept_in_lower_case_too() -> None:
    text = (
        "hi boris. i finished the google data analytics certificate in march. i use power bi"
        " every day. i am not sure what to do next."
    )
    assert anon(text) == text


def test_hand_check_nine_places_with_particles_and_certificates() -> None:
    text = "Greetings from Playa del Carmen. I'm halfway through the Cert IV in Electrical."
    assert anon(text) == text
    out = anon("My colleague Maria del Carmen Lopez left.")
    assert "Carmen" not in out and "Lopez" not in out, out


def test_hand_check_nine_titles_nicknames_and_lower_case_forms() -> None:
    out = anon("I'm in Matron Folake Adeyemi's ward and she has been kind.")
    assert "Folake" not in out and "Adeyemi" not in out, out
    out = anon("My colleague Ngozi Okeke (we call her Ngo) left. Jun-Jun (Rodel Santos) stayed.")
    assert "Ngo)" not in out and "Jun-Jun" not in out, out
    out = anon("The gaffer, Tam McLeod (Big Tam to everyone), said no. I met Tom Becker (Berlin).")
    assert "Tam" not in out and "(Berlin)" in out, out
    out = anon("I work at Target. target's tuition program would pay. My target's goal is May.")
    assert out.startswith("I work at <XXX>. <XXX>'s tuition") and "My target's" in out, out
    out = anon("I'm a nurse at Lagos University Teaching Hospital (LUTH). luth pays little.")
    assert "luth" not in out.lower(), out


def test_a_name_part_inside_a_known_place_of_several_words_is_kept() -> None:
    sender = Identity("Tran Minh Quan", "quan.tran@example.org")
    text = "I'm a backend engineer in Ho Chi Minh City. Minh is what my team calls me."
    out = anonymize("", text, identity=sender, rules=RULES).text
    assert out == "I'm a backend engineer in Ho Chi Minh City. <NAME> is what my team calls me."
    sender = Identity("Youssef El Amrani", "y.elamrani@example.org")
    out = anonymize("", "I work near El Jadida. El Amrani is my name.", identity=sender,
                    rules=RULES).text
    assert out == "I work near El Jadida. <NAME> is my name.", out
    # a person whose whole name is the place is still a person
    out = anon("My colleague Georgia Whitfield left for Georgia.")
    assert "Whitfield" not in out, out


def test_the_sender_name_as_a_lower_case_word_is_kept_in_a_capitalised_letter() -> None:
    sender = Identity("Grace Adeyemi", "grace.adeyemi@example.org")
    text = "How long before the grace period is over? Grace Adeyemi, Lagos. Grace here again."
    out = anonymize("", text, identity=sender, rules=RULES).text
    assert out == "How long before the grace period is over? <NAME>, Lagos. <NAME> here again.", out
    # a name part that is no English word still goes in lower case
    sender = Identity("Tran Minh Quan", "quan@example.org")
    out = anonymize("", "My team says quan is too quiet. I disagree.", identity=sender,
                    rules=RULES).text
    assert "quan" not in out, out


def test_a_place_before_a_speech_verb_is_not_the_speaker() -> None:
    text = "A startup from Miami wants me. My sister is a pharmacist in North York, says it's fine."
    assert anon(text) == text
    out = anon("My friend Tane works in Wellington, says my portfolio is nearly there.")
    assert out == "My friend <NAME> works in Wellington, says my portfolio is nearly there.", out
    out = anon("I found a mentor in Amaka Obi, says my manager.")
    assert "Amaka" not in out and "Obi" not in out, out


def test_a_country_after_its_town_is_not_a_person_named_like_it() -> None:
    out = anon("My colleague Jordan Pike left. I am from Amman, Jordan. Jordan said no.")
    assert out == "My colleague <NAME> left. I am from Amman, Jordan. <NAME> said no.", out


def test_a_job_title_before_with_or_for_makes_it_an_employer_cue() -> None:
    out = anon("I have been cabin crew with Emirates for ten years.")
    assert out == "I have been cabin crew with <XXX> for ten years.", out
    text = "I compare fares with Emirates every year."
    assert anon(text) == text


def test_a_firm_that_takes_over_or_merges_is_a_company() -> None:
    out = anon("After the TikTok Shop merger my team moved. TikTok took control of Tokopedia.")
    assert "TikTok" not in out and "Tokopedia" not in out, out
    out = anon("Since the Zentrova acquisition, things are more corporate.")
    assert "Zentrova" not in out, out


def test_a_public_body_named_by_its_place_or_people_is_scrubbed() -> None:
    out = anon("I applied for a post with the Scottish Government. Scottish Water are hiring.")
    assert "Scottish" not in out, out
    out = anon("I teach at a middle school in Fulton County Schools. I joined Northern Railway.")
    assert "Fulton" not in out and "Northern Railway" not in out, out
    text = "The water council of our village meets on Mondays. Government jobs are stable."
    assert anon(text) == text


def test_a_name_in_a_list_of_known_tools_is_a_tool() -> None:
    text = "I write C and some Rust, and I use Jira, Gerrit and Jenkins every day."
    assert anon(text) == text
    out = anon("My friends Ana, Gerrit and Tom left the team.")
    assert "Gerrit" not in out and "Ana" not in out, out
    out = anon("My colleague Gerrit uses Jira and Jenkins.")
    assert "Gerrit" not in out, out


def test_a_lower_case_brand_before_an_offer_is_a_company() -> None:
    out = anon("More spreadsheets now. Meanwhile bunq has offered me a Product Owner role.")
    assert "bunq" not in out, out
    text = "The salary offered me little. My pay is low."
    assert anon(text) == text


def test_a_name_never_runs_over_a_sentence_end_after_a_code() -> None:
    # hand check ten: "N1. My Japanese" had become one placeholder
    text = "I passed JLPT N2 in 2022 and I am studying for N1. My Japanese is good."
    assert anon(text) == text


def test_a_word_like_firm_named_in_lower_case_is_found_again_in_lower_case() -> None:
    # hand check ten: a lower-case letter left "been with target", "target vs costco"
    text = (
        "target vs costco??\n"
        "so i'm an executive team leader at target in dayton. been with target almost 6"
        " years. costco's pay is better compared to target's. my target is to save money."
    )
    out = anonymize("", text, identity=Identity(), rules=RULES).text
    assert out.count("<XXX>") == 4 and "my target is" in out, out


def test_an_acronym_after_a_cue_is_no_place_of_the_same_letters() -> None:
    # hand check ten: "OISE" was kept as the Oise département
    out = anon("I have my B.Ed. from OISE and I moved from CDMX to Monterrey.")
    assert "OISE" not in out and "CDMX" in out, out


def test_hand_check_ten_a_signature_names_a_ward_a_quarter_and_a_role() -> None:
    from mailpub.anonymize.identity import signature_facts

    sig = (
        "Adaeze Okonkwo-Bello, RN\nNursing Officer I, Cardiothoracic ICU\n"
        "Lagos University Teaching Hospital, Idi-Araba, Lagos"
    )
    _, companies = signature_facts(sig, [])
    assert "Lagos University Teaching Hospital" in companies, companies
    assert "Cardiothoracic ICU" not in companies and "Idi-Araba" not in companies, companies
    _, companies = signature_facts("Jane Roe\nZentrix, Shoreditch, London", [])
    assert companies == ["Zentrix"], companies
    # hand check eleven: a field after a title is a department; a firm of words is not
    sig = "Dr Eleanor Whitfield\nPrincipal Scientist, Clinical Pharmacology\nGSK | Stevenage"
    assert signature_facts(sig, [])[1] == ["GSK"]
    assert signature_facts("Jane Roe\nSenior Engineer, Bright Horizons", [])[1] == [
        "Bright Horizons"
    ]
    # "Bridge SE" read as a firm in the signature does not take the word "bridge"
    sender = Identity("Trang Nguyen", "trang@example.org", "Trang Nguyen\nBridge SE | FPT Software")
    text = "I work as a bridge system engineer at FPT Software in Hanoi."
    out = anonymize("", text, identity=sender, rules=RULES).text
    assert out == "I work as a bridge system engineer at <XXX> in Hanoi.", out


def test_a_country_of_several_words_listed_after_a_place_is_a_place() -> None:
    # hand check ten: "South Sudan" had become a company after "for Uganda and"
    text = "We clear transit cargo for Uganda and South Sudan every week."
    assert anon(text) == text


def test_hand_check_ten_casino_employers_in_a_lower_case_letter() -> None:
    text = (
        "i've been a bar supervisor at crown melbourne for 3 years. before that i was at the"
        " star in sydney. i did a bit of micros pos training at the star."
    )
    out = anon(text)
    assert "crown" not in out and "star" not in out and "sydney" in out, out
    text = "My favourite star is the sun. I wear a crown at parties."
    assert anon(text) == text


def test_states_provinces_and_regions_are_places() -> None:
    text = (
        "I farm in Mato Grosso and my brother works in Gauteng. We grew up in Kogi State"
        " and in Bình Dương, then moved to Co. Kerry."
    )
    assert anon(text) == text
    assert is_place(["minas", "gerais"]) and is_place(["kwazulu", "natal"])


def test_hand_check_eleven_a_relatives_name_that_is_a_word_in_a_lower_case_letter() -> None:
    text = (
        "hi boris. my husband will says take the offer. our daughter grace is starting"
        " grade 1. my mom hope says stay. my wife will be happy and my gf will call you."
    )
    out = anon(text)
    assert out.count("<NAME>") == 3, out
    assert "my wife will be happy and my gf will call you" in out, out


def test_hand_check_eleven_lower_case_places_schools_and_firm_mentions() -> None:
    text = (
        "hi boris. im a reservoir engineer with shell in port harcourt. everybody is worried"
        " about what happens to shell staff. before shell i was at total. i studied at ho chi"
        " minh city university of technology and i live in thu duc, ho chi minh city."
    )
    out = anon(text)
    assert "shell" not in out and "port harcourt" in out, out
    assert "university of technology" not in out and "live in thu duc, ho chi minh city" in out, out
    text = "hi boris. i love college football and my mum sells shell necklaces."
    assert anon(text) == text


def test_a_found_firm_whose_name_goes_on_to_its_acronym_in_brackets() -> None:
    # hand check eleven: "spdc" stayed readable after "shell petroleum development company"
    text = (
        "hi boris. im a reservoir engineer with shell petroleum development company (spdc)"
        " in port harcourt. spdc is being sold off so everybody is worried."
    )
    out = anon(text)
    assert "spdc" not in out and "petroleum development" not in out, out
    assert "port harcourt" in out, out


def test_a_known_place_before_a_site_word_is_the_site() -> None:
    text = (
        "They offered me a role at their Stratford office. I was posted at the Tema port"
        " and I now work at the Clifton branch."
    )
    assert anon(text) == text
    out = anon("I joined the Zentrix branch last year. My colleague Perry said hi.")
    assert "Zentrix" not in out and "Perry" not in out, out


def test_a_known_place_after_for_or_inside_is_a_place() -> None:
    text = (
        "I'd work on LNG optimisation for Karratha. They need a field lead for Mindanao,"
        " and my team works inside Idlib and Azaz."
    )
    assert anon(text) == text
    out = anon("I have worked for Zentrix since 2019 and I consult for Kestrel Analytics.")
    assert "Zentrix" not in out and "Kestrel" not in out, out


def test_a_small_town_before_a_site_word_after_the_is_the_site() -> None:
    text = "I work at Old Mutual, from the Bellville branch, and I train at the Umeda office."
    out = anon(text)
    assert "Bellville branch" in out and "Umeda office" in out and "Mutual" not in out, out


def test_an_acronym_before_certified_or_a_thing_noun_is_no_employer() -> None:
    sender = Identity("Mei Tan", "mei@example.org", "Mei Tan, CBAP\nSenior Analyst | Zentrix")
    text = "I'm CBAP certified since last year. I came through the GSS profession route."
    out = anonymize("", text, identity=sender, rules=RULES).text
    assert out == text, out
    out = anon("I'm a nurse at QMH and I love it. The QMH audit went well.")
    assert "QMH" not in out, out


def test_region_and_trade_abbreviations_are_jargon() -> None:
    text = "I lead sales for MICE groups across the GCC, and I hold ASNT Level II for UT and MT."
    assert anon(text) == text
    out = anon("I joined MICE Events Ltd in 2020.")
    assert "MICE" not in out, out


def test_an_acronym_in_brackets_before_a_slash_joins_the_school() -> None:
    # hand check eleven: "(HCMUT / bách khoa)" left the acronym readable
    out = anon("i studied at ho chi minh city university of technology (HCMUT / bach khoa).")
    assert "HCMUT" not in out, out
    text = "I did my degree at the University of Lagos (BPharm, 2015)."
    assert "BPharm" in anon(text)


def test_the_initials_of_a_found_company_are_the_company() -> None:
    # hand check eleven: "(go ISU!)" after "Iowa State University"
    out = anon("My daughter just started at Iowa State University, where I studied (go ISU!).")
    assert "ISU" not in out and "Iowa" not in out, out


def test_a_title_in_the_senders_display_name_is_no_name_part() -> None:
    # hand check ten: "Dr" of "Dr. Lena Marquardt" had become <NAME> before another doctor
    sender = Identity("Dr. Lena Marquardt", "lena@example.de")
    text = "My partner, Dr. Katrin Hoffmann, is brilliant. Lena here, Dr. Marquardt to you."
    out = anonymize("", text, identity=sender, rules=RULES).text
    assert out == "My partner, Dr. <NAME>, is brilliant. <NAME> here, Dr. <NAME> to you.", out


def test_industry_groups_are_no_firms() -> None:
    text = "I am afraid that once I leave Big Law I can never go back. I left the Big Four."
    assert anon(text) == text
    out = anon("I joined Big Four Consulting Ltd last year.")
    assert "Big Four Consulting" not in out, out

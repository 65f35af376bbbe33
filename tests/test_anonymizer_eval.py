"""The evaluation's scorer (``benchmarks/anonymizer_eval.py``): what counts as a leak."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ev() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "anonymizer_eval", ROOT / "benchmarks" / "anonymizer_eval.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["anonymizer_eval"] = module
    spec.loader.exec_module(module)
    return module


def leaked(ev: ModuleType, kind: str, gold: str, output: str, free: str = "") -> bool:
    return bool(
        ev.leaked(kind, gold, output, Counter(ev._words(output)), Counter(ev._words(free)))
    )


@pytest.mark.parametrize(
    ("gold", "output"),
    [
        # a surviving part of a name is a leak, whatever mailpub's own word lists say:
        # "Asante" is also a greeting, "Tatenda" a thank-you, "Jun" a month
        ("Kwabena Asante", "The CTO, <NAME> Asante, was my student."),
        ("Tatenda", "My wife Tatenda is a pharmacist."),
        ("Lim Jun Hao", "the boss's son, Mr. <NAME> Jun <NAME>, texts me"),
        ("Marie-Ève", "my wife <NAME>-Ève is a nurse"),
    ],
)
def test_a_surviving_part_of_a_persons_name_is_a_leak(
    ev: ModuleType, gold: str, output: str
) -> None:
    assert leaked(ev, "per", gold, output)


@pytest.mark.parametrize(
    ("gold", "output"),
    [
        ("Dr. Florence Adeyemi", "I met Dr. <NAME> at the clinic."),
        ("Team Leader Kim", "Our Team Leader <NAME> said no."),
        ("Kwabena Asante", "The CTO, <NAME>, was my student."),
        ("Shavkat aka", "I asked <NAME> aka about it."),
        ("Zeynep Hanım", "<NAME> Hanım agreed."),
        ("pani Bożena", "Our accountant, pani <NAME>, left."),
    ],
)
def test_titles_left_beside_a_replaced_name_are_no_leak(
    ev: ModuleType, gold: str, output: str
) -> None:
    assert not leaked(ev, "per", gold, output)


def test_a_word_used_elsewhere_in_the_letter_is_no_leak(ev: ModuleType) -> None:
    # "Hope Lindgren" replaced, "I hope" kept: only survivors beyond the free uses leak
    text = "I hope so. <NAME> agreed."
    assert not leaked(ev, "per", "Hope Lindgren", text, free="I hope so.")
    assert leaked(ev, "per", "Hope Lindgren", "I hope so. Hope agreed.", free="I hope so.")

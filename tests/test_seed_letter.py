"""The issue's must-show: the seed's question, with real names, becomes the seed's structure."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from tests.conftest import EXAMPLES, Result

SEED_LETTER = EXAMPLES / "01-career-move.eml"
QUESTION_OPEN = (
    '<!-- wp:paragraph {"textColor":"vivid-cyan-blue","fontSize":"small"} -->\n'
    '<p class="has-vivid-cyan-blue-color has-text-color has-small-font-size">'
)
LEAKS = [
    "Dana",
    "Whitfield",
    "dana.whitfield",
    "gmail",
    "415",
    "555-0134",
    "0134",
    "linkedin",
    "dana-whitfield-ds",
    "Thanks a lot",
    "Senior Data Scientist",
    "Intel",
    "intel",
    "Google",
    "Corporation",
]


def test_seed_letter_preview(run: Callable[..., Result], config_file: Callable[..., Path]) -> None:
    cfg = str(config_file("post:\n  reply_marker: ✍ ANSWER ✍\n"))
    first = run("--config", cfg, "import", "--json", str(SEED_LETTER))
    assert first.code == 0, first.err
    [entry] = json.loads(first.out)
    preview = run("--config", cfg, "preview", entry["draft_id"]).out

    _, front_text, body = preview.split("---\n", 2)
    front = yaml.safe_load(front_text)
    assert list(front) == ["title", "date", "categories", "tags", "layout"]
    assert front["title"] == "Career advise. Upgrading data science career"

    questions = re.findall(re.escape(QUESTION_OPEN) + r"(.*?)</p>\n<!-- /wp:paragraph -->", body)
    assert len(questions) >= 9
    assert questions[0] == "Hi Boris,"
    assert questions[1].startswith("I am currently trying to decide on a career move")
    assert "I got 2 offers:" in questions
    assert sum(q.startswith("- ") for q in questions) == 4
    assert body.count("<p>✍ ANSWER ✍</p>") >= 6

    assert "experience in data science at &lt;XXX&gt;, producing" in body
    assert "- One with &lt;YYY&gt;, to do research" in body
    assert "&lt;XXX&gt;'s research labs" in body  # the possessive keeps its placeholder
    for leak in LEAKS:
        assert leak not in preview, leak

    second = run("--config", cfg, "import", "--json", str(SEED_LETTER))
    assert json.loads(second.out)[0]["outcome"] == "duplicate"
    assert len(json.loads(run("--config", cfg, "list", "--json").out)) == 1

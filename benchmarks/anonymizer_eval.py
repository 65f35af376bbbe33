"""Anonymizer evaluation: ``python benchmarks/anonymizer_eval.py [--data DIR] [--no-ner]``.

Reads the labelled letters of ``tests/data/anonymizer`` (format: its README.md),
builds a real message from each (encodings, HTML), runs parse -> clean ->
anonymize exactly as ``mailpub import`` does (author "Boris Volkov"), and
prints, per half (``dev``, ``heldout``, ``fresh``) and per language:

* recall per kind (companies, persons, emails, phones, URLs): a gold mention
  counts as found only when no distinctive word of it (and not the whole
  phrase) survives anywhere in the output, so a partial replacement is a leak;
* precision: replaced strings that overlap a gold or optional mention;
* must-keep words kept, and the reader's ordinary (unlabelled) words kept;
* letters per second with the model loaded, and the model load time (fresh process).

:func:`results_section` returns the Markdown section ``benchmarks/run.py`` puts into
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import base64
import html
import quopri
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from mailpub.anonymize import anonymize  # noqa: E402
from mailpub.anonymize.ner import clear_memo, use_tuned_weights  # noqa: E402
from mailpub.anonymize.text import fold, phrase_key  # noqa: E402
from mailpub.anonymize.words import COMMON, STOP_CAPS  # noqa: E402
from mailpub.clean import clean_mail  # noqa: E402
from mailpub.model import CutKind, Identity, Rules  # noqa: E402
from mailpub.parse import parse_message  # noqa: E402

DATA = ROOT / "tests" / "data" / "anonymizer"
KINDS = ("co", "per", "email", "phone", "url")
KIND_NAMES = {"co": "companies", "per": "persons", "email": "emails", "phone": "phones",
              "url": "URLs"}  # fmt: skip
LABEL_RE = re.compile(r"\[\[(co|per|email|phone|url|keep|opt):(.+?)\]\]")
RULES = Rules(author_names=("Boris", "Volkov", "Boris Volkov"), phone_regions=("US", "GB"))
SECTION = "## Anonymizer"
#: Words of a person's gold mention whose survival is no leak: titles and name particles.
#: A fixed list, independent of the anonymizer's own word lists.
PERSON_GLUE = frozenset(
    words
    for line in (
        "the and van von der den des del della dos das bin binti bint ibn abu ben",
        "mr mrs ms miss mx dr prof professor sir madam dame lord lady eng engr frau herr",
        "sra srta dona monsieur madame mme mlle signora dott doctor captain capt rev pastor",
        "father sister brother uncle aunt aunty auntie chacha chachi bhai bhaiya didi sahib",
        "shri sri smt dato datuk datin haji hajjah alhaji ustaz pak bapak ibu khun ato",
        "team leader manager coach judge seu ing section chief engenheiro",
        "pani pan senhor senhora signor ssa chef nanny atty lola lolo tita tito ate kuya",
        "aka opa chi ong anh guai hanim hanım bey muallim uulu oglu ogli kyzy qizi bong daw",
        "maung khun kak rra mma dra",
    )
    for words in line.split()
)
# dev … dev7: used for tuning; heldout: never used for tuning; fresh: long letters
# (150–400 words) written before the second round of rule changes and frozen since; fresh2:
# 30 long letters written by someone who had not seen the code, frozen before the third
# round; fresh3 … fresh5: 40 letters each by other such writers, frozen in the fourth;
# fresh6, fresh7 (and dev12, dev13 for tuning) written at the start of the fifth;
# fresh8, fresh9 at the start of the sixth; fresh10, fresh11 at the start of the seventh.
TUNED = (
    "dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11",
    "dev12", "dev13", "dev14", "dev15", "dev16", "dev17", "dev18", "dev19", "dev20", "dev21",
    "dev22", "dev23", "dev24", "dev25", "dev26", "dev27", "dev28", "dev29", "dev30", "dev31",
    "dev32", "dev33", "dev34", "dev35",
)  # fmt: skip
FROZEN = (
    "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
    "fresh9", "fresh10", "fresh11",
)  # fmt: skip
HALVES = TUNED + FROZEN
#: The column that sums the English letters never tuned on.
UNTUNED = "untuned/en"


@dataclass
class Letter:
    name: str
    half: str
    lang: str
    encoding: str
    sender: str
    subject: str
    body: str  # labels removed, %%SIG%% removed
    gold: list[tuple[str, str]]  # (kind, surface), every mention
    ordinary: Counter[str] = field(default_factory=Counter)


def read_letter(path: Path, half: str) -> Letter:
    raw = path.read_text(encoding="utf-8")
    head, _, body = raw.partition("\n\n")
    headers = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    gold: list[tuple[str, str]] = []
    subject = headers.get("Subject", "")
    for m in LABEL_RE.finditer(subject):
        gold.append((m.group(1), m.group(2)))
    subject = LABEL_RE.sub(lambda m: m.group(2), subject)
    own, _, sig = body.partition("%%SIG%%\n")
    for m in LABEL_RE.finditer(own):
        gold.append((m.group(1), m.group(2)))
    # after the sign-off: names must still go, but a kept word there ("Senior Engineer"
    # under the name) may go with the signature block that cleaning cuts
    for m in LABEL_RE.finditer(sig):
        if m.group(1) != "keep":
            gold.append((m.group(1), m.group(2)))
    ordinary: Counter[str] = Counter(
        w for w in re.findall(r"[^\W\d_]+", LABEL_RE.sub(" ", own)) if len(w) > 1
    )
    text = LABEL_RE.sub(lambda m: m.group(2), own + sig)
    return Letter(
        path.stem,
        half,
        headers.get("X-Eval-Lang", "en"),
        headers.get("X-Eval-Encoding", "utf-8"),
        headers.get("From", "reader@example.org"),
        subject,
        text,
        gold,
        ordinary,
    )


def build_message(letter: Letter) -> bytes:
    """A real RFC 5322 message for the letter, in its declared encoding."""
    enc = letter.encoding
    body = letter.body
    ctype, cte, charset = "text/plain", "8bit", "utf-8"
    if enc == "html":
        paras = body.strip().split("\n\n")
        body = (
            "<html><body>"
            + "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paras)
            + "</body></html>"
        )
        ctype = "text/html"
    data = body.encode("latin-1" if enc == "latin-1" else "utf-8", errors="replace")
    if enc == "latin-1":
        charset = "iso-8859-1"
    if enc == "qp":
        data, cte = quopri.encodestring(data), "quoted-printable"
    elif enc == "base64":
        data, cte = base64.encodebytes(data), "base64"
    from email.header import Header

    subject = Header(letter.subject, "utf-8").encode()
    sender_name, _, addr = letter.sender.rpartition("<")
    name = Header(sender_name.strip().strip('"'), "utf-8").encode()
    head = (
        f"From: {name} <{addr}\nTo: advice@example.com\nSubject: {subject}\n"
        f"Message-ID: <{letter.name}@eval.example>\nDate: Mon, 3 Mar 2025 10:00:00 +0000\n"
        f"MIME-Version: 1.0\nContent-Type: {ctype}; charset={charset}\n"
        f"Content-Transfer-Encoding: {cte}\n\n"
    )
    return head.encode("ascii") + data


def run_letter(letter: Letter, *, ner: bool) -> tuple[str, list[tuple[str, str]]]:
    """Output text (subject + body) and the (placeholder, original) pairs replaced."""
    mail = parse_message(build_message(letter))
    cleaned = clean_mail(mail)
    signature = "\n".join(
        c.text for c in cleaned.cuts if c.kind in (CutKind.SIGNATURE, CutKind.SIGNOFF)
    )
    identity = Identity(mail.sender_name, mail.sender_address, signature)
    result = anonymize(cleaned.subject, cleaned.text, identity=identity, rules=RULES, ner=ner)
    pairs = [(r.placeholder, o) for r in result.redactions for o in r.originals]
    return result.subject + "\n" + result.text, pairs


_PLACEHOLDER_RE = re.compile(r"<[A-Z]{3,5}\d*>")


def _words(text: str) -> list[str]:
    return [fold(w) for w in re.findall(r"[^\W_]+", _PLACEHOLDER_RE.sub(" ", text))]


def leaked(
    kind: str, surface: str, output: str, out_words: Counter[str], free: Counter[str]
) -> bool:
    """Whether any readable part of a gold mention survives in the output.

    ``free[word]``: how often the word occurs in the letter outside gold mentions
    ("my target is" beside "I work at Target"); only survivors beyond that count leak.
    """
    if kind == "phone":
        digits = re.sub(r"\D", "", surface)
        return digits[-7:] in re.sub(r"\D", "", output)
    if kind in ("email", "url"):
        return fold(surface.strip("@")) in fold(output)
    key = phrase_key(surface)
    folded_out = " ".join(_words(output))
    phrase = r"(?<!\w)" + re.escape(" ".join(key)) + r"(?!\w)"
    if len(key) > 1 and re.search(phrase, folded_out):
        return True
    if kind == "per":
        # every part of a person's name is distinctive, whatever mailpub's own word lists
        # say ("Asante" is also a greeting): only titles and particles are not
        distinctive = [t for t in key if len(t) > 2 and t not in PERSON_GLUE]
    else:
        distinctive = [t for t in key if len(t) > 2 and t not in COMMON and t not in STOP_CAPS]
    return any(out_words[t] > free[t] for t in distinctive)


@dataclass
class Score:
    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    tp: int = 0
    predicted: int = 0
    keep_kept: int = 0
    keep_total: int = 0
    ord_kept: int = 0
    ord_total: int = 0
    letters: int = 0
    misses: list[str] = field(default_factory=list)
    false_pos: list[str] = field(default_factory=list)


def score_letter(letter: Letter, output: str, pairs: list[tuple[str, str]], score: Score) -> None:
    out_counts = Counter(_words(output))
    free = Counter(_words(letter.subject + "\n" + letter.body))
    for kind, surface in letter.gold:
        if kind != "keep":
            free.subtract(phrase_key(surface))
    score.letters += 1
    for kind, surface in letter.gold:
        if kind not in KINDS:
            continue
        score.total[kind] += 1
        if leaked(kind, surface, output, out_counts, free):
            score.misses.append(f"{letter.name}: {kind} {surface!r}")
        else:
            score.found[kind] += 1
    keeps = Counter(fold(s) for k, s in letter.gold if k == "keep")
    for word, n in keeps.items():
        pattern = r"(?<!\w)" + re.escape(word) + r"(?!\w)"
        kept = min(n, len(re.findall(pattern, fold(output))))
        score.keep_total += n
        score.keep_kept += kept
        if kept < n:
            score.misses.append(f"{letter.name}: keep {word!r} lost {n - kept} of {n}")
    for word, n in letter.ordinary.items():
        score.ord_total += n
        score.ord_kept += min(n, out_counts[fold(word)])
    gold_keys = [phrase_key(s) for k, s in letter.gold if k not in ("keep",)]
    gold_tokens = {t for key in gold_keys for t in key}
    for placeholder, original in dict.fromkeys(pairs):
        score.predicted += 1
        key = phrase_key(original)
        if key and set(key) & gold_tokens:
            score.tp += 1
        else:
            score.false_pos.append(f"{letter.name}: {placeholder} {original!r}")


def evaluate(
    data: Path = DATA, *, ner: bool = True, halves: tuple[str, ...] = HALVES
) -> dict[str, object]:
    """Scores per group ("dev/en", "heldout/en", "dev/other", …), speed and load time."""
    groups: dict[str, Score] = {}
    letters = [
        read_letter(path, half) for half in halves for path in sorted((data / half).glob("*.txt"))
    ]
    if not letters:  # a folder of letters of its own (--data DIR)
        letters = [read_letter(path, data.name) for path in sorted(data.glob("*.txt"))]
    if not letters:
        raise SystemExit(f"no labelled letters (*.txt) in {data} or its {'/'.join(HALVES)} folders")
    if ner:
        anonymize("", "warm up", identity=Identity(), rules=RULES)
    words = 0
    clear_memo()  # a second evaluation in one process must not time the memo
    start = time.perf_counter()
    outputs = []
    for letter in letters:
        outputs.append(run_letter(letter, ner=ner))
        words += len(letter.body.split())
    elapsed = time.perf_counter() - start
    for letter, (output, pairs) in zip(letters, outputs, strict=True):
        lang = "en" if letter.lang == "en" else "de+es"
        names = [f"{letter.half}/{lang}"]
        if letter.half in FROZEN and lang == "en":
            names.append(UNTUNED)
        for group in names:
            score_letter(letter, output, pairs, groups.setdefault(group, Score()))
    return {
        "groups": groups,
        "letters": len(letters),
        "letters_per_second": len(letters) / elapsed if elapsed else 0.0,
        "words_per_letter": words / max(1, len(letters)),
        "load_seconds": model_load_seconds() if ner else 0.0,
        "lists_seconds": word_lists_seconds(),
        "ner": ner,
    }


def long_letter_speed(count: int = 200) -> tuple[float, float]:
    """(letters/s, words/letter) of anonymize() with the model on benchmarks.letters' letters
    of 150–400 words, one call per letter as the pipeline makes it."""
    from benchmarks.letters import letter

    mails = [parse_message(letter(i)) for i in range(count)]
    cleaned = [clean_mail(m) for m in mails]
    anonymize("", "warm up", identity=Identity(), rules=RULES)
    clear_memo()
    start = time.perf_counter()
    for mail, clean in zip(mails, cleaned, strict=True):
        identity = Identity(mail.sender_name, mail.sender_address)
        anonymize(clean.subject, clean.text, identity=identity, rules=RULES)
    elapsed = time.perf_counter() - start
    return count / elapsed, sum(len(c.text.split()) for c in cleaned) / count


def word_lists_seconds() -> float:
    """Reading the bundled name, word and place lists and the gazetteer, fresh process."""
    code = (
        "import time; from mailpub.anonymize import load_word_lists\n"
        "t = time.perf_counter(); load_word_lists(); print(time.perf_counter() - t)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def model_load_seconds() -> float:
    """``import spacy`` + model load in a fresh process, as the first letter pays it."""
    code = (
        "import time; t = time.perf_counter()\n"
        "from mailpub.anonymize import ner; ner.load()\n"
        "print(time.perf_counter() - t)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "–"


def table(result: dict[str, object]) -> str:
    groups = result["groups"]
    assert isinstance(groups, dict)
    names = sorted(groups, key=lambda g: (g != UNTUNED, g.split("/")[1] != "en", g))
    lines = ["| measure | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for kind in KINDS:
        cells = [_ratio(groups[g].found[kind], groups[g].total[kind]) for g in names]
        lines.append(f"| recall: {KIND_NAMES[kind]} | " + " | ".join(cells) + " |")
    rows = [
        ("identity recall (persons, emails, phones, URLs)",
         lambda s: _ratio(sum(s.found[k] for k in KINDS[1:]), sum(s.total[k] for k in KINDS[1:]))),
        ("precision (replaced strings)", lambda s: _ratio(s.tp, s.predicted)),
        ("must-keep words kept", lambda s: _ratio(s.keep_kept, s.keep_total)),
        ("reader's ordinary words kept", lambda s: _ratio(s.ord_kept, s.ord_total)),
        ("letters", lambda s: str(s.letters)),
    ]  # fmt: skip
    for label, fn in rows:
        lines.append(f"| {label} | " + " | ".join(fn(groups[g]) for g in names) + " |")
    return "\n".join(lines)


def results_section(data: Path = DATA) -> str:
    """The RESULTS.md section (Markdown) for ``benchmarks/run.py``."""
    result = evaluate(data)
    long_rate, long_words = long_letter_speed()
    return "\n".join(
        [
            SECTION,
            "",
            f"`benchmarks/anonymizer_eval.py` on {result['letters']} labelled letters "
            "(tests/data/anonymizer; `dev` … `dev35` were used for tuning the rules and for "
            "training mailpub's NER weights; `heldout`, `fresh` and `fresh2` … `fresh11` "
            "were not: only their totals were read; from `fresh2` on each was written by a "
            "writer who had not seen the code (30 or 40 letters of 250–350 words); "
            f"`{UNTUNED}` sums the English letters never tuned on), parse → clean → anonymize "
            'with the NER model and mailpub\'s fine-tuned weights, author "Boris Volkov".',
            "",
            table(result),
            "",
            f"Speed: {result['letters_per_second']:.1f} letters/s on one core, model loaded "
            f"(letters of {result['words_per_letter']:.0f} words on average, parse and clean "
            f"included); model load (import spacy + load, fresh process): "
            f"{result['load_seconds']:.2f} s, then the word lists and gazetteer "
            f"{result['lists_seconds']:.2f} s. On letters of 150–400 words "
            f"(benchmarks/letters.py, {long_words:.0f} words on average), anonymize() alone: "
            f"{long_rate:.1f} letters/s, one call per letter.",
            "",
        ]
    )


def write_section(path: Path, section: str) -> None:
    """Put the anonymizer section into RESULTS.md, replacing an older one."""
    from benchmarks.results import write_section as put

    put(path, SECTION, section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--no-ner", action="store_true", help="rules only")
    parser.add_argument(
        "--base-ner",
        action="store_true",
        help="the model package's own NER weights, not mailpub's fine-tuned ones",
    )
    parser.add_argument("--half", help="list misses of one half (dev, dev2, …)")
    parser.add_argument("--write", type=Path, help="also write the section into this file")
    parser.add_argument(
        "--tuned",
        action="store_true",
        help="score the sets used for tuning only (no totals of frozen sets)",
    )
    args = parser.parse_args()
    if args.base_ner:
        use_tuned_weights(False)
    result = evaluate(args.data, ner=not args.no_ner, halves=TUNED if args.tuned else HALVES)
    print(table(result))
    print(
        f"\n{result['letters_per_second']:.1f} letters/s ({result['words_per_letter']:.0f} "
        f"words/letter), model load {result['load_seconds']:.2f} s, word lists "
        f"{result['lists_seconds']:.2f} s"
    )
    groups = result["groups"]
    assert isinstance(groups, dict)
    if args.half in FROZEN:
        raise SystemExit(
            f"{args.half} is frozen (never tuned on): only its totals are read, not its misses"
        )
    if args.half:
        for name, score in sorted(groups.items()):
            if name.split("/")[0] == args.half:
                print(f"\n# {name} misses")
                print("\n".join(score.misses))
                print(f"\n# {name} false positives")
                print("\n".join(score.false_pos))
    if args.write:
        write_section(args.write, results_section(args.data))


if __name__ == "__main__":
    main()

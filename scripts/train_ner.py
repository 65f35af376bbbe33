"""Fine-tune the NER weights of the pinned spaCy model on the labelled letters we tune on.

    python scripts/train_ner.py [--epochs N] [--out DIR] [--sets dev dev2 ...]

Only the sets the rules are tuned on (``anonymizer_eval.TUNED``) are read; the frozen sets
stay unseen, so ``benchmarks/anonymizer_eval.py`` still measures letters by new writers.

Each letter (subject line, blank line, text, as :func:`mailpub.anonymize.ner_text` builds
it) becomes one training document:

* ``co`` mentions are ORG, ``per`` mentions are PERSON;
* ``opt`` mentions are left open (neither right nor wrong);
* every other word is what the base model says it is, except that its ORG and PERSON
  guesses outside the gold mentions are taken back (the writers labelled every company
  and person), and so is any entity over a ``keep`` mention unless it is a place-like or
  other non-name label the anonymizer does not replace.

Only the ``ner`` component is trained (the small model's NER has its own token-to-vector
layer); the result is written to ``--out`` (default ``mailpub/data/ner``) as that
component's weights, which :mod:`mailpub.anonymize.ner` loads over the pinned package's.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import anonymizer_eval as ev  # noqa: E402
import spacy  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402
from spacy.training import Example  # noqa: E402

from mailpub.anonymize import ner_text  # noqa: E402
from mailpub.anonymize.ner import KEEP_PIPES, MODEL_PACKAGE, MODEL_PIPELINE  # noqa: E402

LABEL_RE = re.compile(r"\[\[(co|per|email|phone|url|keep|opt):(.+?)\]\]")
GOLD = {"co": "ORG", "per": "PERSON"}
NAME_LABELS = {"ORG", "PERSON"}


def strip_labels(raw: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Text without labels and the (start, end, kind) of each label in it."""
    out: list[str] = []
    spans = []
    pos = 0
    length = 0
    for m in LABEL_RE.finditer(raw):
        out.append(raw[pos : m.start()])
        length += m.start() - pos
        spans.append((length, length + len(m.group(2)), m.group(1)))
        out.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    out.append(raw[pos:])
    return "".join(out), spans


def swap_names(raw: str, pool: dict[str, list[str]], rng: random.Random) -> str:
    """The labelled text with each company and person name swapped for one from other
    letters, the same name the same way throughout: the model learns the contexts that
    make a name, not the names."""
    chosen: dict[tuple[str, str], str] = {}

    def pick(m: re.Match[str]) -> str:
        kind, surface = m.group(1), m.group(2)
        if kind not in GOLD or not pool.get(kind):
            return m.group(0)
        key = (kind, surface.lower())
        if key not in chosen:
            chosen[key] = rng.choice(pool[kind])
        return f"[[{kind}:{chosen[key]}]]"

    return LABEL_RE.sub(pick, raw)


def read_raw(path: Path) -> str | None:
    """The labelled NER text of one letter (None for a non-English one)."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    headers = dict(
        line.split(":", 1) for line in head.splitlines() if ":" in line
    )
    if headers.get("X-Eval-Lang", "en").strip() != "en":
        return None
    subject = headers.get("Subject", "").strip()
    body = "\n".join(line for line in body.splitlines() if line.strip() != "%%SIG%%")
    return ner_text(subject, body.strip("\n"))


def example(
    nlp: spacy.Language, base: Doc, text: str, spans: list[tuple[int, int, str]]
) -> Example:
    doc = nlp.make_doc(text)
    gold: list[Span] = []
    taken = [False] * len(doc)
    open_tokens: list[int] = []
    for start, end, kind in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        if kind in GOLD:
            if any(taken[span.start : span.end]):
                continue
            gold.append(Span(doc, span.start, span.end, label=GOLD[kind]))
            for k in range(span.start, span.end):
                taken[k] = True
        elif kind == "opt":
            open_tokens.extend(range(span.start, span.end))
    keep_tokens: set[int] = set()
    for start, end, kind in spans:
        if kind == "keep":
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                keep_tokens.update(range(span.start, span.end))
    for ent in base.ents:
        if ent.label_ in NAME_LABELS:
            # a name the base model sees outside the gold mentions: wrong over a keep
            # mention, left open elsewhere (not taught away)
            if not any(taken[ent.start : ent.end]) and not keep_tokens & set(
                range(ent.start, ent.end)
            ):
                open_tokens.extend(range(ent.start, ent.end))
            continue
        if any(taken[ent.start : ent.end]):
            continue
        span = doc.char_span(ent.start_char, ent.end_char)
        if span is None:
            continue
        gold.append(Span(doc, span.start, span.end, label=ent.label_))
        for k in range(span.start, span.end):
            taken[k] = True
    gold.sort(key=lambda s: s.start)
    ref = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    ref.set_ents(
        [Span(ref, s.start, s.end, label=s.label_) for s in gold],
        missing=[ref[k : k + 1] for k in sorted(set(open_tokens)) if not taken[k]],
        default="outside",
    )
    return Example(doc, ref)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--out", type=Path, default=ROOT / "mailpub" / "data" / "ner")
    parser.add_argument("--sets", nargs="*", default=list(ev.TUNED))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--augment", type=int, default=0, help="copies with swapped names")
    args = parser.parse_args()
    if set(args.sets) & set(ev.FROZEN):
        parser.error("the frozen sets are never trained on")
    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    exclude = [p for p in MODEL_PIPELINE if p not in KEEP_PIPES]
    nlp = spacy.load(MODEL_PACKAGE, exclude=exclude)
    raws = []
    for name in args.sets:
        for path in sorted((ev.DATA / name).glob("*.txt")):
            raw = read_raw(path)
            if raw is not None:
                raws.append(raw)
    pool: dict[str, list[str]] = {}
    for raw in raws:
        for m in LABEL_RE.finditer(raw):
            if m.group(1) in GOLD and "\n" not in m.group(2):
                pool.setdefault(m.group(1), []).append(m.group(2))
    rng = random.Random(args.seed)
    texts = list(raws)
    for _ in range(args.augment):
        texts += [swap_names(raw, pool, rng) for raw in raws]
    letters = [strip_labels(raw) for raw in texts]
    bases = list(nlp.pipe([text for text, _ in letters], batch_size=32))
    examples = [
        example(nlp, base, text, spans)
        for base, (text, spans) in zip(bases, letters, strict=True)
    ]
    say(f"{len(examples)} letters from {len(args.sets)} sets")
    optimizer = nlp.resume_training()
    for epoch in range(args.epochs):
        random.shuffle(examples)
        losses: dict[str, float] = {}
        began = time.perf_counter()
        for batch in spacy.util.minibatch(examples, size=8):
            nlp.update(batch, sgd=optimizer, drop=0.3, losses=losses)
        say(
            f"epoch {epoch + 1}: loss {losses.get('ner', 0.0):.1f} "
            f"({time.perf_counter() - began:.0f} s)"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.get_pipe("ner").to_disk(args.out, exclude=["vocab"])
    say(f"wrote {args.out}")


if __name__ == "__main__":
    main()

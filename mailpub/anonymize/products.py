"""A known firm's name used for its product, not as the reader's employer.

"a Siemens SGT-400 turbine", "the Boeing 787 fleet", "Honeywell Experion screens", "an old
Oracle database", "I use Salesforce for my pipeline", "a Facebook group", "back to square
one", "a project in the Amazon basin", "my MS in Industrial Engineering", "FDA
inspections": the firm's name says what the reader uses, flies, sells or studied, not where
they work. :func:`used_as_product` tells these apart so that the
gazetteer's and the model's reading of the name gives way.

The firm is still found where the words make it the reader's work: an employment cue before
it ("I work at Siemens S7 support", "an offer from Oracle"), a team word after it ("on the
Salesforce CRM team"), or a possessive ("Oracle's database team").

Pure; nothing here raises.
"""

from __future__ import annotations

import re

from mailpub.anonymize.entities import PLATFORMS
from mailpub.anonymize.lexicon import words
from mailpub.anonymize.rules import TEAM_WORDS, cue_before, product_cue
from mailpub.anonymize.text import Doc, Hit
from mailpub.anonymize.tools import is_tool
from mailpub.model import RedactionKind

__all__ = ["used_as_product"]

#: A model code after a name: letters and digits both, "SGT-400", "800xA", "797F", "S7";
#: or a bare three-digit type number ("Boeing 787"; a four-digit year is not one).
_MODEL_CODE_RE = re.compile(
    r" (?:(?=[A-Za-z0-9+-]*\d)(?=[A-Za-z0-9+-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9+-]*|[1-9]\d\d)"
    r"(?![\w'’])"
)
#: Nouns after a firm's name that make it a product the reader uses ("Oracle database",
#: "the Square reporting"); not "account", "store", "group" or "integration", which name
#: the firm as a client, a workplace, a parent or a merger ("our Verizon account", "a
#: Chemist Warehouse store", "the Sea group", "the Pioneer integration"), nor "app", which
#: is often the reader's work ("I build the Revolut app").
PRODUCT_NOUNS = frozenset(
    words(
        """
        database databases db module modules upgrade licence license licences licenses
        instance instances schema migration report reports reporting dashboard dashboards
        sheet sheets api apis plugin plugins extranet extranets
        campaign campaigns ads inspection inspections approval approvals submission
        submissions filing filings guidelines guidance coverage
        """
    )
)
#: Nouns after a platform's name ("a Facebook group", "our Instagram page").
_PLATFORM_NOUNS = frozenset(words("group groups page pages channel feed profile"))
#: Verbs of use before a firm's name ("I use Salesforce", "paid through Wise").
_USE_VERBS = frozenset(words("use uses using used via"))
#: Degrees written like a ticker or a brand ("my MS in Industrial Engineering", "an HBO
#: degree", "an HBO or WO degree"), before these words.
_DEGREES = frozenset(("MS", "MA", "BA", "BS", "HBO", "WO", "MBO"))
_AFTER_DEGREE = frozenset(words("in degree degrees or from programme program student"))
#: Names that are a region after "the" ("out of the Randstad", "a trip on the Amazon").
_THE_REGIONS = frozenset(words("amazon randstad"))
#: Words of a landscape after "the Amazon".
_AMAZON_LAND = frozenset(
    words("basin region rainforest river frontier side jungle forest delta")
)


def used_as_product(doc: Doc, hit: Hit) -> bool:
    """The company ``hit`` names a product or thing the reader uses, not an employer."""
    if hit.kind is not RedactionKind.COMPANY:
        return False
    toks = doc.tokens
    ks = doc.indices_within(hit.start, hit.end)
    if not ks:
        return False
    first, last = ks[0], ks[-1]
    nxt = last + 1
    after = toks[nxt] if nxt < len(toks) and doc.word_gap(last) else None
    if toks[first].text == "square" and after is not None and after.norm == "one":
        return True  # "back to square one"
    if toks[last].norm == "amazon" and after is not None and after.norm in _AMAZON_LAND:
        return True  # "the Amazon basin"
    if (
        first == last
        and toks[first].norm in _THE_REGIONS
        and first > 1
        and toks[first - 1].norm == "the"
        and toks[first - 2].norm in ("in", "on", "of", "across", "around", "near")
    ):
        return True  # "a guide in the amazon", "moving out of the Randstad"
    if cue_before(doc, first) is not None or doc.possessive(nxt):
        return False
    if (
        doc.text[hit.start : hit.end] in _DEGREES
        and after is not None
        and after.norm in _AFTER_DEGREE
    ):
        return True  # "my MS in Industrial Engineering", "an HBO degree"
    if _team_after(doc, last):
        return False  # "the Salesforce reporting team": the reader's work
    if _MODEL_CODE_RE.match(doc.text, hit.end):
        return True  # "a Siemens SGT-400 turbine", "the Boeing 787 fleet"
    if after is not None and after.text.islower() and (
        after.norm in PRODUCT_NOUNS
        or (after.norm in _PLATFORM_NOUNS and all(toks[k].norm in PLATFORMS for k in ks))
    ):  # "an old Oracle database", "a Facebook group"; not "I build the Shopify plugin"
        return not product_cue(doc, first, last)
    if after is not None and after.is_cap and _known_tool(doc, hit.start, nxt):
        # "Honeywell Experion", "Google Earth Engine"; not "I work on Google Earth Engine"
        return not product_cue(doc, first, last)
    prev = first - 1
    if prev >= 0 and toks[prev].norm == "the" and doc.word_gap(prev):
        prev -= 1
    return prev >= 0 and doc.word_gap(prev) and toks[prev].norm in _USE_VERBS


def _known_tool(doc: Doc, start: int, nxt: int) -> bool:
    """The firm's name and up to three capitalised words after it are a known tool."""
    toks = doc.tokens
    for size in (3, 2, 1):
        end = nxt + size - 1
        if end >= len(toks) or not all(doc.word_gap(m) for m in range(nxt - 1, end)):
            continue
        if is_tool(doc.text[start : toks[end].end]):
            return True
    return False


def _team_after(doc: Doc, last: int) -> bool:
    """A team word right after token ``last``, or after one more name word or product
    noun: "the Oracle team", "the Salesforce CRM team", "the Oracle database team"."""
    toks = doc.tokens
    k = last + 1
    if k < len(toks) and doc.word_gap(last) and (
        toks[k].is_cap or toks[k].norm in PRODUCT_NOUNS
    ):
        k += 1
    return k < len(toks) and doc.word_gap(k - 1) and toks[k].norm in TEAM_WORDS

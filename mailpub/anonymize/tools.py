"""Credentials and tool names that carry a company's name but do not name an employer.

"Google Data Analytics Certificate", "AWS Solutions Architect Associate", "Microsoft
PL-300", "SAP FICO", "Oracle Hyperion", "Power BI": the reader holds or uses them; the
company in them says nothing about where the reader works. :func:`kept_spans` finds them so
that the anonymizer leaves them whole (as it leaves the reader's own placeholders), unless
the reader's words make the product their work ("on the SAP FICO team"), which
:func:`mailpub.anonymize.rules.product_cue` tells.

:func:`is_tool` knows about 2,000 more products by name (``mailpub/data/tools.txt``:
"XGBoost", "CargoWise", "TIA Portal", "Substance Painter"): a span that is exactly one of
them is held back when only the model or a weak cue ("with", "in") took it for a name.
:func:`in_tool_list` tells a name listed with two such tools ("Jira, Gerrit and Jenkins"),
which is a tool too.

Pure; the list is read once per process; nothing here raises.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from mailpub.anonymize.text import Doc, merge_spans, phrase_key

__all__ = ["in_tool_list", "is_tool", "kept_spans"]

_CAP = r"[A-Z][A-Za-z0-9+&/.'-]*"
_PATTERNS = (
    # "Google Data Analytics Certificate", "AWS Cloud Practitioner", "Azure Fundamentals"
    rf"\b(?:{_CAP}\s+){{1,5}}(?:Professional\s+)?"
    r"(?:Certificate|Certification|Certifications|Fundamentals|Practitioner|Specialty)\b",
    # "AWS Solutions Architect Associate", "Google Cloud Professional Data Engineer",
    # "Microsoft Certified Azure Administrator", "Cisco Certified Network Associate"
    r"\b(?:AWS|Azure|GCP|Google\s+Cloud|(?:Microsoft|Cisco|Oracle|Salesforce|Google)"
    r"\s+Certified)\s+(?:Certified\s+)?(?:Professional\s+)?(?:[A-Z][A-Za-z]+\s+){0,3}"
    r"(?:Associate|Professional|Expert|Engineer|Architect|Developer|Administrator|Analyst)\b",
    # exam codes: "Microsoft PL-300", "AZ-900", "SAA-C03"
    r"\b(?:Microsoft\s+|AWS\s+)?[A-Z]{2,3}-(?:C0\d|\d{3})\b",
    # "Primavera P6", in its own case only ("Primavera Capital" is a firm)
    r"\bPrimavera(?:\s+P6)?\b",
    # visas, licences and credentials named like organisations
    r"\b(?:Express\s+Entry|Golden\s+Visa|(?:EU\s+)?Blue\s+Card|Green\s+Card|"
    r"Global\s+Talent\s+Visa|Skilled\s+Worker\s+[Vv]isa|Working\s+Holiday\s+[Vv]isa|"
    r"Graduate\s+Route|Chancenkarte|Opportunity\s+Card)\b",
    r"\b(?:CFA|CAIA|FRM|ACCA|CIMA|CMA)\s+Level\s+(?:III|II|I|[123])\b",
    r"\bCertified\s+(?:[A-Z][A-Za-z]+\s+){0,3}(?:Engineer|Accountant|Auditor|Analyst|"
    r"Manager|Administrator|Master|Owner|Professional|Technician|Planner|Specialist|"
    r"Associate|Coach|Trainer|Consultant|Architect|Developer)\b",
    r"\bP\.\s?Eng\b\.?|\bC\.\s?Eng\b\.?",
    # industry groups, no firm: "Big Law", "the Big Four", "Big Tech"
    r"\b[Bb]ig\s+(?:Law|Four|4|Three|Tech|Pharma|Oil|Ag)\b(?!\s+(?!I\b)[A-Z])",
    # greetings and blessings that hold a brand or a name: "Kia ora", "Jazak Allah"
    r"\b(?:Kia\s+[Oo]ra|Kia\s+kaha|Ng[āa]\s+mihi|Jazak\s*Allah(?:\s+[Kk]hair)?|"
    r"Insh?a\s*Allah|Terima\s+kasih|Maraming\s+salamat|Salamat\s+po|Asante\s+sana|"
    r"Sat\s+Sri\s+Akal|Assalamu?\s+[Aa]laikum|As-salamu\s+[Aa]laykum|Ka\s+kite)\b",
)
#: Named products of a firm, in any case ("power bi", "google data analytics" in a letter
#: written in lower case): each is an explicit list, so case carries no signal here.
_PRODUCTS = (
    # modules and products: "SAP FICO", "SAP S/4HANA", "Oracle Hyperion", "Power BI"
    r"\bSAP\s+(?:FICO|FI/CO|FI|CO|MM|PP|PM|SD|HCM|ABAP|BW|BW/4HANA|HANA|S/4HANA|S/4|Ariba|"
    r"SuccessFactors|Basis|EWM|WM|QM|PS|CRM|BTP|Fiori|Concur|ERP|Business\s+One|B1)\b",
    r"\bOracle\s+(?:Hyperion|EBS|E-Business\s+Suite|Fusion|NetSuite|Database|DB|APEX|"
    r"PL/SQL|ERP|HCM|Cloud\s+ERP|Primavera|Essbase|Financials)\b",
    r"\bPower\s+(?:BI|Query|Apps|Automate|Pivot|Platform)\b",
    r"\bArticulate\s+(?:360|Storyline|Rise)\b",
    r"\bGoogle\s+(?:Classroom|Workspace|Sheets|Docs|Slides|Analytics|Tag\s+Manager|Search\s+"
    r"Console|Looker\s+Studio|Data\s+Studio|Forms|Drive|Meet|Colab|Translate|Maps|Data\s+"
    r"Analytics|IT\s+Support|UX\s+Design|Project\s+Management|Cybersecurity|Digital\s+"
    r"Marketing)\b",
    r"\bMicrosoft\s+(?:Excel|Word|PowerPoint|Outlook|Teams|Project|Office|365|Dynamics|"
    r"Fabric|Access|Visio|SharePoint|Intune)\b",
    r"\bSalesforce\s+(?:CRM|Admin|Administrator|Marketing\s+Cloud|Service\s+Cloud|"
    r"Sales\s+Cloud|Trailhead)\b",
    r"\bGoogle\s+Ads(?:\s+Search)?\b",
)
_RE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))
_PRODUCT_RE = re.compile("|".join(f"(?:{p})" for p in _PRODUCTS), re.IGNORECASE)
_LEADING_GLUE = re.compile(r"^(?:(?:The|A|An|My|Our|His|Her|And|Or|In|On|At|With)\s+)+")


def kept_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of credentials and tool names in ``text`` (see the module doc)."""
    found = []
    for m in [*_RE.finditer(text), *_PRODUCT_RE.finditer(text)]:
        start, end = m.start(), m.end()
        glue = _LEADING_GLUE.match(text[start:end])
        if glue:
            start += glue.end()
        if start < end:
            found.append((start, end))
    return merge_spans(found)  # the two patterns may overlap: one span each


_LIST_SPLIT_RE = re.compile(r"\s*(?:,|\band\b|\bor\b|/)\s*")


@cache
def _tools() -> frozenset[str]:
    text = (resources.files("mailpub") / "data" / "tools.txt").read_text(encoding="utf-8")
    return frozenset(
        " ".join(phrase_key(line))
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def is_tool(surface: str) -> bool:
    """The span is a known software product or tool, maybe with a version ("Wwise-101"),
    or a list of them ("Splunk and Wireshark")."""
    parts = [p for p in _LIST_SPLIT_RE.split(surface.strip()) if p]
    if len(parts) > 1:  # "Splunk and Wireshark", "Figma, Miro"
        return all(is_tool(p) for p in parts)
    key = list(phrase_key(surface))
    while len(key) > 1 and any(c.isdigit() for c in key[-1]):
        key.pop()
    return bool(key) and " ".join(key) in _tools()


def in_tool_list(doc: Doc, first: int, last: int) -> bool:
    """Tokens ``first``..``last`` are an item of a list ("A, B and C") in which two other
    items are known tools: "I use Jira, Gerrit and Jenkins" (Gerrit is a tool here)."""
    tools = 0
    item: tuple[int, int] | None = (first, last)
    for _ in range(4):
        item = _item_before(doc, item[0]) if item else None
        if item is None:
            break
        tools += is_tool(doc.text[doc.tokens[item[0]].start : doc.tokens[item[1]].end])
    item = (first, last)
    for _ in range(4):
        item = _item_after(doc, item[1]) if item else None
        if item is None:
            break
        tools += is_tool(doc.text[doc.tokens[item[0]].start : doc.tokens[item[1]].end])
    return tools >= 2


def _named(doc: Doc, k: int) -> bool:
    tok = doc.tokens[k]
    return tok.is_cap or tok.is_mixed or tok.is_upper


def _item_before(doc: Doc, first: int) -> tuple[int, int] | None:
    """The list item (first, last token) before the one starting at token ``first``."""
    toks = doc.tokens
    k = first - 1
    if k < 0:
        return None
    if toks[k].norm in ("and", "or") and doc.word_gap(k):
        end = k - 1
        if end < 0 or doc.gap(end).strip() not in ("", ","):
            return None
    elif doc.gap(k).strip() == ",":
        end = k
    else:
        return None
    if not _named(doc, end):
        return None
    start = end
    while start > 0 and end - start < 2 and doc.word_gap(start - 1) and _named(doc, start - 1):
        start -= 1
    return start, end


def _item_after(doc: Doc, last: int) -> tuple[int, int] | None:
    """The list item (first, last token) after the one ending at token ``last``."""
    toks = doc.tokens
    start = last + 1
    if start >= len(toks):
        return None
    gap = doc.gap(last).strip()
    if gap == ",":
        if toks[start].norm in ("and", "or") and doc.word_gap(start):
            start += 1
    elif gap == "" and toks[start].norm in ("and", "or") and doc.word_gap(start):
        start += 1
    else:
        return None
    if start >= len(toks) or not _named(doc, start):
        return None
    end = start
    while end + 1 < len(toks) and end - start < 2 and doc.word_gap(end) and _named(doc, end + 1):
        end += 1
    return start, end

"""Keep the reader's own words (pure; Mail in, CleanMail out).

:func:`clean_text` removes, in this order,

1. quoted history: ``>`` lines, "On ... wrote:" headers (localised, also
   split over two or three lines), Outlook header blocks ("From: ... Sent:
   ... To: ... Subject:"), "-----Original Message-----" separators, and
   forwarded-message wrappers. A forward keeps the reader's own words above
   the wrapper; when there are none, the forwarded body is kept without its
   header lines;
2. CAUTION / "EXTERNAL EMAIL" banners at the top, mobile footers ("Sent
   from my iPhone", "Get Outlook for Android", ...) anywhere;
3. at the end of the letter, repeatedly: "-- " signatures, legal
   disclaimers, sign-offs ("Thanks,", "Best regards," ...) with the lone
   name line(s) after them, and trailing blocks of short name/title/company/
   phone/URL lines;

and then lays the remaining text out as blocks (see :func:`format_blocks`):
one paragraph or list item per line, paragraphs separated by a blank line,
list items (bullets normalised to ``- ``, numbers kept) directly under the
line that introduces them.

Every removed piece is returned as a :class:`~mailpub.model.Cut`. The
functions never raise for any input string and run in time linear in the
size of the text (line-based rules, no backtracking-prone patterns over
whole texts).
"""

from __future__ import annotations

import re

from mailpub.model import CleanMail, Cut, CutKind, Mail

__all__ = [
    "clean_mail",
    "clean_subject",
    "clean_text",
    "format_blocks",
    "is_footer_line",
    "is_signoff_line",
]

_MAX_LINE = 2000  # longer lines are never headers or sign-offs
_MAX_FORWARD_DEPTH = 5

# --- subject -------------------------------------------------------------------------------

_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:re|aw|sv|vs|antw|antwort|wg|fwd?|fw|tr|rv|r|i|enc|res|odp|pd|vl|ref|ynt|"
    r"doorst|atb|vá|továbbítás|回复|回覆|答复|转发|轉寄|件名)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*",
    re.IGNORECASE,
)


def clean_subject(subject: str) -> str:
    """Strip any number of reply/forward prefixes (Re:, RE:, Fwd:, FW:, AW:, SV:,
    Antw:, WG:, TR:, RV:, Odp: ... also "Re[2]:") and collapse whitespace.

    Bracketed tags such as "[list]" are kept. Never raises.
    """
    text = re.sub(r"\s+", " ", subject).strip()
    while True:
        stripped = _SUBJECT_PREFIX.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped.strip()


# --- line classifiers ----------------------------------------------------------------------

_WROTE_END = re.compile(
    r"(?:\bwrote|\bwrites|\bschrieb|\ba\s+écrit|\bescribió|\bha\s+escrit|\bha\s+scritto|"
    r"\bschreef|\bgeschreven|\bgeschrieben|\bskrev|\bkirjoitti|\bnapisał(?:\(a\)|a)?|\bpisze|\bescreveu|"
    r"\bнаписал(?:\(а\)|а)?|\bnapsal(?:\(a\)|a)?|\byazdı|\bírta|写道|작성(?:하였습니다|했습니다)?|"
    r"書きました|のメッセージ)"
    r"(?:\s[^:：]{0,120}?)?\s*[:：]?\s*$",
    re.IGNORECASE,
)
_WROTE_START = re.compile(
    r"^(?:on|am|le|el|il|op|den|em|dnia|w\s+dniu|dne|d\.|в|\d|mon|tue|wed|thu|fri|sat|sun|"
    r"lun|mar|mer|jeu|ven|sam|dim|ma|di|wo|do|vr|za|zo|"
    r"[^\s]+\s+\d{1,2}[.,]?\s|\w+\s+<[^>]+>|\"?[\w .'-]{1,60}\"?\s+<[^>]+@)",
    re.IGNORECASE,
)
_DATEISH = re.compile(r"\d{1,4}[./-]\d{1,2}|\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b|@|\d{1,2}\s+\w{3}")
_DATE_ADDR_HEADER = re.compile(r"^.{0,120}?<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?\s*[:：]$")
_DATE_ADDR_OPEN = re.compile(r"^.{0,120}?<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>$")
_INLINE_HEADER = re.compile(
    r"\s(?:sent|date|to|subject|gesendet|datum|an|betreff|envoyé|objet)\s*:\s", re.IGNORECASE
)
_SPLIT_WROTE = re.compile(r"^(.*?\S)\s*-*\s*(On\s.{5,300}\swrote:)$")
_TIMEISH = re.compile(r"\d{1,2}:\d{2}|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\b(?:19|20)\d{2}\b")

_ORIGINAL = re.compile(
    r"^[\s>*]*[-=_]{2,}\s*(?:original\s+message|ursprüngliche\s+nachricht|message\s+d'origine|"
    r"mensaje\s+original|messaggio\s+originale|oorspronkelijk\s+bericht|originalmeddelande|"
    r"oprindelig\s+meddelelse|opprinnelig\s+melding|alkuperäinen\s+viesti|"
    r"wiadomość\s+oryginalna|исходное\s+сообщение|mensagem\s+original|původní\s+zpráva|"
    r"原始邮件|原始郵件|reply\s+message|original\s+e-?mail|antwort\s+nachricht|"
    r"oprindelig\s+besked|[\w ]{0,30}\s+wrote)\s*[-=_]*\s*$",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"^[\s>*]*(?:[-=_]{2,}\s*(?:forwarded\s+message|weitergeleitete\s+nachricht|"
    r"message\s+transféré|mensaje\s+reenviado|messaggio\s+inoltrato|doorgestuurd\s+bericht|"
    r"videresendt\s+melding|videresendt\s+meddelelse|vidarebefordrat\s+meddelande|"
    r"välitetty\s+viesti|пересылаемое\s+сообщение|mensagem\s+encaminhada|"
    r"wiadomość\s+przekazana(?:\s+dalej)?|přeposlaná\s+zpráva|转发邮件|forwarded\s+e-?mail)"
    r"\s*[-=_]*|(?:begin\s+)?forwarded\s+message\s*:|début\s+du\s+message\s+réexpédié\s*:|"
    r"anfang\s+der\s+weitergeleiteten\s+nachricht\s*:|inicio\s+del\s+mensaje\s+reenviado\s*:)\s*$",
    re.IGNORECASE,
)
_FROM_LABELS = (
    r"from|von|de|van|da|od|från|fra|lähettäjä|от\s+кого|от|kimden|feladó|message\s+du|发件人|寄件者|"
    r"보낸\s?사람|差出人|expéditeur|remitente|afzender|mittente|nadawca"
)
_OTHER_LABELS = (
    r"sent|date|to|subject|cc|bcc|reply-to|gesendet|datum|an|betreff|kopie|envoyé|à|objet|"
    r"sujet|copie\s+à|enviado|fecha|para|asunto|verzonden|aan|onderwerp|inviato|data|a|oggetto|"
    r"wysłano|do|temat|dw|skickat|till|ämne|kopia|sendt|til|emne|lähetetty|vastaanottaja|aihe|"
    r"отправлено|кому|тема|дата|发送时间|收件人|主题|抄送|日期|時間|收件者|主旨|"
    r"보낸\s?날짜|받는\s?사람|제목|참조|送信日時|宛先|件名|gönderildi|konu|kime|odesláno|komu|"
    r"předmět|organization|importance|priority"
)
_FROM_LINE = re.compile(rf"^[\s>]*\*?\s*(?:{_FROM_LABELS})\s*\*?\s*[:：]", re.IGNORECASE)
_HEADER_LINE = re.compile(
    rf"^[\s>]*\*?\s*(?:{_FROM_LABELS}|{_OTHER_LABELS})\s*\*?\s*[:：]", re.IGNORECASE
)
_TAIL_SEPARATOR = re.compile(r"^\s*(?:_{2,}|-{3,}|={3,}|\*{3,}|~{3,})\s*$")
_SEPARATOR = re.compile(
    r"^[\s>]*(?:_{2,}|-{4,}|={4,}|\*{4,}|~{4,}|-{2,}\s*[^\W\d_][^-]{2,40}?\s*-{2,})\s*$"
)

_BANNER = re.compile(
    r"^\W{0,3}(?:caution|\[?external\]?|external\s+(?:e-?mail|sender|message)|warning|attention|"
    r"notice|this\s+(?:e-?mail|message)\s+(?:originated|was\s+sent|is\s+from|came\s+from)|"
    r"\[?ext\]?\b)",
    re.IGNORECASE,
)
_BANNER_BODY = re.compile(
    r"outside\s+(?:of\s+)?(?:the|your|our)\s+organi[sz]ation|external\s+(?:sender|source|e-?mail)|"
    r"do\s+not\s+click\s+(?:on\s+)?links|unless\s+you\s+recogni[sz]e|originated\s+(?:from\s+)?outside|"
    r"^\W{0,3}\[?external\]?\W{0,3}$|^\W{0,3}external\s+e-?mail\W{0,3}$",
    re.IGNORECASE,
)

_DISCLAIMER = re.compile(
    r"confidentiality\s+notice|^\W{0,3}disclaimer\b|^\W{0,3}(?:legal\s+)?notice\s*:|"
    r"^\W{0,3}confidential(?:ity)?\s*:|privileged\s+(?:and|&|and/or)\s+confidential|"
    r"intended\s+(?:solely|only|exclusively)?\s*for\s+the\s+(?:use\s+of\s+the\s+)?"
    r"(?:individual|addressee|named|person|recipient|entity)|"
    r"if\s+you\s+(?:are\s+not|have\s+received\s+this)\s+(?:the\s+)?(?:intended|in\s+error|e-?mail\s+in\s+error)|"
    r"(?:is|are)\s+strictly\s+prohibited|may\s+contain\s+(?:confidential|privileged|proprietary)|"
    r"contains?\s+(?:confidential|privileged)\s+(?:and|or|information)|"
    r"consider\s+the\s+environment\s+before\s+printing|"
    r"this\s+(?:e-?mail|message|communication)(?:\s+and\s+any\s+(?:files|attachments))?.{0,40}"
    r"(?:is\s+confidential|confidential\s+and|intended\s+only)|"
    r"the\s+information\s+(?:contained\s+)?in\s+this\s+(?:e-?mail|message|communication)|"
    r"(?:e-?mail|internet)\s+communications?\s+(?:are|is)\s+not\s+(?:secure|guaranteed)|"
    r"virus(?:es)?\s+(?:free|scanned|checked)|dieser?\s+e-?mail\s+(?:ist|enthält)\s+vertraulich|"
    r"vertrauliche\s+informationen|ce\s+message\s+(?:et\s+ses\s+pièces|est\s+confidentiel)",
    re.IGNORECASE,
)

_FOOTER = re.compile(
    r"^[\s>]*(?:"
    r"sent\s+from\s+my\s+[\w®™ .'&+-]{1,40}|(?:sent\s+)?via\s+(?:mobile|phone|iphone|android)"
    r"|sent\s+(?:wirelessly|remotely)\s+(?:from|via|by)\s+[\w®™ .'&-]{1,60}"
    r"|envoy[ée]\s+(?:sans\s+fil\s+)?par\s+(?:mon\s+)?[\w®™ .'&-]{0,40}?"
    r"(?:iphone|ipad|android|mobile|blackberry|samsung|galaxy)[\w®™ .'&-]{0,60}"
    r"|sent\s+(?:from|via|using|with|on)\s+(?:my\s+|the\s+|an?\s+)?[\w®™ .'&-]{0,40}?"
    r"(?:iphone|ipad|android|mobile|phone|smartphone|galaxy|samsung|blackberry|outlook|mail|"
    r"yahoo|gmail|windows|proton|device|tablet|huawei|pixel|xiaomi|aol|spark|airmail|"
    r"superhuman|bluemail|tutanota|fastmail|nokia|htc|sony|lg|motorola|verizon|t-mobile|sprint|"
    r"wireless|handheld|ios|watch)[\w®™ .'&-]{0,40}"
    r"|get\s+outlook\s+for\s+\w+[\w .<>:/-]{0,60}"
    r"|(?:von\s+meinem|gesendet\s+(?:von|mit)\s+(?:meinem\s+)?)[\w®™ .'&-]{1,40}"
    r"|envoy[ée]\s+(?:de|depuis)\s+(?:mon\s+)?[\w®™ .'&-]{1,40}"
    r"|enviado\s+(?:desde|de)\s+(?:mi\s+)?[\w®™ .'&-]{1,40}"
    r"|inviato\s+da\s+[\w®™ .'&-]{1,40}"
    r"|verzonden\s+(?:vanaf|met|van)\s+(?:mijn\s+)?[\w®™ .'&-]{1,40}"
    r"|skickat\s+från\s+[\w®™ .'&-]{1,40}|sendt\s+fra\s+[\w®™ .'&-]{1,40}"
    r"|wysłane\s+z\s+[\w®™ .'&-]{1,40}|wysłano\s+z\s+[\w®™ .'&-]{1,40}"
    r"|отправлено\s+с\s+[\w®™ .'&-]{1,40}"
    r")[.!]?\s*(?:[<(\[]\s*\S+\s*[>)\]])?\s*$",
    re.IGNORECASE,
)

_SIGNOFF = re.compile(
    r"^(?:"
    r"(?:many\s+|big\s+|huge\s+|a\s+lot\s+of\s+)?thanks?(?:\s+(?:so|very)\s+much|\s+a\s+(?:lot|ton|bunch|million)"
    r"|\s+again|\s+in\s+advance|\s+you(?:\s+(?:so|very)\s+much|\s+again|\s+in\s+advance)?)?"
    r"(?:\s+for\s+\w+(?:\s+\w+){0,5})?"
    r"|thank\s+you(?:\s+(?:so|very)\s+much|\s+again|\s+in\s+advance)?(?:\s+for\s+\w+(?:\s+\w+){0,5})?"
    r"|thx|tia|ty|thanks\s+and\s+regards|thanks\s+&\s+regards|regards\s+and\s+thanks"
    r"|(?:best|kind|kindest|warm|warmest|many|with\s+kind|with\s+best|sincere|respectful)\s+(?:regards|wishes)"
    r"|(?:best|kind|warm)\s+regards\s+and\s+thanks"
    r"|regards|best|cheers|sincerely|yours(?:\s+(?:truly|sincerely|faithfully))?"
    r"|(?:sincerely|faithfully|truly|respectfully)\s+yours|all\s+the\s+best|respectfully"
    r"|take\s+care|cordially|v/r|very\s+respectfully|thanks?\s+po|thank\s+you\s+po"
    r"|have\s+a\s+(?:nice|great|good|wonderful)\s+(?:day|week|weekend|evening)"
    r"|(?:thank\s+you\s+and\s+)?god\s+bless(?:\s+you)?|blessings|cheers\s+mate|xo|xoxo|xx|love"
    r"|with\s+(?:respect|gratitude|thanks|appreciation|love)"
    r"(?:\s+and\s+(?:kind\s+|best\s+|warm\s+)?regards)?|with\s+best\s+wishes\s+and\s+regards"
    r"|thanking\s+you(?:\s+in\s+(?:anticipation|advance))?|warmly|warmest|much\s+appreciated"
    r"|appreciate\s+(?:it|you)(?:\s+\w+)?|(?:with\s+)?(?:kind|best|warm)\s+regards\s+from\s+(?:the\s+)?\w+"
    r"|(?:many\s+)?thanks\s+and\s+(?:kind|best|warm|warmest)\s+(?:regards|wishes)"
    r"(?:\s+from\s+(?:the\s+)?\w+(?:\s+\w+)?)?"
    r"|(?:un\s+)?abrazo|abrazos|un\s+beso|besos|muchas\s+gracias|merci\s+infiniment|mille\s+mercis"
    r"|(?:muchas\s+)?gracias\s+y\s+saludos(?:\s+cordiales)?|obrigad[oa]\s+e\s+abraços"
    r"|(?:com\s+os\s+)?melhores\s+cumprimentos|go\s+raibh\s+(?:míle\s+)?maith\s+agat"
    r"|salamat(?:\s+po)?(?:\s+in\s+advance)?|terima\s+kasih|shukran|ngiyabonga|siyabonga"
    r"|asante(?:\s+sana)?(?:\s+for\s+\w+(?:\s+\w+){0,4})?|ng(?:a|ā)\s+mihi(?:\s+nui)?"
    r"|jazak(?:a|um)?\s*allah(?:u)?(?:\s+khair(?:an)?)?|cảm\s+ơn(?:\s+\w+){0,3}"
    r"|tusen\s+takk|takk|tack|kiitos|dankie|多谢|감사합니다"
    r"|mit\s+freundlichen\s+gr(?:ü|ue)(?:ß|ss)en|(?:viele|liebe|beste|herzliche|freundliche)\s+gr(?:ü|ue)(?:ß|ss)e"
    r"|gru(?:ß|ss)|gr(?:ü|ue)(?:ß|ss)e|lg|mfg|vg|danke(?:\s+schön)?"
    r"|cordialement|bien\s+(?:à\s+vous|cordialement)|salutations|merci(?:\s+beaucoup)?|amicalement"
    r"|saludos(?:\s+cordiales)?|un\s+saludo|atentamente|gracias|abraços|obrigad[oa]|atenciosamente"
    r"|(?:met\s+)?vriendelijke\s+groet(?:en)?|groeten|hartelijke\s+groet(?:en)?|groetjes|bedankt"
    r"|cordiali\s+saluti|saluti|grazie|distinti\s+saluti"
    r"|pozdrawiam|z\s+powa(?:ż|z)aniem|dziękuję"
    r"|(?:med\s+)?v(?:ä|a)nliga\s+h(?:ä|a)lsningar|h(?:ä|a)lsningar|mvh|kh|vh|dbh|knus|(?:med\s+)?venlig\s+hilsen|hilsen"
    r"|(?:de\s+)?bedste\s+hilsner|ystävällisin\s+terveisin|terveisin"
    r"|с\s+уважением|спасибо|с\s+наилучшими\s+пожеланиями|敬礼|此致|谢谢|よろしくお願いします"
    r")\s*[,.!…:;)！，。]*\s*$",
    re.IGNORECASE,
)

_GREETING_WORDS = (
    r"(?:hi|hiya|hello|hey|dear|good\s+(?:morning|afternoon|evening|day)|greetings|hallo|"
    r"bonjour|hola|olá|ciao|salut|moin|hej|servus|guten\s+(?:tag|morgen)|liebe[rs]?|"
    r"sehr\s+geehrte[rs]?|cher|chère|querido|querida|estimado|estimada|beste|geachte|witam|"
    r"dzień\s+dobry|здравствуйте|привет|to\s+whom\s+it\s+may\s+concern|respected|alright|"
    r"howdy|kia\s+ora|namaste|salaam|assalamu?\s+alaikum|sir|madam)"
)
_GREETING = re.compile(r"^" + _GREETING_WORDS + r"\b[^.?]{0,50}[,!:.]?$", re.IGNORECASE)
_GREETING_START = re.compile(r"^" + _GREETING_WORDS + r"\b", re.IGNORECASE)
_ITEM = re.compile(r"^\s*(?:([-*•–·▪◦])|(\d{1,3}[.)]))\s+(\S.*)$")
_NAME_LINE = re.compile(
    r"^-?\s?[A-ZÀ-ÖØ-ÞА-ЯĀ-ž][\w.'’-]*(?:\s+[A-ZÀ-ÖØ-ÞА-ЯĀ-ž][\w.'’-]*){0,3}\.?$"
)
#: A line ending in an abbreviation, not a sentence ("… Garza S.A. de C.V.", "Acme Ltd.").
_ABBREV_END = re.compile(
    r"(?:\b(?:[A-Za-z]\.){2,4}|\b(?:ltd|inc|co|corp|llc|plc|gmbh|bv)\.)$", re.IGNORECASE
)
_LOWER_NAME = re.compile(r"^[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]{1,20}$")  # "thanks, tomek"
_DASH_NAME = re.compile(r"^(?:-|/|[—~]\s?)[A-ZÀ-ÖØ-Þ][\w.'’-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w.'’-]*){0,2}$")
_CONTACT = re.compile(
    r"(?:\+?\d[\d ()./-]{6,}\d)|(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b|\||"
    r"\b(?:tel|phone|mobile|mob|cell|fax|e-?mail|web|skype|linkedin|twitter)\b\.?\s*:?\s*[+(\d\w]\S*@?"
    r"(?=\S*\d|\S*@|\S*\.\w)",
    re.IGNORECASE,
)
_TITLE = re.compile(
    r"\b(?:ceo|cto|cfo|coo|vp|svp|evp|founder|co-founder|director|manager|engineer|scientist|"
    r"analyst|developer|consultant|officer|head\s+of|president|partner|associate|specialist|"
    r"lead|architect|student|ph\.?d|msc|mba|professor|lecturer|researcher|intern|"
    r"inc|ltd|llc|gmbh|corp|plc|s\.a\.|b\.v\.|ag|university|team)\b",
    re.IGNORECASE,
)
_TERMINAL = ".!?:;…)\"'”’»"

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u200e\u200f"), None)


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _long(line: str) -> bool:
    return len(line) >= 60


def _quote_run_end(lines: list[str], k: int, *, after_header: bool = False) -> int:
    """End of the run of quoted lines starting at k.

    Blank lines between quoted lines belong to the run, and so does an
    unquoted line squeezed between quoted lines (a client re-wrapped a quoted
    line without repeating the ">") when the run follows a reply header or the
    quoted line before it is long; otherwise text between short quoted lines
    is taken for inline answers, which are kept.
    """
    n = len(lines)
    while k < n:
        line = lines[k]
        squeezed = (
            k + 1 < n
            and _is_quoted(lines[k + 1])
            and (
                _blank(line)
                or (k > 0 and _is_quoted(lines[k - 1]) and (after_header or _long(lines[k - 1])))
            )
        )
        if not (_is_quoted(line) or squeezed):
            break
        k += 1
    return k


def _blank(line: str) -> bool:
    return not line.strip()


def _unquote(line: str) -> str:
    return re.sub(r"^[\s>]*", "", line).strip().strip("*_-").strip()


def _is_wrote_line(text: str) -> bool:
    if len(text) > 400 or not _WROTE_END.search(text):
        return False
    if not text.endswith((":", "：")):
        # "On <date> <name> wrote" without the colon: only with a date and a leading "On"
        return bool(re.match(r"(?i)on\s", text) and _TIMEISH.search(text))
    return bool(_WROTE_START.match(text) or _DATEISH.search(text))


def _wrote_header(lines: list[str], i: int) -> int | None:
    """End index (exclusive) of an "On ... wrote:" header starting at line i, else None.

    The header may be wrapped over up to five lines (some clients even put
    blank lines or a lone "<" inside it).
    """
    first = _unquote(lines[i])
    if not first or len(first) > _MAX_LINE:
        return None
    if _is_wrote_line(first) or (_DATE_ADDR_HEADER.match(first) and _TIMEISH.search(first)):
        return i + 1
    if _DATE_ADDR_OPEN.match(first) and _TIMEISH.search(first):
        k = i + 1
        while k < len(lines) and _blank(lines[k]):
            k += 1
        if k < len(lines) and _is_quoted(lines[k]):
            return i + 1  # "2011/4/7 Nathan <n@example.com>" followed by quoted lines
    if not _WROTE_START.match(first) or first.endswith((".", "?", "!")):
        return None
    joined = first
    for j in range(i + 1, min(i + 6, len(lines))):
        nxt = _unquote(lines[j])
        if not nxt:
            continue
        joined = f"{joined} {nxt}"
        if len(joined) > 400:
            return None
        if _is_wrote_line(joined) and _DATEISH.search(joined):
            return j + 1
        if nxt.endswith((".", "?", "!")):
            return None
    return None


def _header_run_end(lines: list[str], i: int) -> int:
    """Skip the header lines ("From: ..", "Date: ..") of a quoted/forwarded message at i.

    Blank lines between header lines are skipped too, and so are unlabelled
    lines squeezed between two header lines (a wrapped long subject).
    """
    n = len(lines)
    j = i
    while j < n:
        k = j
        while k < n and _blank(lines[k]):
            k += 1
        if k >= n or not _HEADER_LINE.match(lines[k]):
            return j
        end = k + 1
        m = k + 1
        while m < n and not _blank(lines[m]):
            if _HEADER_LINE.match(lines[m]):
                end = m + 1
            m += 1
        j = end
    return j


def _header_block(lines: list[str], i: int) -> int | None:
    """End index of an Outlook-style header block ("From: .. Sent: .. Subject:") at line i.

    Needs a From-like line and at least one more header line within a few
    lines (or on the same line, as HTML conversions produce), or three
    header lines of which one is From-like.
    """
    line = lines[i]
    if len(line) > _MAX_LINE or not _HEADER_LINE.match(line):
        return None
    window = lines[i : i + 14]
    labelled = [x for x in window[:8] if _HEADER_LINE.match(x)]
    has_from = any(_FROM_LINE.match(x) for x in labelled)
    inline_more = bool(_FROM_LINE.match(line)) and bool(_INLINE_HEADER.search(line))
    if not has_from or not (inline_more or (len(labelled) >= 2 and _FROM_LINE.match(line))
                            or len(labelled) >= 3):
        return None
    return _header_run_end(lines, i)


def _quote_start(lines: list[str], i: int) -> tuple[str, int] | None:
    """Classify a quoted-history header beginning at line i: (kind, end index)."""
    line = lines[i]
    if _blank(line):
        return None
    if _FORWARD.match(line):
        return "forward", i + 1
    if _ORIGINAL.match(line):
        return "header", i + 1
    if _SEPARATOR.match(line):
        k = i + 1
        while k < len(lines) and k <= i + 3 and _blank(lines[k]):
            k += 1
        if k < len(lines) and (_FROM_LINE.match(lines[k]) or _HEADER_LINE.match(lines[k])):
            return "header", _header_block(lines, k) or k + 1
        return None
    block_end = _header_block(lines, i)
    if block_end is not None:
        return "header", block_end
    wrote_end = _wrote_header(lines, i)
    if wrote_end is not None:
        return "header", wrote_end
    return None


def _lines_text(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _strip_quotes(
    lines: list[str],
) -> tuple[list[str], list[Cut], tuple[list[str], list[str]] | None]:
    """Remove quoted history; return (kept lines, cuts, rest).

    ``rest`` is (header lines, body lines) when a forward wrapper or a reply
    header followed by unquoted history was met: the body is quoted history,
    unless the reader wrote nothing above it (see :func:`_clean_lines`)."""
    kept: list[str] = []
    cuts: list[Cut] = []
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        found = _quote_start(lines, i)
        if found is not None:
            kind, end = found
            while kept and (_blank(kept[-1]) or _SEPARATOR.match(kept[-1])):
                if _SEPARATOR.match(kept.pop()):
                    cuts.append(Cut(CutKind.QUOTE, "(separator)"))
            end = _header_run_end(lines, end)
            if kind == "forward":
                return kept, cuts, (lines[i:end], lines[end:])
            j = end
            while j < n and _blank(lines[j]):
                j += 1
            if j < n and _is_quoted(lines[j]):
                k = _quote_run_end(lines, j, after_header=True)
                cuts.append(Cut(CutKind.QUOTE, _lines_text(lines[i:k])))
                kept.append("")  # what was around the quote are separate paragraphs
                i = k
                continue
            # unquoted history follows: it is the rest of the text. When the reader
            # wrote nothing above it, the caller keeps it like a forwarded body.
            return kept, cuts, (lines[i:end], lines[end:])
        if _is_quoted(line):
            k = _quote_run_end(lines, i)
            cuts.append(Cut(CutKind.QUOTE, _lines_text(lines[i:k])))
            kept.append("")
            i = k
            continue
        kept.append(line)
        i += 1
    return kept, cuts, None


# --- banners, footers, signatures ----------------------------------------------------------


def _paragraph_bounds(lines: list[str]) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start: int | None = None
    for idx, line in enumerate(lines):
        if _blank(line):
            if start is not None:
                bounds.append((start, idx))
                start = None
        elif start is None:
            start = idx
    if start is not None:
        bounds.append((start, len(lines)))
    return bounds


def _strip_banners(lines: list[str]) -> tuple[list[str], list[Cut]]:
    cuts: list[Cut] = []
    for _ in range(3):
        bounds = _paragraph_bounds(lines)
        if not bounds:
            break
        start, end = bounds[0]
        para = " ".join(line.strip() for line in lines[start:end])
        if end - start <= 8 and len(para) <= 800 and _BANNER.match(para) and (
            _BANNER_BODY.search(para) or len(para) <= 20
        ):
            cuts.append(Cut(CutKind.DISCLAIMER, _lines_text(lines[start:end])))
            lines = lines[end:]
            continue
        break
    return lines, cuts


def _strip_footers(lines: list[str]) -> tuple[list[str], list[Cut]]:
    kept: list[str] = []
    cuts: list[Cut] = []
    for idx, line in enumerate(lines):
        if not is_footer_line(line):
            kept.append(line)
            continue
        cuts.append(Cut(CutKind.FOOTER, line.strip()))
        rest = lines[idx + 1 :]
        if any(not _blank(x) for x in kept) and any(not _blank(x) for x in rest):
            # a mobile footer ends the reader's text: what follows is the quoted original
            kind = CutKind.SIGNATURE if all(_sig_like(x) for x in rest) else CutKind.QUOTE
            cuts.append(Cut(kind, _lines_text(rest)))
            break
    return kept, cuts


def _sig_like(line: str) -> bool:
    text = line.strip()
    if not text:
        return True
    if _CONTACT.search(text) and len(text) <= 160:
        # "Mobile: +1 415 555 0134" is a signature line; "I also read your posts
        # (https://…)." is the reader's sentence, kept (the anonymizer scrubs it).
        prose = _CONTACT.sub(" ", text).split()
        sentence = text.rstrip(")").endswith((".", "!", "?")) and not _ABBREV_END.search(text)
        return not (len(prose) >= 5 and sentence)
    if len(text) > 80 or text.endswith("?"):
        return False
    return len(text.split()) <= 10


def _name_like(line: str) -> bool:
    text = line.strip()
    if text.endswith(".") and not re.search(r"\b\w\.$", text):
        return False  # "Svar." is a sentence; "John D." is a name
    return (
        bool(text)
        and len(text) <= 40
        and not _ITEM.match(text)
        and bool(_NAME_LINE.match(text))
        and not _SIGNOFF.match(text)
    )


def _signoff_line(line: str) -> bool:
    text = line.strip()
    if len(text) > 100:
        return False
    if _SIGNOFF.match(text) or _DASH_NAME.match(text):
        return True
    halves = text.split(" / ")  # "Com os melhores cumprimentos / Best regards,"
    if len(halves) == 2 and all(_SIGNOFF.match(h.strip()) for h in halves):
        return True
    # "Thanks, John" / "Cheers - Bob"
    parts = re.split(r"\s*[,–—-]\s+|\s*,\s*", text, maxsplit=1)
    return (
        len(parts) == 2
        and bool(_SIGNOFF.match(parts[0]))
        and (_name_like(parts[1]) or bool(_LOWER_NAME.match(parts[1])))
    )


def is_signoff_line(line: str) -> bool:
    """Whether ``line`` is a sign-off such as "Thanks," or "Best regards, Ann"."""
    return _signoff_line(line)


def is_greeting_line(line: str) -> bool:
    """Whether ``line`` opens the letter as a greeting ("Hi Boris,", "Respected Sir,")."""
    return len(line) <= 60 and bool(_GREETING_START.match(line.strip()))


def is_footer_line(line: str) -> bool:
    """Whether ``line`` is a mobile/app footer such as "Sent from my iPhone"."""
    return len(line) < 120 and bool(_FOOTER.match(line.strip()))


def _trim_blank_end(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and _blank(lines[end - 1]):
        end -= 1
    return lines[:end]


def _is_disclaimer(text: str) -> bool:
    return len(text) >= 40 and bool(_DISCLAIMER.search(text))


def _joined(lines: list[str], bound: tuple[int, int]) -> str:
    return " ".join(x.strip() for x in lines[bound[0] : bound[1]])


def _tail_step(lines: list[str], names: frozenset[str]) -> tuple[list[str], list[Cut]] | None:
    """Remove one trailing piece (disclaimer, signature, sign-off); None if nothing fits."""
    n = len(lines)
    bounds = _paragraph_bounds(lines)
    if not bounds:
        return None
    # "-- " delimiter (the first one that leaves text above it)
    for idx, line in enumerate(lines):
        if line.rstrip() in ("--", "-- "):
            return lines[:idx], [Cut(CutKind.SIGNATURE, _lines_text(lines[idx:]))]
    start, end = bounds[-1]
    para_text = " ".join(line.strip() for line in lines[start:end])
    if len(bounds) > 1 and _is_disclaimer(para_text):
        # a disclaimer may run over several paragraphs: take preceding ones that match too
        first = len(bounds) - 1
        while first > 1 and _is_disclaimer(_joined(lines, bounds[first - 1])):
            first -= 1
        cut_from = bounds[first][0]
        return lines[:cut_from], [Cut(CutKind.DISCLAIMER, _lines_text(lines[cut_from:]))]
    # separator line followed only by signature-like lines (mailing list footers)
    for idx in range(max(0, n - 12), n):
        if (
            _TAIL_SEPARATOR.match(lines[idx])
            and all(_sig_like(x) for x in lines[idx + 1 :])
            and any(not _blank(x) for x in lines[:idx])
        ):
            return lines[:idx], [Cut(CutKind.SIGNATURE, _lines_text(lines[idx:]))]
    # sign-off near the end followed by signature-like lines only
    for idx in range(max(0, n - 10), n):
        line = lines[idx]
        if not _signoff_line(line):
            continue
        rest = lines[idx + 1 :]
        if not all(_sig_like(x) for x in rest) or sum(1 for x in rest if not _blank(x)) > 8:
            continue
        if not any(not _blank(x) for x in lines[:idx]):
            continue  # the sign-off is all there is: keep it
        k = idx + 1
        name_lines = 0
        while k < n and name_lines < 3 and _name_like(lines[k]):
            k += 1
            name_lines += 1
        cuts = [Cut(CutKind.SIGNOFF, _lines_text(lines[idx:k]))]
        if any(not _blank(x) for x in lines[k:]):
            cuts.append(Cut(CutKind.SIGNATURE, _lines_text(lines[k:])))
        return lines[:idx], cuts
    if len(bounds) < 2 and not (end - start >= 2 and _name_like(lines[end - 1])):
        return None
    para = lines[start:end]
    # trailing block of short lines with contact details / titles
    if (
        1 <= len(para) <= 8
        and all(_sig_like(x) for x in para)
        and not any(x.strip().endswith(("?", "!")) for x in para)
        and (_name_like(para[0]) or _CONTACT.search(para[0]))
        and any(_CONTACT.search(x) or _TITLE.search(x) for x in para)
        and len(bounds) >= 2
    ):
        return lines[:start], [Cut(CutKind.SIGNATURE, _lines_text(para))]
    # the sender's name alone at the very end: "John" / "John Smith" / "- John"
    last = re.sub(r"^[-–—~/\s]+", "", lines[end - 1].strip()).strip(" .,")
    if names and last.lower() in names and any(not _blank(x) for x in lines[: end - 1]):
        return lines[: end - 1], [Cut(CutKind.SIGNOFF, lines[end - 1].strip())]
    return None


def _name_forms(sender_name: str | None) -> frozenset[str]:
    """Lower-cased ways a sender may sign: full name, each part, "First L"."""
    if not sender_name:
        return frozenset()
    name = re.sub(r"[\"'()<>]", " ", sender_name)
    if "," in name:  # "Doe, Jane" -> "Jane Doe"
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    parts = [p for p in re.split(r"\s+", name.strip()) if len(p.strip(".")) >= 2]
    if not parts:
        return frozenset()
    forms = {" ".join(parts).lower(), *(p.lower() for p in parts)}
    if len(parts) >= 2:
        forms.add(f"{parts[0]} {parts[-1][0]}".lower())
    return frozenset(forms)


def _strip_tail(lines: list[str], names: frozenset[str]) -> tuple[list[str], list[Cut]]:
    cuts: list[Cut] = []
    lines = _trim_blank_end(lines)
    for _ in range(12):
        step = _tail_step(lines, names)
        if step is None:
            break
        lines, new = step
        cuts[:0] = new
        lines = _trim_blank_end(lines)
    return lines, cuts


# --- layout --------------------------------------------------------------------------------


def _wrap_width(lines: list[str]) -> int:
    widths = [
        len(line.rstrip())
        for line in lines
        if " " in line.strip() and "://" not in line and not _ITEM.match(line)
    ]
    return max(widths, default=0)


def _joins(prev: str, nxt: str, width: int) -> bool:
    """Whether line ``nxt`` continues the paragraph line ``prev`` (hard wrap)."""
    a = prev.rstrip()
    b = nxt.strip()
    if not a or not b:
        return False
    first_word = b.split()[0]
    if 60 <= width <= 100:
        return len(a) + 1 + len(first_word) > width - 1
    return not a.endswith(tuple(_TERMINAL)) and b[:1].islower()


def _bullet_kind(item: str) -> str:
    return "-" if item.startswith("- ") else "1"


def format_blocks(lines: list[str]) -> str:
    """Lay cleaned lines out as blocks: one paragraph or list item per line.

    Hard-wrapped lines of a paragraph are joined with single spaces; list
    items (``-``, ``*``, ``•``, ``–``, ``1.``, ``1)``) get one line each with
    bullets normalised to ``- ``; a list item's wrapped continuation lines
    are joined to it. Paragraphs are separated by one blank line; a line that
    introduces a list is followed directly by its items. Runs of spaces are
    collapsed; no trailing whitespace, no leading or trailing blank lines.
    """
    width = _wrap_width(lines)
    blocks: list[tuple[str, str, bool]] = []  # (kind, text, same source paragraph as previous)
    for start, end in _paragraph_bounds(lines):
        pending: list[tuple[str, list[str]]] = []  # blocks of this source paragraph
        last_raw = ""
        for raw in lines[start:end]:
            item = _ITEM.match(raw)
            stripped = raw.strip()
            if item:
                bullet = "- " if item.group(1) else item.group(2) + " "
                pending.append(("item", [bullet + item.group(3)]))
            elif not pending:
                pending.append(("para", [stripped]))
            else:
                kind, parts = pending[-1]
                greeting = kind == "para" and len(parts) == 1 and bool(_GREETING.match(parts[0]))
                indented_cont = kind == "item" and raw[:1] in " \t"
                if not greeting and (indented_cont or _joins(last_raw, raw, width)):
                    parts.append(stripped)
                else:
                    pending.append(("para", [stripped]))
            last_raw = raw
        for pos, (kind, parts) in enumerate(pending):
            text = re.sub(r"\s+", " ", " ".join(parts)).strip()
            if text:
                blocks.append((kind, text, pos > 0))
    out: list[str] = []
    prev: tuple[str, str, bool] | None = None
    for block in blocks:
        kind, text, same = block
        if prev is not None:
            same_list = prev[0] == "item" and (same or _bullet_kind(prev[1]) == _bullet_kind(text))
            tight = kind == "item" and (same_list or (prev[0] == "para" and (
                same or prev[1].endswith(":")
            )))
            if not tight:
                out.append("")
        out.append(text)
        prev = block
    return "\n".join(out).strip("\n")


# --- entry points --------------------------------------------------------------------------


def _prepare(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = text.translate(_ZERO_WIDTH).replace("\u00a0", " ").replace("\t", "    ")
    lines: list[str] = []
    for raw in text.split("\n"):
        line = raw.rstrip()
        if line.endswith("wrote:") and not _is_quoted(line) and len(line) < 500:
            # "reply On <date>, <name> wrote:" sharing one line with the reply
            match = _SPLIT_WROTE.match(line)
            if match and not _WROTE_START.match(line.strip()) and _is_wrote_line(match.group(2)):
                lines.extend([match.group(1), match.group(2)])
                continue
        lines.append(line)
    return lines


def _clean_lines(
    lines: list[str], depth: int, names: frozenset[str]
) -> tuple[list[str], list[Cut]]:
    kept, quote_cuts, forward = _strip_quotes(lines)
    kept, banner_cuts = _strip_banners(kept)
    kept, footer_cuts = _strip_footers(kept)
    kept, tail_cuts = _strip_tail(kept, names)
    cuts = banner_cuts + footer_cuts + tail_cuts
    if forward is not None:
        wrapper, body = forward
        if any(not _blank(x) for x in kept) or depth >= _MAX_FORWARD_DEPTH:
            cuts.append(Cut(CutKind.QUOTE, _lines_text(wrapper + body)))
        else:
            cuts.append(Cut(CutKind.QUOTE, _lines_text(wrapper)))
            kept, body_cuts = _clean_lines(body, depth + 1, names)
            cuts.extend(body_cuts)
    return kept, quote_cuts + cuts


def clean_text(text: str, *, sender_name: str | None = None) -> tuple[str, tuple[Cut, ...]]:
    """Remove quoted history, signatures, sign-offs, footers and disclaimers.

    Input: a letter body as plain text (any line ends). Output: the reader's
    own words in the block layout of :func:`format_blocks`, and the removed
    pieces as :class:`Cut` values (empty cuts are dropped). ``sender_name``
    (the From display name), when given, lets a lone trailing line with that
    name (or a part of it) be cut as a sign-off. When the whole text is
    quoted, the quoted text itself (one ">" level removed) is cleaned and kept
    instead of returning nothing. Never raises;
    returns ``("", cuts)`` when nothing of the reader's own remains.
    """
    lines = _prepare(text)
    names = _name_forms(sender_name)
    kept, cuts = _clean_lines(lines, 0, names)
    if not any(not _blank(x) for x in kept) and any(_is_quoted(x) for x in lines):
        # Everything was quoted (a letter forwarded as a quote): rather than lose
        # the letter, keep the quoted text itself, one quote level removed.
        unquoted = [re.sub(r"^\s*> ?", "", x) for x in lines]
        again, again_cuts = _clean_lines(unquoted, 1, names)
        if any(not _blank(x) for x in again):
            kept, cuts = again, again_cuts
    return format_blocks(kept), tuple(c for c in cuts if c.text.strip())


def clean_mail(mail: Mail) -> CleanMail:
    """Clean a parsed :class:`Mail`: :func:`clean_text` on the body and
    :func:`clean_subject` on the subject. Never raises."""
    from mailpub.markup import strip_hidden_controls

    # Zero-width and bidirectional controls could split a name so that no detector
    # sees it ("Whit\u200bfield"): they go before anything else looks at the text.
    text, cuts = clean_text(strip_hidden_controls(mail.text), sender_name=mail.sender_name)
    subject = clean_subject(strip_hidden_controls(mail.subject))
    return CleanMail(subject=subject, text=text, cuts=cuts)


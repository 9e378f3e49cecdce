"""Damage in scraped text: site furniture, paragraphs cut at either edge.

Scrapers copy a site's frame ("Connect with us", section labels, "Source
link", photo credits) into the text and lose words at paragraph edges. Such
text is never altered or dropped: each finding is a ``Warning`` with
``[start, end)`` spans into the text, and furniture is also returned in
``excluded`` so analysis skips it. Furniture found by its shape
(``furniture.find_furniture``, code ``furniture``) is taken out the same way,
and the headline block (``headline.find_headline``) is not checked for cuts:
a headline has no full stop. A quote that overlaps a warning's span may
be incomplete (``DamageReport.touching``).

Paragraphs are separated by blank lines (lines of whitespace count as blank);
single line breaks inside a paragraph are normal hard wrapping.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from onrecord.ingest.furniture import Furniture
from onrecord.lexicons import entries, words
from onrecord.records import Warning

Offsets = tuple[int, int]

TITLE_MAX_WORDS = 14
"""A line without final punctuation and at most this many words may be a title or caption."""

_TERMINAL = set(".!?…:;\"”“’'»)]")
_OPEN_CUT = set(",-‐–—(“‘«")
_BULLETS = "•·▪●◦-*"
_CLOSING = re.compile(r"(?<=\S)”(?=[\s.,;:!?…)\]]|$)")
_OPENING = re.compile(r"“|\"|''|‘‘|”(?=\w)|^\W*”")  # a ” before a word, or first, is a misused opening mark
_WINGDINGS_BULLET = re.compile(r"^l (?=[A-Z“\"])")  # a Wingdings bullet decoded as the letter l
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)\]]*(?=\s|$)")
_WORD = re.compile(r"[^\W\d_][\w’'.-]*", re.UNICODE)
_TRAILING_FURNITURE = " \t:|>»›•-–—"
_CREDIT = r"(?:[^|\n]*/[^|\n]*|[^|\n]*\b(?:getty|reuters|ap|afp|epa|photo|image|credit|shutterstock)\b[^|\n]*)"
_CAPTION_CREDIT = re.compile(  # a photo caption ends with its credit: "... | Name/CNN", "(AP Photo/Name)"
    rf"(\|\s*{_CREDIT}$)|(\((?:[A-Z]{{2,5}} )?(?:photo|image|credit|file photo)s?\b[^)]*\)$)"
    r"|((?:^|[.!?]\s+)(?:photo|image|credit|photograph)s?\s*(?:by|:)\s*[^\n]{2,80}$)"
    r"|(\b(?:getty images|shutterstock|ap photo|afp via getty images)\s*$)",
    re.I,
)
_NAME_PARTICLES = words("name_particles")
FURNITURE_CODES = ("site-furniture", "furniture")
FUNCTION_WORDS = words("function_words")


@dataclass
class DamageReport:
    """What ``find_damage`` found: warnings to put in the record, regions to skip."""

    warnings: list[Warning] = field(default_factory=list)
    excluded: list[Offsets] = field(default_factory=list)

    def touching(self, spans: list[Offsets]) -> list[Warning]:
        """The damage warnings (not furniture) whose spans overlap any of ``spans``."""
        return [
            w for w in self.warnings
            if w.code not in FURNITURE_CODES
            and any(ws < e and s < we for ws, we in w.spans for s, e in spans)
        ]


@lru_cache(maxsize=1)
def furniture_lexicon() -> tuple[frozenset[str], tuple[str, ...]]:
    """Exact phrases and prefix phrases (``read more: *``) from ``lexicons/furniture.txt``."""
    exact, prefixes = set(), []
    for phrase in entries("furniture"):
        if phrase.endswith(" *"):
            prefixes.append(_normalise(phrase[:-2], strip_trailing=False))
        else:
            exact.add(_normalise(phrase))
    return frozenset(exact), tuple(prefixes)


def _normalise(line: str, strip_trailing: bool = True) -> str:
    line = " ".join(unicodedata.normalize("NFKC", line).replace("’", "'").split()).casefold()
    line = line.lstrip("-–— ")
    return line.rstrip(_TRAILING_FURNITURE) if strip_trailing else line


def is_furniture(line: str) -> bool:
    """True when a whole line is a furniture phrase from the lexicon."""
    exact, prefixes = furniture_lexicon()
    norm = _normalise(line)
    if not norm:
        return False
    return norm in exact or any(_normalise(line, False).startswith(p) for p in prefixes)


def _lines(text: str) -> list[Offsets]:
    """``[start, end)`` of every line, without its newline and surrounding whitespace; blank lines as ``None``."""
    out, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = pos + (len(body) - len(body.lstrip()))
            out.append((start, start + len(stripped)))
        else:
            out.append(None)
        pos += len(raw)
    return out


def _blocks(text: str, report: DamageReport, shaped: dict[Offsets, str]) -> list[Offsets]:
    """Paragraphs as spans, after taking furniture lines out of them (recorded in ``report``).

    ``shaped`` maps lines that ``furniture.find_furniture`` found to the rule that found them.
    """
    blocks, current = [], []
    for span in _lines(text) + [None]:
        # inside a paragraph, a furniture phrase counts only after a finished sentence:
        # "...the biggest story in the\nworld\n" is a wrapped sentence, not a section label
        after_sentence = not current or text[current[-1][1] - 1] in _TERMINAL
        if span is not None and after_sentence and is_furniture(text[span[0]:span[1]]):
            _furniture(report, span, f"site furniture {text[span[0]:span[1]]!r}, not part of the article")
            span = None
        elif span in shaped:
            report.warnings.append(Warning(code="furniture", message=shaped[span], spans=[span]))
            report.excluded.append(span)
            span = None
        if span is None:
            if current:
                blocks.append((current[0][0], current[-1][1]))
            current = []
        else:
            current.append(span)
    return blocks


def _furniture(report: DamageReport, span: Offsets, message: str) -> None:
    report.warnings.append(Warning(code="site-furniture", message=message, spans=[span]))
    report.excluded.append(span)


def _first_sentence_end(text: str, start: int, end: int) -> int:
    match = _SENTENCE_END.search(text, start, end)
    return match.end() if match else end


def _last_sentence_start(text: str, start: int, end: int) -> int:
    last = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.end() < end:
            last = match.end()
    while last < end and text[last].isspace():
        last += 1
    return last


def _leaves_quote_open(para: str) -> bool:
    """True when ``para`` opens more quotations than it closes (a quote running on)."""
    if para.count('"') % 2:
        return True
    return len(_OPENING.findall(para.replace('"', ""))) > len(_CLOSING.findall(para))


def _mid_sentence_reason(para: str, quote_running: bool) -> str | None:
    body = _WINGDINGS_BULLET.sub("", para.lstrip(_BULLETS + " \t\u00a0"))
    words = _WORD.findall(body[:80])
    first = body[:1]
    if first and unicodedata.category(first) == "Ll" and words:
        head = words[0]
        camel = any(ch.isupper() for ch in head[1:])
        particle = head.casefold() in _NAME_PARTICLES and len(words) > 1 and words[1][:1].isupper()
        if not (camel or particle or body.startswith(("http", "www."))):
            return "paragraph starts in the middle of a sentence (lower-case start): words before it are lost"
    if not quote_running and _lost_opening_quote(para) != -1:
        return "paragraph has a closing quotation mark with no opening one: the start of the quote is lost"
    return None


def _lost_opening_quote(para: str) -> int:
    """Index of a closing curly quote that comes before any opening one, else -1."""
    closing = _CLOSING.search(para)
    if closing is None or _OPENING.search(para, 0, closing.start()):
        return -1
    return closing.start()


def _cut_off(para: str) -> bool:
    last = para.rstrip()[-1:]
    if not last or last in _TERMINAL:
        return False
    if last in _OPEN_CUT:
        return True
    words = _WORD.findall(para)
    if not words:
        return False
    if words[-1].casefold().strip(".’'") in FUNCTION_WORDS:
        return True
    first = para.lstrip(_BULLETS + " \t\u00a0")[:1]
    if unicodedata.category(first or "A") == "Ll":
        return True  # neither a title nor a caption starts in lower case
    return len(words) > TITLE_MAX_WORDS


def find_damage(text: str, furniture: list[Furniture] = (), headline: list[Offsets] = ()) -> DamageReport:
    """Flag furniture, paragraphs that start mid-sentence and paragraphs cut off before their end.

    ``furniture`` lines are recorded with their rule and excluded; paragraphs inside
    ``headline`` spans are not checked for cuts.
    """
    report = DamageReport()
    quote_running = False  # the previous paragraph left a quotation open
    shaped = {line.span: line.rule for line in furniture}
    for start, end in _blocks(text, report, shaped):
        para = text[start:end]
        if any(hs <= start and end <= he for hs, he in headline):
            continue
        if _CAPTION_CREDIT.search(para) and "\n" not in para.strip():
            _furniture(report, (start, end), "photo caption or credit, not part of the article text")
            continue
        reason = _mid_sentence_reason(para, quote_running)
        quote_running = _leaves_quote_open(para)
        if reason:
            stop = _first_sentence_end(text, start, end)
            closing = -1 if quote_running else _lost_opening_quote(para)
            if closing != -1:  # the damaged quote runs up to its closing mark
                stop = max(stop, start + closing + 1)
            report.warnings.append(Warning(code="starts-mid-sentence", message=reason, spans=[(start, stop)]))
        if _cut_off(para):
            report.warnings.append(Warning(
                code="cut-off",
                message="paragraph ends without final punctuation: its last words are lost",
                spans=[(_last_sentence_start(text, start, end), end)],
            ))
    report.warnings.sort(key=lambda w: w.spans[0])
    report.excluded.sort()
    return report

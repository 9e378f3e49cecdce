"""The quotation-mark scanner: where the article quotes someone word for word.

Pure string processing, no NLP: direct quotes are the one part of attribution
that the text marks explicitly, so we find them first and cheaply, and the
rest of the pipeline (cues, sources, the assembler) works around them.

News text is messy: straight and curly marks are mixed, apostrophes share
glyphs with single quotes, scrapers lose marks, and multi-paragraph quotes
deliberately leave a paragraph unclosed.  The scanner therefore

* decides the role of every mark from its glyph and its neighbours
  (``_classify``), never from a regular expression over the quote body, so
  that it runs in linear time on any input;
* pairs marks one paragraph at a time (paragraphs are separated by a blank
  line), so one unbalanced mark spoils at most its own paragraph;
* reports only top-level quotations: marks nested inside an open quote are
  part of its content.

Offsets are ``str`` indices into the text exactly as given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from onrecord.records import Warning  # noqa: A004 - the record is named Warning
from onrecord.spans import PARAGRAPH_BREAK

DOUBLE, SINGLE, GUILLEMET, ANGLE = "double", "single", "guillemet", "angle"
OPEN, CLOSE, EITHER = "open", "close", "either"

# Every mark news uses; two-character PTB marks first so ``like this'' is one mark.
_MARK_RE = re.compile("``|''|[\"'`\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a]")
_LEVEL = {
    '"': DOUBLE, "''": DOUBLE, "``": DOUBLE, "\u201c": DOUBLE, "\u201d": DOUBLE, "\u201e": DOUBLE,
    "'": SINGLE, "`": SINGLE, "\u2018": SINGLE, "\u2019": SINGLE, "\u201a": SINGLE,
    "\u00ab": GUILLEMET, "\u00bb": GUILLEMET, "\u2039": ANGLE, "\u203a": ANGLE,
}
# The role a glyph has when its neighbours do not decide: “ „ `` ‘ ‚ ` « ‹ open, ” ’ » › close.
_DEFAULT_ROLE = {
    '"': EITHER, "''": EITHER, "'": EITHER,
    "``": OPEN, "\u201c": OPEN, "\u201e": OPEN, "\u2018": OPEN, "\u201a": OPEN, "`": OPEN,
    "\u00ab": OPEN, "\u2039": OPEN,
    "\u201d": CLOSE, "\u2019": CLOSE, "\u00bb": CLOSE, "\u203a": CLOSE,
}
# Guillemets pair by mirror image, in either direction: «French» and »German«.
_MIRROR = {"\u00ab": "\u00bb", "\u00bb": "\u00ab", "\u2039": "\u203a", "\u203a": "\u2039"}

_QUOTE_CHARS = "\"'`\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a"
# A mark after these (or whitespace) is at the start of a word: (“Yes”), —"No", /'maybe', pic="".
_OPEN_CONTEXT = "([{<=\u2014\u2013-/" + _QUOTE_CHARS
# A mark before these (or whitespace) is at the end of a word: "Yes," 'No.' “Why?”
_CLOSE_CONTEXT = ".,;:!?)]}>\u2026\u2014\u2013-" + _QUOTE_CHARS
# A single mark closing a quote after punctuation: ‘We will win,’ he said.
_SENTENCE_PUNCT = ".,;:!?\u2026\u2014\u2013-"
# Apostrophes at a word start, not opening quotes: the ’90s, rock 'n' roll, 'em, 'til, 'cause.
_ELISION_RE = re.compile(r"(?:\d\d|em|n|til|tis|twas|cause|cos|bout|round|nuff|s)\b")
_NON_SPACE_RE = re.compile(r"\S")
_WORD_CHAR_RE = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Quotation:
    """One top-level quotation; offsets index the text as given."""

    start: int  # the opening mark, or the paragraph start when the opening mark is lost
    end: int  # just after the closing mark, or the paragraph end when unclosed
    content_start: int
    content_end: int
    paragraph: int
    opened: bool = True  # False: the paragraph starts inside a quote whose opening mark is lost
    closed: bool = True  # False: runs to the end of its paragraph without a closing mark
    continues: int | None = None  # index of the quotation this one continues across a paragraph


@dataclass
class QuotationScan:
    quotations: list[Quotation] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    glyph: str
    level: str
    role: str
    weak: bool = False  # letter + ’ + space: a possessive unless it closes an open single quote
    after_word: bool = False  # right after a letter or digit: may be an apostrophe or a prime


def find_quotations(text: str) -> QuotationScan:
    """Find every top-level quotation in ``text``, paragraph by paragraph.

    A paragraph left unclosed is continued by the next paragraph when that one
    starts with an opening mark (the news convention for long quotes);
    otherwise the unclosed quotation ends at its paragraph end with a warning.
    """
    paragraphs = _paragraphs(text)
    per_paragraph: list[list[_Mark]] = [[] for _ in paragraphs]
    j = 0
    for mark in _marks(text):
        while paragraphs[j][1] <= mark.start:  # marks are never whitespace, so never between paragraphs
            j += 1
        per_paragraph[j].append(mark)
    scan = QuotationScan()
    pending: tuple[int, Warning] | None = None  # the previous paragraph's unclosed quotation
    for i, (start, end) in enumerate(paragraphs):
        following = per_paragraph[i + 1] if i + 1 < len(paragraphs) else []
        next_opens_single = _starts_with_opening(following, paragraphs[i + 1][0] if following else -1, SINGLE)
        found, warnings, unclosed = _scan_paragraph(text, start, end, per_paragraph[i], i, next_opens_single)
        if pending is not None:
            opener = scan.quotations[pending[0]]
            if found and found[0].opened and found[0].start == start and _same_style(text, opener, found[0]):
                # “They know my character ... until the end.\n\n“They told me to stay safe.”
                found[0] = replace(found[0], continues=pending[0])
            else:
                scan.warnings.append(pending[1])
        base = len(scan.quotations)
        pending = (base + unclosed[0], unclosed[1]) if unclosed else None
        scan.quotations.extend(found)
        scan.warnings.extend(warnings)
    if pending is not None:
        scan.warnings.append(pending[1])
    scan.warnings.sort(key=lambda w: w.spans[0] if w.spans else (0, 0))
    return scan


def _same_style(text: str, opener: Quotation, mark: Quotation) -> bool:
    """Whether ``mark`` may continue ``opener``'s quotation: the same kind of mark, plain or typographic.

    A quoted passage in plain marks, its last paragraph unclosed
    (``"Melanie thought the whole thing was outrageous. ...``), followed by the
    writer's own quote in curly marks (``“It never crossed my mind,” she said``):
    the curly mark opens a new quotation, it does not continue the passage.
    """
    if not opener.opened:
        return True  # the opening mark is lost: nothing to compare
    return text[opener.start].isascii() == text[mark.start].isascii()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each paragraph, trimmed of surrounding whitespace.

    Paragraphs as ``spans.PARAGRAPH_BREAK`` defines them; a single line break is a
    hard wrap inside a paragraph: “... he says, angrily,\\nas he paces ...”.
    """
    spans, pos = [], 0
    for brk in [*PARAGRAPH_BREAK.finditer(text), None]:
        seg_end = brk.start() if brk else len(text)
        first = _NON_SPACE_RE.search(text, pos, seg_end)
        if first:
            spans.append((first.start(), pos + len(text[pos:seg_end].rstrip())))
        pos = brk.end() if brk else pos
    return spans


def _is_space(ch: str | None) -> bool:
    """Whitespace, the text edge, or an invisible format character (\u202a”This is ...)."""
    return ch is None or ch.isspace() or unicodedata.category(ch) == "Cf"


def _marks(text: str) -> list[_Mark]:
    """Every quotation-mark candidate with its role; apostrophes are left out."""
    marks = []
    for match in _MARK_RE.finditer(text):
        mark = _classify(text, match.start(), match.end(), match.group())
        if mark is not None:
            marks.append(mark)
    return marks


def _classify(text: str, start: int, end: int, glyph: str) -> _Mark | None:
    """The role of one mark from its glyph and the characters on either side.

    A mark at the start of a word opens ("Yes), at the end of a word closes
    (Yes," he), and otherwise keeps its glyph's default role; straight marks
    have none and are resolved by the pairing state (``EITHER``).
    """
    before = text[start - 1] if start > 0 else None
    after = text[end] if end < len(text) else None
    level = _LEVEL[glyph]
    word_start = not _is_space(after) and after not in _CLOSE_CONTEXT and (
        _is_space(before) or before in _OPEN_CONTEXT)
    word_end = not _is_space(before) and before not in _OPEN_CONTEXT and (
        _is_space(after) or after in _CLOSE_CONTEXT)
    role = OPEN if word_start and not word_end else CLOSE if word_end and not word_start else _DEFAULT_ROLE[glyph]
    after_word = before is not None and before.isalnum()
    if level == SINGLE:
        if after_word and after is not None and after.isalnum():
            return None  # between letters: don't, Putin’s, 5'11 are apostrophes
        if role == OPEN and _ELISION_RE.match(text, end):
            return None  # the ’90s, rock 'n' roll
        if role == EITHER or (role != OPEN and not word_end):
            return None  # 'floating' straight or ’ marks with no word to attach to
    weak = level == SINGLE and before is not None and before.isalpha() and _is_space(after)
    return _Mark(start, end, glyph, level, role, weak, after_word)


def _starts_with_opening(marks: list[_Mark], paragraph_start: int, level: str) -> bool:
    return bool(marks) and marks[0].start == paragraph_start and marks[0].level == level and marks[0].role == OPEN


def _closes(opener: _Mark, mark: _Mark) -> bool:
    """Whether ``mark`` can close ``opener``; marks of another level are nested content."""
    if opener.level in (GUILLEMET, ANGLE):
        return mark.glyph == _MIRROR[opener.glyph]
    return mark.level == opener.level and mark.role in (CLOSE, EITHER)


def _next_index(marks: list[_Mark], wanted) -> list[int]:
    """For each k, the index of the first mark at or after k that is ``wanted`` (len(marks) if none)."""
    nxt = [len(marks)] * (len(marks) + 1)
    for k in range(len(marks) - 1, -1, -1):
        nxt[k] = k if wanted(marks[k]) else nxt[k + 1]
    return nxt


def _next_strong_single_close(marks: list[_Mark]) -> list[int]:
    """For each k, the next non-weak single closer before the next single opener.

    A weak closer (``the Joneses’ house``) only closes a single quote when no
    stronger one follows before the next single opener:
    ‘The Joneses’ house is big,’ she said.  vs  ‘Ask the players’ he said.
    Computed in one backward pass so pairing stays linear.
    """
    n = len(marks)
    nxt = [n] * (n + 1)
    for k in range(n - 1, -1, -1):
        m = marks[k]
        if m.level == SINGLE and m.role == OPEN:
            nxt[k] = n  # a new single quote starts: later closers belong to it
        else:
            nxt[k] = k if m.level == SINGLE and m.role == CLOSE and not m.weak else nxt[k + 1]
    return nxt


def _scan_paragraph(
    text: str, start: int, end: int, marks: list[_Mark], paragraph: int, next_opens_single: bool
) -> tuple[list[Quotation], list[Warning], tuple[int, Warning] | None]:
    """Pair the marks of one paragraph.

    Returns the quotations, the warnings, and (local index, warning) for a
    quotation left open at the paragraph end, whose warning the caller drops if
    the next paragraph continues it.
    """
    found: list[Quotation] = []
    warnings: list[Warning] = []
    first_word = _WORD_CHAR_RE.search(text, start, end)
    first_word_at = first_word.start() if first_word else end
    last_word_at = _last_word_char(text, start, end)
    n = len(marks)
    next_single_close = _next_index(marks, lambda m: m.level == SINGLE and m.role == CLOSE)
    next_strong = _next_strong_single_close(marks)
    next_double_close = _next_index(marks, lambda m: m.level == DOUBLE and m.role != OPEN)
    next_double_open = _next_index(marks, lambda m: m.level == DOUBLE and m.role == OPEN)
    opener: _Mark | None = None
    nested_until = -1  # marks up to this index belong to a quote nested in the open one

    def emit(q: Quotation) -> bool:
        if _WORD_CHAR_RE.search(text, q.content_start, q.content_end) is None:
            return False  # "" and marks around punctuation only are not quotations
        found.append(q)
        return True

    def may_open(k: int, m: _Mark) -> bool:
        if m.role == CLOSE or last_word_at < m.end:
            return False  # a lone mark at the paragraph end quotes nothing
        if m.level == SINGLE:
            # 'We will win,' he said. opens; employees' pay has nothing to close it.
            return next_single_close[k + 1] < n or next_opens_single
        return True

    for k, m in enumerate(marks):
        if k <= nested_until:
            continue
        if opener is not None:
            if _closes(opener, m):
                if m.weak and next_strong[k + 1] < n:
                    continue  # ‘It was the players’ fault,’ he said: a possessive
                if m.level == DOUBLE and m.after_word and text[m.start - 1].isdigit() and (
                        next_double_close[k + 1] < next_double_open[k + 1]):
                    continue  # “... he’s like 6’2”,” Rubio said: a prime, the quote closes later
                emit(Quotation(opener.start, m.end, opener.end, m.start, paragraph))
                opener = None
            elif m.level == opener.level == DOUBLE and m.role == OPEN:
                inner_close = next_double_close[k + 1]
                after_inner = min(inner_close + 1, n)
                if inner_close < n and next_double_close[after_inner] < min(n, next_double_open[after_inner]):
                    # Nested in the same level: “I’d rather live in what he calls “hell” than ...”
                    # and "... read you the question: “As you know ...?” Forty-three, yes."
                    nested_until = inner_close
                    continue
                # “We will win, he said. “Yes.” - the first quote lost its closing mark.
                content_end = opener.end + len(text[opener.end:m.start].rstrip())
                if emit(Quotation(opener.start, content_end, opener.end, content_end, paragraph, closed=False)):
                    warnings.append(_warning(opener, "opening mark is not closed before the next opening mark"))
                opener = m if may_open(k, m) else None
            continue
        if may_open(k, m):
            opener = m
        elif m.role == CLOSE and _real_closer(text, m):
            if not found and first_word_at < m.start:
                # came to Ukraine ... I stayed\nhere and war started,” Silent says.
                found.append(Quotation(start, m.end, start, m.start, paragraph, opened=False))
                warnings.append(_warning(m, "closing mark without an opening mark; "
                                            "the quotation is taken to start at the paragraph start"))
            else:
                warnings.append(_warning(m, "closing mark without an opening mark; ignored"))
    if opener is not None and emit(Quotation(opener.start, end, opener.end, end, paragraph, closed=False)):
        # Prigozhin said: “Nuzhin betrayed his people ... Nuzhin is a\n\nThis kind of example ...
        return found, warnings, (len(found) - 1, _warning(
            opener, "opening mark is not closed in its paragraph; the quotation runs to the paragraph end"))
    return found, warnings, None


def _real_closer(text: str, mark: _Mark) -> bool:
    """Whether an unpaired closing mark is a lost quote's end rather than an apostrophe or prime.

    employees' pay, goin’ home (single after a letter) and a 12" pizza (double after
    a digit) close nothing; war started,” Silent says and We won,’ she said do.
    """
    before = text[mark.start - 1] if mark.start else " "
    if mark.level == SINGLE:
        return before in _SENTENCE_PUNCT
    return not before.isdigit()


def _last_word_char(text: str, start: int, end: int) -> int:
    """Offset of the last letter or digit in ``[start, end)``, or -1."""
    for i in range(end - 1, start - 1, -1):
        if text[i].isalnum():
            return i
    return -1


def _warning(mark: _Mark, what: str) -> Warning:
    return Warning(code="unbalanced-quote", message=f"{mark.glyph} at {mark.start}: {what}",
                   spans=[(mark.start, mark.end)])

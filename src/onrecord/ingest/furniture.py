"""Page furniture that survives extraction: lines of the page that are not the article.

``damage.py`` knows furniture by its exact words (``lexicons/furniture.txt``:
"Share this story"). The rules here know it by its shape, so that they hold on
sites never seen: an invitation to an app or a newsletter, a related-article
item (a capitals label before a headline, a headline with its date, a teaser
cut off by "... more"), a date or time line, a copyright footer, a contact or
byline line made of e-mail addresses and telephone numbers, a bare link, and
advertising spelt with look-alike letters of another script. Each finding is a
whole line, with the name of the rule that found it; the text itself is never
changed, so that offsets hold.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from onrecord.lexicons import entries, words

Offsets = tuple[int, int]

MAX_WORDS = 30
"""Furniture lines are short; a longer line is article text whatever its words."""

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DATE = (rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
         r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})")
_TIME = r"(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?"
_DATE_RE = re.compile(_DATE, re.I)
_TIME_RE = re.compile(_TIME, re.I)
_ENDS_WITH_DATE = re.compile(rf"^(?P<head>.+?)\s*[-–—|]\s*{_DATE}(?:,?\s+{_TIME})?\s*$", re.I)
_CAPITALS_LABEL = re.compile(r"^(?P<label>[A-Z0-9][A-Z0-9'’&/ -]{0,40}[A-Z0-9]|[A-Z]):\s*(?P<rest>.*)$")
_TEASER_END = re.compile(r"(?:\.\.\.|…)\s*(?:read\s+)?more\s*[»›>]*$", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[email[\s\u00a0]*protected\]", re.I)
_PHONE = re.compile(r"(?<![\w@])(?:\+\d{1,3}\s?)?(?:\(\d{1,4}\)\s?)?\d{2,4}(?:[ .-]\d{2,5}){1,4}(?!\w)")
PHONE_DIGITS = (7, 15)
"""A telephone number has 7 to 15 digits (ITU E.164) in groups: a page range or a tweet id is not one."""
_URL = re.compile(r"^(?:https?://|www\.)?[\w-]+(?:\.[\w-]+)+(?:/[^\s]*)?$", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’»)\]]*$")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\b)|©\s*\d{4}|\ball rights reserved\b", re.I)
_BYLINE = re.compile(r"^by\s+(?P<names>[^,]+?)(?:,\s*(?P<rest>.*))?$", re.I)


@dataclass(frozen=True)
class Furniture:
    """One furniture line: where it is and which rule found it."""

    span: Offsets
    rule: str


def _clean(line: str) -> str:
    """NFKC, format characters (soft hyphens, zero-width spaces) dropped: what the rules read."""
    line = unicodedata.normalize("NFKC", line)
    return "".join(ch for ch in line if unicodedata.category(ch) != "Cf").strip()


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


@lru_cache(maxsize=1)
def _promotions() -> re.Pattern[str]:
    """Invitations to an app, newsletter or subscription (``lexicons/furniture_promotions.txt``)
    opening the line or a clause, as an imperative does ("For more, download our app");
    ``*`` stands for one to four words ("download the * app")."""
    phrases = []
    for entry in entries("furniture_promotions"):
        parts = [re.escape(part.strip()).replace(r"\ ", r"\s+") for part in entry.split("*")]
        phrases.append(r"\s+(?:\S+\s+){0,3}\S+\s+".join(parts))
    return re.compile(r"(?:^|[,;:–—]\s*)(?:" + "|".join(phrases) + r")\b", re.I)


def _is_headline(text: str) -> bool:
    """A headline: a few words, no sentence-final punctuation."""
    words = _words(text)
    return 2 <= len(words) <= 20 and not _SENTENCE_END.search(text)


def _only_dates(line: str) -> bool:
    """A dateline or timestamp: a date, a time and label words ("Posted:", "Latest update", a weekday)."""
    if not _DATE_RE.search(line):
        return False
    rest = _TIME_RE.sub(" ", _DATE_RE.sub(" ", line))
    labels = _date_labels()
    return not re.search(r"\d", rest) and all(w.casefold() in labels for w in _words(rest))


@lru_cache(maxsize=1)
def _date_labels() -> frozenset[str]:
    return words("furniture_date_labels")


def _byline(line: str) -> bool:
    """"By Ann Lee" or "By Ann Lee and Bo Ng, March 3, 2021 4:10 pm": capitalised names, then a date or a role."""
    match = _BYLINE.match(line)
    if match is None:
        return False
    names = [w for w in _words(match["names"]) if w.casefold() not in ("and", "de", "van", "von", "da", "del")]
    if not 1 <= len(names) <= 6 or not all(w[0].isupper() for w in names):
        return False
    return not match["rest"] or _only_dates(match["rest"]) or _is_headline(match["rest"])


def _phones(line: str) -> list[str]:
    low, high = PHONE_DIGITS
    return [m for m in _PHONE.findall(line) if low <= sum(ch.isdigit() for ch in m) <= high]


def _contact(line: str) -> bool:
    """E-mail addresses and telephone numbers with at most four words around them."""
    without_email = _EMAIL.sub(" ", line)
    phones = _phones(without_email)
    if not (phones or without_email != line):
        return False
    for phone in phones:
        without_email = without_email.replace(phone, " ")
    return len(_words(without_email)) <= 4


def _mixed_script_words(line: str) -> int:
    """Words that mix Latin with Cyrillic or Greek letters: spelling meant to slip past filters."""
    count = 0
    for word in _words(line):
        scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in word if ch.isalpha()}
        if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"}:
            count += 1
    return count


def line_rule(line: str) -> str | None:
    """The furniture rule a whole line matches, or None for article text."""
    line = _clean(line)
    words = _words(line)
    if _mixed_script_words(line) >= 3:
        return "advertising spelt with look-alike letters of another script"
    if _COPYRIGHT.match(line) and len(words) <= 2 * MAX_WORDS:  # a notice that starts "© 2021, ..."
        return "copyright footer"
    if not line or len(words) > MAX_WORDS:
        return None
    if _COPYRIGHT.search(line):
        return "copyright footer"
    if _contact(line):
        return "contact or byline line: e-mail addresses and telephone numbers"
    if _URL.match(line):
        return "a bare link"
    if _only_dates(line):
        return "date or time line"
    if _byline(line):
        return "byline"
    if _TEASER_END.search(line):
        return "related-article teaser cut off by 'more'"
    if _promotions().search(line) and len(words) <= 15:
        return "app, newsletter or subscription promotion"
    label = _CAPITALS_LABEL.match(line)
    if label and sum(ch.isalpha() for ch in label["label"]) >= 2:
        if not label["rest"]:
            return "section label in capitals"
        if _is_headline(label["rest"]):
            return "related-article link: a capitals label before a headline"
    dated = _ENDS_WITH_DATE.match(line)
    if dated and _is_headline(dated["head"]):
        return "related-article link: a headline with its date"
    return None


def find_furniture(text: str) -> list[Furniture]:
    """Every line of ``text`` that a furniture rule matches, in order."""
    found, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            rule = line_rule(stripped)
            if rule is not None:
                start = pos + len(body) - len(body.lstrip())
                found.append(Furniture((start, start + len(stripped)), rule))
        pos += len(raw)
    return found

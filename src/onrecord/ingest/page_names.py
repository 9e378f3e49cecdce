"""Rules for the names a page declares: a publisher's name, a headline, a person in a byline.

Pages declare their names carelessly: a site name that is a tagline ("Harbor Light |
Coastal News, Weather | Port Amity"), a domain ("HL.COM") or a tagline around the
domain ("Coastal news on www.harborlight.com"); a ``<title>`` that ends with the site
name or a date; an author field that holds the organisation ("Harbor Light News"), a
date or a desk. These functions tell the shapes apart so that ``page_facts`` can
choose; none of them knows any particular site.
"""

from __future__ import annotations

import html
import re

from onrecord.lexicons import entries, words

_DOMAIN = re.compile(r"\b(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})\b/?", re.I)
_SEPARATORS = re.compile(r"\s+[|\-–—:·•]\s+|\s*\|\s*")
_DATE_LIKE = re.compile(r"^[\d\s./\-,:]+$")
_NAME_WORD = r"[A-Z][\w&'’.\-]*"
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:\s+(?:of|and|the|de|for|&)?\s*{_NAME_WORD}){{0,6}}")
_MAX_NAME_WORDS = 6


def clean(value: object) -> str | None:
    """A page's string with entities decoded and spaces collapsed; None when empty or not a string."""
    if not isinstance(value, str):
        return None
    text = " ".join(html.unescape(html.unescape(value)).split())
    return text or None


def letters(name: str) -> str:
    """The letters and digits of a name, lower-cased: "The Harbor-Light" -> "theharborlight"."""
    return "".join(c for c in name.casefold() if c.isalnum())


def domain_of(text: str | None) -> str | None:
    """The host named in ``text`` ("www.harborlight.com", a URL), or None."""
    match = _DOMAIN.search(text or "")
    return match.group(1).lower() if match else None


def domain_label(host: str) -> str:
    """The part of a host that is the site's own: "www.harborlight.co.uk" -> "harborlight"."""
    labels = [label for label in host.lower().split(".") if label]
    while labels and labels[0] in words("host_prefixes"):
        labels.pop(0)
    if len(labels) > 1:
        labels.pop()  # the top-level domain
    if len(labels) > 1 and len(labels[-1]) <= 3:
        labels.pop()  # "co" of .co.uk, "com" of .com.au
    return labels[-1] if labels else host


def has_domain(name: str) -> bool:
    """Whether a declared name is or contains a domain ("HL.COM", "News on www.hl.com")."""
    return domain_of(name) is not None


def publisher_name(value: str | None) -> str | None:
    """A declared site name cut to the publisher's name: the first part of a tagline.

    "Harbor Light | Coastal News, Weather | Port Amity" -> "Harbor Light". A name
    that is or holds a domain is returned as it is: ``spelled_name`` may find the
    name the domain spells on the page.
    """
    name = clean(value)
    if name is None:
        return None
    first = _SEPARATORS.split(name)[0].strip()
    return first or None


def is_name_shaped(name: str, headline: str | None = None) -> bool:
    """A publisher's name is short and is not the headline (an aggregator may put the headline there)."""
    if len(name.split()) > _MAX_NAME_WORDS:
        return False
    return not (headline and letters(name) and letters(headline).startswith(letters(name)) and len(name.split()) > 2)


def spelled_name(label: str, page_text: str) -> str | None:
    """The name on the page whose letters, or initials, are the domain's: "harborlight" -> "Harbor Light".

    A site name made from the domain ("Harborlight") or a tagline around it
    loses to the name the page's own text uses ("© 2024 The Harbor Light").
    Initials count for names of two or more words ("dw" -> "Deutsche Welle").
    """
    label = letters(label)
    if len(label) < 2:
        return None
    for run in _NAME_RUN.finditer(page_text):
        tokens = run.group(0).split()
        for start in range(len(tokens)):
            for end in range(len(tokens), start, -1):
                candidate = " ".join(tokens[start:end]).strip(".,")
                if _spells(candidate, label):
                    return candidate
    return None


def _spells(candidate: str, label: str) -> bool:
    spelled = letters(candidate)
    if spelled in (label, "the" + label):
        return True
    capitals = [w for w in candidate.split() if w[:1].isupper()]
    return len(capitals) >= 2 and "".join(w[0] for w in capitals).lower() == label


def strip_site_suffix(title: str, site_keys: set[str]) -> str:
    """A ``<title>`` or ``og:title`` without the site name or date tacked on its end.

    "Harbor fees rise | HL | 02.03.2024" -> "Harbor fees rise", when "HL" is one of
    the site's names (``site_keys`` holds their ``letters``).
    """
    while True:
        cuts = list(_SEPARATORS.finditer(title))
        if not cuts:
            return title
        last = title[cuts[-1].end():].strip()
        if last and letters(last) not in site_keys and not _DATE_LIKE.match(last):
            return title
        title = title[: cuts[-1].start()].strip()


def title_head(title: str | None) -> str | None:
    """A ``<title>`` without its last part, the headline when nothing else gives one: "Fees rise | HL" -> "Fees rise"."""
    if not title:
        return None
    cuts = list(_SEPARATORS.finditer(title))
    return title[: cuts[-1].start()].strip() if cuts else title


def title_suffix(title: str | None, headline: str | None) -> str | None:
    """The site name a ``<title>`` adds after the headline: "Harbor fees rise - Harbor Light"."""
    if not title or not headline:
        return None
    if not letters(title).startswith(letters(headline)) or letters(title) == letters(headline):
        return None
    parts = _SEPARATORS.split(title)
    name = parts[-1].strip() if len(parts) > 1 else None
    return name if name and len(name.split()) <= _MAX_NAME_WORDS - 2 and name[:1].isupper() else None


def same_organisation(name: str, other: str) -> bool:
    """Whether two names are one organisation: equal, or one the other's name with a section or edition.

    "Harbor Light Business" and "The Harbor Light"? No: only a name that starts with
    the other's letters ("Harbor Light US", "Harbor Light Weekend") or equals them.
    """
    a, b = letters(name), letters(other)
    for x, y in ((a, b), (b, a)):
        if x and y and (x.startswith(y) or x.startswith("the" + y) or ("the" + x).startswith(y)):
            return True
    return False


def is_headline_shaped(title: str, site_keys: set[str]) -> bool:
    """A headline has words, and is not the site's name nor a CMS's ("escenic", "Sections")."""
    return len(title.split()) >= 2 and letters(title) not in site_keys


def person_names(value: str | None, organisations: set[str]) -> list[str]:
    """The people in an author field ("Ana Ortiz; Tom Reyes"), without organisations, dates, desks.

    ``organisations`` holds the site's names: an author field that repeats the
    publisher is not a person. A field written as a byline ("By Ana Ortiz and Tom
    Reyes | Staff") is read as one.
    """
    text = clean(value) or ""
    people = byline_people(text, organisations)
    if people:
        return people
    parts = re.split(r"\s*;\s*|\s*,\s*|\s+and\s+", text.split("|")[0])
    return [part for part in parts if part and is_person_name(part, organisations)]


def is_person_name(name: str, organisations: set[str]) -> bool:
    """A byline's person: a few words, no digits, dates, addresses, domains or news organisation words."""
    tokens = name.split()
    if not 1 <= len(tokens) <= 5 or any(c.isdigit() or c in "@/|()" for c in name) or has_domain(name):
        return False
    folded = {t.strip(".,").casefold() for t in tokens}
    if tokens[-1].strip(".,").casefold() in words("date_words"):
        return False  # "CBS News February": a date cut short ("April Roach" is a name)
    if folded & words("news_organisation_words") or folded & words("byline_roles"):
        return False
    return letters(name) not in {letters(o) for o in organisations}


def _words_of(names: set[str]) -> set[str]:
    return {w.casefold() for name in names for w in name.split()}


def byline_people(block: str, organisations: set[str]) -> list[str]:
    """The writers in a byline block: "By KIRA DALE and Tom Reyes | Staff" -> ["Kira Dale", "Tom Reyes"].

    The block opens with a byline lead (``lexicons/byline_leads.txt``); the names
    run to a role word, a date, a separator, an e-mail address or a parenthesis.
    """
    text = " ".join(block.split())
    lead = next((w for w in entries("byline_leads") if text.casefold().startswith(w + " ")), None)
    if lead is None:
        return []
    people, name = [], []
    for token in text[len(lead):].split():
        bare = token.rstrip(",")
        if bare.casefold() == "and" and name:
            people.append(name)
            name = []
            continue
        stop = bare.casefold() in words("byline_roles") | words("date_words")
        if stop or "@" in bare or bare[:1] in "|(" or not bare[:1].isupper():
            break
        if name and name[-1].isupper() and name[-1].isalpha() and len(name[-1]) > 1 and not bare.isupper():
            break  # "By KIRA DALE Light Staff": a name in capitals ends where the desk's words begin
        name.append(bare)
        if token.endswith(","):
            people.append(name)
            name = []
    people.append(name)
    found = [_byline_name(words_, organisations) for words_ in people]
    return [n for n in found if n is not None]


def _byline_name(tokens: list[str], organisations: set[str]) -> str | None:
    tokens = list(tokens)
    while tokens and tokens[-1].casefold() in words("news_organisation_words") | _words_of(organisations):
        tokens.pop()  # "By KIRA DALE Herald Staff": the paper's name before the desk
    name = " ".join(tokens)
    if len(tokens) < 2 or not is_person_name(name, organisations):
        return None
    return name.title() if name.isupper() else name

"""The page's own lead, and whether the extracted text still holds it.

A page declares its lead in ``og:description``, ``description`` and the first
paragraph of a JSON-LD ``articleBody``. Main-text extraction sometimes drops it
(a stand-first in its own ``<div>``, a first paragraph styled as a summary).
A declared lead counts only when the page also shows it in its visible body:
many descriptions are summaries written for search engines that never appear
on the page, and nothing was lost when extraction leaves those out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

HELD_SHARE = 0.8
"""A lead is held by a text when this share of its word trigrams occur in it (rewording, ellipses)."""

MIN_WORDS = 6
"""Shorter descriptions ("News", a site slogan) are not a lead worth checking."""

_WORD = re.compile(r"\w+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_INVISIBLE = ("script", "style", "head", "noscript", "template")


@dataclass(frozen=True)
class Lead:
    """One declared lead: where the page declares it (``og:description``) and its text."""

    where: str
    text: str


def _words(text: str) -> list[str]:
    """Case-folded words, format characters (soft hyphens, zero-width joiners) removed."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _WORD.findall(text.casefold())


def holds(text: str, lead: str) -> bool:
    """True when ``text`` holds ``lead``: most of its word trigrams occur in it."""
    words = _words(lead)
    if len(words) < 3:
        return True
    haystack = " " + " ".join(_words(text)) + " "
    trigrams = [" " + " ".join(words[i:i + 3]) + " " for i in range(len(words) - 2)]
    return sum(gram in haystack for gram in trigrams) >= HELD_SHARE * len(trigrams)


def _json_ld_bodies(tree: etree._Element) -> list[str]:
    """Every ``articleBody`` string in the page's JSON-LD, nested ones included."""
    bodies: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            stack = [json.loads(script.text_content())]
        except ValueError:
            continue  # a broken JSON-LD block is the page's problem, not a reason to fail
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("articleBody"), str):
                    bodies.append(item["articleBody"])
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return bodies


def declared_leads(html: str) -> list[Lead]:
    """The leads the page declares and also shows in its visible body, in the order named above."""
    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    found: list[Lead] = []
    for meta in tree.xpath("//meta[@content]"):
        name = (meta.get("property") or meta.get("name") or "").strip().lower()
        if name in ("og:description", "description"):
            found.append(Lead(name, " ".join(meta.get("content").split())))
    for body in _json_ld_bodies(tree):
        first = next((p.strip() for p in _PARAGRAPH_BREAK.split(body) if p.strip()), "")
        found.append(Lead("JSON-LD articleBody", " ".join(first.split())))
    for element in tree.xpath("|".join(f"//{tag}" for tag in _INVISIBLE)):
        element.drop_tree()
    visible = " ".join(tree.itertext())  # joined with spaces: block ends are word ends
    shown: list[Lead] = []
    for lead in found:
        repeated = any(holds(earlier.text, lead.text) for earlier in shown)  # "X. X.", the same text twice
        if len(_words(lead.text)) >= MIN_WORDS and not repeated and holds(visible, lead.text):
            shown.append(lead)
    return shown


def missing_leads(text: str, leads: list[Lead]) -> list[Lead]:
    """The leads, when ``text`` holds none of them; else none.

    The declarations are alternative statements of one opening: a text that
    holds one of them has its lead, and another that the page also shows is
    then some other element (a video's caption with the same summary).
    """
    if any(holds(text, lead.text) for lead in leads):
        return []
    return list(leads)

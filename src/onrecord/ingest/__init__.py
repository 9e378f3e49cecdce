"""Ingest: turn what the user gives (files, folders, WARC crawls, JSONL, stdin) into raw articles.

``iter_inputs`` yields, in input order, either a ``RawArticle`` or the
``InputError`` that explains why an input was skipped, so that a batch can
record the bad item and go on. ``find_damage``, ``detect_language`` and
``DuplicateFinder`` are the checks the pipeline runs on each raw article
before analysis.

The HTML and WARC readers (trafilatura, warcio) are imported by ``iter_inputs``
only when an input needs them: a .txt analysis never loads them.
"""

from onrecord.ingest.damage import DamageReport, find_damage
from onrecord.ingest.duplicates import DuplicateFinder
from onrecord.ingest.formats import FORMATS, iter_inputs, sniff_format
from onrecord.ingest.language import detect_language
from onrecord.ingest.stats import IngestStats
from onrecord.ingest.text import RawArticle, read_text_file

__all__ = [
    "FORMATS",
    "DamageReport",
    "DuplicateFinder",
    "IngestStats",
    "RawArticle",
    "detect_language",
    "find_damage",
    "iter_inputs",
    "read_text_file",
    "sniff_format",
]

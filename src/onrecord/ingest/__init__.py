"""Ingest: turn what the user gives (paths, folders) into raw articles.

``iter_inputs`` yields, in input order, either a ``RawArticle`` or the
``InputError`` that explains why an input was skipped, so that a batch can
record the bad item and go on.
"""

from onrecord.ingest.text import RawArticle, iter_inputs, read_text_file

__all__ = ["RawArticle", "iter_inputs", "read_text_file"]

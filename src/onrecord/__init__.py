"""onrecord: who said what in the news, and how the outlet knows."""

from onrecord.records import Article, Quote, Speaker, TextSpans, Warning

__all__ = ["analyze", "analyze_many", "Article", "Quote", "Speaker", "TextSpans", "Warning"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # The pipeline imports spaCy; load it only when analysis is asked for,
    # so that `import onrecord` for the record model stays cheap.
    if name in ("analyze", "analyze_many"):
        from onrecord import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)

"""onrecord: who said what in the news, and how the outlet knows."""

from onrecord.records import Article, Quote, Speaker, TextSpans, Warning

__all__ = ["analyze", "analyze_many", "to_frame", "Corpus", "Article", "Quote", "Speaker", "TextSpans", "Warning"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # The pipeline imports spaCy and the notebook API DuckDB; load them only when
    # asked for, so that `import onrecord` for the record model stays cheap.
    if name == "analyze":
        from onrecord import pipeline

        return pipeline.analyze
    if name in ("analyze_many", "to_frame", "Corpus"):
        from onrecord import corpus_api

        return getattr(corpus_api, name)
    raise AttributeError(name)

"""onrecord: who said what in the news, and how the outlet knows."""

from onrecord.pipeline import analyze, analyze_many
from onrecord.records import Article, Quote, Speaker, TextSpans, Warning

__all__ = ["analyze", "analyze_many", "Article", "Quote", "Speaker", "TextSpans", "Warning"]
__version__ = "0.1.0"

"""The web app: ``onrecord serve`` (see ``docs/web.md``).

``create_app(db_path)`` builds the FastAPI application: the Analyze, Article,
Speaker and Corpus pages and a JSON API under ``/api``. The corpus database is
only ever opened read-only.
"""

from onrecord.web.app import create_app

__all__ = ["create_app"]

"""A small corpus for the web tests: the founding sample and three short articles, as JSONL lines."""

from __future__ import annotations

import json
from pathlib import Path

from onrecord.web.assets import sample_text

SHORT = [
    {
        "id": "wagner-statement",
        "outlet": "Daily Wire Service",
        "published": "2023-03-14",
        "title": "Wagner chief speaks on Bakhmut",
        "text": (
            "Wagner Group founder Yevgeny Prigozhin said on Tuesday that his fighters controlled the east of the city.\n\n"
            "\u201cThe situation is difficult, but we are moving forward,\u201d Prigozhin said in an audio message.\n\n"
            "A senior Ukrainian official, who asked not to be named because he was not authorized to speak publicly, "
            "said the claim was false.\n\n"
            "\u201cThey are exaggerating as usual,\u201d the official said."
        ),
    },
    {
        "id": "council-vote",
        "outlet": "Evening Ledger",
        "published": "2023-04-02",
        "title": "Council approves <script>alert('budget')</script> plan",
        "text": (
            "The city council approved the budget on Monday.\n\n"
            "\u201cThis plan keeps every library open,\u201d said Maria Lopez, the council president.\n\n"
            "Officials said the vote was unanimous, and a spokesperson said <script>alert('x')</script> was a typo."
        ),
    },
    {
        "id": "port-strike",
        "outlet": "Evening Ledger",
        "published": "2023-04-20",
        "title": "Port workers walk out",
        "text": (
            "Dock workers walked out at dawn, union leader Tom Baker said.\n\n"
            "\u201cWe have waited three years for a fair offer,\u201d Baker said.\n\n"
            "A person familiar with the talks said a deal was close."
        ),
    },
]


def write_corpus_inputs(folder: Path) -> Path:
    """The JSONL file the test corpus is ingested from."""
    lines = [{"id": "russians-fighting-for-ukraine", "outlet": "CNN", "published": "2023-02-20",
              "title": "The Russians fighting for Ukraine", "text": sample_text()}] + SHORT
    path = folder / "corpus.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path

"""Hand-built Article records for the store tests (no analysis, so the counts are known exactly).

A uniquely named module so that ``from store_records import`` is unambiguous.
Fields that another part of the record model may not have yet (speaker
``identity``, article ``caveats``) are added only when the model has them.
"""

from __future__ import annotations

from onrecord.records import Article, Speaker

HAS_IDENTITY = "identity" in Speaker.model_fields
HAS_CAVEATS = "caveats" in Article.model_fields
NO_IDENTITY = "Speaker.identity is not in the record model yet"
NO_CAVEATS = "Article.caveats is not in the record model yet"


def speaker(sid: str, name: str, kind: str = "person", identity: str | None = None,
            reason: str | None = None) -> dict:
    """``reason``: the category of the anonymity reason the article gives (its text is made up here)."""
    data = {"id": sid, "name": name, "kind": kind, "mentions": []}
    if HAS_IDENTITY and identity:
        data["identity"] = identity
    if reason:
        data["anonymity_reason"] = {"text": "for fear of reprisals", "spans": [[0, 2]], "category": reason}
    return data


def quote(qid: str, text: str, at: int, speaker_id: str | None) -> dict:
    return {"id": qid, "type": "direct", "content": {"text": text, "spans": [[at, at + len(text)]]},
            "speaker_id": speaker_id}


def non_response(nid: str, kind: str, speaker_id: str | None) -> dict:
    return {"id": nid, "kind": kind, "text": {"text": "declined", "spans": [[0, 2]]},
            "cue": {"text": "declined", "spans": [[0, 2]]}, "speaker_id": speaker_id}


def article(aid: str, outlet: str, published: str, quotes: list[dict], speakers: list[dict],
            n_caveats: int = 0, non_responses: list[dict] | None = None) -> Article:
    text = f"{aid} " + " ".join(q["content"]["text"] for q in quotes) + " " + "x" * 50
    data = {"id": aid, "url": f"https://{outlet.lower().replace(' ', '')}.example/{aid}", "site_name": outlet,
            "published": published, "source_format": "jsonl", "text": text, "quotes": quotes,
            "speakers": speakers}
    if HAS_CAVEATS and n_caveats:
        data["caveats"] = [{"id": f"c{i + 1}", "text": "could not be verified", "spans": [[0, 5]],
                            "kind": "unverified"} for i in range(n_caveats)]
    if non_responses:
        data["non_responses"] = non_responses
    return Article.model_validate(data)


def three_articles() -> list[Article]:
    """Two outlets. Hand counts, by outlet:

    Daily Planet: 2 articles, 5 quotes (2.5 per article); quotes by identity:
      named 3 (Prigozhin x2, Lois Lane), pseudonym 1 (Caesar), anonymous 1; caveats 3 (1.5 per article);
      top speaker Yevgeny Prigozhin (2: the same full name in a1 and a2 is one corpus speaker).
    Gotham Gazette: 1 article, 2 quotes; named 1 (Yevgény Prigozhin: the same name but for an accent, so
      the same corpus speaker), 1 quote with no speaker (unknown);
      caveats 0.
    Non-responses: Daily Planet 3 (declined 2, no-response 1), Gotham Gazette 0.
    """
    a1 = article("a1", "Daily Planet", "2023-05-01", [
        quote("q1", "We are leaving Bakhmut", 3, "s1"),
        quote("q2", "The city is calm", 30, "s2"),
        quote("q3", "I came to fight", 60, "s3"),
    ], [speaker("s1", "Yevgeny Prigozhin", identity="named"), speaker("s2", "Lois Lane", identity="named"),
        speaker("s3", "Caesar", identity="pseudonym", reason="safety")], n_caveats=2,
        non_responses=[non_response("n1", "declined", "s1"), non_response("n2", "no-response", None)])
    a2 = article("a2", "Daily Planet", "2023-06-10", [
        quote("q1", "The march is over", 3, "s1"),
        quote("q2", "Talks are under way", 30, "s2"),
    ], [speaker("s1", "Yevgeny Prigozhin", identity="named"),
        speaker("s2", "a senior official", kind="person", identity="anonymous", reason="not-authorized")],
        n_caveats=1,
        non_responses=[non_response("n1", "declined", "s2")])
    a3 = article("a3", "Gotham Gazette", "2023-07-01", [
        quote("q1", "Wagner will go on", 3, "s1"),
        quote("q2", "Nobody knows where he is", 30, None),
    ], [speaker("s1", "Yevgény Prigozhin", identity="named")])
    return [a1, a2, a3]


def more_articles():
    """Four more articles over odd dates and one without an outlet (made-up names and words)."""
    b1 = article("b1", "Harbour Herald", "2023-05-20T08:30:00", [
        quote("q1", "The ferry runs again", 3, "s1"),
        quote("q2", "Fares will not rise", 40, "s2"),
    ], [speaker("s1", "Mara Lindqvist", identity="named"),
        speaker("s2", "a port worker", identity="anonymous", reason="safety")],
        non_responses=[non_response("n1", "declined", "s1")])
    b2 = article("b2", "Harbour Herald", "2023-06", [
        quote("q1", "We were never told", 3, "s1"),
    ], [speaker("s1", "a dock manager", identity="anonymous")])
    b3 = article("b3", "Daily Planet", "2022", [
        quote("q1", "The budget is balanced", 3, "s1"),
    ], [speaker("s1", "Lois Lane", identity="named")], n_caveats=1)
    b4 = article("b4", "Valley Voice", None, [
        quote("q1", "Rain is coming", 3, "s1"),
        quote("q2", "Nobody checked", 30, None),
    ], [speaker("s1", "Mara Lindqvist", identity="named")])
    b4 = b4.model_copy(update={"site_name": None})
    return [b1, b2, b3, b4]

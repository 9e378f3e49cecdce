"""What the attribution passes buy: a pass skipped (``Options.without``, ``eval --without``) changes the output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import onrecord
from onrecord.attribution import passes
from onrecord.attribution.assemble import find_attributions
from onrecord.cli import main
from onrecord.model import model_available, tag
from onrecord.nlp import parse
from onrecord.options import Options
from onrecord.training.drafts import gather_attributions

LDQ, RDQ = "\u201c", "\u201d"
LSQ, RSQ = "\u2018", "\u2019"
QUOTE_IN_REPORT = (f"The coach promised to rebuild the team around what he called "
                   f"{LDQ}a hungrier and younger core of players.{RDQ}")


def _attributions(text: str, options: Options) -> list[tuple[str, str, str]]:
    return [(q.type, q.content.text, q.cue.text) for q in onrecord.analyze(text, options).quotes]


def test_without_quotes_inside_reports_the_quote_is_a_second_attribution():
    content = f"to rebuild the team around what he called {LDQ}a hungrier and younger core of players.{RDQ}"
    assert _attributions(QUOTE_IN_REPORT, Options()) == [("mixed", content, "promised")]
    skipped = _attributions(QUOTE_IN_REPORT, Options(without=frozenset({"quotes-inside-reports"})))
    assert skipped == [("indirect", content, "promised"),
                       ("direct", f"{LDQ}a hungrier and younger core of players.{RDQ}", "called")]


# Our own sentences, each where one pass decides the answer: (what the full run gives, what is left without it).
ONE_PASS = {
    "relative-pronoun-sources": (
        "The treasurer, who insisted that the accounts were in order, resigned on Friday.",
        [("indirect", "that the accounts were in order", "insisted", "who")],
        [("indirect", "that the accounts were in order", "insisted", "The treasurer")]),
    "headline-label": (
        "Senator Okafor: We Will Reopen the Mill\n\nThe vote came late on Tuesday.",
        [("indirect", "We Will Reopen the Mill", ":", "Senator Okafor")],
        []),
    "call-signs": (
        f"The medic, who is known as {LDQ}Kestrel,{RDQ} drove the truck through the night.",
        [],
        [("indirect", "Kestrel", "known", "who")]),
    "mixed-reports": (
        f"The chairman said the merger was {LDQ}a sensible step{RDQ} for the two firms.",
        [("mixed", f"the merger was {LDQ}a sensible step{RDQ} for the two firms", "said", "The chairman")],
        [("indirect", f"the merger was {LDQ}a sensible step{RDQ} for the two firms", "said", "The chairman")]),
    "passive-subjects": (
        "The ferry captain was told that the harbour would close at dusk.",
        [("indirect", "that the harbour would close at dusk", "told", None)],
        [("indirect", "that the harbour would close at dusk", "told", "The ferry captain")]),
    "headline-verbs": (
        f"Ferry Workers Slam Port Authority Over {LSQ}Reckless{RSQ} Timetable\n\nThe port said on Monday "
        "that it would review the plan.",
        [("mixed", f"Port Authority Over {LSQ}Reckless{RSQ} Timetable", "Slam", "Ferry Workers"),
         ("indirect", "that it would review the plan", "said", "The port")],
        [("indirect", "that it would review the plan", "said", "The port")]),
    "acts-not-speech": (
        "The magistrate sentenced the smuggler to six years, and the prosecutor said the term was fair.",
        [("indirect", "the term was fair", "said", "the prosecutor")],
        [("indirect", "the smuggler to six years", "sentenced", "The magistrate"),
         ("indirect", "the term was fair", "said", "the prosecutor")]),
    # (The sourcing stage also drops a request it finds whole, as in "said a deckhand who asked not
    # to be named"; here the parser runs the request on into "said", which only the pass catches.)
    "requests-about-names": (
        "A deckhand who asked not to be identified said the ferry would sail at noon.",
        [("indirect", "the ferry would sail at noon", "said", "A deckhand")],
        [("indirect", "not to be identified said", "asked", "who"),
         ("indirect", "the ferry would sail at noon", "said", "A deckhand")]),
}


# The subject of a passive of addressing is who was told; the subject that speaks in the passive's
# complement, and the subject of the active, are the source.
@pytest.mark.parametrize("text, source", [
    ("The ferry captain told the crew that the harbour would close at dusk.", "The ferry captain"),
    (f"{LDQ}We sail at dawn,{RDQ} the ferry captain was quoted as saying.", "the ferry captain"),
    ("The ferry captain is said to have told the crew that the harbour would close.", "The ferry captain"),
    ("The harbour master accused the captain of sailing without lights.", "The harbour master"),
    ("The harbour master warned of a storm on Friday.", "The harbour master"),
    ("The ferry captain was asked to explain the delay.", "The ferry captain"),
])
def test_the_subject_speaks_outside_a_passive_of_addressing(text, source):
    assert [q.source.text for q in onrecord.analyze(text).quotes if q.source] == [source]


def test_who_was_asked_to_act_is_not_the_source():
    # Passive of addressing with a complement that says nothing: the cabin crew and the cooks
    # were asked, by someone the sentence does not give (issue 27, item 5).
    [quote] = onrecord.analyze("All the deckhands, cooks, and cabin crew were asked to leave the ferry.").quotes
    assert quote.cue.text == "asked" and quote.source is None and quote.speaker_id is None


@pytest.mark.parametrize("headline", ["Harbour master accused of hiding storm warnings",
                                      "Ferry Boss Criticised For Cutting Night Crossings"])
def test_a_headline_passive_without_is_gives_no_source(headline):
    quotes = onrecord.analyze(headline + "\n\nThe ferry company said it would reply on Monday.").quotes
    assert [q.source.text for q in quotes if q.source] == ["The ferry company"]


# A request about the source's own name reports nothing; the same verbs asking for something else do.
@pytest.mark.parametrize("request_for_anonymity, twin, content", [
    ("A deckhand, who declined to be identified, said the ferry would sail at noon.",
     "A deckhand, who declined to join the strike, said the ferry would sail at noon.", "to join the strike"),
    ("The harbour master asked not to be quoted on the timetable.",
     "The harbour master asked the crew to check the timetable.", "the crew to check the timetable"),
])
def test_a_request_not_to_be_named_is_not_a_report(request_for_anonymity, twin, content):
    def reports(text: str) -> list[str]:
        return [q.content.text for q in onrecord.analyze(text).quotes if q.type != "direct"]

    assert not any("to be" in found for found in reports(request_for_anonymity))
    assert content in reports(twin)


@pytest.mark.parametrize("name", sorted(ONE_PASS))
def test_one_pass_skipped_changes_what_is_found(name):
    text, full, without = ONE_PASS[name]

    def found(options: Options) -> list[tuple]:
        return [(q.type, q.content.text, q.cue.text if q.cue else None, q.source.text if q.source else None)
                for q in onrecord.analyze(text, options).quotes]

    assert found(Options()) == full
    assert found(Options(without=frozenset({name}))) == without


def test_without_reported_speech_passes_only_the_quotations_are_left():
    text = f"The mayor said the bridge would reopen in May. {LDQ}We are nearly done,{RDQ} she added."
    full = _attributions(text, Options())
    assert ("indirect", "the bridge would reopen in May", "said") in full
    reported = {"reported-speech-rules", "learned-choice", "tagger-drafts"}
    assert _attributions(text, Options(without=frozenset(reported))) == [
        ("direct", f"{LDQ}We are nearly done,{RDQ}", "added")]


@pytest.mark.skipif(not model_available(), reason="needs the trained model")
def test_training_gathers_what_the_analysis_has_before_the_boundary_pass():
    doc = parse(QUOTE_IN_REPORT + " Fans, the owner said, will see a new side.", Options())
    tagging = tag(doc)
    later = passes.pass_names()[passes.pass_names().index("boundaries"):]
    gathered = gather_attributions(doc, Options(), tagging)
    found = find_attributions(doc, Options(without=frozenset(later)), tagging)
    assert gathered.drafts and sorted(gathered.drafts, key=lambda d: d.start) == found.drafts


def _gold_dir(root: Path) -> Path:
    """One article of our own in the PolNeAR layout: its gold is the mixed quote."""
    text = QUOTE_IN_REPORT
    content = f"to rebuild the team around what he called {LDQ}a hungrier and younger core of players.{RDQ}"
    at = {piece: (text.index(piece), text.index(piece) + len(piece)) for piece in (content, "The coach", "promised")}
    ann = (f"T1\tContent {at[content][0]} {at[content][1]}\t{content}\n"
           f"T2\tSource {at['The coach'][0]} {at['The coach'][1]}\tThe coach\n"
           f"T3\tCue {at['promised'][0]} {at['promised'][1]}\tpromised\n"
           "E1\tAttribution:T3 Content:T1 Source:T2\n")
    part = root / "part"
    (part / "text").mkdir(parents=True)
    (part / "attributions").mkdir()
    (part / "text" / "a.txt").write_text(text, encoding="utf-8", newline="")
    (part / "attributions" / "a.ann").write_text(ann, encoding="utf-8", newline="")
    return part


def test_eval_without_a_pass_scores_the_rest_against_the_full_run(tmp_path):
    gold = _gold_dir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["eval", str(gold), "--without", "quotes-inside-reports", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["without"]["passes"] == ["quotes-inside-reports"]
    # the quote is a second, wrong attribution without the pass: precision 1/2 against 1/1
    precision = next(d for d in payload["without"]["differences"]
                     if (d["figure"], d["measure"]) == ("attribution", "precision"))
    assert (precision["now"], precision["reference"]) == (0.5, 1.0)
    table = runner.invoke(main, ["eval", str(gold), "--without", "quotes-inside-reports"])
    assert table.exit_code == 0 and "against the full run (ref), paired over documents" in table.output

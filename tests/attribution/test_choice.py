"""Candidate attributions from the parse and the learned choice among them."""

from __future__ import annotations


import numpy as np
import pytest

from onrecord.training.drafts import direct_and_reported_rules
from onrecord.attribution.candidates import Evidence, candidate_features, candidate_vectors, find_candidates
from onrecord.attribution.choice import ChoiceModel, Scorer, choice_model, choose
from onrecord.nlp import parse
from onrecord.options import Options


def _parsed(text: str):
    return parse(text, Options())


def _candidate(doc, cue: str, relation: str):
    found = [c for c in find_candidates(doc) if c.cue.text == cue and c.relation == relation]
    assert len(found) == 1, [(c.cue.text, c.relation, doc[c.start : c.end].text) for c in find_candidates(doc)]
    return found[0]


@pytest.mark.parametrize(
    "text, cue, relation, content",
    [
        # a verb no lexicon lists, its object
        ("Economists have long debated the merits of a carbon tax.", "debated", "dobj",
         "the merits of a carbon tax"),
        # a noun cue with its preposition's object
        ("Editorial boards voiced disdain for the nominee.", "disdain", "prep-pobj", "the nominee"),
        # the clause around a reporting clause set into it, on its longer side
        ("The election, he said on Tuesday, was rigged from the start.", "said", "around-parataxis",
         "was rigged from the start"),
        # a clausal complement, without the full stop
        ("The minister announced that fuel taxes would be cut.", "announced", "ccomp",
         "that fuel taxes would be cut"),
        # the object and what is said of it, as one content
        ("The senator criticized Betty Shelby for shooting an unarmed man.", "criticized", "dobj+prep",
         "Betty Shelby for shooting an unarmed man"),
        # a complement the parser hung on the object as a relative clause, though "that" is its conjunction
        ("In Denver last month, she told a gathering of Western governors that few officials grasped the risks "
         "of drought better than farmers in their corner of the country.", "told", "ccomp",
         "that few officials grasped the risks of drought better than farmers in their corner of the country"),
    ],
)
def test_candidates_cover_phrases_the_rules_do_not(text, cue, relation, content):
    doc = _parsed(text)
    candidate = _candidate(doc, cue, relation)
    assert doc[candidate.start : candidate.end].text == content


@pytest.mark.parametrize("dash", ["-", "\u2014"])
def test_a_candidate_stops_at_a_dash_that_comments_on_its_quotation(dash):
    doc = _parsed(f'A rival likened the tax to "robbing the poor" {dash} a charge that might have stung.')
    candidate = _candidate(doc, "likened", "prep")
    assert doc[candidate.start : candidate.end].text == 'to "robbing the poor"'


def test_a_candidate_stays_in_its_sentence_and_never_holds_its_cue():
    doc = _parsed("Officials said the bridge would reopen. Engineers disagreed, citing cracks in the deck.")
    candidates = find_candidates(doc)
    assert {c.cue.text for c in candidates} >= {"said", "citing"}
    for candidate in candidates:
        assert candidate.cue.sent.start <= candidate.start < candidate.end <= candidate.cue.sent.end
        assert not candidate.start <= candidate.cue.i < candidate.end
        assert not doc[candidate.start].is_punct or doc[candidate.start].is_quote


def test_features_name_the_cue_the_relation_and_the_other_stages_view():
    doc = _parsed("The mayor announced that the bridge would close.")
    direct, rules = direct_and_reported_rules(doc)
    evidence = Evidence.gather(doc, [], rules, direct)
    features = candidate_features(doc, _candidate(doc, "announced", "ccomp"), evidence)
    assert {"L=announce", "D=ccomp", "LD=announce|ccomp", "F=that", "R=match"} <= set(features)


def _model(weights: dict[str, float], keep_rule_above: float = 0.0, boundary: Scorer | None = None) -> ChoiceModel:
    return ChoiceModel(Scorer(weights, bias=-5.0), boundary or Scorer({}, 0.0), threshold=0.5,
                       keep_rule_above=keep_rule_above)


def test_choice_makes_a_chosen_candidate_an_attribution_with_its_subject_as_source():
    doc = _parsed("Economists have long debated the merits of a carbon tax.")
    drafts = choose(doc, [], [], None, _model({"LD=debate|dobj": 10.0}))
    assert len(drafts) == 1
    text = doc.text
    assert [text[s:e] for s, e in drafts[0].content] == ["the merits of a carbon tax"]
    assert [text[s:e] for s, e in drafts[0].source] == ["Economists"]
    assert [text[s:e] for s, e in drafts[0].cue] == ["debated"]


def test_a_noun_of_saying_takes_its_possessor_as_source():
    doc = _parsed("Trump's claim that the election was rigged has been rejected by officials.")
    drafts = choose(doc, [], [], None, _model({"LD=claim|acl": 10.0}))
    assert len(drafts) == 1
    text = doc.text
    assert [text[s:e] for s, e in drafts[0].content] == ["that the election was rigged"]
    assert [text[s:e] for s, e in drafts[0].source] == ["Trump"]


def test_a_candidate_naming_no_one_is_marked_unsourced():
    # "questions about ..." names no one; "Critics said ..." does
    doc = _parsed("There are questions about what he might be concealing. Critics said he was hiding losses.")
    drafts = choose(doc, [], [], None, _model({"L=question": 7.0, "L=say": 6.0}))
    text = doc.text
    found = {text[d.cue[0][0]:d.cue[0][1]]: d for d in drafts}
    assert found["said"].flags == [] and [text[s:e] for s, e in found["said"].source] == ["Critics"]
    assert found["questions"].flags == ["unsourced"] and found["questions"].source == []


def test_a_candidate_naming_no_one_waits_for_those_that_name_someone():
    # "questions" scores higher, but "raised" names its critics and is taken first; they overlap
    doc = _parsed("Critics raised questions about what he might be concealing.")
    drafts = choose(doc, [], [], None, _model({"L=question": 9.0, "L=raise": 6.0}))
    text = doc.text
    assert [(text[d.cue[0][0]:d.cue[0][1]], [text[s:e] for s, e in d.content]) for d in drafts] == [
        ("raised", ["questions about what he might be concealing"])]


@pytest.mark.parametrize(
    "text, weights, content, source",
    [
        # a noun with no possessor: the subject of the verb it hangs from holds it
        ("He then pelted her with attacks on her record and agenda.", {"L=attack": 10.0, "D=prep": -20.0},
         "her record and agenda", "He"),
        ("Critics raised questions about what he might be concealing.", {"L=question": 9.0, "D=dobj": -20.0, "D=prep": -20.0},
         "what he might be concealing", "Critics"),
    ],
)
def test_a_cue_naming_no_one_takes_the_subject_of_its_clause(text, weights, content, source):
    doc = _parsed(text)
    drafts = choose(doc, [], [], None, _model(weights))
    assert [([text[s:e] for s, e in d.content], [text[s:e] for s, e in d.source], d.flags) for d in drafts] == [
        ([content], [source], [])]


def test_an_attribution_to_no_one_is_kept_and_says_so(analyze):
    """"There are questions about what he might be concealing": a report, but of no one in particular."""
    article = analyze("There are questions about what he might be concealing.")
    reports = [q for q in article.quotes if q.type != "direct"]
    assert reports and all(q.source is None and q.speaker_id is None and "unsourced" in q.flags for q in reports)


@pytest.mark.parametrize(
    "text, weight, content, source",
    [
        # a participle describing a noun: the noun holds the view
        ("New ads attacking Rubio aired in Florida on Monday.", "L=attack", "Rubio", "New ads"),
        # a copula's complement: the copula's subject
        ("Pence was critical of the deal.", "L=critical", "the deal", "Pence"),
        ("Marta Lind is a loyal supporter of Governor Tom Brandt.", "L=supporter", "Governor Tom Brandt", "Marta Lind"),
        # an adjective after its noun
        ("Many progressives, fearful that the party is compromised, stayed home.", "L=fearful",
         "that the party is compromised", "Many progressives"),
        # a noun's possessor, when the noun's content is its prepositional object
        ("His rulings on same-sex marriage drew protests.", "LD=ruling|prep-pobj", "same-sex marriage", "His"),
    ],
)
def test_a_cue_without_a_subject_takes_who_holds_it(text, weight, content, source):
    doc = _parsed(text)
    drafts = choose(doc, [], [], None, _model({weight: 10.0, "D=prep": -20.0}))
    assert [([text[s:e] for s, e in d.content], [text[s:e] for s, e in d.source]) for d in drafts] == [
        ([content], [source])]


@pytest.mark.parametrize(
    "text, pieces, source",
    [
        ("The newest launch, Iran said, was its longest yet.", ["The newest launch", "was its longest yet"], "Iran"),
        ("The election, he said, was rigged by the state.", ["The election", "was rigged by the state"], "he"),
    ],
)
def test_a_parenthetical_cue_reports_both_sides_of_itself(text, pieces, source):
    doc = _parsed(text)
    drafts = choose(doc, [], [], None, _model({"D=around-parataxis": 10.0}))
    assert [([text[s:e] for s, e in d.content], [text[s:e] for s, e in d.source]) for d in drafts] == [
        (pieces, [source])]


@pytest.mark.parametrize(
    "text, lemma, twin, twin_lemma, twin_source",
    [
        # a negated stance; not negated, it is his
        ("He does not regret his decision to join the foreign legion.", "regret",
         "He regrets his decision to join the foreign legion.", "regret", "He"),
        # a noun of doing, not of saying: his decision is not something he said, his claim is
        ("He does not regret his decision to join the foreign legion.", "decision",
         "He repeated his claim that the legion would win.", "claim", "his"),
        # "without" + cue; without "without", his
        ("Without acknowledging that the fighters did it, he moved on.", "acknowledge",
         "Acknowledging that the fighters did it, he moved on.", "acknowledge", "he"),
        # no subject: no one is reported; with one, they are
        ("Debated the merits of a carbon tax.", "debate", "Economists debated the merits of a carbon tax.", "debate",
         "Economists"),
    ],
)
def test_choice_never_reports_what_no_one_said(text, lemma, twin, twin_lemma, twin_source):
    twin_doc = _parsed(twin)
    reported = choose(twin_doc, [], [], None, _model({f"L={twin_lemma}": 20.0}))
    assert [[twin[s:e] for s, e in d.source] for d in reported] == [[twin_source]]
    doc = _parsed(text)
    drafts = choose(doc, [], [], None, _model({f"L={lemma}": 20.0}))
    # at most a draft naming no one, flagged so
    assert all(d.flags == ["unsourced"] and d.source == [] for d in drafts), [(d.flags, d.source) for d in drafts]
    if "not regret" in text:
        assert drafts == []  # under a negated verb not even that: "his decision" was not reported


@pytest.mark.parametrize(
    "text, lemma, content",
    [
        ("The ministry did not say whether the talks would resume.", "say", "whether the talks would resume"),
        ("Clinton did not mention Donald Trump by name.", "mention", "Donald Trump"),
    ],
)
def test_a_verb_of_saying_under_not_is_reported_and_flagged(text, lemma, content):
    doc = _parsed(text)
    (draft,) = choose(doc, [], [], None, _model({f"L={lemma}": 20.0}))
    assert [text[s:e] for s, e in draft.content] == [content]
    assert draft.flags == ["negated"]


def test_choice_keeps_the_rules_draft_for_the_same_attribution_and_drops_rules_it_rejects():
    doc = _parsed("The mayor announced that the bridge would close.")
    direct, rules = direct_and_reported_rules(doc)
    assert len(rules) == 1
    chosen = choose(doc, rules, direct, None, _model({"R=match": 10.0}))
    assert chosen == rules  # the very draft, with the rules' source and boundaries
    rejected = choose(doc, rules, direct, None, _model({"R=match": -10.0}, keep_rule_above=0.5))
    assert rejected == []


def test_a_rules_draft_is_not_a_second_attribution_of_a_chosen_cue():
    doc = _parsed("Critics have long described Mr. Obama as a climate evangelist.")
    direct, rules = direct_and_reported_rules(doc)
    text = doc.text
    chosen = choose(doc, rules, direct, None, _model({"D=dobj+prep": 10.0}))
    assert [[text[s:e] for s, e in d.content] for d in chosen] == [["Mr. Obama as a climate evangelist"]]


def test_candidate_vectors_hold_the_cue_the_content_mean_its_ends_the_speaker_and_the_word_before():
    doc = _parsed("The minister announced that fuel taxes would be cut.")
    vectors = np.arange(len(doc) * 2, dtype=np.float32).reshape(len(doc), 2)
    candidate = _candidate(doc, "announced", "ccomp")
    assert candidate.speaker.text == "minister"
    row = candidate_vectors([candidate], vectors)[0]
    content = vectors[candidate.start : candidate.end]
    assert row.tolist() == [*vectors[candidate.cue.i], *content.mean(axis=0), *content[0], *content[-1],
                            *vectors[candidate.speaker.i], *vectors[candidate.start - 1]]


def test_candidate_vectors_of_a_candidate_naming_no_one_are_zero_in_the_speakers_place():
    doc = _parsed("Concerns about the deficit grew.")
    vectors = np.ones((len(doc), 2), dtype=np.float32)
    speechless = [c for c in find_candidates(doc) if c.speaker is None]
    assert speechless
    row = candidate_vectors(speechless[:1], vectors)[0]
    assert row[8:10].tolist() == [0.0, 0.0]


def test_the_boundary_scorer_picks_among_a_cues_overlapping_candidates():
    doc = _parsed("Economists talked about the merits of a carbon tax.")
    text = doc.text
    reach = {"LD=talk|prep": 10.0, "LD=talk|prep-pobj": 10.0}
    narrow = choose(doc, [], [], None, _model(reach, boundary=Scorer({"D=prep-pobj": 5.0}, 0.0)))
    wide = choose(doc, [], [], None, _model(reach, boundary=Scorer({"D=prep": 5.0}, 0.0)))
    assert [text[s:e] for d in narrow for s, e in d.content] == ["the merits of a carbon tax"]
    assert [text[s:e] for d in wide for s, e in d.content] == ["about the merits of a carbon tax"]


def test_the_shipped_model_has_a_choice_and_it_finds_what_the_rules_miss(analyze):
    assert choice_model() is not None
    # No lexicon of the rules lists "debate": PolNeAR train taught the model it (the rules know "question").
    article = analyze("Economists have long debated the merits of a carbon tax. Critics questioned the cost.")
    assert [(q.content.text, q.source.text, q.cue.text) for q in article.quotes] == [
        ("the merits of a carbon tax", "Economists", "debated"), ("the cost", "Critics", "questioned"),
    ]


def test_a_verb_the_parse_gives_no_subject_takes_the_named_subject_of_the_clause_before():
    # "encourage" hangs from "accuse" as the parser reads it, with no subject on the way up
    doc = _parsed("Walsh went on the radio overnight to accuse the council\u2019s staff of being \u201cfooled\u201d by "
                  "\u201ca hoax\u201d and encourage residents to look into what he called the developer\u2019s "
                  "\u201csecret deal.\u201d")
    [draft] = choose(doc, [], [], None, _model({"LD=encourage|dobj+xcomp": 10.0}))
    text = doc.text
    assert ([text[s:e] for s, e in draft.source], [text[s:e] for s, e in draft.content]) == (
        ["Walsh"], ["residents to look into what he called the developer\u2019s \u201csecret deal"])

"""Direct quotes: marks, pieces, paragraphs, cues and sources, one test per pattern.

A direct quote's content is the quotation *with* its marks (PolNeAR's
convention: a direct quote's content opens with a quotation mark).
"""

from __future__ import annotations

import pytest

LDQ, RDQ, LSQ, RSQ = "\u201c", "\u201d", "\u2018", "\u2019"


# 1. Every kind of quotation mark news uses.
@pytest.mark.parametrize(
    "text, content, source, name",
    [
        (f"{LDQ}We will not retreat from Bakhmut,{RDQ} the commander said.",
         f"{LDQ}We will not retreat from Bakhmut,{RDQ}", "the commander", "commander"),
        ('"Inflation has peaked," the economist said.',
         '"Inflation has peaked,"', "the economist", "economist"),
        (f"{LSQ}We have done nothing wrong,{RSQ} the spokeswoman said.",
         f"{LSQ}We have done nothing wrong,{RSQ}", "the spokeswoman", "spokeswoman"),
        ("'The vote was rigged,' the candidate said.",
         "'The vote was rigged,'", "the candidate", "candidate"),
        ("\u00abWe will not give up\u00bb, the minister said.",
         "\u00abWe will not give up\u00bb", "the minister", "minister"),
        ("``The budget is balanced,'' the governor said.",
         "``The budget is balanced,''", "the governor", "governor"),
        ("''The budget is balanced,'' the governor said.",
         "''The budget is balanced,''", "the governor", "governor"),
    ],
    ids=["curly-double", "straight-double", "curly-single", "straight-single", "guillemets",
         "ptb-backticks", "two-apostrophes-as-double"],
)
def test_quotation_marks(only_quote, speaker, text, content, source, name):
    article, quote = only_quote(text)
    assert quote.type == "direct"
    assert quote.content.text == content
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.source is not None and quote.source.text == source
    assert (speaker(article, quote).name, speaker(article, quote).kind) == (name, "person")


# 2. A quote interrupted by its attribution is one quote with several content spans.
@pytest.mark.parametrize(
    "text, pieces, cue, source",
    [
        (f"{LDQ}We are ready,{RDQ} he said, {LDQ}but we need more ammunition.{RDQ}",
         [f"{LDQ}We are ready,{RDQ}", f"{LDQ}but we need more ammunition.{RDQ}"], "said", "he"),
        ('"The health issue is real," Caddell said, "and voters know it."',
         ['"The health issue is real,"', '"and voters know it."'], "said", "Caddell"),
        (f"{LDQ}The river is rising fast,{RDQ} the mayor warned on Sunday. "
         f"{LDQ}We are evacuating the lower town.{RDQ}",
         [f"{LDQ}The river is rising fast,{RDQ}", f"{LDQ}We are evacuating the lower town.{RDQ}"],
         "warned", "the mayor"),
        (f"{LDQ}This is a result of Putin{RSQ}s war,{RDQ} he says, angrily,\nas he paces through the wreck. "
         f"{LDQ}As a Christian, this is very offensive to me.{RDQ}",
         [f"{LDQ}This is a result of Putin{RSQ}s war,{RDQ}",
          f"{LDQ}As a Christian, this is very offensive to me.{RDQ}"], "says", "he"),
    ],
    ids=["he-said", "straight-marks", "second-sentence", "hard-wrapped-cue"],
)
def test_interrupted_quote_is_one_quote(only_quote, text, pieces, cue, source):
    article, quote = only_quote(text)
    assert len(quote.content.spans) == len(pieces)
    assert [text[s:e] for s, e in quote.content.spans] == pieces
    assert quote.content.text == " ".join(pieces)
    assert quote.cue.text == cue
    assert quote.source.text == source


# 3. A quote continued over paragraphs: the paragraph opens a quote and leaves
#    it open, the next paragraph opens again.
@pytest.mark.parametrize(
    "text, pieces, source, name",
    [
        pytest.param(
            "Yevgeny Prigozhin, the head of the Wagner group, spoke on Monday.\n\n"
            f"Prigozhin said: {LDQ}They know my character. They know I will fight until the end.\n\n"
            f"{LDQ}They told me to stay safe.{RDQ}",
            [f"{LDQ}They know my character. They know I will fight until the end.",
             f"{LDQ}They told me to stay safe.{RDQ}"],
            "Prigozhin", "Yevgeny Prigozhin", id="cue-before-first-paragraph"),
        pytest.param(
            f"{LDQ}The water came at night. We lost everything in an hour.\n\n"
            f"{LDQ}Nobody warned us,{RDQ} the farmer said.",
            [f"{LDQ}The water came at night. We lost everything in an hour.",
             f"{LDQ}Nobody warned us,{RDQ}"],
            "the farmer", "farmer",
            id="cue-after-last-paragraph"),
    ],
)
def test_quote_continued_over_paragraphs(only_quote, speaker, text, pieces, source, name):
    article, quote = only_quote(text)
    assert [text[s:e] for s, e in quote.content.spans] == pieces
    assert quote.source.text == source
    assert speaker(article, quote).name == name
    assert "unclosed" not in quote.flags
    assert not article.warnings


# 4. Hard line breaks inside a quotation do not end it.
@pytest.mark.parametrize(
    "text, content, name",
    [
        (f"{LDQ}From the first day of the war, my heart told me that I had to be\nhere to defend "
         f"the people of Ukraine,{RDQ} Caesar explains.",
         f"{LDQ}From the first day of the war, my heart told me that I had to be\nhere to defend "
         f"the people of Ukraine,{RDQ}", "Caesar"),
        (f"{LDQ}We stayed here,{RDQ} the farmer said, {LDQ}because\nthis is our land.{RDQ}",
         f"{LDQ}We stayed here,{RDQ} {LDQ}because\nthis is our land.{RDQ}", "farmer"),
        ('"The factory will close in March and\nevery worker will be\nlaid off," the union leader said.',
         '"The factory will close in March and\nevery worker will be\nlaid off,"', "union leader"),
    ],
)
def test_hard_line_breaks_inside_quote(only_quote, speaker, text, content, name):
    article, quote = only_quote(text)
    assert quote.type == "direct"
    assert quote.content.text == content
    assert speaker(article, quote).name == name
    assert not article.warnings


# 5. Apostrophes are not quotation marks.
@pytest.mark.parametrize(
    "text, content",
    [
        ("The union said employees' pay had not risen in five years.",
         "employees' pay had not risen in five years"),
        (f"The analyst said Putin{RSQ}s war has cost Russia dearly.",
         f"Putin{RSQ}s war has cost Russia dearly"),
        ("The coach said the players' morale was high after the win.",
         "the players' morale was high after the win"),
        ("The critic said rock 'n' roll never died.", "rock 'n' roll never died"),
    ],
)
def test_apostrophes_are_not_quotes_in_reported_speech(only_quote, text, content):
    article, quote = only_quote(text)
    assert quote.type == "indirect"
    assert quote.content.text == content
    assert not article.warnings


@pytest.mark.parametrize(
    "text, content",
    [
        ("'We're not done yet,' the coach said.", "'We're not done yet,'"),
        (f"{LSQ}It was the players{RSQ} fault,{RSQ} the manager said.",
         f"{LSQ}It was the players{RSQ} fault,{RSQ}"),
        (f"{LDQ}This is a result of Putin{RSQ}s war,{RDQ} the priest said.",
         f"{LDQ}This is a result of Putin{RSQ}s war,{RDQ}"),
    ],
)
def test_apostrophes_inside_direct_quotes(only_quote, text, content):
    article, quote = only_quote(text)
    assert quote.type == "direct"
    assert quote.content.text == content
    assert quote.cue.text == "said"


# 6. One unbalanced mark spoils at most its own paragraph.
@pytest.mark.parametrize(
    "text, later_content, later_source",
    [
        (f"She called the plan {LDQ}absurd.\n\nLater, the minister said: {LDQ}The plan stays.{RDQ}",
         f"{LDQ}The plan stays.{RDQ}", "the minister"),
        ('The sign on the door read "closed for repairs.\n\nThe owner said: "We will reopen in June."',
         '"We will reopen in June."', "The owner"),
        (f"The ceasefire began at dawn{RDQ} on Friday.\n\n{LDQ}The guns are silent,{RDQ} a medic said.",
         f"{LDQ}The guns are silent,{RDQ}", "a medic"),
    ],
    ids=["lost-closer", "lost-straight-closer", "stray-closer"],
)
def test_unbalanced_mark_spoils_only_its_paragraph(analyze, text, later_content, later_source):
    article = analyze(text)
    later = [q for q in article.quotes if q.content.text == later_content]
    assert len(later) == 1, [q.content.text for q in article.quotes]
    assert later[0].source.text == later_source
    assert later[0].cue.text == "said"
    assert any(w.code == "unbalanced-quote" for w in article.warnings)


# 7. Cue before the quote, ending in a colon.
@pytest.mark.parametrize(
    "text, content, cue, source",
    [
        (f"Prigozhin said: {LDQ}Nuzhin betrayed his people. He deserved what happened.{RDQ}",
         f"{LDQ}Nuzhin betrayed his people. He deserved what happened.{RDQ}", "said", "Prigozhin"),
        (f"The senator said: {LDQ}This bill will not pass the Senate.{RDQ}",
         f"{LDQ}This bill will not pass the Senate.{RDQ}", "said", "The senator"),
        (f"Zelensky told reporters: {LDQ}We need more air defence.{RDQ}",
         f"{LDQ}We need more air defence.{RDQ}", "told", "Zelensky"),
        (f"He added: {LDQ}We are not going anywhere.{RDQ}",
         f"{LDQ}We are not going anywhere.{RDQ}", "added", "He"),
        ('The pollster spoke on Fox.\n\nPat Caddell added:\n\n"The health issue is real and voters know it."',
         '"The health issue is real and voters know it."', "added", "Pat Caddell"),
        pytest.param(
            'Caddell continued:\n\n"The health issue is real and voters know it."',
            '"The health issue is real and voters know it."', "continued", "Caddell",
            id="continued-colon-previous-paragraph"),
    ],
)
def test_cue_before_quote_with_colon(only_quote, text, content, cue, source):
    article, quote = only_quote(text)
    assert quote.type == "direct"
    assert quote.content.text == content
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.source.text == source


# 8. Cue after the quote, in inverted order.
@pytest.mark.parametrize(
    "text, content, source, name",
    [
        (f"{LDQ}The polls are wrong,{RDQ} said the pollster.", f"{LDQ}The polls are wrong,{RDQ}",
         "the pollster", "pollster"),
        (f"{LDQ}We did everything we could,{RDQ} said Angela Merkel.",
         f"{LDQ}We did everything we could,{RDQ}", "Angela Merkel", "Angela Merkel"),
        (f"{LDQ}The polls are wrong,{RDQ} said Caddell.", f"{LDQ}The polls are wrong,{RDQ}",
         "Caddell", "Caddell"),
    ],
)
def test_cue_after_inverted(only_quote, speaker, text, content, source, name):
    article, quote = only_quote(text)
    assert quote.content.text == content
    assert quote.cue.text == "said"
    assert quote.cue.start > quote.content.end
    assert quote.source.text == source
    assert speaker(article, quote).name == name


# 9. A long apposition between the source and the cue.
@pytest.mark.parametrize(
    "text, content, cue, source",
    [
        (f"{LDQ}This is a plain grab for power by the state capital,{RDQ} Dana Holt, "
         "the Democratic attorney general of Maine, said.",
         f"{LDQ}This is a plain grab for power by the state capital,{RDQ}", "said", "Dana Holt"),
        (f"{LDQ}The jobs are not coming back,{RDQ} Mary Barra, the chief executive of General Motors, said.",
         f"{LDQ}The jobs are not coming back,{RDQ}", "said", "Mary Barra"),
        # The apposition's relative clause has a verb of saying of its own; the speaker's verb is "said".
        (f"{LDQ}The dust is worse out in the villages than in town,{RDQ} Rosa Lind, a Lyon teacher who "
         "posted about the storm, said.",
         f"{LDQ}The dust is worse out in the villages than in town,{RDQ}", "said", "Rosa Lind"),
    ],
)
def test_long_apposition_source(only_quote, speaker, text, content, cue, source):
    article, quote = only_quote(text)
    assert quote.content.text == content
    assert quote.cue.text == cue
    assert quote.source.text == source
    assert (speaker(article, quote).name, speaker(article, quote).kind) == (source, "person")


# 10. Vox-pop: the quote, a dash, the name.
@pytest.mark.parametrize(
    "text, content, dash, name",
    [
        (f"{LDQ}Mr. Trump embodies everything that is wrong with our politics.{RDQ} \u2015 Sonya Herridge",
         f"{LDQ}Mr. Trump embodies everything that is wrong with our politics.{RDQ}", "\u2015", "Sonya Herridge"),
        (f"{LDQ}I voted for change.{RDQ} \u2014 Linda Morales", f"{LDQ}I voted for change.{RDQ}",
         "\u2014", "Linda Morales"),
    ],
)
def test_vox_pop_dash(only_quote, speaker, text, content, dash, name):
    article, quote = only_quote(text)
    assert quote.content.text == content
    assert quote.cue.text == dash
    assert quote.source.text == name
    assert (speaker(article, quote).name, speaker(article, quote).kind) == (name, "person")
    # Mr. Trump is quoted about, not quoting.
    assert [s.name for s in article.speakers] == [name]


# A quotation with no cue of its own continues the quote before it, unless
# someone else is reported in between or its own sentence reports it.
def test_later_cue_takes_the_next_quotation(analyze):
    text = ('"I will not read from a prepared text," Prime Minister Elena Costa said after the meeting. '
            'The talks achieved "very little," the Danish minister added on Twitter. '
            '"Without new rules for the banks, the union risks a great deal."')
    article = analyze(text)
    by_content = {q.content.text: q for q in article.quotes if q.type == "direct"}
    costa = by_content['"I will not read from a prepared text,"']
    later = by_content['"Without new rules for the banks, the union risks a great deal."']
    assert costa.source.text == "Prime Minister Elena Costa"
    assert (later.cue.text, later.source.text) == ("added", "the Danish minister")


def test_same_speaker_adding_keeps_the_quote_whole(only_quote):
    text = (f"{LDQ}They understand what is going on,{RDQ} he says, adding that his relatives were not angry. "
            f"{LDQ}They know my character.{RDQ}")
    article, quote = only_quote(text, "direct")
    assert len(quote.content.spans) == 2 and quote.source.text == "he"


def test_quotation_inside_reported_speech_is_not_the_previous_quote(analyze):
    text = (f"{LDQ}This simply isn{RSQ}t fair,{RDQ} Moran said. {LDQ}You pushed your staff past the "
            f"limit{RDQ} to lift the share price, she said.")
    article = analyze(text)
    direct = [q for q in article.quotes if q.type == "direct"]
    assert [q.content.text for q in direct] == [f"{LDQ}This simply isn{RSQ}t fair,{RDQ}"]
    assert any(q.type == "mixed" and "You pushed" in q.content.text for q in article.quotes)


@pytest.mark.parametrize(
    "text, quote, source",
    [
        # a cue in a clause of time after the quote is not the speaker's
        (f"The clip closes with footage of Baker saying at the forum, {LDQ}That makes me thrifty,{RDQ} "
         "when Reyes attacked him for skipping his rent.", f"{LDQ}That makes me thrifty,{RDQ}", "Baker"),
        # the person shown saying it, not the ad showing them
        (f"The video shows footage of Maria Chen asking, {LDQ}Why aren{RSQ}t we winning by more?{RDQ}",
         f"{LDQ}Why aren{RSQ}t we winning by more?{RDQ}", "Maria Chen"),
        # a clause under a preposition: the subject of the verb the preposition hangs from
        (f"Lopez reads to the senator before asking her, {LDQ}Tell me, what happens to all of us next?{RDQ}",
         f"{LDQ}Tell me, what happens to all of us next?{RDQ}", "Lopez"),
        # a colon ending the line before yields to the quote's own cue
        (f"The crowd{RSQ}s mood is described at length:\n\n{LDQ}Here comes the boss,{RDQ} she said.",
         f"{LDQ}Here comes the boss,{RDQ}", "she"),
        # a cue that introduces the next quotation is not the previous one's
        ('I had to take it back: "Of course I believe in ghosts." To which she said, '
         '"Good, at least you still believe in something."',
         '"Good, at least you still believe in something."', "she"),
        # the parser hangs the participle on the quotation's verb: the speaker is the clause's before it
        (f"Harris seemed to be ready to joke about the mishap in Ohio, telling the crowd, {LDQ}Some folks get "
         f"a bit excited, have you seen that?{RDQ}",
         f"{LDQ}Some folks get a bit excited, have you seen that?{RDQ}", "Harris"),
        # ... or makes the quotation's "said" a reporter the participle goes on from
        (f"Dalton didn{RSQ}t seem very moved by Ruiz{RSQ} remarks Monday, telling reporters, "
         f"{LDQ}Plenty of people said the mayor should resign.{RDQ}",
         f"{LDQ}Plenty of people said the mayor should resign.{RDQ}", "Dalton"),
        # ... or on a verb inside an earlier quotation of the sentence
        ("Mr. Baker barely cleared things up, taking her jab first as praise -- ''That makes me "
         "thrifty'' -- and, when asked after the forum, insisting, ''Of course, I pay my rent.''",
         "''Of course, I pay my rent.''", "Mr. Baker"),
        # the quoted words run on into a few of the writer's, then a comma and the speaker
        (f"{LDQ}The only way the banks will change is if their bosses go to prison{RDQ} for their "
         "fraud, she said.",
         f"{LDQ}The only way the banks will change is if their bosses go to prison{RDQ}", "she"),
        # ... verbs and all, when the cue after their comma is inverted (not the speaker before, continued)
        (f"{LDQ}Nurses are tired of being ignored,{RDQ} said Joan Pike.\n\n{LDQ}For ordinary nurses, "
         f"she{RSQ}s saying many of the right things{RDQ} about staffing levels and fair pay, "
         "said Ana Ruiz, director of the union.",
         f"{LDQ}For ordinary nurses, she{RSQ}s saying many of the right things{RDQ}", "Ana Ruiz"),
        # a participle coordinated with another that goes on from the clause: the clause's subject
        ('Outside the stadium, about 300 fans gathered in two groups, holding home-made banners and '
         'chanting "Sack the coach."', '"Sack the coach."', "about 300 fans"),
        # ... nor a subject of an aside between dashes
        ("Small groups of students kept calling for answers about the arrest of their classmate Mark "
         "Ellis, circling the blocks around City Hall - where the council was meeting the mayor and her "
         "staff - while chanting, \"Let him go, let him go.\"",
         "\"Let him go, let him go.\"", "Small groups"),
    ],
    ids=["when-clause", "footage-of", "before-asking", "colon-line-before", "cue-of-the-next-quote",
         "participle-hung-inside", "reporter-inside", "subject-in-earlier-quotation", "words-run-on-to-cue",
         "run-on-to-inverted-cue", "conjoined-participle", "aside-between-dashes"],
)
def test_speaker_of_a_participle_or_a_clause_cue(analyze, text, quote, source):
    article = analyze(text)
    found = [q for q in article.quotes if q.type == "direct" and q.content.text == quote]
    assert len(found) == 1, [(q.type, q.content.text) for q in article.quotes]
    assert found[0].source is not None and found[0].source.text == source


@pytest.mark.parametrize(
    "text, content, kind",
    [
        # the words between the verb and the quotation are part of what was said
        (f"Reyes said the recount {LDQ}would be a terrible way to lose.{RDQ}",
         f"the recount {LDQ}would be a terrible way to lose.{RDQ}", "mixed"),
        (f"Protesters chanted {LDQ}What curfew?{RDQ}", f"{LDQ}What curfew?{RDQ}", "direct"),
        # the quotation completes the clause a reporting verb governs: the clause is the content
        (f"The commission said Friday that {LDQ}there were issues regarding the audio.{RDQ}",
         f"that {LDQ}there were issues regarding the audio.{RDQ}", "mixed"),
    ],
)
def test_quote_right_after_its_verb_takes_the_words_between(only_quote, text, content, kind):
    article, quote = only_quote(text)
    assert (quote.content.text, quote.type) == (content, kind)


def test_a_comma_after_that_does_not_end_the_clause_a_quotation_completes(only_quote):
    text = (f"Spokesman Paul Grady said via email that, {LDQ}Of course Ms. Reyes is going to respond{RDQ} "
            "to what the campaign sees as a planned smear.")
    _, quote = only_quote(text)
    assert (quote.type, quote.content.text) == (
        "mixed", f"that, {LDQ}Of course Ms. Reyes is going to respond{RDQ} to what the campaign sees "
        "as a planned smear")


def test_a_verb_inside_someone_elses_report_does_not_take_the_words_between(analyze):
    text = f"Ann Reyes said anybody who blames the referee {LDQ}is not having a good day.{RDQ}"
    article = analyze(text)
    assert [(q.content.text, q.source.text, q.type) for q in article.quotes] == [
        (f"anybody who blames the referee {LDQ}is not having a good day.{RDQ}", "Ann Reyes", "mixed")]


@pytest.mark.parametrize(
    "text, content, source",
    [
        (f"She says it shows that Baker is {LDQ}plainly unfit to run the city.{RDQ}",
         f"it shows that Baker is {LDQ}plainly unfit to run the city.{RDQ}", "She"),
        (f"Grady said he expects the party {LDQ}to keep pointing out cases of unfairness.{RDQ}",
         f"he expects the party {LDQ}to keep pointing out cases of unfairness.{RDQ}", "Grady"),
        # a short quoted phrase right after the inner verb
        (f"He said that he would send {LDQ}a warm note{RDQ} to the eventual winner of the race.",
         f"that he would send {LDQ}a warm note{RDQ} to the eventual winner of the race", "He"),
    ],
)
def test_a_quotation_inside_a_report_inside_a_report_is_the_outer_reporters(analyze, text, content, source):
    # The quoted words are hers, not "it"'s: the clause the outer verb of saying reports is the content.
    assert [(q.content.text, q.source.text, q.type) for q in analyze(text).quotes] == [(content, source, "mixed")]


def test_a_participle_that_only_hangs_from_a_verb_of_saying_takes_the_words_between(only_quote):
    # "saying" hangs from "mocked" (advcl), it is not inside what "mocked" reports
    text = (f"Rival Ann Reyes had mocked the complaint, saying anybody who grumbles about the referee "
            f"{LDQ}is not having a good day.{RDQ}")
    _, quote = only_quote(text)
    assert (quote.type, quote.content.text, quote.source.text) == (
        "mixed", f"anybody who grumbles about the referee {LDQ}is not having a good day.{RDQ}", "Rival Ann Reyes")


def test_the_taggers_source_inside_a_quote_is_not_lent_to_it():
    # '"I have not heard anyone cite that figure. Who told you that?"': the tagger may read
    # "Who told" as the source and cue of the first sentence; they are the quote's own words.
    from onrecord.attribution.sources import _lend_source
    from onrecord.attribution.draft import Draft

    quote = Draft("direct", [(0, 62)], flags=["no-cue"])
    tagged = Draft("indirect", [(1, 42)], cue=[(47, 51)], source=[(43, 46)], source_head=9, cue_head=10)
    _lend_source(tagged, [quote])
    assert quote.source == [] and quote.cue == []
    # the same spans outside the quote are lent
    outside = Draft("direct", [(0, 42)], flags=["no-cue"])
    _lend_source(tagged, [outside])
    assert outside.source == [(43, 46)] and outside.cue == [(47, 51)]


def test_a_speaker_described_by_a_relative_clause_before_the_cue(analyze):
    # The parser gives "told" no subject; without the cue, the quote opening its paragraph
    # would be taken as the previous quote's continuation.
    text = (f"{LDQ}Every count carries up to ten years behind bars.{RDQ}\n\n"
            f"{LDQ}The officers on the case are under huge strain and are working flat out,{RDQ} a police "
            "source, who was not "
            "allowed to speak publicly, told the paper.")
    [quote] = [q for q in analyze(text).quotes if "officers" in q.content.text]
    assert (quote.cue.text, quote.source.text) == ("told", "a police source")
    assert "continued" not in quote.flags


def test_twin_a_relative_clause_verb_before_its_quotation_is_its_cue(only_quote, speaker):
    # Only a relative clause after the quotation describes the speaker; one before it reports it.
    article, quote = only_quote(f"The council heard from a teacher who said, {LDQ}The dust is worse out in the "
                                f"villages.{RDQ}")
    assert (quote.cue.text, quote.source.text) == ("said", "who")
    assert speaker(article, quote).name == "a teacher"


def test_an_infinitive_after_a_closed_quotation_is_not_its_cue(analyze):
    # "Unable to find a car": no one finds in the quotation's name, and "a car" is no speaker.
    article = analyze(f"Lina Haddad, 30, fled with her parents. {LDQ}I was scared that a shell would land near "
                      f"our flat,{RDQ} she said. {LDQ}We had no water left.{RDQ} Unable to find a car, Haddad "
                      "and her parents walked south.")
    quote = next(q for q in article.quotes if "no water" in q.content.text)
    assert quote.cue is None or quote.cue.text != "find"
    assert quote.speaker_id is not None and article.speaker(quote.speaker_id).name == "Lina Haddad"


def test_twin_an_inverted_finite_verb_after_the_quotation_is_its_cue(only_quote):
    article, quote = only_quote(f"{LDQ}We had no water left,{RDQ} says Lina Haddad, who fled with her parents.")
    assert (quote.cue.text, quote.source.text) == ("says", "Lina Haddad")


def test_of_two_subjects_the_parser_gives_a_cue_the_nearest_speaks(only_quote):
    # The parser also takes "OH" of "Berea, OH" for a subject of "said".
    text = ("Monday at Kent State University in Kent, OH, after winning Ohio in the state's Democratic "
            "primary, Sen. Mary Dolan (D-OH), said, \u201cI\u2019m getting ready to buy a bigger "
            "bus.\u201d")
    article, quote = only_quote(text)
    assert quote.cue.text == "said"
    assert quote.source.text.endswith("Mary Dolan")


def test_no_attribution_names_a_source_among_its_own_words(analyze):
    # "in my view" inside the quotation is the speaker's phrase, not a second attribution to "my"
    text = '"Housing matters but in my view, it\'s the schools," says Dana Pruitt, 41, of Elmira.'
    article = analyze(text)
    assert [q.source.text for q in article.quotes if q.type == "direct"] == ["Dana Pruitt"]
    for quote in article.quotes:
        if quote.source is not None:
            inside = [s for s in quote.content.spans for t in quote.source.spans if s[0] <= t[0] < s[1]]
            assert not inside, (quote.content.text, quote.source.text)


# A colon ends a clause that introduces the quotation, whatever its verb, when no verb of saying is its cue.
@pytest.mark.parametrize(
    "text, quote, source",
    [
        ('He got so angry, and started shouting so loudly, that I had to take it back: "Of course I '
         'believe in ghosts. I was only joking."', '"Of course I believe in ghosts. I was only joking."', "I"),
        ('With party leaders ever more worried about turnout, Governor Hale is trying out a new and more '
         'personal stump line: "Think of me."', '"Think of me."', "Governor Hale"),
        # not a verb inside a relative clause: the change it said Reyes would bring
        (f"The letter also mentioned the change it said Reyes would bring to nurses on the wards: "
         f"{LDQ}Alongside our gains, her work has opened the way.{RDQ}",
         f"{LDQ}Alongside our gains, her work has opened the way.{RDQ}", "The letter"),
        # the text's first word belongs to its first paragraph too
        ('Hale is trying out a new and more personal stump line: "Think of me."',
         '"Think of me."', "Hale"),
    ],
    ids=["verb-of-the-clause", "root-far-from-the-colon", "not-in-a-relative-clause", "first-word-of-the-text"],
)
def test_the_clause_a_colon_ends_introduces_the_quotation(analyze, text, quote, source):
    found = [q for q in analyze(text).quotes if q.type == "direct" and q.content.text == quote]
    assert len(found) == 1 and found[0].source is not None and found[0].source.text == source


# The name of a work, or a subheading on its own line, is not something anyone said.
@pytest.mark.parametrize(
    "text, title, twin, said",
    [
        ("In her 2010 book, ''Raise a Thrifty Child,'' Ms. Laine suggested cutting the phone bill.",
         "Raise a Thrifty Child", "In her 2010 book, ''Every dollar counts,'' Ms. Laine wrote.", "Every dollar counts"),
        ('In an interview on NBC\'s "Meet the Voters," Senate leader Ann Brody said the floods demand '
         'that every town plan ahead.', "Meet the Voters",
         'In an interview on NBC, "Every town must plan ahead," Senate leader Ann Brody said.', "Every town must"),
        (f"Watch the full trailer for Okafor{RSQ}s new film, {LDQ}Tide,{RDQ} below.", "Tide",
         f"{LDQ}Tide,{RDQ} Okafor said of her new film.", "Tide"),
        ("\"It's going to be enormously disruptive worldwide,\" he said.\n\n'All Bets Are Off.'\n\n"
         "Eight years ago, the president said he would act.", "All Bets Are Off",
         "\"It's going to be enormously disruptive worldwide,\" he said.\n\n'All bets are off,' he added.\n\n"
         "Eight years ago, the president said he would act.", "All bets are off"),
        (f"On Friday{RSQ}s episode of {LDQ}The Dan Price Radio Hour,{RDQ} the former governor said "
         f"she wanted to speak plainly to young voters.", "Dan Price",
         f"On Friday{RSQ}s show, {LDQ}I want to speak plainly to young voters,{RDQ} the former governor said.",
         "speak plainly"),
    ],
    ids=["book", "programme-of-a-network", "short-name", "subheading", "episode-of"],
)
def test_a_title_is_not_a_quote(analyze, text, title, twin, said):
    # the same quotation said, not a name, is a quote
    assert [q for q in analyze(twin).quotes if said in q.content.text and q.source is not None]
    assert not [q for q in analyze(text).quotes if title in q.content.text]


@pytest.mark.parametrize(
    "text, content",
    [
        # PolNeAR counts a titled piece's title as its words
        ('Last year she wrote a piece in The Weekly Post, entitled, "Why Fixing Roads Matters More Than '
         'Building Stadiums." The mayor was angry.', '"Why Fixing Roads Matters More Than Building Stadiums."'),
        # speech in title case after a cue is still speech
        ('"Make America Great Again," Trump said.', '"Make America Great Again,"'),
        # on a line of its own, but said: a cry, not a heading
        ("Clinton asked the crowd.\n\n\"Yes We Can!\"\n\nThe crowd roared.", '"Yes We Can!"'),
    ],
    ids=["titled", "after-a-cue", "exclaimed"],
)

def test_title_case_speech_stays_a_quote(analyze, text, content):
    assert [q for q in analyze(text).quotes if q.content.text == content]


def test_a_title_after_on_is_a_programme():
    # On dev this title was taken as the opening of Sanders's quotation two sentences later.
    from onrecord.attribution.direct import _is_title
    from onrecord.attribution.quotes import find_quotations

    text = ('On "Meet the Voters," Sen. Ann Brody described young voters\' weariness with division. '
            '"The younger people are fed up with hate and with name-calling."')
    titles = [text[q.content_start : q.content_end] for q in find_quotations(text).quotations if _is_title(text, q)]
    assert titles == ["Meet the Voters,"]


def test_a_quotation_opening_a_paragraph_goes_on_from_the_report_just_before(analyze):
    # The last quotation is Reed's, but the paragraph before reports Holt: the uncued quotation
    # that follows is hers.
    article = analyze(
        f"{LDQ}We have no beds left,{RDQ} Dr. Sam Reed said.\n\n"
        "Supplies are now so short that clinics ration thread, said Dr. Mia Holt, who runs the Lakeside "
        "Clinic. Any small clinic, she said, would need more every day.\n\n"
        f"{LDQ}It is not enough for a single day.{RDQ}")
    quote = next(q for q in article.quotes if "single day" in q.content.text)
    assert quote.source.text == "she" and "continued" in quote.flags
    assert article.speaker(quote.speaker_id).name == "Mia Holt"


def test_twin_a_quotation_opening_a_paragraph_after_narration_goes_on_from_the_last_quote(analyze):
    article = analyze(
        f"{LDQ}We have no beds left,{RDQ} Dr. Sam Reed said.\n\n"
        "Supplies are now so short that clinics ration thread.\n\n"
        f"{LDQ}It is not enough for a single day.{RDQ}")
    quote = next(q for q in article.quotes if "single day" in q.content.text)
    assert article.speaker(quote.speaker_id).name == "Sam Reed"

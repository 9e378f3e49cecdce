"""Who a reporting verb reports (its subject, found through the parse's usual detours), and
whether it reports anything at all (``did not say``).

``..., adding that ...`` takes the subject of the verb it hangs from, ``a
designer who had worked for Trump, saying ...`` the relative pronoun's
antecedent, ``footage of Hillary Clinton asking, “...”`` the person shown.
Direct quotes, reported speech and the learned choice all ask this module.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from onrecord.attribution.draft import DASHES
from onrecord import lexicons
from onrecord.spans import token_offsets

_SUBJECTS = ("nsubj", "nsubjpass")
RELATIVE_PRONOUNS = lexicons.words("relative_pronouns")
_CLIMB = 3  # subject_of looks at the verb and up to two clauses above it (three: dev the same)


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it hangs from (``..., adding that``)."""
    shown = _shown_saying(verb)
    if shown is not None:
        return shown
    agent = passive_agent(verb)
    if agent is not None:
        return agent
    controller = _object_controlling(verb)
    if controller is not None:
        return controller
    if _made_clear(verb):
        return subject_of(verb.head)
    reporter = _reporter_coordinated(verb)
    if reporter is not None:
        return reporter
    candidate = verb
    for _ in range(_CLIMB):
        subjects = _subjects(candidate)
        if subjects:
            # Two subjects are a misparse: "Tuesday at ... in Berea, OH, ..., Gov. John Kasich (R-OH),
            # said": the one nearest before the verb, not the place.
            before = [c for c in subjects if c.i < candidate.i]
            child = _past_dateline(before[-1] if before else subjects[0])
            if child.lower_ in RELATIVE_PRONOUNS and candidate.dep_ == "relcl":
                # "a designer who had worked for Trump, saying ...": who -> the designer
                return _author_of(candidate.head) or candidate.head
            return child
        if candidate.dep_ not in ("conj", "advcl", "xcomp", "pcomp"):
            return None
        # "Blige sings to Clinton before asking her, ...": the clause of the preposition's verb
        candidate = candidate.head.head if candidate.dep_ == "pcomp" and candidate.head.dep_ == "prep" else candidate.head
    return None


def subject_before(verb: Token, allowed: Callable[[Token], bool]) -> Token | None:
    """The subject of the nearest clause before ``verb`` in its sentence that has one before it
    (and that ``allowed`` lets speak: not a word of a quotation).

    For a participle the parser hung on the wrong verb: "Weaver didn't seem impressed,
    telling reporters, ..." is Weaver's telling, whatever "telling" hangs from.
    """
    for token in reversed(verb.doc[verb.sent.start : verb.i]):
        subjects = [c for c in _subjects(token) if c.i < verb.i and allowed(c)]
        if subjects and token.dep_ != "relcl":
            return subjects[-1]
    return None


def reporter_going_on(verb: Token) -> Token | None:
    """The reporter of the clause a participle hangs from, when the participle goes on from it.

    "Sen. David Perdue said he didn't believe those characterizations did Romney in,
    arguing that it was divisions ...": ``arguing`` hangs from ``believe``, the
    reported clause, but it is Perdue who argues, not "he"; likewise "Foreign policy
    analysts said geopolitical factors have contributed ..., citing ...". None when
    the participle does not go on from a clause reported by a verb with a subject.
    """
    clause = verb.head
    if verb.tag_ != "VBG" or verb.dep_ != "advcl" or clause.dep_ != "ccomp":
        return None
    reporter = clause.head
    # "Weaver didn't seem impressed, telling reporters, “A lot of people said ...”": the parser made
    # the quotation's "said" the reporter; a reporter speaks before what it reports goes on.
    if reporter.i > verb.i or not reporter.tag_.startswith("VB") or reporter.lemma_.lower() not in lexicons.words("cue_verbs"):
        return None
    return next(iter(_subjects(reporter)), None)


def holder_of(cue: Token, relation: str) -> Token | None:
    """Who holds a cue that has no subject of its own: the noun a participle describes ("ads
    attacking Rubio", "placards supporting Sanders"), the subject of a copula ("Pence was
    critical of ...", "Hughes is a fervent supporter of Trump"), the noun an adjective follows
    ("progressives, fearful that the party is compromised, ..."), or the possessor of a noun whose
    content is its prepositional object ("his rulings on same-sex marriage"; not "his decision to
    join the legion", a thing done, which the founding sample has).

    For the choice's own drafts and, refitted, its features. Measured with the choice
    unchanged: train attribution 12463 -> 12556 (140 more attributions, 93 right), dev 1372 ->
    1375 (6 more).
    """
    if cue.dep_ == "acl" and cue.tag_ == "VBG" and cue.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return cue.head
    if cue.dep_ in ("acomp", "attr") and cue.head.pos_ in ("AUX", "VERB"):
        return next(iter(_subjects(cue.head)), None)
    if cue.dep_ == "amod" and cue.pos_ == "ADJ" and cue.head.i < cue.i:
        return cue.head
    if cue.pos_ == "NOUN" and relation.startswith("prep"):
        return next((c for c in cue.children if c.dep_ == "poss"), None)
    return None


def reported_speaker(cue: Token, relation: str) -> Token | None:
    """Whom a candidate attribution of ``cue`` names as source (``relation``: how its content hangs
    from the cue): the cue's subject, else a noun of saying's possessor, else who holds the cue.
    The choice's features and its drafts both ask this, so that what it learnt is what it names."""
    return subject_of(cue) or speaker_of_noun(cue) or holder_of(cue, relation)


def speaker_of_noun(cue: Token) -> Token | None:
    """The possessor of a noun that reports speech: "Trump's claim that ...", "his attacks on ...".

    Only nouns of saying (``lexicons/speech_nouns.txt``): "his decision to join the legion" is
    something he did. Measured with the choice unchanged: on train 53 more attributions, 42 of them
    right (attribution F1 0.672 -> 0.673); on dev 5 more, 4 right.
    """
    if cue.pos_ != "NOUN" or cue.lemma_.lower() not in lexicons.words("speech_nouns"):
        return None
    return next((c for c in cue.children if c.dep_ == "poss"), None)


def passive_agent(verb: Token) -> Token | None:
    """Who does a passive verb: "When pressed by Holt about how he would bring jobs back",
    "The discussions are supported by an unusual coalition": Holt and the coalition, not
    the subject, which is what was pressed or supported.

    Measured with the choice unchanged: dev attribution 1401 -> 1403, train 12791 -> 12807.
    """
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return None if agent is None else next((c for c in agent.children if c.dep_ == "pobj"), None)


def passive_of_saying(verb: Token) -> bool:
    """A verb of addressing (lexicon ``addressed_verbs``) in the passive, whose subject is who was
    spoken to or about: "was told", "were accused". Not "is said to have told", "is expected to
    announce", "was asked to speak" (the subject speaks in the complement), nor "he's told" (a
    contracted "has" the parser reads as a passive auxiliary). "Were asked to leave" is addressed:
    the subject does not speak in "leave", so it is who was asked, not who asked."""
    children = list(verb.children)
    return (verb.lemma_.lower() in lexicons.words("addressed_verbs")
            and any(c.dep_ == "nsubjpass" for c in children)
            and any(c.dep_ == "auxpass" and c.lower_ not in ("'s", "\u2019s") for c in children)
            and not any((c.dep_ == "xcomp" and _speaks(c)) or (c.dep_ == "prep" and c.lower_ == "as")
                        for c in children))


def _speaks(verb: Token) -> bool:
    """A verb of saying: "was asked to explain", "is said to have told"."""
    lemma = verb.lemma_.lower()
    return lemma in lexicons.words("cue_verbs") or lemma in lexicons.words("quote_verbs")


def reduced_passive(verb: Token) -> bool:
    """A passive without "is", as headlines write it: "Senator accused of timing retirement", "Mayor
    criticised for closing the library" (lexicon ``object_required_verbs``: verbs never without an
    object in the active), the verb straight before its preposition and without an object. Its
    subject, or the noun it hangs from, is who was accused."""
    children = list(verb.children)
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return (verb.lemma_.lower() in lexicons.words("object_required_verbs")
            and not any(c.dep_ in ("dobj", "dative", "ccomp", "xcomp", "aux", "auxpass") for c in children)
            and following is not None and following.dep_ == "prep" and following.head.i == verb.i)


def _reporter_coordinated(verb: Token) -> Token | None:
    """The reporter of a clause whose verb, with no subject of its own, the parser coordinated
    inside the reported clause: "Rendell said he'd battled three bouts of pneumonia and called it
    a common ailment" is Rendell's calling, though "called" hangs from "battled"; likewise "Trump
    tweeted that Machado was “disgusting” and encouraged Americans to ...". PolNeAR reads it so.

    Measured with the choice unchanged: dev attribution 1403 -> 1408, train 12807 -> 12850.
    """
    if verb.dep_ != "conj" or _subjects(verb):
        return None
    clause = verb.head
    reporter = clause.head
    if clause.dep_ != "ccomp" or reporter.i > clause.i or reporter.lemma_.lower() not in lexicons.words("cue_verbs"):
        return None
    subjects = [c for c in _subjects(reporter) if c.i < reporter.i]
    return subjects[-1] if subjects else None


# Verbs whose object does what the participle after it says: "left many E.U. nations feeling
# that ...", "kept voters guessing", "heard him saying"; not "spent the day saying".
_OBJECT_CONTROL = lexicons.words("object_control_verbs")


def _object_controlling(verb: Token) -> Token | None:
    """The object of the verb that ``verb`` completes, when that object does the saying.

    "The dissolution of the Soviet Union left many E.U. nations feeling that they faced no
    obvious military threat": the nations feel, not the dissolution. "The senator asked the
    banker to explain why no executives were fired": the banker is to explain (an infinitive
    after an object is the object's, but for "promise"). Measured with the choice unchanged:
    dev attribution +2, train +5.
    """
    head = verb.head
    if verb.dep_ != "xcomp":
        return None
    participle = verb.tag_ == "VBG" and head.lemma_.lower() in _OBJECT_CONTROL
    infinitive = verb.tag_ == "VB" and head.lemma_.lower() != "promise"
    if not (participle or infinitive):
        return None
    return object_before(head, verb)


def object_before(verb: Token, complement: Token) -> Token | None:
    """The direct object between ``verb`` and its ``complement``: "asked [the banker] to explain"."""
    return next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < complement.i), None)


# Verbs that put out what an outlet's words are in: "released a letter that says ...".
_PUT_OUT = lexicons.words("put_out_verbs")


def _author_of(thing: Token) -> Token | None:
    """Who put out the thing a relative clause reports: "He released a letter from his doctor
    that says he has “extraordinarily good health”": he, not the letter (PolNeAR reads it so:
    dev attribution +1, train +6)."""
    verb = thing.head
    if thing.dep_ != "dobj" or verb.lemma_.lower() not in _PUT_OUT:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON", "NOUN")), None)


def _made_clear(word: Token) -> bool:
    """``Biden made it clear Friday that the White House isn't planning to ...``: "it" only holds
    the place of the clause; who makes it clear is the speaker. Train attribution +4, dev the same."""
    return (word.dep_ in ("ccomp", "oprd", "xcomp") and word.head.lemma_.lower() == "make"
            and any(c.lower_ == "it" for c in word.children if c.dep_ in _SUBJECTS))


def _past_dateline(subject: Token) -> Token:
    """The speaker the parser hung on a dateline it took for the subject: "WASHINGTON -- President
    Obama, dedicating the museum on Saturday, said ...": Obama (an apposition of WASHINGTON).
    Dev attribution +1, train the same (datelines open 67 of PolNeAR's articles)."""
    doc = subject.doc
    if not (subject.text.isupper() and len(subject.text) > 1 and subject.i + 1 < len(doc)
            and doc[subject.i + 1].text in DASHES):
        return subject
    return next((c for c in subject.children if c.dep_ == "appos" and c.i > subject.i), subject)


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects, not "... made public ― Trump boasted", a dash the parser took for one."""
    return [c for c in verb.children if c.dep_ in _SUBJECTS and any(ch.isalnum() for ch in c.text)]


def _shown_saying(verb: Token) -> Token | None:
    """``footage of Hillary Clinton asking, “...”``: the person shown, not the ad showing them."""
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    before = noun_head(verb.doc[verb.i - 1])
    if before.pos_ == "PROPN" and before.dep_ == "pobj" and before.head.lower_ == "of":
        return before
    return None


def noun_before(tokens: list[Token]) -> Token | None:
    """The last noun before the verb, skipping a parenthesis: ``Rep. Elijah E. Cummings (D-Md.) said``."""
    depth = 0
    for token in reversed(tokens):
        if token.text == ")":
            depth += 1
        elif token.text == "(":
            depth -= 1
        elif depth == 0 and token.pos_ in ("PROPN", "NOUN", "PRON"):
            return token
        elif depth == 0 and not token.is_punct:
            return None
    return None


def noun_head(token: Token) -> Token:
    while token.dep_ == "compound" and token.head.i > token.i:
        token = token.head
    return token


def subject_offsets(subject: Token) -> tuple[int, int]:
    """The subject phrase without relative clauses or appositions that run on."""
    tokens = [t for t in subject.subtree if not t.is_punct and not t.is_space]
    # Keep the contiguous block around the head: “the soldier, whose name..., goes”
    left = subject.i
    right = subject.i
    ids = {t.i for t in tokens}
    while left - 1 in ids and subject.doc[left - 1].dep_ not in ("relcl", "appos"):
        left -= 1
    # ... nor a possessor's "'s": "Trump's claim that ..." names Trump, nor the relative pronoun
    # that opens a clause on it: "Officials who spoke on condition of anonymity said" names Officials
    while (right + 1 in ids and subject.doc[right + 1].dep_ not in ("relcl", "appos", "prep", "acl", "case")
           and not _opens_relative_clause(subject.doc[right + 1])):
        right += 1
    return token_offsets(subject.doc[left : right + 1])


def _opens_relative_clause(token: Token) -> bool:
    return token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl"


def negated(verb: Token) -> bool:
    """``did not say``, ``not`` on the verb it hangs from, ``without acknowledging``: nothing is reported."""
    return (
        any(c.dep_ == "neg" for c in verb.children)
        or any(c.dep_ == "neg" for c in verb.head.children if verb.dep_ == "xcomp")
        or (verb.dep_ == "pcomp" and verb.head.lower_ == "without")
    )


def silence_reported(verb: Token) -> bool:
    """``did not say whether ...``, ``has not commented on ...``: a verb of saying under ``not``.

    What the outlet says someone did not say is reported, flagged 'negated': PolNeAR counts it
    (both annotators, where one paragraph was annotated twice), and a reader weighing a story
    wants to know who "did not respond to requests for comment". Not "without acknowledging
    that ...", which tells what the writer left unsaid, nor a negated stance ("He does not regret
    his decision to join the legion"), nor what the sourcing stage reads: a fact left unchecked
    ("Police have not confirmed the identity of the victim", a caveat) or a name withheld ("whose
    full name the newspaper is not disclosing", an anonymity reason).
    """
    if not negated(verb) or (verb.dep_ == "pcomp" and verb.head.lower_ == "without"):
        return False
    lemma = verb.lemma_.lower()
    return (lemma in lexicons.words("cue_verbs") and lemma not in lexicons.words("verification_verbs")
            and lemma not in lexicons.words("disclosure_verbs"))

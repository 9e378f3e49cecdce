"""Corpus speakers: the same person across articles becomes one ``corpus_speakers`` row.

Conservative by design: a wrong merge puts words in someone's mouth, a missed
one only splits a count. The rule (issue 27, item 6):

1. Across articles, speakers merge only when they have the same full name and
   the same kind (person or organization). Names are compared normalised:
   case, whitespace, punctuation (``Al-Sayed`` = ``Al Sayed``, ``O'Brien`` =
   ``OBrien``) and diacritics (``José`` = ``Jose``) do not count, nor do a
   person's leading titles (``Sen. Ana Ruiz`` = ``Ana Ruiz``, from
   ``lexicons/corpus_name_titles.txt``) or an organisation's leading "the".
2. Two different full names never merge: ``Ana Ruiz`` and ``Ana M. Ruiz``
   stay two corpus speakers, as do ``Joe Biden`` and ``Hunter Biden``.
3. A bare surname (a person's name of one word, ``Ruiz``) links only inside
   its own article, where the analysis already tied it to the full name when
   the article gives one; across articles it is its own corpus speaker.
4. Pseudonyms merge by name within one outlet only, never across outlets.
5. Anonymous speakers, groups, speakers of unknown kind and speakers without a
   name are never merged: each is its own corpus speaker.

Because each speaker's corpus speaker follows from its own row, the merge is
incremental: ``merge_speakers`` links only the speakers not linked yet and
recomputes only the corpus speakers they join, in SQL inside DuckDB
(``onrecord.store.speaker_merge``); ``rebuild=True`` recomputes everything,
for when the rule changes. ``corpus_speakers.names`` lists every name merged
into a corpus speaker (``speakers`` shows the others as ``also_named``).
"""

from __future__ import annotations

from onrecord.store.db import Store
from onrecord.store.speaker_merge import link_speakers
from onrecord.store.trigrams import fill_signatures


def merge_speakers(store: Store, rebuild: bool = False) -> int:
    """Link new speakers to corpus speakers (every speaker when ``rebuild``); return the number of corpus speakers.

    One transaction; the result is the same whichever order articles came in. Quotes without their search
    signature (a corpus made before it, rows written in SQL) get it in a second one (``trigrams.fill_signatures``).
    """
    with store.coded_errors():
        total = link_speakers(store, rebuild=rebuild)
        store.con.begin()
        try:
            fill_signatures(store)
            store.con.commit()
        except BaseException:
            store.rollback()
            raise
        return total

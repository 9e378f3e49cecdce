"""The quotation-mark scanner, one parametrized test per requirement of the issue."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from onrecord.attribution.quotes import Quotation, QuotationScan, find_quotations

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "examples" / "russians-fighting-for-ukraine.txt"
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
MARKS = "\"'`\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a"


def contents(text: str) -> list[str]:
    return [text[q.content_start:q.content_end] for q in find_quotations(text).quotations]


def check_offsets(text: str, scan: QuotationScan) -> None:
    """Every quotation indexes the text as given: marks where it says, content inside."""
    for q in scan.quotations:
        assert q.start <= q.content_start <= q.content_end <= q.end <= len(text)
        if q.opened:
            assert text[q.start] in MARKS
        if q.closed:
            assert text[q.end - 1] in MARKS


# 1. Every mark news uses.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("\u201cWe will win,\u201d he said.", ["We will win,"]),
        ('"We will win," he said.', ["We will win,"]),
        ("\u2018We will win,\u2019 he said.", ["We will win,"]),
        ("'We will win,' he said.", ["We will win,"]),
        ("\u00abNous allons gagner\u00bb, a-t-il dit.", ["Nous allons gagner"]),
        ("\u00ab Nous allons gagner \u00bb, a-t-il dit.", [" Nous allons gagner "]),
        ("\u00bbWir werden gewinnen\u00ab, sagte er.", ["Wir werden gewinnen"]),
        ("\u2039Oui\u203a, dit-il.", ["Oui"]),
        ("\u201eWir werden gewinnen\u201c, sagte er.", ["Wir werden gewinnen"]),
        ("``We will win,'' he said.", ["We will win,"]),
        ('He said:"No more talks." Then he left.', ["No more talks."]),
        ('"We will win,\u201d he said, mixing styles.', ["We will win,"]),
        ("Officials called it (\u201cnonsense\u201d) on Monday.", ["nonsense"]),
        ('The senator \u2014"a friend"\u2014 agreed.', ["a friend"]),
    ],
)
def test_all_quotation_marks(text, expected):
    assert contents(text) == expected
    check_offsets(text, find_quotations(text))


# 2. Apostrophes are not quotation marks.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("\u2018The Joneses\u2019 house is big,\u2019 she said.", ["The Joneses\u2019 house is big,"]),
        ("'It was the players' fault,' he said.", ["It was the players' fault,"]),
        ("\u2018Ask the players\u2019 he said.", ["Ask the players"]),
        ("'We loved the '90s,' he said.", ["We loved the '90s,"]),
        ("\u201cThis is Putin\u2019s war,\u201d he says.", ["This is Putin\u2019s war,"]),
        ("Employees' pay rose, and 'fairness' was the word.", ["fairness"]),
    ],
)
def test_apostrophes_are_not_quotes(text, expected):
    assert contents(text) == expected


@pytest.mark.parametrize(
    "text, twin, quoted",
    [
        ("The union fought for employees' pay all year.", "The union fought for 'fair pay' all year.", "fair pay"),
        ("This is Putin\u2019s war, the soldier said.", "\u2018This is Putin\u2019s war,\u2019 the soldier said.",
         "This is Putin\u2019s war,"),
        ("I don't know, the mayor said.", "'I don't know,' the mayor said.", "I don't know,"),
        ("It was a hit in the \u201990s and the '80s.", "It was a 'hit' in the \u201990s and the '80s.", "hit"),
        ("He loved rock 'n' roll and rock \u2019n\u2019 roll.", "He loved 'rock' and rock \u2019n\u2019 roll.", "rock"),
        ("They met at the Joneses\u2019 house and the Smiths' barn.",
         "They met at the Joneses\u2019 \u2018summer house\u2019 and the Smiths' barn.", "summer house"),
        ("He was goin\u2019 home when 'em boys arrived.",
         "\u2018He was goin\u2019 home,\u2019 she said, when 'em boys arrived.", "He was goin\u2019 home,"),
        ("The guard is 6'2\" tall and carries a 12\" knife.", 'The guard is 6\'2" tall and says "hello" to all.', "hello"),
    ],
)
def test_apostrophes_alone_are_no_quotation(text, twin, quoted):
    # the same sentence with real quotation marks among its apostrophes: those alone are read
    assert contents(twin) == [quoted]
    assert contents(text) == []


# 3. A quote interrupted by its attribution is two quotations.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("\u201cIt was a very difficult process,\u201d he says. \u201cIt took me months.\u201d",
         ["It was a very difficult process,", "It took me months."]),
        ('"Yes, I kill my countrymen," he explains, "but they have become criminals."',
         ["Yes, I kill my countrymen,", "but they have become criminals."]),
        ("'We will fight,' the minister said, 'and we will win.'", ["We will fight,", "and we will win."]),
    ],
)
def test_interrupted_quote(text, expected):
    scan = find_quotations(text)
    assert contents(text) == expected
    assert all(q.closed and q.opened and q.continues is None for q in scan.quotations)


# 4. Multi-paragraph quotes: open, unclosed, the next paragraph opens again.
@pytest.mark.parametrize(
    "text, shape",
    [
        ("\u201cThey know my character, I will act until the end.\n\n\u201cThey told me to stay safe.\u201d",
         [(False, None), (True, 0)]),
        ('"First paragraph of the speech.\n\n"Second paragraph.\n\n"Third and last," she said.',
         [(False, None), (False, 0), (True, 1)]),
        ("\u2018We will fight on the beaches.\n\n\u2018We shall never surrender,\u2019 he said.",
         [(False, None), (True, 0)]),
        ("He said: \u201cNuzhin is a\n\nThis kind of example is why \u201cVinnie\u201d is certain.",
         [(False, None), (True, None)]),
        ("\u201cIt went well,\u201d he said.\n\n\u201cVery well.\u201d", [(True, None), (True, None)]),
        # a passage quoted in plain marks, then the writer's own quote in curly ones: not its continuation
        ('"Melanie thought the whole thing was outrageous.\n\n\u201cIt never crossed my mind,\u201d she said.',
         [(False, None), (True, None)]),
    ],
)
def test_multi_paragraph(text, shape):
    scan = find_quotations(text)
    assert [(q.closed, q.continues) for q in scan.quotations] == shape
    continued = {q.continues for q in scan.quotations} - {None}
    unclosed_ends = [q for i, q in enumerate(scan.quotations) if not q.closed and i not in continued]
    assert len(scan.warnings) == len(unclosed_ends)  # a continued paragraph is not damage


# 5. A single line break inside a quote does not end it.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("\u201cThis is a result of Putin\u2019s war,\u201d he says, angrily,\nas he paces through the wreck. "
         "\u201cAs a Christian, this is very offensive to me.\u201d",
         ["This is a result of Putin\u2019s war,", "As a Christian, this is very offensive to me."]),
        ("\u201cAfter the (Russian)\nmobilization (in September), Putin threw all his forces\n"
         "at Bakhmut,\u201d Caesar says.",
         ["After the (Russian)\nmobilization (in September), Putin threw all his forces\nat Bakhmut,"]),
        ('"One line\r\nand the next," he said.', ["One line\r\nand the next,"]),
    ],
)
def test_hard_line_breaks(text, expected):
    assert contents(text) == expected
    assert not find_quotations(text).warnings


# 6. Damage spoils at most its own paragraph.
@pytest.mark.parametrize(
    "text, expected, warnings",
    [
        # The scraper lost the opening mark: the paragraph starts inside the quote.
        ("came to Ukraine at the beginning of February to visit my relatives. I stayed\n"
         "here and war started,\u201d Silent says.\n\n\u201cI was just outside Kyiv,\u201d Silent says.",
         [(False, True, "came to Ukraine"), (True, True, "I was just outside Kyiv,")], 1),
        ("here and war started,\" Silent says. \"Dead bodies,\" he adds.",
         [(False, True, "here and war started,"), (True, True, "Dead bodies,")], 1),
        # An unclosed quote runs to its paragraph end, and no further.
        ("Prigozhin said: \u201cNuzhin betrayed his people. Nuzhin is a\n\n"
         "This kind of example is why Vinnie is certain.\n\n\u201cIt will be the end,\u201d he says.",
         [(True, False, "Nuzhin betrayed his people. Nuzhin is a"), (True, True, "It will be the end,")], 1),
        # A stray closing mark after a complete quote is ignored with a warning.
        ("\u201cYes,\u201d he said, and left.\u201d\n\n\u201cNo,\u201d she said.",
         [(True, True, "Yes,"), (True, True, "No,")], 1),
        # The first quote lost its closing mark before the next one opens.
        ("\u201cWe will win, he said. \u201cYes.\u201d\n\n\u201cNo,\u201d she said.",
         [(True, False, "We will win, he said."), (True, True, "Yes."), (True, True, "No,")], 1),
    ],
)
def test_damage_is_contained(text, expected, warnings):
    scan = find_quotations(text)
    got = [(q.opened, q.closed, text[q.content_start:q.content_end]) for q in scan.quotations]
    assert [(o, c, s[:len(e)]) for (o, c, s), (_, _, e) in zip(got, expected)] == expected
    assert len(got) == len(expected)
    assert len(scan.warnings) == warnings
    assert all(w.code == "unbalanced-quote" and w.spans and w.message for w in scan.warnings)
    for w in scan.warnings:
        start, end = w.spans[0]
        assert text[start:end] in MARKS
    check_offsets(text, scan)


def test_lost_opening_starts_at_paragraph_start():
    text = "Intro paragraph.\n\n  came to Ukraine to visit. I stayed\nhere and war started,\u201d Silent says."
    (q,) = find_quotations(text).quotations
    assert (q.start, q.content_start) == (text.index("came"), text.index("came"))
    assert q.end == text.index("\u201d") + 1 and not q.opened and q.paragraph == 1


# 7. Nested quotes belong to the outer quote.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("\u201cHe told me \u2018never again\u2019 and left,\u201d she said.", ["He told me \u2018never again\u2019 and left,"]),
        ("\u2018He told me \u201cnever again\u201d and left,\u2019 she said.", ["He told me \u201cnever again\u201d and left,"]),
        ("\"He told me 'never again' and left,\" she said.", ["He told me 'never again' and left,"]),
        ("'He told me \"never again\" and left,' she said.", ["He told me \"never again\" and left,"]),
        ("\u201cI\u2019d sooner stay in what she calls \u201cthe pit\u201d than move,\u201d she wrote.",
         ["I\u2019d sooner stay in what she calls \u201cthe pit\u201d than move,"]),
        ("\"He read the question: \u201cAre you sure?\u201d Most said yes.\" he said.",
         ["He read the question: \u201cAre you sure?\u201d Most said yes."]),
        ("\u201cThey called it \u2018La Raza lawyers\u2019 and I don\u2019t know why,\u201d he said.",
         ["They called it \u2018La Raza lawyers\u2019 and I don\u2019t know why,"]),
    ],
)
def test_nested_quotes(text, expected):
    assert contents(text) == expected
    assert not find_quotations(text).warnings


# 8. Linear time, no catastrophic backtracking.
@pytest.mark.parametrize(
    "text",
    [
        "word " * 200_000,  # a 1 MB paragraph without punctuation
        "\u201cA,\u201d he said. " * 700 + '"b" ' * 3000,  # 10,000 marks
        "\u201c" * 10_000 + " x",
        "x " + "\u201d" * 10_000,
        '"' * 10_000,
        "'a " * 10_000 + "b'",
        "\u201ca \u201cb\u201d " * 5_000,
        "\n" + " " * 1_000_000,
        "\n \n" * 300_000,
        "." * 1_000_000 + '"',
    ],
    ids=["1MB-no-punct", "10k-marks", "10k-openers", "10k-closers", "10k-straight", "10k-singles",
         "10k-nested", "1MB-space", "blank-lines", "1MB-punct"],
)
def test_linear_time(text):
    # a quotation in a paragraph after the flood is still found, and in time
    text += "\n\n\u201cDone,\u201d he said."
    started = time.perf_counter()
    scan = find_quotations(text)
    assert time.perf_counter() - started < 0.5
    assert scan.quotations and text[scan.quotations[-1].content_start : scan.quotations[-1].content_end] == "Done,"


# 9. Empty quotes and lone marks are not quotations.
@pytest.mark.parametrize(
    "text, twin, quoted",
    [
        ('He said "" and left.', 'He said "no" and left.', "no"),
        ("\u201c\u201d", "\u201cGo\u201d", "Go"),
        ('"', '"Go"', "Go"),
        ("\u201c", "\u201cGo\u201d", "Go"),
        ("\u201d", "\u201cGo\u201d", "Go"),
        ("''", "'Go'", "Go"),
        ("He wrote \u201c \u201d nothing.", "He wrote \u201cok\u201d nothing.", "ok"),
        ("\u201c\u2026\u201d he said.", "\u201cWait\u2026\u201d he said.", "Wait\u2026"),
        ("The marks \u00ab \u00bb alone.", "The marks \u00aboui\u00bb alone.", "oui"),
        ("", '"Go"', "Go"),
        ("   \n\n  ", '   \n\n  "Go"', "Go"),
    ],
)
def test_empty_and_lone_marks(text, twin, quoted):
    # the same marks around words are a quotation; empty or alone they are none
    assert contents(twin) == [quoted]
    assert find_quotations(text).quotations == []


def test_offsets_are_into_the_text_as_given():
    text = "\ufeff\u00a0\u201cCaf\u00e9\u00a0au lait,\u201d\u2009he said.\r\n\r\n\u201cNo.\u201d"
    scan = find_quotations(text)
    assert [text[q.start:q.end] for q in scan.quotations] == ["\u201cCaf\u00e9\u00a0au lait,\u201d", "\u201cNo.\u201d"]
    assert [q.paragraph for q in scan.quotations] == [0, 1]
    assert isinstance(scan.quotations[0], Quotation)


# The real article: every quotation, checked by eye.
SAMPLE_QUOTES = [  # (content starts, content ends, opened, closed, continues)
    ("Caesar", "Caesar", True, True, None),
    ("Caesar.", "Caesar.", True, True, None),
    ("This is a result of\xa0Putin\u2019s war,", "Putin\u2019s war,", True, True, None),
    ("As a Christian, this is very offensive t", "nsive to me.", True, True, None),
    ("Caesar.", "Caesar.", True, True, None),
    ("From the first day of the war, my heart,", " of Ukraine,", True, True, None),
    ("We are now fighting in the Bakhmut\ndirec", "f the front.", True, True, None),
    ("After the (Russian)\nmobilization (in Sep", "nsive fight,", True, True, None),
    ("The fighting is very brutal now,", " brutal now,", True, True, None),
    ("It was a very difficult process,", "ult process,", True, True, None),
    ("It took me\nseveral months to finally joi", " of Ukraine.", True, True, None),
    ("Yes, I kill my countrymen, but they have", "e\ncriminals,", True, True, None),
    ("They came to a foreign land to rob and k", "n and women.", True, True, None),
    ("I have to confront this,", "nfront this,", True, True, None),
    ("tyrannical regime", "nical regime", True, True, None),
    ("I am fighting a noble fight and I am doi", "nian people,", True, True, None),
    ("And\nwhen Ukraine is free, I will carry m", "rom tyranny.", True, True, None),
    ("came to Ukraine at the beginning of Febr", "war started,", False, True, None),
    ("I was just outside Kyiv,\nnot far from th", "ey had done,", True, True, None),
    ("Dead\nbodies, children, women, executions", "upside down.", True, True, None),
    ("I decided to stay here until the end and", "\nthe legion.", True, True, None),
    ("It\u2019s weird that that could happen \u2013 espe", "ussian\narmy,", True, True, None),
    ("special military operation", "ry operation", True, True, None),
    ("They understand what is going on: Russia", "ded\nUkraine,", True, True, None),
    ("They\nknow my character, that if I have m", "til the end.", True, False, None),
    ("They told me to stay safe.", "o stay safe.", True, True, 24),
    ("Vinnie,", "Vinnie,", True, True, None),
    ("My family is not here with me right now,", "e right now,", True, True, None),
    ("My children, my wife,\nwho I love very mu", " whole life,", True, True, None),
    ("If I show my face \u2026 I worry about them, ", "rotect them,", True, True, None),
    ("Nuzhin betrayed his\npeople, betrayed his", " Nuzhin is a", True, False, None),
    ("There won\u2019t be an exchange for sure. It ", "e end,\n100%,", True, True, None),
    ("It will just be more painful.", "ore painful.", True, True, None),
    ("I am defending the country, I am defendi", " themselves,", True, True, None),
    ("My conscience is\nabsolutely clear.", "utely clear.", True, True, None),
    ("I will stay here while my heart will bea", "end Ukraine,", True, True, None),
    ("And when we have defended Ukraine I will", " liberate my", True, False, None),
]


def test_sample_article_every_quotation():
    text = SAMPLE.read_text(encoding="utf-8")
    scan = find_quotations(text)
    got = []
    for q in scan.quotations:
        content = text[q.content_start:q.content_end]
        got.append((content[:40], content[-12:], q.opened, q.closed, q.continues))
    assert got == SAMPLE_QUOTES
    check_offsets(text, scan)
    # The lost opening and the two unclosed paragraph ends are the only damage.
    assert [text[w.spans[0][0]:w.spans[0][0] + 12] for w in scan.warnings] == [
        "\u201d Silent say", "\u201cNuzhin betr", "\u201cAnd when we"]


# PolNeAR: no exceptions, and the gold direct quotes are recovered.
def _gold_direct_segments(ann: Path, text: str) -> list[tuple[int, int]]:
    """Content segments that open with a double quotation mark (PolNeAR's direct quotes)."""
    segments = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        match = re.match(r"T\d+\tContent\d* ([\d ;]+)\t", line)
        for seg in match.group(1).split(";") if match else []:
            start, end = map(int, seg.split())
            if text[start:end][:1] in "\"\u201c\u201e\u00ab`":
                segments.append((start, end))
    return segments


def _recovery(part: str) -> tuple[int, int]:
    found = total = 0
    for path in sorted((POLNEAR / part / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        scan = find_quotations(text)
        starts = [q.start for q in scan.quotations]
        ends = [q.end for q in scan.quotations]
        for start, end in _gold_direct_segments(POLNEAR / part / "attributions" / f"{path.stem}.ann", text):
            total += 1
            # A gold content may join several quotations ("X" and "Y"), or be quoted words
            # plus reported speech; the quotation must start it, and end it when it ends in a mark.
            ends_in_mark = text[end - 1] in MARKS or text[end:end + 1] in MARKS
            found += any(abs(s - start) <= 3 for s in starts) and (
                not ends_in_mark or any(abs(e - end) <= 3 for e in ends))
    return found, total


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR.exists(), reason="PolNeAR is not available")
def test_polnear_train_runs_clean():
    found = 0
    for path in sorted((POLNEAR / "train" / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        scan = find_quotations(text)
        check_offsets(text, scan)
        found += len(scan.quotations)
    assert found > 8000  # about 11 quotations an article (9456 at 825f800)


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR.exists(), reason="PolNeAR is not available")
def test_polnear_dev_recovers_gold_direct_quotes():
    found, total = _recovery("dev")
    assert total > 400
    assert found / total > 0.97, f"{found}/{total}"

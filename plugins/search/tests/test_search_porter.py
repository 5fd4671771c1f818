"""The JavaScript Porter stemmer (plugins/search/static/js/search/porter.js) matches whoosh's, word
for word."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from pathlib import Path

import pytest
from whoosh.lang.porter import stem

from conftest import FIXTURE, ROOT

MODULE = ROOT / "plugins" / "search" / "static" / "js" / "search" / "porter.js"
DICT_WORDS = Path("/usr/share/dict/words")

# Reads a JSON list of words on stdin, writes the JSON list of their stems.
RUNNER = """
const { stem } = await import(process.argv[1]);
let data = "";
for await (const chunk of process.stdin) data += chunk;
process.stdout.write(JSON.stringify(JSON.parse(data).map(stem)));
"""

TRICKY = """
a i y ye yes yet you yy by be bed sky ski sly eed eeds ing ings ed eds ies ss sss sses s
caresses ponies ties caress cats feed agreed disabled matting mating meeting milling messing
meetings
plastered bled motoring sing conflated troubled sized hopping tanned falling hissing fizzed failing
filing
happy sky yelling yellow yielding yearly youth young yay yyy yaying played playing enjoy enjoyed
relational conditional rational valenci hesitanci digitizer conformabli radicalli differentli vileli
analogousli
vietnamization predication operator feudalism decisiveness hopefulness callousness formaliti
sensitiviti
sensibiliti triplicate formative formalize electriciti electrical hopeful goodness revival allowance
inference
airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption
homologou
communism activate angulariti homologous effective bowdlerize probate rate cease controll roll
generalization generalizations organization organizations realization sensational sensationalism
effectiveness effectivenesses usefulness carefulness thankfulness faithfully dangerously dangerousli
movement movements agreement settlement enforcement statement element cement ment
trafficked trafficking traffickers trafficker traffic traffics victims victim exploitation exploited
recruited recruiting recruitment labour labor laboring laboured forced forcing marriage marriages
hotline hotlines province provinces ward wards commune communes district districts
dying lying tying died lied tied cries cried crying flies flying skies spies
hopping hoping hopped hoped filling filing planned planning stopped stopping
agreed disagreed freed needed bleed bleeding proceed proceeded succeed exceeding
abate abated abating abatement abilities ability able ably
2025 2024s 1990s 24h 24 h24 a1b 1ing 12ed ed1 a_b under_score snake_case_words __init__ ___
x1y2z3 covid19 b2b 3ies 2sses 0s s0 e1e 111111 abc123ing
bb bbing ssing lling zzing ffed cced tted atting ating bling izing ated bled ized
café cafés naïve naïveté résumés đường đồng nghĩa ñandú ñing übering œuvres ædes ǆing
𝐚𝐛𝐜ing 𝐱𝐲𝐳ed 𝐚s 𝐚𝐚ing 𝓎es 𝓎𝓎ing 日本ing 中文s 한국ed ha𝐛ing bo日ed 𝐛a𝐛e ta日e
"""

# Not words, but the stemmers must still agree (Python's "." matches "\r" and "\u2028").
ODD = [
    "walk\red",
    "a\u2028ing",
    "x\u2029ed",
    "don't",
    "well-being",
    "two words",
    "tab\tbed",
    "e\u00a0ing",
]

# Stems and suffixes combined to reach every rule with stems of measure 0, 1 and 2.
STEMS = [
    "",
    "b",
    "y",
    "tr",
    "ab",
    "ya",
    "yb",
    "sing",
    "hop",
    "trap",
    "abab",
    "conv",
    "relat",
    "bowdl",
    "ree",
    "eyy",
]
SUFFIXES = (  # space-separated
    "s ss sses ies eed eeds ed ing ings y ies ational tional enci anci izer bli alli entli "
    "eli ousli ization ation "
    "ator alism iveness fulness ousness aliti iviti biliti logi icate ative alize iciti "
    "ical ful ness al ance ence "
    "er ic able ible ant ement ment ent ou ism ate iti ous ive ize sion tion ion e ll lle "
    "ying ied ier"
)


def content_words() -> set[str]:
    """Every lower-case word in the English pages of the site and of the fixture site."""
    words: set[str] = set()
    for base in (ROOT / "content", FIXTURE / "content"):
        for path in base.rglob("*.en.md"):
            words.update(re.findall(r"\w+", path.read_text(encoding="utf-8").lower()))
    return words


def all_words() -> list[str]:
    words = content_words() | set(TRICKY.split()) | set(ODD)
    if DICT_WORDS.exists():
        words.update(
            re.findall(r"\w+", DICT_WORDS.read_text(encoding="utf-8", errors="replace").lower())
        )
    words.update(stem_ + suffix for stem_ in STEMS for suffix in SUFFIXES.split())
    for n in range(1, 5):
        words.update("".join(letters) for letters in itertools.product("abeilnstyz", repeat=n))
    return sorted(words)


def js_stems(words: list[str]) -> list[str]:
    """Stems from porter.js, all words through one Node process."""
    result = subprocess.run(
        ["node", "--input-type=module", "-e", RUNNER, MODULE.as_uri()],
        input=json.dumps(words),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def compared() -> list[tuple[str, str, str]]:
    """(word, whoosh stem, JavaScript stem) for every collected word."""
    words = all_words()
    return list(zip(words, [stem(word) for word in words], js_stems(words), strict=True))


def test_the_word_list_is_large_and_varied(compared):
    words = {word for word, _, _ in compared}
    assert len(words) > 12000
    assert content_words() <= words
    assert {"trafficking", "2025", "a1b", "đường", "𝐚𝐛𝐜ing"} <= words


def test_javascript_stems_equal_whoosh_stems_for_every_word(compared):
    mismatches = [(word, py, js) for word, py, js in compared if py != js]
    assert not mismatches, (
        f"{len(mismatches)} mismatches (word, whoosh, js), first ones: {mismatches[:20]}"
    )


def test_the_stemmers_stem_trafficking_words_alike(compared):
    by_word = {word: (py, js) for word, py, js in compared}
    assert by_word["trafficked"] == by_word["trafficking"] == ("traffick", "traffick")

"""How text becomes search terms: whoosh analysers, the one definition for the whole site.

Every token gets two forms:

- its **key**: lower case, Unicode NFC, one tone-mark placement, accents folded (đ → d) and, in
  English, Porter-stemmed. `Hoà`, `hòa`, `HOA` and `hoa` share the key `hoa`; `trafficked` and
  `trafficking` share `traffick`. Keys decide *whether* a page matches.
- its **exact** form: lower case, NFC, one tone-mark placement, accents kept (`hòa`). Exact
  forms decide *which* matching pages come first when the reader typed accents.

Consecutive keys also make **pairs** (`mua ban`, `ban nguoi`): Vietnamese words are several
syllables, so a page holding the syllables side by side outranks one holding them apart.

The browser engine (`plugins/search/static/js/search/search.js`) derives the same forms from a
query; `plugins/search/tests/test_search.py` proves both sides agree on every word of the corpus.

    >>> [t.text for t in key_analyzer("vi")("Mua bán người, HOÀ BÌNH")]
    ['mua', 'ban', 'nguoi', 'hoa', 'binh']
    >>> [t.text for t in exact_analyzer("vi")("Hoà Bình, hòa bình")]
    ['hòa', 'bình', 'hòa', 'bình']
    >>> [t.text for t in key_analyzer("en")("Trafficked persons")]
    ['traffick', 'person']
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

TOKEN = r"\w+"  # the browser uses [\p{L}\p{N}_]+ on NFC text; the parity test holds them equal

TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# "hoà" → "hòa", "hoè" → "hòe", "thuỷ" → "thủy": in an open syllable ending in oa, oe or uy
# (not after q, where u is part of the consonant: "quý"), the tone goes on the first vowel.
OLD_STYLE = re.compile(f"(?<!q)(o)([ae])([{TONES}])$|(?<!q)(u)(y)([{TONES}])$")


def _move_tone(match: re.Match) -> str:
    first, second, tone = (g for g in match.groups() if g is not None)
    return first + tone + second


@lru_cache(maxsize=200_000)  # a site has a few ten thousand distinct words
def one_tone_placement(word: str) -> str:
    """A lower-case NFC word with its tone mark where most texts put it (hòa, thủy)."""
    decomposed = unicodedata.normalize("NFD", word)
    moved = OLD_STYLE.sub(_move_tone, decomposed)
    return word if moved == decomposed else unicodedata.normalize("NFC", moved)


class NfcTokenizer(RegexTokenizer):
    """`RegexTokenizer` on NFC text: decomposed input ("Nẵng" typed as n, a, ̆, ̃ …) becomes
    whole letters before whoosh's accent map sees it (that map turns bare marks into letters)."""

    def __call__(self, value, **kwargs):
        return super().__call__(unicodedata.normalize("NFC", value), **kwargs)


class TonePlacementFilter(Filter):
    """Puts the tone mark of oa, oe and uy syllables in one place (see `one_tone_placement`)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = one_tone_placement(token.text)
            yield token


@cache
def exact_analyzer(lang: str):
    return NfcTokenizer(TOKEN) | LowercaseFilter() | TonePlacementFilter()


@cache
def key_analyzer(lang: str):
    chain = exact_analyzer(lang) | CharsetFilter(accent_map)
    return chain | StemFilter(stem, cachesize=-1) if lang == "en" else chain


class PairFilter(Filter):
    """Each key joined to the next one with a space: "mua bán người" → "mua ban", "ban nguoi".
    (whoosh's ShingleFilter does the same, several times slower.)"""

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            text = token.text
            if previous is not None:
                token.text = f"{previous} {text}"
                yield token
            previous = text


@cache
def pair_analyzer(lang: str):
    return key_analyzer(lang) | PairFilter()


def fold_table() -> dict[str, str]:
    """whoosh's accent map for the characters a lower-cased token can hold: shipped to the
    browser, so that it folds exactly as whoosh does (`ß` → `s`, `ł` → `l`, `đ` → `d` …)."""
    table = {}
    for code, value in accent_map.items():
        char = chr(code)
        if char.lower() == char:
            table[char] = (
                value if isinstance(value, str) else chr(value) if isinstance(value, int) else ""
            )
    return dict(sorted(table.items()))


def keys(text: str, lang: str) -> list[str]:
    return [token.text for token in key_analyzer(lang)(text)]


def exact_forms(text: str, lang: str) -> list[str]:
    return [token.text for token in exact_analyzer(lang)(text)]

"""The terms of each document, exactly as whoosh's analysers (`plugins/search/analysis.py`) make
them.

The analysers would go over each text three times (keys, exact forms, pairs), token by token.
Here a text is split into words once, with the analysers' own pattern (`TOKEN`, on NFC text),
and each distinct word goes through the analysers once, as a single token
(`analyser(word, tokenize=False)`: lower case, tone placement, folding, stemming). A
document's words then give the four scored fields of `indexer.py`:

- `title`, `body`: the keys of each, with how often each occurs;
- `exact`: the exact forms of title and body;
- `pair`: each key of title and body joined to the next one ("mua ban", "ban nguoi");

and each field's length: how many terms whoosh counts in it.
`plugins/search/tests/test_search_terms.py` proves these are what whoosh's analysers give for whole
texts.

    >>> terms = Words("vi").terms("Hoà giải", "mua bán, hoà")
    >>> terms.counts[0], terms.counts[2]
    ({'giai': 1, 'hoa': 1}, {'bán': 1, 'giải': 1, 'hòa': 2, 'mua': 1})
    >>> terms.counts[3]
    {'ban hoa': 1, 'giai mua': 1, 'hoa giai': 1, 'mua ban': 1}
    >>> terms.lengths
    (2, 3, 5, 4)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import NamedTuple

from plugins.search.analysis import TOKEN, exact_analyzer, key_analyzer

FIELDS = ("title", "body", "exact", "pair")  # the scored fields, in this order everywhere
WORD = re.compile(TOKEN)  # what the analysers' `NfcTokenizer` matches


class DocTerms(NamedTuple):
    """A document's terms, packed: the indexing process holds those of every document of both
    languages at once (and the cache keeps them for the next build), and a dict per field and
    document took most of its memory. Per field, the terms in sorted order and, in the same order,
    how often each occurs (`field(slot)` gives them as a dict again).

    >>> DocTerms.of(({"b": 2, "a": 1}, {"c": 300}), (3, 300)).packed
    ((('a', 'b'), b'\\x01\\x02'), (('c',), (300,)))
    """

    # per field: (terms, occurrences: bytes, or a tuple if one is 256 or more)
    packed: tuple[tuple[tuple[str, ...], bytes | tuple[int, ...]], ...]
    lengths: tuple[int, ...]  # per field: number of terms

    @classmethod
    def of(cls, counts: tuple[dict[str, int], ...], lengths: tuple[int, ...]) -> DocTerms:
        packed = []
        for field in counts:
            terms = tuple(sorted(field))
            times = [field[t] for t in terms]
            # one byte a term, unless a term occurs 256 times or more
            packed.append((terms, bytes(times) if max(times, default=0) < 256 else tuple(times)))
        return cls(tuple(packed), lengths)

    def field(self, slot: int) -> dict[str, int]:
        """One field's terms → occurrences."""
        terms, times = self.packed[slot]
        return dict(zip(terms, times, strict=True))

    @property
    def counts(self) -> tuple[dict[str, int], ...]:
        return tuple(self.field(slot) for slot in range(len(self.packed)))


class Memo(dict):
    """A dict that works out a missing value once: `memo[word]`."""

    def __init__(self, work):
        super().__init__()
        self.work = work

    def __missing__(self, item):
        value = self[item] = self.work(item)
        return value


def _single(analyser):
    """The analyser applied to one word as a single token."""

    def run(word: str) -> str:
        [text] = [token.text for token in analyser(word, tokenize=False)]
        return text

    return run


class Words:
    """One language's analysis, each distinct word (and pair of keys) worked out once."""

    def __init__(self, lang: str):
        self.exact = Memo(_single(exact_analyzer(lang)))
        self.key = Memo(_single(key_analyzer(lang)))
        self.pair = Memo(lambda keys: f"{keys[0]} {keys[1]}")

    def terms(self, title: str, body: str) -> DocTerms:
        title_words, body_words = _words(title), _words(body)
        key = self.key.__getitem__
        title_keys, body_keys = list(map(key, title_words)), list(map(key, body_words))
        keys = title_keys + body_keys
        exact = Counter(map(self.exact.__getitem__, title_words + body_words))
        pairs = Counter(zip(keys, keys[1:], strict=False))
        pair = self.pair
        counts = (
            dict(Counter(title_keys)),
            dict(Counter(body_keys)),
            dict(exact),
            {pair[p]: n for p, n in pairs.items()},
        )
        return DocTerms.of(
            counts, (len(title_keys), len(body_keys), len(keys), max(len(keys) - 1, 0))
        )


def _words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFC", text))

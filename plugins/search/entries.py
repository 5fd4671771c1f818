"""The term dictionary of one language: each key's entry, encoded as it goes into a shard.

An entry is `[title, body, exact, pair]`: the postings of the key in each field, `exact` mapping
each form that folds to the key to its postings (0 where a field does not have the key). A form
that *is* its key (an English word the stemmer leaves, a Vietnamese word with no accent) is left
out: a query scores the exact field only for a word typed other than its key (`search.js`
`clause`, `reference.py` `word_clause`), so that list would never be read.
Postings are what a whoosh index of the documents holds (`indexer.py`), as a flat number list
`[doc gap, term frequency, field length, …]`, the length as whoosh keeps it for one document:
rounded up to one of 256 steps (`stored_length`).

A rebuild with as many documents as the last build (`Before`) encodes again only the keys that
the documents that changed have or had: every other entry is the same as last time.

    >>> from plugins.search.terms import Words
    >>> words = Words("vi")
    >>> parts = encoded([words.terms("Bàn", "bán"), words.terms("", "bán")], "vi")
    >>> parts["ban"].decode()
    '"ban":[[0,1,1],[0,1,1,1,1,1],{"bàn":[0,1,2],"bán":[0,1,2,1,1,1]},0]'
    >>> encoded([words.terms("Ban", "bán ban")], "vi")["ban"].decode()  # no list for the form "ban"
    '"ban":[[0,1,1],[0,2,2],{"bán":[0,1,3]},0]'
    >>> changed = [words.terms("Bàn", "bán"), words.terms("", "bàn")]
    >>> before = Before([words.terms("Bàn", "bán"), words.terms("", "bán")], parts)
    >>> encoded(changed, "vi", before) == encoded(changed, "vi")
    True
"""

from __future__ import annotations

from itertools import chain
from typing import NamedTuple

import numpy as np
import orjson
from whoosh.util.numeric import byte_to_length, length_to_byte

from plugins.search.analysis import keys

from .terms import FIELDS, DocTerms, Memo

EXACT, PAIR = FIELDS.index("exact"), FIELDS.index("pair")
_JSON = orjson.OPT_SORT_KEYS | orjson.OPT_SERIALIZE_NUMPY


def dumps(value) -> str:
    """The index's JSON: no spaces, keys sorted, text as it is (not `\\u` escapes), numpy arrays
    as lists (postings are numpy arrays of machine integers while they are made, `_postings`: as
    lists of Python ints, those of every key at once took several hundred MB at 10,000 items).
    orjson: encoding with the standard library's `json` took a fifth of the index's time."""
    return dumped(value).decode("utf-8")


def dumped(value) -> bytes:
    """`dumps`, as UTF-8 bytes."""
    return orjson.dumps(value, option=_JSON)


class Before(NamedTuple):
    terms: list[DocTerms]  # the last build's documents, in order
    parts: dict[str, bytes]  # what `encoded` returned then


def encoded(terms: list[DocTerms], lang: str, before: Before | None = None) -> dict[str, bytes]:
    """Each key → its entry as JSON in UTF-8, `"key":[…]`. Bytes, not strings: a string holding
    one Vietnamese letter beyond Latin-1 takes two bytes a character (most of an entry is digits),
    and pickling a string that is not ASCII (the analysis cache, `cache.py`) leaves its UTF-8 form
    inside it for as long as it lives."""
    if before is None or len(before.terms) != len(terms):
        return _encode_all(terms, lang)
    key_of = Memo(lambda exact: keys(exact, lang)[0])
    touched: set[str] = set()
    for old, new in zip(before.terms, terms, strict=True):
        if old != new:
            for slot in range(len(FIELDS)):
                changed = _changed(old, new, slot)
                touched.update(map(key_of.__getitem__, changed) if slot == EXACT else changed)
    if not touched:
        return before.parts
    parts = {key: part for key, part in before.parts.items() if key not in touched}
    parts.update(_encode_all(terms, lang, touched, key_of))
    return parts


def _changed(old: DocTerms, new: DocTerms, slot: int) -> set[str]:
    """The terms of one field whose postings differ between two versions of a document: those
    whose count changed, or all, if the field's length as stored changed (a posting holds it)."""
    if stored_length(old.lengths[slot]) != stored_length(new.lengths[slot]):
        return set(old.packed[slot][0]) | set(new.packed[slot][0])
    before, after = (set(zip(*doc.packed[slot], strict=True)) for doc in (old, new))
    return {term for term, _count in before ^ after}


def _encode_all(
    terms: list[DocTerms], lang: str, only: set[str] | None = None, key_of: Memo | None = None
) -> dict[str, bytes]:
    """The parts of every key, or of the keys in `only`. The pairs of keys first: their arrays
    (5.5 million postings at 10,000 items) are let go once encoded, before the words' are made.
    A pair has a space and a word's key none, so no key has both; the parts are in the order
    of `_entries`, words then pairs."""
    pairs = _postings(terms, PAIR, only)
    encoded_pairs = _encode({key: [0, 0, 0, postings] for key, postings in pairs.items()})
    del pairs
    return _encode(_entries(terms, lang, only, key_of)) | encoded_pairs


def _encode(entries: dict[str, list]) -> dict[str, bytes]:
    return {key: dumped({key: entry})[1:-1] for key, entry in entries.items()}


def _entries(
    terms: list[DocTerms], lang: str, only: set[str] | None = None, key_of: Memo | None = None
) -> dict[str, list]:
    """The entries of every word's key, or of the keys in `only`, without the pairs."""
    key_of = key_of if key_of is not None else Memo(lambda exact: keys(exact, lang)[0])
    entries: dict[str, list] = {}
    for slot in range(len(FIELDS)):
        if slot not in (EXACT, PAIR):
            for key, postings in _postings(terms, slot, only).items():
                entries.setdefault(key, [0, 0, 0, 0])[slot] = postings
    forms = {
        exact
        for exact in set().union(*(t.packed[EXACT][0] for t in terms))
        if key_of[exact] != exact and (only is None or key_of[exact] in only)
    }
    for exact, postings in _postings(terms, EXACT, forms).items():
        entry = entries.setdefault(key_of[exact], [0, 0, 0, 0])
        entry[EXACT] = entry[EXACT] or {}
        entry[EXACT][exact] = postings
    return entries


def _postings(terms: list[DocTerms], slot: int, only: set[str] | None) -> dict[str, np.ndarray]:
    """Each term of one field (or each of `only`) → `[doc gap, frequency, field length, …]`, in
    the order the terms first occur. Made with numpy, all postings of the field at once: a loop
    over every posting took most of the index's time at 10,000 items. Each column is sorted by
    term on its own, the unsorted one let go at once: the field's arrays at once took 290 MB
    at 10,000 items (5.5 million postings of pairs)."""
    fields = [doc_terms.packed[slot] for doc_terms in terms]
    vocabulary = list(dict.fromkeys(chain.from_iterable(names for names, _ in fields)))
    number = {term: i for i, term in enumerate(vocabulary)}
    per_doc = np.fromiter((len(names) for names, _ in fields), dtype=np.int64, count=len(fields))
    total = int(per_doc.sum())
    ids = np.fromiter(
        map(number.__getitem__, chain.from_iterable(names for names, _ in fields)),
        dtype=np.int32,
        count=total,
    )
    docs = np.repeat(np.arange(len(terms), dtype=np.int32), per_doc)
    times = np.fromiter(chain.from_iterable(t for _, t in fields), dtype=np.int32, count=total)
    if only is not None:
        wanted = np.fromiter((t in only for t in vocabulary), dtype=bool, count=len(vocabulary))
        keep = wanted[ids]
        ids, docs, times = ids[keep], docs[keep], times[keep]
    if not len(ids):
        return {}
    order = np.argsort(ids, kind="stable")  # by term; within a term, by document
    ids = ids[order]  # one column at a time, each unsorted one let go at once
    docs = docs[order]
    times = times[order]
    del order
    lengths = np.fromiter(
        (stored_length(doc_terms.lengths[slot]) for doc_terms in terms),
        dtype=np.int32,
        count=len(terms),
    )
    starts = np.flatnonzero(np.concatenate(([True], ids[1:] != ids[:-1])))
    rows = np.empty((len(ids), 3), dtype=np.int32)
    rows[:, 2] = lengths[docs]
    rows[:, 1] = times
    del times
    rows[:, 0] = np.diff(docs, prepend=0)  # document numbers → gaps, each term from 0
    rows[starts, 0] = docs[starts]
    del docs
    flat = rows.ravel()
    ends = np.append(starts[1:], len(ids))
    return {
        vocabulary[ids[start]]: flat[start * 3 : end * 3]
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
    }


def stored_length(length: int) -> int:
    """A field length as whoosh keeps it for one document (`reader.doc_field_length`): one byte.

    >>> [stored_length(n) for n in (1, 10, 11, 100, 1000, 200_000)]
    [1, 10, 12, 101, 1032, 106374]
    """
    return byte_to_length(length_to_byte(length))

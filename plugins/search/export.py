"""Export the index as static files the browser engine loads piece by piece.

The files hold what a whoosh index of the documents (`indexer.py`) would hold, computed straight
from each document's terms (`terms.py`, `entries.py`): the same postings and field lengths, and as
average field lengths the totals whoosh keeps, rounded to three significant digits (`rounded`).
`plugins/search/tests/test_search_export.py` compares them with a whoosh index.

Under `search/<lang>/`:

- `manifest.json` — document count, average field lengths, scoring constants, the table of
  shard groups (`shards`: for each `SHARDS_PER_GROUP` consecutive shards, its first shard's first
  key as below and the name of its `d/` file), the runs of records and the first name of each
  filter group. The only file every query loads.
- `d/<hash>.json` — a group's shard table: for each shard the shortest prefix of its first key
  that sorts after the previous shard's keys, and its file name. A query loads the groups of its
  keys: the manifest stays small however many shards there are. Content-hashed names.
- `t/<hash>.json` — shards of the term dictionary, cut in key order at about `SHARD_BYTES`.
  Each maps a key to `[title, body, exact, pair]` postings; `exact` maps each accented form
  folding to that key to its postings. Postings are flat number lists
  `[doc gap, term frequency, field length, …]`. Names are content hashes: cache them forever.
  A key found in more than `head` documents (`head_size`, the manifest's `head.postings`) is cut
  (`tiered`): its lists keep only the postings of its head documents — the `head` to which the
  key can give the highest score (title × 3 + body + best exact form × 2 + pair × 2, BM25 as the
  engine computes it; ties: lower number first), and every document with the key in a title of
  at most `TITLED` terms (`head.titled`), so that whole titles are found from heads alone. The
  entry gets a fifth element `{"d": members, "n": counts, "x": bound, "t": tail, "e": {form:
  tail}}`: every document having the key (gaps, or a base64 bitset where shorter: `members_code`),
  each list's document count (`[title, body, {form: count}, pair]`, for the idf), the highest
  score the key can give a tail document, and the names of its tail files.
- `p/<hash>.json` — the tails of cut keys: the postings the heads left out, in document order,
  `[title, body, 0, pair]` in one file, each exact form's in a file of its own. Fetched only
  when the heads cannot prove a query's results (`search.js`). Content-hashed names.
- `r/<first>.json` — the display records (URL, title, type, date, place, snippet sentences) of
  document `first` and the next ones, as a list, fetched only for results shown. Each run of
  documents of one type is cut into files of about `RECORD_BYTES` characters, as many records
  as that holds on average for the type (one or two pages, some fifteen localities): few
  bytes per query, in files fetched together. The manifest's `records` lists the runs,
  `[first document, records per file]`; `record_file` finds a document's file.
- `f/<n>.json` — filter lists: sorted document numbers (gaps) named `type-<type>`,
  `place-<code>` and `national` (what applies to the whole country, found by every place filter),
  cut in name order into groups of about `FILTER_BYTES`; the manifest's
  `filters` lists the first name of each group. A filter chosen costs one file of about 1 KB
  compressed, shared with the lists named next to it (neighbouring codes, other types).

Records and filters are fetched with `?v=<manifest version>`, so a new build is never mixed
with an old one in a browser cache. Everything is written with sorted keys: deterministic.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import math
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import AnyStr, Protocol, TypedDict

import numpy as np
import orjson

from plugins.search.analysis import fold_table, keys

from .entries import dumped, dumps
from .searchdoc import digest
from .terms import FIELDS, DocTerms

# Sizes of the files a query fetches, measured on the benchmark's twenty queries at 1x and 10x
# (median bytes per query: the earlier 12,000 and 4,000 cost 3-4 KB more at both sizes).
SHARD_BYTES = 8_000
SHARDS_PER_GROUP = 16
# A common key keeps in its shard the postings of its best documents, a share of all documents:
# the heads grow with the corpus, so that they prove the hits about as often at any size
# (`head_size`); the others go to the key's tail files.
HEAD_SHARE = 14
HEAD_MIN = 200
TITLED = 6  # title postings of a title this short (in terms) always stay in the head
RECORD_BYTES = 2_000
FILTER_BYTES = 4_000


class Write(Protocol):
    """Writes a file: its path relative to the output root, its text, and the key by which
    `OutputTree.kept` may find it next time."""

    def __call__(self, rel: str, data: str | bytes, key: str = "") -> None: ...


class Bm25(TypedDict):
    B: float
    K1: float
    field_B: dict[str, float]


class Prefix(TypedDict):
    min: int
    expand: int
    weight: float


# The ranking, explained with its measurements in the docstring of `search_index.py`.
BOOSTS = {"title": 3.0, "body": 1.0, "exact": 2.0, "pair": 2.0}
# whoosh's BM25F; B per field
BM25: Bm25 = {
    "B": 0.75,
    "K1": 1.2,
    "field_B": {"title": 0.4, "body": 0.3, "exact": 0.3, "pair": 0.3},
}
# a word typed with accents: the share of its key's score a page without that exact form keeps
ACCENT = 0.1
SYNONYM = 0.7  # an alias's words score this share of the words typed
WHOLE = 4.0  # a page whose whole title is the query: its score × this
# a type's prior (or a list page's): its scores × this; others 1
PRIORS = {
    "locality": 0.35,
    "calendar": 0.5,
    "agency": 0.7,
    "listing": 0.8,
}
# Question and function words: scored where a page has them, but not required ("what help do
# victims get" needs "help" and "victims"); as typed, analysed into keys for the manifest.
OPTIONAL = {
    "vi": "gì nào ở đâu khi sao thế như được có không là của và bị cho với về thì những các một "
    "tôi em mình ai bao nhiêu",
    "en": "what which how when where who why do does did i me my you your is are was be the a an "
    "to of for in on at get can should if someone",
}
# As you type, the last word (from 2 letters on) also matches its 20 commonest longer keys,
# weighted down so that the word as typed ("bán") outranks what it may become ("bàng").
PREFIX: Prefix = {"min": 2, "expand": 20, "weight": 0.3}

AVERAGE_DIGITS = 3  # significant digits of the average lengths (`Cuts`)
CODE = hashlib.sha1(Path(__file__).read_bytes(), usedforsecurity=False).hexdigest()


def export(
    docs: list,
    terms: list[DocTerms],
    parts: dict[str, bytes],
    lang: str,
    write: Write,
    aliases: dict | None = None,
    head: int | None = None,
    cuts: Cuts | None = None,
    documents: str | None = None,
) -> dict:
    """Write the files of `docs` (their terms, their encoded entries) with `write`; return the
    manifest. Keys in more than `head` documents (by default `head_size`) are cut (`tiered`,
    taking from `cuts` what the last build cut). `documents` is the documents' `digest`, given
    when their bodies are gone (the export reads no body)."""
    folder = f"search/{lang}"
    count = len(docs)
    head = head_size(count) if head is None else head
    names: dict[str, str] = {}
    average = {
        name: rounded(sum(t.lengths[slot] for t in terms) / count if count else 0.0)
        for slot, name in enumerate(FIELDS)
    }
    parts = tiered(parts, count, average, head, folder + "/p", write, cuts)
    shards = [
        [first, _write_named(b"{" + b",".join(batch) + b"}", folder + "/t", write, names)]
        for first, batch in _boundaries(_batches(parts, SHARD_BYTES))
    ]
    groups = [
        [
            shards[at][0],
            _write_named(dumps(shards[at : at + SHARDS_PER_GROUP]), folder + "/d", write, {}),
        ]
        for at in range(0, len(shards), SHARDS_PER_GROUP)
    ]
    version = _version([name for _key, name in shards], documents or digest(docs))
    manifest = {
        "lang": lang,
        "version": version,
        "docs": count,
        "average_length": average,
        "boost": BOOSTS,
        "bm25": BM25,
        "accent": ACCENT,
        "synonym": SYNONYM,
        "whole": WHOLE,
        "optional": optional_keys(lang),
        "priors": priors(docs),
        "aliases": aliases or {"groups": [], "renamed": []},
        "prefix": PREFIX,
        "head": {"postings": head, "titled": TITLED},
        "stem": lang == "en",
        "fold": fold_table(),
        "shards": groups,
        "records": _write_records(docs, folder + "/r", write),
        "filters": _write_filters(docs, folder + "/f", write),
        "types": sorted({d.type for d in docs}),
    }
    write(folder + "/manifest.json", dumps(manifest))
    return manifest


def _version(names: list[str], documents: str) -> str:
    """The manifest's version: a hash of the shards' names and of the documents' `digest`."""
    return hashlib.sha256(f"{''.join(names)}\n{documents}".encode()).hexdigest()[:12]


def rounded(average: float) -> float:
    """An average length as the manifest gives it, to `AVERAGE_DIGITS` significant digits.

    >>> rounded(179.91568396226415), rounded(5.457940251572327), rounded(0.0)
    (180.0, 5.46, 0.0)
    """
    return float(f"{average:.{AVERAGE_DIGITS}g}")


def head_size(docs: int) -> int:
    """How many documents a common key keeps in its head.

    >>> head_size(354), head_size(5088), head_size(14088)
    (200, 363, 1006)
    """
    return max(HEAD_MIN, docs // HEAD_SHARE)


@dataclasses.dataclass
class Cuts:
    """The cut entries of the last build, for `tiered` to use again, and this build's (`made`),
    which the analysis cache keeps (`cache.py`). A key is not cut again when its whole entry, the
    document count, the average lengths, the head size and this module's code are as they were,
    and its tail files are still in the output (`carried`: `OutputTree.kept`). The average
    lengths are rounded (`AVERAGE_DIGITS`) so that an edit seldom changes them."""

    last: dict = dataclasses.field(default_factory=dict)  # a `made` of the last build
    carried: Callable[[str, str], bool] = lambda rel, key: False
    # {"basis": [docs, averages, head, CODE], "keys": {key: [whole part, cut part, tail names]}}
    made: dict = dataclasses.field(default_factory=dict)


def tiered(
    parts: dict[str, bytes],
    docs: int,
    average: dict,
    head: int,
    folder: str,
    write: Write,
    cuts: Cuts | None = None,
) -> dict[str, bytes]:
    """`parts` with the entry of each key found in more than `head` documents cut (`_cut`), its
    tails written: `[title, body, 0, pair]` as `"t"`, each exact form's as `"e": {form: name}`."""
    cuts = cuts if cuts is not None else Cuts()
    basis = [docs, sorted(average.items()), head, CODE]
    last = cuts.last.get("keys", {}) if cuts.last.get("basis") == basis else {}
    made: dict[str, list] = {}
    out = dict(parts)
    for key, part in parts.items():
        if len(part) < 6 * head:  # too short to hold more than `head` documents
            continue
        old = last.get(key)
        if old and old[0] == part and all(cuts.carried(f"{folder}/{n}.json", n) for n in old[2]):
            out[key], made[key] = old[1], old
            continue
        tails: list[str] = []
        out[key] = _cut_part(key, part, docs, average, head, _tails(folder, write, tails))
        made[key] = [part, out[key], tails]
    cuts.made = {"basis": basis, "keys": made}
    return out


def _cut_part(key: str, part: bytes, docs: int, average: dict, head: int, tail_file) -> bytes:
    """One key's part cut (`_cut`), its tails written with `tail_file` (which returns a name), or
    the part as it was."""
    entry = orjson.loads(b"{" + part + b"}")[key]
    cut = _cut(entry, docs, average, head)
    if not cut:
        return part
    entry, tail = cut
    if tail[0] or tail[1] or tail[3]:
        entry[4]["t"] = tail_file([tail[0], tail[1], 0, tail[3]])
    if tail[2]:
        entry[4]["e"] = {form: tail_file(postings) for form, postings in sorted(tail[2].items())}
    return dumped({key: entry})[1:-1]


def _tails(folder: str, write: Write, names: list[str]) -> Callable[[list], str]:
    """A function that writes a tail file, keyed by its name (16 hex digits of its content's
    SHA-256), adds the name to `names` and returns it."""

    def tail_file(tail: list) -> str:
        text = dumps(tail)
        name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        write(f"{folder}/{name}.json", text, name)
        names.append(name)
        return name

    return tail_file


def value(tf, length, field: str, df: int, docs: int, average: dict):
    """One posting's BM25 value in `field` (before boosts), as search.js computes it; or, given
    numpy arrays of term frequencies and lengths, each posting's (the same floats)."""
    idf = math.log(docs / (df + 1)) + 1
    avg = average[field] or 1
    B = BM25["field_B"].get(field, BM25["B"])
    K1 = BM25["K1"]
    return idf * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / avg)))


def _cut(entry: list, docs: int, average: dict, head: int):
    """(the entry cut, its tail lists `[title, body, {form: postings}, pair]`), or None when it
    stays whole. Each document having the key gets its best possible score from the key: title ×
    3, body, its best exact form × 2, pair × 2 (`BOOSTS`). The `head` documents of highest
    (ties: lower number first), and those with the key in a title of at most `TITLED` terms,
    keep their postings in the entry; the others' go to the tail. The entry gets a fifth element:
    `{"d": members, "n": [document count of each list, exact: {form: …}], "x": the greatest
    best possible score of a tail document}`; `tiered` adds the names of the tail files.

    With numpy, a posting at a time, in the order and with the operations of `value`: the
    scores are the same floats as Python's, and the build runs this on every common key."""
    lists = [(slot, None, entry[slot]) for slot in (0, 1, 3) if entry[slot]]
    lists += [(2, form, postings) for form, postings in sorted((entry[2] or {}).items())]
    decoded = {(slot, form): _numbers(postings) for slot, form, postings in lists}
    best, exact = np.zeros(docs), np.zeros(docs)
    present, short = np.zeros(docs, dtype=bool), np.zeros(docs, dtype=bool)
    for (slot, _form), numbers in decoded.items():
        field = FIELDS[slot]
        doc, tf, length = numbers.T
        score = BOOSTS[field] * value(tf, length, field, len(numbers), docs, average)
        if slot == 2:
            exact[doc] = np.maximum(exact[doc], score)
        else:
            best[doc] += score
            present[doc] = True
        if slot == 0:
            short[doc[length <= TITLED]] = True
    members = np.flatnonzero(present)
    if len(members) <= head:
        return None
    best[members] += exact[members]
    ranked = members[np.lexsort((members, -best[members]))]
    kept = short.copy()
    kept[ranked[:head]] = True
    tail_docs = ranked[~kept[ranked]]
    if not len(tail_docs):
        return None
    cut = list(entry[:4])
    tail: list = [0, 0, 0, 0]
    counts: list = [0, 0, 0, 0]
    for (slot, form), numbers in decoded.items():
        mask = kept[numbers[:, 0]]
        mine, theirs = _flat(numbers[mask]), _flat(numbers[~mask])
        if slot == 2:
            cut[2] = {**cut[2], form: mine}
            if theirs:
                tail[2] = {**(tail[2] or {}), form: theirs}
            counts[2] = {**(counts[2] or {}), form: len(numbers)}
        else:
            cut[slot], tail[slot], counts[slot] = mine, theirs or 0, len(numbers)
    cut.append({"d": members_code(members, docs), "n": counts, "x": float(best[tail_docs[0]])})
    return cut, tail


def _numbers(postings: list[int]):
    """`[doc gap, tf, length, …]` → rows (doc, tf, length) in document order, a numpy array."""
    numbers = np.array(postings, dtype=np.int64).reshape(-1, 3)
    numbers[:, 0] = np.cumsum(numbers[:, 0])
    return numbers


def _flat(numbers) -> list[int]:
    """Rows (doc, tf, length) in document order → `[doc gap, tf, length, …]`."""
    flat = numbers.copy()
    flat[1:, 0] = np.diff(numbers[:, 0])
    return flat.ravel().tolist()


def members_code(numbers, docs: int) -> list[int] | str:
    """Sorted document numbers as gaps, or as a bitset in base64 (document d: bit d % 8 of byte
    d // 8) when that is shorter.

    >>> members_code([1, 5, 6], 100), members_code(list(range(0, 100, 2)), 100)
    ([1, 4, 1], 'VVVVVVVVVVVVVVVVBQ==')
    """
    numbers = np.asarray(numbers, dtype=np.int64)
    gaps = np.diff(numbers, prepend=0).tolist()
    bits = np.zeros((docs + 7) // 8 * 8, dtype=bool)
    bits[numbers] = True
    packed = base64.b64encode(np.packbits(bits, bitorder="little").tobytes()).decode("ascii")
    return packed if len(packed) + 2 < len(dumps(gaps)) else gaps


def _batches(parts: Mapping[str, AnyStr], limit: int) -> Iterator[tuple[str, list[AnyStr]]]:
    """(first key, parts) of consecutive keys, in key order, cut before `limit` characters."""
    batch: list[AnyStr] = []
    size, first = 0, ""
    for key in sorted(parts):
        part = parts[key]
        length = len(part) if isinstance(part, str) else len(part.decode("utf-8"))
        if batch and size + length > limit:
            yield first, batch
            batch, size = [], 0
        if not batch:
            first = key
        batch.append(part)
        size += length
    if batch:
        yield first, batch


def _boundaries(batches):
    """Each batch's first key cut to its shortest prefix that still sorts after the previous
    batch's last key (as Pagefind's chunk table does): the engine's lookups stay exact and the
    manifest, which every query loads, is smaller.

    >>> batches = [("a", [b'"a":1', b'"abc":1']), ("abd", [b'"abd":1']), ("b", [b'"b":1'])]
    >>> [first for first, _ in _boundaries(batches)]
    ['a', 'abd', 'b']
    >>> batches = [("hoa", [b'"hoa":1', b'"hoang":1']), ("hon", [b'"hon":1'])]
    >>> [first for first, _ in _boundaries(batches)]
    ['hoa', 'hon']
    >>> [first for first, _ in _boundaries([("ha", [b'"ha":1']), ("nguoi", [b'"nguoi":1'])])]
    ['ha', 'n']
    """
    last = None
    for first, batch in batches:
        short = (
            first
            if last is None
            else next(first[:n] for n in range(1, len(first) + 1) if first[:n] > last)
        )
        yield short, batch
        last = orjson.loads(b"{" + batch[-1] + b"}").popitem()[0]


def _write_named(text: str | bytes, folder: str, write: Write, names: dict[str, str]) -> str:
    """Write one shard (or group); its name is 8 hex digits of its content's SHA-256 (12 should
    two of `names` share 8)."""
    sha = hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()
    name = sha[:8] if names.get(sha[:8], sha) == sha else sha[:12]
    names[name] = sha
    write(f"{folder}/{name}.json", text)
    return name


def _write_records(docs: list, folder: str, write: Write) -> list[list[int]]:
    """Write the records files; the runs `[first document, records per file]`."""
    records = [
        dumps(
            {
                "url": d.url,
                "title": d.title,
                "type": d.type,
                "date": d.date,
                "place": d.place_label,
                "snippet": d.snippet,
            }
        )
        for d in docs
    ]
    runs = []
    for start, end in _type_runs(docs):
        per_file = max(
            1, round(RECORD_BYTES * (end - start) / sum(len(r) for r in records[start:end]))
        )
        runs.append([start, per_file])
        for first in range(start, end, per_file):
            write(
                f"{folder}/{first}.json",
                "[" + ",".join(records[first : min(first + per_file, end)]) + "]",
            )
    return runs


def optional_keys(lang: str) -> list[str]:
    """
    >>> optional_keys("en")[:4]
    ['a', 'an', 'ar', 'at']
    """
    return sorted(set(keys(OPTIONAL.get(lang, ""), lang)))


def priors(docs: list) -> list[list]:
    """`[first document, prior, type]` of each run of documents of one type.

    >>> from types import SimpleNamespace as D
    >>> place = D(type="locality", listing=False)
    >>> priors([D(type="plan", listing=False), place, place])
    [[0, 1.0, 'plan'], [1, 0.35, 'locality']]
    """
    runs: list[list] = []
    for number, doc in enumerate(docs):
        prior = PRIORS["listing"] if doc.listing else PRIORS.get(doc.type, 1.0)
        if not runs or runs[-1][1:] != [prior, doc.type]:
            runs.append([number, prior, doc.type])
    return runs


def _type_runs(docs: list):
    """(start, end) of each run of consecutive documents of one type."""
    start = 0
    for number in range(1, len(docs) + 1):
        if number == len(docs) or docs[number].type != docs[start].type:
            yield start, number
            start = number


def record_file(runs: list[list[int]], doc: int) -> int:
    """The first document of the records file holding `doc`, given the manifest's `records`.

    >>> record_file([[0, 4], [10, 40]], 9), record_file([[0, 4], [10, 40]], 55)
    (8, 50)
    """
    start, per_file = [run for run in runs if run[0] <= doc][-1]
    return doc - (doc - start) % per_file


def _write_filters(docs: list, folder: str, write: Write) -> list[str]:
    """Write the filter groups; the first name of each."""
    lists: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        lists.setdefault(f"type-{doc.type}", []).append(number)
        if doc.national:
            lists.setdefault("national", []).append(number)
        for code in doc.places:
            lists.setdefault(f"place-{code}", []).append(number)
    parts = {
        name: dumps({name: [b - a for a, b in zip([0, *numbers], numbers, strict=False)]})[1:-1]
        for name, numbers in lists.items()
    }
    firsts = []
    for number, (first, batch) in enumerate(_batches(parts, FILTER_BYTES)):
        write(f"{folder}/{number}.json", "{" + ",".join(batch) + "}")
        firsts.append(first)
    return firsts

"""Export a whoosh index as static files the browser engine loads piece by piece.

Under `search/<lang>/`:

- `manifest.json` — document count, average field lengths, scoring constants, and the shard
  table: the first key of each shard and its file name. The only file every query loads.
- `t/<hash>.json` — shards of the term dictionary, cut in key order at about `SHARD_BYTES`.
  Each maps a key to `[title, body, exact, pair]` postings; `exact` maps each accented form
  folding to that key to its postings. Postings are flat number lists
  `[doc gap, term frequency, field length, …]`. Names are content hashes: cache them forever.
- `r/<doc>.json` — the display record of one document (URL, title, type, date, place,
  snippet sentences), fetched only for results shown.
- `f/type-<type>.json`, `f/place-<code>.json` — sorted document numbers (gaps) for filters.

Records and filters are fetched with `?v=<manifest version>`, so a new build is never mixed
with an old one in a browser cache. Everything is written with sorted keys: deterministic.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from plugins.core.analysis import fold_table, keys

from .indexer import SCORED

SHARD_BYTES = 12_000
BOOSTS = {"title": 3.0, "body": 1.0, "exact": 2.0, "pair": 2.0}
BM25 = {"B": 0.75, "K1": 1.2}  # whoosh's BM25F defaults
# As you type, the last word (from 2 letters on) also matches its 20 commonest longer keys,
# weighted down so that the word as typed ("bán") outranks what it may become ("bàng").
PREFIX = {"min": 2, "expand": 20, "weight": 0.3}


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def export(index, docs: list, lang: str, folder: Path) -> dict:
    """Write the files; return the manifest."""
    with index.reader() as reader:
        count = reader.doc_count_all()
        entries = _entries(reader, lang, count)
        averages = {name: reader.field_length(name) / count if count else 0.0 for name in SCORED}
    shards = _write_shards(entries, folder / "t")
    version = hashlib.sha256("".join(name for _key, name in shards).encode() + dumps([d.__dict__ for d in docs]).encode()).hexdigest()[:12]
    manifest = {
        "lang": lang,
        "version": version,
        "docs": count,
        "average_length": averages,
        "boost": BOOSTS,
        "bm25": BM25,
        "prefix": PREFIX,
        "stem": lang == "en",
        "fold": fold_table(),
        "shards": shards,
        "types": sorted({d.type for d in docs}),
    }
    _write_records(docs, folder / "r")
    _write_filters(docs, folder / "f")
    (folder / "manifest.json").write_text(dumps(manifest), encoding="utf-8")
    return manifest


def _entries(reader, lang: str, count: int) -> dict[str, list]:
    lengths = {name: [reader.doc_field_length(d, name, 0) for d in range(count)] for name in SCORED}
    entries: dict[str, list] = {}
    for slot, name in ((0, "title"), (1, "body"), (3, "pair")):
        for term in reader.lexicon(name):
            key = term.decode("utf-8")
            entries.setdefault(key, [0, 0, 0, 0])[slot] = _postings(reader, name, term, lengths[name])
    for term in reader.lexicon("exact"):
        exact = term.decode("utf-8")
        entry = entries.setdefault(keys(exact, lang)[0], [0, 0, 0, 0])
        entry[2] = entry[2] or {}
        entry[2][exact] = _postings(reader, "exact", term, lengths["exact"])
    return entries


def _postings(reader, name: str, term: bytes, lengths: list[int]) -> list[int]:
    flat, last = [], 0
    for doc, weight in reader.postings(name, term).items_as("weight"):
        flat += [doc - last, int(weight), lengths[doc]]
        last = doc
    return flat


def _write_shards(entries: dict[str, list], folder: Path) -> list[list[str]]:
    folder.mkdir(parents=True, exist_ok=True)
    shards, parts, size, first = [], [], 0, None
    for key in sorted(entries):
        part = f"{dumps(key)}:{dumps(entries[key])}"
        if parts and size + len(part) > SHARD_BYTES:
            shards.append([first, _write_shard(parts, folder)])
            parts, size = [], 0
        if not parts:
            first = key
        parts.append(part)
        size += len(part)
    if parts:
        shards.append([first, _write_shard(parts, folder)])
    return shards


def _write_shard(parts: list[str], folder: Path) -> str:
    data = ("{" + ",".join(parts) + "}").encode("utf-8")
    name = hashlib.sha256(data).hexdigest()[:12]
    (folder / f"{name}.json").write_bytes(data)
    return name


def _write_records(docs: list, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number, doc in enumerate(docs):
        record = {"url": doc.url, "title": doc.title, "type": doc.type, "date": doc.date, "place": doc.place_label, "snippet": doc.snippet}
        (folder / f"{number}.json").write_text(dumps(record), encoding="utf-8")


def _write_filters(docs: list, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    groups: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        groups.setdefault(f"type-{doc.type}", []).append(number)
        for code in doc.places:
            groups.setdefault(f"place-{code}", []).append(number)
    for name, numbers in groups.items():
        gaps = [b - a for a, b in zip([0, *numbers], numbers, strict=False)]
        (folder / f"{name}.json").write_text(dumps(gaps), encoding="utf-8")

"""The exported index holds what whoosh's index of the same documents holds, and that whoosh index
(the reference the browser engine's ranking is compared with) is made on demand."""

from __future__ import annotations

import base64
import json
import shutil

import pytest

from plugins.search import reference
from plugins.search.analysis import keys
from plugins.search.indexer import SCORED
from plugins.search.reference import open_reference, reference_search
from plugins.search.search_index import reference_dir
from plugins.search.searchdoc import kept


def manifest(site, lang: str) -> dict:
    return json.loads((site / "search" / lang / "manifest.json").read_text(encoding="utf-8"))


def exported_entries(site, lang: str) -> dict:
    """Every key's entry as the shards hold it, a cut one (`export.tiered`) with its tails merged
    back into its heads: `[title, body, exact, pair]`."""
    folder = site / "search" / lang
    entries = {}
    for name in shard_names(site, lang):
        entries.update(json.loads((folder / "t" / f"{name}.json").read_text(encoding="utf-8")))
    for key, entry in entries.items():
        if len(entry) == 5:
            entries[key] = whole_entry(folder, entry)
    return entries


def shard_names(site, lang: str) -> list[str]:
    """The shards' names, through the manifest's groups, in key order."""
    folder = site / "search" / lang
    return [
        name
        for _first, group in manifest(site, lang)["shards"]
        for _key, name in json.loads((folder / "d" / f"{group}.json").read_text(encoding="utf-8"))
    ]


def read_tail(folder, name):
    return json.loads((folder / "p" / f"{name}.json").read_text(encoding="utf-8"))


def whole_entry(folder, entry: list) -> list:
    """A cut entry's lists, heads and tails merged; checks its document counts and members."""
    cut = entry[4]
    tail = read_tail(folder, cut["t"]) if "t" in cut else [0, 0, 0, 0]
    whole: list = [
        merged(entry[slot], tail[slot]) if isinstance(entry[slot], list) else 0 for slot in range(4)
    ]
    whole[2] = entry[2] and {
        form: merged(head, read_tail(folder, cut["e"][form]) if form in cut.get("e", {}) else [])
        for form, head in entry[2].items()
    }
    docs: set[int] = set()
    for slot in (0, 1, 3):
        assert (len(whole[slot]) // 3 if whole[slot] else 0) == (cut["n"][slot] or 0)
        docs.update(numbers(whole[slot] or [])[::3])
    for form, postings in (whole[2] or {}).items():
        assert len(postings) // 3 == cut["n"][2][form]
    assert sorted(docs) == members(cut["d"], manifest_docs(folder))
    return whole


def manifest_docs(folder) -> int:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["docs"]


def numbers(postings: list[int]) -> list[int]:
    """Gaps → document numbers, in place of the gaps."""
    out, at = list(postings), 0
    for i in range(0, len(out), 3):
        at += out[i]
        out[i] = at
    return out


def merged(head: list[int], tail: list[int]) -> list[int]:
    both = [numbers(head), numbers(tail or [])]
    flat = sorted(tuple(p[i : i + 3]) for p in both for i in range(0, len(p), 3))
    out, last = [], 0
    for doc, tf, length in flat:
        out += [doc - last, tf, length]
        last = doc
    return out


def members(stored, count: int) -> list[int]:
    if isinstance(stored, list):
        return numbers([n for gap in stored for n in (gap, 0, 0)])[::3]
    bits = base64.b64decode(stored)
    return [doc for doc in range(count) if bits[doc >> 3] >> (doc & 7) & 1]


def whoosh_entries(reader, lang: str) -> dict:
    """Every key's `[title, body, exact, pair]` postings, read from a whoosh index (the exact
    forms other than the key itself)."""
    lengths = {
        name: [reader.doc_field_length(d, name, 0) for d in range(reader.doc_count_all())]
        for name in SCORED
    }

    def postings(name, term):
        flat, last = [], 0
        for doc, weight in reader.postings(name, term).items_as("weight"):
            flat += [doc - last, int(weight), lengths[name][doc]]
            last = doc
        return flat

    entries: dict[str, list] = {}
    for slot, name in ((0, "title"), (1, "body"), (3, "pair")):
        for term in reader.lexicon(name):
            entries.setdefault(term.decode("utf-8"), [0, 0, 0, 0])[slot] = postings(name, term)
    for term in reader.lexicon("exact"):
        key = keys(term.decode("utf-8"), lang)[0]
        if key == term.decode("utf-8"):  # a form that is its key: never scored, not exported
            continue
        entry = entries.setdefault(key, [0, 0, 0, 0])
        entry[2] = entry[2] or {}
        entry[2][term.decode("utf-8")] = postings("exact", term)
    return entries


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_export_holds_whoosh_postings_and_lengths(search_site, lang):
    """Heads and tails together: whoosh's postings."""
    with open_reference(search_site, lang).reader() as reader:
        assert exported_entries(search_site, lang) == whoosh_entries(reader, lang)
        count = reader.doc_count_all()
        assert manifest(search_site, lang)["docs"] == count
        # to three significant digits
        assert manifest(search_site, lang)["average_length"] == {
            name: float(f"{reader.field_length(name) / count:.3g}") for name in SCORED
        }
        docs = kept(reference_dir(search_site) / lang, manifest(search_site, lang)["version"])
        # rounded by whoosh
        assert any(
            reader.doc_field_length(d, "body") != len(keys(doc.body, lang))
            for d, doc in enumerate(docs)
        )


def test_the_reference_index_is_made_on_demand_and_kept(search_site, monkeypatch):
    folder = reference_dir(search_site) / "vi"
    shutil.rmtree(folder / "whoosh", ignore_errors=True)  # as the build leaves it: documents only
    built = open_reference(search_site, "vi")
    assert (folder / "whoosh" / "manifest-version").read_text(
        encoding="utf-8"
    ) == f"{manifest(search_site, 'vi')['version']} plugins.search.analysis"

    def no_indexing(*args):
        raise AssertionError("the kept whoosh index should have been opened")

    monkeypatch.setattr(reference, "build_index", no_indexing)
    reopened = open_reference(search_site, "vi")
    assert reopened.doc_count() == built.doc_count() == manifest(search_site, "vi")["docs"]
    assert (
        reference_search(reopened, "mua ban nguoi", "vi")
        == reference_search(built, "mua ban nguoi", "vi")
        != []
    )


def _two_docs():
    from plugins.search.searchdoc import SearchDoc

    return [
        SearchDoc("a/", "Đường dây nóng", "gọi 111", "hotline", ("VN",), snippet=["gọi"]),
        SearchDoc("b/", "Plan", "body", "plan", ("VN", "01"), date="2025-01-02", national=True),
    ]


def test_the_version_hashes_the_shards_names_and_the_documents_json():
    import hashlib

    from plugins.search.export import _version
    from plugins.search.searchdoc import digest

    docs = _two_docs()
    whole = json.dumps([d.__dict__ for d in docs], ensure_ascii=False)  # the whole list's JSON
    assert digest(docs) == hashlib.sha256(whole.encode()).hexdigest()
    assert digest([]) == hashlib.sha256(b"[]").hexdigest()
    assert _version(["t1", "t2"], digest(docs)) != _version(["t1", "t2"], digest(docs[:1]))
    assert _version(["t1", "t2"], digest(docs)) != _version(["t1", "t3"], digest(docs))


def test_the_documents_kept_are_the_json_of_the_whole_list(tmp_path):
    from plugins.search.searchdoc import DIGEST, DOCUMENTS, digest, keep, stamp

    docs = _two_docs()
    assert keep(docs, tmp_path) == digest(docs)
    assert sorted(p.name for p in tmp_path.iterdir()) == [DIGEST, DOCUMENTS]
    written = (tmp_path / DOCUMENTS).read_text(encoding="utf-8")
    assert written == json.dumps([d.__dict__ for d in docs], ensure_ascii=False)
    assert kept(tmp_path, "v1") is None  # not until a manifest made from them is stamped
    stamp(tmp_path, "v1")
    assert kept(tmp_path, "v1") == docs
    assert kept(tmp_path, "v2") is None
    stamped = (tmp_path / DOCUMENTS).stat().st_mtime_ns
    keep(docs, tmp_path)  # the same documents: left as they were, still stamped
    assert (tmp_path / DOCUMENTS).stat().st_mtime_ns == stamped
    assert kept(tmp_path, "v1") == docs
    keep(docs[:1], tmp_path)  # other documents: the stamp goes with the old ones
    assert kept(tmp_path, "v1") is None
    (tmp_path / DOCUMENTS).unlink()  # the digest alone does not stand for the file
    keep(docs[:1], tmp_path)
    stamp(tmp_path, "v2")
    assert kept(tmp_path, "v2") == docs[:1]


def test_a_document_pickles_without_growing_its_body():
    import pickle
    import sys

    doc = _two_docs()[0]
    doc.body = "Người bán hàng ".encode().decode() * 50  # a string no pickle has seen
    size = sys.getsizeof(doc.body)
    again = pickle.loads(pickle.dumps(doc, pickle.HIGHEST_PROTOCOL))
    assert sys.getsizeof(doc.body) == size
    assert again == doc and type(again.body) is str

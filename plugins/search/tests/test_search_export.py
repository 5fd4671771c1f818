"""The exported index holds what whoosh's index of the same documents holds, and that whoosh index
(the reference the browser engine's ranking is compared with) is made on demand."""

from __future__ import annotations

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
    entries = {}
    for _first, name in manifest(site, lang)["shards"]:
        entries.update(
            json.loads((site / "search" / lang / "t" / f"{name}.json").read_text(encoding="utf-8"))
        )
    return entries


def whoosh_entries(reader, lang: str) -> dict:
    """Every key's `[title, body, exact, pair]` postings, read from a whoosh index."""
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
        entry = entries.setdefault(keys(term.decode("utf-8"), lang)[0], [0, 0, 0, 0])
        entry[2] = entry[2] or {}
        entry[2][term.decode("utf-8")] = postings("exact", term)
    return entries


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_export_holds_whoosh_postings_and_lengths(search_site, lang):
    with open_reference(search_site, lang).reader() as reader:
        assert exported_entries(search_site, lang) == whoosh_entries(reader, lang)
        count = reader.doc_count_all()
        assert manifest(search_site, lang)["docs"] == count
        assert manifest(search_site, lang)["average_length"] == {
            name: reader.field_length(name) / count for name in SCORED
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

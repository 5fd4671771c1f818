"""The index is made of whoosh's terms: `terms.py`, which splits each text once and analyses each
distinct word once, gives what the analysers of `plugins/search/analysis.py` give for whole
texts."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter

import pytest

from plugins.search.analysis import exact_forms, key_analyzer, keys, pair_analyzer
from plugins.search.search_index import reference_dir
from plugins.search.searchdoc import kept
from plugins.search.terms import DocTerms, Words

TRICKY = [
    ("", ""),
    ("Một", ""),
    ("", "… — !"),
    ("HOÀ BÌNH", "hoà hòa HOÀ thuỷ quý"),
    (unicodedata.normalize("NFD", "Đà Nẵng"), unicodedata.normalize("NFD", "Trị an, Nẵng")),
    ("İstanbul Straße", "ÆSIR ǅemal ﬁnal Ⅻ ½ x²"),
    ("snake_case 2025-07-01", "a\u0301 e\u0328\u0301 \u0301alone"),
    ("trafficked traffickers", "persons' children's ÉLITE naïve"),
]


def whoosh_terms(title: str, body: str, lang: str) -> DocTerms:
    both = f"{title}\n{body}"  # as indexer.py gives the exact and pair fields
    fields = [
        keys(title, lang),
        keys(body, lang),
        exact_forms(both, lang),
        [t.text for t in pair_analyzer(lang)(both)],
    ]
    return DocTerms.of(
        tuple(dict(Counter(terms)) for terms in fields), tuple(len(terms) for terms in fields)
    )


def site_documents(site, lang: str) -> list:
    version = json.loads((site / "search" / lang / "manifest.json").read_text(encoding="utf-8"))[
        "version"
    ]
    docs = kept(reference_dir(site) / lang, version)
    assert docs is not None, f"no search documents kept for {lang} in {site}"
    return docs


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_document_has_the_terms_whoosh_gives_it(search_site, lang):
    docs = site_documents(search_site, lang)
    assert len(docs) > 300  # pages and places
    words = Words(lang)
    texts = [(d.title, d.body) for d in docs]
    # typed otherwise
    texts += [
        (unicodedata.normalize("NFD", t).upper(), unicodedata.normalize("NFD", b))
        for t, b in texts[:60]
    ]
    mismatches = [
        (title, body)
        for title, body in texts
        if words.terms(title, body) != whoosh_terms(title, body, lang)
    ]
    assert mismatches == []


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("title", "body"), TRICKY)
def test_odd_texts_have_the_terms_whoosh_gives_them(title, body, lang):
    assert Words(lang).terms(title, body) == whoosh_terms(title, body, lang)


def test_each_distinct_word_is_analysed_once(monkeypatch):
    from plugins.search import terms

    analysed = []

    def counting(lang):
        analyser = key_analyzer(lang)
        return lambda word, **options: analysed.append(word) or analyser(word, **options)

    monkeypatch.setattr(terms, "key_analyzer", counting)
    found = Words("vi").terms("Mua bán", "mua bán, mua bán người")
    assert sorted(analysed) == ["Mua", "bán", "mua", "người"]
    assert found.counts[1] == {"mua": 2, "ban": 2, "nguoi": 1}

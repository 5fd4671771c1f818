"""Search: whoosh at build time, the static index, and the browser engine run under Node.

The site is `search_site` (conftest): a generated fixture plus hand-written pages whose words
the queries below look for (tests/fixtures/search/guidance/).
"""

from __future__ import annotations

import json
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, parse
from plugins.search.analysis import exact_forms, fold_table, keys
from plugins.search.export import RECORD_BYTES
from plugins.search.reference import open_reference, reference_search
from plugins.search.search_index import reference_dir
from plugins.search.searchdoc import kept

CLI = ROOT / "plugins" / "search" / "cli.mjs"
ENGINE = (ROOT / "plugins" / "search" / "static" / "js" / "search" / "search.js").as_uri()
BYTES_PER_QUERY = 40_000  # gzip bytes a query may fetch: manifest, shards and ten records


def node_search(site, queries: list[dict]) -> list[dict]:
    """Run the browser engine under Node, one fresh index per query (cold cache)."""
    batch = site.parent / "queries.json"
    batch.write_text(json.dumps(queries), encoding="utf-8")
    done = subprocess.run(
        ["node", str(CLI), "--root", str(site), "--batch", str(batch)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def urls(site, query: str, lang: str = "vi", **options) -> list[str]:
    [out] = node_search(site, [{"query": query, "lang": lang, **options}])
    return [r["url"] for r in out["results"]]


def first(site, query: str, lang: str = "vi", **options) -> str:
    found = urls(site, query, lang, **options)
    assert found, f"nothing found for {query!r}"
    return found[0]


# --- analysis parity -------------------------------------------------------------------------


def corpus_words(site) -> set[str]:
    words: set[str] = set()
    for path in (site.parent / "content").rglob("*.md"):
        words.update(t.text for t in _tokens(path.read_text(encoding="utf-8")))
    return words


def _tokens(text):
    from plugins.search.analysis import TOKEN, NfcTokenizer

    return NfcTokenizer(TOKEN)(text)


def variants(word: str) -> list[str]:
    """The word as typed in other ways: decomposed, upper case, old-style tone placement."""
    old_style = unicodedata.normalize(
        "NFC",
        unicodedata.normalize("NFD", word)
        .replace("o\u0300a", "oa\u0300")
        .replace("u\u0309y", "uy\u0309"),
    )
    return [word, unicodedata.normalize("NFD", word), word.upper(), old_style]


def node_analyse(site, lang: str, texts: list[str]) -> list[list[list[str]]]:
    fold = json.loads((site / "search" / lang / "manifest.json").read_text(encoding="utf-8"))[
        "fold"
    ]
    script = (
        f'import {{ analyser }} from "{ENGINE}";\n'
        f"import {{ stem }} from "
        f'"{(ROOT / "plugins/search/static/js/search/porter.js").as_uri()}";\n'
        'import { readFileSync } from "node:fs";\n'
        "const { fold, stemmed, texts } = JSON.parse(readFileSync(0, 'utf8'));\n"
        "const analyse = analyser(fold, stemmed ? stem : null);\n"
        "console.log(JSON.stringify(texts.map((t) => analyse(t).map((w) => [w.exact, w.key]))));\n"
    )
    payload = json.dumps({"fold": fold, "stemmed": lang == "en", "texts": texts})
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_browser_derives_the_terms_whoosh_derives_for_every_word(search_site, lang):
    texts = sorted({v for word in corpus_words(search_site) for v in variants(word)})
    assert len(texts) > 2000
    browser = node_analyse(search_site, lang, texts)
    mismatches = [
        (t, b, list(zip(exact_forms(t, lang), keys(t, lang), strict=True)))
        for t, b in zip(texts, browser, strict=True)
        if [tuple(x) for x in b] != list(zip(exact_forms(t, lang), keys(t, lang), strict=True))
    ]
    assert mismatches == [], mismatches[:10]


def test_tone_placement_and_decomposition_give_one_term():
    forms = [
        "hoà",
        "hòa",
        unicodedata.normalize("NFD", "hoà"),
        unicodedata.normalize("NFD", "hòa"),
        "HOÀ",
    ]
    assert {tuple(exact_forms(f, "vi")) for f in forms} == {("hòa",)}
    assert keys("Đường dây nóng", "vi") == ["duong", "day", "nong"]
    assert exact_forms("quý thuỷ", "vi") == ["quý", "thủy"]  # qu is a consonant: quý keeps its tone


# --- queries through the Node engine ---------------------------------------------------------

BAN = "guidance/tim-kiem-ban-hang/"
BAN_DESK = "guidance/tim-kiem-ban-tiep-dan/"
FRIEND = "guidance/tim-kiem-ban-be/"
MEDIATION = "guidance/tim-kiem-hoa-giai/"
BORDER = "guidance/tim-kiem-don-bien-phong/"


@pytest.mark.parametrize(
    "query",
    [
        "hoa giai",
        "hoà giải",
        "hòa giải",
        unicodedata.normalize("NFD", "hoà giải"),
        unicodedata.normalize("NFD", "hòa giải"),
        "HOÀ GIẢI",
        "hoà gi",
    ],
)
def test_every_way_of_typing_finds_the_page_first(search_site, query):
    assert first(search_site, query) == MEDIATION


@pytest.mark.parametrize(
    "query", ["don bien phong", "đồn biên phòng", "Đồn Biên Phòng", "dồn biên phòng", "đồn biên ph"]
)
def test_d_and_dj_are_the_same_letter(search_site, query):
    assert first(search_site, query) == BORDER


def test_exact_accents_come_first(search_site):
    for query, wanted, others in [
        ("bán", BAN, [BAN_DESK, FRIEND]),
        ("bàn", BAN_DESK, [BAN, FRIEND]),
        ("bạn", FRIEND, [BAN, BAN_DESK]),
    ]:
        found = urls(search_site, query + " ", limit=60)
        assert found[0] == wanted, (query, found[:5])
        assert all(o in found for o in others), f"{query!r} must still find the other spellings"


def test_unaccented_query_finds_accented_pages(search_site):
    found = urls(search_site, "mua ban nguoi ", limit=20)
    assert len(found) >= 10
    [out] = node_search(search_site, [{"query": "mua ban nguoi", "lang": "vi"}])
    # highlighted in their accented form
    assert "[mua] [bán] [người]" in out["results"][0]["snippet"]


def test_english_is_stemmed(search_site):
    trafficked = set(urls(search_site, "trafficked ", "en", limit=200))
    trafficking = set(urls(search_site, "trafficking ", "en", limit=200))
    # its text says "trafficking" only
    assert trafficked == trafficking and "en/hotlines/111/" in trafficked
    # the exact form earns a bonus (titles with "Trafficking" still come first: in English the
    # other forms of a word are as good an answer, unlike a Vietnamese word's folded twin)
    assert urls(search_site, "trafficked ", "en", limit=200).index("en/" + BAN) < urls(
        search_site, "trafficking ", "en", limit=200
    ).index("en/" + BAN)


def test_the_last_word_is_a_prefix_while_typing(search_site):
    assert first(search_site, "đồn biên ph") == BORDER
    typing, typed = node_search(
        search_site, [{"query": "hoà gi", "lang": "vi"}, {"query": "hoà gi ", "lang": "vi"}]
    )
    assert typing["results"][0]["url"] == MEDIATION
    # "gi" typed in full is the question word "gì": scored, not required
    assert 0 < typing["total"] <= typed["total"]


def test_type_filter(search_site):
    [out] = node_search(
        search_site, [{"query": "mua ban nguoi", "lang": "vi", "type": "plan", "limit": 50}]
    )
    assert out["total"] > 3 and {r["type"] for r in out["results"]} == {"plan"}


def test_a_province_filter_includes_its_communes(search_site):
    found = urls(search_site, "phuong ", type="locality", locality="31", limit=500)
    assert len(found) > 10
    assert all(url.startswith("localities/hai-phong/") for url in found), found[:5]
    assert not any(url.startswith("localities/ha-noi/") for url in found)


def test_no_match_is_empty_and_cheap(search_site):
    [out] = node_search(search_site, [{"query": "xyzzyqq", "lang": "vi"}])
    assert out["results"] == [] and out["total"] == 0
    assert out["bytes"]["files"] <= 3  # the manifest, one group of shards and one shard


QUERY_SET = [
    ("mua bán người", "vi"),
    ("mua ban nguoi", "vi"),
    ("lừa đi làm việc nhẹ lương cao", "vi"),
    ("duong day nong", "vi"),
    ("hoà giải", "vi"),
    ("bán ", "vi"),
    ("ke hoach", "vi"),
    ("phòng chống", "vi"),
    ("trẻ em", "vi"),
    ("ha noi", "vi"),
    ("trafficked", "en"),
    ("human trafficking", "en"),
    ("hotline", "en"),
    ("plan prevention", "en"),
    ("border", "en"),
    ("children", "en"),
]


def test_bytes_per_query_stay_under_budget(search_site):
    outs = node_search(search_site, [{"query": q, "lang": lang} for q, lang in QUERY_SET])
    heaviest = max(outs, key=lambda o: o["bytes"]["gzip"])
    assert heaviest["bytes"]["gzip"] <= BYTES_PER_QUERY, (heaviest["query"], heaviest["bytes"])


@pytest.mark.parametrize(("query", "lang"), QUERY_SET)
def test_ranking_agrees_with_whoosh(search_site, query, lang):
    [out] = node_search(search_site, [{"query": query, "lang": lang, "limit": 10}])
    ix = open_reference(search_site, lang)
    reference = reference_search(ix, query, lang, limit=10)
    assert [r["doc"] for r in out["results"]] == [doc for doc, _ in reference]
    for mine, (_, score) in zip(out["results"], reference, strict=True):
        assert mine["score"] == pytest.approx(score, rel=1e-9)


def test_filtered_ranking_agrees_with_whoosh(search_site):
    [out] = node_search(
        search_site,
        [{"query": "mua ban", "lang": "vi", "type": "plan", "locality": "01", "limit": 10}],
    )
    reference = reference_search(
        open_reference(search_site, "vi"), "mua ban", "vi", type="plan", locality="01"
    )
    assert [r["doc"] for r in out["results"]] == [doc for doc, _ in reference]


def test_the_index_is_split_and_deterministic(search_site):
    folder = search_site / "search" / "vi"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    shards = list((folder / "t").iterdir())
    groups = [json.loads(p.read_text(encoding="utf-8")) for p in (folder / "d").iterdir()]
    assert len(shards) == sum(map(len, groups)) > 3
    assert len(groups) == len(manifest["shards"])
    # a few records a file
    assert max(p.stat().st_size for p in (folder / "r").iterdir()) < 3 * RECORD_BYTES
    total = sum(p.stat().st_size for p in folder.rglob("*.json"))
    assert (folder / "manifest.json").stat().st_size < total / 10


def engine_reads(site, lang: str, names: list[str]) -> dict:
    """Every document's record and the given filter lists (as document numbers), read through the
    engine."""
    script = (
        f'import {{ open }} from "{ENGINE}";\n'
        'import { readFileSync } from "node:fs";\n'
        "const { folder, names } = JSON.parse(readFileSync(0, 'utf8'));\n"
        "const index = await open(async (path) => JSON.parse(readFileSync(folder + "
        "path.split('?')[0], 'utf8')));\n"
        "const records = [];\n"
        "for (let doc = 0; doc < index.manifest.docs; doc++) records.push(await "
        "index.record(doc));\n"
        "const filters = {};\n"
        "for (const name of names) { let at = 0; filters[name] = (await "
        "index.filter(name)).map((gap) => (at += gap)); }\n"
        "console.log(JSON.stringify({ records, filters }));\n"
    )
    payload = json.dumps({"folder": f"{site}/search/{lang}/", "names": names})
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_records_and_filters_come_a_few_to_a_file_and_every_one_is_reachable(search_site, lang):
    folder = search_site / "search" / lang
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    docs = kept(reference_dir(search_site) / lang, manifest["version"])
    lists: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        for name in [f"type-{doc.type}", *(f"place-{code}" for code in doc.places)]:
            lists.setdefault(name, []).append(number)
    record_files, filter_files = list((folder / "r").iterdir()), list((folder / "f").iterdir())
    # at least three a file, but a type's last
    assert len(record_files) <= len(docs) / 3 + len(manifest["records"])
    assert len(filter_files) == len(manifest["filters"]) and len(filter_files) * 10 < len(lists)

    read = engine_reads(search_site, lang, [*lists, "place-ZZ", "a", "zz"])
    assert read["records"] == [
        {
            "url": d.url,
            "title": d.title,
            "type": d.type,
            "date": d.date,
            "place": d.place_label,
            "snippet": d.snippet,
        }
        for d in docs
    ]
    # unknown names filter everything out
    assert read["filters"] == {
        **lists,
        "place-ZZ": [],
        "a": [],
        "zz": [],
    }


def test_the_reference_refuses_a_stale_index(search_site, tmp_path):
    import shutil

    from plugins.search.reference import StaleReference

    copy = tmp_path / "output"
    shutil.copytree(search_site / "search", copy / "search")
    with pytest.raises(StaleReference):
        open_reference(copy, "vi")


def test_a_hostile_title_is_text_on_its_own_page_too(search_site):
    from conftest import parse

    page = parse(search_site / "guidance" / "tim-kiem-xss" / "index.html")
    assert page.h1.get_text(strip=True) == "<img src=x onerror=alert(1)>"
    assert page.find("img", attrs={"onerror": True}) is None  # templates escape every value


def test_the_javascript_unit_tests_fold_table_is_pythons():
    """plugins/search/tests/fixtures/fold.json (read by the `node --test` unit tests) is whoosh's
    accent map as analysis.py builds it: regenerate it when this fails."""
    saved = json.loads(
        (Path(__file__).parent / "fixtures" / "fold.json").read_text(encoding="utf-8")
    )
    assert saved == fold_table()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_kind_filter_offers_exactly_the_kinds_the_index_holds(search_site, lang):
    """The build process lists the kinds (`documents.doc_types`) while the index's process makes
    the documents: the search page must offer every kind of document indexed, and no other."""
    page = search_site / ("search/index.html" if lang == "vi" else "en/search/index.html")
    offered = [o["value"] for o in parse(page).select("select#search-type option") if o["value"]]
    manifest = json.loads((search_site / "search" / lang / "manifest.json").read_text("utf-8"))
    docs = kept(reference_dir(search_site) / lang, manifest["version"])
    assert offered == sorted({doc.type for doc in docs})
    assert {"plan", "hotline", "locality", "calendar"} <= set(offered)

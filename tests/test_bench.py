"""The benchmark harness (bench/, `invoke bench`) in its quick mode: every figure is written.

Timings are never asserted: only that each key of issue 9 is there with a number in a plausible
range, that both builds wrote the same number of pages and that the report was written.
"""

from __future__ import annotations

import json

import pytest

from bench.corpus import plain_text, split_front_matter
from bench.report import changed
from bench.run import QUICK, run_bench
from bench.search import QUERIES, percentile

KEYS = {
    "commit": str,
    "pages": int,
    "build_s": {"project_cold": float, "project_warm_one_edit": float, "plain_pelican": float},
    "per_page_ratio": float,
    "peak_rss_mb": {"project": int, "plain_pelican": int},
    "search": {
        "query_bytes_median": int,
        "query_bytes_max": int,
        "pagefind_query_bytes_median": int,
        "query_ms_p50": float,
        "query_ms_p95": float,
        "index_bytes_gz": {"vi": int, "en": int},
    },
    "page_weight_kb": {"median": float, "max": float},
}


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    run_bench(QUICK["documents"], QUICK["runs"], 1, QUICK["provinces"], folder / "work", folder / "results")
    return folder


def _shape(value, spec, name=""):
    if isinstance(spec, dict):
        assert isinstance(value, dict) and set(value) == set(spec), f"{name or 'results'}: keys {sorted(value)} != {sorted(spec)}"
        for key, inner in spec.items():
            _shape(value[key], inner, f"{name}.{key}".lstrip("."))
    else:
        numeric = spec is not str and isinstance(value, int | float) and not isinstance(value, bool)
        assert isinstance(value, spec) or (spec is float and numeric), f"{name}: {value!r} is not a {spec.__name__}"


def test_results_json_has_exactly_the_keys_of_the_issue(bench):
    results = json.loads((bench / "results" / "results.json").read_text(encoding="utf-8"))
    _shape(results, KEYS)
    assert results["commit"]


def test_the_figures_are_in_plausible_ranges(bench):
    r = json.loads((bench / "results" / "results.json").read_text(encoding="utf-8"))
    assert 100 < r["pages"] < 5000  # items, lists and one province's places, in two languages
    assert all(s > 0 for s in r["build_s"].values()) and r["per_page_ratio"] > 0
    assert all(10 < mb < 8192 for mb in r["peak_rss_mb"].values())
    s = r["search"]
    assert 1000 < s["query_bytes_median"] <= s["query_bytes_max"] < 1_000_000
    assert 10_000 < s["pagefind_query_bytes_median"] < 5_000_000  # pagefind.js and its WebAssembly alone weigh more than 10 KB
    assert 0 < s["query_ms_p50"] <= s["query_ms_p95"]
    assert all(b > 1000 for b in s["index_bytes_gz"].values())
    assert 1 < r["page_weight_kb"]["median"] <= r["page_weight_kb"]["max"] < 100


def test_both_builds_write_the_same_number_of_pages(bench):
    work = bench / "work"
    project = sum(1 for _ in (work / "out" / "project").rglob("*.html"))
    plain = sum(1 for _ in (work / "out" / "plain").rglob("*.html"))
    assert project == plain == json.loads((bench / "results" / "results.json").read_text())["pages"]
    assert (work / "out" / "plain" / "pages").is_dir(), "no plain locality pages were written"


def test_the_plain_copy_has_the_same_bodies(bench):
    work = bench / "work"
    for source in sorted((work / "fixture" / "content" / "guidance").glob("*.md"))[:4]:
        _, body = split_front_matter(source.read_text(encoding="utf-8"))
        copy = (work / "plain" / "content" / "guidance" / source.name).read_text(encoding="utf-8")
        assert copy.startswith("Title: ") and copy.endswith(body)


def test_the_report_lists_every_target_and_query(bench):
    text = (bench / "results" / "RESULTS.md").read_text(encoding="utf-8")
    for name in ("per_page_ratio", "build_s.project_warm_one_edit", "search.query_bytes_median", "search.query_ms_p95", "page_weight_kb.max", "peak_rss_mb.project"):
        assert f"| `{name}` |" in text
    assert all(f"`{query}`" in text for _, query in QUERIES)
    assert "CACHE_CONTENT = " in text and "| CPUs |" in text


def test_pelican_metadata_lines_replace_the_front_matter():
    meta, body = split_front_matter('---\ntitle: "[Mẫu] Kế hoạch"\nslug: mau\nlang: vi\nissued: 2024-02-05\n---\n\nThân bài.\n')
    assert plain_text(meta, body) == "Title: [Mẫu] Kế hoạch\nDate: 2024-02-05\nSlug: mau\nLang: vi\n\nThân bài.\n"


def test_percentile_is_nearest_rank():
    values = list(range(1, 21))
    assert (percentile(values, 0.5), percentile(values, 0.95), percentile([7.0], 0.95)) == (10, 19, 7.0)


def test_a_source_changed_mid_run_is_named():
    assert changed({"a.py": (1, 10), "b.py": (1, 10)}, {"a.py": (2, 10), "b.py": (1, 10), "c.py": (3, 1)}) == ["a.py", "c.py"]

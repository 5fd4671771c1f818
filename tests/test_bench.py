"""The benchmark harness (bench/, `invoke bench`) in its quick mode: every figure is written.

Timings are never asserted: only that each key of issues 9 and 21 is there with a number in a
plausible range, that the three builds wrote the same number of pages (Hugo's Vietnamese at the
root, English under /en/), that the preview saw its edits, that the 10× run (on a tiny fixture)
merges its keys and its section without erasing the national ones, and that the report was written.
"""

from __future__ import annotations

import http.server
import json
import math
import re
import subprocess
import threading

import pytest

from bench import preview, report
from bench.builds import TRASH, BenchError, clear, empty_trash
from bench.corpus import plain_text, split_front_matter
from bench.report import changed
from bench.run import QUICK, run_bench
from bench.scale import run_scale
from bench.search import QUERIES, percentile

KEYS = {
    "commit": str,
    "pages": int,
    "build_s": {
        "project_cold": float,
        "project_warm_one_edit": float,
        "plain_pelican": float,
        "hugo": float,
    },
    "per_page_ratio": float,
    "per_page_ratio_hugo": float,
    "preview_s": {"body_edit": float, "title_edit": float},
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
SCALE_KEYS = {
    "per_page_ratio_to_1x": float,
    "per_item_ratio_to_1x": float,
    "per_page_ratio_if_linear": float,
    "warm_one_edit_over_cold": float,
    "peak_rss_mb": int,
    "search": {"query_bytes_median": int, "query_ms_p95": float},
    "commit": str,
}


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    run_bench(
        QUICK["documents"],
        QUICK["runs"],
        1,
        QUICK["provinces"],
        folder / "work",
        folder / "results",
    )
    (folder / "national.json").write_bytes((folder / "results" / "results.json").read_bytes())
    (folder / "national.md").write_bytes((folder / "results" / "RESULTS.md").read_bytes())
    return folder


@pytest.fixture(scope="module")
def scaled(bench):
    """The 10× run on 5 and 50 documents, into the national run's results folder."""
    run_scale(5, 10, 1, 1, QUICK["provinces"], bench / "work" / "scale", bench / "results")
    return bench


def _shape(value, spec, name=""):
    if isinstance(spec, dict):
        assert isinstance(value, dict) and set(value) == set(spec), (
            f"{name or 'results'}: keys {sorted(value)} != {sorted(spec)}"
        )
        for key, inner in spec.items():
            _shape(value[key], inner, f"{name}.{key}".lstrip("."))
    else:
        numeric = spec is not str and isinstance(value, int | float) and not isinstance(value, bool)
        assert isinstance(value, spec) or (spec is float and numeric), (
            f"{name}: {value!r} is not a {spec.__name__}"
        )


def test_results_json_has_exactly_the_keys_of_the_issue(bench):
    results = json.loads((bench / "national.json").read_text(encoding="utf-8"))
    _shape(results, KEYS)
    assert results["commit"]


def test_the_figures_are_in_plausible_ranges(bench):
    r = json.loads((bench / "national.json").read_text(encoding="utf-8"))
    assert 100 < r["pages"] < 5000  # items, lists and one province's places, in two languages
    assert (
        all(s > 0 for s in r["build_s"].values())
        and r["per_page_ratio"] > 0
        and r["per_page_ratio_hugo"] > 0
    )
    assert all(0 < s < 600 for s in r["preview_s"].values())
    assert all(10 < mb < 8192 for mb in r["peak_rss_mb"].values())
    s = r["search"]
    assert 1000 < s["query_bytes_median"] <= s["query_bytes_max"] < 1_000_000
    # pagefind.js and its WebAssembly alone weigh more than 10 KB
    assert 10_000 < s["pagefind_query_bytes_median"] < 5_000_000
    assert 0 < s["query_ms_p50"] <= s["query_ms_p95"]
    assert all(b > 1000 for b in s["index_bytes_gz"].values())
    assert 1 < r["page_weight_kb"]["median"] <= r["page_weight_kb"]["max"] < 100


def test_the_three_builds_write_the_same_number_of_pages(bench):
    work = bench / "work"
    project, plain, hugo = (
        sum(1 for _ in (work / "out" / kind).rglob("*.html"))
        for kind in ("project", "plain", "hugo")
    )
    assert project == plain == hugo == json.loads((bench / "national.json").read_text())["pages"]
    assert (work / "out" / "plain" / "pages").is_dir(), "no plain locality pages were written"
    assert (work / "out" / "hugo" / "pages").is_dir(), "no Hugo locality pages were written"


def test_hugo_writes_vietnamese_at_the_root_and_english_under_en(bench):
    work = bench / "work"
    site = work / "out" / "hugo"
    assert '<html lang="vi">' in (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in (site / "en" / "index.html").read_text(encoding="utf-8")
    assert not (site / "vi").exists()
    items = sorted((work / "fixture" / "content" / "plans").glob("*.vi.md"))
    assert items
    for source in items:
        slug = split_front_matter(source.read_text(encoding="utf-8"))[0]["slug"]
        vi, en = site / "plans" / slug / "index.html", site / "en" / "plans" / slug / "index.html"
        assert '<html lang="vi">' in vi.read_text(
            encoding="utf-8"
        ) and '<html lang="en">' in en.read_text(encoding="utf-8")
        # each language links to the other
        assert f'href="/en/plans/{slug}/" hreflang="en"' in vi.read_text(encoding="utf-8")
    listing = (site / "plans" / "index.html").read_text(encoding="utf-8")
    # the padding is listed nowhere
    assert listing.count("<li><article>") == len(items) and "locality-" not in listing


def test_the_preview_saw_each_edit_and_put_the_file_back(bench):
    # bench/preview.py returns a time only once the served page (over HTTP) holds the new text, and
    # fails otherwise.
    work = bench / "work"
    edited = sorted((work / "fixture" / "content" / "plans").glob("*.vi.md"))[0].read_text(
        encoding="utf-8"
    )
    assert "Câu xem trước thử" not in edited and "Tiêu đề xem trước thử" not in edited
    text = (bench / "national.md").read_text(encoding="utf-8")
    assert "## Preview" in text and "| run | body edit s | title edit s |" in text
    assert re.search(r"^\| 1 \| \d+\.\d{3} \| \d+\.\d{3} \|$", text, re.M)


def test_the_preview_sees_an_edit_over_http(tmp_path):
    """The poll finds a body edit in the served page: a server stands in for `invoke serve`,
    rebuilding from the file."""
    page_dir = tmp_path / "out" / "plans" / "mau"
    page_dir.mkdir(parents=True)
    source = tmp_path / "content" / "plans" / "mau.vi.md"
    source.parent.mkdir(parents=True)
    source.write_text(
        '---\ntitle: "[Mẫu] Kế hoạch"\nslug: mau\n---\n\nThân bài.\n', encoding="utf-8"
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = f"<html><body>{source.read_text(encoding='utf-8')}</body></html>".encode()
            self.send_response(200 if self.path == preview.page_path(source) else 404)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    fake = preview.Server.__new__(preview.Server)
    fake.port, fake.log, fake.process = (
        server.server_address[1],
        tmp_path / "log",
        subprocess.Popen(["sleep", "30"]),
    )
    try:
        sentence = preview.body_edit(source, 1, "abc")
        assert sentence == "Câu xem trước thử số 1 mã abc." and source.read_text(
            encoding="utf-8"
        ).endswith(f"\n\n{sentence}\n")
        assert 0 <= fake.wait_for("/plans/mau/", sentence, 10) < 10
        words = preview.title_edit(source, 1, "abc")
        assert (
            split_front_matter(source.read_text(encoding="utf-8"))[0]["title"] == f"[Mẫu] {words}"
        )
        assert fake.wait_for("/plans/mau/", words, 10) >= 0
        with pytest.raises(BenchError, match="did not show"):
            fake.wait_for("/plans/mau/", "never written", 0.2)
    finally:
        fake.process.kill()
        fake.process.wait()
        server.shutdown()
        server.server_close()
        serving.join(10)


def test_the_plain_copy_has_the_same_bodies(bench):
    work = bench / "work"
    for source in sorted((work / "fixture" / "content" / "guidance").glob("*.md"))[:4]:
        _, body = split_front_matter(source.read_text(encoding="utf-8"))
        copy = (work / "plain" / "content" / "guidance" / source.name).read_text(encoding="utf-8")
        assert copy.startswith("Title: ") and copy.endswith(body)


def test_the_report_lists_every_target_and_query(bench):
    text = (bench / "national.md").read_text(encoding="utf-8")
    for name in (
        "per_page_ratio",
        "per_page_ratio_hugo",
        "build_s.hugo",
        "preview_s.body_edit",
        "preview_s.title_edit",
        "build_s.project_warm_one_edit",
    ):
        assert f"| `{name}` |" in text
    for name in (
        "search.query_bytes_median",
        "search.query_ms_p95",
        "page_weight_kb.max",
        "peak_rss_mb.project",
    ):
        assert f"| `{name}` |" in text
    assert all(f"`{query}`" in text for _, query in QUERIES)
    assert (
        "CACHE_CONTENT = " in text
        and "| CPUs |" in text
        and "| Hugo |" in text
        and "load average" in text
    )
    assert "| round | ours cold s | plain Pelican s | Hugo s |" in text and "Min–max: ours " in text


def test_the_10x_run_adds_its_keys_and_section_and_keeps_the_national_ones(scaled):
    results = json.loads((scaled / "results" / "results.json").read_text(encoding="utf-8"))
    national = json.loads((scaled / "national.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in results.items() if k != "scale_10x"} == national
    _shape(results["scale_10x"], SCALE_KEYS, "scale_10x")
    s = results["scale_10x"]
    # at 5 and 50 documents the items' cost is within the noise: the 50-document build may be the
    # faster, and the per-item ratio negative (`per_item_ratio`'s doctests check the arithmetic)
    assert (
        s["per_page_ratio_to_1x"] > 0
        and math.isfinite(s["per_item_ratio_to_1x"])
        and s["per_page_ratio_if_linear"] > 0
        and s["warm_one_edit_over_cold"] > 0
        and 10 < s["peak_rss_mb"] < 8192
    )
    assert 1000 < s["search"]["query_bytes_median"] < 1_000_000 and s["search"]["query_ms_p95"] > 0
    text = (scaled / "results" / "RESULTS.md").read_text(encoding="utf-8")
    assert text.startswith((scaled / "national.md").read_text(encoding="utf-8").rstrip("\n"))
    assert (
        text.count(report.SCALE_BEGIN) == 1
        and "| `scale_10x.peak_rss_mb` |" in text
        and "| round | 0× cold s | 1× cold s | 10× cold s |" in text
    )
    assert "1×: 5 items" in text and "10×: 50 items" in text
    # memory is sampled in builds of its own, not in the timed ones
    assert "| 10x memory cold |" in text and "| 10x memory warm |" in text


def test_each_run_keeps_what_the_other_wrote(tmp_path):
    (tmp_path / "results.json").write_text(
        json.dumps({"pages": 1, "scale_10x": {"commit": "a"}}), encoding="utf-8"
    )
    assert report.merged({"pages": 2}, tmp_path) == {"pages": 2, "scale_10x": {"commit": "a"}}
    (tmp_path / "RESULTS.md").write_text("# National\n\nold figures\n", encoding="utf-8")
    report.write_scale_section(["## Ten times", "first"], tmp_path)
    report.write_scale_section(["## Ten times", "second"], tmp_path)
    text = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert (
        text.startswith("# National\n\nold figures\n")
        and "second" in text
        and "first" not in text
        and text.count(report.SCALE_BEGIN) == 1
    )
    assert report.scale_section(tmp_path) == [
        report.SCALE_BEGIN,
        "## Ten times",
        "second",
        report.SCALE_END,
        "",
    ]


def test_pelican_metadata_lines_replace_the_front_matter():
    meta, body = split_front_matter(
        '---\ntitle: "[Mẫu] Kế hoạch"\nslug: mau\nlang: vi\nissued: 2024-02-05\n---\n\nThân bài.\n'
    )
    assert (
        plain_text(meta, body)
        == "Title: [Mẫu] Kế hoạch\nDate: 2024-02-05\nSlug: mau\nLang: vi\n\nThân bài.\n"
    )


def test_percentile_is_nearest_rank():
    values = list(range(1, 21))
    assert (percentile(values, 0.5), percentile(values, 0.95), percentile([7.0], 0.95)) == (
        10,
        19,
        7.0,
    )


def test_a_source_changed_mid_run_is_named():
    assert changed(
        {"a.py": (1, 10), "b.py": (1, 10)}, {"a.py": (2, 10), "b.py": (1, 10), "c.py": (3, 1)}
    ) == ["a.py", "c.py"]


def test_cold_runs_start_from_folders_moved_aside_and_deleted_at_the_end(scaled, tmp_path):
    # the national and the 10× runs left no trash behind, though each cold run cleared folders
    assert not list((scaled / "work").rglob(TRASH))
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a" / "index.html").write_text("old", encoding="utf-8")
    clear(out, tmp_path / "never-made")
    assert not out.exists()
    [moved] = (tmp_path / TRASH).iterdir()
    assert (moved / "a" / "index.html").read_text(encoding="utf-8") == "old"
    empty_trash()
    assert not (tmp_path / TRASH).exists()

"""bench/results.json (exactly the keys of issue 9, dotted names as nested objects) and bench/RESULTS.md."""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (name, target as written, test) — the targets of issue 9.
TARGETS = [
    ("per_page_ratio", "≤ 1.3", lambda r: r["per_page_ratio"] <= 1.3),
    ("build_s.project_warm_one_edit", "≤ 25 % of build_s.project_cold", lambda r: r["build_s"]["project_warm_one_edit"] <= 0.25 * r["build_s"]["project_cold"]),
    ("search.query_bytes_median", "≤ ⅓ of search.pagefind_query_bytes_median", lambda r: 3 * r["search"]["query_bytes_median"] <= r["search"]["pagefind_query_bytes_median"]),
    ("search.query_ms_p95", "≤ 30 ms", lambda r: r["search"]["query_ms_p95"] <= 30),
    ("page_weight_kb.max", "≤ 30 KB", lambda r: r["page_weight_kb"]["max"] <= 30),
    ("peak_rss_mb.project", "≤ 2 GB (2048 MB)", lambda r: r["peak_rss_mb"]["project"] <= 2048),
]


def commit() -> str:
    """The checked-out commit, with `-dirty` when tracked files were changed."""
    done = subprocess.run(["git", "describe", "--always", "--dirty", "--abbrev=40"], capture_output=True, text=True, cwd=ROOT)
    return done.stdout.strip() or "unknown"


SOURCES = ("plugins", "themes", "bench", "pelicanconf.py", "requirements.txt")


def source_state() -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file the builds and the harness run, to tell whether they changed mid-run."""
    files = [p for name in SOURCES for p in ([ROOT / name] if (ROOT / name).is_file() else sorted((ROOT / name).rglob("*")))]
    skip = ("__pycache__", "results.json", "RESULTS.md")
    return {str(f.relative_to(ROOT)): (f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file() and not any(s in f.parts or f.name == s for s in skip)}


def changed(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "date (UTC)": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
        "CPUs": f"{os.cpu_count()} × {cpu}",
        "system": platform.platform(),
        "Python": platform.python_version(),
        "Pelican": version("pelican"),
        "Markdown": version("markdown"),
        "Node": node,
        "Pagefind": version("pagefind"),
    }


def write_json(results: dict, folder: Path) -> Path:
    path = folder / "results.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return path


def dotted(results: dict, name: str):
    value = results
    for part in name.split("."):
        value = value[part]
    return value


def _table(head: list[str], rows: list[list]) -> list[str]:
    return [f"| {' | '.join(head)} |", f"|{'|'.join(' --- ' for _ in head)}|", *(f"| {' | '.join(str(c) for c in row)} |" for row in rows)]


def _runs(timings) -> list[str]:
    return _table(["run", "wall s", "peak RSS MB"], [[t.label, f"{t.seconds:.2f}", f"{t.peak_rss_mb:.0f}"] for t in timings])


def _queries(project: list[dict], pagefind: list[dict]) -> list[str]:
    head = ["lang", "query", "ours: found", "ours: bytes", "ours: data", "Pagefind: found", "Pagefind: bytes", "Pagefind: data", "of which wasm", "Pagefind: on disk", "ours ms (median)"]
    rows = []
    for ours, theirs in zip(project, pagefind, strict=True):
        ms = sorted(ours["ms"])[len(ours["ms"]) // 2]
        rows.append([ours["lang"], f"`{ours['query']}`", ours["total"], ours["bytes"], ours["data"], theirs["total"], theirs["bytes"], theirs["data"], theirs["wasm"], theirs["disk"], f"{ms:.1f}"])
    return _table(head, rows)


def write_markdown(results: dict, details: dict, folder: Path) -> Path:
    """The human-readable report: targets, every figure, every run, every query, how it was measured."""
    r, d = results, details
    lines = [
        "# Benchmark results (issue 9)",
        "",
        f"Written by `invoke bench` ({d['options']}) in {d['bench_s'] / 60:.1f} minutes, commit `{r['commit']}`. "
        "Figures are medians of the runs; peak RSS is the highest of the runs. `bench/results.json` holds the same figures.",
        "",
        *([f"**The sources changed while the benchmark ran, so its runs measured different code:** {', '.join(d['changed'][:10])}. Run it again on a quiet tree.", ""] if d["changed"] else []),
        "## Targets",
        "",
        *_table(
            ["figure", "value", "target", "met"],
            [[f"`{n}`", dotted(r, n), t, "yes" if ok(r) else "**no**"] for n, t, ok in TARGETS]
            + [["full `invoke bench`", f"{d['bench_s'] / 60:.1f} min", "< 30 min", "yes" if d["bench_s"] < 1800 else "**no**"]],
        ),
        "",
        "## Figures",
        "",
        *_table(["key", "value"], [[f"`{k}`", v] for k, v in _flat(r)]),
        "",
        "## Builds",
        "",
        f"The fixture: {d['fixture']}. Project HTML pages: {d['pages_project']}; plain Pelican HTML pages: {d['pages_plain']} "
        f"({d['pages_plain_base']} from the items, plus {d['padding']} hidden pages named after locality units). "
        f"The project's settings: CACHE_CONTENT = {d['cache']['CACHE_CONTENT']}, LOAD_CONTENT_CACHE = {d['cache']['LOAD_CONTENT_CACHE']}; "
        "its builds are incremental (`core/build.py`: caches in `.project.cache/` beside the output). "
        f"Warm runs edit `{d['edited']}` (one more sentence each time) and rebuild over the previous output and caches.",
        "",
        *_runs(d["timings"]),
        "",
        "## Search",
        "",
        f"Index (every file under `search/<lang>/`, gzip 9): vi {r['search']['index_bytes_gz']['vi']} bytes, en {r['search']['index_bytes_gz']['en']} bytes. "
        f"Pagefind indexed the same output in {d['pagefind_s']:.1f} s into an index of {d['pagefind_bundle']} bytes (both languages, every file but its scripts and styles, WebAssembly included, gzip 9). "
        "Pagefind ran with its defaults: the theme marks no `data-pagefind-body`, so it indexes each page's whole body, header, navigation and footer included. "
        "Columns: *found* = results reported, *bytes* = code + data, *data* = the fetched files (Pagefind's include its WebAssembly, also shown alone), "
        f"*on disk* = Pagefind's fetched files as stored (pre-compressed), *ms* = our query time. Engine code counted per query: ours {d['code']['project']} (gzip 9, bytes), "
        f"Pagefind's `pagefind.js` {d['code']['pagefind']} bytes; not counted: `pagefind-worker.js` ({d['code']['pagefind_worker']} bytes), which a browser also fetches.",
        "",
        *_queries(d["project_queries"], d["pagefind_queries"]),
        "",
        *_relevance(),
        *_profile(),
        "## Page weight",
        "",
        f"{d['weighed']} HTML pages; the heaviest: `{d['heaviest']}`. Weight = gzip (level 6) of the HTML plus each stylesheet and script it links "
        "(plugins/core/page_weight.py, as tests/test_page_weight.py); KB = 1024 bytes.",
        "",
        "## Machine",
        "",
        *_table(["", ""], [[k, v] for k, v in d["machine"].items()]),
        "",
        "## How it is measured",
        "",
        *[f"- {line}" for line in METHOD],
        "",
    ]
    path = folder / "RESULTS.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


RELEVANCE = Path(__file__).resolve().parent / "relevance.json"
PROFILE = Path(__file__).resolve().parent / "profile.md"


def _profile() -> list[str]:
    """Where a cold build's time goes: bench/profile.md, written from a profile by hand (not by this run)."""
    if not PROFILE.is_file():
        return []
    return [PROFILE.read_text(encoding="utf-8").rstrip("\n"), ""]


def _relevance() -> list[str]:
    """The graded set's figures, from the last `invoke relevance --save` (on the shipped site, not this fixture)."""
    if not RELEVANCE.is_file():
        return []
    f = json.loads(RELEVANCE.read_text(encoding="utf-8"))
    engines = [name for name in ("ours", "pagefind") if name in f]
    rows = [[name, f"{f[name]['ndcg5']:.3f}", f"{f[name]['mrr10']:.3f}", f"{f[name]['answer1']:.1%}", str(len(f[name]["misses"]))] for name in engines]
    kinds = sorted({row["kind"] for row in f["ours"]["queries"]})
    by_kind = [
        [
            kind,
            *(f"{sum(r['ndcg5'] for r in f[n]['queries'] if r['kind'] == kind) / sum(r['kind'] == kind for r in f[n]['queries']):.2f}" for n in engines),
            str(sum(r["kind"] == kind for r in f["ours"]["queries"])),
        ]
        for kind in kinds
    ]
    wrong = [f"`{r['q']}` ({r['lang']}): first `{r['first'] or '—'}`" for r in f["ours"]["queries"] if not r["answer1"]]
    return [
        "## Relevance",
        "",
        f"The {f['queries']} graded queries of `bench/relevance.yaml` (written before looking at results; 2 = the answer, 1 = useful) "
        f"over the site built from the shipped content, as of `invoke relevance --save` ({f.get('when', 'date not recorded')}). "
        "Pagefind indexed the same output with `--root-selector main` and without the poster and flyer print views. "
        "nDCG@5 with gain = grade; MRR@10 counts grade ≥ 1; *answer@1* = the first result has grade 2; *misses* = no relevant page in the first ten. "
        "The set also served to tune the ranking's constants (plugins/search_index/search_index.py), so ours are in-sample figures.",
        "",
        *_table(["engine", "nDCG@5", "MRR@10", "answer@1", "misses"], rows),
        "",
        *_table(["kind", *(f"nDCG@5 {n}" for n in engines), "queries"], by_kind),
        "",
        "Our queries whose first result is not an answer: " + ("; ".join(wrong) if wrong else "none") + ".",
        "",
    ]


def _flat(results: dict, prefix: str = ""):
    for key, value in results.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


METHOD = [
    "Each build runs in a child process (`python -m bench.child`); wall time is taken around it (Python start-up included, "
    "the same for both kinds), peak RSS is the child's `ru_maxrss` from `os.wait4` "
    "(with a second process, such as the search index worker, the larger of the two peaks, not their sum).",
    "Cold runs delete the output and every cache first (the project's `.project.cache/` and saved search documents; plain Pelican's cache folder). Project and plain Pelican builds alternate (A B A B …). "
    "The operating system's file cache is warm for both (the fixture was just written, and an untimed plain build counts its pages first).",
    "Warm runs (project only) follow the cold ones: output and caches stay, one document gets one more sentence, the site is rebuilt.",
    "Plain Pelican: bench/plainconf.py (stock settings, default theme, no plugins) over a copy of the same Markdown bodies with "
    "`Title/Date/Slug/Lang` lines; hidden pages named after units make its HTML page count equal the project's.",
    "`per_page_ratio` = (project cold seconds ÷ project pages) ÷ (plain seconds ÷ plain pages).",
    "Search bytes: every file an engine fetches for one query and its first five results, gzip level 9 of its content "
    "(Pagefind's pre-compressed files are decompressed first), plus the engine's code (ours: `data-engine`/`data-stemmer` modules; "
    "Pagefind: `pagefind.js`; its WebAssembly is a fetched file). Each query starts from an empty cache.",
    "Query time: the `ms` of plugins/search_index/cli.mjs — open the index and rank one query with a fresh engine, in a Node process "
    "that has already run every query once; five passes over the 20 queries, nearest-rank p50 and p95 of the 100 times. "
    "Fetching the five result records is not in `ms` (their bytes are in the byte counts).",
]
